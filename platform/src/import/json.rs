//! Lenient reading of the JSON (and YAML) documents real publishers ship: a UTF-8 byte-order
//! mark, Latin-1 bytes, `//` and `/* */` comments and trailing commas are repaired, each repair
//! reported as a warning.

use std::borrow::Cow;

use serde_json::Value;

use super::Warnings;

/// Decodes bytes as UTF-8, falling back to Latin-1 for invalid sequences, without a BOM.
/// UTF-8 text is borrowed, not copied: a large document is not held twice.
pub fn decode<'b>(bytes: &'b [u8], warnings: &mut Warnings) -> Cow<'b, str> {
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => {
            warnings.push("", "the document starts with a UTF-8 byte-order mark");
            rest
        }
        None => bytes,
    };
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => {
            warnings.push("", "the document is not UTF-8; read as Latin-1");
            Cow::Owned(bytes.iter().map(|&b| b as char).collect())
        }
    }
}

/// JSON text that could not be read, even after the repairs.
#[derive(Debug, thiserror::Error)]
pub enum NotJson {
    /// Not JSON, and no repair applied.
    #[error("not JSON: {0}")]
    Invalid(#[source] serde_json::Error),
    /// Still not JSON after `repairs` repairs.
    #[error("not JSON: {strict} (after {repairs} repairs: {last})")]
    AfterRepairs {
        /// What the strict reader said of the text as written.
        strict: serde_json::Error,
        /// How many repairs were made.
        repairs: usize,
        /// What the reader said of the repaired text.
        #[source]
        last: serde_json::Error,
    },
}

impl NotJson {
    /// Whether the reader stopped at its nesting limit (its errors have no kind for it, only
    /// the text).
    pub fn too_deep(&self) -> bool {
        let deep = |e: &serde_json::Error| e.to_string().contains("recursion limit exceeded");
        match self {
            NotJson::Invalid(strict) => deep(strict),
            NotJson::AfterRepairs { strict, last, .. } => deep(strict) || deep(last),
        }
    }
}

/// Parses JSON text, repairing comments and trailing commas when strict parsing fails. A large
/// document's path items are read on two threads ([`super::json_halves`]).
pub fn parse_json(text: &str, warnings: &mut Warnings) -> Result<Value, NotJson> {
    parse_json_scanned(text, warnings).map(|(value, _)| value)
}

/// [`parse_json`], with what the parse met on the way ([`super::json_scan`]).
pub(crate) fn parse_json_scanned(
    text: &str,
    warnings: &mut Warnings,
) -> Result<(Value, super::json_scan::Scan), NotJson> {
    match super::json_halves::parse_strict(text) {
        Ok(parsed) => Ok(parsed),
        Err(strict) => {
            let mut repaired = repair(text);
            let mut fixes = Vec::new();
            for _ in 0..64 {
                match super::json_scan::from_str(&repaired) {
                    Ok(parsed) => {
                        warnings.push(
                            "",
                            format!("the document is not strict JSON ({strict}); comments, trailing commas and odd white space were removed"),
                        );
                        for fix in fixes {
                            warnings.push("", fix);
                        }
                        return Ok(parsed);
                    }
                    Err(error) => match close_bracket(&repaired, &error) {
                        Some((fixed, fix)) => {
                            repaired = fixed;
                            fixes.push(fix);
                        }
                        None if fixes.is_empty() => break,
                        None => {
                            return Err(NotJson::AfterRepairs {
                                strict,
                                repairs: fixes.len(),
                                last: error,
                            })
                        }
                    },
                }
            }
            Err(NotJson::Invalid(strict))
        }
    }
}

/// Inserts a closing bracket that the text forgot, where the parser noticed: `expected , or ]`
/// before a `}` (or the reverse), or a `{` where a key was due after a trailing comma.
fn close_bracket(text: &str, error: &serde_json::Error) -> Option<(String, String)> {
    let message = error.to_string();
    let offset = offset_of(text, error.line(), error.column())?;
    let rest = text.get(offset.saturating_sub(1)..)?;
    let at = offset.saturating_sub(1) + rest.find(|c: char| !c.is_whitespace())?;
    let next = text[at..].chars().next()?;
    // The character may take several bytes: slice after all of them.
    let past = at + next.len_utf8();
    let after_next = text[past..].trim_start().chars().next();
    if message.starts_with("expected `,` or `]`") && next == '}' && after_next == Some(']') {
        // A stray `}` inside a list, right before its end.
        let fixed = format!("{}{}", &text[..at], &text[past..]);
        return Some((
            fixed,
            format!("a stray `}}` at line {} was removed", error.line()),
        ));
    }
    let expects_comma =
        message.starts_with("expected `,` or `]`") || message.starts_with("expected `,` or `}`");
    if expects_comma && matches!(next, '"' | '{' | '[') {
        let fixed = format!(
            "{},{}",
            text[..at].trim_end(),
            &text[text[..at].trim_end().len()..]
        );
        return Some((
            fixed,
            format!("a `,` was missing before line {}; inserted", error.line()),
        ));
    }
    let insert = if message.starts_with("expected `,` or `]`") && next == '}' {
        "]"
    } else if message.starts_with("expected `,` or `}`") && (next == ']' || next == '}') {
        "}"
    } else if message.starts_with("key must be a string") && next == '{' {
        // `…, {` inside an object: the previous object was not closed.
        let before = text[..at].trim_end();
        let comma = before.strip_suffix(',')?;
        let fixed = format!("{comma}}},{}", &text[before.len()..]);
        return Some((
            fixed,
            format!("a `}}` was missing before line {}; inserted", error.line()),
        ));
    } else {
        return None;
    };
    let fixed = format!("{}{insert}{}", &text[..at], &text[at..]);
    Some((
        fixed,
        format!(
            "a `{insert}` was missing at line {}; inserted",
            error.line()
        ),
    ))
}

/// The byte offset of a 1-based line and column.
fn offset_of(text: &str, line: usize, column: usize) -> Option<usize> {
    let mut offset = 0;
    for (index, l) in text.split_inclusive('\n').enumerate() {
        if index + 1 == line {
            let col = l
                .char_indices()
                .nth(column.saturating_sub(1))
                .map(|(i, _)| i)
                .unwrap_or(l.len());
            return Some(offset + col);
        }
        offset += l.len();
    }
    None
}

/// Removes comments outside strings and commas before a closing bracket.
fn repair(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    let mut in_string = false;
    while i < chars.len() {
        let c = chars[i];
        if in_string {
            out.push(c);
            if c == '\\' && i + 1 < chars.len() {
                out.push(chars[i + 1]);
                i += 2;
                continue;
            }
            if c == '"' {
                in_string = false;
            }
            i += 1;
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
                i += 1;
            }
            '/' if chars.get(i + 1) == Some(&'/') => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            '/' if chars.get(i + 1) == Some(&'*') => {
                i += 2;
                while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                    i += 1;
                }
                i += 2;
            }
            ',' => {
                let next = chars[i + 1..].iter().find(|c| !c.is_whitespace());
                if !matches!(next, Some('}') | Some(']')) {
                    out.push(c);
                }
                i += 1;
            }
            c if c.is_whitespace() && !c.is_ascii() => {
                out.push(' ');
                i += 1;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repairs_comments_and_commas() {
        let mut w = Warnings::default();
        let v = parse_json(
            "{ // note\n \"a\": [1, 2,], /* x */ \"b\": \"//\", }",
            &mut w,
        )
        .unwrap();
        assert_eq!(v, serde_json::json!({"a": [1, 2], "b": "//"}));
        assert_eq!(w.items.len(), 1);
        assert_eq!(decode(b"\xEF\xBB\xBF{}", &mut w), "{}");
        let v = parse_json("{\"a\": {\"b\": [1, 2\n  },\n \"c\": 3}", &mut w).unwrap();
        assert_eq!(v, serde_json::json!({"a": {"b": [1, 2]}, "c": 3}));
        let v = parse_json("{\"p\": [{\"x\": 1,\n {\"y\": 2}]}", &mut w).unwrap();
        assert_eq!(v, serde_json::json!({"p": [{"x": 1}, {"y": 2}]}));
    }

    #[test]
    fn a_repair_next_to_a_multibyte_character_is_no_panic() {
        // Found by the `import_powerplatform` fuzz target: the character where serde_json
        // stopped was `ò`, and the text after it was sliced one byte in.
        let mut w = Warnings::default();
        for text in ["{\"a\": 1 ò}", "[1 ò]", "{\"a\": [1 ò}]}", "{\"a\": 1 ò ]}"] {
            assert!(parse_json(text, &mut w).is_err(), "{text}");
        }
    }
}
