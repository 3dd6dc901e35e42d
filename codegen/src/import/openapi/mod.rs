//! An OpenAPI 3.0 or 3.1 document (JSON or YAML: what Apifox exports, and `lfgen
//! openapi`'s output) as operations. Local `$ref`s are followed with a bounded depth and
//! cycles are refused; problems name their JSON pointer.

mod schema;

use std::cell::Cell;
use std::path::Path;

use heck::ToSnakeCase;
use serde_json::Value;

use super::model::{Bilingual, DataKind, Operation, Response};
use super::{infer, Options};
use crate::diagnostic::{Diagnostic, Location};
use crate::spec::{Method, WireType};
use schema::{types_of, Object};

/// How many `$ref`s and nested schemas deep a schema may go.
const MAX_DEPTH: usize = 32;

/// How many schema nodes (objects, fields, array elements) one operation may expand to:
/// depth alone does not bound a `$ref` used many times at each level (7 levels of 10 is
/// 10^7 fields from 3.5 KB). Real operations have a few dozen.
const MAX_NODES: usize = 10_000;

/// How many schema nodes a whole document may expand to, and how many bytes of schema
/// text (descriptions) they may copy: the per-operation budget alone lets many small
/// operations that `$ref` one wide schema, or one long description, multiply it.
const MAX_DOCUMENT_NODES: usize = 250_000;
const MAX_DOCUMENT_TEXT_BYTES: usize = 64 * 1024 * 1024;

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
    /// Schema nodes expanded for the current operation, against [`MAX_NODES`].
    nodes: Cell<usize>,
    /// Schema nodes and description bytes expanded for the whole document, against
    /// [`MAX_DOCUMENT_NODES`] and [`MAX_DOCUMENT_TEXT_BYTES`].
    document_nodes: Cell<usize>,
    document_text_bytes: Cell<usize>,
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
        nodes: Cell::new(0),
        document_nodes: Cell::new(0),
        document_text_bytes: Cell::new(0),
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
        self.nodes.set(0);
        let mut comments = Vec::new();
        let name = self.name(op, path, pointer, &mut comments)?;
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
            complete_why: match response.data {
                DataKind::Undocumented => "the document gives no schema for the response's data",
                _ => "the document gives schemas for the request and the response's data",
            }
            .into(),
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

    /// The endpoint name: the operationId in snake_case when that is a name
    /// (`[a-z][a-z0-9_]*`; `../..` or `日本` are not), else the path's last segment.
    fn name(
        &self,
        op: &Value,
        path: &str,
        pointer: &str,
        comments: &mut Vec<String>,
    ) -> Result<String, Diagnostic> {
        let id = op.get("operationId").and_then(Value::as_str);
        if let Some(name) = id.map(str::to_snake_case).filter(|n| super::is_name(n)) {
            return Ok(name);
        }
        comments.push(match id {
            Some(id) => format!("review: operationId {id:?} gives no endpoint name ([a-z][a-z0-9_]* in snake_case); name derived from the path's last segment"),
            None => "review: name derived from the path's last segment (no operationId)".into(),
        });
        infer::endpoint_name(path).ok_or_else(|| {
            at(
                self.file,
                pointer,
                "no usable operationId and no name in the path",
            )
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
            match op.pointer("/tags/0").and_then(Value::as_str) {
                Some(tag) if super::is_name(&tag.to_snake_case()) => {
                    (tag.to_snake_case(), format!("its first tag is {tag}"))
                }
                // A tag that is no folder name (`../..`, `日本`) must not become a path.
                Some(tag) => {
                    comments.push(format!("review: the first tag {tag:?} gives no family name ([a-z][a-z0-9_]* in snake_case); pass --family"));
                    ("unknown".into(), "no tag names one".into())
                }
                None => ("unknown".into(), "the operation has no tag".into()),
            }
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
        let envelope = self.merged(schema, &pointer, 0)?;
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
}
