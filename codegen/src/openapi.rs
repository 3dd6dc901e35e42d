//! An OpenAPI 3.1 document of the whole spec, for Swagger UI, Apifox, Postman or other
//! generators: both families, their envelopes and authentication, enums with their
//! meanings, formats as patterns, examples and deprecation.
//!
//! OpenAPI has no security scheme for a signature carried in the body, so the CSSS
//! signature is described by the `x-linksfield-signature` extension and by the common
//! body fields every CSSS request schema includes; the Mall's token is a regular
//! `apiKey` scheme.

use serde_json::{json, Map, Value};

use crate::ir::names;
use crate::spec::{
    AuthKind, CodeType, DataKind, EndpointDoc, FamilyDoc, FieldDoc, Fill, Shape, Spec, Text,
    WireType,
};

/// The document, as pretty-printed JSON with a trailing newline.
pub fn render(spec: &Spec) -> String {
    let mut text = serde_json::to_string_pretty(&document(spec)).unwrap_or_default();
    text.push('\n');
    text
}

pub fn document(spec: &Spec) -> Value {
    let families: Vec<&FamilyDoc> = spec.families.iter().map(|f| &f.doc).collect();
    let mut schemas = Map::new();
    let mut security_schemes = Map::new();
    for family in &families {
        family_components(family, &mut schemas, &mut security_schemes);
    }
    let mut paths = Map::new();
    for endpoint in spec.endpoints.iter().map(|e| &e.doc) {
        let Some(family) = families.iter().find(|f| f.name == endpoint.family) else {
            continue;
        };
        endpoint_components(endpoint, family, &mut schemas);
        let item = paths
            .entry(endpoint.path.clone())
            .or_insert_with(|| json!({}));
        item[endpoint.method.as_str().to_lowercase()] = operation(endpoint, family);
    }
    let sides = crate::spec::walk::shared_type_sides(spec);
    for shared in &spec.types {
        let in_request = sides
            .get(&shared.doc.name)
            .is_some_and(|sides| sides.contains(&true));
        let mut schema = object_schema(&shared.doc.fields, in_request);
        if let Some(description) = text(shared.doc.description.as_ref()) {
            schema["description"] = json!(description);
        }
        schemas.insert(names::shared_type(&shared.doc.name), schema);
    }
    let version = spec
        .endpoints
        .iter()
        .filter_map(|e| e.doc.modified.as_deref())
        .max()
        .and_then(|modified| modified.split(' ').next())
        .unwrap_or("unversioned");
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Linksfield IoT connectivity API",
            "version": version,
            "description": "Transcribed from the vendor's documentation by lfgen; `info.version` is the date of the most recently modified page.",
        },
        "servers": servers(&families),
        "tags": families.iter().map(|f| json!({"name": f.name, "description": f.title})).collect::<Vec<_>>(),
        "paths": paths,
        "webhooks": webhooks(spec),
        "components": {
            "schemas": schemas,
            "securitySchemes": security_schemes,
        },
    })
}

/// The notifications the platform posts to the customer, as OpenAPI 3.1 webhooks.
fn webhooks(spec: &Spec) -> Value {
    let mut hooks = Map::new();
    let Some(notify) = &spec.notify else {
        return Value::Object(hooks);
    };
    let notify = &notify.doc;
    for notification in spec.notifications.iter().map(|n| &n.doc) {
        let schema = match notification.body {
            DataKind::Object => object_schema(&notification.fields, false),
            _ => json!({"description": "Not documented by the vendor's page."}),
        };
        let mut content = json!({"schema": schema});
        if let Some(example) = parse_example(notification.examples.body.as_deref()) {
            content["example"] = example;
        }
        let mut parameters = Vec::new();
        if notification.signed {
            parameters.push(json!({
                "name": notify.signature_header,
                "in": "header",
                "required": true,
                "description": notify.signature_rule,
                "schema": {"type": "string"},
            }));
        }
        if let Some(header) = &notify.delivery_header {
            parameters.push(json!({
                "name": header,
                "in": "header",
                "required": false,
                "schema": {"type": "string"},
            }));
        }
        let mut description = text(notification.description.as_ref()).unwrap_or_default();
        if !notification.gaps.is_empty() {
            if !description.is_empty() {
                description.push_str("\n\n");
            }
            description.push_str("Gaps: ");
            description.push_str(&notification.gaps.join(" "));
        }
        let ack = &notify.acknowledgement;
        let ack_description = ack
            .note
            .clone()
            .unwrap_or_else(|| "The documented acknowledgement.".to_string());
        let mut operation = json!({
            "summary": crate::ir::title_line(&notification.title),
            "operationId": notification.name,
            "parameters": parameters,
            "requestBody": {"required": true, "content": {"application/json": content}},
            "responses": {ack.status.to_string(): {"description": ack_description}},
        });
        if !description.is_empty() {
            operation["description"] = json!(description);
        }
        hooks.insert(notification.name.clone(), json!({"post": operation}));
    }
    Value::Object(hooks)
}

