//! The resolved model the emitters read: Rust names, wire names, types and docs decided once.

use std::collections::BTreeMap;

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};

mod mock;

pub use mock::{Mock, OrderStatus, RequestField};

use crate::diagnostic::Diagnostics;
use crate::lint;
use crate::spec::{
    AuthKind, CodeType, DataKind, EndpointDoc, FamilyDoc, FieldDoc, Fill, Format, Method,
    NotifyDoc, PagingDoc, Shape, Spec, Text, TimestampUnit, WireType,
};

#[derive(Debug, Clone)]
pub struct Api {
    pub families: Vec<Family>,
    pub endpoints: Vec<Endpoint>,
    /// Sorted by name (see [`Api::enum_named`]).
    pub enums: Vec<EnumType>,
    /// Nested object types: inline objects and shared types, by name.
    pub objects: Vec<ObjectType>,
    /// What the platform posts to the customer, with what the notifications share.
    pub notify: Option<Notify>,
}

impl Api {
    /// The enum a [`FieldType::Enum`] names.
    pub fn enum_named(&self, name: &str) -> Option<&EnumType> {
        self.enums
            .binary_search_by(|e| e.name.as_str().cmp(name))
            .ok()
            .map(|index| &self.enums[index])
    }
}

/// The notifications and what they share.
#[derive(Debug, Clone)]
pub struct Notify {
    pub docs: Vec<String>,
    pub signature_header: String,
    pub delivery_header: Option<String>,
    pub ack_status: u16,
    pub ack_body: String,
    pub ack_documented: bool,
    pub ack_note: Option<String>,
    pub kinds: Vec<Notification>,
    /// The enums and objects the payloads use (their own namespace: the generated
    /// `notifications` module).
    pub enums: Vec<EnumType>,
    pub objects: Vec<ObjectType>,
}

/// One kind of notification.
#[derive(Debug, Clone)]
pub struct Notification {
    pub name: String,
    /// `SmsUplinkTyped`: the variant, and the payload type when the body is documented.
    pub type_name: String,
    pub title: String,
    pub docs: Vec<String>,
    pub signed: bool,
    pub discriminator: Option<String>,
    pub timestamp: Option<(String, TimestampUnit)>,
    /// The payload's fields; `None` when the body is undocumented (raw JSON).
    pub body: Option<Struct>,
    /// The event codes, as the enum `<TypeName>Event`.
    pub events: Option<EnumType>,
    pub example_body: Option<String>,
}

/// A nested object: a named struct of its own.
#[derive(Debug, Clone)]
pub struct ObjectType {
    pub strukt: Struct,
    /// Sent in requests (serialized, validated, decoded by the mock) rather than received.
    pub in_request: bool,
    /// The endpoints whose fields use this type, by index.
    pub used_by: Vec<usize>,
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
    /// Seconds a request stays valid after its timestamp, when a document says so.
    pub timestamp_validity: Option<u64>,
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
    /// The nested object types (indexes into [`Api::objects`]) used by this endpoint alone.
    pub own_objects: Vec<usize>,
    pub paging: Option<Paging>,
    /// What the mock server does with the endpoint's requests, when the spec says.
    pub mock: Option<Mock>,
    pub example_request: Option<String>,
    pub example_response: Option<String>,
}

/// A paged query, resolved to Rust names (lint checked that every name exists and is
/// always present).
#[derive(Debug, Clone)]
pub struct Paging {
    /// The request's page-number field.
    pub page: String,
    /// The response field holding the page's items.
    pub items: String,
    /// The type of one item.
    pub item: FieldType,
    /// The response fields leading to the number of pages (`page`, `total_pages`).
    pub total_pages: Vec<String>,
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
    /// `data` is an array: the response type is a `Vec` of `item`.
    List {
        name: String,
        docs: Vec<String>,
        item: FieldType,
    },
}

