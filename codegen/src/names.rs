//! Turns spec names (anything a web API uses: `webinarKey`, `Content-Type`, `@odata.type`, `2fa`,
//! `type`, `prénom`) into Rust identifiers that are valid, warning-free and unique in their scope.

use std::collections::BTreeMap;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Words Rust reserves; a name equal to one gets a trailing underscore.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop",
    "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return", "self",
    "Self", "static", "struct", "super", "trait", "true", "try", "type", "typeof", "union",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield", "abstract", "become",
];

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

fn finish(mut ident: String, fallback: &str) -> String {
    if ident.is_empty() {
        ident = fallback.to_owned();
    }
    if ident.starts_with(|c: char| c.is_ascii_digit()) {
        // `n_2fa` for snake case; `N2fa` for types, where an underscore would break camel case.
        ident.insert_str(0, if fallback == "value" { "n_" } else { "N" });
    }
    if KEYWORDS.contains(&ident.as_str()) {
        ident.push('_');
    }
    ident
}

/// A field, parameter, method or module name: `snake_case`.
pub fn snake_ident(name: &str) -> String {
    let snake = ascii_words(name).to_snake_case();
    finish(snake, "value")
}

/// A type or variant name: `UpperCamelCase`.
pub fn pascal_ident(name: &str) -> String {
    let pascal = ascii_words(name).to_upper_camel_case();
    finish(pascal, "Value")
}

/// Hands out unique identifiers within one scope (the fields of a struct, the types of a module).
#[derive(Debug, Default)]
pub struct Scope {
    taken: BTreeMap<String, usize>,
}

impl Scope {
    /// A new, empty scope.
    pub fn new() -> Self {
        Scope::default()
    }

    /// Reserves `ident` as is, or `ident2`, `ident3`, … when it is taken; says whether it had to
    /// rename.
    pub fn claim(&mut self, ident: String) -> (String, bool) {
        if !self.taken.contains_key(&ident) {
            self.taken.insert(ident.clone(), 1);
            return (ident, false);
        }
        let separator = if ident.ends_with(|c: char| c.is_ascii_digit()) {
            "_"
        } else {
            ""
        };
        let mut n = self.taken[&ident] + 1;
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
