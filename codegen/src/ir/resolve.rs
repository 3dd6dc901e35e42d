//! Field types resolved, collecting the enums and nested objects they name.

use std::collections::BTreeMap;

use super::docs::*;
use super::*;
use crate::ir::names;
use crate::spec::{FieldDoc, Format, PagingDoc, Shape, Spec, Text, WireType};

/// Resolves field types, collecting the enums and nested objects they need.
pub(super) struct Resolver<'a> {
    pub(super) spec: &'a Spec,
    pub(super) enums: BTreeMap<String, EnumType>,
    pub(super) objects: BTreeMap<String, ObjectType>,
}

impl Resolver<'_> {
    pub(super) fn field(&mut self, doc: &FieldDoc, is_request: bool, endpoint: usize) -> Field {
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
        is_request: bool,
        endpoint: usize,
    ) -> FieldType {
        if !shape.enum_values.is_empty() {
            let name = names::enum_type(field_name, &shape);
            let entry = self.enums.entry(name.clone()).or_insert_with(|| EnumType {
                name: name.clone(),
                docs: enum_docs(field_name, shape.description),
                tolerant: !is_request,
                variants: shape
                    .enum_values
                    .iter()
                    .map(|v| Variant {
                        ident: names::variant(&v.name),
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
                let name = names::object_type(field_name, &shape, in_array);
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

pub(super) fn resolve_paging(
    endpoint: &str,
    paging: &PagingDoc,
    response: &Response,
    types: &Resolver,
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
        method: names::paging_method(endpoint),
        page: names::field(&paging.page),
        items: names::field(&paging.items),
        item,
        total_pages,
    }
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
