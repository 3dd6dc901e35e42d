//! Consistency checks over a parsed spec. Every problem becomes a diagnostic; nothing panics.

mod depth;
mod mock;
mod names;
mod path;
mod predecessor;
pub mod walk;

use std::collections::{BTreeMap, BTreeSet};

use heck::ToUpperCamelCase;
use serde_json::Value;

use crate::diagnostic::Diagnostic;
use crate::diagnostic::Diagnostics;
use crate::spec::{
    AuthKind, CatalogPage, Completeness, DataKind, EndpointDoc, FamilyDoc, FieldDoc, Fill, Loaded,
    Shape, Spec, WireType,
};
pub use depth::MAX_NESTING_DEPTH;
pub use walk::{enum_type_name, object_type_name};

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
        check_endpoint(endpoint, family.map(|f| &f.doc), spec, &mut problems);
    }
    check_shared_types(spec, &mut problems);
    check_notifications(spec, &mut problems);
    check_enum_type_names(spec, &mut problems);
    depth::check(spec, &mut problems);
    names::check(spec, &mut problems);
    check_catalog(spec, &mut problems);
    problems.sorted()
}

/// The catalogue and the transcriptions agree: every endpoint and notification is
/// catalogued as the page it transcribes, with the same completeness, and every one the
/// catalogue names exists.
fn check_catalog(spec: &Spec, problems: &mut Diagnostics) {
    let Some(catalog) = &spec.catalog else { return };
    for (i, page) in catalog.doc.pages.iter().enumerate() {
        let at = format!("pages[{i}]");
        predecessor::check_page(catalog, &at, page, problems);
        // What the page names, whether it exists, and with which completeness.
        let transcribed = if let Some(name) = &page.notification {
            let found = spec.notifications.iter().find(|n| n.doc.name == *name);
            (
                "notification",
                "notifications",
                name,
                found.map(|n| n.doc.completeness),
            )
        } else if let Some(name) = &page.endpoint {
            let found = spec.endpoints.iter().find(|e| e.doc.name == *name);
            (
                "endpoint",
                "endpoints",
                name,
                found.map(|e| e.doc.completeness),
            )
        } else {
            if page.completeness == Completeness::Full {
                let message =
                    "a fully documented page must name the `endpoint` that transcribes it";
                problems.push(catalog.diagnostic(&at, message));
            }
            continue;
        };
        match transcribed {
            (kind, dir, name, None) => {
                let message = format!("catalogued {kind} `{name}` is not in spec/{dir}");
                problems.push(catalog.diagnostic(&format!("{at}.{kind}"), message));
            }
            (kind, _, name, Some(completeness)) if completeness != page.completeness => {
                let message = format!(
                    "the catalogue says {:?}, {kind} `{name}` says {completeness:?}",
                    page.completeness
                );
                problems.push(catalog.diagnostic(&format!("{at}.completeness"), message));
            }
            _ => {}
        }
    }
    // `kind` names both the spec item and the page key that lists it.
    let missing = |kind: &str, name: &String, listed_by: fn(&CatalogPage) -> Option<&String>| {
        let listed = catalog.doc.pages.iter().any(|p| listed_by(p) == Some(name));
        (!listed).then(|| {
            let message = format!("{kind} `{name}` is missing from catalog.yaml");
            (message, format!("add its page with `{kind}:`"))
        })
    };
    for notification in &spec.notifications {
        let name = &notification.doc.name;
        if let Some((message, hint)) = missing("notification", name, |p| p.notification.as_ref()) {
            problems.push(notification.diagnostic("name", message).with_hint(hint));
        }
    }
    for endpoint in &spec.endpoints {
        if endpoint.doc.completeness == Completeness::TitleOnly {
            let message = "title-only pages belong in catalog.yaml, not in spec/endpoints";
            problems.push(endpoint.diagnostic("completeness", message));
        }
        let name = &endpoint.doc.name;
        if let Some((message, hint)) = missing("endpoint", name, |p| p.endpoint.as_ref()) {
            problems.push(endpoint.diagnostic("name", message).with_hint(hint));
        }
    }
}

