//! Turning tokens into readable Rust: prettyplease, once per section.

use proc_macro2::TokenStream;

/// `tokens` as a formatted Rust file, or why they do not parse as one.
pub fn rust(tokens: TokenStream) -> Result<String, syn::Error> {
    let file = syn::parse2::<syn::File>(tokens)?;
    Ok(prettyplease::unparse(&file))
}
