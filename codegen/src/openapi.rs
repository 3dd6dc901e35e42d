//! An OpenAPI 3.1 document of the whole spec, for Swagger UI, Apifox, Postman or other
//! generators: both families, their envelopes and authentication, enums with their
//! meanings, formats as patterns, examples and deprecation.
//!
//! OpenAPI has no security scheme for a signature carried in the body, so the CSSS
//! signature is described by the `x-linksfield-signature` extension and by the common
//! body fields every CSSS request schema includes; the Mall's token is a regular
//! `apiKey` scheme.

use serde_json::{json, Map, Value};

use crate::ir::{names, Api, Endpoint, EnumType, Field, FieldType, ObjectType, Response};
use crate::spec::{AuthKind, CodeType, FamilyDoc, Fill, Format, Spec, Text, WireType};

/// The document, as pretty-printed JSON with a trailing newline.
///
/// Names, types, enums and objects come from the resolved `api`; what only OpenAPI shows
/// (descriptions of pages and families, servers, headers, sources, gaps) from the spec it
/// was resolved from.
pub fn render(spec: &Spec, api: &Api) -> String {
    let mut text = serde_json::to_string_pretty(&document(spec, api)).unwrap_or_default();
    text.push('\n');
    text
}

fn document(spec: &Spec, api: &Api) -> Value {
    let families: Vec<&FamilyDoc> = spec.families.iter().map(|f| &f.doc).collect();
    let mut schemas = Map::new();
    let mut security_schemes = Map::new();
    for family in &families {
        family_components(family, &mut schemas, &mut security_schemes);
    }
    let types = Types {
        enums: &api.enums,
        objects: &api.objects,
    };
    let mut paths = Map::new();
    for endpoint in &api.endpoints {
        let Some(family) = families.get(endpoint.family) else {
            continue;
        };
        endpoint_components(endpoint, family, &types, &mut schemas);
        let item = paths
            .entry(endpoint.path.clone())
            .or_insert_with(|| json!({}));
        item[endpoint.method.as_str().to_lowercase()] = operation(endpoint, family);
    }
    let notify_types = api.notify.as_ref().map(|notify| Types {
        enums: &notify.enums,
        objects: &notify.objects,
    });
    for types in std::iter::once(&types).chain(notify_types.as_ref()) {
        for shared in types.objects.iter().filter(|o| o.shared) {
            let mut schema = object_schema(&shared.strukt.fields, shared.in_request, types);
            if let Some(description) = lines_text(&shared.description) {
                schema["description"] = json!(description);
            }
            schemas.insert(shared.strukt.name.clone(), schema);
        }
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
        "webhooks": webhooks(spec, api),
        "components": {
            "schemas": schemas,
            "securitySchemes": security_schemes,
        },
    })
}

