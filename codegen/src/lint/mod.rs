//! Consistency checks over a parsed spec. Every problem becomes a diagnostic; nothing panics.

mod names;

use std::collections::{BTreeMap, BTreeSet};

use heck::ToUpperCamelCase;
use serde_json::Value;

use crate::diagnostic::Diagnostics;
use crate::spec::{
    AuthKind, Completeness, DataKind, EndpointDoc, FamilyDoc, FieldDoc, Fill, Loaded, Spec,
    WireType,
};

/// Runs every check and returns the problems in file and line order.
pub fn check(spec: &Spec) -> Diagnostics {
    let mut problems = Diagnostics::default();
    let mut family_names = BTreeSet::new();
    for family in &spec.families {
        if !family_names.insert(family.doc.name.as_str()) {
            let message = format!("family `{}` is declared twice", family.doc.name);
            problems.push(family.diagnostic("name", message));
        }
        check_family(family, &mut problems);
    }

    let endpoint_names: BTreeSet<&str> =
        spec.endpoints.iter().map(|e| e.doc.name.as_str()).collect();
    let mut seen_names = BTreeSet::new();
    let mut seen_routes = BTreeSet::new();
    for endpoint in &spec.endpoints {
        let doc = &endpoint.doc;
        if !seen_names.insert(doc.name.as_str()) {
            let message = format!("endpoint `{}` is declared twice", doc.name);
            problems.push(endpoint.diagnostic("name", message));
        }
        if !seen_routes.insert((doc.method, doc.path.as_str())) {
            let message = format!("{} {} is declared twice", doc.method.as_str(), doc.path);
            problems.push(endpoint.diagnostic("path", message));
        }
        if let Some(replacement) = &doc.replaced_by {
            let problem = if !endpoint_names.contains(replacement.as_str()) {
                Some(format!(
                    "replaced_by names unknown endpoint `{replacement}`"
                ))
            } else if *replacement == doc.name {
                Some("an endpoint cannot replace itself".to_string())
            } else if !doc.deprecated {
                Some(
                    "replaced_by applies to deprecated endpoints; add `deprecated: true`"
                        .to_string(),
                )
            } else {
                None
            };
            if let Some(message) = problem {
                problems.push(endpoint.diagnostic("replaced_by", message));
            }
        }
        if doc.method != crate::spec::Method::Post {
            let message = format!(
                "{} endpoints are not supported yet: the client sends parameters in a JSON body, and the Overview puts GET's in the query",
                doc.method.as_str()
            );
            problems.push(endpoint.diagnostic("method", message));
        }
        let family = spec.families.iter().find(|f| f.doc.name == doc.family);
        if family.is_none() {
            let known: Vec<&str> = family_names.iter().copied().collect();
            let message = format!("unknown family `{}`", doc.family);
            let hint = format!("declared families: {}", known.join(", "));
            problems.push(endpoint.diagnostic("family", message).with_hint(hint));
        }
        check_endpoint(endpoint, family.map(|f| &f.doc), &mut problems);
    }
    check_enum_type_names(spec, &mut problems);
    names::check(spec, &mut problems);
    check_catalog(spec, &mut problems);
    problems.sorted()
}

/// The catalogue and the endpoints agree: every endpoint is catalogued as the page it
/// transcribes, with the same completeness, and every catalogued endpoint exists.
fn check_catalog(spec: &Spec, problems: &mut Diagnostics) {
    let Some(catalog) = &spec.catalog else { return };
    for (i, page) in catalog.doc.pages.iter().enumerate() {
        let at = format!("pages[{i}]");
        let Some(name) = &page.endpoint else {
            if page.completeness == Completeness::Full {
                let message =
                    "a fully documented page must name the `endpoint` that transcribes it";
                problems.push(catalog.diagnostic(&at, message));
            }
            continue;
        };
        match spec.endpoints.iter().find(|e| e.doc.name == *name) {
            None => {
                let message = format!("catalogued endpoint `{name}` is not in spec/endpoints");
                problems.push(catalog.diagnostic(&format!("{at}.endpoint"), message));
            }
            Some(endpoint) if endpoint.doc.completeness != page.completeness => {
                let message = format!(
                    "the catalogue says {:?}, endpoint `{name}` says {:?}",
                    page.completeness, endpoint.doc.completeness
                );
                problems.push(catalog.diagnostic(&format!("{at}.completeness"), message));
            }
            Some(_) => {}
        }
    }
    for endpoint in &spec.endpoints {
        if endpoint.doc.completeness == Completeness::TitleOnly {
            let message = "title-only pages belong in catalog.yaml, not in spec/endpoints";
            problems.push(endpoint.diagnostic("completeness", message));
        }
        let listed = catalog
            .doc
            .pages
            .iter()
            .any(|p| p.endpoint.as_deref() == Some(&endpoint.doc.name));
        if !listed {
            let message = format!(
                "endpoint `{}` is missing from catalog.yaml",
                endpoint.doc.name
            );
            problems.push(
                endpoint
                    .diagnostic("name", message)
                    .with_hint("add its page with `endpoint:`"),
            );
        }
    }
}