fn servers(families: &[&FamilyDoc]) -> Vec<Value> {
    let mut servers: Vec<Value> = Vec::new();
    for family in families {
        for base in &family.base_urls {
            if servers.iter().any(|s| s["url"] == base.url.as_str()) {
                continue;
            }
            let description = match &base.note {
                Some(note) => format!("{} — {note}", base.name),
                None => base.name.clone(),
            };
            servers.push(json!({"url": base.url, "description": description}));
        }
    }
    servers
}

fn family_schema_name(family: &FamilyDoc, part: &str) -> String {
    names::openapi_family_schema(&family.name, part)
}

fn family_components(
    family: &FamilyDoc,
    schemas: &mut Map<String, Value>,
    security: &mut Map<String, Value>,
) {
    let envelope = &family.envelope;
    let code_type = match envelope.code.code_type {
        CodeType::String => "string",
        CodeType::Integer => "integer",
    };
    let mut properties = Map::new();
    properties.insert(
        envelope.code.field.clone(),
        json!({"type": code_type, "description": format!("`{}` means success.", envelope.code.success)}),
    );
    properties.insert(envelope.message_field.clone(), json!({"type": "string"}));
    properties.insert(envelope.data_field.clone(), json!({}));
    let mut required = vec![envelope.code.field.clone(), envelope.message_field.clone()];
    if let Some(flag) = &envelope.success_flag_field {
        properties.insert(flag.clone(), json!({"type": "boolean"}));
        required.push(flag.clone());
    }
    schemas.insert(
        family_schema_name(family, "Envelope"),
        json!({
            "type": "object",
            "description": format!("Response envelope of the {} family.", family.title),
            "properties": properties,
            "required": required,
        }),
    );

    if !family.common_fields.is_empty() {
        let mut properties = Map::new();
        for field in &family.common_fields {
            let mut schema = json!({"type": "string"});
            if let Some(text) = text(field.description.as_ref()) {
                schema["description"] = json!(text);
            }
            if field.fill == Fill::Constant {
                schema["const"] = json!(field.value);
            }
            properties.insert(field.name.clone(), schema);
        }
        let names: Vec<&str> = family
            .common_fields
            .iter()
            .map(|f| f.name.as_str())
            .collect();
        schemas.insert(
            family_schema_name(family, "CommonFields"),
            json!({
                "type": "object",
                "description": "Body fields every request of the family carries; the client fills them.",
                "properties": properties,
                "required": names,
            }),
        );
    }

    match family.auth.kind {
        AuthKind::AccessTokenHeader => {
            let header = family.auth.header.clone().unwrap_or_default();
            security.insert(
                family_schema_name(family, "Token"),
                json!({
                    "type": "apiKey",
                    "in": "header",
                    "name": header,
                    "description": text(family.auth.description.as_ref()).unwrap_or_default(),
                }),
            );
        }
        AuthKind::HmacSha1Signature => {
            let sign_field = family
                .common_fields
                .iter()
                .find(|f| f.fill == Fill::Signature)
                .map(|f| f.name.clone())
                .unwrap_or_default();
            schemas.insert(
                family_schema_name(family, "Signature"),
                json!({
                    "description": text(family.auth.description.as_ref()).unwrap_or_default(),
                    "x-linksfield-signature": {
                        "algorithm": "HMAC-SHA1",
                        "encoding": "base64",
                        "field": sign_field,
                        "content": "compact JSON of every non-empty parameter except the signature, keys in lexicographic order",
                    },
                }),
            );
        }
    }
}

