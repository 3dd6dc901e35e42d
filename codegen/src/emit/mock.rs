//! The mock server's generated half: routing by method and path, and decoding each body
//! into its typed request with the generated validators. Behind the `mock` feature.

use proc_macro2::TokenStream;
use quote::quote;

use super::{docs, ident};
use crate::ir::{Api, Endpoint};

pub fn section(api: &Api) -> TokenStream {
    let variants = api.endpoints.iter().map(|e| {
        let doc = docs::line(&format!("`{} {}`", e.method.as_str(), e.path));
        let variant = variant(e);
        let request = ident(&e.request.name);
        quote! { #doc #variant(#request), }
    });
    let routes = api.endpoints.iter().map(|e| {
        let (method, path) = (e.method.as_str(), &e.path);
        let request = ident(&e.request.name);
        quote! { (#method, #path) => Some(<#request as Endpoint>::OPERATION), }
    });
    let decoders = api.endpoints.iter().map(|e| {
        let (method, path) = (e.method.as_str(), &e.path);
        let request = ident(&e.request.name);
        let variant = variant(e);
        quote! { (#method, #path) => Some(#request::from_json(body).map(Self::#variant)), }
    });
    let operations = api.endpoints.iter().map(|e| {
        let request = ident(&e.request.name);
        let variant = variant(e);
        quote! { Self::#variant(_) => <#request as Endpoint>::OPERATION, }
    });
    quote! {
        /// A request the mock server received and decoded, typed by operation.
        #[cfg(feature = "mock")]
        #[derive(Debug, Clone, PartialEq)]
        pub enum MockRequest { #(#variants)* }

        #[cfg(feature = "mock")]
        impl MockRequest {
            /// The operation served at `method` and `path`, if the spec documents one.
            pub fn route(method: &str, path: &str) -> Option<&'static Operation> {
                match (method, path) { #(#routes)* _ => None }
            }

            /// Decodes and validates the body sent to `method` and `path`; `None` when no
            /// operation is served there.
            pub fn decode(method: &str, path: &str, body: &serde_json::Value) -> Option<Result<Self, ValidationErrors>> {
                match (method, path) { #(#decoders)* _ => None }
            }

            pub fn operation(&self) -> &'static Operation {
                match self { #(#operations)* }
            }
        }
    }
}

fn variant(endpoint: &Endpoint) -> proc_macro2::Ident {
    ident(&endpoint.type_base)
}