/// The notifications the platform posts to the customer, as OpenAPI 3.1 webhooks.
fn webhooks(spec: &Spec, api: &Api) -> Value {
    let mut hooks = Map::new();
    let (Some(notify), Some(notify_doc)) = (&api.notify, &spec.notify) else {
        return Value::Object(hooks);
    };
    let types = Types {
        enums: &notify.enums,
        objects: &notify.objects,
    };
    for notification in &notify.kinds {
        let schema = match &notification.body {
            Some(body) => object_schema(&body.fields, false, &types),
            None => json!({"description": "Not documented by the vendor's page."}),
        };
        let mut content = json!({"schema": schema});
        if let Some(example) = parse_example(notification.example_body.as_deref()) {
            content["example"] = example;
        }
        let mut parameters = Vec::new();
        if notification.signed {
            parameters.push(json!({
                "name": notify.signature_header,
                "in": "header",
                "required": true,
                "description": notify_doc.doc.signature_rule,
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
        let mut description = lines_text(&notification.description).unwrap_or_default();
        if !notification.gaps.is_empty() {
            if !description.is_empty() {
                description.push_str("\n\n");
            }
            description.push_str("Gaps: ");
            description.push_str(&notification.gaps.join(" "));
        }
        let ack_description = notify
            .ack_note
            .clone()
            .unwrap_or_else(|| "The documented acknowledgement.".to_string());
        let mut operation = json!({
            "summary": notification.title,
            "operationId": notification.name,
            "parameters": parameters,
            "requestBody": {"required": true, "content": {"application/json": content}},
            "responses": {notify.ack_status.to_string(): {"description": ack_description}},
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
            let environment = base.environment.as_deref();
            let same = |s: &Value| {
                s["url"] == base.url.as_str()
                    && s.get("x-linksfield-environment").and_then(Value::as_str) == environment
            };
            if servers.iter().any(same) {
                continue;
            }
            let description = match &base.note {
                Some(note) => format!("{} — {note}", base.name),
                None => base.name.clone(),
            };
            let mut server = json!({"url": base.url, "description": description});
            if let Some(environment) = &base.environment {
                // What `Environment` (and `LINKSFIELD_ENV`) calls this server.
                server["x-linksfield-environment"] = json!(environment);
            }
            servers.push(server);
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

fn endpoint_components(
    endpoint: &Endpoint,
    family: &FamilyDoc,
    types: &Types,
    schemas: &mut Map<String, Value>,
) {
    let own = object_schema(&endpoint.request.fields, true, types);
    let request = if family.common_fields.is_empty() {
        own
    } else {
        let common = format!(
            "#/components/schemas/{}",
            family_schema_name(family, "CommonFields")
        );
        json!({"allOf": [{"$ref": common}, own]})
    };
    schemas.insert(endpoint.request.name.clone(), request);
    let data = match &endpoint.response {
        Response::Null { .. } => json!({"type": "null"}),
        Response::Undocumented { .. } => {
            json!({"description": "Not documented by the vendor's page."})
        }
        Response::Object(object) => object_schema(&object.fields, false, types),
        Response::List {
            item,
            format,
            element_descriptions,
            ..
        } => {
            // The elements' own description is not part of the schema.
            let mut description = String::new();
            let leaf = Leaf {
                format: *format,
                element_descriptions,
            };
            let items = type_schema(item, &leaf, false, types, &mut description);
            json!({"type": "array", "items": items})
        }
    };
    schemas.insert(endpoint.response.name().to_string(), data);
}

/// The enums and objects of one namespace of the IR (the API's, or the notifications').
struct Types<'a> {
    enums: &'a [EnumType],
    objects: &'a [ObjectType],
}

impl Types<'_> {
    // Both lists are sorted by name, as the IR builds them.
    fn enum_named(&self, name: &str) -> Option<&EnumType> {
        let index = self.enums.binary_search_by(|e| e.name.as_str().cmp(name));
        index.ok().map(|i| &self.enums[i])
    }

    fn object_named(&self, name: &str) -> Option<&ObjectType> {
        let index = self
            .objects
            .binary_search_by(|o| o.strukt.name.as_str().cmp(name));
        index.ok().map(|i| &self.objects[i])
    }
}

fn object_schema(fields: &[Field], is_request: bool, types: &Types) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for field in fields {
        properties.insert(
            field.wire_name.clone(),
            field_schema(field, is_request, types),
        );
        if field.required {
            required.push(field.wire_name.clone());
        }
    }
    json!({"type": "object", "properties": properties, "required": required})
}

fn field_schema(field: &Field, is_request: bool, types: &Types) -> Value {
    let mut description = lines_text(&field.description).unwrap_or_default();
    let leaf = Leaf {
        format: field.format,
        element_descriptions: &field.element_descriptions,
    };
    let mut schema = type_schema(&field.ty, &leaf, is_request, types, &mut description);
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

/// What a field says about the elements of its type: the format of the innermost ones,
/// and the description of each level of arrays.
struct Leaf<'a> {
    format: Option<Format>,
    element_descriptions: &'a [Vec<String>],
}

/// The schema of a field's or an array element's type; enum listings are appended to
/// `description`.
fn type_schema(
    ty: &FieldType,
    leaf: &Leaf,
    is_request: bool,
    types: &Types,
    description: &mut String,
) -> Value {
    let wire_type = match ty {
        FieldType::String | FieldType::VendorDate => WireType::String,
        FieldType::Integer => WireType::Integer,
        FieldType::Number => WireType::Number,
        FieldType::Boolean => WireType::Boolean,
        FieldType::Enum(name) => types
            .enum_named(name)
            .map_or(WireType::String, |e| e.wire_type),
        FieldType::Array(inner) => {
            let (own, deeper) = match leaf.element_descriptions.split_first() {
                Some((own, deeper)) => (own.as_slice(), deeper),
                None => (&[][..], &[][..]),
            };
            let mut element_description = lines_text(own).unwrap_or_default();
            let inner_leaf = Leaf {
                format: leaf.format,
                element_descriptions: deeper,
            };
            let mut items = type_schema(
                inner,
                &inner_leaf,
                is_request,
                types,
                &mut element_description,
            );
            if !element_description.is_empty() && items.get("$ref").is_none() {
                items["description"] = json!(element_description);
            }
            return json!({"type": "array", "items": items});
        }
        FieldType::Object(name) => {
            return match types.object_named(name) {
                Some(object) if object.shared => {
                    json!({"$ref": format!("#/components/schemas/{}", object.strukt.name)})
                }
                Some(object) => {
                    // The title is the Rust type's name, so an importer (`lfgen import`)
                    // can keep a reviewed `type_name`.
                    let mut schema = object_schema(&object.strukt.fields, is_request, types);
                    schema["title"] = json!(object.strukt.name);
                    schema
                }
                None => json!({}),
            };
        }
    };
    let json_type = match wire_type {
        WireType::String => "string",
        WireType::Integer => "integer",
        WireType::Number => "number",
        WireType::Boolean => "boolean",
        WireType::Array => "array",
        WireType::Object => "object",
    };
    let mut schema = json!({"type": json_type});
    if let FieldType::Enum(name) = ty {
        schema["title"] = json!(name);
    }
    if let Some(format) = leaf.format {
        schema["format"] = json!(crate::ir::format_slug(format));
        // Responses accept what the server really sends, so only requests get the pattern.
        if is_request {
            schema["pattern"] = json!(format.pattern());
        }
    }
    let variants = match ty {
        FieldType::Enum(name) => types.enum_named(name).map(|e| e.variants.as_slice()),
        _ => None,
    };
    if let Some(variants) = variants.filter(|v| !v.is_empty()) {
        let values: Vec<&str> = variants.iter().map(|v| v.wire.as_str()).collect();
        let names: Vec<&str> = variants.iter().map(|v| v.name.as_str()).collect();
        let meanings: Vec<&str> = variants
            .iter()
            .map(|v| v.meaning.as_deref().unwrap_or_default())
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

fn operation(endpoint: &Endpoint, family: &FamilyDoc) -> Value {
    let request_ref = format!("#/components/schemas/{}", endpoint.request.name);
    let response_ref = format!("#/components/schemas/{}", endpoint.response.name());
    let envelope_ref = format!(
        "#/components/schemas/{}",
        family_schema_name(family, "Envelope")
    );
    let mut request_content = json!({"schema": {"$ref": request_ref}});
    if let Some(example) = parse_example(endpoint.example_request.as_deref()) {
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
    if let Some(example) = parse_example(endpoint.example_response.as_deref()) {
        response_content["example"] = example;
    }
    let mut description = lines_text(&endpoint.description).unwrap_or_default();
    for gap in &endpoint.gaps {
        description.push_str(&format!("\n\nGap in the documentation: {gap}"));
    }
    let mut operation = json!({
        "operationId": endpoint.name,
        "summary": endpoint.title,
        "description": description.trim(),
        "tags": [family.name],
        "deprecated": endpoint.deprecation.is_some(),
        // The spec's `retry:`: whether a client may resend the request after a failure
        // that leaves its outcome unknown. OpenAPI has no field for it.
        "x-linksfield-retry": endpoint.retry.as_str(),
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

/// Plain lines as one string, when there are any.
fn lines_text(lines: &[String]) -> Option<String> {
    (!lines.is_empty()).then(|| lines.join("\n"))
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
