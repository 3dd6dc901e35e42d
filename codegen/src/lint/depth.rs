//! How deeply objects and arrays nest. Each level is a generated type inside the previous
//! one; about 60 levels overflow rustc's trait solver (`overflow evaluating ... Send`) in
//! the generated crate, so lint stops a spec long before that.

use std::collections::BTreeMap;

use crate::diagnostic::Diagnostics;
use crate::spec::{Spec, WireType};

use super::Diag;
use crate::spec::walk::{self, endpoint_shapes, ShapeAt};

/// How many objects and arrays may nest inside one another, counting a shared type's own
/// object: far below what fails to compile (about 60), far above the real spec's 3.
pub const MAX_NESTING_DEPTH: usize = 16;

/// Reports, once per chain, the first object or array nested deeper than the limit.
pub fn check(spec: &Spec, problems: &mut Diagnostics) {
    let mut depths = TypeDepths::default();
    for endpoint in &spec.endpoints {
        let diagnostic = |at: &str, message: String| endpoint.diagnostic(at, message);
        for (_, shapes) in endpoint_shapes(&endpoint.doc) {
            check_shapes(spec, &mut depths, &shapes, 0, &diagnostic, problems);
        }
    }
    for notification in &spec.notifications {
        let diagnostic = |at: &str, message: String| notification.diagnostic(at, message);
        let (_, shapes) = walk::collect("fields", &notification.doc.fields);
        check_shapes(spec, &mut depths, &shapes, 0, &diagnostic, problems);
    }
    for shared in &spec.types {
        let diagnostic = |at: &str, message: String| shared.diagnostic(at, message);
        let (_, shapes) = walk::collect("fields", &shared.doc.fields);
        // The type is an object itself.
        check_shapes(spec, &mut depths, &shapes, 1, &diagnostic, problems);
    }
}

fn check_shapes(
    spec: &Spec,
    depths: &mut TypeDepths,
    shapes: &[ShapeAt],
    base: usize,
    diagnostic: &Diag,
    problems: &mut Diagnostics,
) {
    for visit in shapes.iter().filter(|v| is_container(v)) {
        let own = base + level(&visit.at);
        let through = visit.shape.reference.map(|name| depths.of(spec, name));
        let total = own + through.unwrap_or(0);
        let message = if own == MAX_NESTING_DEPTH + 1 {
            format!("objects and arrays are nested more than {MAX_NESTING_DEPTH} deep here")
        } else if own <= MAX_NESTING_DEPTH && total > MAX_NESTING_DEPTH {
            let name = visit.shape.reference.unwrap_or_default();
            format!(
                "objects and arrays are nested {total} deep through `ref: {name}`, more than {MAX_NESTING_DEPTH}"
            )
        } else {
            continue;
        };
        let hint = "flatten the structure, or share a type with `ref:` at a shallower level";
        problems.push(diagnostic(&visit.at, message).with_hint(hint));
    }
}

fn is_container(visit: &ShapeAt) -> bool {
    matches!(visit.shape.wire_type, WireType::Object | WireType::Array)
}

/// The nesting level of the shape at `at` within its list: each field list (`fields[`)
/// and each array's elements (`.items`) is one level.
fn level(at: &str) -> usize {
    at.matches("fields[").count() + at.matches(".items").count()
}

/// The deepest nesting inside each shared type, through its own `ref:`s.
#[derive(Default)]
struct TypeDepths {
    known: BTreeMap<String, usize>,
}

impl TypeDepths {
    fn of(&mut self, spec: &Spec, name: &str) -> usize {
        if let Some(depth) = self.known.get(name) {
            return *depth;
        }
        // Reference cycles are reported elsewhere; here a type in progress counts as 0.
        self.known.insert(name.to_string(), 0);
        let Some(shared) = spec.shared_type(name) else {
            return 0;
        };
        let (_, shapes) = walk::collect("fields", &shared.doc.fields);
        let mut deepest = 0;
        for visit in shapes.iter().filter(|v| is_container(v)) {
            let through = visit.shape.reference.map_or(0, |name| self.of(spec, name));
            deepest = deepest.max(level(&visit.at) + through);
        }
        self.known.insert(name.to_string(), deepest);
        deepest
    }
}

#[cfg(test)]
mod tests {
    use super::level;

    #[test]
    fn counts_field_lists_and_array_elements() {
        assert_eq!(level("request.fields[0]"), 1);
        assert_eq!(level("request.fields[0].items"), 2);
        assert_eq!(level("request.fields[0].items.fields[3]"), 3);
        assert_eq!(level("response.items"), 1);
    }
}
