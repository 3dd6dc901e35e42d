//! Field types resolved, collecting the enums and nested objects they name.

use super::docs::{format_description, paragraph_lines, push_provenance, title_line};
use super::{EnumType, Field, FieldType, ObjectType, Paging, Response, Struct, Variant};
use std::collections::BTreeMap;

use crate::diagnostic::Diagnostics;
use crate::ir::names;
use crate::spec::{EnumValueDoc, FieldDoc, Format, PagingDoc, Shape, Spec, Text, WireType};

/// Resolves field types, collecting the enums and nested objects they need, and what it
/// could not resolve (which lint should have refused first) as diagnostics.
pub(super) struct Resolver<'a> {
    pub(super) spec: &'a Spec,
    pub(super) enums: BTreeMap<String, EnumType>,
    pub(super) objects: BTreeMap<String, ObjectType>,
    /// The document whose fields are being resolved, for locating problems.
    pub(super) origin: Origin,
    pub(super) problems: Diagnostics,
}

/// A spec document, by index.
#[derive(Clone, Copy)]
pub(super) enum Origin {
    Endpoint(usize),
    Notification(usize),
    SharedType(usize),
}

/// Where a field is used: on which side, by which endpoint (by index).
#[derive(Clone, Copy)]
pub(super) struct Site {
    pub(super) is_request: bool,
    pub(super) endpoint: usize,
}

impl<'a> Resolver<'a> {
    pub(super) fn new(spec: &'a Spec, origin: Origin) -> Self {
        Resolver {
            spec,
            enums: BTreeMap::new(),
            objects: BTreeMap::new(),
            origin,
            problems: Diagnostics::default(),
        }
    }

    /// Records what could not be resolved, at `at` in the current document.
    pub(super) fn report(&mut self, at: &str, message: String) {
        let spec = self.spec;
        let problem = match self.origin {
            Origin::Endpoint(i) => spec.endpoints.get(i).map(|d| d.diagnostic(at, message)),
            Origin::Notification(i) => spec.notifications.get(i).map(|d| d.diagnostic(at, message)),
            Origin::SharedType(i) => spec.types.get(i).map(|d| d.diagnostic(at, message)),
        };
        self.problems.0.extend(problem);
    }

    pub(super) fn field(&mut self, doc: &FieldDoc, at: &str, site: Site) -> Field {
        let is_request = site.is_request;
        let required = doc.is_required(is_request);
        let ty = self.shape_type(&doc.name, doc.shape(), false, at, site);
        // Plain text: rustdoc and clap each render it their way.
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
            docs.push(format!("Note: {note}"));
        }
        Field {
            description: paragraph_lines(doc.description.as_ref()),
            notes: doc.notes.clone(),
            element_descriptions: element_descriptions(doc.shape()),
            wire_name: doc.name.clone(),
            ident: names::field(&doc.name),
            cli_flag: names::cli_flag(&doc.name),
            docs,
            ty,
            required,
            nullable: doc.nullable,
            format: leaf_format(doc.shape()),
        }
    }

    /// The Rust type of a field or array element, registering the enums and objects it
    /// names.
    pub(super) fn shape_type(
        &mut self,
        field_name: &str,
        shape: Shape,
        in_array: bool,
        at: &str,
        site: Site,
    ) -> FieldType {
        let Site {
            is_request,
            endpoint,
        } = site;
        let kind = match type_kind(&shape, is_request) {
            TypeKind::Scalar(scalar) => return scalar,
            kind => kind,
        };
        if kind == TypeKind::Enum {
            let name = names::enum_type(field_name, &shape);
            let entry = self.enums.entry(name.clone()).or_insert_with(|| EnumType {
                name: name.clone(),
                docs: enum_docs(field_name, shape.description),
                tolerant: !is_request,
                wire_type: shape.wire_type,
                variants: shape.enum_values.iter().map(variant).collect(),
                used_by: Vec::new(),
            });
            if !entry.used_by.contains(&endpoint) {
                entry.used_by.push(endpoint);
            }
            return FieldType::Enum(name);
        }
        match kind {
            TypeKind::Array => {
                let Some(items) = shape.items else {
                    self.report(at, "an array needs `items:` (its element type)".to_string());
                    return FieldType::Array(Box::new(FieldType::String));
                };
                let inner = self.shape_type(
                    field_name,
                    items.shape(),
                    true,
                    &format!("{at}.items"),
                    site,
                );
                FieldType::Array(Box::new(inner))
            }
            _ => {
                let name = names::object_type(field_name, &shape, in_array);
                self.object(name, field_name, shape, in_array, at, site)
            }
        }
    }

    fn object(
        &mut self,
        name: String,
        field_name: &str,
        shape: Shape,
        in_array: bool,
        at: &str,
        site: Site,
    ) -> FieldType {
        let Site {
            is_request,
            endpoint,
        } = site;
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
                    sources: Vec::new(),
                    fields: Vec::new(),
                },
                in_request: is_request,
                shared: shape.reference.is_some(),
                description: Vec::new(),
                used_by: vec![endpoint],
            };
            self.objects.insert(name.clone(), placeholder);
        }
        let spec = self.spec;
        let shared = shape.reference.and_then(|r| spec.shared_type(r));
        if let (Some(reference), None) = (shape.reference, shared) {
            self.report(
                &format!("{at}.ref"),
                format!("no shared type `{reference}` in spec/types"),
            );
        }
        let description = match shared {
            Some(shared) => paragraph_lines(shared.doc.description.as_ref()),
            None => paragraph_lines(shape.description),
        };
        let sources = shared.map(|s| s.doc.sources.clone()).unwrap_or_default();
        let (field_docs, docs) = match shared {
            Some(shared) => {
                let mut docs = paragraph_lines(shared.doc.description.as_ref());
                if docs.is_empty() {
                    docs.push(format!("The shared type `{}`.", shared.doc.name));
                }
                push_provenance(&mut docs, &shared.doc.notes, &[]);
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
        // A shared type's fields are located in its own file.
        let outer = self.origin;
        let fields_at =
            match shared.and_then(|s| spec.types.iter().position(|t| std::ptr::eq(t, s))) {
                Some(index) => {
                    self.origin = Origin::SharedType(index);
                    "fields".to_string()
                }
                None => format!("{at}.fields"),
            };
        let fields: Vec<Field> = field_docs
            .iter()
            .enumerate()
            .map(|(i, f)| self.field(f, &format!("{fields_at}[{i}]"), site))
            .collect();
        self.origin = outer;
        if let Some(object) = self.objects.get_mut(&name) {
            object.strukt.docs = docs;
            object.strukt.sources = sources;
            object.strukt.fields = fields;
            object.description = description;
        }
        FieldType::Object(name)
    }
}

