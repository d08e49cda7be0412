//! Text a YAML reader would take for a number or a date: such strings must be quoted.
//!
//! `yaml_12` selects YAML 1.2's narrower number syntax; otherwise YAML 1.1's wider one (base-60
//! numbers, `_` anywhere in digits, `0b`/`0o`/`0x` with loose digits) counts too.

/// Whether `s` reads as a number (integer, float, `.inf`, `.nan`, radix or base-60 forms).
pub(super) fn looks_numeric(s: &str, yaml_12: bool) -> bool {
    if !matches!(
        s.as_bytes().first(),
        Some(b'0'..=b'9' | b'+' | b'-' | b'.' | b'_')
    ) {
        return false;
    }
    let bare = strip_sign(s);
    if bare.eq_ignore_ascii_case(".inf") || bare.eq_ignore_ascii_case(".nan") {
        return true;
    }
    if !yaml_12 {
        if base_60(s) {
            return true;
        }
        if let Some((radix, digits)) = radix_prefix(bare) {
            if digits_of(digits, radix, false) {
                return true;
            }
        }
    }
    let joined;
    let s = if !yaml_12 && s.contains('_') {
        joined = s.replace('_', "");
        joined.as_str()
    } else {
        s
    };
    let bare = strip_sign(s);
    if let Some((radix, digits)) = radix_prefix(bare) {
        let digits = if !yaml_12 && (s.starts_with("0b") || s.starts_with("0o")) {
            strip_sign(digits)
        } else {
            digits
        };
        return digits_of(digits, radix, true);
    }
    let mantissa = match bare.split_once(['e', 'E']) {
        Some((mantissa, exponent)) => {
            if !digits_of(strip_sign(exponent), 10, true) {
                return false;
            }
            mantissa
        }
        None => bare,
    };
    match mantissa.split_once('.') {
        None => digits_of(mantissa, 10, true),
        Some((whole, fraction)) => {
            if !whole.is_empty() && !digits_of(whole, 10, true) {
                false
            } else if !yaml_12 {
                fraction.bytes().all(|b| b.is_ascii_digit() || b == b'.')
            } else if fraction.is_empty() {
                !whole.is_empty()
            } else {
                digits_of(fraction, 10, true)
            }
        }
    }
}

fn strip_sign(s: &str) -> &str {
    s.strip_prefix(['+', '-']).unwrap_or(s)
}

fn radix_prefix(s: &str) -> Option<(u32, &str)> {
    match s.as_bytes() {
        [b'0', b'b' | b'B', ..] => Some((2, &s[2..])),
        [b'0', b'o' | b'O', ..] => Some((8, &s[2..])),
        [b'0', b'x' | b'X', ..] => Some((16, &s[2..])),
        _ => None,
    }
}

/// A non-empty run of digits of `radix`; `_` allowed anywhere unless `strict`, where it must
/// stand between two digits.
fn digits_of(s: &str, radix: u32, strict: bool) -> bool {
    let digit = |b: u8| b.is_ascii() && char::from(b).is_digit(radix);
    let bytes = s.as_bytes();
    !bytes.is_empty()
        && bytes.iter().enumerate().all(|(i, &b)| {
            digit(b)
                || (b == b'_'
                    && (!strict
                        || (i > 0
                            && digit(bytes[i - 1])
                            && bytes.get(i + 1).is_some_and(|&n| digit(n)))))
        })
}

/// YAML 1.1's base-60 numbers: `1:30`, `-1:30:00.5`.
fn base_60(s: &str) -> bool {
    let bare = strip_sign(s);
    let (whole, fraction) = match bare.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (bare, None),
    };
    let Some((head, rest)) = whole.split_once(':') else {
        return false;
    };
    let Some(&lead) = head.as_bytes().first() else {
        return false;
    };
    if !lead.is_ascii_digit()
        || (fraction.is_none() && lead == b'0')
        || !head.bytes().all(|b| b.is_ascii_digit() || b == b'_')
    {
        return false;
    }
    let sixties = rest.split(':').all(|part| match part.as_bytes() {
        [one] => one.is_ascii_digit(),
        [tens, ones] => matches!(tens, b'0'..=b'5') && ones.is_ascii_digit(),
        _ => false,
    });
    sixties && fraction.is_none_or(|f| f.bytes().all(|b| b.is_ascii_digit() || b == b'_'))
}

/// YAML 1.1's timestamps: `2024-01-01`, `2024-1-1T10:00:00.5Z`, `2024-01-01 10:00:00 +01:00`.
pub(super) fn looks_like_timestamp(s: &str) -> bool {
    let mut rest = s;
    if !(take_digits(&mut rest, 4, 4)
        && take(&mut rest, '-')
        && take_digits(&mut rest, 1, 2)
        && take(&mut rest, '-')
        && take_digits(&mut rest, 1, 2))
    {
        return false;
    }
    if rest.is_empty() {
        return true;
    }
    if let Some(after) = rest.strip_prefix(['T', 't']) {
        rest = after;
    } else {
        let after = rest.trim_start_matches([' ', '\t']);
        if after.len() == rest.len() {
            return false;
        }
        rest = after;
    }
    if !(take_digits(&mut rest, 1, 2)
        && take(&mut rest, ':')
        && take_digits(&mut rest, 1, 2)
        && take(&mut rest, ':')
        && take_digits(&mut rest, 1, 2))
    {
        return false;
    }
    if take(&mut rest, '.') || take(&mut rest, ',') {
        take_digits(&mut rest, 0, usize::MAX);
    }
    rest = rest.trim_start_matches([' ', '\t']);
    if rest.is_empty() || rest == "Z" {
        return true;
    }
    if !(take(&mut rest, '+') || take(&mut rest, '-')) || !take_digits(&mut rest, 1, 2) {
        return false;
    }
    if take(&mut rest, ':') && !take_digits(&mut rest, 2, 2) {
        return false;
    }
    rest.is_empty()
}

fn take_digits(s: &mut &str, min: usize, max: usize) -> bool {
    let len = s.bytes().take_while(u8::is_ascii_digit).count();
    if !(min..=max).contains(&len) {
        return false;
    }
    *s = &s[len..];
    true
}

fn take(s: &mut &str, ch: char) -> bool {
    match s.strip_prefix(ch) {
        Some(rest) => {
            *s = rest;
            true
        }
        None => false,
    }
}
