//! Turning tokens into readable Rust: prettyplease, once per section.

use proc_macro2::TokenStream;

pub fn rust(tokens: TokenStream) -> Result<String, syn::Error> {
    let file = syn::parse2::<syn::File>(tokens)?;
    Ok(prettyplease::unparse(&file))
}