pub(super) fn resolve_paging(
    endpoint: &str,
    paging: &PagingDoc,
    response: &Response,
    types: &mut Resolver,
) -> Paging {
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
        });
    let item = item.unwrap_or_else(|| {
        let message = "paging.items must name an array response field".to_string();
        types.report("paging.items", message);
        FieldType::String
    });
    // Follow the dotted path through the response's objects, turning wire names into
    // Rust field names.
    let mut total_pages = Vec::new();
    let mut missing = None;
    let mut current = fields;
    for segment in paging.total_pages.split('.') {
        let Some(field) = current.iter().find(|f| f.wire_name == segment) else {
            missing = Some(segment);
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
    if let Some(segment) = missing {
        let message = format!("paging.total_pages: no response field `{segment}`");
        types.report("paging.total_pages", message);
    }
    Paging {
        method: names::paging_method(endpoint),
        page: names::field(&paging.page),
        items: names::field(&paging.items),
        item,
        total_pages,
    }
}

/// What kind of Rust type a field or array element becomes: decided here only, for
/// resolution and for `lfgen diff`'s type comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeKind {
    /// A generated enum (named by [`names::enum_type`]).
    Enum,
    /// A generated struct (named by [`names::object_type`]).
    Object,
    /// A `Vec` of what `items` becomes.
    Array,
    /// A type of its own: string, number, date, ...
    Scalar(FieldType),
}

pub fn type_kind(shape: &Shape, is_request: bool) -> TypeKind {
    if !shape.enum_values.is_empty() {
        return TypeKind::Enum;
    }
    let scalar = match (shape.wire_type, shape.format) {
        // Responses accept every date form the server is seen to send.
        (WireType::String, Some(Format::DateYyyymmdd)) if !is_request => FieldType::VendorDate,
        (WireType::String, _) => FieldType::String,
        (WireType::Integer, _) => FieldType::Integer,
        (WireType::Number, _) => FieldType::Number,
        (WireType::Boolean, _) => FieldType::Boolean,
        (WireType::Array, _) => return TypeKind::Array,
        (WireType::Object, _) => return TypeKind::Object,
    };
    TypeKind::Scalar(scalar)
}

/// The spec's descriptions of an array's elements, one per level of nesting (outermost
/// first), as plain lines; empty for anything else.
pub(super) fn element_descriptions(shape: Shape) -> Vec<Vec<String>> {
    let mut descriptions = Vec::new();
    let mut items = shape.items;
    while let Some(element) = items {
        descriptions.push(paragraph_lines(element.description.as_ref()));
        items = element.shape().items;
    }
    descriptions
}

/// The format of a string field, or of the strings an array holds.
pub(super) fn leaf_format(shape: Shape) -> Option<Format> {
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

/// `string`, `array of object`, …
pub(super) fn wire_type_name(shape: Shape) -> String {
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

/// An enum value's variant: its Rust name decided by the naming rule, its wire code and
/// meaning.
pub(super) fn variant(value: &EnumValueDoc) -> Variant {
    Variant {
        ident: names::variant(&value.name),
        name: value.name.clone(),
        wire: value.value.clone(),
        meaning: value.meaning.as_ref().map(title_line),
    }
}
