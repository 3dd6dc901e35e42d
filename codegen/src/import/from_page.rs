//! A page's parts as an operation: runtime fields dropped, enums and formats read from
//! the descriptions, the response nested after its example, and every inference noted.

use std::collections::HashMap;

use serde_json::Value;

use super::enums;
use super::infer;
use super::model::{Bilingual, DataKind, Field, Operation, Response};
use super::nesting::{self, Node};
use super::page::{Page, PageError};
use super::table::RawField;
use super::{json_text, Options};
use crate::spec::{Method, WireType};

/// The operation `page` describes.
pub fn operation(page: Page, options: &Options) -> Result<Operation, PageError> {
    let method = method(&page.method).ok_or((
        page.path_line,
        format!(
            "the method {} is not one the spec supports (GET, POST, PUT, DELETE)",
            page.method
        ),
    ))?;
    let name = infer::endpoint_name(&page.path).ok_or((
        page.path_line,
        format!(
            "no endpoint name can be derived from the path {}",
            page.path
        ),
    ))?;
    let mut comments = vec![format!(
        "review: name {name} derived from the path's last segment"
    )];
    let request_example = parse(page.request_example.as_ref().map(|e| e.text.as_str()));
    let family = match &options.family {
        Some(family) => family.clone(),
        None => {
            let (family, why) = guess_family(&page, request_example.as_ref()).ok_or((
                page.title_line.max(1),
                "cannot tell the family from the page (no signed body fields, no x-access-token header): pass --family".to_string(),
            ))?;
            comments.push(format!("inferred: family {family} because {why}"));
            family
        }
    };
    let runtime = options.runtime_fields(&family);
    let mut notes = Vec::new();
    let mut gaps = Vec::new();
    let deprecated = page.tags.iter().any(|t| is_deprecation(t))
        || ["[不推荐]", "【不推荐】"]
            .iter()
            .any(|p| page.title.starts_with(p));
    for tag in page.tags.iter().filter(|t| !is_deprecation(t)) {
        notes.push(format!("The page is tagged {tag}."));
    }
    for (line, section) in &page.other_params {
        gaps.push(format!("The page has a `{section}` section (line {line}); the spec has no place for such parameters."));
    }
    // The family declares its headers; an endpoint file has no place for others.
    let family_headers = ["accept-language", "content-type", "x-access-token"];
    for header in &page.headers {
        if !family_headers.contains(&header.name.to_ascii_lowercase().as_str()) {
            gaps.push(format!(
                "The page lists the header `{}` (line {}); the spec has no per-endpoint headers.",
                header.name, header.line
            ));
        }
    }
    let mut description = Bilingual::default();
    for line in &page.description {
        description.push_line(line);
    }

    let mut request: Vec<Field> = match &page.body {
        Some(table) => table
            .iter()
            .filter(|f| !runtime.contains(&f.name))
            .map(|raw| {
                field(
                    raw,
                    &[],
                    true,
                    request_example.as_ref().and_then(|e| e.get(&raw.name)),
                )
            })
            .collect(),
        None => {
            let line = page
                .request_example
                .as_ref()
                .map_or(page.path_line, |e| e.line);
            let mut fields = example_fields(request_example.as_ref(), &runtime, line);
            if let Some(example) = &page.request_example {
                in_written_order(&mut fields, &json_text::key_order(&example.text));
            }
            if !fields.is_empty() {
                gaps.push("The page has no field table; body fields and their wire types are taken from the request example, which sends every field listed here. Required flags are not documented, so every field is optional.".into());
            }
            fields
        }
    };
    note_repeated_names(&mut request);
    let response_example = parse(page.response_example.as_ref().map(|e| e.text.as_str()));
    let (mut response, complete_response) = response(&page, response_example.as_ref(), &mut gaps);
    note_repeated_names(&mut response.fields);
    if let Some(items) = &mut response.items {
        note_repeated_names(&mut items.fields);
    }
    if page.status.as_deref().is_some_and(|s| !s.starts_with('2')) {
        notes.push(format!(
            "The only documented response has status {}.",
            page.status.as_deref().unwrap_or_default()
        ));
    }
    Ok(Operation {
        name,
        family,
        method,
        path: page.path.clone(),
        title: infer::split_title(&page.title),
        description,
        deprecated,
        sources: page.sources.clone(),
        modified: page.modified.clone(),
        complete: page.body.is_some() && complete_response,
        complete_why: completeness_why(page.body.is_some(), complete_response).into(),
        notes,
        gaps,
        comments,
        request,
        response,
        example_request: page
            .request_example
            .as_ref()
            .map(|e| json_text::pretty(&e.text)),
        example_response: page
            .response_example
            .as_ref()
            .map(|e| json_text::pretty(&e.text)),
        line: page.title_line.max(1),
    })
}

