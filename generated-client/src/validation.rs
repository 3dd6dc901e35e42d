//! The documented rules a request must follow, and the violations that break them.

use std::fmt;

use serde_json::{Map, Number, Value};

use crate::family::Family;

pub use lf_formats::Format;

/// The rule a field breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rule {
    /// A required field is missing, null or empty.
    Required,
    /// The value has the wrong JSON type.
    Type {
        /// The JSON type the field must have, e.g. `string`.
        expected: &'static str,
    },
    /// The value is not one of the documented codes.
    Enum {
        /// The documented codes.
        allowed: &'static [&'static str],
        /// The value sent.
        got: String,
    },
    /// The value does not follow the field's format.
    Format {
        /// The format the field follows.
        format: Format,
        /// The value sent.
        got: String,
    },
    /// The field is not documented for this endpoint.
    Unknown,
    /// The body is not a JSON object.
    NotAnObject,
}

/// One broken rule, naming the wire field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// The wire name of the field, with its path for nested ones (`items[1].iccid`).
    pub field: String,
    /// The rule it breaks.
    pub rule: Rule,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let field = &self.field;
        match &self.rule {
            Rule::Required => write!(f, "`{field}` is required and must not be empty"),
            Rule::Type { expected } => {
                let article = if expected.starts_with(['a', 'e', 'i', 'o', 'u']) {
                    "an"
                } else {
                    "a"
                };
                write!(f, "`{field}` must be {article} {expected}")
            }
            Rule::Enum { allowed, got } => {
                write!(f, "`{field}` is {got:?}, not one of {}", allowed.join(", "))
            }
            Rule::Format { format, got } => {
                write!(f, "`{field}` is {got:?}, not {}", format.description())
            }
            Rule::Unknown => write!(f, "`{field}` is not a documented field"),
            Rule::NotAnObject => write!(f, "the body must be a JSON object"),
        }
    }
}

/// Every rule a request breaks, reported together.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ValidationErrors(Vec<Violation>);

impl ValidationErrors {
    /// Every broken rule, in field order.
    pub fn violations(&self) -> &[Violation] {
        &self.0
    }

    /// The wire names of the offending fields, in order.
    pub fn fields(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|v| v.field.as_str())
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, violation) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{violation}")?;
        }
        Ok(())
    }
}

/// Collects violations; generated `validate()` methods use it.
#[derive(Debug, Default)]
pub struct Violations(Vec<Violation>);

impl Violations {
    /// Records that `field` breaks `rule`.
    pub fn push(&mut self, field: &str, rule: Rule) {
        self.0.push(Violation {
            field: field.to_string(),
            rule,
        });
    }

    /// A required text field: present, non-empty and, when given, in `format`.
    pub fn required_text(&mut self, field: &str, value: &str, format: Option<Format>) {
        if value.is_empty() {
            self.push(field, Rule::Required);
        } else {
            self.check_format(field, value, format);
        }
    }

    /// An optional text field: when present and non-empty, in `format`.
    pub fn optional_text(&mut self, field: &str, value: Option<&str>, format: Option<Format>) {
        if let Some(value) = value.filter(|v| !v.is_empty()) {
            self.check_format(field, value, format);
        }
    }

    fn check_format(&mut self, field: &str, value: &str, format: Option<Format>) {
        if let Some(format) = format.filter(|f| !f.accepts(value)) {
            let got = value.to_string();
            self.push(field, Rule::Format { format, got });
        }
    }

    /// `Ok` when nothing was recorded, else every violation.
    pub fn into_result(self) -> Result<(), ValidationErrors> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(ValidationErrors(self.0))
        }
    }
}

/// The path of `field` inside the object at `path` (`page.total_pages`).
pub fn field_path(path: &str, field: &str) -> String {
    format!("{path}.{field}")
}

/// The path of element `index` of the array at `path` (`deviceList[1]`).
pub fn element_path(path: &str, index: usize) -> String {
    format!("{path}[{index}]")
}

impl Violations {
    /// A required array: present and not empty (an empty array is an empty parameter,
    /// which is not sent).
    pub fn required_items<T>(&mut self, field: &str, items: &[T]) {
        if items.is_empty() {
            self.push(field, Rule::Required);
        }
    }

    /// A required nested object: it must not serialize to `{}`, which is an empty
    /// parameter and would not be sent.
    pub fn required_nonempty<T: serde::Serialize>(&mut self, field: &str, value: &T) {
        let empty = serde_json::to_value(value).map_or(true, |v| crate::signing::is_empty(&v));
        if empty {
            self.push(field, Rule::Required);
        }
    }