/// How much of the vendor's API the spec covers, by page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Coverage {
    pub pages: usize,
    pub documented: usize,
    pub partial: usize,
    /// Partial pages transcribed into endpoints (the rest wait for generator support).
    pub partial_transcribed: usize,
    pub title_only: usize,
}

impl std::fmt::Display for Coverage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "coverage: {} pages: {} documented, {} partial ({} transcribed), {} title-only",
            self.pages, self.documented, self.partial, self.partial_transcribed, self.title_only
        )
    }
}

/// The coverage line of a spec with a catalogue.
pub fn coverage(spec: &Spec) -> Option<Coverage> {
    let pages = &spec.catalog.as_ref()?.doc.pages;
    let count = |c: Completeness| pages.iter().filter(|p| p.completeness == c).count();
    Some(Coverage {
        pages: pages.len(),
        documented: count(Completeness::Full),
        partial: count(Completeness::Partial),
        partial_transcribed: pages
            .iter()
            .filter(|p| p.completeness == Completeness::Partial && p.endpoint.is_some())
            .count(),
        title_only: count(Completeness::TitleOnly),
    })
}

fn check_family(family: &Loaded<FamilyDoc>, problems: &mut Diagnostics) {
    let doc = &family.doc;
    if !is_snake_identifier(&doc.name) {
        problems.push(family.diagnostic("name", "family name must be a snake_case identifier"));
    }
    let defaults = doc.base_urls.iter().filter(|b| b.default).count();
    if defaults != 1 {
        let message = format!("exactly one base URL must be `default: true`, found {defaults}");
        problems.push(family.diagnostic("base_urls", message));
    }
    let mut names = BTreeSet::new();
    for (i, field) in doc.common_fields.iter().enumerate() {
        let at = format!("common_fields[{i}]");
        if !names.insert(field.name.as_str()) {
            let message = format!("common field `{}` is declared twice", field.name);
            problems.push(family.diagnostic(&format!("{at}.name"), message));
        }
        match (field.fill, &field.value) {
            (Fill::Constant, None) => {
                problems.push(family.diagnostic(&at, "`fill: constant` needs a `value`"));
            }
            (Fill::AccessCode | Fill::Timestamp | Fill::Signature, Some(_)) => {
                let message = "`value` is only allowed with `fill: constant`";
                problems.push(family.diagnostic(&format!("{at}.value"), message));
            }
            _ => {}
        }
    }
    let mut codes = BTreeSet::new();
    let mut code_names = BTreeSet::new();
    for (i, status) in doc.status_codes.iter().enumerate() {
        let at = format!("status_codes[{i}]");
        if !codes.insert(status.code.as_str()) {
            let message = format!("status code `{}` is listed twice", status.code);
            problems.push(family.diagnostic(&format!("{at}.code"), message));
        }
        if !is_snake_identifier(&status.name) {
            let message = format!(
                "status code name `{}` must be a snake_case identifier",
                status.name
            );
            problems.push(family.diagnostic(&format!("{at}.name"), message));
        } else if status.name == "other" || !code_names.insert(status.name.as_str()) {
            let message = format!(
                "status code name `{}` is used twice (`other` is the fallback)",
                status.name
            );
            problems.push(family.diagnostic(&format!("{at}.name"), message));
        }
    }
    let fills: BTreeSet<Fill> = doc.common_fields.iter().map(|f| f.fill).collect();
    match doc.auth.kind {
        AuthKind::HmacSha1Signature => {
            for (fill, name) in [
                (Fill::AccessCode, "access_code"),
                (Fill::Timestamp, "timestamp"),
                (Fill::Signature, "signature"),
            ] {
                if !fills.contains(&fill) {
                    let message =
                        format!("hmac_sha1_signature needs a common field with `fill: {name}`");
                    problems.push(family.diagnostic("common_fields", message));
                }
            }
            if doc.timestamp.is_none() {
                let message = "hmac_sha1_signature needs `timestamp:` (its unit)";
                problems.push(family.diagnostic("auth", message));
            }
        }
        AuthKind::AccessTokenHeader => {
            if doc.auth.header.is_none() {
                let message = "access_token_header needs `header:` (the header's name)";
                problems.push(family.diagnostic("auth", message));
            }
        }
    }
}

