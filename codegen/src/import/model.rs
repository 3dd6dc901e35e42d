//! The neutral model both readers produce and the draft writer reads: one operation as a
//! docs page or an OpenAPI document states it, with a note on everything inferred.

use crate::spec::{Format, Method, WireType};

/// Text in the vendor's two languages, either of which a page may lack.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Bilingual {
    /// The Chinese text.
    pub zh: Option<String>,
    /// The English text.
    pub en: Option<String>,
}

impl Bilingual {
    /// Neither language is given.
    pub fn is_empty(&self) -> bool {
        self.zh.is_none() && self.en.is_none()
    }

    /// Adds a line of `text` to the language it is written in (any CJK character: zh).
    pub fn push_line(&mut self, text: &str) {
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        let slot = if has_cjk(text) {
            &mut self.zh
        } else {
            &mut self.en
        };
        match slot {
            Some(existing) => {
                existing.push(' ');
                existing.push_str(text);
            }
            None => *slot = Some(text.to_string()),
        }
    }
}

/// Whether `text` holds a CJK ideograph or CJK punctuation.
pub fn has_cjk(text: &str) -> bool {
    text.chars().any(|c| {
        matches!(c as u32, 0x3000..=0x303F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF)
    })
}

/// One endpoint as its source states it.
#[derive(Debug, Clone)]
pub struct Operation {
    /// snake_case, from the path's last segment (or the OpenAPI operationId).
    pub name: String,
    /// The spec family (`csss`, `esim_mall`), given or told from the request.
    pub family: String,
    /// The HTTP method.
    pub method: Method,
    /// The path, as the page prints it below the method.
    pub path: String,
    /// The page's title, split into its zh and en halves.
    pub title: Bilingual,
    /// The text between the path and the request.
    pub description: Bilingual,
    /// Tagged Deprecated, or titled `[不推荐]`.
    pub deprecated: bool,
    /// The page's own addresses, when it shows them.
    pub sources: Vec<String>,
    /// The page's "modified at" date, as written.
    pub modified: Option<String>,
    /// `full` when the source has field tables for the request and the response.
    pub complete: bool,
    /// Why `complete` is what it is, for the `# inferred:` note above `completeness:`.
    pub complete_why: String,
    /// Facts worth keeping that fit no other key (the spec's `notes:`).
    pub notes: Vec<String>,
    /// What the source did not say (the spec's `gaps:`).
    pub gaps: Vec<String>,
    /// Comments written above the operation: what was inferred rather than read.
    pub comments: Vec<String>,
    /// The body fields, runtime-filled ones left out.
    pub request: Vec<Field>,
    /// What `data` holds on success.
    pub response: Response,
    /// The request example, re-indented, keys in the page's order.
    pub example_request: Option<String>,
    /// The response example, re-indented, keys in the page's order.
    pub example_response: Option<String>,
    /// The line of the source where the operation starts, for drift findings.
    pub line: usize,
}

/// The `data` of the family's envelope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataKind {
    /// An object with fields.
    Object,
    /// An array of items.
    Array,
    /// Always null.
    Null,
    /// Not documented: kept as raw JSON.
    Undocumented,
}

impl DataKind {
    /// The value of `data:` in a spec file.
    pub fn as_str(self) -> &'static str {
        match self {
            DataKind::Object => "object",
            DataKind::Array => "array",
            DataKind::Null => "\"null\"",
            DataKind::Undocumented => "undocumented",
        }
    }
}

/// The response's `data`, inside the family's envelope.
#[derive(Debug, Clone)]
pub struct Response {
    /// What `data` is.
    pub data: DataKind,
    /// Its fields when it is an object.
    pub fields: Vec<Field>,
    /// The elements' shape when `data` is an array.
    pub items: Option<Box<Field>>,
    /// `# review:` comments written above `data:`.
    pub comments: Vec<String>,
}

/// A request or response field (or, without a name, the elements of an array).
#[derive(Debug, Clone)]
pub struct Field {
    /// The wire name (empty for array elements).
    pub name: String,
    /// The JSON type.
    pub wire_type: WireType,
    /// The required flag as drafted (`None`: the spec's default, required for responses).
    pub required: Option<bool>,
    /// The value may be null.
    pub nullable: bool,
    /// A format the description states.
    pub format: Option<Format>,
    /// The Rust type's name when it is not the one derived from the field's name.
    pub type_name: Option<String>,
    /// The field's description, per language.
    pub description: Bilingual,
    /// Enum values read from the description (or the schema's `enum`).
    pub enum_values: Vec<EnumValue>,
    /// Nested fields of an object.
    pub fields: Vec<Field>,
    /// The elements of an array.
    pub items: Option<Box<Field>>,
    /// `# inferred:` and `# review:` comments written above the field.
    pub comments: Vec<String>,
    /// What the source did not state (the drift check takes the spec's word for it).
    pub unstated: Unstated,
    /// The source line the field is declared on.
    pub line: usize,
}

/// Parts of a field the importer inferred rather than read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Unstated {
    /// The source gives no required flag (the draft says optional).
    pub required: bool,
    /// The wire type is an example value's, or assumed for a null.
    pub wire_type: bool,
}

impl Field {
    /// A field with nothing but its name, type and line.
    pub fn new(name: &str, wire_type: WireType, line: usize) -> Self {
        Field {
            name: name.to_string(),
            wire_type,
            required: None,
            nullable: false,
            format: None,
            type_name: None,
            description: Bilingual::default(),
            enum_values: Vec::new(),
            fields: Vec::new(),
            items: None,
            comments: Vec::new(),
            unstated: Unstated::default(),
            line,
        }
    }

    /// Drafts the field optional, noting that the source gives no required flag.
    pub fn assume_optional(&mut self) {
        self.required = Some(false);
        self.unstated.required = true;
        let note = "inferred: optional: the page gives no required flag";
        self.comments.push(note.into());
    }

    /// Sets a wire type the source does not state, noting why.
    pub fn assume_type(&mut self, wire_type: WireType, why: String) {
        self.wire_type = wire_type;
        self.unstated.wire_type = true;
        self.comments.push(format!("inferred: {why}"));
    }
}

/// An enum value: its wire code, a derived name (always marked for review) and its
/// meaning as the source words it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumValue {
    /// The wire code.
    pub value: String,
    /// The derived snake_case name.
    pub name: String,
    /// The label per language.
    pub meaning: Bilingual,
    /// How the name was derived, for the `# review:` comment.
    pub review: String,
}

/// The wire type's name in a spec file.
pub fn wire_type_name(wire_type: WireType) -> &'static str {
    match wire_type {
        WireType::String => "string",
        WireType::Integer => "integer",
        WireType::Number => "number",
        WireType::Boolean => "boolean",
        WireType::Array => "array",
        WireType::Object => "object",
    }
}

/// A format's name in a spec file.
pub fn format_name(format: Format) -> &'static str {
    crate::ir::format_slug(format)
}
