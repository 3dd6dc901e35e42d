//! Walking nested fields: every list of fields and every field or array element, each
//! with the YAML path a diagnostic points at. Shared types (`ref:`) are walked in their
//! own file, not at each use.

use std::collections::{BTreeMap, BTreeSet};

use crate::spec::{EndpointDoc, FieldDoc, ResponseDoc, Shape, Spec, WireType};

/// A list of sibling fields: the top-level request or response fields, or an object's.
pub struct FieldList<'a> {
    /// The YAML path of the list (`request.fields[2].items.fields`).
    pub at: String,
    pub fields: &'a [FieldDoc],
    /// Inside an object rather than at the top of a request or response.
    pub nested: bool,
}

/// A field, or the elements of an array field.
pub struct ShapeAt<'a> {
    /// The YAML path of the node that declares the shape (`response.fields[0].items`).
    pub at: String,
    /// The wire name of the field the shape belongs to.
    pub field_name: &'a str,
    pub shape: Shape<'a>,
    /// The shape describes an array's elements.
    pub in_array: bool,
}

/// Every field list and shape under `fields` (declared at `at`), outermost first.
pub fn collect<'a>(at: &str, fields: &'a [FieldDoc]) -> (Vec<FieldList<'a>>, Vec<ShapeAt<'a>>) {
    let mut lists = Vec::new();
    let mut shapes = Vec::new();
    walk_list(at, fields, false, &mut lists, &mut shapes);
    (lists, shapes)
}

/// Every field list and shape of a response: its fields, or what its `data` array holds
/// (named `data`, declared at `response.items`).
pub fn collect_response(response: &ResponseDoc) -> (Vec<FieldList<'_>>, Vec<ShapeAt<'_>>) {
    let (mut lists, mut shapes) = collect("response.fields", &response.fields);
    if let Some(items) = &response.items {
        let at = "response.items".to_string();
        walk_shape(at, "data", items.shape(), true, &mut lists, &mut shapes);
    }
    (lists, shapes)
}

fn walk_list<'a>(
    at: &str,
    fields: &'a [FieldDoc],
    nested: bool,
    lists: &mut Vec<FieldList<'a>>,
    shapes: &mut Vec<ShapeAt<'a>>,
) {
    lists.push(FieldList {
        at: at.to_string(),
        fields,
        nested,
    });
    for (i, field) in fields.iter().enumerate() {
        walk_shape(
            format!("{at}[{i}]"),
            &field.name,
            field.shape(),
            false,
            lists,
            shapes,
        );
    }
}

/// Visits `shape` and what it contains (array elements, inline object fields).
pub fn walk_shape<'a>(
    at: String,
    field_name: &'a str,
    shape: Shape<'a>,
    in_array: bool,
    lists: &mut Vec<FieldList<'a>>,
    shapes: &mut Vec<ShapeAt<'a>>,
) {
    if let Some(items) = shape.items {
        walk_shape(
            format!("{at}.items"),
            field_name,
            items.shape(),
            true,
            lists,
            shapes,
        );
    }
    if !shape.fields.is_empty() {
        walk_list(&format!("{at}.fields"), shape.fields, true, lists, shapes);
    }
    shapes.push(ShapeAt {
        at,
        field_name,
        shape,
        in_array,
    });
}

/// Whether a shape becomes a generated enum or struct.
pub fn names_a_type(shape: &Shape) -> bool {
    !shape.enum_values.is_empty() || shape.wire_type == WireType::Object
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
        let (_, shapes) = collect("fields", &notification.doc.fields);
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
            let (_, shapes) = collect("fields", &shared.doc.fields);
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

/// Every shape of an endpoint, by side (`true` for the request).
pub fn endpoint_shapes(doc: &EndpointDoc) -> [(bool, Vec<ShapeAt<'_>>); 2] {
    let (_, request) = collect("request.fields", &doc.request.fields);
    let (_, response) = collect_response(&doc.response);
    [(true, request), (false, response)]
}