/// The schema of an endpoint's request or response: its Rust type's name.
fn schema_name(endpoint: &EndpointDoc, side: Side) -> String {
    match side {
        Side::Request => names::request_type(&endpoint.name),
        Side::Response => names::response_type(&endpoint.name),
    }
}

#[derive(Clone, Copy)]
enum Side {
    Request,
    Response,
}

fn endpoint_components(
    endpoint: &EndpointDoc,
    family: &FamilyDoc,
    schemas: &mut Map<String, Value>,
) {
    let own = object_schema(&endpoint.request.fields, true);
    let request = if family.common_fields.is_empty() {
        own
    } else {
        let common = format!(
            "#/components/schemas/{}",
            family_schema_name(family, "CommonFields")
        );
        json!({"allOf": [{"$ref": common}, own]})
    };
    schemas.insert(schema_name(endpoint, Side::Request), request);
    let data = match endpoint.response.data {
        DataKind::Null => json!({"type": "null"}),
        DataKind::Undocumented => json!({"description": "Not documented by the vendor's page."}),
        DataKind::Object => object_schema(&endpoint.response.fields, false),
        DataKind::Array => {
            let items = match &endpoint.response.items {
                Some(items) => {
                    let mut description = text(items.description.as_ref()).unwrap_or_default();
                    shape_schema(items.shape(), false, &mut description)
                }
                None => json!({}),
            };
            json!({"type": "array", "items": items})
        }
    };
    schemas.insert(schema_name(endpoint, Side::Response), data);
}

fn object_schema(fields: &[FieldDoc], is_request: bool) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for field in fields {
        properties.insert(field.name.clone(), field_schema(field, is_request));
        if field.is_required(is_request) {
            required.push(field.name.clone());
        }
    }
    json!({"type": "object", "properties": properties, "required": required})
}

fn field_schema(field: &FieldDoc, is_request: bool) -> Value {
    let mut description = text(field.description.as_ref()).unwrap_or_default();
    let mut schema = shape_schema(field.shape(), is_request, &mut description);
    if field.nullable {
        schema = match schema.get("type").cloned() {
            Some(Value::String(ty)) => {
                schema["type"] = json!([ty, "null"]);
                schema
            }
            _ => json!({"anyOf": [schema, {"type": "null"}]}),
        };
    }
    if !field.notes.is_empty() {
        if !description.is_empty() {
            description.push_str("\n\n");
        }
        description.push_str(&field.notes.join("\n"));
    }
    if !description.is_empty() {
        schema["description"] = json!(description);
    }
    schema
}

/// The schema of a field's or an array element's type; enum listings are appended to
/// `description`.
fn shape_schema(shape: Shape, is_request: bool, description: &mut String) -> Value {
    let ty = match shape.wire_type {
        WireType::String => "string",
        WireType::Integer => "integer",
        WireType::Number => "number",
        WireType::Boolean => "boolean",
        WireType::Array => {
            let mut element_description =
                text(shape.items.and_then(|i| i.description.as_ref())).unwrap_or_default();
            let items = match shape.items {
                Some(items) => shape_schema(items.shape(), is_request, &mut element_description),
                None => json!({}),
            };
            let mut items = items;
            if !element_description.is_empty() && items.get("$ref").is_none() {
                items["description"] = json!(element_description);
            }
            return json!({"type": "array", "items": items});
        }
        WireType::Object => {
            return match shape.reference {
                Some(reference) => json!({"$ref": format!(
                    "#/components/schemas/{}",
                    names::shared_type(reference)
                )}),
                None => object_schema(shape.fields, is_request),
            };
        }
    };
    let mut schema = json!({"type": ty});
    let field = shape;
    if let Some(format) = field.format {
        schema["format"] = json!(crate::ir::format_slug(format));
        // Responses accept what the server really sends, so only requests get the pattern.
        if is_request {
            schema["pattern"] = json!(format.pattern());
        }
    }
    if !field.enum_values.is_empty() {
        let values: Vec<&str> = field.enum_values.iter().map(|v| v.value.as_str()).collect();
        let names: Vec<&str> = field.enum_values.iter().map(|v| v.name.as_str()).collect();
        let meanings: Vec<String> = field
            .enum_values
            .iter()
            .map(|v| {
                v.meaning
                    .as_ref()
                    .map(crate::ir::title_line)
                    .unwrap_or_default()
            })
            .collect();
        let listing: Vec<String> = values
            .iter()
            .zip(&meanings)
            .map(|(value, meaning)| format!("`{value}`: {meaning}"))
            .collect();
        if !description.is_empty() {
            description.push_str("\n\n");
        }
        description.push_str(&listing.join("; "));
        if is_request {
            schema["enum"] = json!(values);
        }
        schema["x-enum-varnames"] = json!(names);
        schema["x-enum-descriptions"] = json!(meanings);
    }
    schema
}

