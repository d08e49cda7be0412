//! Escapes what a terminal would act on. Diagnostics quote spec values and imported documents,
//! and an ESC or BEL printed raw would let a spec recolour, retitle or rewrite the reader's
//! terminal; a bidirectional override would reorder the report. Such characters are shown as
//! `\u{1b}` instead.

use std::borrow::Cow;

/// Whether `c` is shown escaped: control characters (C0 but new line and tab, DEL, C1), line and
/// paragraph separators, and bidirectional controls.
fn is_escaped(c: char) -> bool {
    (c.is_control() && !matches!(c, '\n' | '\t' | '\r'))
        || matches!(c, '\u{2028}' | '\u{2029}')
        || crate::check::is_bidi_control(c)
}

/// `text` with every character a terminal would act on written as `\u{…}`.
pub fn escape_terminal(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_escaped) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_escaped(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A source text with its terminal-active characters escaped, and how byte offsets of the
/// original map into it.
pub(crate) struct EscapedSource {
    /// The escaped text.
    pub(crate) text: String,
    /// For each escaped character: its offset in the original, and how many bytes longer the
    /// escaped text is after it.
    shifts: Vec<(usize, usize)>,
}

impl EscapedSource {
    pub(crate) fn new(original: &str) -> Self {
        if !original.chars().any(is_escaped) {
            return EscapedSource {
                text: original.to_owned(),
                shifts: Vec::new(),
            };
        }
        let mut text = String::with_capacity(original.len() + 16);
        let mut shifts = Vec::new();
        let mut extra = 0usize;
        for (at, c) in original.char_indices() {
            if is_escaped(c) {
                let shown = format!("\\u{{{:x}}}", c as u32);
                extra += shown.len() - c.len_utf8();
                text.push_str(&shown);
                shifts.push((at, extra));
            } else {
                text.push(c);
            }
        }
        EscapedSource { text, shifts }
    }

    /// Where byte `offset` of the original is in the escaped text.
    pub(crate) fn offset(&self, offset: usize) -> usize {
        // Characters that start before `offset` have moved it.
        let before = self.shifts.partition_point(|(at, _)| *at < offset);
        match before {
            0 => offset,
            n => offset + self.shifts[n - 1].1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_terminal_controls_and_keeps_text() {
        assert_eq!(escape_terminal("plain é\n\tline"), "plain é\n\tline");
        assert_eq!(
            escape_terminal("a\u{1b}[2Jb\u{7}\u{202e}"),
            "a\\u{1b}[2Jb\\u{7}\\u{202e}"
        );
        let source = EscapedSource::new("ab\u{1b}cd\u{9b}e");
        assert_eq!(source.text, "ab\\u{1b}cd\\u{9b}e");
        assert_eq!(source.offset(0), 0);
        assert_eq!(source.offset(2), 2);
        assert_eq!(&source.text[source.offset(3)..source.offset(3) + 1], "c");
        assert_eq!(&source.text[source.offset(7)..], "e");
    }
}
