//! Fields and array items, wherever they are declared, and `spec/types/*.yaml`: the
//! shared object types fields refer to.

#[cfg(feature = "schema")]
use schemars::JsonSchema;
use serde::Deserialize;

use super::Text;

/// A field's JSON type on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum WireType {
    /// JSON text (Rust `String`; an enum when it has `enum:`).
    String,
    /// A JSON number without a fraction (Rust `i64`).
    Integer,
    /// A JSON number, kept exactly as written (Rust `serde_json::Number`).
    Number,
    /// `true` or `false`.
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

/// One field of a request, a response, a notification or an object type.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct FieldDoc {
    /// The wire name, exactly as sent; the Rust field is its snake_case.
    pub name: String,
    /// The JSON type on the wire.
    #[serde(rename = "type")]
    pub wire_type: WireType,
    /// Mandatory for request fields; response fields default to always present.
    pub required: Option<bool>,
    /// Whether a response field that is always present may be JSON `null` (its Rust
    /// type becomes an `Option`).
    #[serde(default)]
    pub nullable: bool,
    /// The format a string's value follows (ICCID, amount, date, ...): the linter checks
    /// the examples with it and the client validates requests with it.
    pub format: Option<Format>,
    /// The Rust name of this field's enum or inline object type, when the derived name
    /// (the field name in UpperCamelCase) would clash or read badly.
    pub type_name: Option<String>,
    /// The page's description of the field; the Rust field's doc comment.
    pub description: Option<Text>,
    /// The documented values, when the field takes only those: it becomes a Rust enum.
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
    /// Reviewers' remarks on the field (contradictions in the page, choices made); shown
    /// in the generated docs.
    #[serde(default)]
    pub notes: Vec<String>,
}

/// The elements of an array: a scalar (with its format or enum), an object (inline or a
/// shared type) or another array.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ItemsDoc {
    /// The elements' JSON type.
    #[serde(rename = "type")]
    pub wire_type: WireType,
    /// The format a string element follows.
    pub format: Option<Format>,
    /// The Rust name of the element's enum or inline object type.
    pub type_name: Option<String>,
    /// What one element is.
    pub description: Option<Text>,
    /// The documented values of a scalar element: it becomes a Rust enum.
    #[serde(default, rename = "enum")]
    pub enum_values: Vec<EnumValueDoc>,
    /// `type: object`: the element's own fields, declared inline.
    #[serde(default)]
    pub fields: Vec<FieldDoc>,
    /// `type: object`: the shared type (`spec/types/<ref>.yaml`) each element is.
    #[serde(rename = "ref")]
    pub reference: Option<String>,
    /// `type: array`: what each inner array holds.
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
    /// What the object is; the Rust struct's doc comment.
    pub description: Option<Text>,
    /// The URLs of the pages that document the object.
    #[serde(default)]
    pub sources: Vec<String>,
    /// Reviewers' remarks on the transcription.
    #[serde(default)]
    pub notes: Vec<String>,
    /// The object's fields.
    pub fields: Vec<FieldDoc>,
}

/// What a field or an array's items is, whichever declares it: the part of the type the
/// linter and the IR recurse through.
#[derive(Debug, Clone, Copy)]
pub struct Shape<'a> {
    /// The JSON type.
    pub wire_type: WireType,
    /// A string's format.
    pub format: Option<Format>,
    /// The reviewed Rust name of its enum or object type.
    pub type_name: Option<&'a str>,
    /// Its description.
    pub description: Option<&'a Text>,
    /// Its documented values (an enum), or none.
    pub enum_values: &'a [EnumValueDoc],
    /// An inline object's fields.
    pub fields: &'a [FieldDoc],
    /// The shared type an object refers to.
    pub reference: Option<&'a str>,
    /// What an array holds.
    pub items: Option<&'a ItemsDoc>,
}

impl FieldDoc {
    /// The field's type, as the linter and the IR walk it.
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
    /// The elements' type, as the linter and the IR walk it.
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

/// One documented value of an enum field (or a notification's event code).
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct EnumValueDoc {
    /// The wire code, exactly as sent.
    pub value: String,
    /// The reviewed Rust name, in snake_case (`monthly` becomes `Monthly`).
    pub name: String,
    /// What the page says the value means; the variant's doc comment and `meaning()`.
    pub meaning: Option<Text>,
}
