//! A field table as a saved page shows it: no indentation survives, so each field is a
//! name line, a type line, an optional required marker, then description lines
//! (`//` marks the English one on Chinese pages), defaults and example values.

use super::model::Bilingual;
use super::page::Line;

/// A field as the table lists it, before nesting and inference.
#[derive(Debug, Clone)]
pub struct RawField {
    pub name: String,
    /// The type as written (`string`, `null`, `array [object]`), lowercase.
    pub type_word: String,
    pub required: Option<bool>,
    pub description: Bilingual,
    pub default: Option<String>,
    pub line: usize,
}

/// The first word of a type line, when the line is one.
pub fn type_word(text: &str) -> Option<&'static str> {
    let word = text
        .split(|c: char| c.is_whitespace() || matches!(c, '[' | '<' | '{' | '('))
        .next()?;
    [
        "string", "integer", "number", "boolean", "object", "array", "null",
    ]
    .into_iter()
    .find(|known| word.eq_ignore_ascii_case(known))
}

/// Whether `text` can be a field's wire name.
pub fn is_name(text: &str) -> bool {
    let mut chars = text.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

fn required_marker(text: &str) -> Option<bool> {
    match text {
        "必需" | "required" | "Required" => Some(true),
        "可选" | "optional" | "Optional" => Some(false),
        _ => None,
    }
}

/// Whether the field starts at `i`: a name, then (skipping blank lines) a type.
pub fn starts_field(lines: &[Line], i: usize) -> bool {
    is_name(lines[i].text)
        && lines[i + 1..]
            .iter()
            .find(|l| !l.text.is_empty())
            .is_some_and(|next| type_word(next.text).is_some())
}

/// The fields of `lines` (one table); text before the first field is an error.
pub fn read(lines: &[Line]) -> Result<Vec<RawField>, (usize, String)> {
    let mut fields: Vec<RawField> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
        if line.text.is_empty() {
            i += 1;
            continue;
        }
        if starts_field(lines, i) {
            let type_at = i
                + 1
                + lines[i + 1..]
                    .iter()
                    .take_while(|l| l.text.is_empty())
                    .count();
            fields.push(RawField {
                name: line.text.to_string(),
                type_word: lines[type_at].text.trim().to_ascii_lowercase(),
                required: None,
                description: Bilingual::default(),
                default: None,
                line: line.number,
            });
            i = type_at + 1;
            continue;
        }
        let Some(field) = fields.last_mut() else {
            let message = format!(
                "expected a field name followed by its type (a line such as `string`), found `{}`",
                line.text
            );
            return Err((line.number, message));
        };
        if let Some(required) = required_marker(line.text) {
            field.required = Some(required);
        } else if let Some(rest) = strip_label(line.text, &["默认值", "Default"]) {
            // The value follows the label, on its line or the next.
            if rest.is_empty() {
                i += 1;
                field.default = lines.get(i).map(|l| l.text.to_string());
            } else {
                field.default = Some(rest.to_string());
            }
        } else if let Some(rest) = strip_label(line.text, &["示例值", "Example"]) {
            if rest.is_empty() {
                i += 1;
            }
        } else {
            let text = line.text.strip_prefix("//").unwrap_or(line.text);
            field.description.push_line(text);
        }
        i += 1;
    }
    Ok(fields)
}

/// The text after `label:` (or `label：`), when the line starts with one of `labels`.
fn strip_label<'a>(text: &'a str, labels: &[&str]) -> Option<&'a str> {
    labels.iter().find_map(|label| {
        let rest = text.strip_prefix(label)?;
        let rest = rest.strip_prefix(':').or_else(|| rest.strip_prefix('：'))?;
        Some(rest.trim())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<Line<'_>> {
        text.lines()
            .enumerate()
            .map(|(i, text)| Line {
                number: i + 1,
                text: text.trim(),
            })
            .collect()
    }

    #[test]
    fn reads_names_types_flags_and_both_languages() {
        let text = "ahead_finish_cause\nstring \n必需\n订单结束原因\n// reason\ndevice_type\nstring\n可选\nContent-Type\nstring\n默认值:\napplication/json";
        let fields = read(&lines(text)).unwrap();
        let names: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["ahead_finish_cause", "device_type", "Content-Type"]);
        assert_eq!(fields[0].required, Some(true));
        assert_eq!(fields[0].description.zh.as_deref(), Some("订单结束原因"));
        assert_eq!(fields[0].description.en.as_deref(), Some("reason"));
        assert_eq!(fields[1].required, Some(false));
        assert_eq!(fields[2].default.as_deref(), Some("application/json"));
        assert_eq!(fields[2].line, 9);
    }

    #[test]
    fn text_before_any_field_is_refused_with_its_line() {
        let error = read(&lines("\nnot a field\nx\nstring")).unwrap_err();
        assert_eq!(error.0, 2);
    }
}