    /// Moves `other`'s violations into these.
    pub fn append(&mut self, other: Violations) {
        self.0.extend(other.0);
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// A JSON value as text (checked against `format`).
    pub fn read_text(
        &mut self,
        path: &str,
        value: &Value,
        format: Option<Format>,
    ) -> Option<String> {
        let Some(text) = value.as_str() else {
            self.push(path, Rule::Type { expected: "string" });
            return None;
        };
        self.check_format(path, text, format);
        Some(text.to_string())
    }

    /// An array element as text: like [`Violations::read_text`], but empty text is no
    /// element, so it is reported as missing.
    pub fn read_element_text(
        &mut self,
        path: &str,
        value: &Value,
        format: Option<Format>,
    ) -> Option<String> {
        if value.as_str() == Some("") {
            self.push(path, Rule::Required);
            return None;
        }
        self.read_text(path, value, format)
    }

    /// A JSON value as one of an enum's documented codes.
    pub fn read_enum<T>(
        &mut self,
        path: &str,
        value: &Value,
        parse: fn(&str) -> Option<T>,
        allowed: &'static [&'static str],
    ) -> Option<T> {
        let Some(text) = value.as_str() else {
            self.push(path, Rule::Type { expected: "string" });
            return None;
        };
        let parsed = parse(text);
        if parsed.is_none() {
            let got = text.to_string();
            self.push(path, Rule::Enum { allowed, got });
        }
        parsed
    }

    /// `parsed`, or a type violation when the value was not of the `expected` JSON type.
    fn typed<T>(&mut self, path: &str, parsed: Option<T>, expected: &'static str) -> Option<T> {
        if parsed.is_none() {
            self.push(path, Rule::Type { expected });
        }
        parsed
    }

    /// An integer at `path`, or a type violation.
    pub fn read_integer(&mut self, path: &str, value: &Value) -> Option<i64> {
        self.typed(path, value.as_i64(), "integer")
    }

    /// A number at `path`, or a type violation.
    pub fn read_number(&mut self, path: &str, value: &Value) -> Option<Number> {
        let number = match value {
            Value::Number(number) => Some(number.clone()),
            _ => None,
        };
        self.typed(path, number, "number")
    }

    /// A boolean at `path`, or a type violation.
    pub fn read_bool(&mut self, path: &str, value: &Value) -> Option<bool> {
        self.typed(path, value.as_bool(), "boolean")
    }

    /// A JSON array, each element read by `element` at its own path (`deviceList[1]`);
    /// every bad element is reported, and the array is `None` if any is bad.
    pub fn read_array<T>(
        &mut self,
        path: &str,
        value: &Value,
        mut element: impl FnMut(&mut Violations, &str, &Value) -> Option<T>,
    ) -> Option<Vec<T>> {
        let Some(values) = value.as_array() else {
            self.push(path, Rule::Type { expected: "array" });
            return None;
        };
        let mut items = Vec::with_capacity(values.len());
        let mut complete = true;
        for (index, value) in values.iter().enumerate() {
            match element(self, &element_path(path, index), value) {
                Some(item) => items.push(item),
                None => complete = false,
            }
        }
        complete.then_some(items)
    }
}

/// Reads a request's fields out of its wire JSON, recording every violation on the way;
/// generated `from_json()` methods use it. `null`, empty text and empty arrays count as
/// absent, as they do when signing.
#[derive(Debug)]
pub struct JsonFields<'a> {
    object: Option<&'a Map<String, Value>>,
    /// Where this object sits in the request (`""` for the body itself).
    path: String,
    violations: Violations,
}

impl<'a> JsonFields<'a> {
    /// Starts reading the body `value`; keys that are neither `known` nor the family's
    /// common fields are violations.
    pub fn new(value: &'a Value, family: &Family, known: &[&str]) -> Self {
        let mut violations = Violations::default();
        let object = value.as_object();
        match object {
            None => violations.push("(body)", Rule::NotAnObject),
            Some(object) => {
                for key in object.keys() {
                    if !known.contains(&key.as_str()) && !family.is_common_field(key) {
                        violations.push(key, Rule::Unknown);
                    }
                }
            }
        }
        Self {
            object,
            path: String::new(),
            violations,
        }
    }

    /// Starts reading a nested object found at `path`; keys that are not `known` are
    /// violations.
    pub fn nested(value: &'a Value, path: &str, known: &[&str]) -> Self {
        let mut violations = Violations::default();
        let object = value.as_object();
        match object {
            None => violations.push(path, Rule::Type { expected: "object" }),
            Some(object) => {
                for key in object.keys() {
                    if !known.contains(&key.as_str()) {
                        violations.push(&field_path(path, key), Rule::Unknown);
                    }
                }
            }
        }
        Self {
            object,
            path: path.to_string(),
            violations,
        }
    }