/// How much of the vendor's API the spec covers, by page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coverage {
    pub pages: usize,
    pub documented: usize,
    pub partial: usize,
    /// Partial pages transcribed into endpoints (the rest wait for generator support).
    pub partial_transcribed: usize,
    pub title_only: usize,
    /// Paths only an older document gives, grouped by that document's date, in
    /// catalogue order: probable, never generated from.
    pub probable_paths: Vec<(String, Vec<String>)>,
}

impl std::fmt::Display for Coverage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "coverage: {} pages: {} documented, {} partial ({} transcribed), {} title-only",
            self.pages, self.documented, self.partial, self.partial_transcribed, self.title_only
        )?;
        for (i, (date, paths)) in self.probable_paths.iter().enumerate() {
            let lead = if i == 0 {
                "; probable paths from"
            } else {
                "; from"
            };
            write!(f, "{lead} {date} docs: {}", paths.join(", "))?;
        }
        Ok(())
    }
}

/// The coverage line of a spec with a catalogue.
pub fn coverage(spec: &Spec) -> Option<Coverage> {
    let pages = &spec.catalog.as_ref()?.doc.pages;
    let count = |c: Completeness| pages.iter().filter(|p| p.completeness == c).count();
    let mut probable_paths: Vec<(String, Vec<String>)> = Vec::new();
    for page in pages.iter().filter(|p| p.path.is_none()) {
        let Some(older) = &page.predecessor else {
            continue;
        };
        let Some(path) = &older.path else { continue };
        let date = &older.source.date;
        match probable_paths.iter_mut().find(|(d, _)| d == date) {
            Some((_, paths)) => paths.push(path.clone()),
            None => probable_paths.push((date.clone(), vec![path.clone()])),
        }
    }
    Some(Coverage {
        pages: pages.len(),
        documented: count(Completeness::Full),
        partial: count(Completeness::Partial),
        partial_transcribed: pages
            .iter()
            .filter(|p| {
                p.completeness == Completeness::Partial
                    && (p.endpoint.is_some() || p.notification.is_some())
            })
            .count(),
        title_only: count(Completeness::TitleOnly),
        probable_paths,
    })
}

