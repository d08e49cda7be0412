//! Invisible characters in spec text. A control character (NUL, ESC, BEL, a newline) in a
//! one-line field — a title, a summary, a name — is an error; in prose (descriptions) the
//! characters that reorder or hide text (bidirectional overrides, the Trojan Source carrier)
//! and control characters other than new lines and tabs are removed with a warning, so the IR,
//! and so every output, never carries them.

use std::fmt::Display;

use serde_json::Value;

use super::Checker;
use crate::diag::Code;
use crate::spec::Spanned;

/// Whether `c` reorders text without being seen: the bidirectional embeddings, overrides and
/// isolates, and the implicit direction marks.
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
    )
}

/// Whether `c` may not appear in a one-line field: control characters (C0, DEL, C1), line and
/// paragraph separators, and bidirectional controls.
pub fn is_forbidden_in_line(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') || is_bidi_control(c)
}

/// Whether `c` is removed from prose: everything forbidden in a line except new lines and tabs.
pub fn is_removed_from_prose(c: char) -> bool {
    is_forbidden_in_line(c) && !matches!(c, '\n' | '\t')
}

/// `text` without the characters prose may not carry; Windows line ends (`\r\n`) stay as
/// written, since they hide nothing.
pub fn clean_prose(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if !is_removed_from_prose(c) || (c == '\r' && chars.peek() == Some(&'\n')) {
            out.push(c);
        }
    }
    out
}

/// An optional text with invisible characters removed, without a warning (for labels that
/// are checked where they are defined).
pub(crate) fn clean_text(value: &Option<Spanned<String>>) -> Option<String> {
    value.as_ref().map(|v| clean_prose(&v.value))
}

/// Whether cleaning `text` removes more than the carriage returns of Windows line ends (which
/// are normalised without a word).
fn hides_something(text: &str) -> bool {
    text.replace("\r\n", "").chars().any(is_removed_from_prose)
}

/// Vendor extensions with invisible characters removed from every string (they pass through
/// to the manifests as they are, Windows line ends included: they hide nothing).
pub(crate) fn clean_extensions(
    extensions: &indexmap::IndexMap<String, Value>,
) -> indexmap::IndexMap<String, Value> {
    extensions
        .iter()
        .map(|(key, value)| {
            let mut value = value.clone();
            clean_kept_value(&mut value);
            (clean_prose(key), value)
        })
        .collect()
}

/// `text` without the characters prose may not carry, but a carriage return before a new line
/// stays.
fn clean_kept(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if !is_removed_from_prose(c) || (c == '\r' && chars.peek() == Some(&'\n')) {
            out.push(c);
        }
    }
    out
}

/// [`clean_value`] for values kept as written: Windows line ends stay.
fn clean_kept_value(value: &mut Value) {
    let mut stack = vec![value];
    while let Some(value) = stack.pop() {
        match value {
            Value::String(text) if text.chars().any(is_removed_from_prose) => {
                *text = clean_kept(text);
            }
            Value::Array(items) => stack.extend(items.iter_mut()),
            Value::Object(map) => {
                let bad: Vec<String> = map
                    .keys()
                    .filter(|k| k.chars().any(is_removed_from_prose))
                    .cloned()
                    .collect();
                for key in bad {
                    if let Some(item) = map.shift_remove(&key) {
                        map.insert(clean_prose(&key), item);
                    }
                }
                stack.extend(map.values_mut());
            }
            _ => {}
        }
    }
}

/// How a character is named in a message: `U+202E`.
fn code_point(c: char) -> String {
    format!("U+{:04X}", c as u32)
}

