//! `validate()` and `from_json()` on request types: the documented rules, checked before
//! a request is sent (client) or after it is received (mock server).

use proc_macro2::TokenStream;
use quote::quote;

use super::ident;
use crate::ir::{Family, Field, FieldType, Struct};
use crate::spec::Format;

pub fn request_impl(family: &Family, request: &Struct) -> TokenStream {
    let name = ident(&request.name);
    let validate = validate_fn(request);
    let from_json = from_json_fn(family, request);
    quote! {
        impl #name {
            #validate
            #from_json
        }
    }
}

fn format_tokens(format: Option<Format>) -> TokenStream {
    let variant = match format {
        None => return quote! { None },
        Some(Format::Iccid) => quote! { Iccid },
        Some(Format::Decimal2) => quote! { Decimal2 },
        Some(Format::UnsignedInteger) => quote! { UnsignedInteger },
        Some(Format::DateYyyymmdd) => quote! { DateYyyymmdd },
    };
    quote! { Some(Format::#variant) }
}

/// The checks the type system cannot make: required text is non-empty, formats hold.
fn validate_fn(request: &Struct) -> TokenStream {
    let checks: Vec<TokenStream> = request
        .fields
        .iter()
        .filter(|field| field.ty == FieldType::String)
        .filter(|field| field.required || field.format.is_some())
        .map(|field| {
            let wire = &field.wire_name;
            let name = ident(&field.ident);
            let format = format_tokens(field.format);
            if field.required {
                quote! { violations.required_text(#wire, &self.#name, #format); }
            } else {
                quote! { violations.optional_text(#wire, self.#name.as_deref(), #format); }
            }
        })
        .collect();
    let body = if checks.is_empty() {
        quote! { Ok(()) }
    } else {
        quote! {
            let mut violations = Violations::default();
            #(#checks)*
            violations.into_result()
        }
    };
    quote! {
        /// Checks every documented rule and reports all violations at once, each naming
        /// its wire field. [`Client`] runs it before sending anything.
        pub fn validate(&self) -> Result<(), ValidationErrors> {
            #body
        }
    }
}

/// Decoding from the wire JSON, reporting every missing, mistyped, unknown or invalid field.
fn from_json_fn(family: &Family, request: &Struct) -> TokenStream {
    let family_static = ident(&family.static_name);
    let known = request.fields.iter().map(|f| &f.wire_name);
    let reads = request.fields.iter().map(read_field);
    let required: Vec<_> = request
        .fields
        .iter()
        .filter(|f| f.required)
        .map(|f| ident(&f.ident))
        .collect();
    let unwrap_required = if required.is_empty() {
        quote! {}
    } else {
        quote! {
            let (#(Some(#required),)*) = (#(#required,)*) else {
                return Err(fields.into_errors());
            };
        }
    };
    let names = request.fields.iter().map(|f| ident(&f.ident));
    let common: Vec<&str> = family
        .common_fields
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    let common_doc = if common.is_empty() {
        String::new()
    } else {
        format!(
            " The family's own fields ({}) are accepted and ignored.",
            common
                .iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    let doc = format!(
        " Decodes the request from its wire JSON, as a server receives it, reporting every missing, mistyped, unknown or invalid field at once.{common_doc} Empty optional values count as absent."
    );
    // A request without fields reads nothing, so its reader need not be mutable.
    let binding = if request.fields.is_empty() {
        quote! { fields }
    } else {
        quote! { mut fields }
    };
    quote! {
        #[doc = #doc]
        pub fn from_json(value: &serde_json::Value) -> Result<Self, ValidationErrors> {
            let #binding = JsonFields::new(value, &#family_static, &[#(#known),*]);
            #(#reads)*
            #unwrap_required
            fields.finish()?;
            Ok(Self { #(#names),* })
        }
    }
}

fn read_field(field: &Field) -> TokenStream {
    let name = ident(&field.ident);
    let wire = &field.wire_name;
    let kind = if field.required {
        "required"
    } else {
        "optional"
    };
    let read = match &field.ty {
        FieldType::String | FieldType::VendorDate => {
            let method = ident(&format!("{kind}_text"));
            let format = format_tokens(field.format);
            quote! { fields.#method(#wire, #format) }
        }
        FieldType::Enum(enum_name) => {
            let method = ident(&format!("{kind}_enum"));
            let enum_name = ident(enum_name);
            quote! { fields.#method(#wire, #enum_name::from_wire, #enum_name::WIRE_VALUES) }
        }
        FieldType::Integer => {
            let method = ident(&format!("{kind}_integer"));
            quote! { fields.#method(#wire) }
        }
        FieldType::Number => {
            let method = ident(&format!("{kind}_number"));
            quote! { fields.#method(#wire) }
        }
        FieldType::Boolean => {
            let method = ident(&format!("{kind}_bool"));
            quote! { fields.#method(#wire) }
        }
    };
    quote! { let #name = #read; }
}
