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

/// `#[doc]` attributes of plain text, escaped for rustdoc (see [`crate::ir::doc_text`]).
pub fn text_attrs(lines: &[String]) -> TokenStream {
    let escaped: Vec<String> = lines.iter().map(|line| crate::ir::doc_text(line)).collect();
    attrs(&escaped)
}

/// A single-line doc attribute.
pub fn line(text: &str) -> TokenStream {
    attrs(&[text.to_string()])
}