/// Removes invisible characters from every string inside a JSON value (examples, defaults,
/// vendor extensions) and says whether any besides Windows line ends were there.
pub fn clean_value(value: &mut Value) -> bool {
    let mut changed = false;
    let mut stack = vec![value];
    while let Some(value) = stack.pop() {
        match value {
            Value::String(text) if text.chars().any(is_removed_from_prose) => {
                changed |= hides_something(text);
                *text = clean_prose(text);
            }
            Value::Array(items) => stack.extend(items.iter_mut()),
            Value::Object(map) => {
                let bad: Vec<String> = map
                    .keys()
                    .filter(|k| k.chars().any(is_removed_from_prose))
                    .cloned()
                    .collect();
                for key in bad {
                    if let Some(item) = map.shift_remove(&key) {
                        map.insert(clean_prose(&key), item);
                        changed = true;
                    }
                }
                stack.extend(map.values_mut());
            }
            _ => {}
        }
    }
    changed
}

impl Checker<'_> {
    /// Reports control characters in a one-line field (`what` names it: "title", "summary").
    /// Returns whether the text is clean.
    pub(crate) fn check_line(&mut self, text: &Spanned<String>, what: impl Display) -> bool {
        let Some(bad) = text.value.chars().find(|c| is_forbidden_in_line(*c)) else {
            return true;
        };
        let shown = match bad {
            '\n' => "a line break".to_owned(),
            '\0' => "a NUL character".to_owned(),
            c if is_bidi_control(c) => format!("the bidirectional control {}", code_point(c)),
            c => format!("the control character {}", code_point(c)),
        };
        self.error(
            Code::ControlCharacter,
            text.span,
            format!("the {what} contains {shown}"),
        )
        .help = Some(format!(
            "a {what} is one line of visible text; remove control characters (in YAML they come \
             from escapes such as `\\n`, `\\e` or `\\u202E`)"
        ));
        false
    }

    /// A description or other prose, with invisible characters removed (and warned about).
    pub(crate) fn prose(&mut self, text: &Option<Spanned<String>>) -> Option<String> {
        let text = text.as_ref()?;
        if !text.value.chars().any(is_removed_from_prose) {
            return Some(text.value.clone());
        }
        if hides_something(&text.value) {
            self.warning(
                Code::InvisibleCharacter,
                text.span,
                format!(
                    "this text contains {}, which can hide or reorder what readers see; removed",
                    code_point(
                        text.value
                            .replace("\r\n", "")
                            .chars()
                            .find(|c| is_removed_from_prose(*c))
                            .unwrap_or('\r')
                    )
                ),
            )
            .help = Some("remove it from the spec".into());
        }
        Some(clean_prose(&text.value))
    }

    /// A JSON value (an example, a vendor extension) with invisible characters removed from its
    /// strings, warned about at `span`.
    pub(crate) fn clean_json(&mut self, value: &Value, span: crate::spec::Span) -> Value {
        let mut value = value.clone();
        if clean_value(&mut value) {
            self.warning(
                Code::InvisibleCharacter,
                span,
                "this value contains characters that can hide or reorder what readers see; removed",
            )
            .help = Some("remove control and bidirectional characters from the spec".into());
        }
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_keeps_lines_and_loses_controls() {
        assert_eq!(
            clean_prose("a\r\nb\u{202E}c\u{1b}[31m\td\re"),
            "a\r\nbc[31m\tde"
        );
        assert!(is_forbidden_in_line('\n'));
        assert!(is_forbidden_in_line('\u{85}'));
        assert!(is_forbidden_in_line('\u{2067}'));
        assert!(!is_forbidden_in_line('é'));
        let mut crlf = serde_json::json!("a\r\nb");
        assert!(!clean_value(&mut crlf));
        assert_eq!(crlf, serde_json::json!("a\r\nb"));
        let mut value = serde_json::json!({"x\u{7}": ["\u{202E}ok"], "n": 1});
        assert!(clean_value(&mut value));
        assert_eq!(value, serde_json::json!({"n": 1, "x": ["ok"]}));
    }

    #[test]
    fn kept_values_keep_windows_line_ends_only() {
        let mut value = serde_json::json!({"e": ["a\r\nb\rc\u{202E}d"]});
        clean_kept_value(&mut value);
        assert_eq!(value, serde_json::json!({"e": ["a\r\nbcd"]}));
    }
}
