//! The resolved model the emitters read: Rust names, wire names, types and docs decided once.

mod docs;
mod endpoints;
pub mod names;
mod notify;
pub mod reserved;
mod resolve;

use std::collections::BTreeMap;

use crate::diagnostic::Diagnostics;
use crate::lint;
use crate::spec::{CodeType, Fill, Format, Method, Spec, TimestampUnit};
pub use docs::{doc_text, format_description, format_slug, title_line};
use endpoints::{endpoint, family};
use notify::notifications;
use resolve::Resolver;

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
    /// UpperCamelCase stem of the endpoint's types: `OrderPackage` in `OrderPackageRequest`;
    /// also the CLI's `Command` variant.
    pub type_base: String,
    /// The CLI subcommand: `open-package`.
    pub cli_subcommand: String,
    /// The CLI's flag struct: `OpenPackageArgs`.
    pub args_type: String,
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
    pub example_request: Option<String>,
    pub example_response: Option<String>,
}

/// A paged query, resolved to Rust names (lint checked that every name exists and is
/// always present).
#[derive(Debug, Clone)]
pub struct Paging {
    /// The client method streaming every item: `query_orders_pages`.
    pub method: String,
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
    /// The CLI flag, without `--` (used for top-level request fields).
    pub cli_flag: String,
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
