//! `validate()` and `from_json()` on request types: the documented rules, checked before
//! a request is sent (client) or after it is received (mock server).

use proc_macro2::TokenStream;
use quote::quote;

use super::ident;
use crate::ir::reserved::DECODER_LOCALS;
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

/// The checks the type system cannot make: required text is non-empty, required arrays
/// are not empty, formats hold, nested objects follow their own rules.
fn validate_fn(request: &Struct) -> TokenStream {
    let checks: Vec<TokenStream> = request
        .fields
        .iter()
        .filter_map(|field| {
            let wire = &field.wire_name;
            let name = ident(&field.ident);
            field_check(
                field,
                quote! { self.#name },
                quote! { #wire },
                &quote! { &mut violations },
            )
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

/// The check of one field (`value` is the field's place, `path` a `&str` expression), if
/// its type needs one.
/// `sink` is how a nested check receives the violations: `&mut violations` in a request's
/// `validate`, `violations` (already a `&mut`) in an object's `validate_at`.
fn field_check(
    field: &Field,
    value: TokenStream,
    path: TokenStream,
    sink: &TokenStream,
) -> Option<TokenStream> {
    let format = format_tokens(field.format);
    if field.ty == FieldType::String {
        if field.required {
            return Some(quote! { violations.required_text(#path, &#value, #format); });
        }
        if field.format.is_some() {
            return Some(quote! { violations.optional_text(#path, #value.as_deref(), #format); });
        }
        return None;
    }
    let present = if field.is_optional() {
        quote! { value }
    } else {
        value.clone()
    };
    let check = match &field.ty {
        FieldType::Array(element) => {
            let elements = element_check(
                element,
                field.format,
                quote! { element },
                quote! { &path },
                sink,
            );
            let required = (!field.is_optional())
                .then(|| quote! { violations.required_items(#path, &#present); });
            let each = elements.map(|check| {
                quote! {
                    for (index, element) in #present.iter().enumerate() {
                        let path = crate::__private::element_path(#path, index);
                        #check
                    }
                }
            });
            if required.is_none() && each.is_none() {
                return None;
            }
            quote! { #required #each }
        }
        FieldType::Object(_) => {
            // A required object whose fields are all unset is an empty parameter, which
            // is not sent: it counts as missing.
            let required = (!field.is_optional())
                .then(|| quote! { violations.required_nonempty(#path, &#present); });
            quote! { #required #present.validate_at(#path, #sink); }
        }
        _ => return None,
    };
    Some(if field.is_optional() {
        quote! { if let Some(value) = &#value { #check } }
    } else {
        check
    })
}

/// The check of one array element, if its type needs one.
fn element_check(
    ty: &FieldType,
    format: Option<Format>,
    value: TokenStream,
    path: TokenStream,
    sink: &TokenStream,
) -> Option<TokenStream> {
    match ty {
        // An element is always required: an empty string in a list is no value.
        FieldType::String => {
            let format = format_tokens(format);
            Some(quote! { violations.required_text(#path, #value, #format); })
        }
        FieldType::Object(_) => Some(quote! { #value.validate_at(#path, #sink); }),
        FieldType::Array(inner) => {
            let check = element_check(inner, format, quote! { element }, quote! { &path }, sink)?;
            Some(quote! {
                for (index, element) in #value.iter().enumerate() {
                    let path = crate::__private::element_path(#path, index);
                    #check
                }
            })
        }
        _ => None,
    }
}

/// `validate_at` and `from_json_at` of a nested request object: the same rules as a
/// request's, with violations named by their path in the request (`deviceList[1].id`).
pub fn object_impl(object: &Struct) -> TokenStream {
    let name = ident(&object.name);
    let checks = object.fields.iter().filter_map(|field| {
        let wire = &field.wire_name;
        let member = ident(&field.ident);
        field_check(
            field,
            quote! { self.#member },
            quote! { &crate::__private::field_path(path, #wire) },
            &quote! { violations },
        )
    });
    let checks: Vec<TokenStream> = checks.collect();
    let (path_binding, violations_binding) = if checks.is_empty() {
        (quote! { _path }, quote! { _violations })
    } else {
        (quote! { path }, quote! { violations })
    };
    let known = object.fields.iter().map(|f| &f.wire_name);
    let reads = object.fields.iter().map(read_field);
    let names = object.fields.iter().map(|f| ident(&f.ident));
    let unwrap_required = unwrap_required(&object.fields, quote! { None });
    let [reader, violations, clean] = DECODER_LOCALS.all().map(ident);
    quote! {
        impl #name {
            /// Checks the documented rules of this object, found at `path` in a request.
            pub fn validate_at(&self, #path_binding: &str, #violations_binding: &mut Violations) {
                #(#checks)*
            }

            /// Decodes this object from the JSON found at `path` in a request, recording
            /// every violation in `violations`.
            pub fn from_json_at(
                #violations: &mut Violations,
                path: &str,
                value: &serde_json::Value,
            ) -> Option<Self> {
                let mut #reader = JsonFields::nested(value, path, &[#(#known),*]);
                #(#reads)*
                let #clean = #reader.finish_into(#violations);
                #unwrap_required
                #clean.then_some(Self { #(#names),* })
            }
        }
    }
}

/// Unwraps every required field read so far, returning `missing` when one is absent (its
/// violation is recorded already); nothing when no field is required.
fn unwrap_required(fields: &[Field], missing: TokenStream) -> TokenStream {
    let required: Vec<_> = fields
        .iter()
        .filter(|f| f.required)
        .map(|f| ident(&f.ident))
        .collect();
    if required.is_empty() {
        return quote! {};
    }
    quote! {
        let (#(Some(#required),)*) = (#(#required,)*) else {
            return #missing;
        };
    }
}

/// Decoding from the wire JSON, reporting every missing, mistyped, unknown or invalid field.
fn from_json_fn(family: &Family, request: &Struct) -> TokenStream {
    let family_static = ident(&family.static_name);
    let known = request.fields.iter().map(|f| &f.wire_name);
    let reads = request.fields.iter().map(read_field);
    let reader = ident(DECODER_LOCALS.fields);
    let unwrap_required = unwrap_required(&request.fields, quote! { Err(#reader.into_errors()) });
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
        quote! { #reader }
    } else {
        quote! { mut #reader }
    };
    quote! {
        #[doc = #doc]
        pub fn from_json(value: &serde_json::Value) -> Result<Self, ValidationErrors> {
            let #binding = JsonFields::new(value, &#family_static, &[#(#known),*]);
            #(#reads)*
            #unwrap_required
            #reader.finish()?;
            Ok(Self { #(#names),* })
        }
    }
}

fn read_field(field: &Field) -> TokenStream {
    let reader = ident(DECODER_LOCALS.fields);
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
            quote! { #reader.#method(#wire, #format) }
        }
        FieldType::Enum(enum_name) => {
            let method = ident(&format!("{kind}_enum"));
            let enum_name = ident(enum_name);
            quote! { #reader.#method(#wire, #enum_name::from_wire, #enum_name::WIRE_VALUES) }
        }
        FieldType::Integer => {
            let method = ident(&format!("{kind}_integer"));
            quote! { #reader.#method(#wire) }
        }
        FieldType::Number => {
            let method = ident(&format!("{kind}_number"));
            quote! { #reader.#method(#wire) }
        }
        FieldType::Boolean => {
            let method = ident(&format!("{kind}_bool"));
            quote! { #reader.#method(#wire) }
        }
        FieldType::Array(element) => {
            let method = ident(&format!("{kind}_array"));
            let element = element_reader(element, field.format);
            quote! { #reader.#method(#wire, #element) }
        }
        FieldType::Object(object) => {
            let method = ident(&format!("{kind}_object"));
            let object = ident(object);
            quote! { #reader.#method(#wire, #object::from_json_at) }
        }
    };
    quote! { let #name = #read; }
}

/// A closure reading one array element: `|violations, path, value| …`.
fn element_reader(ty: &FieldType, format: Option<Format>) -> TokenStream {
    let read = match ty {
        FieldType::String | FieldType::VendorDate => {
            let format = format_tokens(format);
            quote! { violations.read_element_text(path, value, #format) }
        }
        FieldType::Enum(enum_name) => {
            let enum_name = ident(enum_name);
            quote! { violations.read_enum(path, value, #enum_name::from_wire, #enum_name::WIRE_VALUES) }
        }
        FieldType::Integer => quote! { violations.read_integer(path, value) },
        FieldType::Number => quote! { violations.read_number(path, value) },
        FieldType::Boolean => quote! { violations.read_bool(path, value) },
        FieldType::Object(object) => {
            let object = ident(object);
            quote! { #object::from_json_at(violations, path, value) }
        }
        FieldType::Array(inner) => {
            let inner = element_reader(inner, format);
            quote! { violations.read_array(path, value, #inner) }
        }
    };
    quote! { |violations: &mut Violations, path: &str, value: &serde_json::Value| #read }
}
