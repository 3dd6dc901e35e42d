//! The endpoint draft as YAML in the spec's own layout, with the importer's notes as
//! comments (`# inferred: …`, `# review: …`). Written by hand for this one fixed shape:
//! the spec loader reads every draft back (see the tests), which checks the quoting.

use std::fmt::Write;

use super::model::{format_name, wire_type_name, Bilingual, Field, Operation};

/// The draft of `operation`, read from `source`.
pub fn write(operation: &Operation, source: &str) -> String {
    let mut out = Yaml::default();
    out.line(
        0,
        "# yaml-language-server: $schema=../../schema/endpoint.schema.json",
    );
    out.comment(0, &format!("draft: written by `lfgen import` from {source}; review every `inferred` and `review` note, then move it into spec/"));
    for comment in &operation.comments {
        out.comment(0, comment);
    }
    out.key(0, "name", &operation.name);
    out.key(0, "family", &operation.family);
    let completeness = if operation.complete {
        "full"
    } else {
        "partial"
    };
    // A source never states its own completeness: say what it was judged from.
    let why = &operation.complete_why;
    out.comment(0, &format!("inferred: completeness {completeness}: {why}"));
    out.key(0, "completeness", completeness);
    out.key(0, "method", operation.method.as_str());
    out.key(0, "path", &operation.path);
    // Whether repeating the call is harmless is the reviewer's decision, never inferred
    // from a page: the draft says `never`, which cannot repeat an order.
    out.comment(0, "review: `never` until you confirm the call is a pure query; then `safe`, which retries it after timeouts and 429/502/503/504");
    out.key(0, "retry", "never");
    out.text(0, "title", &operation.title);
    if !operation.description.is_empty() {
        out.text(0, "description", &operation.description);
    }
    if operation.deprecated {
        out.raw_key(0, "deprecated", "true");
    }
    out.list(0, "sources", &operation.sources);
    if let Some(modified) = &operation.modified {
        out.key(0, "modified", modified);
    }
    out.list(0, "notes", &operation.notes);
    out.list(0, "gaps", &operation.gaps);
    out.line(0, "request:");
    if operation.request.is_empty() {
        out.line(2, "fields: []");
    } else {
        out.line(2, "fields:");
        for field in &operation.request {
            out.field(4, field);
        }
    }
    let response = &operation.response;
    out.line(0, "response:");
    for comment in &response.comments {
        out.comment(2, comment);
    }
    out.raw_key(2, "data", response.data.as_str());
    if !response.fields.is_empty() {
        out.line(2, "fields:");
        for field in &response.fields {
            out.field(4, field);
        }
    }
    if let Some(items) = &response.items {
        out.line(2, "items:");
        out.shape(4, items);
    }
    let examples = [
        ("request", operation.example_request.as_deref()),
        ("response", operation.example_response.as_deref()),
    ];
    if examples.iter().any(|(_, text)| text.is_some()) {
        out.line(0, "examples:");
        for (key, text) in examples {
            if let Some(text) = text {
                out.block(2, key, text);
            }
        }
    }
    out.0
}

#[derive(Default)]
struct Yaml(String);

impl Yaml {
    fn line(&mut self, indent: usize, text: &str) {
        let _ = writeln!(self.0, "{:indent$}{text}", "");
    }

    /// `text` as comment lines. Every character the YAML reader takes for a line break
    /// starts a new comment line (`str::lines` misses a lone `\r`, U+0085, U+2028 and
    /// U+2029, which would end the comment and put the rest in the document as YAML);
    /// other controls and bidi controls are escaped, so what a reviewer sees is all there is.
    fn comment(&mut self, indent: usize, text: &str) {
        for line in text.replace("\r\n", "\n").split(is_line_break) {
            self.line(indent, &format!("# {}", escaped(line)));
        }
    }

    fn key(&mut self, indent: usize, key: &str, value: &str) {
        self.line(indent, &format!("{key}: {}", scalar(value)));
    }

    fn raw_key(&mut self, indent: usize, key: &str, value: &str) {
        self.line(indent, &format!("{key}: {value}"));
    }

