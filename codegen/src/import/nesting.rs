//! Response fields with their nesting. A saved page loses the table's indentation, so the
//! flat list is placed in the tree of the example JSON: a field goes under the innermost
//! open object of the example that has its name. What the example does not settle stays
//! where the list puts it, marked for review.

use serde_json::{Map, Value};

use super::table::RawField;

/// A field of the table and the fields nested in it.
#[derive(Debug, Clone)]
pub struct Node {
    pub raw: RawField,
    pub children: Vec<Node>,
    /// False when the example does not show where the field belongs.
    pub settled: bool,
}

/// An object of the example that is open: the field it belongs to (none for the
/// envelope) and its keys.
type Open<'a> = (Option<usize>, Option<&'a Map<String, Value>>);

/// The fields of `raw` as a tree (the envelope at the top), following `example`.
pub fn nest(raw: &[RawField], example: Option<&Value>) -> Vec<Node> {
    // Each field with its parent (an index into `raw`), found with a stack of the
    // example's objects that are open.
    let mut parents: Vec<(Option<usize>, bool)> = Vec::with_capacity(raw.len());
    let root = example.and_then(object_of);
    let mut open: Vec<Open> = vec![(None, root)];
    for (i, field) in raw.iter().enumerate() {
        let level = open
            .iter()
            .rposition(|(_, map)| map.is_some_and(|m| m.contains_key(&field.name)));
        match level {
            Some(level) => {
                open.truncate(level + 1);
                let (parent, map) = open[level];
                parents.push((parent, true));
                let value = map.and_then(|m| m.get(&field.name));
                if let Some(inner) = value.and_then(object_of) {
                    open.push((Some(i), Some(inner)));
                }
            }
            None => {
                let parent = open.last().and_then(|(parent, _)| *parent);
                parents.push((parent, false));
            }
        }
    }
    build(raw, &parents, None)
}

/// The object a value holds: itself, or an array's first element.
fn object_of(value: &Value) -> Option<&Map<String, Value>> {
    match value {
        Value::Object(map) => Some(map),
        Value::Array(items) => items.first().and_then(Value::as_object),
        _ => None,
    }
}

fn build(raw: &[RawField], parents: &[(Option<usize>, bool)], parent: Option<usize>) -> Vec<Node> {
    parents
        .iter()
        .enumerate()
        .filter(|(_, (p, _))| *p == parent)
        .map(|(i, (_, settled))| Node {
            raw: raw[i].clone(),
            children: build(raw, parents, Some(i)),
            settled: *settled,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::model::Bilingual;

    fn raw(names: &[&str]) -> Vec<RawField> {
        names
            .iter()
            .enumerate()
            .map(|(i, name)| RawField {
                name: name.to_string(),
                type_word: "string".into(),
                required: None,
                description: Bilingual::default(),
                default: None,
                line: i + 1,
            })
            .collect()
    }

    fn shape(nodes: &[Node]) -> String {
        let parts: Vec<String> = nodes
            .iter()
            .map(|n| {
                let mark = if n.settled { "" } else { "?" };
                match n.children.is_empty() {
                    true => format!("{}{mark}", n.raw.name),
                    false => format!("{}{mark}({})", n.raw.name, shape(&n.children)),
                }
            })
            .collect();
        parts.join(" ")
    }

    #[test]
    fn follows_the_example_and_marks_what_it_does_not_settle() {
        let example: Value = serde_json::from_str(
            r#"{"code":"0","data":{"sign":null,"list":[{"id":1,"code":"x"}]},"message":"ok"}"#,
        )
        .unwrap();
        let fields = raw(&[
            "code", "data", "sign", "list", "id", "code", "extra", "message",
        ]);
        assert_eq!(
            shape(&nest(&fields, Some(&example))),
            "code data(sign list(id code extra?)) message"
        );
        assert_eq!(shape(&nest(&fields[..3], None)), "code? data? sign?");
    }
}
