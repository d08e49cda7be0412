//! Turns spec names (anything a web API uses: `webinarKey`, `Content-Type`, `@odata.type`, `2fa`,
//! `type`, `prénom`) into Rust identifiers that are valid, warning-free and unique in their scope.

use std::borrow::Cow;
use std::collections::hash_map::Entry;

use crate::fast_hash::Map as HashMap;

/// Whether Rust reserves `word`; a name equal to one gets a trailing underscore. (A `match`
/// compiles to a switch on the length; a list would be compared word by word for every name.)
fn is_keyword(word: &str) -> bool {
    matches!(
        word,
        "as" | "async"
            | "await"
            | "box"
            | "break"
            | "const"
            | "continue"
            | "crate"
            | "do"
            | "dyn"
            | "else"
            | "enum"
            | "extern"
            | "false"
            | "final"
            | "fn"
            | "for"
            | "gen"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "macro"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "override"
            | "priv"
            | "pub"
            | "ref"
            | "return"
            | "self"
            | "Self"
            | "static"
            | "struct"
            | "super"
            | "trait"
            | "true"
            | "try"
            | "type"
            | "typeof"
            | "union"
            | "unsafe"
            | "unsized"
            | "use"
            | "virtual"
            | "where"
            | "while"
            | "yield"
            | "abstract"
            | "become"
    )
}

/// Replaces everything that is not ASCII alphanumeric by a separator, spelling non-ASCII letters
/// as `uXXXX` so that distinct names stay distinct.
fn ascii_words(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for ch in name.chars() {
        if ch.is_ascii_alphanumeric() {
            out.push(ch);
        } else if ch.is_alphanumeric() {
            out.push_str(&format!(" u{:04x} ", ch as u32));
        } else {
            out.push(' ');
        }
    }
    out
}

/// The case of the last cased letter since the start of a word (heck's word modes).
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Boundary,
    Lower,
    Upper,
}

/// Splits ASCII text into words at every character other than a letter or digit and at case
/// changes, exactly as heck 0.5 does, and hands each word to `word` with
/// whether it is the first one. heck writes every character through the formatting machinery;
/// on ASCII text the same split is a byte scan.
fn ascii_split(text: &str, mut word: impl FnMut(&[u8], bool)) {
    let mut first = true;
    for w in text.as_bytes().split(|b| !b.is_ascii_alphanumeric()) {
        let mut init = 0;
        let mut mode = Mode::Boundary;
        for i in 0..w.len() {
            let c = w[i];
            let Some(&next) = w.get(i + 1) else {
                word(&w[init..], first);
                first = false;
                break;
            };
            let next_mode = if c.is_ascii_lowercase() {
                Mode::Lower
            } else if c.is_ascii_uppercase() {
                Mode::Upper
            } else {
                mode
            };
            if next_mode == Mode::Lower && next.is_ascii_uppercase() {
                word(&w[init..=i], first);
                first = false;
                init = i + 1;
                mode = Mode::Boundary;
            } else if mode == Mode::Upper && c.is_ascii_uppercase() && next.is_ascii_lowercase() {
                word(&w[init..i], first);
                first = false;
                init = i;
                mode = Mode::Boundary;
            } else {
                mode = next_mode;
            }
        }
    }
}

/// `snake_case` of ASCII text (heck's `to_snake_case`).
fn ascii_snake(text: &str) -> String {
    if is_snake_already(text.as_bytes()) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 4);
    ascii_split(text, |word, first| {
        if !first {
            out.push('_');
        }
        out.extend(word.iter().map(|b| char::from(b.to_ascii_lowercase())));
    });
    out
}

/// `UpperCamelCase` of ASCII text (heck's `to_upper_camel_case`).
fn ascii_pascal(text: &str) -> String {
    if is_pascal_already(text.as_bytes()) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    ascii_split(text, |word, _| {
        if let Some((head, tail)) = word.split_first() {
            out.push(char::from(head.to_ascii_uppercase()));
            out.extend(tail.iter().map(|b| char::from(b.to_ascii_lowercase())));
        }
    });
    out
}

/// Whether [`ascii_snake`] gives `text` back as it is: lower-case letters and digits in words
/// joined by single underscores. Most field and parameter names are written so.
fn is_snake_already(text: &[u8]) -> bool {
    !text.is_empty()
        && text[0] != b'_'
        && text[text.len() - 1] != b'_'
        && text
            .iter()
            .all(|&b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        && !text.windows(2).any(|pair| pair == b"__")
}

/// Whether [`ascii_pascal`] gives `text` back as it is: letters and digits only, starting with
/// an upper-case letter, and every later upper-case letter coming after a lower-case one (digits
/// between them aside), so that each starts a word of its own and no word has two capitals.
fn is_pascal_already(text: &[u8]) -> bool {
    let Some(first) = text.first() else {
        return false;
    };
    if !first.is_ascii_uppercase() {
        return false;
    }
    // The case of the last letter seen: a capital must follow a lower-case letter.
    let mut after_lower = false;
    for &b in &text[1..] {
        if b.is_ascii_lowercase() {
            after_lower = true;
        } else if b.is_ascii_uppercase() {
            if !after_lower {
                return false;
            }
            after_lower = false;
        } else if !b.is_ascii_digit() {
            return false;
        }
    }
    true
}

fn finish(mut ident: String, fallback: &str) -> String {
    if ident.is_empty() {
        ident = fallback.to_owned();
    }
    if ident.starts_with(|c: char| c.is_ascii_digit()) {
        // `n_2fa` for snake case; `N2fa` for types, where an underscore would break camel case.
        ident.insert_str(0, if fallback == "value" { "n_" } else { "N" });
    }
    if is_keyword(&ident) {
        ident.push('_');
    }
    ident
}

/// `name` with its non-ASCII letters spelled as words ([`ascii_words`]); an ASCII name as it
/// is, since the word split treats every other character as a separator.
fn words(name: &str) -> Cow<'_, str> {
    if name.is_ascii() {
        Cow::Borrowed(name)
    } else {
        Cow::Owned(ascii_words(name))
    }
}

