//! Fields and array items, wherever they are declared, and `spec/types/*.yaml`: the
//! shared object types fields refer to.

#[cfg(feature = "schema")]
use schemars::JsonSchema;
use serde::Deserialize;

use super::Text;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum WireType {
    String,
    Integer,
    Number,
    Boolean,
    /// A JSON array; `items` says of what.
    Array,
    /// A JSON object: inline `fields`, or `ref` to a shared type in `spec/types/`.
    Object,
}

impl WireType {
    /// Strings, numbers and booleans: the types that carry a `format` or an `enum`.
    pub fn is_scalar(self) -> bool {
        !matches!(self, WireType::Array | WireType::Object)
    }
}

/// Formats a string field's value must follow; the linter and the validators check them
/// with the same rules.
pub use lf_formats::Format;

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct FieldDoc {
    pub name: String,
    #[serde(rename = "type")]
    pub wire_type: WireType,
    /// Mandatory for request fields; response fields default to always present.
    pub required: Option<bool>,
    #[serde(default)]
    pub nullable: bool,
    pub format: Option<Format>,
    /// The Rust name of this field's enum or inline object type, when the derived name
    /// (the field name in UpperCamelCase) would clash or read badly.
    pub type_name: Option<String>,
    pub description: Option<Text>,
    #[serde(default, rename = "enum")]
    pub enum_values: Vec<EnumValueDoc>,
    /// `type: object`: the object's own fields, declared inline.
    #[serde(default)]
    pub fields: Vec<FieldDoc>,
    /// `type: object`: the shared type (`spec/types/<ref>.yaml`) this object is.
    #[serde(rename = "ref")]
    pub reference: Option<String>,
    /// `type: array`: what the array holds.
    pub items: Option<Box<ItemsDoc>>,
    #[serde(default)]
    pub notes: Vec<String>,
}

/// The elements of an array: a scalar (with its format or enum), an object (inline or a
/// shared type) or another array.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ItemsDoc {
    #[serde(rename = "type")]
    pub wire_type: WireType,
    pub format: Option<Format>,
    /// The Rust name of the element's enum or inline object type.
    pub type_name: Option<String>,
    pub description: Option<Text>,
    #[serde(default, rename = "enum")]
    pub enum_values: Vec<EnumValueDoc>,
    #[serde(default)]
    pub fields: Vec<FieldDoc>,
    #[serde(rename = "ref")]
    pub reference: Option<String>,
    pub items: Option<Box<ItemsDoc>>,
}

/// `spec/types/*.yaml`: an object type several fields share, declared once and referenced
/// by `ref:` (e.g. the paging block of every paged query).
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TypeDoc {
    /// snake_case; the Rust type is its UpperCamelCase (`page` becomes `Page`).
    pub name: String,
    pub description: Option<Text>,
    #[serde(default)]
    pub sources: Vec<String>,
    #[serde(default)]
    pub notes: Vec<String>,
    pub fields: Vec<FieldDoc>,
}

/// What a field or an array's items is, whichever declares it: the part of the type the
/// linter and the IR recurse through.
#[derive(Debug, Clone, Copy)]
pub struct Shape<'a> {
    pub wire_type: WireType,
    pub format: Option<Format>,
    pub type_name: Option<&'a str>,
    pub description: Option<&'a Text>,
    pub enum_values: &'a [EnumValueDoc],
    pub fields: &'a [FieldDoc],
    pub reference: Option<&'a str>,
    pub items: Option<&'a ItemsDoc>,
}

impl FieldDoc {
    pub fn shape(&self) -> Shape<'_> {
        Shape {
            wire_type: self.wire_type,
            format: self.format,
            type_name: self.type_name.as_deref(),
            description: self.description.as_ref(),
            enum_values: &self.enum_values,
            fields: &self.fields,
            reference: self.reference.as_deref(),
            items: self.items.as_deref(),
        }
    }
}

impl ItemsDoc {
    pub fn shape(&self) -> Shape<'_> {
        Shape {
            wire_type: self.wire_type,
            format: self.format,
            type_name: self.type_name.as_deref(),
            description: self.description.as_ref(),
            enum_values: &self.enum_values,
            fields: &self.fields,
            reference: self.reference.as_deref(),
            items: self.items.as_deref(),
        }
    }
}

impl FieldDoc {
    /// Whether the field must be sent (request) or is always present (response): request
    /// fields say so explicitly (lint requires it), response fields default to present.
    pub fn is_required(&self, is_request: bool) -> bool {
        self.required.unwrap_or(!is_request)
    }
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct EnumValueDoc {
    /// The wire code, exactly as sent.
    pub value: String,
    /// The reviewed Rust name, in snake_case (`monthly` becomes `Monthly`).
    pub name: String,
    pub meaning: Option<Text>,
}