fn check_family(family: &Loaded<FamilyDoc>, problems: &mut Diagnostics) {
    let doc = &family.doc;
    predecessor::check_family(family, problems);
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
        if !is_wire_identifier(&field.name) {
            let message = format!(
                "common field name `{}` is not a plain identifier",
                field.name
            );
            problems.push(family.diagnostic(&format!("{at}.name"), message));
        }
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
    // The client reads each envelope field for one role only.
    let envelope = &doc.envelope;
    let mut roles: BTreeMap<&str, &str> = BTreeMap::new();
    for (role, field) in [
        ("code.field", Some(&envelope.code.field)),
        ("message_field", Some(&envelope.message_field)),
        ("data_field", Some(&envelope.data_field)),
        ("success_flag_field", envelope.success_flag_field.as_ref()),
    ] {
        let Some(field) = field else { continue };
        if let Some(other) = roles.insert(field.as_str(), role) {
            let message = format!("envelope field `{field}` is already the {other}");
            problems.push(family.diagnostic(&format!("envelope.{role}"), message));
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
    spec: &Spec,
    problems: &mut Diagnostics,
) {
    let doc = &endpoint.doc;
    if !is_snake_identifier(&doc.name) {
        problems.push(endpoint.diagnostic("name", "endpoint name must be a snake_case identifier"));
    }
    if let Some((offset, message)) = path::problem(&doc.path) {
        let mut problem = endpoint.diagnostic_in_value("path", &doc.path, offset, message);
        if !doc.path.starts_with('/') {
            problem = problem.with_hint(format!("write `/{}`", doc.path));
        }
        problems.push(problem);
    }
    if doc.title.zh.is_none() && doc.title.en.is_none() {
        problems.push(endpoint.diagnostic("title", "title needs `zh` or `en` text"));
    }
    let common: BTreeSet<&str> = family
        .map(|f| f.common_fields.iter().map(|c| c.name.as_str()).collect())
        .unwrap_or_default();

    let diagnostic = |at: &str, message: String| endpoint.diagnostic(at, message);
    check_field_tree(
        spec,
        &diagnostic,
        "request.fields",
        &doc.request.fields,
        true,
        &common,
        problems,
    );
    let (lists, shapes) = walk::collect_response(&doc.response);
    check_lists_and_shapes(
        spec,
        &diagnostic,
        &lists,
        &shapes,
        false,
        &BTreeSet::new(),
        problems,
    );
    match (
        doc.response.data,
        doc.response.fields.is_empty(),
        doc.response.items.is_some(),
    ) {
        (DataKind::Object, true, _) => {
            let message = "`data: object` responses need at least one field";
            problems.push(endpoint.diagnostic("response.data", message));
        }
        (DataKind::Array, _, false) => {
            let message = "`data: array` responses need `items:`";
            problems.push(endpoint.diagnostic("response.data", message));
        }
        (DataKind::Null | DataKind::Undocumented | DataKind::Array, false, _) => {
            let message = "only `data: object` responses declare `fields`";
            problems.push(endpoint.diagnostic("response.fields", message));
        }
        (DataKind::Null | DataKind::Undocumented | DataKind::Object, _, true) => {
            let message = "only `data: array` responses declare `items`";
            problems.push(endpoint.diagnostic("response.items", message));
        }
        _ => {}
    }
    // Without its family the runtime fields are unknown; the unknown family is reported
    // already, and checking examples would only echo it.
    if let Some(family) = family {
        check_examples(endpoint, family, &common, spec, problems);
    }
    if let Some(paging) = &doc.paging {
        check_paging(endpoint, paging, spec, problems);
    }
    mock::check(endpoint, spec, problems);
}

/// A paged endpoint names fields that exist and are always there: integer page and size
/// request fields, an array of items and an integer page count in the response.
fn check_paging(
    endpoint: &Loaded<EndpointDoc>,
    paging: &crate::spec::PagingDoc,
    spec: &Spec,
    problems: &mut Diagnostics,
) {
    let doc = &endpoint.doc;
    // Exactly the fields the generator types without `Option`.
    let present = |f: &&FieldDoc| f.required != Some(false) && !f.nullable;
    for (key, name) in [("page", &paging.page), ("size", &paging.size)] {
        let field = doc.request.fields.iter().find(|f| f.name == *name);
        if !field.is_some_and(|f| f.wire_type == WireType::Integer && f.required == Some(true)) {
            let message = format!("paging.{key} must name a required integer request field");
            problems.push(endpoint.diagnostic(&format!("paging.{key}"), message));
        }
    }
    let items = doc.response.fields.iter().find(|f| f.name == paging.items);
    if !items
        .filter(present)
        .is_some_and(|f| f.wire_type == WireType::Array)
    {
        let message = "paging.items must name an always-present array response field";
        problems.push(endpoint.diagnostic("paging.items", message));
    }
    let mut fields: Vec<FieldDoc> = doc.response.fields.clone();
    let mut found = None;
    for segment in paging.total_pages.split('.') {
        found = fields
            .iter()
            .find(|f| f.name == segment)
            .filter(present)
            .cloned();
        let Some(field) = &found else { break };
        fields = match field.reference.as_deref() {
            Some(reference) => spec
                .shared_type(reference)
                .map(|t| t.doc.fields.clone())
                .unwrap_or_default(),
            None => field.fields.clone(),
        };
    }
    if !found.is_some_and(|f| f.wire_type == WireType::Integer) {
        let message = "paging.total_pages must be the dotted path of an always-present integer response field";
        problems.push(endpoint.diagnostic("paging.total_pages", message));
    }
    let method = format!("{}_pages", doc.name);
    if spec.endpoints.iter().any(|e| e.doc.name == method) {
        let message = format!("the paging method `{method}` is also an endpoint's name");
        problems.push(endpoint.diagnostic("paging", message));
    }
}

/// Makes a diagnostic at a YAML path of the file being checked.
pub(crate) type Diag<'a> = dyn Fn(&str, String) -> Diagnostic + 'a;

/// Checks `fields` and everything nested in them.
fn check_field_tree(
    spec: &Spec,
    diagnostic: &Diag,
    at: &str,
    fields: &[FieldDoc],
    is_request: bool,
    common: &BTreeSet<&str>,
    problems: &mut Diagnostics,
) {
    let (lists, shapes) = walk::collect(at, fields);
    check_lists_and_shapes(
        spec, diagnostic, &lists, &shapes, is_request, common, problems,
    );
}

fn check_lists_and_shapes(
    spec: &Spec,
    diagnostic: &Diag,
    lists: &[walk::FieldList],
    shapes: &[walk::ShapeAt],
    is_request: bool,
    common: &BTreeSet<&str>,
    problems: &mut Diagnostics,
) {
    let no_common = BTreeSet::new();
    for list in lists {
        // The runtime fills the family's fields at the top level only.
        let common = if list.nested { &no_common } else { common };
        check_fields(
            diagnostic,
            &list.at,
            list.fields,
            is_request,
            common,
            problems,
        );
    }
    for shape in shapes {
        check_shape(spec, diagnostic, shape, problems);
    }
}

fn check_fields(
    diagnostic: &Diag,
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
            problems.push(diagnostic(&format!("{at}.name"), message));
        }
        if !is_wire_identifier(&field.name) {
            let message = format!("field name `{}` is not a plain identifier", field.name);
            problems.push(diagnostic(&format!("{at}.name"), message));
        }
        if common.contains(field.name.as_str()) {
            let message = format!(
                "`{}` is filled by the runtime for every endpoint of the family; do not repeat it",
                field.name
            );
            problems.push(diagnostic(&format!("{at}.name"), message));
        }
        if is_request && field.required.is_none() {
            let message = format!(
                "request field `{}` needs `required: true` or `false`",
                field.name
            );
            problems.push(diagnostic(&at, message));
        }
        if is_request && field.nullable {
            let message =
                "`nullable` applies to response fields; leave optional request fields out"
                    .to_string();
            problems.push(diagnostic(&format!("{at}.nullable"), message));
        }
    }
}