impl Response {
    pub fn name(&self) -> &str {
        match self {
            Response::Null { name, .. }
            | Response::Undocumented { name, .. }
            | Response::List { name, .. } => name,
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
    /// A nested object: the named struct in [`Api::objects`].
    Object(String),
    /// A JSON array; a field's `format` applies to its (innermost) elements.
    Array(Box<FieldType>),
}

impl FieldType {
    /// The innermost element type of nested arrays (the type itself otherwise).
    pub fn element(&self) -> &FieldType {
        match self {
            FieldType::Array(inner) => inner.element(),
            other => other,
        }
    }
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
    let mut types = Resolver {
        spec,
        enums: BTreeMap::new(),
        objects: BTreeMap::new(),
    };
    let mut endpoints = Vec::new();
    for (index, loaded) in spec.endpoints.iter().enumerate() {
        let doc = &loaded.doc;
        // Lint guarantees the family exists; `position` keeps this panic-free regardless.
        let family = spec
            .families
            .iter()
            .position(|f| f.doc.name == doc.family)
            .unwrap_or(0);
        endpoints.push(endpoint(doc, family, index, &mut types));
    }
    // In name order, as the map keeps them: `Api::enum_named` relies on it.
    let enums: Vec<EnumType> = types.enums.into_values().collect();
    for (index, enum_type) in enums.iter().enumerate() {
        if let [only] = enum_type.used_by[..] {
            endpoints[only].own_enums.push(index);
        }
    }
    let objects: Vec<ObjectType> = types.objects.into_values().collect();
    for (index, object) in objects.iter().enumerate() {
        if let [only] = object.used_by[..] {
            endpoints[only].own_objects.push(index);
        }
    }
    let notify = spec
        .notify
        .as_ref()
        .map(|notify| notifications(spec, &notify.doc));
    Ok(Api {
        families,
        endpoints,
        enums,
        objects,
        notify,
    })
}

fn notifications(spec: &Spec, doc: &NotifyDoc) -> Notify {
    let mut types = Resolver {
        spec,
        enums: BTreeMap::new(),
        objects: BTreeMap::new(),
    };
    let kinds = spec
        .notifications
        .iter()
        .map(|loaded| {
            let doc = &loaded.doc;
            let type_name = doc.name.to_upper_camel_case();
            let title = title_line(&doc.title);
            let mut docs = vec![doc_text(&title)];
            docs.extend(paragraph(doc.description.as_ref()));
            if let Some(status) = &doc.status {
                docs.push(String::new());
                docs.push(format!("The page is tagged \"{status}\"."));
            }
            push_provenance(&mut docs, &doc.notes, &doc.gaps, &doc.sources);
            let body = (doc.body == DataKind::Object).then(|| Struct {
                name: type_name.clone(),
                docs: docs.clone(),
                fields: doc
                    .fields
                    .iter()
                    .map(|f| types.field(f, false, 0))
                    .collect(),
            });
            let events = (!doc.events.is_empty()).then(|| EnumType {
                name: format!("{type_name}Event"),
                docs: vec![format!("The event codes of {}.", doc_text(&title))],
                tolerant: true,
                variants: doc
                    .events
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
            Notification {
                name: doc.name.clone(),
                type_name,
                title,
                docs,
                signed: doc.signed,
                discriminator: doc.discriminator.clone(),
                timestamp: doc.timestamp.as_ref().map(|t| (t.field.clone(), t.unit)),
                body,
                events,
                example_body: doc.examples.body.clone(),
            }
        })
        .collect();
    let mut docs = paragraph_lines(doc.description.as_ref());
    push_provenance(&mut docs, &doc.notes, &doc.gaps, &[]);
    Notify {
        docs,
        signature_header: doc.signature_header.clone(),
        delivery_header: doc.delivery_header.clone(),
        ack_status: doc.acknowledgement.status,
        ack_body: doc.acknowledgement.body.clone(),
        ack_documented: doc.acknowledgement.documented,
        ack_note: doc.acknowledgement.note.clone(),
        kinds,
        enums: types.enums.into_values().collect(),
        objects: types.objects.into_values().collect(),
    }
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
    if let Some(validity) = doc.timestamp.as_ref().and_then(|t| t.validity.as_ref()) {
        let source = &validity.source;
        docs.push(String::new());
        docs.push(format!(
            "Timestamp validity: {} s, as documented by {} (commit {}, {}): \"{}\". Not the current pages.",
            validity.seconds,
            source.repository,
            source.commit,
            source.date,
            doc_text(&validity.quote)
        ));
    }
    push_provenance(&mut docs, &[], &doc.gaps, &[]);
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
        timestamp_validity: doc
            .timestamp
            .as_ref()
            .and_then(|t| t.validity.as_ref())
            .map(|v| v.seconds),
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

fn endpoint(doc: &EndpointDoc, family: usize, index: usize, types: &mut Resolver) -> Endpoint {
    let base = doc.name.to_upper_camel_case();
    let title = title_line(&doc.title);
    let route = format!("`{} {}`", doc.method.as_str(), doc.path);

    let mut docs = vec![doc_text(&title)];
    docs.extend(paragraph(doc.description.as_ref()));
    docs.push(String::new());
    docs.push(format!("{route} · family `{}`.", doc.family));
    push_provenance(&mut docs, &doc.notes, &doc.gaps, &doc.sources);

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
            .map(|f| types.field(f, true, index))
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
                .map(|f| types.field(f, false, index))
                .collect(),
        }),
        DataKind::Array => {
            let item = match &doc.response.items {
                Some(items) => types.shape_type("data", items.shape(), true, false, index),
                // Lint requires `items` with `data: array`.
                None => FieldType::String,
            };
            Response::List {
                name: format!("{base}Response"),
                docs: response_docs,
                item,
            }
        }
    };
    let paging = doc
        .paging
        .as_ref()
        .map(|paging| resolve_paging(paging, &response, types));
    let mock = mock::resolve(doc, &request, |name| types.enums.get(name).cloned());
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
        own_objects: Vec::new(),
        paging,
        mock,
        example_request: doc.examples.request.clone(),
        example_response: doc.examples.response.clone(),
    }
}

/// Resolves field types, collecting the enums and nested objects they need.
struct Resolver<'a> {
    spec: &'a Spec,
    enums: BTreeMap<String, EnumType>,
    objects: BTreeMap<String, ObjectType>,
}

