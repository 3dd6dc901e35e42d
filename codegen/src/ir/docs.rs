//! Doc text: spec prose made into the lines the emitters render, as plain text (each
//! emitter escapes it for its output: rustdoc, clap's help, OpenAPI).

use crate::spec::{Format, Text};

/// The format's name in the spec (`iccid`), as OpenAPI's `format` keyword.
pub fn format_slug(format: Format) -> &'static str {
    match format {
        Format::Iccid => "iccid",
        Format::Decimal2 => "decimal2",
        Format::UnsignedInteger => "unsigned_integer",
        Format::DateYyyymmdd => "date_yyyymmdd",
    }
}

/// How a format reads in documentation.
pub fn format_description(format: Format) -> &'static str {
    match format {
        Format::Iccid => "ICCID, 18 to 22 digits, optionally ending in F",
        Format::Decimal2 => "decimal amount with at most two decimal places",
        Format::UnsignedInteger => "unsigned integer in decimal digits",
        Format::DateYyyymmdd => {
            "date YYYYMMDD (UTC+8); the server is also seen sending `YYYY-MM-DD HH:MM:SS`"
        }
    }
}

/// `English (中文)`, or whichever the page gives.
pub fn title_line(text: &Text) -> String {
    match (&text.en, &text.zh) {
        (Some(en), Some(zh)) if en != zh => format!("{en} ({zh})"),
        (Some(en), _) => en.clone(),
        (None, Some(zh)) => zh.clone(),
        (None, None) => String::new(),
    }
}

/// A documentation paragraph as plain text: what the spec says, for any renderer.
pub(super) fn paragraph_lines(text: Option<&Text>) -> Vec<String> {
    let Some(text) = text else { return Vec::new() };
    let mut lines = Vec::new();
    if let Some(zh) = &text.zh {
        lines.push(zh.trim().to_string());
    }
    if let Some(en) = &text.en {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.push(en.trim().to_string());
    }
    lines
}

/// A paragraph preceded by a blank line, for appending to a summary line.
pub(super) fn paragraph(text: Option<&Text>) -> Vec<String> {
    let lines = paragraph_lines(text);
    if lines.is_empty() {
        return lines;
    }
    std::iter::once(String::new()).chain(lines).collect()
}

/// The lists a transcribed page carries before its sources, in this order: notes, gaps
/// in the documentation; empty lists are left out. The sources stay a list of their own,
/// which each emitter renders (rustdoc links them).
pub(super) fn push_provenance(docs: &mut Vec<String>, notes: &[String], gaps: &[String]) {
    push_list(docs, "Notes", notes);
    push_list(docs, "Gaps in the documentation", gaps);
}

fn push_list(docs: &mut Vec<String>, heading: &str, items: &[String]) {
    if items.is_empty() {
        return;
    }
    docs.push(String::new());
    docs.push(format!("{heading}:"));
    for item in items {
        docs.push(format!("- {}", item.trim()));
    }
}