/// The rules of one field's (or array element's) type: what each wire type may declare.
fn check_shape(spec: &Spec, diagnostic: &Diag, visit: &walk::ShapeAt, problems: &mut Diagnostics) {
    let at = &visit.at;
    let shape = &visit.shape;
    let mut problem = |key: &str, message: &str| {
        problems.push(diagnostic(&format!("{at}.{key}"), message.to_string()));
    };
    if shape.format.is_some() && shape.wire_type != WireType::String {
        problem("format", "`format` applies to string fields only");
    }
    if shape.items.is_some() != (shape.wire_type == WireType::Array) {
        if shape.items.is_some() {
            problem("items", "`items` applies to `type: array` only");
        } else {
            problem(
                "type",
                "`type: array` needs `items:` (what the array holds)",
            );
        }
    }
    if let Some(reference) = shape.reference.filter(|r| spec.shared_type(r).is_none()) {
        problem(
            "ref",
            &format!("`ref: {reference}` names no type in spec/types"),
        );
    }
    if shape.wire_type == WireType::Object {
        match (shape.fields.is_empty(), shape.reference) {
            (true, None) => problem(
                "type",
                "`type: object` needs inline `fields:` or a `ref:` to a shared type",
            ),
            (false, Some(_)) => {
                problem("ref", "an object has inline `fields` or a `ref`, not both")
            }
            _ => {}
        }
        if shape.reference.is_some() && shape.type_name.is_some() {
            problem(
                "type_name",
                "a `ref` object is named after its shared type; drop `type_name`",
            );
        }
    } else {
        if !shape.fields.is_empty() {
            problem("fields", "`fields` applies to `type: object` only");
        }
        if shape.reference.is_some() {
            problem("ref", "`ref` applies to `type: object` only");
        }
    }
    if let Some(type_name) = shape.type_name {
        if !walk::names_a_type(shape) {
            problem(
                "type_name",
                "`type_name` names an enum or object type; this one is neither",
            );
        } else if type_name.is_empty() || type_name.to_upper_camel_case() != *type_name {
            problem(
                "type_name",
                &format!("type_name `{type_name}` must be UpperCamelCase"),
            );
        }
    }
    check_enum(diagnostic, at, visit.field_name, shape, problems);
}

