//! Endpoint documents: name, path, title, response kind, examples and paging.

use std::collections::BTreeSet;

use super::{is_snake_identifier, path};
use crate::diagnostic::Diagnostics;
use crate::spec::walk::{self};
use crate::spec::{DataKind, EndpointDoc, FamilyDoc, FieldDoc, Loaded, Spec, WireType};

pub(super) fn check(
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
    if doc.retry.is_none() {
        // No default: a new endpoint must not be retried, or left unretried, by accident.
        let message = "missing field `retry`: `safe` for a pure query, `never` for anything that orders, renews, opens, ends, pauses, cancels or sends";
        problems.push(endpoint.diagnostic("retry", message));
    }
    if doc.title.zh.is_none() && doc.title.en.is_none() {
        problems.push(endpoint.diagnostic("title", "title needs `zh` or `en` text"));
    }
    let common: BTreeSet<&str> = family
        .map(|f| f.common_fields.iter().map(|c| c.name.as_str()).collect())
        .unwrap_or_default();

    let diagnostic = |at: &str, message: String| endpoint.diagnostic(at, message);
    super::fields::check_field_tree(
        spec,
        &diagnostic,
        "request.fields",
        &doc.request.fields,
        true,
        &common,
        problems,
    );
    let (lists, shapes) = walk::collect_response(&doc.response);
    super::fields::check_lists_and_shapes(
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
        super::examples::check_examples(endpoint, family, &common, spec, problems);
    }
    if let Some(paging) = &doc.paging {
        check_paging(endpoint, paging, spec, problems);
    }
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
}