/// A field, parameter, method or module name: `snake_case`.
pub fn snake_ident(name: &str) -> String {
    finish(ascii_snake(&words(name)), "value")
}

/// A type or variant name: `UpperCamelCase`.
pub fn pascal_ident(name: &str) -> String {
    finish(ascii_pascal(&words(name)), "Value")
}

/// Hands out unique identifiers within one scope (the fields of a struct, the types of a module).
/// A hash map: the module-wide scopes hold every type and method name of a large API.
#[derive(Debug, Default, Clone)]
pub struct Scope {
    taken: HashMap<String, usize>,
}

impl Scope {
    /// A new, empty scope.
    pub fn new() -> Self {
        Scope::default()
    }

    /// Reserves `ident` as is, or `ident2`, `ident3`, … when it is taken; says whether it had to
    /// rename.
    pub fn claim(&mut self, ident: String) -> (String, bool) {
        let (ident, mut n) = match self.taken.entry(ident) {
            Entry::Vacant(free) => {
                let ident = free.key().clone();
                free.insert(1);
                return (ident, false);
            }
            Entry::Occupied(taken) => (taken.key().clone(), *taken.get() + 1),
        };
        let separator = if ident.ends_with(|c: char| c.is_ascii_digit()) {
            "_"
        } else {
            ""
        };
        loop {
            let candidate = format!("{ident}{separator}{n}");
            if !self.taken.contains_key(&candidate) {
                self.taken.insert(ident, n);
                self.taken.insert(candidate.clone(), 1);
                return (candidate, true);
            }
            n += 1;
        }
    }

    /// Whether `ident` is taken.
    pub fn contains(&self, ident: &str) -> bool {
        self.taken.contains_key(ident)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitises_hostile_names() {
        assert_eq!(snake_ident("webinarKey"), "webinar_key");
        assert_eq!(snake_ident("type"), "type_");
        assert_eq!(snake_ident("self"), "self_");
        assert_eq!(snake_ident("become"), "become_");
        assert_eq!(snake_ident("as"), "as_");
        assert_eq!(snake_ident("types"), "types");
        assert_eq!(snake_ident("2fa"), "n_2fa");
        assert_eq!(snake_ident("Content-Type"), "content_type");
        assert_eq!(snake_ident("@odata.nextLink"), "odata_next_link");
        assert_eq!(snake_ident("*/"), "value");
        assert_eq!(snake_ident("prénom"), "pr_u00e9_nom");
        assert_eq!(pascal_ident("meeting type"), "MeetingType");
        assert_eq!(pascal_ident("Self"), "Self_");
        assert_eq!(pascal_ident("1st"), "N1st");
        assert_eq!(pascal_ident("210"), "N210");
    }

    /// The byte scan splits words exactly as heck does, on names that exercise every rule
    /// (acronyms, digits, separators, non-ASCII letters, empty parts).
    #[test]
    fn case_conversion_matches_heck() {
        use heck::{ToSnakeCase, ToUpperCamelCase};
        let mut names: Vec<String> = [
            "webinarKey",
            "HTMLParser",
            "XMLHttpRequest",
            "getHTTPResponseCode",
            "ABC",
            "A",
            "a",
            "aB",
            "Ab",
            "AB",
            "ABc",
            "aBC",
            "a1B",
            "A1b",
            "1A",
            "1a",
            "v2Beta",
            "ID",
            "userID",
            "userIDs",
            "IPv6Address",
            "__x__",
            "x--y",
            "  ",
            "",
            "prénom",
            "ÉCOLE",
            "naïveÅB",
            "odata.nextLink",
            "@odata.type",
            "2FA",
            "snake_case_already",
            "SCREAMING_SNAKE",
            "kebab-case-name",
            "Mixed_Case-and.dots",
            "a_B_c",
            "ÀÉ",
            "x\u{1F600}y",
            "AbCdEf",
            "ABCdefGHI",
            "lower99Upper",
            "99",
            "Σ",
            "zΣ",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // Every string of up to five characters over a small alphabet of each class.
        let alphabet = ['a', 'B', 'c', 'D', '7', '_', '-', ' ', 'é'];
        let mut frontier = vec![String::new()];
        for _ in 0..5 {
            let mut next = Vec::new();
            for prefix in &frontier {
                for c in alphabet {
                    next.push(format!("{prefix}{c}"));
                }
            }
            names.extend(next.iter().cloned());
            frontier = next;
        }
        for name in &names {
            let spelled = ascii_words(name);
            assert_eq!(
                ascii_snake(&words(name)),
                spelled.to_snake_case(),
                "snake case of {name:?}"
            );
            assert_eq!(
                ascii_pascal(&words(name)),
                spelled.to_upper_camel_case(),
                "camel case of {name:?}"
            );
        }
    }

    #[test]
    fn scope_renames_collisions_deterministically() {
        let mut scope = Scope::new();
        assert_eq!(scope.claim("name".into()), ("name".into(), false));
        assert_eq!(scope.claim("name".into()), ("name2".into(), true));
        assert_eq!(scope.claim("name".into()), ("name3".into(), true));
        assert_eq!(scope.claim("v1".into()), ("v1".into(), false));
        assert_eq!(scope.claim("v1".into()), ("v1_2".into(), true));
    }
}