    fn text(&mut self, indent: usize, key: &str, text: &Bilingual) {
        self.line(indent, &format!("{key}:"));
        for (language, value) in [("zh", &text.zh), ("en", &text.en)] {
            if let Some(value) = value {
                self.key(indent + 2, language, value);
            }
        }
    }

    fn list(&mut self, indent: usize, key: &str, items: &[String]) {
        if items.is_empty() {
            return;
        }
        self.line(indent, &format!("{key}:"));
        for item in items {
            self.line(indent + 2, &format!("- {}", scalar(item)));
        }
    }

    /// A field as a list item at `indent`.
    fn field(&mut self, indent: usize, field: &Field) {
        for comment in &field.comments {
            self.comment(indent, comment);
        }
        self.line(indent, &format!("- name: {}", scalar(&field.name)));
        let inner = indent + 2;
        self.raw_key(inner, "type", wire_type_name(field.wire_type));
        if let Some(required) = field.required {
            self.raw_key(inner, "required", if required { "true" } else { "false" });
        }
        if field.nullable {
            self.raw_key(inner, "nullable", "true");
        }
        self.details(inner, field);
    }

    /// The elements of an array (no name, no required flag) at `indent`.
    fn shape(&mut self, indent: usize, items: &Field) {
        for comment in &items.comments {
            self.comment(indent, comment);
        }
        self.raw_key(indent, "type", wire_type_name(items.wire_type));
        self.details(indent, items);
    }

    fn details(&mut self, indent: usize, field: &Field) {
        if let Some(format) = field.format {
            self.raw_key(indent, "format", format_name(format));
        }
        if let Some(type_name) = &field.type_name {
            self.key(indent, "type_name", type_name);
        }
        if !field.description.is_empty() {
            self.text(indent, "description", &field.description);
        }
        if !field.enum_values.is_empty() {
            self.line(indent, "enum:");
            for value in &field.enum_values {
                self.comment(indent + 2, &format!("review: {}", value.review));
                self.line(indent + 2, &format!("- value: {}", quoted(&value.value)));
                self.key(indent + 4, "name", &value.name);
                if !value.meaning.is_empty() {
                    self.text(indent + 4, "meaning", &value.meaning);
                }
            }
        }
        if !field.fields.is_empty() {
            self.line(indent, "fields:");
            for nested in &field.fields {
                self.field(indent + 2, nested);
            }
        }
        if let Some(items) = &field.items {
            self.line(indent, "items:");
            self.shape(indent + 2, items);
        }
    }

    /// A literal block: the text's lines as they are.
    fn block(&mut self, indent: usize, key: &str, text: &str) {
        // A first line starting with a space would need an indentation indicator, and
        // trailing spaces are invisible in review: such text is double-quoted instead.
        let plain = !text.starts_with(' ')
            && text.lines().all(|l| !l.ends_with(' '))
            && !text.contains(['\t', '\r'])
            && !text.chars().any(|c| c != '\n' && needs_escape(c))
            && text.ends_with('\n')
            && !text.ends_with("\n\n")
            && !text.starts_with('\n');
        if !plain {
            self.key(indent, key, text);
            return;
        }
        self.line(indent, &format!("{key}: |"));
        for line in text.lines() {
            if line.is_empty() {
                self.0.push('\n');
            } else {
                self.line(indent + 2, line);
            }
        }
    }
}

/// Characters a YAML reader may take for the end of a line.
fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// Bidirectional controls, which make text read differently from what it is.
fn is_bidi_control(c: char) -> bool {
    // Embeddings, overrides and isolates; the directional marks; zero-width characters.
    matches!(
        c,
        '\u{202a}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}'
            | '\u{200b}'..='\u{200f}'
            | '\u{061c}'
            | '\u{2060}'
    )
}

/// Characters never written as they are outside a double-quoted scalar (a tab is fine).
fn needs_escape(c: char) -> bool {
    (c.is_control() && c != '\t') || is_line_break(c) || is_bidi_control(c) || c == '\u{feff}'
}

/// `text` with every [`needs_escape`] character as `\uXXXX`, for a comment.
fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if needs_escape(c) {
            let _ = write!(out, "\\u{:04x}", c as u32);
        } else {
            out.push(c);
        }
    }
    out
}

