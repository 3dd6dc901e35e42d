//! An OpenAPI 3.0 or 3.1 document (JSON or YAML: what Apifox exports, and `lfgen
//! openapi`'s output) as operations. Local `$ref`s are followed with a bounded depth and
//! cycles are refused; problems name their JSON pointer.

use heck::ToSnakeCase;
use serde_json::Value;

use super::model::{Bilingual, DataKind, EnumValue, Field, Operation, Response};
use super::{enums, infer, Options};
use crate::diagnostic::{Diagnostic, Location};
use crate::spec::{Format, Method, WireType};
use std::path::Path;

/// How many `$ref`s and nested schemas deep a schema may go.
const MAX_DEPTH: usize = 32;

/// Whether `text` is an OpenAPI document rather than a page: JSON, or YAML with a
/// top-level `openapi:` key.
pub fn looks_like(text: &str) -> bool {
    let text = text.trim_start_matches('\u{feff}').trim_start();
    text.starts_with('{')
        || text
            .lines()
            .any(|l| l.starts_with("openapi:") || l.starts_with("swagger:"))
}

struct Reader<'a> {
    file: &'a Path,
    root: &'a Value,
    options: &'a Options,
}

/// A problem at a JSON pointer of the document.
fn at(file: &Path, pointer: &str, message: impl Into<String>) -> Diagnostic {
    let message = format!("at #{pointer}: {}", message.into());
    Diagnostic::new(file, Location { line: 1, column: 1 }, message)
}

pub fn read(file: &Path, text: &str, options: &Options) -> Result<Vec<Operation>, Diagnostic> {
    let root: Value = if text.trim_start().starts_with('{') {
        serde_json::from_str(text).map_err(|error| {
            let location = Location {
                line: error.line().max(1),
                column: error.column().max(1),
            };
            Diagnostic::new(file, location, format!("not JSON: {error}"))
        })?
    } else {
        crate::spec::parse_yaml(file, text)?
    };
    let version = root
        .get("openapi")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if !(version.starts_with("3.0") || version.starts_with("3.1")) {
        let found = root
            .get("openapi")
            .or(root.get("swagger"))
            .map_or("none".into(), Value::to_string);
        return Err(at(
            file,
            "/openapi",
            format!("not an OpenAPI 3.0 or 3.1 document (openapi: {found})"),
        ));
    }
    let reader = Reader {
        file,
        root: &root,
        options,
    };
    let paths = root
        .get("paths")
        .and_then(Value::as_object)
        .ok_or_else(|| at(file, "/paths", "the document has no paths"))?;
    let mut operations = Vec::new();
    for (path, item) in paths {
        let Some(item) = item.as_object() else {
            continue;
        };
        for (key, method) in [
            ("get", Method::Get),
            ("post", Method::Post),
            ("put", Method::Put),
            ("delete", Method::Delete),
        ] {
            if let Some(operation) = item.get(key) {
                let pointer = format!("/paths/{}/{key}", escape(path));
                operations.push(reader.operation(path, method, operation, &pointer)?);
            }
        }
    }
    if operations.is_empty() {
        return Err(at(
            file,
            "/paths",
            "the document has no GET, POST, PUT or DELETE operation",
        ));
    }
    Ok(operations)
}

/// A key as a JSON pointer token.
fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

