//! Schemas of an OpenAPI document as fields: local `$ref`s followed with a bounded depth
//! and cycles refused, `allOf` merged, nullability of 3.0 and 3.1, lfgen's enum extensions
//! and the `title` that keeps a reviewed `type_name`.

use heck::ToSnakeCase;
use serde_json::Value;

use super::{
    at, escape, Reader, MAX_DEPTH, MAX_DOCUMENT_NODES, MAX_DOCUMENT_TEXT_BYTES, MAX_NODES,
};
use crate::diagnostic::Diagnostic;
use crate::import::enums;
use crate::import::model::{Bilingual, EnumValue, Field};
use crate::spec::{Format, WireType};

impl Reader<'_> {
    /// The schema `$ref` points at, following chains; a cycle or too deep a chain is an error.
    pub(super) fn resolve<'v>(
        &'v self,
        schema: &'v Value,
        pointer: &str,
        depth: usize,
    ) -> Result<(&'v Value, String), Diagnostic> {
        let mut schema = schema;
        let mut pointer = pointer.to_string();
        let mut seen: Vec<String> = Vec::new();
        while let Some(target) = schema.get("$ref").and_then(Value::as_str) {
            let Some(local) = target.strip_prefix('#') else {
                return Err(at(
                    self.file,
                    &pointer,
                    format!("$ref {target} is not in this document"),
                ));
            };
            if seen.iter().any(|s| s == local) {
                seen.push(local.to_string());
                return Err(at(
                    self.file,
                    &pointer,
                    format!("$ref cycle: {}", seen.join(" → ")),
                ));
            }
            if seen.len() + depth >= MAX_DEPTH {
                return Err(at(self.file, &pointer, format!("schemas nest more than {MAX_DEPTH} deep (a $ref cycle through properties?)")));
            }
            seen.push(local.to_string());
            schema = self.root.pointer(local).ok_or_else(|| {
                at(
                    self.file,
                    &pointer,
                    format!("$ref {target} points at nothing"),
                )
            })?;
            pointer = local.to_string();
        }
        Ok((schema, pointer))
    }

    /// One more schema node of the operation; refused past [`MAX_NODES`], since a `$ref`'d
    /// object is drafted inline at every use and a small document can multiply them.
    fn count_node(&self, schema: &Value, pointer: &str) -> Result<(), Diagnostic> {
        let document_nodes = self.document_nodes.get() + 1;
        self.document_nodes.set(document_nodes);
        let text = schema
            .get("description")
            .and_then(Value::as_str)
            .map_or(0, str::len);
        let document_text = self.document_text_bytes.get().saturating_add(text);
        self.document_text_bytes.set(document_text);
        if document_nodes > MAX_DOCUMENT_NODES || document_text > MAX_DOCUMENT_TEXT_BYTES {
            return Err(at(
                self.file,
                pointer,
                format!("the document's schemas expand to more than {MAX_DOCUMENT_NODES} schema nodes or {MAX_DOCUMENT_TEXT_BYTES} bytes of descriptions (a `$ref`'d schema is drafted inline at each use): import fewer operations at once or draft this part by hand"),
            ));
        }
        let nodes = self.nodes.get() + 1;
        self.nodes.set(nodes);
        if nodes > MAX_NODES {
            return Err(at(
                self.file,
                pointer,
                format!("the operation's schemas expand to more than {MAX_NODES} schema nodes (a `$ref`'d object is drafted inline at each use): split the schema or draft this part by hand"),
            ));
        }
        Ok(())
    }

    /// The fields of an object schema, `allOf` members merged in order.
    pub(super) fn object(
        &self,
        schema: &Value,
        pointer: &str,
        depth: usize,
    ) -> Result<Object, Diagnostic> {
        let mut object = self.merged(schema, pointer, depth)?;
        object.resolved = self.fields_of(&object, depth)?;
        Ok(object)
    }

    /// The properties of an object schema, `allOf` members merged in order, not yet
    /// resolved into fields (an `allOf` member's fields would be thrown away).
    pub(super) fn merged(
        &self,
        schema: &Value,
        pointer: &str,
        depth: usize,
    ) -> Result<Object, Diagnostic> {
        self.count_node(schema, pointer)?;
        if depth > MAX_DEPTH {
            return Err(at(
                self.file,
                pointer,
                format!(
                    "schemas nest more than {MAX_DEPTH} deep (a $ref cycle through properties?)"
                ),
            ));
        }
        let (schema, pointer) = self.resolve(schema, pointer, depth)?;
        let mut object = Object::default();
        if let Some(members) = schema.get("allOf").and_then(Value::as_array) {
            for (i, member) in members.iter().enumerate() {
                let part = self.merged(member, &format!("{pointer}/allOf/{i}"), depth + 1)?;
                // A later member's property refines an earlier one of the same name
                // (lfgen's envelope declares `data` as any value; the operation, its type).
                for (name, property) in part.properties {
                    object.properties.retain(|(existing, _)| *existing != name);
                    object.properties.push((name, property));
                }
                object.required.extend(part.required);
            }
        }
        if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
            for (name, property) in properties {
                let field_pointer = format!("{pointer}/properties/{}", escape(name));
                object.properties.retain(|(existing, _)| existing != name);
                object
                    .properties
                    .push((name.clone(), (property.clone(), field_pointer)));
            }
        }
        if let Some(required) = schema.get("required").and_then(Value::as_array) {
            object.required.extend(
                required
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string),
            );
        }
        Ok(object)
    }

    fn fields_of(&self, object: &Object, depth: usize) -> Result<Vec<Field>, Diagnostic> {
        let mut fields = Vec::new();
        for (name, (schema, pointer)) in &object.properties {
            if let Some(mut field) = self.field(name, schema, pointer, depth + 1)? {
                field.required = Some(object.required.contains(name));
                fields.push(field);
            }
        }
        Ok(fields)
    }

    /// A property as a field; `None` for a schema with no type at all.
    pub(super) fn field(
        &self,
        name: &str,
        schema: &Value,
        pointer: &str,
        depth: usize,
    ) -> Result<Option<Field>, Diagnostic> {
        self.typed_field(name, name, false, schema, pointer, depth)
    }

    /// A property (`name`) or the elements of the array property `type_of`, with the
    /// schema's `title` kept as `type_name` when it is not the name derived anyway.
    fn typed_field(
        &self,
        name: &str,
        type_of: &str,
        in_array: bool,
        schema: &Value,
        pointer: &str,
        depth: usize,
    ) -> Result<Option<Field>, Diagnostic> {
        self.count_node(schema, pointer)?;
        if depth > MAX_DEPTH {
            return Err(at(
                self.file,
                pointer,
                format!(
                    "schemas nest more than {MAX_DEPTH} deep (a $ref cycle through properties?)"
                ),
            ));
        }
        let named = schema
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.rsplit('/').next());
        let named = named.map(str::to_string);
        let (schema, pointer) = self.resolve(schema, pointer, depth)?;
        let mut field = Field::new(name, WireType::String, 1);
        if let Some(component) = named {
            field.comments.push(format!(
                "review: the document names this schema {component} ($ref); if spec/types declares it, write `ref:` instead"
            ));
        }
        let (types, nullable) = types_of(schema);
        field.nullable = nullable;
        let non_null: Vec<&str> = types.iter().copied().filter(|t| *t != "null").collect();
        let wire = match non_null.as_slice() {
            [] if nullable => {
                field
                    .comments
                    .push("review: the schema allows null only; string assumed".into());
                Some(WireType::String)
            }
            [] if schema.get("allOf").is_some() || schema.get("properties").is_some() => {
                Some(WireType::Object)
            }
            [] => None,
            [one] => wire_type(one),
            _ => {
                field.comments.push(format!(
                    "review: the schema allows {non_null:?}; the first is kept"
                ));
                wire_type(non_null[0])
            }
        };
        let Some(wire) = wire else {
            return Ok(None);
        };
        field.wire_type = wire;
        if let Some(text) = schema.get("description").and_then(Value::as_str) {
            for line in text.split("\n\n").next().unwrap_or_default().lines() {
                field.description.push_line(line);
            }
        }
        field.format = schema
            .get("format")
            .and_then(Value::as_str)
            .and_then(format);
        match enum_values(schema) {
            Ok(values) => field.enum_values = values,
            Err(note) => field.comments.push(format!("review: {note}")),
        }
        if !field.enum_values.is_empty() && schema.get("x-enum-varnames").is_none() {
            field
                .comments
                .push("review: variant names derived; the document gives none".into());
        }
        if let Some(title) = schema.get("title").and_then(Value::as_str) {
            let derived = derived_type_name(type_of, wire, !field.enum_values.is_empty(), in_array);
            if derived.as_deref() != Some(title) {
                field.type_name = Some(title.to_string());
            }
        }
        match wire {
            WireType::Object => {
                let object = self.object(schema, &pointer, depth + 1)?;
                field.fields = object.resolved;
            }
            WireType::Array => {
                let items_pointer = format!("{pointer}/items");
                let items = schema.get("items").unwrap_or(&Value::Null);
                let item = self.typed_field("", type_of, true, items, &items_pointer, depth + 1)?;
                field.items = Some(Box::new(item.unwrap_or_else(|| {
                    let mut item = Field::new("", WireType::String, 1);
                    item.comments
                        .push("review: the element type is not given; string assumed".into());
                    item
                })));
            }
            _ => {}
        }
        Ok(Some(field))
    }
}

