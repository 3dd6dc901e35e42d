//! Request and response structs, and enums with their wire codes.

use proc_macro2::TokenStream;
use quote::quote;

use super::{docs, ident};
use crate::ir::{EnumType, Field, FieldType, ObjectType, Struct, Variant};

/// The Rust type of a value of `ty`.
pub fn rust_type(ty: &FieldType) -> TokenStream {
    match ty {
        FieldType::String => quote! { String },
        FieldType::Integer => quote! { i64 },
        FieldType::Number => quote! { serde_json::Number },
        FieldType::Boolean => quote! { bool },
        FieldType::Enum(name) | FieldType::Object(name) => {
            let name = ident(name);
            quote! { #name }
        }
        FieldType::VendorDate => quote! { crate::VendorDate },
        FieldType::Array(inner) => {
            let inner = rust_type(inner);
            quote! { Vec<#inner> }
        }
    }
}

/// The Rust type of a field, `Option`-wrapped when it may be missing.
pub fn field_type(field: &Field) -> TokenStream {
    let inner = rust_type(&field.ty);
    if field.is_optional() {
        quote! { Option<#inner> }
    } else {
        inner
    }
}

fn rename(field: &Field) -> TokenStream {
    if field.ident == field.wire_name {
        quote! {}
    } else {
        let wire = &field.wire_name;
        quote! { #[serde(rename = #wire)] }
    }
}

/// A request struct; `sent_by` is the client method sending it, when it is an endpoint's.
pub fn request_struct(request: &Struct, sent_by: Option<&str>) -> TokenStream {
    let mut lines = docs::escaped(&request.docs);
    if let Some(method) = sent_by {
        lines.push(String::new());
        lines.push(format!(
            "Sent by [`Client::{method}`](crate::Client::{method})."
        ));
    }
    docs::push_sources(&mut lines, &request.sources);
    let docs = docs::attrs(&lines);
    let name = ident(&request.name);
    let fields = request.fields.iter().map(|field| {
        let docs = docs::text_attrs(&field.docs);
        let rename = rename(field);
        let skip = if field.is_optional() {
            quote! { #[serde(skip_serializing_if = "Option::is_none")] }
        } else {
            quote! {}
        };
        let name = ident(&field.ident);
        let ty = field_type(field);
        quote! { #docs #rename #skip pub #name: #ty, }
    });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Serialize)]
        pub struct #name { #(#fields)* }
    }
}

pub fn response_struct(response: &Struct) -> TokenStream {
    let docs = docs::page_attrs(&response.docs, &response.sources);
    let name = ident(&response.name);
    let fields = response.fields.iter().map(|field| {
        let docs = docs::text_attrs(&field.docs);
        let rename = rename(field);
        let default = if field.is_optional() {
            quote! { #[serde(default)] }
        } else {
            quote! {}
        };
        let name = ident(&field.ident);
        let ty = field_type(field);
        quote! { #docs #rename #default pub #name: #ty, }
    });
    quote! {
        #docs
        ///
        /// Fields the spec does not know are ignored, so new server fields do not break decoding.
        ///
        /// `#[non_exhaustive]`: a field the documentation adds later is not a breaking change.
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[non_exhaustive]
        pub struct #name { #(#fields)* }
    }
}

/// A nested object: built and checked like a request on the request side, decoded
/// leniently like a response otherwise.
pub fn object_type(object: &ObjectType) -> TokenStream {
    if object.in_request {
        request_struct(&object.strukt, None)
    } else {
        response_struct(&object.strukt)
    }
}

/// `data` that is an array: the response is a `Vec` of its elements.
pub fn list_response(name: &str, doc_lines: &[String], item: &FieldType) -> TokenStream {
    let docs = docs::text_attrs(doc_lines);
    let name = ident(name);
    let item = rust_type(item);
    quote! {
        #docs
        ///
        /// The documented `data` is a JSON array.
        pub type #name = Vec<#item>;
    }
}

pub fn null_response(name: &str, doc_lines: &[String]) -> TokenStream {
    let docs = docs::text_attrs(doc_lines);
    let name = ident(name);
    quote! {
        #docs
        ///
        /// The documented `data` is always `null`: success carries no payload.
        pub type #name = crate::NoData;
    }
}

pub fn undocumented_response(name: &str, doc_lines: &[String]) -> TokenStream {
    let docs = docs::text_attrs(doc_lines);
    let name = ident(name);
    quote! {
        #docs
        ///
        /// The page does not document `data`, so it is kept as raw JSON rather than guessed.
        pub type #name = serde_json::Value;
    }
}

pub fn enum_type(enum_type: &EnumType) -> TokenStream {
    let docs = docs::text_attrs(&enum_type.docs);
    let name = ident(&enum_type.name);
    let variants = enum_type.variants.iter().map(variant_decl);
    let wire_values = enum_type.variants.iter().map(|v| &v.wire);
    let as_wire = enum_type.variants.iter().map(|v| {
        let variant = ident(&v.ident);
        let wire = &v.wire;
        quote! { Self::#variant => #wire, }
    });
    let meanings = enum_type.variants.iter().map(|v| {
        let variant = ident(&v.ident);
        match &v.meaning {
            Some(meaning) => quote! { Self::#variant => Some(#meaning), },
            None => quote! { Self::#variant => None, },
        }
    });
    let from_wire = enum_type.variants.iter().map(|v| {
        let variant = ident(&v.ident);
        let wire = &v.wire;
        quote! { #wire => Some(Self::#variant), }
    });
    let common = quote! {
        /// Every documented wire code, in the order the documentation lists them.
        pub const WIRE_VALUES: &'static [&'static str] = &[#(#wire_values),*];
    };

    if !enum_type.tolerant {
        // One table answers every lookup: variants are declared in table order, so a
        // variant's discriminant is its row.
        let rows = enum_type.variants.iter().map(|v| {
            let variant = ident(&v.ident);
            let wire = &v.wire;
            let name = &v.name;
            let meaning = match &v.meaning {
                Some(meaning) => quote! { Some(#meaning) },
                None => quote! { None },
            };
            quote! { (Self::#variant, #wire, #name, #meaning), }
        });
        return quote! {
            #docs
            ///
            /// `#[non_exhaustive]`: a value the documentation adds later is not a breaking change.
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
            #[non_exhaustive]
            pub enum #name { #(#variants)* }

            impl #name {
                #common

                /// Every value with its wire code, spec name and documented meaning.
                const TABLE: &'static [(Self, &'static str, &'static str, Option<&'static str>)] = &[#(#rows)*];

                /// The code sent on the wire.
                pub fn as_wire(self) -> &'static str {
                    Self::TABLE[self as usize].1
                }

                /// The variant for a wire code, if the documentation lists it.
                pub fn from_wire(wire: &str) -> Option<Self> {
                    Self::TABLE.iter().find(|row| row.1 == wire).map(|row| row.0)
                }

                /// The documented meaning of this value.
                pub fn meaning(self) -> Option<&'static str> {
                    Self::TABLE[self as usize].3
                }

                /// The variant whose reviewed spec name (e.g. `monthly`) is `name`.
                pub fn from_name(name: &str) -> Option<Self> {
                    Self::TABLE.iter().find(|row| row.2 == name).map(|row| row.0)
                }
            }

            impl Serialize for #name {
                fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    serializer.serialize_str(self.as_wire())
                }
            }
        };
    }

    quote! {
        #docs
        ///
        /// Codes the documentation does not list are kept in `Unknown`, so a server that
        /// learns a new value does not break decoding.
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A code the documentation does not list (yet).
            Unknown(String),
        }

        impl #name {
            #common

            /// The code sent on the wire.
            pub fn as_wire(&self) -> &str {
                match self { #(#as_wire)* Self::Unknown(wire) => wire }
            }

            /// The variant for a wire code; unlisted codes become `Unknown`.
            pub fn from_wire(wire: &str) -> Self {
                let known = match wire { #(#from_wire)* _ => None };
                known.unwrap_or_else(|| Self::Unknown(wire.to_string()))
            }

            /// The documented meaning of this value, if it is documented.
            pub fn meaning(&self) -> Option<&'static str> {
                match self { #(#meanings)* Self::Unknown(_) => None }
            }
        }

        impl Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_wire())
            }
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let wire = String::deserialize(deserializer)?;
                Ok(Self::from_wire(&wire))
            }
        }
    }
}

fn variant_decl(variant: &Variant) -> TokenStream {
    let doc = match &variant.meaning {
        Some(meaning) => format!("`{}`: {}", variant.wire, docs::escape(meaning)),
        None => format!("`{}`", variant.wire),
    };
    let doc = docs::line(&doc);
    let name = ident(&variant.ident);
    quote! { #doc #name, }
}
