//! Consistency checks over a parsed spec. Every problem becomes a diagnostic; nothing panics.

mod catalog;
mod depth;
mod endpoint;
mod examples;
mod family;
mod fields;
mod mock;
mod notification;
mod path;
mod predecessor;
mod shared;

use std::collections::BTreeSet;

use crate::diagnostic::Diagnostic;
use crate::diagnostic::Diagnostics;
use crate::spec::Spec;
pub use depth::MAX_NESTING_DEPTH;

/// Runs every check and returns the problems in file and line order.
pub fn check(spec: &Spec) -> Diagnostics {
    let mut problems = Diagnostics::default();
    let mut family_names = BTreeSet::new();
    for family in &spec.families {
        if !family_names.insert(family.doc.name.as_str()) {
            let message = format!("family `{}` is declared twice", family.doc.name);
            problems.push(family.diagnostic("name", message));
        }
        family::check(family, &mut problems);
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
        endpoint::check(endpoint, family.map(|f| &f.doc), spec, &mut problems);
        mock::check(endpoint, spec, &mut problems);
    }
    shared::check(spec, &mut problems);
    notification::check(spec, &mut problems);
    fields::check_enum_type_names(spec, &mut problems);
    depth::check(spec, &mut problems);
    let names = crate::ir::names::NameTable::of(spec);
    crate::ir::names::check(spec, &names, &mut problems);
    catalog::check(spec, &mut problems);
    problems.sorted()
}

/// Makes a diagnostic at a YAML path of the file being checked.
pub(crate) type Diag<'a> = dyn Fn(&str, String) -> Diagnostic + 'a;

pub(crate) fn is_snake_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some('a'..='z'))
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

pub(crate) fn is_wire_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}
