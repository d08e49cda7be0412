//! Doc comments: every text from the spec becomes a `#[doc = "…"]` string literal, so no spec
//! text can end a comment or inject code.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// Doc attributes for a summary and a description (either may be absent), one per line.
pub(crate) fn doc(summary: Option<&str>, description: Option<&str>) -> TokenStream {
    let mut paragraphs: Vec<&str> = Vec::new();
    if let Some(summary) = summary.map(str::trim).filter(|s| !s.is_empty()) {
        paragraphs.push(summary);
    }
    if let Some(description) = description.map(str::trim).filter(|s| !s.is_empty()) {
        if paragraphs.first() != Some(&description) {
            paragraphs.push(description);
        }
    }
    lines(&paragraphs.join("\n\n"))
}

/// Doc attributes for free text, one per line; nothing for empty text.
pub(crate) fn lines(text: &str) -> TokenStream {
    let mut out = TokenStream::new();
    if text.trim().is_empty() {
        return out;
    }
    for line in text.lines() {
        // Leading spaces would make an indented code block, and so a doctest.
        let line = line.trim();
        let lit = Literal::string(&if line.is_empty() {
            String::new()
        } else {
            format!(" {}", clean(line))
        });
        out.extend(quote!(#[doc = #lit]));
    }
    out
}

/// Drops control characters and breaks code fences, which would become doctests.
fn clean(line: &str) -> String {
    let text: String = line
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    text.replace("```", "` ` `").replace("~~~", "~ ~ ~")
}
