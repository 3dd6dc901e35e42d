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

/// A single-line doc attribute.
pub fn line(text: &str) -> TokenStream {
    attrs(&[text.to_string()])
}
