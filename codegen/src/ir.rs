//! The resolved model the emitters read: Rust names, wire names, types and docs decided once.

use std::collections::BTreeMap;

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};

use crate::diagnostic::Diagnostics;
use crate::lint;
use crate::spec::{
    AuthKind, CodeType, DataKind, EndpointDoc, FamilyDoc, FieldDoc, Fill, Format, Method, Spec,
    Text, TimestampUnit, WireType,
};

#[derive(Debug, Clone)]
pub struct Api {
    pub families: Vec<Family>,
    pub endpoints: Vec<Endpoint>,
    pub enums: Vec<EnumType>,
}

#[derive(Debug, Clone)]
pub struct Family {
    pub name: String,
    /// The generated `static` holding this family's settings, e.g. `CSSS`.
    pub static_name: String,
    pub title: String,
    pub docs: Vec<String>,
    pub default_base_url: String,
    pub auth: Auth,
    pub common_fields: Vec<CommonField>,
    pub timestamp_unit: TimestampUnit,
    pub envelope: Envelope,
    /// UpperCamelCase stem of the family's types: `Csss`, the `ApiCode` variant.
    pub type_base: String,
    /// `CsssCode`: the enum of the envelope's documented codes.
    pub code_type_name: String,
    pub status_codes: Vec<StatusCode>,
}

/// A documented envelope code.
#[derive(Debug, Clone)]
pub struct StatusCode {
    pub code: String,
    pub ident: String,
    pub meaning: String,
}

#[derive(Debug, Clone)]
pub enum Auth {
    HmacSha1Signature,
    AccessTokenHeader { header: String },
}

