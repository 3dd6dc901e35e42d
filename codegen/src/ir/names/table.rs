//! The name table: every identifier the spec makes, with what it names and where in the
//! spec it comes from, built once by the rules in [`super`]. The clash checks
//! ([`super::check`]) run over it.

use crate::diagnostic::Diagnostic;
use crate::spec::walk::{self, FieldList, ShapeAt};
use crate::spec::{FieldDoc, Spec, WireType};

/// The variant a response or event enum keeps unlisted codes in.
const UNKNOWN: &str = "Unknown";
/// The variant a family's code enum keeps undocumented codes in.
const OTHER: &str = "Other";

/// Where a name comes from: a spec document (by kind and index) and a YAML path in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub document: Document,
    /// `request.fields[2].type_name`.
    pub at: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Document {
    Family(usize),
    Endpoint(usize),
    SharedType(usize),
    Notification(usize),
}

impl Place {
    fn new(document: Document, at: impl Into<String>) -> Self {
        Place {
            document,
            at: at.into(),
        }
    }

    /// A diagnostic at this place, with its file, line and column.
    pub fn diagnostic(&self, spec: &Spec, message: String) -> Option<Diagnostic> {
        let at = self.at.as_str();
        match self.document {
            Document::Family(i) => spec.families.get(i).map(|d| d.diagnostic(at, message)),
            Document::Endpoint(i) => spec.endpoints.get(i).map(|d| d.diagnostic(at, message)),
            Document::SharedType(i) => spec.types.get(i).map(|d| d.diagnostic(at, message)),
            Document::Notification(i) => {
                spec.notifications.get(i).map(|d| d.diagnostic(at, message))
            }
        }
    }
}

/// The scopes in which two equal names clash.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Namespace {
    /// The generated types and statics, the notifications' included.
    Types,
    /// `Client`'s methods.
    Methods,
    /// The sections of the generated file.
    Sections,
    /// The CLI's subcommands.
    Subcommands,
    /// One subcommand's flags (by endpoint index).
    Flags(usize),
    /// One struct's fields (by the order of its list in the table), decoded from requests
    /// or not.
    Fields { list: usize, decoded: bool },
    /// One enum's variants (by the order of its declaration in the table), with the
    /// variant it keeps unlisted codes in, if any (`Unknown`, `Other`).
    Variants {
        list: usize,
        fallback: Option<&'static str>,
    },
}

/// What kind of item a name is, for the messages and for telling a shared enum (one type
/// named from several fields) from a clash.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Type,
    Enum,
    /// A struct made from an inline object.
    Object,
    Static,
    Method,
    Section,
    Subcommand,
    Flag,
    Field,
    Variant,
}

/// One generated identifier.
#[derive(Debug, Clone)]
pub struct Entry {
    pub ident: String,
    pub kind: Kind,
    pub namespace: Namespace,
    /// What it names, for messages: "endpoint `open_package`", "field `orderId`".
    pub names: String,
    /// What made it: the spec name, before the rules (`orderId` for `order_id`).
    pub source: String,
    pub place: Place,
}

/// Every identifier the spec makes, in spec order.
#[derive(Debug, Clone, Default)]
pub struct NameTable {
    pub entries: Vec<Entry>,
    /// How many field lists and enums are recorded: the scope of the next one.
    scopes: usize,
}

