//! Doc comments from spec text.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = "..."]` attributes, one per line, printed by prettyplease as `///` comments.
pub fn attrs(lines: &[String]) -> TokenStream {
    let lines = lines.iter().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote! { #[doc = #line] }
    });
    quote! { #(#lines)* }
}

/// `#[doc]` attributes of the IR's plain text, escaped for rustdoc (see [`escape`]).
pub fn text_attrs(lines: &[String]) -> TokenStream {
    attrs(&escaped(lines))
}

/// `#[doc]` attributes of a transcribed page's plain text, then its sources as links.
pub fn page_attrs(lines: &[String], sources: &[String]) -> TokenStream {
    let mut lines = escaped(lines);
    push_sources(&mut lines, sources);
    attrs(&lines)
}

/// The IR's plain text, escaped for rustdoc line by line.
pub fn escaped(lines: &[String]) -> Vec<String> {
    lines.iter().map(|line| escape(line)).collect()
}

/// Plain text made safe for a doc comment: the vendor's `[不推荐]` is not a link, and a
/// fenced block in a description is not a doctest.
pub fn escape(text: &str) -> String {
    text.replace('[', "\\[")
        .replace(']', "\\]")
        .replace("```", "\\`\\`\\`")
}

/// `Sources:` and one item per source, its address as a rustdoc link; nothing when there
/// are none.
pub fn push_sources(lines: &mut Vec<String>, sources: &[String]) {
    if sources.is_empty() {
        return;
    }
    lines.push(String::new());
    lines.push("Sources:".to_string());
    for source in sources {
        lines.push(format!("- {}", linked_source(source).trim()));
    }
}

/// A source with its address as a rustdoc link: `<https://…> (what the page is)`.
fn linked_source(source: &str) -> String {
    let (address, rest) = source.split_once(' ').unwrap_or((source, ""));
    if address.starts_with("http://") || address.starts_with("https://") {
        format!("<{address}> {rest}").trim_end().to_string()
    } else {
        source.to_string()
    }
}

/// A single-line doc attribute.
pub fn line(text: &str) -> TokenStream {
    attrs(&[text.to_string()])
}
