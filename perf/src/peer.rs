//! progenitor's pipeline on the same input: parse the document into `openapiv3` types, generate
//! the client's tokens, and format them as text (what `cargo progenitor` and its `build.rs`
//! recipe write).

use std::time::Duration;

use crate::timed;

/// Generates progenitor's client for `text`, returning the formatted Rust and the time taken.
pub fn run(text: &str) -> Result<(String, Duration), String> {
    let (result, took) = timed(|| generate(text));
    result.map(|code| (code, took))
}

fn generate(text: &str) -> Result<String, String> {
    // JSON first; a YAML document is read with the YAML reader codegen uses.
    let spec: openapiv3::OpenAPI = match serde_json::from_str(text) {
        Ok(spec) => spec,
        Err(_) => {
            serde_saphyr::from_str(text).map_err(|e| format!("progenitor cannot read it: {e}"))?
        }
    };
    let mut generator = progenitor_impl::Generator::default();
    let tokens = generator
        .generate_tokens(&spec)
        .map_err(|e| format!("progenitor fails: {e}"))?;
    let file: syn::File = syn::parse2(tokens).map_err(|e| format!("progenitor's tokens: {e}"))?;
    Ok(prettyplease::unparse(&file))
}
