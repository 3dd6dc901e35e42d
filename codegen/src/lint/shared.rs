//! Shared type documents (`spec/types`) and the `ref:`s naming them.

use std::collections::BTreeSet;

use super::is_snake_identifier;
use crate::diagnostic::Diagnostics;
use crate::spec::walk::{self, shared_type_sides};
use crate::spec::Spec;

/// Shared types: well-formed, referenced, on one side only, without reference cycles;
/// every `ref:` names one.
pub(super) fn check(spec: &Spec, problems: &mut Diagnostics) {
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
        super::fields::check_field_tree(
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