fn check_enum(
    diagnostic: &Diag,
    at: &str,
    field_name: &str,
    shape: &Shape,
    problems: &mut Diagnostics,
) {
    if shape.enum_values.is_empty() {
        return;
    }
    if shape.wire_type != WireType::String {
        let message = "only string-typed fields can carry an `enum` so far".to_string();
        problems.push(diagnostic(&format!("{at}.enum"), message));
    }
    if shape.format.is_some() {
        let message = "a field is either an `enum` or has a `format`, not both".to_string();
        problems.push(diagnostic(&format!("{at}.format"), message));
    }
    let mut values = BTreeSet::new();
    let mut names = BTreeSet::new();
    for (j, value) in shape.enum_values.iter().enumerate() {
        let at = format!("{at}.enum[{j}]");
        if value.value.is_empty() {
            problems.push(diagnostic(
                &format!("{at}.value"),
                "enum value is empty".into(),
            ));
        }
        if !values.insert(value.value.as_str()) {
            let message = format!(
                "enum value `{}` of `{field_name}` is listed twice",
                value.value
            );
            problems.push(diagnostic(&format!("{at}.value"), message));
        }
        if !is_snake_identifier(&value.name) {
            let message = format!("enum name `{}` must be a snake_case identifier", value.name);
            problems.push(diagnostic(&format!("{at}.name"), message));
        } else if !names.insert(value.name.as_str()) {
            let message = format!("enum name `{}` of `{field_name}` is used twice", value.name);
            problems.push(diagnostic(&format!("{at}.name"), message));
        }
    }
}

/// Shared types: well-formed, referenced, on one side only, without reference cycles;
/// every `ref:` names one.
fn check_shared_types(spec: &Spec, problems: &mut Diagnostics) {
    let mut names = BTreeSet::new();
    for shared in &spec.types {
        let doc = &shared.doc;
        if !is_snake_identifier(&doc.name) {
            let message = "type name must be a snake_case identifier";
            problems.push(shared.diagnostic("name", message));
        }
        if !names.insert(doc.name.as_str()) {
            let message = format!("type `{}` is declared twice", doc.name);
            problems.push(shared.diagnostic("name", message));
        }
        if doc.fields.is_empty() {
            problems.push(shared.diagnostic("fields", "a shared type needs at least one field"));
        }
    }
    let sides = shared_type_sides(spec);
    for shared in &spec.types {
        let diagnostic = |at: &str, message: String| shared.diagnostic(at, message);
        let used = sides.get(&shared.doc.name);
        // A type's own field rules do not depend on the side, except that request fields
        // say whether they are required; a type used in requests is checked as one.
        let is_request = used.is_some_and(|s| s.contains(&true));
        check_field_tree(
            spec,
            &diagnostic,
            "fields",
            &shared.doc.fields,
            is_request,
            &BTreeSet::new(),
            problems,
        );
        match used {
            None => {
                let message = format!("type `{}` is referenced by no field", shared.doc.name);
                problems.push(shared.diagnostic("name", message));
            }
            Some(sides) if sides.len() > 1 => {
                let message = format!(
                    "type `{}` is used in both requests and responses; declare one type per side",
                    shared.doc.name
                );
                problems.push(shared.diagnostic("name", message));
            }
            Some(_) => {}
        }
        if refers_back(
            spec,
            &shared.doc.name,
            &shared.doc.name,
            &mut BTreeSet::new(),
        ) {
            let message = format!(
                "type `{}` contains itself through `ref:`; the type would be infinite",
                shared.doc.name
            );
            problems.push(shared.diagnostic("name", message));
        }
    }
}

