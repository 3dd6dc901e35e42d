//! The command-line client's hand-written half: turning flags into a request body, and
//! errors into exit statuses. The subcommands themselves are generated ([`crate::Command`]).

use std::borrow::Cow;

use serde_json::{Map, Number, Value};

use crate::endpoint::Endpoint;
use crate::{Client, Error, ValidationErrors};

/// Why a subcommand failed.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The flags describe an invalid request; nothing was sent.
    #[error("invalid request, nothing sent:\n{}", bullet_list(.0))]
    Invalid(ValidationErrors),
    /// The call failed (vendor error, transport, malformed response, configuration).
    #[error("{0}")]
    Call(Error),
}

impl CliError {
    /// 2 for input that breaks a documented rule, 1 for everything else.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Invalid(_) | CliError::Call(Error::Validation(_)) => 2,
            CliError::Call(_) => 1,
        }
    }
}

fn bullet_list(errors: &ValidationErrors) -> String {
    let lines: Vec<String> = errors
        .violations()
        .iter()
        .map(|v| format!("  - {v}"))
        .collect();
    lines.join("\n")
}

/// Decodes `body` into the typed request (reporting every violation), sends it and
/// returns the response `data` as JSON.
pub async fn call<E: Endpoint>(
    client: &Client,
    body: &Value,
    from_json: fn(&Value) -> Result<E, ValidationErrors>,
) -> Result<Value, CliError> {
    let request = from_json(body).map_err(CliError::Invalid)?;
    let response = client.execute(&request).await.map_err(CliError::Call)?;
    serde_json::to_value(&response)
        .map_err(|error| CliError::Call(Error::Config(error.to_string())))
}

/// A repeated flag: one text element per occurrence.
pub fn put_text_list(body: &mut Map<String, Value>, wire: &str, values: &[String]) {
    if !values.is_empty() {
        let items = values.iter().cloned().map(Value::String).collect();
        body.insert(wire.to_string(), Value::Array(items));
    }
}

/// A repeated numeric flag; text that is not a number is passed on so validation names
/// the element.
pub fn put_number_list(body: &mut Map<String, Value>, wire: &str, values: &[String]) {
    if !values.is_empty() {
        let items = values.iter().map(|value| number_or_text(value)).collect();
        body.insert(wire.to_string(), Value::Array(items));
    }
}

/// A repeated boolean flag; text that is not `true`/`false` is passed on so validation
/// names the element.
pub fn put_bool_list(body: &mut Map<String, Value>, wire: &str, values: &[String]) {
    if !values.is_empty() {
        let items = values
            .iter()
            .map(|value| match value.as_str() {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                other => Value::String(other.to_string()),
            })
            .collect();
        body.insert(wire.to_string(), Value::Array(items));
    }
}

/// A repeated enum flag: each occurrence takes the wire code or the spec's name.
pub fn put_enum_list<T>(
    body: &mut Map<String, Value>,
    wire: &str,
    values: &[String],
    from_name: fn(&str) -> Option<T>,
    as_wire: fn(T) -> &'static str,
) {
    if !values.is_empty() {
        let items = values
            .iter()
            .map(|value| {
                let code = from_name(value).map(as_wire).unwrap_or(value);
                Value::String(code.to_string())
            })
            .collect();
        body.insert(wire.to_string(), Value::Array(items));
    }
}

/// A flag holding JSON (an object, or an array of objects); text that is not JSON is
/// passed on as text, so validation reports the field's expected type.
pub fn put_json(body: &mut Map<String, Value>, wire: &str, value: &Option<String>) {
    if let Some(value) = value {
        let json = serde_json::from_str::<Value>(value);
        body.insert(
            wire.to_string(),
            json.unwrap_or_else(|_| Value::String(value.clone())),
        );
    }
}

fn number_or_text(value: &str) -> Value {
    serde_json::from_str::<Number>(value)
        .map(Value::Number)
        .unwrap_or_else(|_| Value::String(value.to_string()))
}

/// A text flag, as given.
pub fn put_text(body: &mut Map<String, Value>, wire: &str, value: &Option<String>) {
    if let Some(value) = value {
        body.insert(wire.to_string(), Value::String(value.clone()));
    }
}

/// An enum flag takes the wire code (`2`) or the spec's name (`monthly`).
pub fn put_enum<T>(
    body: &mut Map<String, Value>,
    wire: &str,
    value: &Option<String>,
    from_name: fn(&str) -> Option<T>,
    as_wire: fn(T) -> &'static str,
) {
    if let Some(value) = value {
        let code = from_name(value)
            .map(as_wire)
            .map_or_else(|| value.clone(), str::to_string);
        body.insert(wire.to_string(), Value::String(code));
    }
}

/// A numeric flag; text that is not a number is passed on so validation names the field.
pub fn put_number(body: &mut Map<String, Value>, wire: &str, value: &Option<String>) {
    if let Some(value) = value {
        let number = serde_json::from_str::<Number>(value).map(Value::Number);
        body.insert(
            wire.to_string(),
            number.unwrap_or_else(|_| Value::String(value.clone())),
        );
    }
}

/// A boolean flag: `true` or `false`; other text is passed on so validation names the field.
pub fn put_bool(body: &mut Map<String, Value>, wire: &str, value: &Option<String>) {
    if let Some(value) = value {
        let parsed = match value.as_str() {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => Value::String(value.clone()),
        };
        body.insert(wire.to_string(), parsed);
    }
}

