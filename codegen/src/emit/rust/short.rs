//! Short paths in the generated module. The emitter writes every path in full
//! (`::std::option::Option`, `::connectors::runtime::Error`), which is safe whatever the spec
//! names its types; this pass then shortens them where that cannot change what they name:
//! - a std item of the prelude (`Option`, `String`, …) becomes its bare name when no type of
//!   the module takes that name;
//! - the runtime path becomes `__rt`, an alias every generated module declares
//!   ([`runtime_alias`]), when no type takes that name.
//!
//! It works on tokens, so text inside literals (serde attributes, docs) is never touched.

use std::borrow::Borrow;
use std::collections::BTreeSet;

use proc_macro2::{Group, Ident, Punct, Spacing, Span, TokenStream, TokenTree};
use quote::quote;

/// The std paths of the prelude the pass shortens, and their bare names.
const STD: [(&str, &str); 7] = [
    ("::std::option::Option", "Option"),
    ("::std::string::String", "String"),
    ("::std::result::Result", "Result"),
    ("::std::vec::Vec", "Vec"),
    ("::std::boxed::Box", "Box"),
    ("::std::clone::Clone", "Clone"),
    ("::std::convert::From", "From"),
];

/// The name of the runtime alias.
const ALIAS: &str = "__rt";

/// One token of a path pattern.
enum Pat {
    Punct(char),
    Ident(String),
}

/// What the pass may shorten in one module.
pub(crate) struct Shortening {
    /// The std paths whose bare names no type takes.
    std: Vec<(Vec<Pat>, &'static str)>,
    /// The runtime path's tokens, when `__rt` is free.
    rt: Option<Vec<Pat>>,
    /// The runtime path as given.
    full: TokenStream,
}

impl Shortening {
    /// The shortening for a module whose own items are named `taken` and whose runtime path
    /// is `rt`.
    pub(crate) fn new<S: Borrow<str> + Ord>(taken: &BTreeSet<S>, rt: &TokenStream) -> Shortening {
        let std = STD
            .iter()
            .filter(|(_, name)| !taken.contains(*name))
            .filter_map(|(path, name)| Some((pattern(&path.parse::<TokenStream>().ok()?), *name)))
            .collect();
        let full = rt.clone();
        let rt = (!taken.contains(ALIAS) && !rt.is_empty()).then(|| pattern(rt));
        Shortening { std, rt, full }
    }

    /// The runtime path the emitter writes: `__rt` when it is shortened (so the pass has
    /// nothing left to shorten there), the full path otherwise.
    pub(crate) fn runtime_path(&self) -> TokenStream {
        if self.uses_alias() {
            TokenTree::Ident(Ident::new(ALIAS, Span::call_site())).into()
        } else {
            self.full.clone()
        }
    }