/// Notifications: named and typed like responses, with the settings they share.
fn check_notifications(spec: &Spec, problems: &mut Diagnostics) {
    if spec.notify.is_none() {
        if let Some(first) = spec.notifications.first() {
            let message = "notifications need spec/notify.yaml (their signature and reply)";
            problems.push(first.diagnostic("name", message));
        }
    }
    let mut names = BTreeSet::new();
    let mut notification_enums: BTreeMap<String, Vec<(&str, &str)>> = BTreeMap::new();
    for notification in &spec.notifications {
        let doc = &notification.doc;
        let diagnostic = |at: &str, message: String| notification.diagnostic(at, message);
        if !is_snake_identifier(&doc.name) {
            let message = "notification name must be a snake_case identifier";
            problems.push(notification.diagnostic("name", message));
        }
        if !names.insert(doc.name.as_str()) {
            let message = format!("notification `{}` is declared twice", doc.name);
            problems.push(notification.diagnostic("name", message));
        }
        if doc.title.zh.is_none() && doc.title.en.is_none() {
            problems.push(notification.diagnostic("title", "title needs `zh` or `en` text"));
        }
        if doc.completeness == Completeness::TitleOnly {
            let message = "title-only pages belong in catalog.yaml, not in spec/notifications";
            problems.push(notification.diagnostic("completeness", message));
        }
        check_field_tree(
            spec,
            &diagnostic,
            "fields",
            &doc.fields,
            false,
            &BTreeSet::new(),
            problems,
        );
        match (doc.body, doc.fields.is_empty()) {
            (DataKind::Object, true) => {
                let message = "`body: object` needs at least one field";
                problems.push(notification.diagnostic("body", message));
            }
            (DataKind::Object, false) | (DataKind::Undocumented, true) => {}
            _ => {
                let message = "a notification body is `object` (with fields) or `undocumented`";
                problems.push(notification.diagnostic("body", message));
            }
        }
        let (_, shapes) = walk::collect("fields", &doc.fields);
        // The payloads live in their own module: their enums must agree among themselves.
        for visit in &shapes {
            if visit.shape.enum_values.is_empty() {
                continue;
            }
            let name = enum_type_name(visit.field_name, &visit.shape);
            let values: Vec<(&str, &str)> = visit
                .shape
                .enum_values
                .iter()
                .map(|v| (v.value.as_str(), v.name.as_str()))
                .collect();
            match notification_enums.get(&name) {
                Some(seen) if *seen != values => {
                    let message = format!(
                        "enum type `{name}` is already declared with other values by another notification"
                    );
                    let hint = "give this field a distinct `type_name:`";
                    problems.push(
                        notification
                            .diagnostic(&format!("{}.enum", visit.at), message)
                            .with_hint(hint),
                    );
                }
                Some(_) => {}
                None => {
                    notification_enums.insert(name, values);
                }
            }
        }
        let has_field = |name: &str| doc.fields.iter().any(|f| f.name == name);
        if let Some(discriminator) = &doc.discriminator {
            if !has_field(discriminator) {
                let message = format!("discriminator `{discriminator}` is not a body field");
                problems.push(notification.diagnostic("discriminator", message));
            }
        }
        if let Some(timestamp) = &doc.timestamp {
            let field = doc.fields.iter().find(|f| f.name == timestamp.field);
            if !field.is_some_and(|f| matches!(f.wire_type, WireType::String | WireType::Integer)) {
                let message = format!(
                    "timestamp field `{}` must be a string or integer body field",
                    timestamp.field
                );
                problems.push(notification.diagnostic("timestamp.field", message));
            }
        }
        if !doc.events.is_empty() {
            let shape = Shape {
                wire_type: WireType::String,
                format: None,
                type_name: None,
                description: None,
                enum_values: &doc.events,
                fields: &[],
                reference: None,
                items: None,
            };
            check_enum(&diagnostic, "events", "events", &shape, problems);
        }
        if let Some(text) = &doc.examples.body {
            match serde_json::from_str::<Value>(text) {
                Ok(Value::Object(body)) => {
                    let mut check = ExampleCheck::new(spec, "notification");
                    check.object("", &doc.fields, &body, &BTreeSet::new());
                    for message in check.problems {
                        problems.push(notification.diagnostic("examples.body", message));
                    }
                }
                Ok(_) => {
                    let message = "the body example must be a JSON object";
                    problems.push(notification.diagnostic("examples.body", message));
                }
                Err(error) => {
                    let message = format!("the body example is not valid JSON: {error}");
                    problems.push(notification.diagnostic("examples.body", message));
                }
            }
        }
    }
}

/// Which sides (`true` for requests) use each shared type, directly or through other
/// shared types; notifications are received, so they count as responses.
pub fn shared_type_sides(spec: &Spec) -> BTreeMap<String, BTreeSet<bool>> {
    let mut sides: BTreeMap<String, BTreeSet<bool>> = BTreeMap::new();
    let add = |reference: &str, side: bool, sides: &mut BTreeMap<String, BTreeSet<bool>>| {
        if spec.shared_type(reference).is_some() {
            sides.entry(reference.to_string()).or_default().insert(side)
        } else {
            false
        }
    };
    for endpoint in &spec.endpoints {
        for (is_request, shapes) in endpoint_shapes(&endpoint.doc) {
            for reference in shapes.iter().filter_map(|v| v.shape.reference) {
                add(reference, is_request, &mut sides);
            }
        }
    }
    for notification in &spec.notifications {
        let (_, shapes) = walk::collect("fields", &notification.doc.fields);
        for reference in shapes.iter().filter_map(|v| v.shape.reference) {
            add(reference, false, &mut sides);
        }
    }
    // A type inside a type is used wherever its container is, until nothing changes.
    loop {
        let mut changed = false;
        for shared in &spec.types {
            let Some(container) = sides.get(&shared.doc.name).cloned() else {
                continue;
            };
            let (_, shapes) = walk::collect("fields", &shared.doc.fields);
            for reference in shapes.iter().filter_map(|v| v.shape.reference) {
                for &side in &container {
                    changed |= add(reference, side, &mut sides);
                }
            }
        }
        if !changed {
            return sides;
        }
    }
}

