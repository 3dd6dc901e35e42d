//! The mock server's generated half: routing by method and path, decoding each body
//! into its typed request with the generated validators, and what each request does to
//! the order book as the spec's `mock:` blocks declare. Behind the `mock` feature.

use proc_macro2::TokenStream;
use quote::quote;

use super::{docs, ident};
use crate::ir::{Api, Endpoint, Mock, OrderStatus, RequestField};

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
    let actions = actions(api);
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

            /// The operation the request was sent to.
            pub fn operation(&self) -> &'static Operation {
                match self { #(#operations)* }
            }
        }

        #actions
    }
}

/// `MockRequest::action`: each request's effect on the order book, from its endpoint's
/// `mock:` block, and the family that answers requests to unknown paths.
fn actions(api: &Api) -> TokenStream {
    let arms = api.endpoints.iter().filter_map(|e| {
        let mock = e.mock.as_ref()?;
        let variant = variant(e);
        let action = action(mock);
        let request = match mock {
            Mock::ListsDevices { .. } => quote! { _ },
            _ => quote! { request },
        };
        Some(quote! { Self::#variant(#request) => #action, })
    });
    let arms: Vec<TokenStream> = arms.collect();
    let body = if arms.is_empty() {
        quote! { crate::mock::state::Action::None }
    } else {
        let rest = api
            .endpoints
            .iter()
            .any(|e| e.mock.is_none())
            .then(|| quote! { _ => crate::mock::state::Action::None, });
        quote! { match self { #(#arms)* #rest } }
    };
    // The loader refuses a spec without families.
    let fallback = api.families.first().map(|family| {
        let family = ident(&family.static_name);
        quote! {
            /// The family whose envelope answers a request to an unknown path when there
            /// is no operation.
            pub(crate) const FALLBACK_FAMILY: &'static Family = &#family;
        }
    });
    quote! {
        #[cfg(feature = "mock")]
        impl MockRequest {
            /// What this request does to the mock's order book, as the spec's `mock:`
            /// blocks declare (the mock's own model, not the vendor's).
            pub(crate) fn action(&self) -> crate::mock::state::Action<'_> {
                #body
            }

            #fallback
        }
    }
}

fn status(status: OrderStatus) -> TokenStream {
    match status {
        OrderStatus::Inactive => quote! { crate::mock::OrderStatus::Inactive },
        OrderStatus::Active => quote! { crate::mock::OrderStatus::Active },
        OrderStatus::Paused => quote! { crate::mock::OrderStatus::Paused },
        OrderStatus::Ended => quote! { crate::mock::OrderStatus::Ended },
    }
}

fn option_str(value: Option<&str>) -> TokenStream {
    match value {
        Some(value) => quote! { Some(#value) },
        None => quote! { None },
    }
}

/// `&["page", "total_pages"]`
fn json_path(path: &[String]) -> TokenStream {
    quote! { &[#(#path),*] }
}

/// A string request field as `Option<&str>`.
fn optional_str(field: &RequestField) -> TokenStream {
    let name = ident(&field.ident);
    if field.optional {
        quote! { request.#name.as_deref() }
    } else {
        quote! { Some(request.#name.as_str()) }
    }
}

fn action(mock: &Mock) -> TokenStream {
    match mock {
        Mock::CreatesOrders {
            device,
            device_list,
            status_field,
            status_enum,
            statuses,
            each,
            order_id,
            answer_device,
        } => {
            let device = ident(&device.ident);
            let devices = if *device_list {
                quote! { request.#device.iter().map(String::as_str).collect() }
            } else {
                quote! { vec![request.#device.as_str()] }
            };
            let field = ident(status_field);
            let enum_type = ident(status_enum);
            let arms = statuses.iter().map(|(variant, to)| {
                let variant = ident(variant);
                let to = status(*to);
                quote! { #enum_type::#variant => #to, }
            });
            let each = option_str(each.as_deref());
            let answer_device = option_str(answer_device.as_deref());
            quote! {
                crate::mock::state::Action::CreateOrders {
                    devices: #devices,
                    status: match &request.#field { #(#arms)* },
                    answer: crate::mock::state::Created {
                        each: #each,
                        order_id: #order_id,
                        device: #answer_device,
                    },
                }
            }
        }
        Mock::MovesOrder {
            order_id,
            verb,
            from,
            to,
            answer_order_id,
        } => {
            let order_id = ident(&order_id.ident);
            let from = from.iter().map(|s| status(*s));
            let to = status(*to);
            let answer = option_str(answer_order_id.as_deref());
            quote! {
                crate::mock::state::Action::MoveOrder {
                    order_id: &request.#order_id,
                    verb: #verb,
                    from: &[#(#from),*],
                    to: #to,
                    answer_order_id: #answer,
                }
            }
        }
        Mock::ListsOrders {
            order_id_filter,
            device_filter,
            page_no,
            page_size,
            items,
            item_order_id,
            page_number_path,
            page_size_path,
            total_pages_path,
            counts,
            empty,
        } => {
            let filter = |field: &Option<RequestField>| match field {
                Some(field) => optional_str(field),
                None => quote! { None },
            };
            let (order_id, device) = (filter(order_id_filter), filter(device_filter));
            let (page_no, page_size) = (ident(page_no), ident(page_size));
            let path = |path: &Option<Vec<String>>| match path {
                Some(path) => {
                    let path = json_path(path);
                    quote! { Some(#path) }
                }
                None => quote! { None },
            };
            let (number_path, size_path) = (path(page_number_path), path(page_size_path));
            let total_pages = json_path(total_pages_path);
            let counts = counts.iter().map(|p| json_path(p));
            let empty = empty.iter().map(|p| json_path(p));
            quote! {
                crate::mock::state::Action::ListOrders {
                    order_id: #order_id,
                    device: #device,
                    page_no: request.#page_no,
                    page_size: request.#page_size,
                    answer: &crate::mock::state::OrderPage {
                        items: #items,
                        order_id: #item_order_id,
                        page_number: #number_path,
                        page_size: #size_path,
                        total_pages: #total_pages,
                        counts: &[#(#counts),*],
                        empty: &[#(#empty),*],
                    },
                }
            }
        }
        Mock::ListsDevices {
            status: wanted,
            device,
        } => {
            let wanted = status(*wanted);
            quote! {
                crate::mock::state::Action::ListDevices { status: #wanted, device: #device }
            }
        }
    }
}

fn variant(endpoint: &Endpoint) -> proc_macro2::Ident {
    ident(&endpoint.type_base)
}