    /// The text [`Shortening::apply`] leaves of the std prelude path `full`
    /// (`::std::option::Option`): its bare name when shortened, else `full`.
    pub(crate) fn std_text(&self, full: &'static str) -> &'static str {
        STD.iter()
            .find(|(path, _)| *path == full)
            .map(|(_, name)| *name)
            .filter(|name| self.std.iter().any(|(_, short)| short == name))
            .unwrap_or(full)
    }

    /// Whether the runtime path is shortened (so every module needs [`runtime_alias`]).
    pub(crate) fn uses_alias(&self) -> bool {
        self.rt.is_some()
    }

    /// `tokens` with the paths shortened, groups included. Tokens are moved, never cloned:
    /// this pass sees every token of the module.
    pub(crate) fn apply(&self, tokens: TokenStream) -> TokenStream {
        let mut trees: Vec<TokenTree> = tokens.into_iter().collect();
        let mut out = Vec::with_capacity(trees.len());
        let mut i = 0;
        while i < trees.len() {
            if is_ident(&trees[i], "use") && declares_alias(&trees[i..]) {
                while i < trees.len() && !is_punct(&trees[i], ';') {
                    out.push(take(&mut trees[i]));
                    i += 1;
                }
                continue;
            }
            if let Some((len, name)) = self.matching(&trees[i..]) {
                out.push(TokenTree::Ident(Ident::new(name, Span::call_site())));
                i += len;
                continue;
            }
            out.push(match take(&mut trees[i]) {
                TokenTree::Group(group) => TokenTree::Group(self.group(group)),
                other => other,
            });
            i += 1;
        }
        out.into_iter().collect()
    }

    /// `group` with its stream shortened. The group is dropped before its stream is taken
    /// apart, so the stream's tokens are moved rather than copied.
    fn group(&self, group: Group) -> Group {
        let (delimiter, span) = (group.delimiter(), group.span());
        let stream = group.stream();
        drop(group);
        let mut inner = Group::new(delimiter, self.apply(stream));
        inner.set_span(span);
        inner
    }

    /// The length of the path starting `rest` that is shortened, and its short name.
    pub(crate) fn matching(&self, rest: &[TokenTree]) -> Option<(usize, &'static str)> {
        // Every pattern starts with `:` or an identifier: skip other tokens at once.
        if !matches!(rest.first(), Some(TokenTree::Ident(_)))
            && !rest.first().is_some_and(|t| is_punct(t, ':'))
        {
            return None;
        }
        if let Some(rt) = self.rt.as_ref().filter(|rt| starts_with(rest, rt)) {
            return Some((rt.len(), ALIAS));
        }
        self.std
            .iter()
            .find(|(path, _)| starts_with(rest, path))
            .map(|(path, name)| (path.len(), *name))
    }
}

/// `#[allow(unused_imports)] use <rt> as __rt;`: the alias a module declares when the runtime
/// path is shortened (a module may not use it, hence the allow).
pub(crate) fn runtime_alias(shortening: &Shortening) -> TokenStream {
    if !shortening.uses_alias() {
        return TokenStream::new();
    }
    let rt = &shortening.full;
    let alias = Ident::new(ALIAS, Span::call_site());
    quote! {
        #[allow(unused_imports)]
        use #rt as #alias;
    }
}

/// Whether the `use` item starting `rest` declares the alias (`… as __rt;`).
fn declares_alias(rest: &[TokenTree]) -> bool {
    let end = rest
        .iter()
        .position(|t| is_punct(t, ';'))
        .unwrap_or(rest.len());
    rest[..end]
        .windows(2)
        .any(|w| is_ident(&w[0], "as") && is_ident(&w[1], ALIAS))
}

/// Whether `trees` starts with the tokens of `pattern`.
fn starts_with(trees: &[TokenTree], pattern: &[Pat]) -> bool {
    trees.len() >= pattern.len()
        && trees.iter().zip(pattern).all(|(tree, pat)| match pat {
            Pat::Punct(c) => is_punct(tree, *c),
            Pat::Ident(name) => is_ident(tree, name),
        })
}

/// The token at `slot`, leaving a cheap placeholder (a slot is never read again once taken).
fn take(slot: &mut TokenTree) -> TokenTree {
    std::mem::replace(slot, TokenTree::Punct(Punct::new('.', Spacing::Alone)))
}

fn is_punct(tree: &TokenTree, c: char) -> bool {
    matches!(tree, TokenTree::Punct(p) if p.as_char() == c)
}

fn is_ident(tree: &TokenTree, name: &str) -> bool {
    matches!(tree, TokenTree::Ident(ident) if ident == name)
}

/// The tokens of a path as a pattern (`::` is two `:` tokens).
fn pattern(tokens: &TokenStream) -> Vec<Pat> {
    tokens
        .clone()
        .into_iter()
        .map(|tree| match tree {
            TokenTree::Punct(p) => Pat::Punct(p.as_char()),
            other => Pat::Ident(other.to_string()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shortened(taken: &[&str], tokens: TokenStream) -> String {
        let taken: BTreeSet<&str> = taken.iter().copied().collect();
        let rt: TokenStream = "::connectors::runtime".parse().unwrap();
        Shortening::new(&taken, &rt).apply(tokens).to_string()
    }

    #[test]
    fn prelude_and_runtime_paths_are_shortened_inside_groups() {
        let tokens = quote! {
            fn f(x: ::std::option::Option<::std::vec::Vec<u8>>) -> ::std::result::Result<(), ::connectors::runtime::Error> {
                ::std::clone::Clone::clone(&x);
            }
        };
        assert_eq!(
            shortened(&[], tokens),
            quote! {
                fn f(x: Option<Vec<u8>>) -> Result<(), __rt::Error> {
                    Clone::clone(&x);
                }
            }
            .to_string()
        );
    }

    #[test]
    fn a_name_a_type_takes_keeps_its_full_path() {
        let tokens = quote!(::std::clone::Clone::clone(&x); ::std::convert::From::from(y););
        assert_eq!(
            shortened(&["Clone"], tokens),
            quote!(::std::clone::Clone::clone(&x); From::from(y);).to_string()
        );
        let tokens = quote!(::connectors::runtime::Error);
        assert_eq!(
            shortened(&["__rt"], tokens.clone()),
            tokens.to_string(),
            "a type named like the alias keeps the runtime path"
        );
    }

    #[test]
    fn the_alias_declaration_and_literals_are_left_alone() {
        let rt: TokenStream = "::connectors::runtime".parse().unwrap();
        let taken: BTreeSet<&str> = BTreeSet::new();
        let shortening = Shortening::new(&taken, &rt);
        let alias = runtime_alias(&shortening);
        assert_eq!(
            shortening.apply(alias.clone()).to_string(),
            alias.to_string()
        );
        let tokens = quote!(#[serde(skip_serializing_if = "::std::option::Option::is_none")]);
        assert_eq!(
            shortening.apply(tokens.clone()).to_string(),
            tokens.to_string()
        );
    }
}
