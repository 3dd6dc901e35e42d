//! Fields wherever they are declared: names, shapes, enums, and enums sharing a type name.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToUpperCamelCase;

use super::{is_snake_identifier, is_wire_identifier, Diag};
use crate::diagnostic::Diagnostics;
use crate::spec::walk::{self, endpoint_shapes, shared_type_sides};
use crate::spec::{FieldDoc, Shape, Spec, WireType};

/// Checks `fields` and everything nested in them.
pub(super) fn check_field_tree(
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

pub(super) fn check_lists_and_shapes(
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

pub(super) fn check_enum(
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
        }
        // Names clashing as variants are the name table's.
    }
}

/// An enum as one field declares it: wire values with their names, and its side.
#[derive(PartialEq)]
struct EnumShape {
    values: Vec<(String, String)>,
    in_request: bool,
}

/// Two enums may share a Rust type name only when they are the same enum.
pub(super) fn check_enum_type_names(spec: &Spec, problems: &mut Diagnostics) {
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
        let name = crate::ir::names::enum_type(visit.field_name, &visit.shape);
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
