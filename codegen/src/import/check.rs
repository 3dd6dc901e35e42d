//! `lfgen import --check`: the pages against the spec, with `lfgen diff`'s rules.
//!
//! Each page's operation is matched with the spec's endpoint of the same method and
//! path. What a page cannot say is taken from the spec before comparing, so only what the
//! page says differently is reported: the endpoint's name and family, reviewed variant
//! names, formats and types the page does not state, required flags it does not give,
//! notes, gaps, sources, mock, paging, and text in a language the page does not show.

use super::draft;
use super::model::{Bilingual, Field, Operation};
use super::Draft;
use crate::diagnostic::Diagnostic;
use crate::diff::{compare, Finding};
use crate::spec::{EndpointDoc, FieldDoc, Spec, Text, WireType};

/// The findings of every draft against `spec`, pointing at the page (file and line).
pub fn check(spec: &Spec, drafts: &[Draft]) -> Result<Vec<Finding>, Diagnostic> {
    let mut findings = Vec::new();
    for draft in drafts {
        let op = &draft.operation;
        let matched = spec
            .endpoints
            .iter()
            .find(|e| e.doc.method == op.method && e.doc.path == op.path);
        let mut operation = op.clone();
        if let Some(matched) = matched {
            overlay_operation(&mut operation, &matched.doc);
        }
        let text = draft::write(&operation, &draft.source.display().to_string());
        let mut loaded = crate::spec::parse_endpoint(&draft.source, text)?;
        if let Some(matched) = matched {
            let doc = overlay_doc(loaded.doc.clone(), &matched.doc);
            loaded = loaded.with_doc(doc);
        }
        let old = Spec {
            families: spec.families.clone(),
            endpoints: matched.cloned().into_iter().collect(),
            types: spec.types.clone(),
            ..Spec::default()
        };
        let new = Spec {
            families: spec.families.clone(),
            endpoints: vec![loaded],
            types: spec.types.clone(),
            ..Spec::default()
        };
        for mut finding in compare(&old, &new) {
            finding.file = draft.source.clone();
            finding.line = finding
                .field
                .as_deref()
                .and_then(|field| line_of(&operation, field))
                .unwrap_or(operation.line);
            findings.push(finding);
        }
    }
    Ok(findings)
}

/// The page line of a field named by its diff path (`device_order[].errorMsg`).
fn line_of(operation: &Operation, path: &str) -> Option<usize> {
    [&operation.request, &operation.response.fields]
        .into_iter()
        .find_map(|fields| line_in(fields, path.split('.')))
}

fn line_in<'a>(fields: &[Field], mut parts: impl Iterator<Item = &'a str>) -> Option<usize> {
    let name = parts.next()?.trim_end_matches("[]");
    let field = fields.iter().find(|f| f.name == name)?;
    let nested = field
        .items
        .as_ref()
        .map_or(&field.fields, |items| &items.fields);
    Some(line_in(nested, parts).unwrap_or(field.line))
}

/// Takes from the spec what the page left to inference.
fn overlay_operation(operation: &mut Operation, spec: &EndpointDoc) {
    operation.name = spec.name.clone();
    operation.family = spec.family.clone();
    fill_text(&mut operation.title, Some(&spec.title));
    fill_text(&mut operation.description, spec.description.as_ref());
    if operation.example_request.is_none() {
        operation.example_request = spec.examples.request.clone();
    }
    if operation.example_response.is_none() {
        operation.example_response = spec.examples.response.clone();
    }
    overlay_fields(&mut operation.request, &spec.request.fields);
    overlay_fields(&mut operation.response.fields, &spec.response.fields);
}

fn overlay_fields(fields: &mut [Field], spec: &[FieldDoc]) {
    for field in fields {
        let Some(reviewed) = spec.iter().find(|f| f.name == field.name) else {
            continue;
        };
        if field.unstated.required {
            field.required = reviewed.required;
        }
        // An example's 5 is an integer or a number, and a null any type: the spec's word
        // decides, unless the example contradicts it (a string where the spec says integer).
        let compatible = field.wire_type == reviewed.wire_type
            || (field.wire_type == WireType::Integer && reviewed.wire_type == WireType::Number)
            || field.nullable;
        if field.unstated.wire_type && compatible {
            field.wire_type = reviewed.wire_type;
            field.nullable = reviewed.nullable;
        }
        if field.format.is_none() {
            field.format = reviewed.format;
        }
        fill_text(&mut field.description, reviewed.description.as_ref());
        for value in &mut field.enum_values {
            if let Some(known) = reviewed.enum_values.iter().find(|v| v.value == value.value) {
                value.name = known.name.clone();
                fill_text(&mut value.meaning, known.meaning.as_ref());
            }
        }
        overlay_fields(&mut field.fields, &reviewed.fields);
        if let (Some(items), Some(reviewed_items)) = (&mut field.items, &reviewed.items) {
            overlay_fields(&mut items.fields, &reviewed_items.fields);
        }
    }
}

/// Fills the languages `text` lacks from `reviewed`.
fn fill_text(text: &mut Bilingual, reviewed: Option<&Text>) {
    let Some(reviewed) = reviewed else { return };
    if text.zh.is_none() {
        text.zh = reviewed.zh.clone();
    }
    if text.en.is_none() {
        text.en = reviewed.en.clone();
    }
}

/// The keys only the spec holds, copied onto the page's document.
fn overlay_doc(mut doc: EndpointDoc, spec: &EndpointDoc) -> EndpointDoc {
    doc.completeness = spec.completeness;
    // No page says whether repeating a call is safe; the draft's `never` is for review.
    doc.retry = spec.retry;
    doc.replaced_by = spec.replaced_by.clone();
    if doc.sources.is_empty() {
        doc.sources = spec.sources.clone();
    }
    doc.notes = spec.notes.clone();
    doc.gaps = spec.gaps.clone();
    doc.paging = spec.paging.clone();
    doc.mock = spec.mock.clone();
    copy_field_notes(&mut doc.request.fields, &spec.request.fields);
    copy_field_notes(&mut doc.response.fields, &spec.response.fields);
    doc
}

fn copy_field_notes(fields: &mut [FieldDoc], spec: &[FieldDoc]) {
    for field in fields {
        if let Some(reviewed) = spec.iter().find(|f| f.name == field.name) {
            field.notes = reviewed.notes.clone();
            field.type_name = reviewed.type_name.clone();
            copy_field_notes(&mut field.fields, &reviewed.fields);
        }
    }
}