/// A scalar as a plain word when YAML would read it back as the same string; otherwise
/// double-quoted.
fn scalar(text: &str) -> String {
    if is_plain(text) {
        text.to_string()
    } else {
        quoted(text)
    }
}

fn is_plain(text: &str) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    let special_start = "-?:,[]{}#&*!|>'\"%@`~ ".contains(first) || first.is_ascii_digit();
    let words = [
        "true", "false", "yes", "no", "null", "on", "off", "y", "n", ".nan", ".inf",
    ];
    !special_start
        && !text.ends_with([' ', ':'])
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.chars().any(|c| c.is_control() || needs_escape(c))
        && !words.contains(&text.to_ascii_lowercase().as_str())
        && !text.starts_with(['+', '.'])
}

/// A double-quoted scalar with YAML's escapes.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if needs_escape(c) => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A one-key document read back with the spec's YAML reader.
    fn read_back(value: &str) -> String {
        let text = format!("v: {}\n", scalar(value));
        let map: std::collections::BTreeMap<String, String> =
            crate::spec::parse_yaml(std::path::Path::new("t.yaml"), &text).unwrap();
        map["v"].clone()
    }

    #[test]
    fn quotes_what_yaml_would_read_otherwise() {
        for value in [
            "yes",
            "No",
            "null",
            "~",
            "1",
            "0.5",
            "-1",
            "a: b",
            "x #y",
            "[不推荐]x",
            "\"q\"",
            "tab\there",
            "line\nbreak",
            "trailing ",
            "- item",
            "2022-12-12 03:21:14",
            "",
            "back\\slash",
            "\u{1}",
            "%x",
            "@x",
            "`x",
            "Plan type: 0-Unlimited",
        ] {
            assert_eq!(read_back(value), value, "{value:?}");
        }
        assert_eq!(scalar("order_package"), "order_package");
        assert_eq!(scalar("订购流量套餐"), "订购流量套餐");
    }

    /// The keys of a document with `text` as a comment between two keys.
    fn keys_around_comment(text: &str) -> Vec<String> {
        let mut out = Yaml::default();
        out.line(0, "a: 1");
        out.comment(0, text);
        out.line(0, "b: 2");
        let map: std::collections::BTreeMap<String, serde_json::Value> =
            crate::spec::parse_yaml(std::path::Path::new("t.yaml"), &out.0).unwrap();
        map.into_keys().collect()
    }

    #[test]
    fn a_label_with_a_lone_carriage_return_stays_in_its_comment() {
        let label =
            "review: variant name derived from \"1- unpaid\rcompleteness: partial ;2-paid\"";
        assert_eq!(keys_around_comment(label), ["a", "b"]);
        for text in ["x\u{85}c: 1", "x\u{2028}c: 1", "x\u{2029}c: 1", "x\r\nc: 1"] {
            assert_eq!(keys_around_comment(text), ["a", "b"], "{text:?}");
        }
        let mut out = Yaml::default();
        out.comment(0, "left\u{202e}right\u{1}");
        assert_eq!(out.0, "# left\\u202eright\\u0001\n");
        assert_eq!(read_back("a\u{2066}b"), "a\u{2066}b");
        assert_eq!(scalar("a\u{202e}b"), "\"a\\u202eb\"");
        // Directional marks and zero-width characters are as invisible.
        assert_eq!(scalar("a\u{200f}b\u{200b}"), "\"a\\u200fb\\u200b\"");
        let mut marks = Yaml::default();
        marks.comment(0, "a\u{061c}b\u{2060}");
        assert_eq!(marks.0, "# a\\u061cb\\u2060\n");
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]
        #[test]
        fn any_string_reads_back(value in "\\PC{0,24}|[ -~]{0,24}") {
            prop_assert_eq!(read_back(&value), value);
        }

        /// Whatever a note says, the draft's keys are the ones written.
        #[test]
        fn any_comment_stays_a_comment(
            text in "(\\PC|[\r\n\t\x00-\x1f\x7f\u{85}\u{2028}\u{2029}\u{202a}-\u{202e}\u{2066}-\u{2069}\u{feff}]|c: 1|- x){0,40}"
        ) {
            prop_assert_eq!(keys_around_comment(&text), ["a", "b"]);
        }
    }
}
