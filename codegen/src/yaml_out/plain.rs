//! When a string may be written plain (unquoted) and still read back as the same string.

use super::numeric::{looks_like_timestamp, looks_numeric};

/// Where a plain scalar would stand.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Place {
    /// A value in block layout.
    Block,
    /// An item of a flow list (`[a, b]`), where `,[]{}` are structure.
    Flow,
    /// A mapping key.
    Key,
}

/// Whether `s` may be written plain at `place`.
pub(super) fn plain_ok(s: &str, place: Place) -> bool {
    let bytes = s.as_bytes();
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
        return false;
    };
    if first.is_ascii_whitespace() || last.is_ascii_whitespace() {
        return false;
    }
    match first {
        b'-' | b'?' if bytes.len() == 1 || bytes[1].is_ascii_whitespace() => return false,
        b',' | b':' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!' | b'|' | b'>'
        | b'\'' | b'"' | b'%' | b'@' | b'`' => return false,
        _ => {}
    }
    if reads_as_other(s, false) || (place == Place::Key && reads_as_other(s, true)) {
        return false;
    }
    if document_marker(s) {
        return false;
    }
    if s.is_ascii() {
        ascii_body_ok(bytes, place)
    } else {
        text_body_ok(s, place)
    }
}

/// Whether a plain `s` would read as something other than a string: empty, null, a bool, a
/// number, a date, or YAML 1.1's `<<` and `=`.
fn reads_as_other(s: &str, yaml_12: bool) -> bool {
    let first = s.as_bytes()[0];
    if first.is_ascii_alphabetic() {
        return s.len() <= 5 && keyword(s, yaml_12);
    }
    s == "~"
        || looks_numeric(s, yaml_12)
        || s.eq_ignore_ascii_case("+inf")
        || s.eq_ignore_ascii_case("-inf")
        || (!yaml_12 && (looks_like_timestamp(s) || s == "<<" || s == "="))
}

fn keyword(s: &str, yaml_12: bool) -> bool {
    const ALWAYS: [&str; 5] = ["null", "true", "false", "nan", "inf"];
    const YAML_11: [&str; 6] = ["yes", "y", "on", "no", "n", "off"];
    ALWAYS.iter().any(|k| s.eq_ignore_ascii_case(k))
        || (!yaml_12 && YAML_11.iter().any(|k| s.eq_ignore_ascii_case(k)))
}

/// `---` or `...` alone or followed by white space.
fn document_marker(s: &str) -> bool {
    let rest = match s.get(..3) {
        Some("---" | "...") => &s.as_bytes()[3..],
        _ => return false,
    };
    rest.first().is_none_or(u8::is_ascii_whitespace)
}

/// The inner rules for ASCII text: no control character, no `: `, no ` #`, no trailing `:`,
/// and per place no `,[]{}` (flow and keys) or no `:` at all (keys).
fn ascii_body_ok(bytes: &[u8], place: Place) -> bool {
    let mut prev_space = false;
    let mut prev_colon = false;
    for &b in bytes {
        match b {
            0..=0x1f | 0x7f => return false,
            b' ' if prev_colon => return false,
            b'#' if prev_space => return false,
            b':' if place == Place::Key => return false,
            b',' | b'[' | b']' | b'{' | b'}' if place != Place::Block => return false,
            _ => {}
        }
        prev_space = b == b' ';
        prev_colon = b == b':';
    }
    // Ends are not white space here, so the trimmed text ends with the last byte.
    !prev_colon
}

/// [`ascii_body_ok`] for text with non-ASCII characters (Unicode white space counts before `#`
/// and at the ends before a final `:`).
fn text_body_ok(s: &str, place: Place) -> bool {
    if s.contains(": ") || s.trim().ends_with(':') {
        return false;
    }
    let mut prev_space = false;
    for ch in s.chars() {
        if needs_escape(ch) {
            return false;
        }
        match ch {
            '#' if prev_space => return false,
            ':' if place == Place::Key => return false,
            ',' | '[' | ']' | '{' | '}' if place != Place::Block => return false,
            _ => {}
        }
        prev_space = ch.is_whitespace();
    }
    true
}

/// Characters that can only be written escaped in a double-quoted scalar.
pub(super) fn needs_escape(ch: char) -> bool {
    ch.is_control()
        || matches!(
            ch,
            '\u{FEFF}' | '\u{2028}' | '\u{2029}' | '\u{FFFE}' | '\u{FFFF}'
        )
}
