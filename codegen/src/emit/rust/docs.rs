//! Doc comments: every text from the spec becomes a `#[doc = "…"]` string literal, so no spec
//! text can end a comment or inject code.

use std::borrow::Cow;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// Doc attributes for a summary and a description (either may be absent), one per line.
pub(crate) fn doc(summary: Option<&str>, description: Option<&str>) -> TokenStream {
    lines(&paragraphs(summary, description))
}

/// The text of a doc comment for a summary and a description: each once, trimmed, a blank line
/// between them.
pub(crate) fn paragraphs(summary: Option<&str>, description: Option<&str>) -> String {
    let mut paragraphs: Vec<&str> = Vec::new();
    if let Some(summary) = summary.map(str::trim).filter(|s| !s.is_empty()) {
        paragraphs.push(summary);
    }
    if let Some(description) = description.map(str::trim).filter(|s| !s.is_empty()) {
        if paragraphs.first() != Some(&description) {
            paragraphs.push(description);
        }
    }
    paragraphs.join("\n\n")
}

/// Doc attributes for a summary and a description, or for `fallback` when both are empty (so
/// that every public item is documented).
pub(crate) fn doc_or(
    summary: Option<&str>,
    description: Option<&str>,
    fallback: &str,
) -> TokenStream {
    let out = doc(summary, description);
    if out.is_empty() {
        lines(fallback)
    } else {
        out
    }
}

/// Doc attributes for free text, one per line; nothing for empty text.
pub(crate) fn lines(text: &str) -> TokenStream {
    let mut out = TokenStream::new();
    each_line(text, |line| {
        let lit = Literal::string(line);
        out.extend(quote!(#[doc = #lit]));
    });
    out
}

/// Calls `write` with the value of each doc attribute [`lines`] writes for `text` (each starts
/// with a space, or is empty); never for blank text.
pub(crate) fn each_line(text: &str, mut write: impl FnMut(&str)) {
    if text.trim().is_empty() {
        return;
    }
    // The indent of the list item a line continues, so that the line stays part of it.
    let mut item_indent: Option<usize> = None;
    let mut value = String::with_capacity(text.len() + 16);
    for line in text.lines() {
        value.clear();
        // Leading spaces would make an indented code block, and so a doctest.
        let line = line.trim();
        if line.is_empty() {
            item_indent = None;
        } else {
            let indent = match list_marker(line) {
                Some(marker) => {
                    item_indent = Some(marker);
                    0
                }
                None => item_indent.unwrap_or(0),
            };
            value.push(' ');
            value.extend(std::iter::repeat_n(' ', indent));
            value.push_str(&clean(line));
        }
        write(&value);
    }
}

/// The width of the Markdown list marker a line starts with (`- `, `* `, `+ `, `12. `, `3) `).
fn list_marker(line: &str) -> Option<usize> {
    if line.starts_with("- ") || line.starts_with("* ") || line.starts_with("+ ") {
        return Some(2);
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let rest = &line[digits..];
    // Markdown allows at most nine digits in an ordered list marker.
    ((1..=9).contains(&digits) && (rest.starts_with(". ") || rest.starts_with(") ")))
        .then_some(digits + 2)
}

/// Drops control characters and the bidirectional controls (which rustc refuses in literals:
/// they can make code read differently from what it does), and breaks code fences, which would
/// become doctests.
fn clean(line: &str) -> Cow<'_, str> {
    // Most lines are ASCII, and many quote a name in backticks: a byte scan tells, with no
    // substring search set up per line.
    let bytes = line.as_bytes();
    let plain = if line.is_ascii() {
        !bytes.iter().any(|&b| b < 0x20 || b == 0x7f)
    } else {
        !line.chars().any(|c| c.is_control() || is_bidi_control(c))
    } && !bytes
        .windows(3)
        .any(|three| three == b"```" || three == b"~~~");
    if plain {
        return Cow::Borrowed(line);
    }
    let text: String = line
        .chars()
        .map(|c| {
            if c.is_control() || is_bidi_control(c) {
                ' '
            } else {
                c
            }
        })
        .collect();
    Cow::Owned(text.replace("```", "` ` `").replace("~~~", "~ ~ ~"))
}

/// The characters that reorder text (embeddings, overrides and isolates).
pub(crate) fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `clean` must give, written the slow way: every character looked at.
    fn cleaned_slowly(line: &str) -> String {
        let text: String = line
            .chars()
            .map(|c| {
                if c.is_control() || is_bidi_control(c) {
                    ' '
                } else {
                    c
                }
            })
            .collect();
        text.replace("```", "` ` `").replace("~~~", "~ ~ ~")
    }

    #[test]
    fn the_byte_scan_cleans_as_the_character_walk_does() {
        let pieces = [
            "a", " ", "`", "``", "~", "~~", "\t", "\u{7f}", "\u{85}", "\u{202e}", "\u{2066}", "é",
            "日", "\u{0}", "x`y", "~`",
        ];
        let mut checked = 0;
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let line = format!("{a}{b}{c}");
                    assert_eq!(clean(&line), cleaned_slowly(&line), "{line:?}");
                    checked += 1;
                }
            }
        }
        for byte in 0u8..0x80 {
            let line = format!("doc {} text", byte as char);
            assert_eq!(clean(&line), cleaned_slowly(&line), "{byte}");
        }
        assert_eq!(checked, 16 * 16 * 16);
    }
}
