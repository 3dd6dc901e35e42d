//! The command-line client's generated half: one clap subcommand per endpoint, one flag
//! per request field. Behind the `cli` feature.

use proc_macro2::TokenStream;
use quote::quote;

use super::{docs, ident};
use crate::ir::{Api, Endpoint, EnumType, Field, FieldType};

/// The subcommand enum and its dispatch (the flag structs are [`args_section`]).
pub fn section(api: &Api) -> TokenStream {
    let commands = api.endpoints.iter().map(|e| {
        let docs = docs::line(&docs::escape(&e.title));
        let title = &e.title;
        let name = &e.cli_subcommand;
        let variant = command_variant(e);
        let args = args_name(e);
        quote! {
            #docs
            #[command(name = #name, about = #title)]
            #variant(#args),
        }
    });
    let runs = api.endpoints.iter().map(|e| {
        let variant = command_variant(e);
        let request = ident(&e.request.name);
        quote! { Self::#variant(args) => crate::__private::cli::call(client, &args.to_json(), #request::from_json).await, }
    });
    quote! {
        /// One subcommand per endpoint of the spec. For the `linksfield` binary: hidden from
        /// the API docs like the rest of the CLI.
        #[doc(hidden)]
        #[cfg(feature = "cli")]
        #[derive(Debug, clap::Subcommand)]
        pub enum Command { #(#commands)* }

        #[cfg(feature = "cli")]
        impl Command {
            /// Builds the request from the flags, validates it (sending nothing when it is
            /// invalid), sends it and returns the response `data` as JSON.
            pub async fn run(&self, client: &Client) -> Result<serde_json::Value, crate::__private::cli::CliError> {
                match self { #(#runs)* }
            }
        }
    }
}

/// The flag structs of `endpoints`, which follow [`section`] in the file. Emitted apart,
/// a slice at a time, so that a large spec's CLI is formatted on every core.
pub fn args_section(api: &Api, endpoints: &[Endpoint]) -> TokenStream {
    let args = endpoints.iter().map(|e| args_struct(api, e));
    quote! { #(#args)* }
}

fn command_variant(endpoint: &Endpoint) -> proc_macro2::Ident {
    ident(&endpoint.type_base)
}

fn args_name(endpoint: &Endpoint) -> proc_macro2::Ident {
    ident(&endpoint.args_type)
}

fn args_struct(api: &Api, endpoint: &Endpoint) -> TokenStream {
    let name = args_name(endpoint);
    let doc = docs::line(&format!(
        "Flags of `{}`: one per request field, documented in the subcommand's `--help`.",
        endpoint.path
    ));
    let fields = endpoint
        .request
        .fields
        .iter()
        .map(|field| arg_field(api, field));
    let puts = endpoint.request.fields.iter().map(put_field);
    let binding = if endpoint.request.fields.is_empty() {
        quote! { body }
    } else {
        quote! { mut body }
    };
    quote! {
        #doc
        #[doc(hidden)]
        #[cfg(feature = "cli")]
        #[derive(Debug, Clone, clap::Args)]
        pub struct #name { #(#fields)* }

        #[cfg(feature = "cli")]
        impl #name {
            /// The request body the flags describe, before validation.
            pub fn to_json(&self) -> serde_json::Value {
                let #binding = serde_json::Map::new();
                #(#puts)*
                serde_json::Value::Object(body)
            }
        }
    }
}

fn arg_field(api: &Api, field: &Field) -> TokenStream {
    let mut help: Vec<String> = field.docs.clone();
    if let FieldType::Enum(name) = field.ty.element() {
        if let Some(enum_type) = api.enum_named(name) {
            help.push(String::new());
            help.push(allowed_values(enum_type));
        }
    }
    // The text is given once, to clap (`-h` shows the first line, `--help` all of it).
    let long_help = help.join("\n");
    let short_help = long_help.lines().next().unwrap_or_default().to_string();
    let long = &field.cli_flag;
    let value_name = field.cli_flag.to_uppercase();
    let required = field.required;
    let name = ident(&field.ident);
    match flag_kind(&field.ty) {
        FlagKind::Repeated => quote! {
            #[arg(long = #long, value_name = #value_name, required = #required, action = clap::ArgAction::Append, help = #short_help, long_help = #long_help)]
            pub #name: Vec<String>,
        },
        FlagKind::Json => {
            let long_help = format!("{long_help}\n\nGiven as JSON.");
            quote! {
                #[arg(long = #long, value_name = "JSON", required = #required, help = #short_help, long_help = #long_help)]
                pub #name: Option<String>,
            }
        }
        FlagKind::Single => quote! {
            #[arg(long = #long, value_name = #value_name, required = #required, help = #short_help, long_help = #long_help)]
            pub #name: Option<String>,
        },
    }
}

/// How a field is given on the command line.
enum FlagKind {
    /// One value.
    Single,
    /// An array of scalars: the flag once per element (`--device-list A --device-list B`).
    Repeated,
    /// An object, or an array of anything but scalars: one flag holding JSON.
    Json,
}

fn flag_kind(ty: &FieldType) -> FlagKind {
    match ty {
        FieldType::Object(_) => FlagKind::Json,
        FieldType::Array(element) => match **element {
            FieldType::Object(_) | FieldType::Array(_) => FlagKind::Json,
            _ => FlagKind::Repeated,
        },
        _ => FlagKind::Single,
    }
}

/// `Allowed: 0 (unlimited_daily) Unlimited daily plan; 1 (daily) …`
fn allowed_values(enum_type: &EnumType) -> String {
    let values: Vec<String> = enum_type
        .variants
        .iter()
        .map(|v| {
            let name = &v.name;
            match &v.meaning {
                Some(meaning) => format!("`{}` ({name}): {meaning}", v.wire),
                None => format!("`{}` ({name})", v.wire),
            }
        })
        .collect();
    format!("Allowed values (code or name): {}.", values.join("; "))
}

fn put_field(field: &Field) -> TokenStream {
    let wire = &field.wire_name;
    let name = ident(&field.ident);
    match &field.ty {
        FieldType::Enum(enum_name) => {
            let enum_name = ident(enum_name);
            quote! { crate::__private::cli::put_enum(&mut body, #wire, &self.#name, #enum_name::from_name, #enum_name::as_wire); }
        }
        FieldType::Integer | FieldType::Number => {
            quote! { crate::__private::cli::put_number(&mut body, #wire, &self.#name); }
        }
        FieldType::Boolean => {
            quote! { crate::__private::cli::put_bool(&mut body, #wire, &self.#name); }
        }
        FieldType::String | FieldType::VendorDate => {
            quote! { crate::__private::cli::put_text(&mut body, #wire, &self.#name); }
        }
        FieldType::Array(element) => match (flag_kind(&field.ty), &**element) {
            (FlagKind::Json, _) => {
                quote! { crate::__private::cli::put_json(&mut body, #wire, &self.#name); }
            }
            (_, FieldType::Integer | FieldType::Number) => {
                quote! { crate::__private::cli::put_number_list(&mut body, #wire, &self.#name); }
            }
            (_, FieldType::Boolean) => {
                quote! { crate::__private::cli::put_bool_list(&mut body, #wire, &self.#name); }
            }
            (_, FieldType::Enum(enum_name)) => {
                let enum_name = ident(enum_name);
                quote! { crate::__private::cli::put_enum_list(&mut body, #wire, &self.#name, #enum_name::from_name, #enum_name::as_wire); }
            }
            _ => quote! { crate::__private::cli::put_text_list(&mut body, #wire, &self.#name); },
        },
        FieldType::Object(_) => {
            quote! { crate::__private::cli::put_json(&mut body, #wire, &self.#name); }
        }
    }
}