/// The Rust type name lfgen derives for an enum or object without `type_name`.
fn derived_type_name(
    field_name: &str,
    wire: WireType,
    is_enum: bool,
    in_array: bool,
) -> Option<String> {
    let shape = crate::spec::Shape {
        wire_type: wire,
        format: None,
        type_name: None,
        description: None,
        enum_values: &[],
        fields: &[],
        reference: None,
        items: None,
    };
    match (is_enum, wire) {
        (true, _) => Some(crate::ir::names::enum_type(field_name, &shape)),
        (false, WireType::Object) => {
            Some(crate::ir::names::object_type(field_name, &shape, in_array))
        }
        _ => None,
    }
}

/// An object schema's properties (with their pointers), merged from `allOf`.
#[derive(Debug, Default)]
pub(super) struct Object {
    pub(super) properties: Vec<(String, (Value, String))>,
    pub(super) required: Vec<String>,
    pub(super) resolved: Vec<Field>,
}

/// The schema's types (3.1 `type: [t, "null"]`, 3.0 `nullable`) and whether null is allowed.
pub(super) fn types_of(schema: &Value) -> (Vec<&str>, bool) {
    let mut types: Vec<&str> = match schema.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(list)) => list.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    if let Some(any) = schema
        .get("anyOf")
        .or(schema.get("oneOf"))
        .and_then(Value::as_array)
    {
        for member in any {
            if let Some(t) = member.get("type").and_then(Value::as_str) {
                types.push(t);
            }
        }
    }
    let nullable =
        types.contains(&"null") || schema.get("nullable").and_then(Value::as_bool) == Some(true);
    (types, nullable)
}

