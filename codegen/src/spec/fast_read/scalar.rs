//! Scalars of the fast reader: what a plain scalar resolves to, and the text of quoted and block
//! scalars. Every rule here mirrors serde-saphyr's reading with its default options; anything
//! it cannot tell for certain is [`Unsupported`], and the file goes to serde-saphyr.

use std::borrow::Cow;

use super::Unsupported;

/// What a plain scalar means where the target takes any value (`serde_json::Value`, shorthands).
#[derive(Debug, PartialEq)]
pub(super) enum Resolved<'a> {
    Null,
    Bool(bool),
    Unsigned(u64),
    Signed(i64),
    Float(f64),
    Text(&'a str),
}

/// Whether a plain scalar reads as null (YAML 1.2 core, as serde-saphyr reads it).
pub(super) fn is_null(text: &str) -> bool {
    matches!(text, "" | "~" | "null" | "Null" | "NULL")
}

/// A YAML 1.1 boolean: `y`, `yes`, `true`, `on` and their negatives, in any case.
pub(super) fn yaml11_bool(text: &str) -> Option<bool> {
    const TRUE: [&str; 4] = ["true", "yes", "y", "on"];
    const FALSE: [&str; 4] = ["false", "no", "n", "off"];
    if text.len() > 5 {
        return None;
    }
    if TRUE.iter().any(|word| text.eq_ignore_ascii_case(word)) {
        Some(true)
    } else if FALSE.iter().any(|word| text.eq_ignore_ascii_case(word)) {
        Some(false)
    } else {
        None
    }
}

/// A plain scalar's meaning in an untyped place: null, a boolean, a decimal number or text.
/// Other numeric spellings (signs, radixes, underscores, leading zeros, `.inf`, overflowing
/// values) are left to serde-saphyr.
pub(super) fn resolve_plain(text: &str) -> Result<Resolved<'_>, Unsupported> {
    if is_null(text) {
        return Ok(Resolved::Null);
    }
    if let Some(value) = yaml11_bool(text) {
        return Ok(Resolved::Bool(value));
    }
    match text.as_bytes().first() {
        Some(b'0'..=b'9' | b'-' | b'+' | b'.') => {}
        _ => return Ok(Resolved::Text(text)),
    }
    if integer_shape(text) {
        if let Some(value) = unsigned(text) {
            return Ok(Resolved::Unsigned(value));
        }
        let value = text
            .strip_prefix('-')
            .and_then(unsigned)
            .ok_or(Unsupported)?;
        return 0i64
            .checked_sub_unsigned(value)
            .map(Resolved::Signed)
            .ok_or(Unsupported);
    }
    if float_shape(text) {
        return decimal_float(text).map(Resolved::Float).ok_or(Unsupported);
    }
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    if unsigned.eq_ignore_ascii_case(".inf") || unsigned.eq_ignore_ascii_case(".nan") {
        return Err(Unsupported);
    }
    Ok(Resolved::Text(text))
}

/// Whether serde-saphyr's integer parse could read `text`: a sign, then decimal digits, or
/// `0x`, `0o` or `0b` and digits, with underscores (a loose test: `false` is certain).
fn integer_shape(text: &str) -> bool {
    let rest = text.strip_prefix(['+', '-']).unwrap_or(text).as_bytes();
    let prefixed = rest.len() > 1 && rest[0] == b'0' && b"xXoObB".contains(&rest[1]);
    if prefixed {
        let radix = match rest[1] {
            b'x' | b'X' => 16,
            b'o' | b'O' => 8,
            _ => 2,
        };
        let digits = &rest[2..];
        digits.iter().any(|&b| (b as char).is_digit(radix))
            && digits
                .iter()
                .all(|&b| b == b'_' || (b as char).is_digit(radix))
    } else {
        rest.iter().any(u8::is_ascii_digit) && rest.iter().all(|b| b.is_ascii_digit() || *b == b'_')
    }
}