impl Resolver<'_> {
    fn field(&mut self, doc: &FieldDoc, is_request: bool, endpoint: usize) -> Field {
        let required = doc.is_required(is_request);
        let ty = self.shape_type(&doc.name, doc.shape(), false, is_request, endpoint);
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
            wire_type_name(doc.shape())
        );
        if let Some(format) = leaf_format(doc.shape()) {
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
            format: leaf_format(doc.shape()),
        }
    }

    /// The Rust type of a field or array element, registering the enums and objects it
    /// names.
    fn shape_type(
        &mut self,
        field_name: &str,
        shape: Shape,
        in_array: bool,
        is_request: bool,
        endpoint: usize,
    ) -> FieldType {
        if !shape.enum_values.is_empty() {
            let name = lint::enum_type_name(field_name, &shape);
            let entry = self.enums.entry(name.clone()).or_insert_with(|| EnumType {
                name: name.clone(),
                docs: enum_docs(field_name, shape.description),
                tolerant: !is_request,
                variants: shape
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
            return FieldType::Enum(name);
        }
        match (shape.wire_type, shape.format) {
            (WireType::String, Some(Format::DateYyyymmdd)) if !is_request => FieldType::VendorDate,
            (WireType::String, _) => FieldType::String,
            (WireType::Integer, _) => FieldType::Integer,
            (WireType::Number, _) => FieldType::Number,
            (WireType::Boolean, _) => FieldType::Boolean,
            (WireType::Array, _) => {
                let inner = match shape.items {
                    Some(items) => {
                        self.shape_type(field_name, items.shape(), true, is_request, endpoint)
                    }
                    // Lint requires `items` on arrays.
                    None => FieldType::String,
                };
                FieldType::Array(Box::new(inner))
            }
            (WireType::Object, _) => {
                let name = lint::object_type_name(field_name, &shape, in_array);
                self.object(name, field_name, shape, in_array, is_request, endpoint)
            }
        }
    }

    fn object(
        &mut self,
        name: String,
        field_name: &str,
        shape: Shape,
        in_array: bool,
        is_request: bool,
        endpoint: usize,
    ) -> FieldType {
        if let Some(object) = self.objects.get_mut(&name) {
            // Seen from this endpoint already (this also ends recursion through arrays).
            if object.used_by.contains(&endpoint) {
                return FieldType::Object(name);
            }
            object.used_by.push(endpoint);
        } else {
            let placeholder = ObjectType {
                strukt: Struct {
                    name: name.clone(),
                    docs: Vec::new(),
                    fields: Vec::new(),
                },
                in_request: is_request,
                used_by: vec![endpoint],
            };
            self.objects.insert(name.clone(), placeholder);
        }
        let spec = self.spec;
        let shared = shape.reference.and_then(|r| spec.shared_type(r));
        let (field_docs, docs) = match shared {
            Some(shared) => {
                let mut docs = paragraph_lines(shared.doc.description.as_ref());
                if docs.is_empty() {
                    docs.push(format!("The shared type `{}`.", shared.doc.name));
                }
                push_provenance(&mut docs, &shared.doc.notes, &[], &shared.doc.sources);
                (shared.doc.fields.as_slice(), docs)
            }
            None => {
                let mut docs = paragraph_lines(shape.description);
                if !docs.is_empty() {
                    docs.push(String::new());
                }
                let what = if in_array {
                    "An element of"
                } else {
                    "The object"
                };
                docs.push(format!("{what} `{field_name}`."));
                (shape.fields, docs)
            }
        };
        let fields: Vec<Field> = field_docs
            .iter()
            .map(|f| self.field(f, is_request, endpoint))
            .collect();
        if let Some(object) = self.objects.get_mut(&name) {
            object.strukt.docs = docs;
            object.strukt.fields = fields;
        }
        FieldType::Object(name)
    }
}

fn resolve_paging(paging: &PagingDoc, response: &Response, types: &Resolver) -> Paging {
    let fields: &[Field] = match response {
        Response::Object(object) => &object.fields,
        _ => &[],
    };
    let item = fields
        .iter()
        .find(|f| f.wire_name == paging.items)
        .and_then(|f| match &f.ty {
            FieldType::Array(item) => Some((**item).clone()),
            _ => None,
        })
        .unwrap_or(FieldType::String);
    // Follow the dotted path through the response's objects, turning wire names into
    // Rust field names.
    let mut total_pages = Vec::new();
    let mut current = fields;
    for segment in paging.total_pages.split('.') {
        let Some(field) = current.iter().find(|f| f.wire_name == segment) else {
            break;
        };
        total_pages.push(field.ident.clone());
        current = match &field.ty {
            FieldType::Object(name) => types
                .objects
                .get(name)
                .map(|o| o.strukt.fields.as_slice())
                .unwrap_or(&[]),
            _ => &[],
        };
    }
    Paging {
        page: paging.page.to_snake_case(),
        items: paging.items.to_snake_case(),
        item,
        total_pages,
    }
}

/// The format of a string field, or of the strings an array holds.
fn leaf_format(shape: Shape) -> Option<Format> {
    match shape.items {
        Some(items) => leaf_format(items.shape()),
        None => shape.format,
    }
}

fn enum_docs(field_name: &str, description: Option<&Text>) -> Vec<String> {
    let mut docs = paragraph_lines(description);
    if docs.is_empty() {
        docs.push(format!("Values of `{field_name}`."));
    }
    docs.push(String::new());
    docs.push(format!(
        "Serialized as the wire code of field `{field_name}`."
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

/// `string`, `array of object`, …
fn wire_type_name(shape: Shape) -> String {
    match shape.wire_type {
        WireType::String => "string".to_string(),
        WireType::Integer => "integer".to_string(),
        WireType::Number => "number".to_string(),
        WireType::Boolean => "boolean".to_string(),
        WireType::Object => "object".to_string(),
        WireType::Array => match shape.items {
            Some(items) => format!("array of {}", wire_type_name(items.shape())),
            None => "array".to_string(),
        },
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

/// The lists every transcribed page carries, in this order: notes, gaps in the
/// documentation, sources (as links); empty lists are left out.
fn push_provenance(docs: &mut Vec<String>, notes: &[String], gaps: &[String], sources: &[String]) {
    let text = |items: &[String]| items.iter().map(|i| doc_text(i)).collect::<Vec<_>>();
    push_list(docs, "Notes", &text(notes));
    push_list(docs, "Gaps in the documentation", &text(gaps));
    let sources: Vec<String> = sources.iter().map(|s| linked_source(s)).collect();
    push_list(docs, "Sources", &sources);
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