fn wire_type(name: &str) -> Option<WireType> {
    Some(match name {
        "string" => WireType::String,
        "integer" => WireType::Integer,
        "number" => WireType::Number,
        "boolean" => WireType::Boolean,
        "array" => WireType::Array,
        "object" => WireType::Object,
        _ => return None,
    })
}

fn format(slug: &str) -> Option<Format> {
    [
        Format::Iccid,
        Format::Decimal2,
        Format::UnsignedInteger,
        Format::DateYyyymmdd,
    ]
    .into_iter()
    .find(|f| crate::ir::format_slug(*f) == slug)
}

/// `enum` with lfgen's `x-enum-varnames` and `x-enum-descriptions`; for a response enum
/// (no `enum`), the values of the description's listing "`1`: meaning; `2`: …". More
/// than [`enums::MAX_VALUES`] values: no enum, and the review note saying so.
fn enum_values(schema: &Value) -> Result<Vec<EnumValue>, String> {
    let strings = |key: &str| -> Vec<String> {
        schema
            .get(key)
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .map(|v| match v {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut values = strings("enum");
    if values.is_empty() && schema.get("x-enum-varnames").is_some() {
        let description = schema
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let listing = description.rsplit("\n\n").next().unwrap_or_default();
        values = listing
            .split("; ")
            .filter_map(|item| Some(item.strip_prefix('`')?.split_once("`:")?.0.to_string()))
            .collect();
    }
    if values.len() > enums::MAX_VALUES {
        let max = enums::MAX_VALUES;
        return Err(format!(
            "the schema lists more than {max} enum values; no enum was drafted"
        ));
    }
    let names = strings("x-enum-varnames");
    let meanings = strings("x-enum-descriptions");
    let mut list: Vec<EnumValue> = values
        .iter()
        .enumerate()
        .map(|(i, value)| {
            let mut meaning = Bilingual::default();
            meaning.push_line(meanings.get(i).map_or("", String::as_str));
            EnumValue {
                value: value.clone(),
                name: String::new(),
                meaning,
                review: String::new(),
            }
        })
        .collect();
    if names.len() == list.len() && !names.is_empty() {
        for (value, name) in list.iter_mut().zip(&names) {
            value.name = name.to_snake_case();
            value.review = format!("variant name from x-enum-varnames {name}");
        }
    } else {
        enums::name_values(&mut list);
    }
    Ok(list)
}
