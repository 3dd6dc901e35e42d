//! The resolved model the emitters read: Rust names, wire names, types and docs decided once.

mod docs;
mod endpoints;
mod mock;
pub mod names;
mod notify;
pub mod reserved;
mod resolve;

use crate::diagnostic::Diagnostics;
use crate::lint;
use crate::spec::{CodeType, Fill, Format, Method, Retry, Spec, TimestampUnit, WireType};
pub use docs::{format_description, format_slug, title_line};
use endpoints::{endpoint, family};
pub use mock::{Mock, OrderStatus, RequestField};
use notify::notifications;
use resolve::Resolver;
pub use resolve::{type_kind, TypeKind};

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
    /// The environments the families' servers name, in order of first mention.
    pub environments: Vec<Environment>,
}

/// An environment (`production`, `uat`): a variant of the generated `Environment`, which
/// selects each family's server of that name.
#[derive(Debug, Clone)]
pub struct Environment {
    /// The spec's name, which `LINKSFIELD_ENV` takes: `production`.
    pub name: String,
    pub variant: String,
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
    /// Plain text, one entry per line (see [`Struct::docs`]).
    pub docs: Vec<String>,
    /// The page's own description, as plain lines (Chinese, blank, English).
    pub description: Vec<String>,
    /// What the page leaves undocumented.
    pub gaps: Vec<String>,
    /// The pages transcribed, each `address (what the page is)`.
    pub sources: Vec<String>,
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
    /// A shared type of `spec/types` (named by its file) rather than an inline object.
    pub shared: bool,
    /// The spec's description of the object, as plain lines (Chinese, blank, English).
    pub description: Vec<String>,
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
    /// The servers an environment selects, in spec order.
    pub servers: Vec<Server>,
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

/// A family's server for one environment.
#[derive(Debug, Clone)]
pub struct Server {
    pub environment: String,
    pub url: String,
    /// The spec's name of the server and its note: `Production: Given by the Overview…`.
    pub docs: String,
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
    /// Whether the runtime may resend the request after an ambiguous failure.
    pub retry: Retry,
    /// One line, English first: `Order data plan (订购流量套餐)`.
    pub title: String,
    /// Plain text, one entry per line (see [`Struct::docs`]).
    pub docs: Vec<String>,
    /// The page's own description, as plain lines (Chinese, blank, English).
    pub description: Vec<String>,
    /// What the page leaves undocumented.
    pub gaps: Vec<String>,
    /// The pages transcribed, each `address (what the page is)`.
    pub sources: Vec<String>,
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
    /// Plain text, one entry per line (empty between paragraphs): facts each emitter
    /// renders for its reader. Every `docs` in the IR is such text.
    pub docs: Vec<String>,
    /// The pages transcribed (shared types and notification payloads), each
    /// `address (what the page is)`.
    pub sources: Vec<String>,
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
        /// The format of the (innermost) elements.
        format: Option<Format>,
        /// Descriptions of the elements' own elements when they are arrays (see
        /// [`Field::element_descriptions`]).
        element_descriptions: Vec<Vec<String>>,
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
    /// Plain text, one entry per line (empty between paragraphs): the facts about the
    /// field, which each emitter renders for its reader (escaped for rustdoc, as written
    /// for the CLI's help).
    pub docs: Vec<String>,
    /// The spec's description of the field alone, as plain lines (Chinese, blank, English).
    pub description: Vec<String>,
    /// The spec's notes on the field, as written.
    pub notes: Vec<String>,
    /// For an array: the spec's description of its elements, one entry per level of
    /// nesting (outermost first), as plain lines.
    pub element_descriptions: Vec<Vec<String>>,
    pub wire_name: String,
    pub ident: String,
    /// The CLI flag, without `--` (used for top-level request fields).
    pub cli_flag: String,
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
    /// How the codes travel: as strings or as numbers.
    pub wire_type: WireType,
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
    resolve(spec)
}

/// Resolves a spec, reporting (never defaulting) whatever it cannot resolve: lint refuses
/// all of it first, so these diagnostics are a second line, not the rules.
fn resolve(spec: &Spec) -> Result<Api, Diagnostics> {
    let mut problems = Diagnostics::default();
    let families: Vec<Family> = spec
        .families
        .iter()
        .map(|f| family(f, &mut problems))
        .collect();
    let mut types = Resolver::new(spec, resolve::Origin::Endpoint(0));
    let mut endpoints = Vec::new();
    for (index, loaded) in spec.endpoints.iter().enumerate() {
        let doc = &loaded.doc;
        let Some(family) = spec.families.iter().position(|f| f.doc.name == doc.family) else {
            let message = format!("unknown family `{}`", doc.family);
            problems.push(loaded.diagnostic("family", message));
            continue;
        };
        endpoints.push(endpoint(doc, family, index, &mut types));
    }
    problems.0.append(&mut types.problems.0);
    let notify = spec
        .notify
        .as_ref()
        .map(|notify| notifications(spec, &notify.doc, &mut problems));
    // Every index below is into complete lists: stop before them when anything is missing.
    if !problems.is_empty() {
        return Err(problems.sorted());
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
    let environments = environments(&families);
    Ok(Api {
        families,
        endpoints,
        enums,
        objects,
        notify,
        environments,
    })
}

/// Every environment a family's server names, once, in order of first mention.
fn environments(families: &[Family]) -> Vec<Environment> {
    let mut environments: Vec<Environment> = Vec::new();
    for server in families.iter().flat_map(|f| &f.servers) {
        if environments.iter().all(|e| e.name != server.environment) {
            environments.push(Environment {
                name: server.environment.clone(),
                variant: names::variant(&server.environment),
            });
        }
    }
    environments
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::spec::{self, Spec};

    fn real_spec() -> Spec {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
        spec::load_dir(&dir).expect("the real spec loads")
    }

    fn problems_of(spec: &Spec) -> Vec<String> {
        match super::resolve(spec) {
            Ok(_) => Vec::new(),
            Err(problems) => problems.0.iter().map(ToString::to_string).collect(),
        }
    }

    /// What is checked is what is emitted: every name the IR holds is in the name table
    /// the clash checks ran over, as the same kind of name.
    #[test]
    fn every_name_in_the_ir_is_in_the_checked_table() {
        use std::collections::BTreeSet;

        use super::names::{Kind, NameTable};
        use super::{Api, Struct};

        let fixture =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated-client/tests/fixture-spec");
        for spec in [
            real_spec(),
            spec::load_dir(&fixture).expect("the fixture loads"),
        ] {
            let api: Api = super::build(&spec).expect("resolves");
            let table = NameTable::of(&spec);
            let held: BTreeSet<(Kind, &str)> = table
                .entries
                .iter()
                .map(|e| (e.kind, e.ident.as_str()))
                .collect();
            let mut missing = Vec::new();
            let mut expect = |kind: Kind, ident: &str| {
                if !held.contains(&(kind, ident)) {
                    missing.push(format!("{kind:?} `{ident}`"));
                }
            };
            let mut fields = |strukt: &Struct, flags: bool| {
                for field in &strukt.fields {
                    expect(Kind::Field, &field.ident);
                    if flags {
                        expect(Kind::Flag, &field.cli_flag);
                    }
                }
            };
            let mut types: Vec<(Kind, String)> = Vec::new();
            for family in &api.families {
                types.push((Kind::Static, family.static_name.clone()));
                types.push((Kind::Type, family.code_type_name.clone()));
                for status in &family.status_codes {
                    types.push((Kind::Variant, status.ident.clone()));
                }
            }
            for environment in &api.environments {
                types.push((Kind::Variant, environment.variant.clone()));
            }
            for endpoint in &api.endpoints {
                fields(&endpoint.request, true);
                if let super::Response::Object(response) = &endpoint.response {
                    fields(response, false);
                }
                types.push((Kind::Type, endpoint.request.name.clone()));
                types.push((Kind::Type, endpoint.response.name().to_string()));
                types.push((Kind::Type, endpoint.args_type.clone()));
                types.push((Kind::Method, endpoint.name.clone()));
                types.push((Kind::Subcommand, endpoint.cli_subcommand.clone()));
                if let Some(paging) = &endpoint.paging {
                    types.push((Kind::Method, paging.method.clone()));
                }
            }
            let notify = api.notify.iter();
            let objects = api
                .objects
                .iter()
                .chain(notify.clone().flat_map(|n| &n.objects));
            for object in objects {
                fields(&object.strukt, false);
                // Shared types are named by their file, inline objects by their field.
                types.push((Kind::Object, object.strukt.name.clone()));
            }
            let enums = api
                .enums
                .iter()
                .chain(notify.clone().flat_map(|n| &n.enums));
            let events = notify
                .clone()
                .flat_map(|n| n.kinds.iter().filter_map(|k| k.events.as_ref()));
            for enum_type in enums.chain(events.clone()) {
                for variant in &enum_type.variants {
                    types.push((Kind::Variant, variant.ident.clone()));
                }
            }
            for enum_type in events {
                types.push((Kind::Type, enum_type.name.clone()));
            }
            for enum_type in api.enums.iter() {
                types.push((Kind::Enum, enum_type.name.clone()));
            }
            for kind in notify.flat_map(|n| &n.kinds) {
                types.push((Kind::Type, kind.type_name.clone()));
                if let Some(body) = &kind.body {
                    fields(body, false);
                }
            }
            for (kind, ident) in &types {
                // A shared type's struct is recorded as a type of its own file.
                let kind = match kind {
                    Kind::Object if held.contains(&(Kind::Type, ident.as_str())) => Kind::Type,
                    other => *other,
                };
                expect(kind, ident);
            }
            assert_eq!(missing, Vec::<String>::new());
        }
    }

    /// Doc text in the IR is what the spec says: the `[...]` the vendor writes stays as
    /// written, and each emitter escapes it for its output.
    #[test]
    fn doc_text_in_the_ir_is_plain() {
        let api = super::build(&real_spec()).expect("resolves");
        let mut lines: Vec<&String> = Vec::new();
        for endpoint in &api.endpoints {
            lines.extend(&endpoint.docs);
            lines.extend(&endpoint.request.docs);
            for field in &endpoint.request.fields {
                lines.extend(&field.docs);
            }
        }
        for family in &api.families {
            lines.extend(&family.docs);
        }
        for enum_type in &api.enums {
            lines.extend(&enum_type.docs);
        }
        for object in &api.objects {
            lines.extend(&object.strukt.docs);
        }
        let escaped: Vec<&&String> = lines.iter().filter(|l| l.contains("\\[")).collect();
        assert_eq!(escaped, Vec::<&&String>::new());
        assert!(
            lines.iter().any(|l| l.contains('[')),
            "the spec has brackets"
        );
        let links = lines
            .iter()
            .filter(|l| l.contains("Client::") || l.contains("<http"));
        assert_eq!(
            links.count(),
            0,
            "links are rustdoc's, added by its emitter"
        );
    }

    #[test]
    fn the_real_spec_resolves_without_problems() {
        assert_eq!(problems_of(&real_spec()), Vec::<String>::new());
    }

    #[test]
    fn what_lint_would_refuse_is_reported_with_its_place_not_defaulted() {
        let mut spec = real_spec();
        spec.endpoints[0].doc.family = "nowhere".to_string();
        let paged = spec
            .endpoints
            .iter_mut()
            .find(|e| e.doc.paging.is_some())
            .expect("a paged endpoint");
        if let Some(paging) = &mut paged.doc.paging {
            paging.total_pages = "nothing.here".to_string();
        }
        let problems = problems_of(&spec);
        let family = problems
            .iter()
            .find(|p| p.contains("unknown family `nowhere`"));
        let pages = problems
            .iter()
            .find(|p| p.contains("no response field `nothing`"));
        for (what, problem) in [("family", family), ("total_pages", pages)] {
            let problem = problem.unwrap_or_else(|| panic!("no {what} problem in {problems:#?}"));
            // file:line:column
            let place: Vec<&str> = problem.splitn(4, ':').collect();
            assert!(place[0].ends_with(".yaml"), "{problem}");
            assert!(place[1].parse::<usize>().is_ok(), "{problem}");
            assert!(place[2].parse::<usize>().is_ok(), "{problem}");
        }
    }
}