fn check_endpoint(
    endpoint: &Loaded<EndpointDoc>,
    family: Option<&FamilyDoc>,
    problems: &mut Diagnostics,
) {
    let doc = &endpoint.doc;
    if !is_snake_identifier(&doc.name) {
        problems.push(endpoint.diagnostic("name", "endpoint name must be a snake_case identifier"));
    }
    if !doc.path.starts_with('/') {
        let hint = format!("write `/{}`", doc.path);
        let message = "path must start with `/`";
        problems.push(endpoint.diagnostic("path", message).with_hint(hint));
    }
    if doc.title.zh.is_none() && doc.title.en.is_none() {
        problems.push(endpoint.diagnostic("title", "title needs `zh` or `en` text"));
    }
    let common: BTreeSet<&str> = family
        .map(|f| f.common_fields.iter().map(|c| c.name.as_str()).collect())
        .unwrap_or_default();

    check_fields(
        endpoint,
        "request.fields",
        &doc.request.fields,
        true,
        &common,
        problems,
    );
    check_fields(
        endpoint,
        "response.fields",
        &doc.response.fields,
        false,
        &BTreeSet::new(),
        problems,
    );
    match (doc.response.data, doc.response.fields.is_empty()) {
        (DataKind::Null, false) => {
            let message = "`data: null` responses cannot declare fields";
            problems.push(endpoint.diagnostic("response.fields", message));
        }
        (DataKind::Object, true) => {
            let message = "`data: object` responses need at least one field";
            problems.push(endpoint.diagnostic("response.data", message));
        }
        (DataKind::Undocumented, false) => {
            let message = "`data: undocumented` responses cannot declare fields";
            problems.push(endpoint.diagnostic("response.fields", message));
        }
        _ => {}
    }
    // Without its family the runtime fields are unknown; the unknown family is reported
    // already, and checking examples would only echo it.
    if let Some(family) = family {
        check_examples(endpoint, family, &common, problems);
    }
}

fn check_fields(
    endpoint: &Loaded<EndpointDoc>,
    at: &str,
    fields: &[FieldDoc],
    is_request: bool,
    common: &BTreeSet<&str>,
    problems: &mut Diagnostics,
) {
    let mut names = BTreeSet::new();
    for (i, field) in fields.iter().enumerate() {
        let at = format!("{at}[{i}]");
        if !names.insert(field.name.as_str()) {
            let message = format!("field `{}` is declared twice", field.name);
            problems.push(endpoint.diagnostic(&format!("{at}.name"), message));
        }
        if !is_wire_identifier(&field.name) {
            let message = format!("field name `{}` is not a plain identifier", field.name);
            problems.push(endpoint.diagnostic(&format!("{at}.name"), message));
        }
        if common.contains(field.name.as_str()) {
            let message = format!(
                "`{}` is filled by the runtime for every endpoint of the family; do not repeat it",
                field.name
            );
            problems.push(endpoint.diagnostic(&format!("{at}.name"), message));
        }
        if is_request && field.required.is_none() {
            let message = format!(
                "request field `{}` needs `required: true` or `false`",
                field.name
            );
            problems.push(endpoint.diagnostic(&at, message));
        }
        if is_request && field.nullable {
            let message =
                "`nullable` applies to response fields; leave optional request fields out";
            problems.push(endpoint.diagnostic(&format!("{at}.nullable"), message));
        }
        if field.format.is_some() && field.wire_type != WireType::String {
            let message = "`format` applies to string fields only";
            problems.push(endpoint.diagnostic(&format!("{at}.format"), message));
        }
        if let Some(type_name) = &field.type_name {
            if field.enum_values.is_empty() {
                let message = "`type_name` names an enum type; this field has no `enum`";
                problems.push(endpoint.diagnostic(&format!("{at}.type_name"), message));
            } else if type_name.is_empty() || type_name.to_upper_camel_case() != *type_name {
                let message = format!("type_name `{type_name}` must be UpperCamelCase");
                problems.push(endpoint.diagnostic(&format!("{at}.type_name"), message));
            }
        }
        check_enum(endpoint, &at, field, problems);
    }
}

