//! The `Endpoint` impl that ties a request to its operation and response, and the
//! `Client` method that sends it.

use proc_macro2::TokenStream;
use quote::quote;

use super::{docs, ident};
use crate::ir::{Endpoint, Family, Field, FieldType};
use crate::spec::{Fill, Retry};

pub fn endpoint_impl(family: &Family, endpoint: &Endpoint) -> TokenStream {
    let request = ident(&endpoint.request.name);
    let response = ident(endpoint.response.name());
    let family_static = ident(&family.static_name);
    let name = &endpoint.name;
    let title = &endpoint.title;
    let method = endpoint.method.as_str();
    let path = &endpoint.path;
    let deprecated = endpoint.deprecation.is_some();
    let retry = match endpoint.retry {
        Retry::Safe => quote! { RetrySafety::Safe },
        Retry::Never => quote! { RetrySafety::Never },
    };
    let example_request = optional_str(endpoint.example_request.as_deref());
    let example_response = optional_str(endpoint.example_response.as_deref());
    let write_params = write_params(family, endpoint);
    quote! {
        impl Endpoint for #request {
            type Response = #response;
            const OPERATION: &'static Operation = &Operation {
                name: #name,
                title: #title,
                method: #method,
                path: #path,
                retry: #retry,
                family: &#family_static,
                deprecated: #deprecated,
                example_request: #example_request,
                example_response: #example_response,
            };

            fn validate(&self) -> Result<(), ValidationErrors> {
                #request::validate(self)
            }

            #write_params
        }
    }
}

/// `write_params`: every parameter in lexicographic key order, decided here once, so the
/// runtime signs without building or sorting a JSON tree.
fn write_params(family: &Family, endpoint: &Endpoint) -> TokenStream {
    enum Param<'a> {
        Common,
        Field(&'a Field),
    }
    let mut params: Vec<(&str, Param)> = family
        .common_fields
        .iter()
        .filter(|c| c.fill != Fill::Signature)
        .map(|c| (c.name.as_str(), Param::Common))
        .collect();
    params.extend(
        endpoint
            .request
            .fields
            .iter()
            .map(|f| (f.wire_name.as_str(), Param::Field(f))),
    );
    params.sort_by(|a, b| a.0.cmp(b.0));
    let writes = params.iter().map(|(wire, param)| match param {
        Param::Common => quote! { params.common(#wire); },
        Param::Field(field) => {
            let name = ident(&field.ident);
            if field.is_optional() {
                let write = write_value(field, quote! { value }, true);
                quote! { if let Some(value) = &self.#name { #write } }
            } else {
                write_value(field, quote! { self.#name }, false)
            }
        }
    });
    let binding = if params.is_empty() {
        quote! { _params }
    } else {
        quote! { params }
    };
    quote! {
        fn write_params(&self, #binding: &mut ParamWriter<'_>) {
            #(#writes)*
        }
    }
}

/// One `params.<kind>(wire, value)` call; `by_ref` when `value` is a reference.
fn write_value(field: &Field, value: TokenStream, by_ref: bool) -> TokenStream {
    let wire = &field.wire_name;
    let deref = if by_ref {
        quote! { * }
    } else {
        quote! {}
    };
    match &field.ty {
        FieldType::String | FieldType::VendorDate => {
            if by_ref {
                quote! { params.text(#wire, #value); }
            } else {
                quote! { params.text(#wire, &#value); }
            }
        }
        FieldType::Enum(_) => quote! { params.text(#wire, #value.as_wire()); },
        FieldType::Integer => quote! { params.integer(#wire, #deref #value); },
        FieldType::Number => {
            if by_ref {
                quote! { params.number(#wire, #value); }
            } else {
                quote! { params.number(#wire, &#value); }
            }
        }
        FieldType::Boolean => quote! { params.boolean(#wire, #deref #value); },
        FieldType::Array(_) | FieldType::Object(_) => {
            if by_ref {
                quote! { params.json(#wire, #value); }
            } else {
                quote! { params.json(#wire, &#value); }
            }
        }
    }
}

fn optional_str(text: Option<&str>) -> TokenStream {
    match text {
        Some(text) => quote! { Some(#text) },
        None => quote! { None },
    }
}

/// `<name>_pages`: every item of a paged query as one `Stream`.
fn pages_method(endpoint: &Endpoint) -> Option<TokenStream> {
    let paging = endpoint.paging.as_ref()?;
    let method = ident(&paging.method);
    let call = &endpoint.name;
    let request = ident(&endpoint.request.name);
    let item = super::types::rust_type(&paging.item);
    let page = ident(&paging.page);
    let items = ident(&paging.items);
    let total_pages = paging.total_pages.iter().map(|segment| ident(segment));
    let doc = format!(
        " Every item of [`Client::{call}`] from the request's page on, fetching one page after another while the response's `{}` says there are more; an error ends the stream after it is yielded.",
        paging.total_pages.join(".")
    );
    let deprecated = endpoint
        .deprecation
        .as_ref()
        .map(|note| quote! { #[deprecated(note = #note)] });
    Some(quote! {
        #[doc = #doc]
        ///
        /// Read it with [`StreamExt`](crate::paging::StreamExt), e.g. `next().await`.
        #deprecated
        pub fn #method(
            &self,
            request: #request,
        ) -> impl crate::paging::Stream<Item = Result<#item, Error>> + '_ {
            crate::__private::items(self, request, crate::__private::Pager {
                page: |request| request.#page,
                set_page: |request, page| request.#page = page,
                split: |response| (response.#items, response.#(#total_pages).*),
            })
        }
    })
}

pub fn client_method(endpoint: &Endpoint) -> TokenStream {
    let docs = docs::page_attrs(&endpoint.docs, &endpoint.sources);
    let method = ident(&endpoint.name);
    let request = ident(&endpoint.request.name);
    let response = ident(endpoint.response.name());
    let deprecated = match &endpoint.deprecation {
        Some(note) => quote! { #[deprecated(note = #note)] },
        None => quote! {},
    };
    let pages = pages_method(endpoint);
    quote! {
        impl Client {
            #docs
            ///
            /// Validates the request first: a request that breaks a documented rule returns
            /// [`Error::Validation`] and sends nothing.
            #deprecated
            pub async fn #method(&self, request: &#request) -> Result<#response, Error> {
                self.execute(request).await
            }

            #pages
        }
    }
}