impl NameTable {
    pub fn of(spec: &Spec) -> Self {
        let mut table = NameTable::default();
        for (i, family) in spec.families.iter().enumerate() {
            let name = &family.doc.name;
            let place = || Place::new(Document::Family(i), "name");
            let names = format!("family `{name}`");
            table.add(
                super::family_static(name),
                Kind::Static,
                Namespace::Types,
                &names,
                name,
                place(),
            );
            table.add(
                super::family_code_type(name),
                Kind::Type,
                Namespace::Types,
                &names,
                name,
                place(),
            );
            let codes = Namespace::Variants {
                list: table.next_scope(),
                fallback: Some(OTHER),
            };
            for (j, status) in family.doc.status_codes.iter().enumerate() {
                let place = Place::new(Document::Family(i), format!("status_codes[{j}].name"));
                let what = format!("status code name `{}`", status.name);
                let ident = super::variant(&status.name);
                table.add(
                    ident,
                    Kind::Variant,
                    codes.clone(),
                    &what,
                    &status.name,
                    place,
                );
            }
        }
        table.add_environments(spec);
        let sides = walk::shared_type_sides(spec);
        for (i, shared) in spec.types.iter().enumerate() {
            let name = &shared.doc.name;
            let names = format!("shared type `{name}`");
            let place = Place::new(Document::SharedType(i), "name");
            table.add(
                super::shared_type(name),
                Kind::Type,
                Namespace::Types,
                &names,
                name,
                place,
            );
            // A shared type is on one side only (lint); request types are decoded.
            let decoded = sides.get(name).is_some_and(|s| s.contains(&true));
            let (lists, shapes) = walk::collect("fields", &shared.doc.fields);
            let tree = Tree::new(Document::SharedType(i), &names, Namespace::Types, decoded);
            table.add_tree(&tree, &lists, &shapes);
        }
        for (i, notification) in spec.notifications.iter().enumerate() {
            let doc = &notification.doc;
            let names = format!("notification `{}`", doc.name);
            let place = || Place::new(Document::Notification(i), "name");
            let ns = Namespace::Types;
            table.add(
                super::notification_type(&doc.name),
                Kind::Type,
                ns.clone(),
                &names,
                &doc.name,
                place(),
            );
            if !doc.events.is_empty() {
                let event = super::notification_event_type(&doc.name);
                table.add(event, Kind::Type, ns.clone(), &names, &doc.name, place());
                // Event enums keep unlisted codes, like response enums.
                let variants = Namespace::Variants {
                    list: table.next_scope(),
                    fallback: Some(UNKNOWN),
                };
                for (j, event) in doc.events.iter().enumerate() {
                    let place = Place::new(Document::Notification(i), format!("events[{j}].name"));
                    let what = format!("enum name `{}`", event.name);
                    let ident = super::variant(&event.name);
                    table.add(
                        ident,
                        Kind::Variant,
                        variants.clone(),
                        &what,
                        &event.name,
                        place,
                    );
                }
            }
            let (lists, shapes) = walk::collect("fields", &doc.fields);
            let tree = Tree::new(Document::Notification(i), &names, ns, false);
            table.add_tree(&tree, &lists, &shapes);
        }
        for (i, endpoint) in spec.endpoints.iter().enumerate() {
            table.add_endpoint(i, endpoint);
        }
        table
    }

    /// The variants of `Environment`: each environment once, where it is first named.
    fn add_environments(&mut self, spec: &Spec) {
        let variants = Namespace::Variants {
            list: self.next_scope(),
            fallback: None,
        };
        let mut seen = Vec::new();
        for (i, family) in spec.families.iter().enumerate() {
            for (j, base) in family.doc.base_urls.iter().enumerate() {
                let Some(environment) = &base.environment else {
                    continue;
                };
                if seen.contains(&environment) {
                    continue;
                }
                seen.push(environment);
                let place = Place::new(Document::Family(i), format!("base_urls[{j}].environment"));
                self.add(
                    super::variant(environment),
                    Kind::Variant,
                    variants.clone(),
                    &format!("environment `{environment}`"),
                    environment,
                    place,
                );
            }
        }
    }

    fn add(
        &mut self,
        ident: String,
        kind: Kind,
        namespace: Namespace,
        names: &str,
        source: &str,
        place: Place,
    ) {
        self.entries.push(Entry {
            ident,
            kind,
            namespace,
            names: names.to_string(),
            source: source.to_string(),
            place,
        });
    }

    fn next_scope(&mut self) -> usize {
        self.scopes += 1;
        self.scopes
    }

    fn add_endpoint(&mut self, i: usize, endpoint: &crate::spec::Loaded<crate::spec::EndpointDoc>) {
        let doc = &endpoint.doc;
        let name = &doc.name;
        let names = format!("endpoint `{name}`");
        let place = |at: &str| Place::new(Document::Endpoint(i), at);
        self.add(
            super::method(name),
            Kind::Method,
            Namespace::Methods,
            &names,
            name,
            place("name"),
        );
        self.add(
            name.clone(),
            Kind::Section,
            Namespace::Sections,
            &names,
            name,
            place("name"),
        );
        if doc.paging.is_some() {
            let method = super::paging_method(name);
            let paging = format!("the paging method of {names}");
            self.add(
                method,
                Kind::Method,
                Namespace::Methods,
                &paging,
                name,
                place("paging"),
            );
        }
        for made in [
            super::request_type(name),
            super::response_type(name),
            super::args_type(name),
        ] {
            self.add(
                made,
                Kind::Type,
                Namespace::Types,
                &names,
                name,
                place("name"),
            );
        }
        let command = super::cli_subcommand(&doc.path);
        self.add(
            command,
            Kind::Subcommand,
            Namespace::Subcommands,
            &names,
            &doc.path,
            place("path"),
        );
        for (j, field) in doc.request.fields.iter().enumerate() {
            let flag = super::cli_flag(&field.name);
            let what = format!("field `{}`", field.name);
            let at = format!("request.fields[{j}].name");
            self.add(
                flag,
                Kind::Flag,
                Namespace::Flags(i),
                &what,
                &field.name,
                place(&at),
            );
        }
        let (lists, shapes) = walk::collect("request.fields", &doc.request.fields);
        let request = Tree::new(Document::Endpoint(i), &names, Namespace::Types, true);
        self.add_tree(&request, &lists, &shapes);
        let (lists, shapes) = walk::collect_response(&doc.response);
        let response = Tree::new(Document::Endpoint(i), &names, Namespace::Types, false);
        self.add_tree(&response, &lists, &shapes);
    }