/// Whether `from` reaches `target` through the `ref:`s of its fields.
fn refers_back(spec: &Spec, from: &str, target: &str, seen: &mut BTreeSet<String>) -> bool {
    let Some(shared) = spec.shared_type(from) else {
        return false;
    };
    let (_, shapes) = walk::collect("fields", &shared.doc.fields);
    for next in shapes.iter().filter_map(|v| v.shape.reference) {
        if next == target
            || (seen.insert(next.to_string()) && refers_back(spec, next, target, seen))
        {
            return true;
        }
    }
    false
}

/// Every shape of an endpoint, by side (`true` for the request).
pub fn endpoint_shapes(doc: &EndpointDoc) -> [(bool, Vec<walk::ShapeAt<'_>>); 2] {
    let (_, request) = walk::collect("request.fields", &doc.request.fields);
    let (_, response) = walk::collect_response(&doc.response);
    [(true, request), (false, response)]
}

/// An enum as one field declares it: wire values with their names, and its side.
#[derive(PartialEq)]
struct EnumShape {
    values: Vec<(String, String)>,
    in_request: bool,
}

/// Two enums may share a Rust type name only when they are the same enum.
fn check_enum_type_names(spec: &Spec, problems: &mut Diagnostics) {
    let mut seen: BTreeMap<String, EnumShape> = BTreeMap::new();
    let mut check = |visit: &walk::ShapeAt, in_request: bool, diagnostic: &Diag| {
        if visit.shape.enum_values.is_empty() {
            return;
        }
        let shape = EnumShape {
            values: visit
                .shape
                .enum_values
                .iter()
                .map(|v| (v.value.clone(), v.name.clone()))
                .collect(),
            in_request,
        };
        let name = enum_type_name(visit.field_name, &visit.shape);
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
                problems.push(diagnostic(&format!("{}.enum", visit.at), message).with_hint(hint));
            }
        }
    };
    for endpoint in &spec.endpoints {
        let diagnostic = |at: &str, message: String| endpoint.diagnostic(at, message);
        for (in_request, shapes) in endpoint_shapes(&endpoint.doc) {
            for visit in &shapes {
                check(visit, in_request, &diagnostic);
            }
        }
    }
    let type_sides = shared_type_sides(spec);
    for shared in &spec.types {
        // A type on both sides is reported on its own; check it as a request type.
        let Some(in_request) = type_sides
            .get(&shared.doc.name)
            .map(|sides| sides.contains(&true))
        else {
            continue;
        };
        let diagnostic = |at: &str, message: String| shared.diagnostic(at, message);
        let (_, shapes) = walk::collect("fields", &shared.doc.fields);
        for visit in &shapes {
            check(visit, in_request, &diagnostic);
        }
    }
}

fn check_examples(
    endpoint: &Loaded<EndpointDoc>,
    family: &FamilyDoc,
    common: &BTreeSet<&str>,
    spec: &Spec,
    problems: &mut Diagnostics,
) {
    let doc = &endpoint.doc;
    if let Some(text) = &doc.examples.request {
        match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(object)) => {
                let mut check = ExampleCheck::new(spec, "request");
                check.object("", &doc.request.fields, &object, common);
                for message in check.problems {
                    problems.push(endpoint.diagnostic("examples.request", message));
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
        let mut check = ExampleCheck::new(spec, "response");
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
                    check.object("", &doc.response.fields, data, &BTreeSet::new());
                }
                (DataKind::Array, Some(data @ Value::Array(_))) => {
                    if let Some(items) = &doc.response.items {
                        let shape = walk_array_of(items);
                        check.value(data_field, shape, true, data);
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
        for message in check.problems {
            problems.push(endpoint.diagnostic("examples.response", message));
        }
    }
}

/// The shape of a whole `data: array`, for checking it like an array field.
fn walk_array_of(items: &crate::spec::ItemsDoc) -> Shape<'_> {
    Shape {
        wire_type: WireType::Array,
        format: None,
        type_name: None,
        description: None,
        enum_values: &[],
        fields: &[],
        reference: None,
        items: Some(items),
    }
}

/// Checks an example against the declared fields, recursing into arrays and objects.
struct ExampleCheck<'a> {
    spec: &'a Spec,
    /// `request` or `response`, for the messages.
    side: &'static str,
    problems: Vec<String>,
}