fn operation(endpoint: &EndpointDoc, family: &FamilyDoc) -> Value {
    let request_ref = format!(
        "#/components/schemas/{}",
        schema_name(endpoint, Side::Request)
    );
    let response_ref = format!(
        "#/components/schemas/{}",
        schema_name(endpoint, Side::Response)
    );
    let envelope_ref = format!(
        "#/components/schemas/{}",
        family_schema_name(family, "Envelope")
    );
    let mut request_content = json!({"schema": {"$ref": request_ref}});
    if let Some(example) = parse_example(endpoint.examples.request.as_deref()) {
        request_content["example"] = example;
    }
    let mut data_property = Map::new();
    data_property.insert(
        family.envelope.data_field.clone(),
        json!({"$ref": response_ref}),
    );
    let mut response_content = json!({
        "schema": {"allOf": [{"$ref": envelope_ref}, {"properties": data_property}]},
    });
    if let Some(example) = parse_example(endpoint.examples.response.as_deref()) {
        response_content["example"] = example;
    }
    let mut description = text(endpoint.description.as_ref()).unwrap_or_default();
    for gap in &endpoint.gaps {
        description.push_str(&format!("\n\nGap in the documentation: {gap}"));
    }
    let mut operation = json!({
        "operationId": endpoint.name,
        "summary": crate::ir::title_line(&endpoint.title),
        "description": description.trim(),
        "tags": [family.name],
        "deprecated": endpoint.deprecated,
        "parameters": family.headers.iter().map(header_parameter).collect::<Vec<_>>(),
        "requestBody": {"required": true, "content": {"application/json": request_content}},
        "responses": {
            "200": {
                "description": "The family's envelope; `data` as below on success.",
                "content": {"application/json": response_content},
            }
        },
    });
    if family.auth.kind == AuthKind::AccessTokenHeader {
        let mut requirement = Map::new();
        requirement.insert(family_schema_name(family, "Token"), json!([]));
        operation["security"] = json!([requirement]);
    }
    if !endpoint.sources.is_empty() {
        operation["x-sources"] = json!(endpoint.sources);
    }
    operation
}

fn header_parameter(header: &crate::spec::HeaderDoc) -> Value {
    let mut schema = json!({"type": "string"});
    if let Some(default) = &header.default {
        schema["default"] = json!(default);
    }
    if !header.values.is_empty() {
        schema["enum"] = json!(header.values);
    }
    json!({
        "name": header.name,
        "in": "header",
        "required": false,
        "description": text(header.description.as_ref()).unwrap_or_default(),
        "schema": schema,
    })
}

fn parse_example(text: Option<&str>) -> Option<Value> {
    serde_json::from_str(text?).ok()
}

/// Chinese and English text of a description, as one string.
fn text(text: Option<&Text>) -> Option<String> {
    let text = text?;
    let parts: Vec<&str> = [text.zh.as_deref(), text.en.as_deref()]
        .into_iter()
        .flatten()
        .map(str::trim)
        .collect();
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}
