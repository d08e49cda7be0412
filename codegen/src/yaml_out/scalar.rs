//! Strings written as YAML scalars: plain, quoted, or as a literal (`|`) or folded (`>`) block.

use std::fmt::Write;

use super::fold::write_folded;
use super::plain::{needs_escape, plain_ok, Place};
use crate::spaces::push_spaces;

/// Longest single line written as one plain scalar; longer plain-safe text is folded (`>-`).
const FOLD_WIDTH: usize = 80;

/// Writes `s` as a value in block layout, then a line break. A block scalar's lines are
/// indented to `body_column`.
pub(super) fn block_value(out: &mut String, s: &str, body_column: usize) {
    if s.contains('\n') {
        if block_safe(s) {
            literal(out, s, body_column);
            return;
        }
    } else if s.len() > FOLD_WIDTH {
        let probe = s.trim_end_matches(' ');
        if !probe.is_empty() && plain_ok(probe, Place::Block) && s.chars().count() > FOLD_WIDTH {
            if block_safe(s) {
                folded(out, s, body_column);
            } else {
                quoted(out, s);
                out.push('\n');
            }
            return;
        }
    }
    inline(out, s, Place::Block);
    out.push('\n');
}

/// Writes `s` on the current line: plain where it reads back as itself, else quoted.
pub(super) fn inline(out: &mut String, s: &str, place: Place) {
    if place != Place::Key && matches!(s, "." | "#" | "-") {
        out.push('\'');
        out.push_str(s);
        out.push('\'');
    } else if plain_ok(s, place) {
        out.push_str(s);
    } else {
        quoted(out, s);
    }
}

/// Whether every character may stand in a block scalar as it is.
fn block_safe(s: &str) -> bool {
    s.chars().all(|ch| match ch {
        '\n' | '\t' => true,
        '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{FEFF}' => false,
        c => matches!(
            c as u32,
            0x20..=0x7E | 0xA0..=0xD7FF | 0xE000..=0xFFFD | 0x1_0000..=0x10_FFFF
        ),
    })
}

/// The indentation indicator a block scalar needs: `2` when its first non-empty line starts
/// with a space (a reader could not tell the indentation otherwise).
fn indicator(content: &str) -> Option<char> {
    let first = content.split('\n').find(|line| !line.is_empty())?;
    first.starts_with(' ').then_some('2')
}

fn literal(out: &mut String, s: &str, body_column: usize) {
    let content = s.trim_end_matches('\n');
    let trailing = s.len() - content.len();
    out.push('|');
    if let Some(digit) = indicator(content) {
        out.push(digit);
    }
    match trailing {
        0 => out.push('-'),
        1 if !content.is_empty() => {}
        _ => out.push('+'),
    }
    out.push('\n');
    if content.is_empty() {
        for _ in 0..trailing {
            out.push('\n');
        }
        return;
    }
    for line in content.split('\n') {
        if !line.is_empty() {
            push_spaces(out, body_column);
            out.push_str(line);
        }
        out.push('\n');
    }
    for _ in 1..trailing {
        out.push('\n');
    }
}

fn folded(out: &mut String, s: &str, body_column: usize) {
    let content = s.trim_end_matches('\n');
    out.push('>');
    if let Some(digit) = indicator(content) {
        out.push(digit);
    }
    match s.len() - content.len() {
        0 => out.push('-'),
        1 => {}
        _ => out.push('+'),
    }
    out.push('\n');
    write_folded(out, s, body_column, FOLD_WIDTH);
}

/// Writes `s` double-quoted, escaping what YAML requires.
pub(super) fn quoted(out: &mut String, s: &str) {
    out.push('"');
    let mut start = 0;
    for (at, ch) in s.char_indices() {
        let escape = match ch {
            '\\' => "\\\\",
            '"' => "\\\"",
            '\0' => "\\0",
            '\u{7}' => "\\a",
            '\u{8}' => "\\b",
            '\t' => "\\t",
            '\n' => "\\n",
            '\u{b}' => "\\v",
            '\u{c}' => "\\f",
            '\r' => "\\r",
            '\u{1b}' => "\\e",
            '\u{FEFF}' => "\\uFEFF",
            '\u{85}' => "\\N",
            '\u{2028}' => "\\L",
            '\u{2029}' => "\\P",
            c if needs_escape(c) => "",
            _ => continue,
        };
        out.push_str(&s[start..at]);
        start = at + ch.len_utf8();
        if escape.is_empty() {
            let code = ch as u32;
            if code <= 0xFF {
                let _ = write!(out, "\\x{code:02X}");
            } else {
                let _ = write!(out, "\\u{code:04X}");
            }
        } else {
            out.push_str(escape);
        }
    }
    out.push_str(&s[start..]);
    out.push('"');
}