/// Whether Rust's float parse reads `text` as a number: a sign, digits with at most one point
/// and at least one digit, then maybe `e`, a sign and digits.
fn float_shape(text: &str) -> bool {
    let rest = text.strip_prefix(['+', '-']).unwrap_or(text);
    let (mantissa, exponent) = match rest.find(['e', 'E']) {
        Some(at) => (&rest[..at], Some(&rest[at + 1..])),
        None => (rest, None),
    };
    let digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['+', '-']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    let mantissa_ok = match mantissa.split_once('.') {
        Some((whole, fraction)) => {
            digits(whole) && digits(fraction) && whole.len() + fraction.len() > 0
        }
        None => !mantissa.is_empty() && digits(mantissa),
    };
    mantissa_ok && exponent_ok
}

/// Decimal digits without a redundant leading zero, as `u64`.
pub(super) fn unsigned(text: &str) -> Option<u64> {
    let bytes = text.as_bytes();
    if bytes.is_empty() || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    if bytes.len() > 1 && bytes[0] == b'0' {
        return None;
    }
    text.parse().ok()
}

/// A float Rust's parse reads, without a leading `+`, finite: what serde-saphyr reads it as.
pub(super) fn decimal_float(text: &str) -> Option<f64> {
    if !float_shape(text) || text.starts_with('+') {
        return None;
    }
    text.parse::<f64>().ok().filter(|value| value.is_finite())
}

/// The text of a double-quoted scalar on one line; `body` is what stands between the quotes.
pub(super) fn double_quoted(body: &str) -> Result<Cow<'_, str>, Unsupported> {
    if !body.contains('\\') {
        return Ok(Cow::Borrowed(body));
    }
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars();
    while let Some(ch) = chars.next() {
        if ch != '\\' {
            out.push(ch);
            continue;
        }
        let escaped = match chars.next().ok_or(Unsupported)? {
            '0' => '\0',
            'a' => '\u{7}',
            'b' => '\u{8}',
            't' | '\t' => '\t',
            'n' => '\n',
            'v' => '\u{b}',
            'f' => '\u{c}',
            'r' => '\r',
            'e' => '\u{1b}',
            ' ' => ' ',
            '"' => '"',
            '/' => '/',
            '\\' => '\\',
            'N' => '\u{85}',
            '_' => '\u{a0}',
            'L' => '\u{2028}',
            'P' => '\u{2029}',
            'x' => hex_char(&mut chars, 2)?,
            'u' => hex_char(&mut chars, 4)?,
            'U' => hex_char(&mut chars, 8)?,
            _ => return Err(Unsupported),
        };
        out.push(escaped);
    }
    Ok(Cow::Owned(out))
}

fn hex_char(chars: &mut std::str::Chars<'_>, digits: usize) -> Result<char, Unsupported> {
    let mut code = 0u32;
    for _ in 0..digits {
        let digit = chars
            .next()
            .and_then(|c| c.to_digit(16))
            .ok_or(Unsupported)?;
        code = code * 16 + digit;
    }
    char::from_u32(code).ok_or(Unsupported)
}

/// The text of a single-quoted scalar on one line (`''` is one quote).
pub(super) fn single_quoted(body: &str) -> Cow<'_, str> {
    if body.contains("''") {
        Cow::Owned(body.replace("''", "'"))
    } else {
        Cow::Borrowed(body)
    }
}

/// How a block scalar's final line breaks are kept.
#[derive(Clone, Copy, PartialEq, Debug)]
pub(super) enum Chomp {
    /// `-`: none.
    Strip,
    /// The default: one.
    Clip,
    /// `+`: all.
    Keep,
}

