//! The four outputs of `lfgen diff`.

use std::collections::BTreeMap;

use serde_json::json;

use super::{Finding, Severity};

/// How `lfgen diff` prints its findings (`--format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// One line per change, grouped by endpoint.
    Text,
    /// A pull-request comment, breaking changes first.
    Markdown,
    /// An array of objects.
    Json,
    /// GitHub workflow annotations on the NEW spec's files.
    Github,
}

/// The findings as text in `format`, with a count of each severity.
pub fn render(findings: &[Finding], format: OutputFormat) -> String {
    match format {
        OutputFormat::Text => text(findings),
        OutputFormat::Markdown => markdown(findings),
        OutputFormat::Json => json(findings),
        OutputFormat::Github => github(findings),
    }
}

fn counts(findings: &[Finding]) -> String {
    let count = |severity| findings.iter().filter(|f| f.severity == severity).count();
    format!(
        "{} breaking, {} non-breaking, {} docs",
        count(Severity::Breaking),
        count(Severity::NonBreaking),
        count(Severity::Docs)
    )
}

fn text(findings: &[Finding]) -> String {
    if findings.is_empty() {
        return "no changes in meaning\n".to_string();
    }
    let mut by_endpoint: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    for finding in findings {
        by_endpoint
            .entry(&finding.endpoint)
            .or_default()
            .push(finding);
    }
    let mut out = String::new();
    for (endpoint, findings) in by_endpoint {
        out.push_str(&format!("{endpoint} ({})\n", findings[0].file.display()));
        for finding in findings {
            out.push_str(&format!(
                "  {:<12} {:<32} {}\n",
                finding.severity.as_str(),
                finding.rule,
                finding.message
            ));
        }
    }
    out.push_str(&format!("{}\n", counts(findings)));
    out
}

fn markdown(findings: &[Finding]) -> String {
    let mut out = format!("## Spec changes: {}\n", counts(findings));
    for (severity, heading) in [
        (Severity::Breaking, "Breaking"),
        (Severity::NonBreaking, "Non-breaking"),
        (Severity::Docs, "Documentation only"),
    ] {
        let section: Vec<&Finding> = findings.iter().filter(|f| f.severity == severity).collect();
        if section.is_empty() {
            continue;
        }
        out.push_str(&format!(
            "\n### {heading}\n\n| endpoint | rule | field | change |\n|---|---|---|---|\n"
        ));
        for finding in section {
            out.push_str(&format!(
                "| `{}` | `{}` | {} | {} |\n",
                finding.endpoint,
                finding.rule,
                finding
                    .field
                    .as_deref()
                    .map(|f| format!("`{f}`"))
                    .unwrap_or_default(),
                finding.message.replace('|', "\\|")
            ));
        }
    }
    out
}

fn json(findings: &[Finding]) -> String {
    let items: Vec<serde_json::Value> = findings
        .iter()
        .map(|f| {
            json!({
                "rule": f.rule,
                "endpoint": f.endpoint,
                "kind": f.kind.as_str(),
                "field": f.field,
                "severity": f.severity.as_str(),
                "message": f.message,
                "file": f.file.display().to_string(),
                "line": f.line,
            })
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".to_string());
    out.push('\n');
    out
}

fn github(findings: &[Finding]) -> String {
    let mut out = String::new();
    for finding in findings {
        let level = match finding.severity {
            Severity::Breaking => "error",
            Severity::NonBreaking => "warning",
            Severity::Docs => "notice",
        };
        out.push_str(&format!(
            "::{level} file={},line={},title={}::{}: {}\n",
            escape_property(&finding.file.display().to_string()),
            finding.line,
            finding.rule,
            finding.endpoint,
            escape_data(&finding.message)
        ));
    }
    out
}

/// Workflow-command escaping of a message.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Workflow-command escaping of a property value.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}
