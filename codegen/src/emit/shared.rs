//! The section every endpoint builds on: imports, family settings, shared enums and the
//! list of operations.

use proc_macro2::TokenStream;
use quote::quote;

use super::{docs, ident, types};
use crate::ir::{Api, Auth, Family, FieldType, Response};
use crate::spec::{CodeType, Fill, TimestampUnit};

pub fn section(api: &Api) -> TokenStream {
    let imports = imports(api);
    let families = api.families.iter().map(family_static);
    let shared_enums = api
        .enums
        .iter()
        .filter(|e| e.used_by.len() > 1)
        .map(types::enum_type);
    let operations = api.endpoints.iter().map(|e| {
        let request = ident(&e.request.name);
        quote! { <#request as Endpoint>::OPERATION }
    });
    quote! {
        #imports
        #(#families)*
        #(#shared_enums)*
        /// Every operation of the spec, in spec order.
        pub static OPERATIONS: &[&Operation] = &[#(#operations),*];
    }
}

/// Imports for what the generated code actually uses, so none is left unused.
fn imports(api: &Api) -> TokenStream {
    let fields = || {
        api.endpoints.iter().flat_map(|e| {
            let response = match &e.response {
                Response::Object(object) => object.fields.as_slice(),
                Response::Null { .. } | Response::Undocumented { .. } => &[],
            };
            e.request.fields.iter().chain(response)
        })
    };
    let deserialize = api
        .endpoints
        .iter()
        .any(|e| matches!(e.response, Response::Object(_)))
        || api.enums.iter().any(|e| e.tolerant);
    let serde = if deserialize {
        quote! { use serde::{Deserialize, Serialize}; }
    } else {
        quote! { use serde::Serialize; }
    };
    let format = fields()
        .any(|f| f.format.is_some() && matches!(f.ty, FieldType::String))
        .then(|| quote! { Format, });
    let common_fields = api
        .families
        .iter()
        .any(|f| !f.common_fields.is_empty())
        .then(|| quote! { CommonField, Fill, });
    quote! {
        #serde
        use crate::endpoint::{Endpoint, Operation};
        use crate::signing::ParamWriter;
        use crate::family::{Auth, CodeType, #common_fields Envelope, Family, TimestampUnit};
        use crate::validation::{#format JsonFields, ValidationErrors, Violations};
        use crate::{Client, Error};
    }
}

fn family_static(family: &Family) -> TokenStream {
    let docs = docs::attrs(&family.docs);
    let name = ident(&family.static_name);
    let family_name = &family.name;
    let title = &family.title;
    let base_url = &family.default_base_url;
    let auth = match &family.auth {
        Auth::HmacSha1Signature => quote! { Auth::HmacSha1Signature },
        Auth::AccessTokenHeader { header } => {
            quote! { Auth::AccessTokenHeader { header: #header } }
        }
    };
    let common = family.common_fields.iter().map(|c| {
        let field = &c.name;
        let fill = match (c.fill, &c.value) {
            (Fill::AccessCode, _) => quote! { Fill::AccessCode },
            (Fill::Timestamp, _) => quote! { Fill::Timestamp },
            (Fill::Signature, _) => quote! { Fill::Signature },
            (Fill::Constant, value) => {
                let value = value.as_deref().unwrap_or_default();
                quote! { Fill::Constant(#value) }
            }
        };
        quote! { CommonField { name: #field, fill: #fill } }
    });
    let unit = match family.timestamp_unit {
        TimestampUnit::Seconds => quote! { TimestampUnit::Seconds },
        TimestampUnit::Milliseconds => quote! { TimestampUnit::Milliseconds },
    };
    let envelope = &family.envelope;
    let code_field = &envelope.code_field;
    let code_type = match envelope.code_type {
        CodeType::String => quote! { CodeType::String },
        CodeType::Integer => quote! { CodeType::Integer },
    };
    let success = &envelope.success_code;
    let message_field = &envelope.message_field;
    let data_field = &envelope.data_field;
    let success_flag = match &envelope.success_flag_field {
        Some(field) => quote! { Some(#field) },
        None => quote! { None },
    };
    quote! {
        #docs
        pub static #name: Family = Family {
            name: #family_name,
            title: #title,
            default_base_url: #base_url,
            auth: #auth,
            common_fields: &[#(#common),*],
            timestamp_unit: #unit,
            envelope: Envelope {
                code_field: #code_field,
                code_type: #code_type,
                success_code: #success,
                message_field: #message_field,
                data_field: #data_field,
                success_flag_field: #success_flag,
            },
        };
    }
}