#[derive(Debug, Clone)]
pub struct CommonField {
    pub name: String,
    pub fill: Fill,
    pub value: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Envelope {
    pub code_field: String,
    pub code_type: CodeType,
    pub success_code: String,
    pub message_field: String,
    pub data_field: String,
    pub success_flag_field: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Endpoint {
    /// snake_case: the client method and the section name.
    pub name: String,
    /// UpperCamelCase stem of the endpoint's types: `OrderPackage` in `OrderPackageRequest`.
    pub type_base: String,
    pub family: usize,
    pub method: Method,
    pub path: String,
    /// One line, English first: `Order data plan (订购流量套餐)`.
    pub title: String,
    pub docs: Vec<String>,
    pub deprecation: Option<String>,
    pub request: Struct,
    pub response: Response,
    /// The enums (indexes into [`Api::enums`]) used by this endpoint alone; they are
    /// emitted in its section, shared ones in the shared section.
    pub own_enums: Vec<usize>,
    pub example_request: Option<String>,
    pub example_response: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Struct {
    pub name: String,
    pub docs: Vec<String>,
    pub fields: Vec<Field>,
}

#[derive(Debug, Clone)]
pub enum Response {
    /// `data` is always `null`: the response type is `NoData`.
    Null {
        name: String,
        docs: Vec<String>,
    },
    /// The page does not document `data`: the response type is raw JSON.
    Undocumented {
        name: String,
        docs: Vec<String>,
    },
    Object(Struct),
}

impl Response {
    pub fn name(&self) -> &str {
        match self {
            Response::Null { name, .. } | Response::Undocumented { name, .. } => name,
            Response::Object(object) => &object.name,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Field {
    pub wire_name: String,
    pub ident: String,
    pub docs: Vec<String>,
    pub ty: FieldType,
    /// Request: must be sent. Response: always present.
    pub required: bool,
    pub nullable: bool,
    pub format: Option<Format>,
}

impl Field {
    /// Whether the Rust field is an `Option`.
    pub fn is_optional(&self) -> bool {
        !self.required || self.nullable
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldType {
    String,
    Integer,
    Number,
    Boolean,
    Enum(String),
    /// A response date that accepts every form the server is seen to send.
    VendorDate,
}

#[derive(Debug, Clone)]
pub struct EnumType {
    pub name: String,
    pub docs: Vec<String>,
    /// Response enums keep values the spec does not know yet instead of failing.
    pub tolerant: bool,
    pub variants: Vec<Variant>,
    /// The endpoints whose fields use this enum, by index.
    pub used_by: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct Variant {
    pub ident: String,
    /// The reviewed snake_case name from the spec (`monthly`).
    pub name: String,
    pub wire: String,
    pub meaning: Option<String>,
}

/// Lints the spec and, when it is clean, resolves it.
pub fn build(spec: &Spec) -> Result<Api, Diagnostics> {
    let problems = lint::check(spec);
    if !problems.is_empty() {
        return Err(problems);
    }
    let families: Vec<Family> = spec.families.iter().map(|f| family(&f.doc)).collect();
    let mut enums: BTreeMap<String, EnumType> = BTreeMap::new();
    let mut endpoints = Vec::new();
    for (index, loaded) in spec.endpoints.iter().enumerate() {
        let doc = &loaded.doc;
        // Lint guarantees the family exists; `position` keeps this panic-free regardless.
        let family = spec
            .families
            .iter()
            .position(|f| f.doc.name == doc.family)
            .unwrap_or(0);
        endpoints.push(endpoint(doc, family, index, &mut enums));
    }
    let enums: Vec<EnumType> = enums.into_values().collect();
    for (index, enum_type) in enums.iter().enumerate() {
        if let [only] = enum_type.used_by[..] {
            endpoints[only].own_enums.push(index);
        }
    }
    Ok(Api {
        families,
        endpoints,
        enums,
    })
}

fn family(doc: &FamilyDoc) -> Family {
    let default_base_url = doc
        .base_urls
        .iter()
        .find(|b| b.default)
        .map(|b| b.url.clone())
        .unwrap_or_default();
    let auth = match doc.auth.kind {
        AuthKind::HmacSha1Signature => Auth::HmacSha1Signature,
        AuthKind::AccessTokenHeader => Auth::AccessTokenHeader {
            header: doc.auth.header.clone().unwrap_or_default(),
        },
    };
    let mut docs = vec![doc.title.clone()];
    docs.extend(paragraph(doc.description.as_ref()));
    if let Some(note) = doc.timestamp.as_ref().and_then(|t| t.note.as_ref()) {
        docs.push(String::new());
        docs.push(format!("Timestamp: {}", doc_text(note)));
    }
    let gaps: Vec<String> = doc.gaps.iter().map(|g| doc_text(g)).collect();
    push_list(&mut docs, "Gaps in the documentation", &gaps);
    Family {
        name: doc.name.clone(),
        static_name: doc.name.to_shouty_snake_case(),
        title: doc.title.clone(),
        docs,
        default_base_url,
        auth,
        common_fields: doc
            .common_fields
            .iter()
            .map(|c| CommonField {
                name: c.name.clone(),
                fill: c.fill,
                value: c.value.clone(),
            })
            .collect(),
        timestamp_unit: doc
            .timestamp
            .as_ref()
            .map(|t| t.unit)
            .unwrap_or(TimestampUnit::Seconds),
        envelope: Envelope {
            code_field: doc.envelope.code.field.clone(),
            code_type: doc.envelope.code.code_type,
            success_code: doc.envelope.code.success.clone(),
            message_field: doc.envelope.message_field.clone(),
            data_field: doc.envelope.data_field.clone(),
            success_flag_field: doc.envelope.success_flag_field.clone(),
        },
        type_base: doc.name.to_upper_camel_case(),
        code_type_name: format!("{}Code", doc.name.to_upper_camel_case()),
        status_codes: doc
            .status_codes
            .iter()
            .map(|status| StatusCode {
                code: status.code.clone(),
                ident: status.name.to_upper_camel_case(),
                meaning: title_line(&status.meaning),
            })
            .collect(),
    }
}

fn endpoint(
    doc: &EndpointDoc,
    family: usize,
    index: usize,
    enums: &mut BTreeMap<String, EnumType>,
) -> Endpoint {
    let base = doc.name.to_upper_camel_case();
    let title = title_line(&doc.title);
    let route = format!("`{} {}`", doc.method.as_str(), doc.path);

    let mut docs = vec![doc_text(&title)];
    docs.extend(paragraph(doc.description.as_ref()));
    docs.push(String::new());
    docs.push(format!("{route} · family `{}`.", doc.family));
    push_list(
        &mut docs,
        "Notes",
        &doc.notes.iter().map(|n| doc_text(n)).collect::<Vec<_>>(),
    );
    push_list(
        &mut docs,
        "Gaps in the documentation",
        &doc.gaps.iter().map(|g| doc_text(g)).collect::<Vec<_>>(),
    );
    let sources: Vec<String> = doc.sources.iter().map(|s| linked_source(s)).collect();
    push_list(&mut docs, "Sources", &sources);

    let deprecation = doc.deprecated.then(|| match &doc.replaced_by {
        Some(replacement) => {
            format!("deprecated in the vendor's documentation; use `{replacement}` instead")
        }
        None => "deprecated in the vendor's documentation, which names no replacement".to_string(),
    });

    let request = Struct {
        name: format!("{base}Request"),
        docs: vec![
            format!("Request of {route}: {}.", doc_text(&title)),
            String::new(),
            format!(
                "Sent by [`Client::{}`](crate::Client::{}).",
                doc.name, doc.name
            ),
        ],
        fields: doc
            .request
            .fields
            .iter()
            .map(|f| field(f, true, index, enums))
            .collect(),
    };
    let response_docs = vec![format!("Response `data` of {route}: {}.", doc_text(&title))];
    let response = match doc.response.data {
        DataKind::Null => Response::Null {
            name: format!("{base}Response"),
            docs: response_docs,
        },
        DataKind::Undocumented => Response::Undocumented {
            name: format!("{base}Response"),
            docs: response_docs,
        },
        DataKind::Object => Response::Object(Struct {
            name: format!("{base}Response"),
            docs: response_docs,
            fields: doc
                .response
                .fields
                .iter()
                .map(|f| field(f, false, index, enums))
                .collect(),
        }),
    };
    Endpoint {
        name: doc.name.clone(),
        type_base: base,
        family,
        method: doc.method,
        path: doc.path.clone(),
        title,
        docs,
        deprecation,
        request,
        response,
        own_enums: Vec::new(),
        example_request: doc.examples.request.clone(),
        example_response: doc.examples.response.clone(),
    }
}

fn field(
    doc: &FieldDoc,
    is_request: bool,
    endpoint: usize,
    enums: &mut BTreeMap<String, EnumType>,
) -> Field {
    let required = doc.is_required(is_request);
    let ty = if !doc.enum_values.is_empty() {
        let name = lint::enum_type_name(doc);
        let entry = enums.entry(name.clone()).or_insert_with(|| EnumType {
            name: name.clone(),
            docs: enum_docs(doc),
            tolerant: !is_request,
            variants: doc
                .enum_values
                .iter()
                .map(|v| Variant {
                    ident: v.name.to_upper_camel_case(),
                    name: v.name.clone(),
                    wire: v.value.clone(),
                    meaning: v.meaning.as_ref().map(title_line),
                })
                .collect(),
            used_by: Vec::new(),
        });
        if !entry.used_by.contains(&endpoint) {
            entry.used_by.push(endpoint);
        }
        FieldType::Enum(name)
    } else {
        match (doc.wire_type, doc.format) {
            (WireType::String, Some(Format::DateYyyymmdd)) if !is_request => FieldType::VendorDate,
            (WireType::String, _) => FieldType::String,
            (WireType::Integer, _) => FieldType::Integer,
            (WireType::Number, _) => FieldType::Number,
            (WireType::Boolean, _) => FieldType::Boolean,
        }
    };

    let mut docs = paragraph_lines(doc.description.as_ref());
    if !docs.is_empty() {
        docs.push(String::new());
    }
    let presence = match (is_request, required, doc.nullable) {
        (true, true, _) => "required",
        (true, false, _) => "optional",
        (false, true, false) => "always present",
        (false, true, true) => "always present, may be null",
        (false, false, _) => "may be absent or null",
    };
    let mut facts = format!(
        "Wire name `{}` ({}, {presence})",
        doc.name,
        wire_type_name(doc.wire_type)
    );
    if let Some(format) = doc.format {
        facts.push_str(&format!("; format: {}", format_description(format)));
    }
    docs.push(format!("{facts}."));
    for note in &doc.notes {
        docs.push(String::new());
        docs.push(format!("Note: {}", doc_text(note)));
    }
    Field {
        wire_name: doc.name.clone(),
        ident: doc.name.to_snake_case(),
        docs,
        ty,
        required,
        nullable: doc.nullable,
        format: doc.format,
    }
}

fn enum_docs(doc: &FieldDoc) -> Vec<String> {
    let mut docs = paragraph_lines(doc.description.as_ref());
    if docs.is_empty() {
        docs.push(format!("Values of `{}`.", doc.name));
    }
    docs.push(String::new());
    docs.push(format!(
        "Serialized as the wire code of field `{}`.",
        doc.name
    ));
    docs
}

/// The format's name in the spec (`iccid`), as OpenAPI's `format` keyword.
pub fn format_slug(format: Format) -> &'static str {
    match format {
        Format::Iccid => "iccid",
        Format::Decimal2 => "decimal2",
        Format::UnsignedInteger => "unsigned_integer",
        Format::DateYyyymmdd => "date_yyyymmdd",
    }
}

/// How a format reads in documentation.
pub fn format_description(format: Format) -> &'static str {
    match format {
        Format::Iccid => "ICCID, 18 to 22 digits, optionally ending in F",
        Format::Decimal2 => "decimal amount with at most two decimal places",
        Format::UnsignedInteger => "unsigned integer in decimal digits",
        Format::DateYyyymmdd => {
            "date YYYYMMDD (UTC+8); the server is also seen sending `YYYY-MM-DD HH:MM:SS`"
        }
    }
}

fn wire_type_name(wire_type: WireType) -> &'static str {
    match wire_type {
        WireType::String => "string",
        WireType::Integer => "integer",
        WireType::Number => "number",
        WireType::Boolean => "boolean",
    }
}

/// Spec text made safe for a doc comment: the vendor's `[不推荐]` is not a link, and a
/// fenced block in a description is not a doctest.
pub fn doc_text(text: &str) -> String {
    text.replace('[', "\\[")
        .replace(']', "\\]")
        .replace("```", "\\`\\`\\`")
}

/// `English (中文)`, or whichever the page gives.
pub fn title_line(text: &Text) -> String {
    match (&text.en, &text.zh) {
        (Some(en), Some(zh)) if en != zh => format!("{en} ({zh})"),
        (Some(en), _) => en.clone(),
        (None, Some(zh)) => zh.clone(),
        (None, None) => String::new(),
    }
}

/// A documentation paragraph: Chinese then English, each on its own line.
fn paragraph_lines(text: Option<&Text>) -> Vec<String> {
    let Some(text) = text else { return Vec::new() };
    let mut lines = Vec::new();
    if let Some(zh) = &text.zh {
        lines.push(doc_text(zh.trim()));
    }
    if let Some(en) = &text.en {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.push(doc_text(en.trim()));
    }
    lines
}

/// A paragraph preceded by a blank line, for appending to a summary line.
fn paragraph(text: Option<&Text>) -> Vec<String> {
    let lines = paragraph_lines(text);
    if lines.is_empty() {
        return lines;
    }
    std::iter::once(String::new()).chain(lines).collect()
}

/// A source with its address as a rustdoc link: `<https://…> (what the page is)`.
fn linked_source(source: &str) -> String {
    let (address, rest) = source.split_once(' ').unwrap_or((source, ""));
    if address.starts_with("http://") || address.starts_with("https://") {
        format!("<{address}> {rest}").trim_end().to_string()
    } else {
        source.to_string()
    }
}

fn push_list(docs: &mut Vec<String>, heading: &str, items: &[String]) {
    if items.is_empty() {
        return;
    }
    docs.push(String::new());
    docs.push(format!("{heading}:"));
    for item in items {
        docs.push(format!("- {}", item.trim()));
    }
}