fn check_enum(
    endpoint: &Loaded<EndpointDoc>,
    at: &str,
    field: &FieldDoc,
    problems: &mut Diagnostics,
) {
    if field.enum_values.is_empty() {
        return;
    }
    if field.wire_type != WireType::String {
        let message = "only string-typed fields can carry an `enum` so far";
        problems.push(endpoint.diagnostic(&format!("{at}.enum"), message));
    }
    if field.format.is_some() {
        let message = "a field is either an `enum` or has a `format`, not both";
        problems.push(endpoint.diagnostic(&format!("{at}.format"), message));
    }
    let mut values = BTreeSet::new();
    let mut names = BTreeSet::new();
    for (j, value) in field.enum_values.iter().enumerate() {
        let at = format!("{at}.enum[{j}]");
        if value.value.is_empty() {
            problems.push(endpoint.diagnostic(&format!("{at}.value"), "enum value is empty"));
        }
        if !values.insert(value.value.as_str()) {
            let message = format!(
                "enum value `{}` of `{}` is listed twice",
                value.value, field.name
            );
            problems.push(endpoint.diagnostic(&format!("{at}.value"), message));
        }
        if !is_snake_identifier(&value.name) {
            let message = format!("enum name `{}` must be a snake_case identifier", value.name);
            problems.push(endpoint.diagnostic(&format!("{at}.name"), message));
        } else if !names.insert(value.name.as_str()) {
            let message = format!(
                "enum name `{}` of `{}` is used twice",
                value.name, field.name
            );
            problems.push(endpoint.diagnostic(&format!("{at}.name"), message));
        }
    }
}

/// An enum as one field declares it: wire values with their names, and its side.
#[derive(PartialEq)]
struct EnumShape<'a> {
    values: Vec<(&'a str, &'a str)>,
    in_request: bool,
}

/// Two enums may share a Rust type name only when they are the same enum.
fn check_enum_type_names(spec: &Spec, problems: &mut Diagnostics) {
    let mut seen: BTreeMap<String, EnumShape> = BTreeMap::new();
    for endpoint in &spec.endpoints {
        let doc = &endpoint.doc;
        let request = doc
            .request
            .fields
            .iter()
            .enumerate()
            .map(|(i, f)| (format!("request.fields[{i}]"), f, true));
        let response = doc
            .response
            .fields
            .iter()
            .enumerate()
            .map(|(i, f)| (format!("response.fields[{i}]"), f, false));
        for (at, field, in_request) in request.chain(response) {
            if field.enum_values.is_empty() {
                continue;
            }
            let shape = EnumShape {
                values: field
                    .enum_values
                    .iter()
                    .map(|v| (v.value.as_str(), v.name.as_str()))
                    .collect(),
                in_request,
            };
            let name = enum_type_name(field);
            match seen.get(&name) {
                None => {
                    seen.insert(name, shape);
                }
                Some(existing) if *existing == shape => {}
                Some(_) => {
                    let message = format!(
                        "enum type `{name}` is already declared with other values or on the other side (request/response)"
                    );
                    let hint = "give this field a distinct `type_name:`";
                    problems.push(
                        endpoint
                            .diagnostic(&format!("{at}.enum"), message)
                            .with_hint(hint),
                    );
                }
            }
        }
    }
}