/// Why the draft says `full` or `partial`: whether the page documents the body's and the
/// response's fields.
fn completeness_why(body: bool, response: bool) -> &'static str {
    match (body, response) {
        (true, true) => {
            "the page has a field table for the request body and documents the response's"
        }
        (false, _) => "the page has no field table for the request body",
        (true, false) => "the page documents the response's fields by example only, or not at all",
    }
}

fn method(text: &str) -> Option<Method> {
    Some(match text {
        "GET" => Method::Get,
        "POST" => Method::Post,
        "PUT" => Method::Put,
        "DELETE" => Method::Delete,
        _ => return None,
    })
}

fn parse(text: Option<&str>) -> Option<Value> {
    serde_json::from_str(text?).ok()
}

fn is_deprecation(tag: &str) -> bool {
    matches!(tag, "Deprecated" | "不推荐" | "已废弃" | "废弃")
}

/// The family the page's request shows, and why.
fn guess_family(page: &Page, example: Option<&Value>) -> Option<(String, &'static str)> {
    let token_header = page
        .headers
        .iter()
        .any(|h| h.name.eq_ignore_ascii_case("x-access-token"));
    if page.sends_access_token || token_header {
        return Some((
            "esim_mall".into(),
            "the request sends the x-access-token header",
        ));
    }
    let body_names: Vec<&str> = match &page.body {
        Some(table) => table.iter().map(|f| f.name.as_str()).collect(),
        None => example
            .and_then(Value::as_object)
            .map(|m| m.keys().map(String::as_str).collect())
            .unwrap_or_default(),
    };
    (body_names.contains(&"access_code") && body_names.contains(&"sign"))
        .then(|| ("csss".into(), "the body carries access_code and sign"))
}

/// Fields known only from an example object, runtime fields left out.
fn example_fields(example: Option<&Value>, runtime: &[String], line: usize) -> Vec<Field> {
    let Some(map) = example.and_then(Value::as_object) else {
        return Vec::new();
    };
    map.iter()
        .filter(|(name, _)| !runtime.contains(name))
        .map(|(name, value)| {
            let mut field = infer::field_from_example(name, value, line);
            field.assume_optional();
            field
        })
        .collect()
}

/// A table field with its nested fields, typed from its type word (and the example value
/// when the page types it `null`).
fn field(raw: &RawField, children: &[Node], is_request: bool, example: Option<&Value>) -> Field {
    let mut field = Field::new(&raw.name, WireType::String, raw.line);
    field.description = raw.description.clone();
    let word = raw
        .type_word
        .split(|c: char| !c.is_ascii_alphabetic())
        .next()
        .unwrap_or_default();
    match wire_type(word) {
        Some(wire_type) => field.wire_type = wire_type,
        None => {
            field.nullable = true;
            match example.and_then(infer::wire_type_of) {
                Some(wire_type) => {
                    let why = "the page types it null; type from the example value";
                    field.assume_type(wire_type, why.into());
                }
                None => {
                    let why = "the page types it null and its example is null; string assumed";
                    field.assume_type(WireType::String, why.into());
                }
            }
        }
    }
    match raw.required {
        // A response field is required unless the spec says otherwise.
        Some(true) if !is_request => {}
        Some(required) => field.required = Some(required),
        None => field.assume_optional(),
    }
    let (values, comments) = enums::from_description(&field.description);
    field.enum_values = values;
    field.comments.extend(comments);
    infer::format(&mut field);
    let nested: Vec<Field> = children
        .iter()
        .map(|child| {
            let value = example.and_then(|e| object(e)).and_then(|m| m.get(&child.raw.name));
            let mut nested = field_of_node(child, is_request, value);
            if !child.settled {
                nested.comments.push("review: nesting not settled by the example; placed after the field listed before it".into());
            }
            nested
        })
        .collect();
    match field.wire_type {
        WireType::Object => field.fields = nested,
        WireType::Array => {
            let item_word = raw.type_word.split(['[', '<']).nth(1).unwrap_or_default();
            let item_type = wire_type(item_word.trim_matches(|c: char| !c.is_ascii_alphabetic()))
                .or_else(|| {
                    example
                        .and_then(|e| e.as_array()?.first())
                        .and_then(infer::wire_type_of)
                })
                .unwrap_or(if nested.is_empty() {
                    WireType::String
                } else {
                    WireType::Object
                });
            let mut item = Field::new("", item_type, raw.line);
            item.fields = nested;
            field.items = Some(Box::new(item));
        }
        _ => {}
    }
    field
}