impl<'a> ExampleCheck<'a> {
    fn new(spec: &'a Spec, side: &'static str) -> Self {
        Self {
            spec,
            side,
            problems: Vec::new(),
        }
    }

    fn is_request(&self) -> bool {
        self.side == "request"
    }

    /// An object's keys against `fields`; `path` is the object's own path ("" at the top).
    fn object(
        &mut self,
        path: &str,
        fields: &[FieldDoc],
        object: &serde_json::Map<String, Value>,
        skip: &BTreeSet<&str>,
    ) {
        let join = |key: &str| {
            if path.is_empty() {
                key.to_string()
            } else {
                format!("{path}.{key}")
            }
        };
        for (key, value) in object {
            if skip.contains(key.as_str()) {
                continue;
            }
            match fields.iter().find(|f| f.name == *key) {
                None => {
                    let message = if self.is_request() {
                        format!(
                            "request example sends `{}`, which is not a declared field",
                            join(key)
                        )
                    } else {
                        format!(
                            "response example has `{}`, which is not a declared field",
                            join(key)
                        )
                    };
                    self.problems.push(message);
                }
                Some(field) => {
                    let required = field.is_required(self.is_request());
                    self.value(&join(key), field.shape(), required, value);
                }
            }
        }
        if self.is_request() {
            for field in fields {
                if field.required == Some(true) && !object.contains_key(&field.name) {
                    let message = format!(
                        "request example lacks required field `{}`",
                        join(&field.name)
                    );
                    self.problems.push(message);
                }
            }
        }
    }

    fn value(&mut self, path: &str, shape: Shape, required: bool, value: &Value) {
        let side = self.side;
        if value.is_null() {
            return;
        }
        let fits = match shape.wire_type {
            WireType::String => value.is_string(),
            WireType::Integer => value.is_i64() || value.is_u64(),
            WireType::Number => value.is_number(),
            WireType::Boolean => value.is_boolean(),
            WireType::Array => value.is_array(),
            WireType::Object => value.is_object(),
        };
        if !fits {
            let message = format!(
                "{side} example's `{path}` is not of type {:?}",
                shape.wire_type
            );
            self.problems.push(message);
            return;
        }
        match value {
            Value::Array(elements) => {
                if let Some(items) = shape.items {
                    for (i, element) in elements.iter().enumerate() {
                        self.value(&format!("{path}[{i}]"), items.shape(), true, element);
                    }
                }
            }
            Value::Object(object) => {
                let fields = match shape.reference {
                    Some(reference) => match self.spec.shared_type(reference) {
                        Some(shared) => shared.doc.fields.as_slice(),
                        None => return,
                    },
                    None => shape.fields,
                };
                self.object(path, fields, object, &BTreeSet::new());
            }
            Value::String(text) => {
                let empty_optional = text.is_empty() && !(required && self.is_request());
                // Responses are checked for shape only: the server is seen sending dates
                // in more forms than the documented format.
                if let Some(format) = shape.format.filter(|_| self.is_request()) {
                    if !empty_optional && !format.accepts(text) {
                        let message = format!(
                            "{side} example's `{path}` is {text:?}, not {}",
                            format.description()
                        );
                        self.problems.push(message);
                    }
                }
                if !shape.enum_values.is_empty()
                    && !empty_optional
                    && !shape.enum_values.iter().any(|v| v.value == *text)
                {
                    let message = format!(
                        "{side} example's `{path}` is `{text}`, not one of its enum values"
                    );
                    self.problems.push(message);
                }
            }
            _ => {}
        }
    }
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