/// The Rust name of a field's enum type: its `type_name`, or its wire name in UpperCamelCase.
pub fn enum_type_name(field: &FieldDoc) -> String {
    field
        .type_name
        .clone()
        .unwrap_or_else(|| field.name.to_upper_camel_case())
}

fn check_examples(
    endpoint: &Loaded<EndpointDoc>,
    family: &FamilyDoc,
    common: &BTreeSet<&str>,
    problems: &mut Diagnostics,
) {
    let doc = &endpoint.doc;
    if let Some(text) = &doc.examples.request {
        match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(object)) => {
                for (key, value) in &object {
                    if common.contains(key.as_str()) {
                        continue;
                    }
                    match doc.request.fields.iter().find(|f| f.name == *key) {
                        None => {
                            let message = format!(
                                "request example sends `{key}`, which is not a declared field"
                            );
                            problems.push(endpoint.diagnostic("examples.request", message));
                        }
                        Some(field) => {
                            if let Some(problem) = example_value_problem(field, value) {
                                problems.push(endpoint.diagnostic("examples.request", problem));
                            }
                        }
                    }
                }
                for field in &doc.request.fields {
                    if field.required == Some(true) && !object.contains_key(&field.name) {
                        let message =
                            format!("request example lacks required field `{}`", field.name);
                        problems.push(endpoint.diagnostic("examples.request", message));
                    }
                }
            }
            Ok(_) => problems.push(
                endpoint.diagnostic("examples.request", "request example must be a JSON object"),
            ),
            Err(error) => {
                let message = format!("request example is not valid JSON: {error}");
                problems.push(endpoint.diagnostic("examples.request", message));
            }
        }
    }
    if let Some(text) = &doc.examples.response {
        let data_field = family.envelope.data_field.as_str();
        match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(envelope)) => match (doc.response.data, envelope.get(data_field)) {
                (DataKind::Object, Some(Value::Object(data))) => {
                    for (i, field) in doc.response.fields.iter().enumerate() {
                        if !data.contains_key(&field.name) {
                            let message = format!(
                                "response field `{}` appears in no response example",
                                field.name
                            );
                            let hint = "add it to the example, or explain under `notes:` why the page lists it";
                            let at = format!("response.fields[{i}].name");
                            problems.push(endpoint.diagnostic(&at, message).with_hint(hint));
                        }
                    }
                    for key in data.keys() {
                        if !doc.response.fields.iter().any(|f| f.name == *key) {
                            let message = format!(
                                "response example has `{key}`, which is not a declared field"
                            );
                            problems.push(endpoint.diagnostic("examples.response", message));
                        }
                    }
                }
                (DataKind::Null, None | Some(Value::Null)) | (DataKind::Undocumented, _) => {}
                _ => {
                    let message =
                        format!("response example's `{data_field}` does not match `response.data`");
                    problems.push(endpoint.diagnostic("examples.response", message));
                }
            },
            Ok(_) => problems.push(endpoint.diagnostic(
                "examples.response",
                "response example must be a JSON object",
            )),
            Err(error) => {
                let message = format!("response example is not valid JSON: {error}");
                problems.push(endpoint.diagnostic("examples.response", message));
            }
        }
    }
}

/// Whether an example's value fits its field's wire type and enum.
fn example_value_problem(field: &FieldDoc, value: &Value) -> Option<String> {
    let fits = match field.wire_type {
        WireType::String => value.is_string(),
        WireType::Integer => value.is_i64() || value.is_u64(),
        WireType::Number => value.is_number(),
        WireType::Boolean => value.is_boolean(),
    };
    if !fits {
        return Some(format!(
            "request example's `{}` is not of type {:?}",
            field.name, field.wire_type
        ));
    }
    let text = value.as_str()?;
    let empty_optional = text.is_empty() && field.required != Some(true);
    if let Some(format) = field.format {
        if !empty_optional && !format.accepts(text) {
            return Some(format!(
                "request example's `{}` is {text:?}, not {}",
                field.name,
                format.description()
            ));
        }
    }
    if !field.enum_values.is_empty()
        && !empty_optional
        && !field.enum_values.iter().any(|v| v.value == text)
    {
        return Some(format!(
            "request example's `{}` is `{text}`, not one of its enum values",
            field.name
        ));
    }
    None
}

fn is_snake_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some('a'..='z'))
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn is_wire_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}