/// The text of a block scalar from its lines with the indentation removed: `lines` runs from
/// the first line with content to the last, empty lines included; `trailing` counts the empty
/// lines after the last.
pub(super) fn block_text(lines: &[&str], trailing: usize, folded: bool, chomp: Chomp) -> String {
    let mut out = String::with_capacity(lines.iter().map(|l| l.len() + 1).sum());
    if folded {
        let mut breaks = 0;
        for (i, line) in lines.iter().enumerate() {
            if line.is_empty() {
                breaks += 1;
                continue;
            }
            if i > 0 {
                if breaks == 0 {
                    out.push(' ');
                }
                for _ in 0..breaks {
                    out.push('\n');
                }
            }
            breaks = 0;
            out.push_str(line);
        }
    } else {
        for (i, line) in lines.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(line);
        }
    }
    match chomp {
        Chomp::Strip => {}
        Chomp::Clip => out.push('\n'),
        Chomp::Keep => {
            for _ in 0..=trailing {
                out.push('\n');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_scalars_resolve_as_yaml_1_1_reads_them_or_are_left_alone() {
        assert_eq!(resolve_plain("~"), Ok(Resolved::Null));
        assert_eq!(resolve_plain("N"), Ok(Resolved::Bool(false)));
        assert_eq!(resolve_plain("On"), Ok(Resolved::Bool(true)));
        assert_eq!(resolve_plain("12"), Ok(Resolved::Unsigned(12)));
        assert_eq!(resolve_plain("-3"), Ok(Resolved::Signed(-3)));
        assert_eq!(resolve_plain("1.5"), Ok(Resolved::Float(1.5)));
        assert_eq!(resolve_plain("nan"), Ok(Resolved::Text("nan")));
        assert_eq!(resolve_plain("/items"), Ok(Resolved::Text("/items")));
        assert_eq!(resolve_plain("1 when"), Ok(Resolved::Text("1 when")));
        assert_eq!(resolve_plain("-x"), Ok(Resolved::Text("-x")));
        assert_eq!(resolve_plain("1.0.0"), Ok(Resolved::Text("1.0.0")));
        assert_eq!(resolve_plain("0xZ"), Ok(Resolved::Text("0xZ")));
        assert_eq!(resolve_plain("0off"), Ok(Resolved::Text("0off")));
        assert_eq!(resolve_plain("0b"), Ok(Resolved::Text("0b")));
        assert_eq!(resolve_plain("0-"), Ok(Resolved::Text("0-")));
        assert_eq!(resolve_plain("-"), Ok(Resolved::Text("-")));
        assert_eq!(resolve_plain("--.5"), Ok(Resolved::Text("--.5")));
        assert_eq!(resolve_plain("-inf"), Ok(Resolved::Text("-inf")));
        assert_eq!(resolve_plain("-nan"), Ok(Resolved::Text("-nan")));
        assert_eq!(resolve_plain("1e3."), Ok(Resolved::Text("1e3.")));
        assert_eq!(resolve_plain(".5"), Ok(Resolved::Float(0.5)));
        assert_eq!(resolve_plain("1e3"), Ok(Resolved::Float(1000.0)));
        assert_eq!(resolve_plain("-2.5E-3"), Ok(Resolved::Float(-0.0025)));
        assert_eq!(resolve_plain("1."), Ok(Resolved::Float(1.0)));
        for unsure in [
            "007",
            "0x1F",
            "1e999",
            ".inf",
            "-.Inf",
            ".NaN",
            "+1",
            "1_000",
            "+.5",
            "99999999999999999999",
        ] {
            assert_eq!(resolve_plain(unsure), Err(Unsupported), "{unsure}");
        }
    }

    #[test]
    fn quoted_and_block_texts() {
        assert_eq!(double_quoted(r"a\u00e9\n\x41\\").unwrap(), "aé\nA\\");
        assert_eq!(double_quoted(r"bad\q"), Err(Unsupported));
        assert_eq!(single_quoted("it''s"), "it's");
        let lines = ["one", "two", "", "three"];
        assert_eq!(block_text(&lines, 1, true, Chomp::Clip), "one two\nthree\n");
        assert_eq!(
            block_text(&lines, 1, false, Chomp::Keep),
            "one\ntwo\n\nthree\n\n"
        );
        assert_eq!(
            block_text(&lines, 0, false, Chomp::Strip),
            "one\ntwo\n\nthree"
        );
    }
}
