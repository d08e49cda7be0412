//! Structurally identical types declared once. Large documents repeat the same inline enum or
//! object under many names (a `type` enum in every settings object); each repeat becomes a
//! `type` alias of the first, so every name stays and means the same type.
//!
//! Two types are the same when their declarations, emitted without their own doc comment and
//! with their own name replaced by one placeholder, are the same tokens: same fields or
//! variants, same wire names, docs, derives and boxing.

use crate::fast_hash::Map as HashMap;

use proc_macro2::{Group, Ident, Span, TokenStream, TokenTree};
use quote::quote;

use super::inventory::Decl;
use super::{enums, structs, Ctx};

/// The declared types that are aliases of an earlier one.
#[derive(Default)]
pub(crate) struct Shared {
    /// Rust name of a repeat → Rust name of the first type of its shape.
    alias_of: HashMap<String, String>,
}

impl Shared {
    /// The repeats among the connector's types (`decls`, its
    /// [`inventory`](super::inventory::inventory)), in first-use order.
    pub(crate) fn of<'a>(ctx: &Ctx, decls: &'a [Decl<'a>]) -> Shared {
        // Only types with the same fields or variants (names, wire names, docs, flags) can be
        // the same: emit those. A group's order is its types' first-use order.
        let mut candidates: HashMap<Candidate, Vec<&Decl>> = HashMap::default();
        for decl in decls {
            let key = match decl {
                Decl::Struct(object, _) => Candidate::Struct(
                    object
                        .fields
                        .iter()
                        .map(|f| FieldKey {
                            rust_name: &f.rust_name,
                            wire_name: &f.wire_name,
                            summary: f.summary.as_deref(),
                            description: f.description.as_deref(),
                            flags: (f.required, f.nullable, f.secret),
                        })
                        .collect(),
                ),
                Decl::Enum(enum_type, _) => Candidate::Enum(format!(
                    "{:?}",
                    enum_type
                        .values
                        .iter()
                        .map(|v| (&v.rust_name, &v.value, &v.label))
                        .collect::<Vec<_>>()
                )),
                Decl::Alias(_) => continue,
            };
            candidates.entry(key).or_default().push(decl);
        }
        let mut alias_of = HashMap::default();
        for group in candidates.values().filter(|group| group.len() > 1) {
            let mut first_of_shape: HashMap<String, &str> = HashMap::default();
            for decl in group {
                let (name, shape) = shape(ctx, decl);
                match first_of_shape.get(&shape) {
                    Some(first) => {
                        alias_of.insert(name.to_owned(), (*first).to_owned());
                    }
                    None => {
                        first_of_shape.insert(shape, name);
                    }
                }
            }
        }
        Shared { alias_of }
    }

    /// The type `name` is an alias of, when it repeats an earlier type.
    pub(crate) fn alias_of(&self, name: &str) -> Option<&str> {
        self.alias_of.get(name).map(String::as_str)
    }
}

/// What two types must share to be candidates for the same shape: a struct's fields, or an
/// enum's values (written out, since JSON values do not hash).
#[derive(PartialEq, Eq, Hash)]
enum Candidate<'a> {
    Struct(Vec<FieldKey<'a>>),
    Enum(String),
}

/// What a field contributes to its struct's shape besides its type.
#[derive(PartialEq, Eq, Hash)]
struct FieldKey<'a> {
    rust_name: &'a str,
    wire_name: &'a str,
    summary: Option<&'a str>,
    description: Option<&'a str>,
    flags: (bool, bool, bool),
}

/// A struct's or enum's name and its shape: its declaration without its doc, its own name
/// replaced, as text.
fn shape<'a>(ctx: &Ctx, decl: &'a Decl) -> (&'a str, String) {
    let placeholder = quote!(#[doc = ""]);
    let (name, tokens) = match decl {
        Decl::Struct(object, _) => (
            object.rust_name.as_str(),
            structs::emit_struct(ctx, object, &placeholder),
        ),
        Decl::Enum(enum_type, _) => (
            enum_type.rust_name.as_str(),
            enums::emit_enum(ctx, enum_type, &placeholder),
        ),
        Decl::Alias(named) => (named.rust_name.as_str(), TokenStream::new()),
    };
    (name, renamed(tokens, name).to_string())
}

/// `tokens` with the identifier `name` replaced by a placeholder, groups included.
fn renamed(tokens: TokenStream, name: &str) -> TokenStream {
    tokens
        .into_iter()
        .map(|tree| match tree {
            TokenTree::Ident(ident) if ident == name => {
                TokenTree::Ident(Ident::new("__Self", Span::call_site()))
            }
            TokenTree::Group(group) => {
                let delimiter = group.delimiter();
                // Dropped first, so that the stream's tokens are moved rather than copied.
                let stream = group.stream();
                drop(group);
                TokenTree::Group(Group::new(delimiter, renamed(stream, name)))
            }
            other => other,
        })
        .collect()
}