fn field_of_node(node: &Node, is_request: bool, example: Option<&Value>) -> Field {
    field(&node.raw, &node.children, is_request, example)
}

fn object(value: &Value) -> Option<&serde_json::Map<String, Value>> {
    match value {
        Value::Array(items) => items.first()?.as_object(),
        other => other.as_object(),
    }
}

fn wire_type(word: &str) -> Option<WireType> {
    Some(match word {
        "string" => WireType::String,
        "integer" => WireType::Integer,
        "number" => WireType::Number,
        "boolean" => WireType::Boolean,
        "object" => WireType::Object,
        "array" => WireType::Array,
        _ => return None,
    })
}

/// The response's `data`, from the table nested after the example, or from the example
/// alone; and whether the page documents it fully.
fn response(page: &Page, example: Option<&Value>, gaps: &mut Vec<String>) -> (Response, bool) {
    let mut response = Response {
        data: DataKind::Undocumented,
        fields: Vec::new(),
        items: None,
        comments: Vec::new(),
    };
    let data_example = example.and_then(|e| e.get("data"));
    if let Some(table) = &page.response {
        let tree = nesting::nest(table, example);
        if let Some(data) = tree.iter().find(|n| n.raw.name == "data") {
            let mut children: Vec<Node> = data.children.clone();
            // Fields the example does not place, listed after `data`, most likely belong
            // to it: the table lists `data`'s fields right after it.
            let envelope = ["code", "data", "message", "success", "msg"];
            let stray: Vec<Node> = tree
                .iter()
                .filter(|n| !n.settled && !envelope.contains(&n.raw.name.as_str()))
                .cloned()
                .collect();
            children.extend(stray);
            let data_field = field(&data.raw, &children, false, data_example);
            response.data = match data_field.wire_type {
                WireType::Object => DataKind::Object,
                WireType::Array => DataKind::Array,
                _ if data_example.is_none_or(Value::is_null)
                    && data.raw.type_word.starts_with("null") =>
                {
                    DataKind::Null
                }
                _ => DataKind::Undocumented,
            };
            response.fields = data_field.fields;
            response.items = data_field.items;
            if !data.settled {
                response.comments.push(
                    "review: the example does not show `data`; its fields follow the table's order"
                        .into(),
                );
            }
            return (response, true);
        }
        response
            .comments
            .push("review: the response table has no `data` field".into());
    }
    match data_example {
        Some(Value::Null) => {
            response.data = DataKind::Null;
            (response, true)
        }
        Some(value @ (Value::Object(_) | Value::Array(_))) => {
            let line = page
                .response_example
                .as_ref()
                .map_or(page.path_line, |e| e.line);
            let mut data = infer::field_from_example("data", value, line);
            mark_optional(&mut data.fields);
            response.data = if value.is_array() {
                DataKind::Array
            } else {
                DataKind::Object
            };
            response.fields = data.fields;
            response.items = data.items;
            if let Some(example) = &page.response_example {
                in_written_order(&mut response.fields, &json_text::key_order(&example.text));
            }
            gaps.push("The response has no field table; its fields are taken from the example and treated as optional.".into());
            (response, false)
        }
        _ => {
            gaps.push(
                "The page documents neither the response's fields nor an example of `data`.".into(),
            );
            (response, false)
        }
    }
}

/// Fields (and their fields) in the order the example writes their names.
fn in_written_order(fields: &mut [Field], order: &[String]) {
    fields.sort_by_key(|f| order.iter().position(|k| *k == f.name));
    for field in fields {
        in_written_order(&mut field.fields, order);
        if let Some(items) = &mut field.items {
            in_written_order(&mut items.fields, order);
        }
    }
}

/// Marks a field whose name an earlier sibling has, with both page lines: the draft would
/// fail lint at its own line, which a reviewer must map back to the page.
fn note_repeated_names(fields: &mut [Field]) {
    let mut first_line: HashMap<String, usize> = HashMap::new();
    for field in fields.iter_mut() {
        match first_line.get(&field.name) {
            Some(&first) => field.comments.push(format!(
                "review: the page lists {} twice at this level (lines {first} and {}); keep one",
                field.name, field.line
            )),
            None => {
                first_line.insert(field.name.clone(), field.line);
            }
        }
        note_repeated_names(&mut field.fields);
        if let Some(items) = &mut field.items {
            note_repeated_names(&mut items.fields);
        }
    }
}

fn mark_optional(fields: &mut [Field]) {
    for field in fields {
        field.assume_optional();
        mark_optional(&mut field.fields);
    }
}
