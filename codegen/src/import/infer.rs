//! What is inferred rather than read, in one place, each with the note the draft carries:
//! formats from a description's wording, wire types from example values, the endpoint's
//! name from its path, and the family's runtime-filled fields.

use heck::ToSnakeCase;
use serde_json::Value;

use super::model::{Bilingual, Field};
use crate::spec::{Format, WireType};

/// The body fields the runtime fills, per family, as `spec/families/*.yaml` declares
/// them; used when no spec directory is given (`--check` reads the spec's own).
pub const RUNTIME_FIELDS: &[(&str, &[&str])] = &[
    ("csss", &["access_code", "timestamp", "version", "sign"]),
    ("esim_mall", &[]),
];

/// The endpoint name the spec would give `path`: its last segment in snake_case.
pub fn endpoint_name(path: &str) -> Option<String> {
    let segment = path
        .split('/')
        .rev()
        .find(|s| !s.is_empty() && !s.starts_with('{'))?;
    let name = segment.to_snake_case();
    super::is_name(&name).then_some(name)
}

/// A string field's format, when its description states one.
pub fn format(field: &mut Field) {
    if field.wire_type != WireType::String || field.format.is_some() {
        return;
    }
    let texts = [
        field.description.en.as_deref(),
        field.description.zh.as_deref(),
    ];
    let text = texts.into_iter().flatten().collect::<Vec<_>>().join(" ");
    let rules: [(&[&str], Format); 3] = [
        (&["YYYYMMDD", "yyyyMMdd"], Format::DateYyyymmdd),
        (&["two decimal places", "两位小数"], Format::Decimal2),
        (&["ICCID"], Format::Iccid),
    ];
    for (phrases, format) in rules {
        if let Some(phrase) = phrases.iter().find(|p| text.contains(*p)) {
            field.format = Some(format);
            let name = super::model::format_name(format);
            field.comments.push(format!(
                "inferred: format {name} from the description's \"{phrase}\""
            ));
            return;
        }
    }
}

/// The wire type of an example value; `None` for null.
pub fn wire_type_of(value: &Value) -> Option<WireType> {
    Some(match value {
        Value::Null => return None,
        Value::Bool(_) => WireType::Boolean,
        Value::Number(n) if n.is_f64() => WireType::Number,
        Value::Number(_) => WireType::Integer,
        Value::String(_) => WireType::String,
        Value::Array(_) => WireType::Array,
        Value::Object(_) => WireType::Object,
    })
}

/// A field known only from an example value, with its nested fields, each marked.
pub fn field_from_example(name: &str, value: &Value, line: usize) -> Field {
    let mut field = Field::new(name, WireType::String, line);
    match wire_type_of(value) {
        Some(wire_type) => {
            let mut why = format!("type from the example value {}", short(value));
            if wire_type == WireType::Integer {
                why.push_str(" (a whole number: integer, or number if fractions are allowed)");
            }
            field.assume_type(wire_type, why);
        }
        None => {
            field.nullable = true;
            let why = "the example's value is null; string assumed";
            field.assume_type(WireType::String, why.into());
        }
    }
    match value {
        Value::Object(map) => {
            field.fields = map
                .iter()
                .map(|(name, value)| field_from_example(name, value, line))
                .collect();
        }
        Value::Array(items) => {
            let item = items.first().map_or_else(
                || {
                    let mut item = Field::new("", WireType::String, line);
                    item.comments
                        .push("review: the example's array is empty; element type unknown".into());
                    item
                },
                |first| field_from_example("", first, line),
            );
            field.items = Some(Box::new(item));
        }
        _ => {}
    }
    field
}

/// A value as a comment shows it, cut to a readable length.
fn short(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(40) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

/// zh and en halves of a title like `订购流量套餐/ Order data plan`: split at the first
/// `/` with Chinese before it and none after.
pub fn split_title(title: &str) -> Bilingual {
    let has_cjk = super::model::has_cjk;
    for (at, _) in title.match_indices('/') {
        let (zh, en) = (title[..at].trim(), title[at + 1..].trim());
        if has_cjk(zh) && !has_cjk(en) && !en.is_empty() {
            return Bilingual {
                zh: Some(zh.to_string()),
                en: Some(en.to_string()),
            };
        }
    }
    let mut text = Bilingual::default();
    text.push_line(title);
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_titles_and_formats() {
        assert_eq!(
            endpoint_name("/v1.1/package/preOrderPackage").as_deref(),
            Some("pre_order_package")
        );
        assert_eq!(endpoint_name("/").as_deref(), None);
        let title = split_title("开通/启用流量套餐订单 / To enable the order");
        assert_eq!(title.zh.as_deref(), Some("开通/启用流量套餐订单"));
        assert_eq!(title.en.as_deref(), Some("To enable the order"));
        assert_eq!(
            split_title("Pre - order").en.as_deref(),
            Some("Pre - order")
        );
        let mut field = Field::new("d", WireType::String, 1);
        field.description.en = Some("Plan active time, YYYYMMDD, UTC 8".into());
        format(&mut field);
        assert_eq!(field.format, Some(Format::DateYyyymmdd));
        assert!(field.comments[0].starts_with("inferred:"));
    }
}