/// A readable rendering of response data: one `field: value` line each. A newline inside
/// a key or a text value is escaped (`\u{a}`), so server text cannot print a line that
/// looks like a field of its own; print the result through [`for_terminal`].
pub fn summary(data: &Value) -> String {
    match data {
        Value::Null => "ok".to_string(),
        Value::Object(fields) => {
            let lines: Vec<String> = fields
                .iter()
                .map(|(key, value)| {
                    let key = one_line(key);
                    match value {
                        Value::String(text) => format!("{key}: {}", one_line(text)),
                        Value::Null => format!("{key}: -"),
                        // JSON text escapes its own newlines.
                        other => format!("{key}: {other}"),
                    }
                })
                .collect();
            format!("ok\n{}", lines.join("\n"))
        }
        other => format!("ok\n{other}"),
    }
}

/// `text` made safe to print: control characters (C0 but newline and tab, DEL, C1), the
/// bidirectional overrides, isolates and marks, and the Unicode line and paragraph
/// separators are written as `\u{..}` escapes, so text a server supplies (vendor
/// messages, raw bodies, response data) cannot drive the user's terminal or disguise what
/// it shows.
pub fn for_terminal(text: &str) -> Cow<'_, str> {
    escape_where(text, drives_terminal, |c, out| {
        out.extend(c.escape_unicode());
    })
}

/// [`for_terminal`]'s escapes, and newlines too: for one line of a [`summary`].
fn one_line(text: &str) -> Cow<'_, str> {
    escape_where(
        text,
        |c| c == '\n' || drives_terminal(c),
        |c, out| out.extend(c.escape_unicode()),
    )
}

/// [`for_terminal`] for JSON text: the same characters, written as JSON escapes
/// (`\u009b`), so the output stays the same JSON value. JSON's syntax is ASCII, so every
/// such character is inside a string.
pub fn json_for_terminal(json: &str) -> Cow<'_, str> {
    escape_where(json, drives_terminal, |c, out| {
        let mut units = [0u16; 2];
        for unit in c.encode_utf16(&mut units) {
            out.push_str(&format!("\\u{unit:04x}"));
        }
    })
}

/// `text` with each character `unsafe_char` picks written by `escape`.
fn escape_where(
    text: &str,
    unsafe_char: impl Fn(char) -> bool,
    escape: impl Fn(char, &mut String),
) -> Cow<'_, str> {
    if !text.chars().any(&unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if unsafe_char(c) {
            escape(c, &mut out);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn drives_terminal(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(
            c,
            // Bidi embeddings and overrides, isolates, marks (LRM, RLM, ALM): they reorder
            // what follows. Line and paragraph separators: some terminals break lines on them.
            '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{061c}'
                | '\u{2028}'
                | '\u{2029}'
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_controls_are_escaped_and_plain_text_is_borrowed() {
        assert!(matches!(for_terminal("成功\nline\tcell"), Cow::Borrowed(_)));
        assert_eq!(
            for_terminal("\u{1b}]0;title\u{7}\r\u{9b}2J\u{202e}"),
            "\\u{1b}]0;title\\u{7}\\u{d}\\u{9b}2J\\u{202e}"
        );
    }

    #[test]
    fn a_newline_inside_a_value_or_key_cannot_print_a_line_of_its_own() {
        // #12 review: lines were joined, then escaped, so a server's "\n" made a fake line.
        let data = serde_json::json!({
            "status": "failed\nrefund: approved",
            "x\ny": "v",
        });
        let printed = for_terminal(&summary(&data)).into_owned();
        let lines: Vec<&str> = printed.lines().collect();
        assert_eq!(lines.len(), 3, "{printed}");
        assert!(
            lines.iter().all(|line| !line.starts_with("refund")),
            "{printed}"
        );
        assert!(lines[1..]
            .iter()
            .any(|line| line.starts_with("status: failed")));
    }

    #[test]
    fn marks_and_separators_that_reorder_or_break_lines_are_escaped() {
        for c in ['\u{200e}', '\u{200f}', '\u{61c}', '\u{2028}', '\u{2029}'] {
            let text = format!("a{c}b");
            assert_eq!(
                for_terminal(&text),
                format!("a{}b", c.escape_unicode()),
                "{}",
                c.escape_unicode()
            );
        }
    }

    #[test]
    fn json_stays_the_same_value() {
        let value = serde_json::json!({ "message": "\u{9b}31m\u{7f}\u{202e}ok" });
        let text = serde_json::to_string(&value).unwrap();
        let safe = json_for_terminal(&text);
        assert!(!safe.chars().any(drives_terminal), "{safe}");
        assert_eq!(serde_json::from_str::<Value>(&safe).unwrap(), value);
    }
    use crate::PackageType;

    #[test]
    fn enum_flags_take_codes_or_names() {
        let mut body = Map::new();
        put_enum(
            &mut body,
            "package_type",
            &Some("monthly".into()),
            PackageType::from_name,
            PackageType::as_wire,
        );
        put_enum(
            &mut body,
            "other",
            &Some("2".into()),
            PackageType::from_name,
            PackageType::as_wire,
        );
        assert_eq!(
            Value::Object(body),
            serde_json::json!({"package_type": "2", "other": "2"})
        );
    }

    #[test]
    fn numeric_flags_keep_bad_text_for_validation() {
        let mut body = Map::new();
        put_number(&mut body, "a", &Some("5".into()));
        put_number(&mut body, "b", &Some("five".into()));
        assert_eq!(
            Value::Object(body),
            serde_json::json!({"a": 5, "b": "five"})
        );
    }
}
