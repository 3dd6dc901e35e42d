//! Facts from older documents (the 2020 docs site): each carries a checkable source and
//! date, a sample matches the fields it is said to show, and nothing is generated from a
//! path that only an older document gives.

use serde_json::Value;

use crate::diagnostic::Diagnostics;
use crate::spec::{
    CatalogDoc, CatalogPage, DatedSourceDoc, FamilyDoc, Loaded, PredecessorSampleDoc,
    SampleFieldDoc, WireType,
};

/// Checks a catalogue page's `predecessor:`, if it has one.
pub(super) fn check_page(
    catalog: &Loaded<CatalogDoc>,
    at: &str,
    page: &CatalogPage,
    problems: &mut Diagnostics,
) {
    let Some(predecessor) = &page.predecessor else {
        return;
    };
    let at = format!("{at}.predecessor");
    for (key, message) in source_problems(&predecessor.source) {
        problems.push(catalog.diagnostic(&format!("{at}.source.{key}"), message));
    }
    if let Some(path) = &predecessor.path {
        if !path.starts_with('/') {
            let message = format!("the probable path `{path}` must start with `/`");
            problems.push(catalog.diagnostic(&format!("{at}.path"), message));
        }
    }
    // An endpoint or notification would present the older document as the current page.
    if page.path.is_none() {
        for (kind, named) in [
            ("endpoint", &page.endpoint),
            ("notification", &page.notification),
        ] {
            if named.is_some() {
                let message = format!(
                    "the page's only path is probable (older docs); it cannot name an {kind}"
                );
                problems.push(catalog.diagnostic(&format!("{}.{kind}", at_page(&at)), message));
            }
        }
    }
    if let Some(sample) = &predecessor.sample {
        for (key, message) in sample_problems(sample) {
            problems.push(catalog.diagnostic(&format!("{at}.sample.{key}"), message));
        }
    }
}

/// Checks a family's `timestamp.validity`, if it has one.
pub(super) fn check_family(family: &Loaded<FamilyDoc>, problems: &mut Diagnostics) {
    let Some(validity) = family
        .doc
        .timestamp
        .as_ref()
        .and_then(|t| t.validity.as_ref())
    else {
        return;
    };
    if validity.seconds == 0 {
        let message = "a timestamp validity must be at least one second";
        problems.push(family.diagnostic("timestamp.validity.seconds", message));
    }
    for (key, message) in source_problems(&validity.source) {
        problems.push(family.diagnostic(&format!("timestamp.validity.source.{key}"), message));
    }
}

fn at_page(predecessor_at: &str) -> &str {
    predecessor_at
        .strip_suffix(".predecessor")
        .unwrap_or(predecessor_at)
}

/// The source's problems, each with the key it concerns.
fn source_problems(source: &DatedSourceDoc) -> Vec<(&'static str, String)> {
    let mut found = Vec::new();
    let parts: Vec<&str> = source.repository.split('/').collect();
    let name_ok = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    };
    if parts.len() != 2 || !parts.iter().all(|p| name_ok(p)) {
        let message = format!("`{}` is not a GitHub `owner/name`", source.repository);
        found.push(("repository", message));
    }
    let commit = &source.commit;
    if !(7..=40).contains(&commit.len()) || !commit.chars().all(|c| c.is_ascii_hexdigit()) {
        found.push(("commit", format!("`{commit}` is not a commit hash")));
    }
    if !is_date(&source.date) {
        let message = format!("`{}` is not a date (YYYY-MM-DD)", source.date);
        found.push(("date", message));
    }
    found
}

/// `YYYY-MM-DD` with a plausible month and day.
fn is_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        bytes[range.clone()]
            .iter()
            .all(u8::is_ascii_digit)
            .then(|| text[range].parse::<u32>().unwrap_or(0))
    };
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return false;
    }
    matches!(
        (digits(0..4), digits(5..7), digits(8..10)),
        (Some(_), Some(1..=12), Some(1..=31))
    )
}

/// The sample's problems: unparsable JSON, or a listed field that is not there or has
/// another JSON type.
fn sample_problems(sample: &PredecessorSampleDoc) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for (side, json, fields) in [
        ("request", &sample.request, &sample.request_fields),
        ("response", &sample.response, &sample.response_fields),
    ] {
        let value: Value = match serde_json::from_str(json) {
            Ok(value) => value,
            Err(error) => {
                found.push((
                    side.to_string(),
                    format!("the sample's {side} is not JSON: {error}"),
                ));
                continue;
            }
        };
        for (i, field) in fields.iter().enumerate() {
            if let Some(message) = field_problem(&value, field, side) {
                found.push((format!("{side}_fields[{i}].name"), message));
            }
        }
    }
    found
}

fn field_problem(value: &Value, field: &SampleFieldDoc, side: &str) -> Option<String> {
    let mut nodes = vec![value];
    for step in field.name.split('.') {
        let (key, each) = match step.strip_suffix("[]") {
            Some(key) => (key, true),
            None => (step, false),
        };
        let mut next = Vec::new();
        for node in nodes {
            match node.get(key) {
                Some(Value::Array(items)) if each => next.extend(items),
                Some(found) if !each => next.push(found),
                _ => {}
            }
        }
        nodes = next;
    }
    if nodes.is_empty() {
        return Some(format!("`{}` is not in the sample's {side}", field.name));
    }
    let wrong = nodes.iter().find(|node| !has_type(node, field.wire_type))?;
    Some(format!(
        "`{}` is {} in the sample, not {}",
        field.name,
        json_type(wrong),
        type_name(field.wire_type)
    ))
}

fn has_type(value: &Value, wire_type: WireType) -> bool {
    match wire_type {
        WireType::String => value.is_string(),
        WireType::Integer => value.is_i64() || value.is_u64(),
        WireType::Number => value.is_number(),
        WireType::Boolean => value.is_boolean(),
        WireType::Array => value.is_array(),
        WireType::Object => value.is_object(),
    }
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_f64() => "a number",
        Value::Number(_) => "an integer",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn type_name(wire_type: WireType) -> &'static str {
    match wire_type {
        WireType::String => "string",
        WireType::Integer => "integer",
        WireType::Number => "number",
        WireType::Boolean => "boolean",
        WireType::Array => "array",
        WireType::Object => "object",
    }
}

#[cfg(test)]
mod tests {
    use super::is_date;

    #[test]
    fn dates_are_iso() {
        assert!(is_date("2020-07-20"));
        for bad in [
            "2020-7-20",
            "20.07.2020",
            "2020-13-01",
            "2020-07-00",
            "2020-07-2a",
            "",
        ] {
            assert!(!is_date(bad), "{bad}");
        }
    }
}