    /// The names one side of a document makes: fields, enums and their variants, objects.
    fn add_tree(&mut self, tree: &Tree, lists: &[FieldList], shapes: &[ShapeAt]) {
        for list in lists {
            self.add_fields(tree, list);
        }
        for visit in shapes {
            let shape = &visit.shape;
            if !shape.enum_values.is_empty() {
                self.add_enum(tree, visit);
            } else if shape.wire_type == WireType::Object && shape.reference.is_none() {
                let name = super::object_type(visit.field_name, shape, visit.in_array);
                let names = format!("an object of {}", tree.owner);
                let at = made_at(visit);
                let place = Place::new(tree.document, at);
                self.add(
                    name,
                    Kind::Object,
                    tree.types.clone(),
                    &names,
                    visit.field_name,
                    place,
                );
            }
        }
    }

    fn add_fields(&mut self, tree: &Tree, list: &FieldList) {
        let namespace = Namespace::Fields {
            list: self.next_scope(),
            decoded: tree.is_request,
        };
        for (i, field) in list.fields.iter().enumerate() {
            self.add_field(tree, &namespace, &format!("{}[{i}].name", list.at), field);
        }
    }

    fn add_field(&mut self, tree: &Tree, namespace: &Namespace, at: &str, field: &FieldDoc) {
        let what = format!("field `{}`", field.name);
        let place = Place::new(tree.document, at);
        let ident = super::field(&field.name);
        self.add(
            ident,
            Kind::Field,
            namespace.clone(),
            &what,
            &field.name,
            place,
        );
    }

    fn add_enum(&mut self, tree: &Tree, visit: &ShapeAt) {
        let shape = &visit.shape;
        let name = super::enum_type(visit.field_name, shape);
        let names = format!("an enum of {}", tree.owner);
        let place = Place::new(tree.document, made_at(visit));
        self.add(
            name.clone(),
            Kind::Enum,
            tree.types.clone(),
            &names,
            visit.field_name,
            place,
        );
        let variants = Namespace::Variants {
            list: self.next_scope(),
            fallback: (!tree.is_request).then_some(UNKNOWN),
        };
        for (j, value) in shape.enum_values.iter().enumerate() {
            let place = Place::new(tree.document, format!("{}.enum[{j}].name", visit.at));
            let what = format!("enum name `{}`", value.name);
            let ident = super::variant(&value.name);
            self.add(
                ident,
                Kind::Variant,
                variants.clone(),
                &what,
                &value.name,
                place,
            );
        }
    }
}

/// Where a type's name is made: its `type_name:`, or the field named like the type.
fn made_at(visit: &ShapeAt) -> String {
    match visit.shape.type_name {
        Some(_) => format!("{}.type_name", visit.at),
        None => visit.at.clone(),
    }
}

/// One side of one document, as its names are collected.
struct Tree<'a> {
    document: Document,
    owner: &'a str,
    /// Where its types live: the crate's namespace, or the notify module's.
    types: Namespace,
    /// Requests (and the shared types they use) are decoded by generated code.
    is_request: bool,
}

impl<'a> Tree<'a> {
    fn new(document: Document, owner: &'a str, types: Namespace, is_request: bool) -> Self {
        Tree {
            document,
            owner,
            types,
            is_request,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::{Document, Kind, NameTable, Namespace};

    #[test]
    fn every_kind_of_name_is_recorded_with_its_place() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
        let spec = crate::spec::load_dir(&dir).expect("the real spec loads");
        let open = spec
            .endpoints
            .iter()
            .position(|e| e.doc.name == "open_package")
            .expect("open_package");
        let table = NameTable::of(&spec);
        let find = |ident: &str, kind: Kind| {
            let of_open = |d: &Document| matches!(d, Document::Endpoint(i) if *i == open);
            table
                .entries
                .iter()
                .filter(|e| kind == Kind::Static || of_open(&e.place.document))
                .find(|e| e.ident == ident && e.kind == kind)
                .unwrap_or_else(|| panic!("no {kind:?} `{ident}`"))
        };
        let request = find("OpenPackageRequest", Kind::Type);
        assert_eq!(request.place.document, Document::Endpoint(open));
        assert_eq!(request.place.at, "name");
        assert_eq!(
            find("open_package", Kind::Method).namespace,
            Namespace::Methods
        );
        assert_eq!(find("open-package", Kind::Subcommand).place.at, "path");
        let flag = find("order-id", Kind::Flag);
        assert_eq!(flag.place.at, "request.fields[0].name");
        assert_eq!(flag.source, "order_id");
        assert!(matches!(
            find("order_id", Kind::Field).namespace,
            Namespace::Fields { decoded: true, .. }
        ));
        assert!(matches!(
            find("CSSS", Kind::Static).place.document,
            Document::Family(_)
        ));
    }
}
