//! The notifications the platform posts to the customer: one payload type per kind, the
//! kinds, and the `Notification` enum that `linksfield::notify::Receiver` parses into.

use proc_macro2::TokenStream;
use quote::quote;

use super::{docs, ident, types};
use crate::ir::{Notification, Notify};
use crate::spec::TimestampUnit;

pub fn section(notify: &Notify) -> TokenStream {
    let enums = notify.enums.iter().map(types::enum_type);
    let objects = notify.objects.iter().map(types::object_type);
    let events = notify
        .kinds
        .iter()
        .filter_map(|k| k.events.as_ref())
        .map(types::enum_type);
    let payloads = notify
        .kinds
        .iter()
        .filter_map(|k| k.body.as_ref())
        .map(types::response_struct);
    let kind = kind_enum(&notify.kinds, &notify.docs);
    let notification = notification_enum(&notify.kinds);
    let signature_header = &notify.signature_header;
    let delivery_header = match &notify.delivery_header {
        Some(header) => quote! { Some(#header) },
        None => quote! { None },
    };
    let ack_status = proc_macro2::Literal::u16_unsuffixed(notify.ack_status);
    let ack_body = &notify.ack_body;
    let ack_documented = notify.ack_documented;
    let ack_doc = docs::attrs(&[
        "The reply a notification handler sends.".to_string(),
        String::new(),
        notify
            .ack_note
            .clone()
            .unwrap_or_else(|| "As the documentation specifies it.".to_string()),
    ]);
    let deserialize = notify
        .kinds
        .iter()
        .any(|k| k.body.is_some() || k.events.is_some());
    let serde = if deserialize {
        quote! { use serde::{Deserialize, Serialize}; }
    } else {
        quote! {}
    };
    quote! {
        // Re-exported by `crate::notify`, which adds the receiver.
        pub(crate) mod notifications {
            #serde

            /// The header carrying a notification's signature.
            pub const SIGNATURE_HEADER: &str = #signature_header;
            /// The header identifying one delivery, if the documentation names one.
            pub const DELIVERY_HEADER: Option<&str> = #delivery_header;
            #ack_doc
            pub const ACKNOWLEDGEMENT: crate::notify::Acknowledgement = crate::notify::Acknowledgement {
                status: #ack_status,
                body: #ack_body,
                documented: #ack_documented,
            };

            #(#enums)*
            #(#objects)*
            #(#events)*
            #(#payloads)*
            #kind
            #notification
        }
    }
}

fn variant(kind: &Notification) -> proc_macro2::Ident {
    ident(&kind.type_name)
}

fn kind_enum(kinds: &[Notification], shared_docs: &[String]) -> TokenStream {
    let mut doc_lines = vec!["The kinds of notification the documentation describes.".to_string()];
    if !shared_docs.is_empty() {
        doc_lines.push(String::new());
        doc_lines.extend(docs::escaped(shared_docs));
    }
    let kind_docs = docs::attrs(&doc_lines);
    let variants = kinds.iter().map(|k| {
        let doc = docs::line(&docs::escape(&k.title));
        let variant = variant(k);
        quote! { #doc #variant, }
    });
    let all = kinds.iter().map(variant);
    let arms = |value: &dyn Fn(&Notification) -> TokenStream| -> Vec<TokenStream> {
        kinds
            .iter()
            .map(|k| {
                let variant = variant(k);
                let value = value(k);
                quote! { Self::#variant => #value, }
            })
            .collect()
    };
    let names = arms(&|k| {
        let name = &k.name;
        quote! { #name }
    });
    let titles = arms(&|k| {
        let title = &k.title;
        quote! { #title }
    });
    let signed = arms(&|k| {
        let signed = k.signed;
        quote! { #signed }
    });
    let examples = arms(&|k| match &k.example_body {
        Some(example) => quote! { Some(#example) },
        None => quote! { None },
    });
    let timestamps = arms(&|k| match &k.timestamp {
        Some((field, unit)) => {
            let unit = match unit {
                TimestampUnit::Seconds => quote! { crate::TimestampUnit::Seconds },
                TimestampUnit::Milliseconds => quote! { crate::TimestampUnit::Milliseconds },
            };
            quote! { Some((#field, #unit)) }
        }
        None => quote! { None },
    });
    let discriminated = kinds.iter().filter_map(|k| {
        let field = k.discriminator.as_ref()?;
        let variant = variant(k);
        // Only a non-empty value counts: the signature leaves empty values out, so an
        // empty discriminator added to a signed body must not change its kind.
        Some(quote! {
            if body.get(#field).is_some_and(|value| !crate::__private::is_empty(value)) {
                return Some(Self::#variant);
            }
        })
    });
    quote! {
        #kind_docs
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum NotificationKind { #(#variants)* }

        impl NotificationKind {
            /// Every kind, in spec order.
            pub const ALL: &'static [NotificationKind] = &[#(Self::#all),*];

            /// The spec's name of the kind (`sms_uplink_typed`).
            pub fn name(self) -> &'static str {
                match self { #(#names)* }
            }

            /// The page's title.
            pub fn title(self) -> &'static str {
                match self { #(#titles)* }
            }

            /// Whether the documentation says the platform signs this kind.
            pub fn signed(self) -> bool {
                match self { #(#signed)* }
            }

            /// The documented example body, if the page has one.
            pub fn example_body(self) -> Option<&'static str> {
                match self { #(#examples)* }
            }

            /// The body field holding the event's time, and its unit.
            pub fn timestamp(self) -> Option<(&'static str, crate::TimestampUnit)> {
                match self { #(#timestamps)* }
            }

            /// The kind a body is, told by a non-empty value of the field only that kind
            /// has; kinds whose body is undocumented cannot be told apart.
            pub fn of_body(body: &serde_json::Map<String, serde_json::Value>) -> Option<Self> {
                #(#discriminated)*
                let _ = body;
                None
            }
        }
    }
}

fn notification_enum(kinds: &[Notification]) -> TokenStream {
    let variants = kinds.iter().map(|k| {
        let variant = variant(k);
        match &k.body {
            Some(body) => {
                let doc = docs::line(&docs::escape(&k.title));
                let payload = ident(&body.name);
                quote! { #doc #variant(#payload), }
            }
            None => {
                let doc = docs::line(&format!(
                    "{}: the page does not document the body, so it is raw JSON.",
                    docs::escape(&k.title)
                ));
                quote! { #doc #variant(serde_json::Value), }
            }
        }
    });
    let kind_arms = kinds.iter().map(|k| {
        let variant = variant(k);
        quote! { Self::#variant(_) => Some(NotificationKind::#variant), }
    });
    let decode_arms = kinds.iter().map(|k| {
        let variant = variant(k);
        match &k.body {
            Some(_) => quote! {
                NotificationKind::#variant => serde_json::from_value(body).map(Self::#variant),
            },
            None => quote! { NotificationKind::#variant => Ok(Self::#variant(body)), },
        }
    });
    quote! {
        /// A notification, parsed and checked by [`Receiver`](crate::notify::Receiver).
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum Notification {
            #(#variants)*
            /// A signed body that no documented kind recognizes.
            Unrecognized(serde_json::Value),
        }

        impl Notification {
            /// The kind, unless the body was not recognized.
            pub fn kind(&self) -> Option<NotificationKind> {
                match self {
                    #(#kind_arms)*
                    Self::Unrecognized(_) => None,
                }
            }

            /// Decodes `body` as a notification of `kind`.
            pub fn decode(kind: NotificationKind, body: serde_json::Value) -> Result<Self, serde_json::Error> {
                match kind { #(#decode_arms)* }
            }
        }
    }
}