impl Reader<'_> {
    fn operation(
        &self,
        path: &str,
        method: Method,
        op: &Value,
        pointer: &str,
    ) -> Result<Operation, Diagnostic> {
        let mut comments = Vec::new();
        let name = match op.get("operationId").and_then(Value::as_str) {
            Some(id) => id.to_snake_case(),
            None => {
                comments.push(
                    "review: name derived from the path's last segment (no operationId)"
                        .to_string(),
                );
                infer::endpoint_name(path).ok_or_else(|| {
                    at(self.file, pointer, "no operationId and no name in the path")
                })?
            }
        };
        let body_pointer = format!("{pointer}/requestBody/content/application~1json");
        let body = op.pointer("/requestBody/content/application~1json");
        let request_schema = match body.and_then(|b| b.get("schema")) {
            Some(schema) => self.object(schema, &format!("{body_pointer}/schema"), 0)?,
            None => Object::default(),
        };
        let family = self.family(op, &request_schema, &mut comments);
        let runtime = self.options.runtime_fields(&family);
        let request = request_schema
            .resolved
            .into_iter()
            .filter(|f| !runtime.contains(&f.name))
            .collect();
        let mut gaps = Vec::new();
        let mut description = Bilingual::default();
        for paragraph in op
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .split("\n\n")
        {
            match paragraph.strip_prefix("Gap in the documentation: ") {
                Some(gap) => gaps.push(gap.to_string()),
                None => {
                    for line in paragraph.lines() {
                        description.push_line(line);
                    }
                }
            }
        }
        let response = self.response(op, pointer)?;
        let example = |value: Option<&Value>| {
            value
                .and_then(|v| serde_json::to_string_pretty(v).ok())
                .map(|t| t + "\n")
        };
        let strings = |value: Option<&Value>| -> Vec<String> {
            value
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default()
        };
        Ok(Operation {
            name,
            family,
            method,
            path: path.to_string(),
            title: infer::split_title(
                op.get("summary")
                    .and_then(Value::as_str)
                    .unwrap_or_default(),
            ),
            description,
            deprecated: op
                .get("deprecated")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            sources: strings(op.get("x-sources")),
            modified: None,
            complete: response.data != DataKind::Undocumented,
            notes: Vec::new(),
            gaps,
            comments,
            request,
            response,
            example_request: example(body.and_then(|b| b.get("example"))),
            example_response: example(
                self.success(op)
                    .and_then(|(r, _)| r.pointer("/content/application~1json/example")),
            ),
            line: 1,
        })
    }

    /// The family: `--family`, else told from the request (signed body fields, the
    /// Mall's token header), else the first tag.
    fn family(&self, op: &Value, request: &Object, comments: &mut Vec<String>) -> String {
        if let Some(family) = &self.options.family {
            return family.clone();
        }
        let has = |name: &str| request.properties.iter().any(|(n, _)| n == name);
        let token = self
            .root
            .pointer("/components/securitySchemes")
            .and_then(Value::as_object)
            .is_some_and(|schemes| {
                op.get("security")
                    .and_then(Value::as_array)
                    .is_some_and(|requirements| {
                        requirements
                            .iter()
                            .filter_map(Value::as_object)
                            .flat_map(|r| r.keys())
                            .any(|key| {
                                schemes
                                    .get(key)
                                    .and_then(|s| s.get("name"))
                                    .and_then(Value::as_str)
                                    .is_some_and(|n| n.eq_ignore_ascii_case("x-access-token"))
                            })
                    })
            });
        let (family, why) = if token {
            (
                "esim_mall".to_string(),
                "it sends the x-access-token header".to_string(),
            )
        } else if has("access_code") && has("sign") {
            (
                "csss".to_string(),
                "its body carries access_code and sign".to_string(),
            )
        } else {
            let tag = op
                .pointer("/tags/0")
                .and_then(Value::as_str)
                .unwrap_or("unknown");
            (tag.to_snake_case(), format!("its first tag is {tag}"))
        };
        comments.push(format!("inferred: family {family} because {why}"));
        family
    }

    /// The first 2xx response and its status.
    fn success<'v>(&self, op: &'v Value) -> Option<(&'v Value, &'v str)> {
        let responses = op.get("responses")?.as_object()?;
        responses
            .iter()
            .find(|(status, _)| status.starts_with('2'))
            .map(|(s, r)| (r, s.as_str()))
    }

    fn response(&self, op: &Value, pointer: &str) -> Result<Response, Diagnostic> {
        let mut response = Response {
            data: DataKind::Undocumented,
            fields: Vec::new(),
            items: None,
            comments: Vec::new(),
        };
        let Some((success, status)) = self.success(op) else {
            response
                .comments
                .push("review: the operation documents no 2xx response".into());
            return Ok(response);
        };
        let pointer = format!("{pointer}/responses/{status}/content/application~1json/schema");
        let Some(schema) = success.pointer("/content/application~1json/schema") else {
            return Ok(response);
        };
        let envelope = self.object(schema, &pointer, 0)?;
        let Some((_, (data, data_pointer))) =
            envelope.properties.iter().find(|(name, _)| name == "data")
        else {
            response
                .comments
                .push("review: the response schema has no `data` property".into());
            return Ok(response);
        };
        let (data_schema, _) = self.resolve(data, data_pointer, 0)?;
        if types_of(data_schema).0 == ["null"] {
            response.data = DataKind::Null;
            return Ok(response);
        }
        let data = self.field("data", data, data_pointer, 0)?;
        match data {
            Some(field) if field.wire_type == WireType::Object && !field.fields.is_empty() => {
                response.data = DataKind::Object;
                response.fields = field.fields;
            }
            Some(field) if field.wire_type == WireType::Array => {
                response.data = DataKind::Array;
                response.items = field.items;
            }
            _ => {}
        }
        Ok(response)
    }

    /// The schema `$ref` points at, following chains; a cycle or too deep a chain is an error.
    fn resolve<'v>(
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

    /// The properties of an object schema, `allOf` members merged in order.
    fn object(&self, schema: &Value, pointer: &str, depth: usize) -> Result<Object, Diagnostic> {
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
                let part = self.object(member, &format!("{pointer}/allOf/{i}"), depth + 1)?;
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
        object.resolved = self.fields_of(&object, depth)?;
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
    fn field(
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
        field.enum_values = enum_values(schema);
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
struct Object {
    properties: Vec<(String, (Value, String))>,
    required: Vec<String>,
    resolved: Vec<Field>,
}

/// The schema's types (3.1 `type: [t, "null"]`, 3.0 `nullable`) and whether null is allowed.
fn types_of(schema: &Value) -> (Vec<&str>, bool) {
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
/// (no `enum`), the values of the description's listing "`1`: meaning; `2`: …".
fn enum_values(schema: &Value) -> Vec<EnumValue> {
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
    list
}
