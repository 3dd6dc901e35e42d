//! How every generated identifier is made from the spec: one function per kind of name.
//! Resolution ([`super::build`]) stores the results in the IR, which the emitters read;
//! the [`NameTable`] records every name they make from the spec, with what it names and
//! where it comes from, and [`check()`] finds the clashes in it; the OpenAPI export and
//! `lfgen diff` call these same functions, so no name is derived twice by different rules.

mod check;
mod table;

use heck::{ToKebabCase, ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};

pub use check::check;
pub use table::{Document, Entry, Kind, NameTable, Namespace, Place};

use crate::spec::Shape;

/// UpperCamelCase stem of an endpoint's or family's types: `OrderPackage`, `Csss`.
pub fn type_base(spec_name: &str) -> String {
    spec_name.to_upper_camel_case()
}

/// `OrderPackageRequest`.
pub fn request_type(endpoint: &str) -> String {
    format!("{}Request", type_base(endpoint))
}

/// `OrderPackageResponse`.
pub fn response_type(endpoint: &str) -> String {
    format!("{}Response", type_base(endpoint))
}

/// `OrderPackageArgs`: the CLI's flag struct.
pub fn args_type(endpoint: &str) -> String {
    format!("{}Args", type_base(endpoint))
}

/// The client method of an endpoint: its spec name, which lint keeps snake_case.
pub fn method(endpoint: &str) -> String {
    endpoint.to_string()
}

/// `<name>_pages`: the stream of every item of a paged endpoint.
pub fn paging_method(endpoint: &str) -> String {
    format!("{}_pages", method(endpoint))
}

/// The CLI subcommand of an endpoint: its path's last segment in kebab-case.
pub fn cli_subcommand(path: &str) -> String {
    path.rsplit('/').next().unwrap_or_default().to_kebab_case()
}

/// The CLI flag of a request field, without its `--`.
pub fn cli_flag(wire_name: &str) -> String {
    wire_name.to_kebab_case()
}

/// The `static` holding a family's settings: `CSSS`.
pub fn family_static(family: &str) -> String {
    family.to_shouty_snake_case()
}

/// The enum of a family's documented envelope codes: `CsssCode`.
pub fn family_code_type(family: &str) -> String {
    format!("{}Code", type_base(family))
}

/// The struct of a shared type (`spec/types`), wherever it is `ref:`'d.
pub fn shared_type(name: &str) -> String {
    name.to_upper_camel_case()
}

/// A notification's variant and payload type: `SmsUplinkTyped`.
pub fn notification_type(name: &str) -> String {
    name.to_upper_camel_case()
}

/// The enum of a notification's event codes: `SmsUplinkTypedEvent`.
pub fn notification_event_type(name: &str) -> String {
    format!("{}Event", notification_type(name))
}

/// The Rust field of a wire field.
pub fn field(wire_name: &str) -> String {
    wire_name.to_snake_case()
}

/// The variant of an enum value or status code, from its reviewed snake_case name.
pub fn variant(name: &str) -> String {
    name.to_upper_camel_case()
}

/// The Rust name of the enum a shape with `enum:` values becomes: its `type_name`, or its
/// field's wire name in UpperCamelCase.
pub fn enum_type(field_name: &str, shape: &Shape) -> String {
    shape
        .type_name
        .map(str::to_string)
        .unwrap_or_else(|| field_name.to_upper_camel_case())
}

/// The Rust name of the struct an object shape becomes: the shared type's name, its
/// `type_name`, or its field's wire name in UpperCamelCase (with `Item` for the elements
/// of an array: `device_order` holds `DeviceOrderItem`s).
pub fn object_type(field_name: &str, shape: &Shape, in_array: bool) -> String {
    if let Some(reference) = shape.reference {
        return shared_type(reference);
    }
    match shape.type_name {
        Some(name) => name.to_string(),
        None if in_array => format!("{}Item", field_name.to_upper_camel_case()),
        None => field_name.to_upper_camel_case(),
    }
}

/// The OpenAPI schema of what a family adds to every message (`CsssEnvelope`,
/// `CsssCommonFields`, ...): OpenAPI-only, beside the Rust types' schemas.
pub fn openapi_family_schema(family: &str, part: &str) -> String {
    format!("{}{part}", type_base(family))
}