    /// The path of `field` in the request: the wire name itself at the top level.
    fn at<'f>(&self, field: &'f str) -> std::borrow::Cow<'f, str> {
        if self.path.is_empty() {
            std::borrow::Cow::Borrowed(field)
        } else {
            std::borrow::Cow::Owned(field_path(&self.path, field))
        }
    }

    fn get(&self, field: &str) -> Option<&'a Value> {
        let value = self.object?.get(field)?;
        match value {
            Value::Null => None,
            Value::String(text) if text.is_empty() => None,
            Value::Array(items) if items.is_empty() => None,
            value => Some(value),
        }
    }

    fn required<T>(
        &mut self,
        field: &str,
        read: impl FnOnce(&mut Violations, &str, &'a Value) -> Option<T>,
    ) -> Option<T> {
        let path = self.at(field);
        match self.get(field) {
            Some(value) => read(&mut self.violations, &path, value),
            None => {
                // A body that is not an object is already reported once.
                if self.object.is_some() {
                    self.violations.push(&path, Rule::Required);
                }
                None
            }
        }
    }

    fn optional<T>(
        &mut self,
        field: &str,
        read: impl FnOnce(&mut Violations, &str, &'a Value) -> Option<T>,
    ) -> Option<T> {
        let value = self.get(field)?;
        let path = self.at(field);
        read(&mut self.violations, &path, value)
    }

    /// A required text field, checked against `format`.
    pub fn required_text(&mut self, field: &str, format: Option<Format>) -> Option<String> {
        self.required(field, |v, path, value| v.read_text(path, value, format))
    }

    /// An optional text field, checked against `format`.
    pub fn optional_text(&mut self, field: &str, format: Option<Format>) -> Option<String> {
        self.optional(field, |v, path, value| v.read_text(path, value, format))
    }

    /// A required enum field, read by `parse` (wire code to variant).
    pub fn required_enum<T>(
        &mut self,
        field: &str,
        parse: fn(&str) -> Option<T>,
        allowed: &'static [&'static str],
    ) -> Option<T> {
        self.required(field, |v, path, value| {
            v.read_enum(path, value, parse, allowed)
        })
    }

    /// An optional enum field, read by `parse` (wire code to variant).
    pub fn optional_enum<T>(
        &mut self,
        field: &str,
        parse: fn(&str) -> Option<T>,
        allowed: &'static [&'static str],
    ) -> Option<T> {
        self.optional(field, |v, path, value| {
            v.read_enum(path, value, parse, allowed)
        })
    }

    /// A required integer field.
    pub fn required_integer(&mut self, field: &str) -> Option<i64> {
        self.required(field, |v, path, value| v.read_integer(path, value))
    }

    /// An optional integer field.
    pub fn optional_integer(&mut self, field: &str) -> Option<i64> {
        self.optional(field, |v, path, value| v.read_integer(path, value))
    }

    /// A required number field.
    pub fn required_number(&mut self, field: &str) -> Option<Number> {
        self.required(field, |v, path, value| v.read_number(path, value))
    }

    /// An optional number field.
    pub fn optional_number(&mut self, field: &str) -> Option<Number> {
        self.optional(field, |v, path, value| v.read_number(path, value))
    }

    /// A required boolean field.
    pub fn required_bool(&mut self, field: &str) -> Option<bool> {
        self.required(field, |v, path, value| v.read_bool(path, value))
    }

    /// An optional boolean field.
    pub fn optional_bool(&mut self, field: &str) -> Option<bool> {
        self.optional(field, |v, path, value| v.read_bool(path, value))
    }

    /// A required array, each element read by `element` at its own path.
    pub fn required_array<T>(
        &mut self,
        field: &str,
        element: impl FnMut(&mut Violations, &str, &Value) -> Option<T>,
    ) -> Option<Vec<T>> {
        self.required(field, |v, path, value| v.read_array(path, value, element))
    }

    /// An optional array, each element read by `element` at its own path.
    pub fn optional_array<T>(
        &mut self,
        field: &str,
        element: impl FnMut(&mut Violations, &str, &Value) -> Option<T>,
    ) -> Option<Vec<T>> {
        self.optional(field, |v, path, value| v.read_array(path, value, element))
    }

    /// A required nested object, read by its type's generated `from_json_at`.
    pub fn required_object<T>(
        &mut self,
        field: &str,
        read: fn(&mut Violations, &str, &Value) -> Option<T>,
    ) -> Option<T> {
        self.required(field, read)
    }

    /// An optional nested object, read by its type's generated `from_json_at`.
    pub fn optional_object<T>(
        &mut self,
        field: &str,
        read: fn(&mut Violations, &str, &Value) -> Option<T>,
    ) -> Option<T> {
        self.optional(field, read)
    }

    /// `Ok` when nothing was violated.
    pub fn finish(self) -> Result<(), ValidationErrors> {
        self.violations.into_result()
    }

    /// Hands a nested object's violations to its parent's; `true` when there were none.
    pub fn finish_into(self, parent: &mut Violations) -> bool {
        let clean = self.violations.is_empty();
        parent.append(self.violations);
        clean
    }

    /// The violations so far (at least one when a required field is missing).
    pub fn into_errors(self) -> ValidationErrors {
        ValidationErrors(self.violations.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn violations_name_the_field_and_the_rule() {
        let mut violations = Violations::default();
        violations.required_text("device_id", "", Some(Format::Iccid));
        violations.required_text("pay_amount", "1.234", Some(Format::Decimal2));
        violations.optional_text("order_period", Some(""), Some(Format::UnsignedInteger));
        let errors = violations.into_result().unwrap_err();
        assert_eq!(
            errors.fields().collect::<Vec<_>>(),
            ["device_id", "pay_amount"]
        );
        assert_eq!(
            errors.to_string(),
            "`device_id` is required and must not be empty; `pay_amount` is \"1.234\", not a decimal amount with at most two decimal places"
        );
    }
}
