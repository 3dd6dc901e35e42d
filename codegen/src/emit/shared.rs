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
    let shared_objects = api
        .objects
        .iter()
        .filter(|o| o.used_by.len() > 1)
        .map(|object| {
            let strukt = types::object_type(object);
            let checks = object
                .in_request
                .then(|| super::validate::object_impl(&object.strukt));
            quote! { #strukt #checks }
        });
    let operations = api.endpoints.iter().map(|e| {
        let request = ident(&e.request.name);
        quote! { <#request as Endpoint>::OPERATION }
    });
    let codes = api.families.iter().map(family_code_enum);
    let api_code = api_code_enum(api);
    let environment = environment_enum(api);
    quote! {
        #imports
        #(#families)*
        #environment
        #(#codes)*
        #api_code
        #(#shared_enums)*
        #(#shared_objects)*
        /// Every operation of the spec, in spec order.
        pub static OPERATIONS: &[&Operation] = &[#(#operations),*];
    }
}

/// Imports for what the generated code actually uses, so none is left unused.
fn imports(api: &Api) -> TokenStream {
    // `Format` is named by the request side's checks only.
    let request_fields = || {
        let objects = api.objects.iter().filter(|o| o.in_request);
        api.endpoints
            .iter()
            .flat_map(|e| e.request.fields.iter())
            .chain(objects.flat_map(|o| o.strukt.fields.iter()))
    };
    let deserialize = api
        .endpoints
        .iter()
        .any(|e| matches!(e.response, Response::Object(_) | Response::List { .. }))
        || api.enums.iter().any(|e| e.tolerant)
        || api.objects.iter().any(|o| !o.in_request);
    let serde = if deserialize {
        quote! { use serde::{Deserialize, Serialize}; }
    } else {
        quote! { use serde::Serialize; }
    };
    let format = request_fields()
        .any(|f| f.format.is_some() && matches!(f.ty.element(), FieldType::String))
        .then(|| quote! { Format, });
    let common_fields = api
        .families
        .iter()
        .any(|f| !f.common_fields.is_empty())
        .then(|| quote! { CommonField, Fill, });
    let server = api
        .families
        .iter()
        .any(|f| !f.servers.is_empty())
        .then(|| quote! { Server, });
    quote! {
        #serde
        use crate::__private::{JsonFields, ParamWriter, Violations};
        use crate::endpoint::{Endpoint, Operation, RetrySafety};
        use crate::family::{Auth, CodeType, #common_fields Envelope, Family, #server TimestampUnit};
        use crate::validation::{#format ValidationErrors};
        use crate::{Client, Error};
    }
}

fn family_static(family: &Family) -> TokenStream {
    let docs = docs::text_attrs(&family.docs);
    let name = ident(&family.static_name);
    let family_name = &family.name;
    let title = &family.title;
    let base_url = &family.default_base_url;
    let servers = family.servers.iter().map(|server| {
        let (environment, url) = (&server.environment, &server.url);
        quote! { Server { environment: #environment, url: #url } }
    });
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
    let validity = match family.timestamp_validity {
        Some(seconds) => quote! { Some(::core::time::Duration::from_secs(#seconds)) },
        None => quote! { None },
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
            servers: &[#(#servers),*],
            auth: #auth,
            common_fields: &[#(#common),*],
            timestamp_unit: #unit,
            timestamp_validity: #validity,
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

/// `CsssCode`: the family's documented envelope codes, with `Other` for the rest.
fn family_code_enum(family: &Family) -> TokenStream {
    let name = ident(&family.code_type_name);
    let doc = docs::line(&format!(
        "The documented codes of the {} envelope.",
        docs::escape(&family.title)
    ));
    let variants = family.status_codes.iter().map(|status| {
        let doc = docs::line(&format!(
            "`{}`: {}",
            status.code,
            docs::escape(&status.meaning)
        ));
        let variant = ident(&status.ident);
        quote! { #doc #variant, }
    });
    let from_code = family.status_codes.iter().map(|status| {
        let (code, variant) = (&status.code, ident(&status.ident));
        quote! { #code => Self::#variant, }
    });
    let as_str = family.status_codes.iter().map(|status| {
        let (code, variant) = (&status.code, ident(&status.ident));
        quote! { Self::#variant => #code, }
    });
    // Without documented codes every code is `Other`; a match with only that arm would be
    // a needless binding.
    let from_code_body = if family.status_codes.is_empty() {
        quote! { Self::Other(code.to_string()) }
    } else {
        quote! { match code { #(#from_code)* other => Self::Other(other.to_string()) } }
    };
    let meanings = family.status_codes.iter().map(|status| {
        let (meaning, variant) = (&status.meaning, ident(&status.ident));
        quote! { Self::#variant => Some(#meaning), }
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A code the documentation does not list.
            Other(String),
        }

        impl #name {
            /// The variant for a code as text.
            pub fn from_code(code: &str) -> Self {
                #from_code_body
            }

            /// The code as text.
            pub fn as_str(&self) -> &str {
                match self { #(#as_str)* Self::Other(code) => code }
            }

            /// The documented meaning, if the code is documented.
            pub fn meaning(&self) -> Option<&'static str> {
                match self { #(#meanings)* Self::Other(_) => None }
            }
        }
    }
}

/// `Environment`: the deployments the families' servers name, each selecting every
/// family's server of that name.
fn environment_enum(api: &Api) -> TokenStream {
    let environments = &api.environments;
    let variants = environments.iter().map(|environment| {
        let variant = ident(&environment.variant);
        let mut lines = vec![format!("`{}`:", environment.name)];
        for family in &api.families {
            let server = family
                .servers
                .iter()
                .find(|server| server.environment == environment.name);
            lines.push(match server {
                Some(server) => format!("- {}: <{}> ({})", family.title, server.url, server.docs),
                None => format!(
                    "- {}: no documented server; calls fail with `Error::Config` unless a base URL is set.",
                    family.title
                ),
            });
        }
        let docs = docs::text_attrs(&lines);
        quote! { #docs #variant, }
    });
    let all = environments.iter().map(|e| {
        let variant = ident(&e.variant);
        quote! { Self::#variant }
    });
    let names = environments.iter().map(|e| {
        let (variant, name) = (ident(&e.variant), &e.name);
        quote! { Self::#variant => #name, }
    });
    quote! {
        /// A deployment of the API, as the families' documented servers name it:
        /// [`ClientBuilder::environment`](crate::ClientBuilder::environment) (or `LINKSFIELD_ENV`, by [`Environment::name`])
        /// sends each family's calls to its server of that environment. An explicit
        /// [`ClientBuilder::base_url`](crate::ClientBuilder::base_url) overrides it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Environment { #(#variants)* }

        impl Environment {
            /// Every environment, in the order the spec first names them.
            pub const ALL: &'static [Environment] = &[#(#all),*];

            /// The spec's name of the environment, which `LINKSFIELD_ENV` takes.
            pub fn name(self) -> &'static str {
                match self { #(#names)* }
            }

            /// The environment `name` names, ignoring ASCII case.
            pub fn parse(name: &str) -> Option<Self> {
                Self::ALL
                    .iter()
                    .copied()
                    .find(|environment| environment.name().eq_ignore_ascii_case(name))
            }
        }
    }
}

/// `ApiCode`: an envelope code of any family, as returned by [`Error::api_code`].
fn api_code_enum(api: &Api) -> TokenStream {
    let variants = api.families.iter().map(|family| {
        let (variant, code) = (ident(&family.type_base), ident(&family.code_type_name));
        let doc = docs::line(&format!(
            "A code of the {} family.",
            docs::escape(&family.title)
        ));
        quote! { #doc #variant(#code), }
    });
    let parses = api.families.iter().map(|family| {
        let (name, variant, code) = (
            &family.name,
            ident(&family.type_base),
            ident(&family.code_type_name),
        );
        quote! { #name => Some(Self::#variant(#code::from_code(code))), }
    });
    let meanings = api.families.iter().map(|family| {
        let variant = ident(&family.type_base);
        quote! { Self::#variant(code) => code.meaning(), }
    });
    let strs = api.families.iter().map(|family| {
        let variant = ident(&family.type_base);
        quote! { Self::#variant(code) => code.as_str(), }
    });
    quote! {
        /// An envelope code with its family, as documented (see [`Error::api_code`]).
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ApiCode { #(#variants)* }

        impl ApiCode {
            /// The code `code` of `family`'s envelope.
            pub fn parse(family: &Family, code: &str) -> Option<Self> {
                match family.name { #(#parses)* _ => None }
            }

            /// The documented meaning, if the code is documented.
            pub fn meaning(&self) -> Option<&'static str> {
                match self { #(#meanings)* }
            }

            /// The code as text.
            pub fn as_str(&self) -> &str {
                match self { #(#strs)* }
            }
        }
    }
}
