//! The `Endpoint` impl that ties a request to its operation and response, and the
//! `Client` method that sends it.

use proc_macro2::TokenStream;
use quote::quote;

use super::{docs, ident};
use crate::ir::{Endpoint, Family};

pub fn endpoint_impl(family: &Family, endpoint: &Endpoint) -> TokenStream {
    let request = ident(&endpoint.request.name);
    let response = ident(endpoint.response.name());
    let family_static = ident(&family.static_name);
    let name = &endpoint.name;
    let title = &endpoint.title;
    let method = endpoint.method.as_str();
    let path = &endpoint.path;
    let deprecated = endpoint.deprecation.is_some();
    let example_request = optional_str(endpoint.example_request.as_deref());
    let example_response = optional_str(endpoint.example_response.as_deref());
    quote! {
        impl Endpoint for #request {
            type Response = #response;
            const OPERATION: &'static Operation = &Operation {
                name: #name,
                title: #title,
                method: #method,
                path: #path,
                family: &#family_static,
                deprecated: #deprecated,
                example_request: #example_request,
                example_response: #example_response,
            };

            fn validate(&self) -> Result<(), ValidationErrors> {
                #request::validate(self)
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

pub fn client_method(endpoint: &Endpoint) -> TokenStream {
    let docs = docs::attrs(&endpoint.docs);
    let method = ident(&endpoint.name);
    let request = ident(&endpoint.request.name);
    let response = ident(endpoint.response.name());
    let deprecated = match &endpoint.deprecation {
        Some(note) => quote! { #[deprecated(note = #note)] },
        None => quote! {},
    };
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
        }
    }
}
