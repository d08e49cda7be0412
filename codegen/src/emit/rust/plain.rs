//! Plain declarations printed straight to text, without the `syn` round trip: most of a large
//! module is structs and aliases, and parsing their tokens into `syn` only to print them again
//! is most of what emitting them costs.
//!
//! Only a small grammar is handled: outer attributes (`#[doc = "…"]`, and a path with a
//! parenthesised list of words, literals, `=` and `,`), `pub struct Name { … }` with named `pub`
//! fields, and `pub type Name = Type;`, where a type is a path with angle-bracketed arguments.
//! The text is what prettyplease prints for the same tokens, shortened as
//! [`Shortening::apply`] would shorten them, when no line needs breaking.
//! Anything else, or any line longer than [`WIDTH`], gives `None`, and the caller formats the
//! tokens with `syn` and prettyplease as before. `codegen/tests/rust_parallel_emit.rs` compares
//! the result with the module formatted in one pass.

use std::fmt::Write as _;

use proc_macro2::{Delimiter, Punct, Spacing, TokenStream, TokenTree};

use super::short::Shortening;

/// The longest line written here: prettyplease's margin. It breaks a line inside a box only
/// when the line's text (indentation included, counted in bytes) is longer than that; a doc
/// line is one word to it and is never broken.
pub(super) const WIDTH: usize = 89;

/// The room an item's text starts with.
const ITEM_BYTES: usize = 1024;

/// The items of `tokens`, with their paths shortened by `short`, as prettyplease prints them
/// indented by `indent` spaces, or `None` when they are not all plain declarations that fit on
/// their lines. Paths are shortened only in types and attribute arguments: no shortened path
/// can start anywhere else in this grammar.
pub(crate) fn items(tokens: TokenStream, indent: usize, short: &Shortening) -> Option<String> {
    let mut trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out = Out::new(indent, short);
    let mut rest = &mut trees[..];
    while !rest.is_empty() {
        rest = out.attrs(rest)?;
        rest = out.item(rest)?;
    }
    Some(out.text)
}

/// The stream of the group at `slot`, taken out of it so that it is the stream's only owner:
/// reading a stream that a live group still shares copies every token of it. Anything else
/// gives an empty stream. The slot is left holding a placeholder, never to be read again.
pub(super) fn take_stream(slot: &mut TokenTree) -> TokenStream {
    let placeholder = TokenTree::Punct(Punct::new('.', Spacing::Alone));
    match std::mem::replace(slot, placeholder) {
        TokenTree::Group(group) => group.stream(),
        other => {
            *slot = other;
            TokenStream::new()
        }
    }
}

/// The text written so far, the current indentation and the paths to shorten.
pub(super) struct Out<'s> {
    pub(super) text: String,
    pub(super) indent: usize,
    pub(super) short: &'s Shortening,
}

impl<'s> Out<'s> {
    /// Nothing written yet, at `indent`.
    pub(super) fn new(indent: usize, short: &'s Shortening) -> Out<'s> {
        Out {
            // Room for a typical item (a struct of a few fields with their docs, a method), so
            // that writing it does not grow the text line by line.
            text: String::with_capacity(ITEM_BYTES),
            indent,
            short,
        }
    }

    /// Writes one line; a line that could be broken must fit in [`WIDTH`].
    pub(super) fn line(&mut self, content: &str, breakable: bool) -> Option<()> {
        if breakable && self.indent + content.len() > WIDTH {
            return None;
        }
        crate::spaces::push_spaces(&mut self.text, self.indent);
        self.text.push_str(content);
        self.text.push('\n');
        Some(())
    }

    /// Writes one line made of `parts`, as [`Out::line`] writes their concatenation.
    pub(super) fn line_of(&mut self, parts: &[&str], breakable: bool) -> Option<()> {
        let len: usize = parts.iter().map(|part| part.len()).sum();
        if breakable && self.indent + len > WIDTH {
            return None;
        }
        crate::spaces::push_spaces(&mut self.text, self.indent);
        for part in parts {
            self.text.push_str(part);
        }
        self.text.push('\n');
        Some(())
    }

    /// Writes one line from format arguments, as [`Out::line`] does, without a string of its
    /// own first. On `None` the text holds part of the line: the caller drops it.
    pub(super) fn line_fmt(&mut self, content: std::fmt::Arguments, breakable: bool) -> Option<()> {
        let start = self.text.len();
        crate::spaces::push_spaces(&mut self.text, self.indent);
        self.text.write_fmt(content).ok()?;
        if breakable && self.text.len() - start > WIDTH {
            return None;
        }
        self.text.push('\n');
        Some(())
    }

    /// Writes the outer attributes that start `rest` and returns what follows them.
    pub(super) fn attrs<'a>(
        &mut self,
        mut rest: &'a mut [TokenTree],
    ) -> Option<&'a mut [TokenTree]> {
        while matches!(&*rest, [TokenTree::Punct(hash), TokenTree::Group(attr), ..]
                if hash.as_char() == '#' && attr.delimiter() == Delimiter::Bracket)
        {
            let (head, tail) = std::mem::take(&mut rest).split_at_mut(2);
            self.attr(take_stream(&mut head[1]))?;
            rest = tail;
        }
        Some(rest)
    }

    /// One attribute: a doc line as `///…`, a list as `#[path(…)]`.
    fn attr(&mut self, stream: TokenStream) -> Option<()> {
        let mut trees: Vec<TokenTree> = stream.into_iter().collect();
        match trees.as_slice() {
            [TokenTree::Ident(path), TokenTree::Punct(eq), TokenTree::Literal(lit)]
                if *path == "doc" && eq.as_char() == '=' =>
            {
                let doc = doc_value(lit)?;
                // prettyplease writes other docs as block comments or attributes.
                if doc.contains('\n') || doc.starts_with('/') {
                    return None;
                }
                // A doc line is one word to prettyplease: it is never broken.
                self.line(&format!("///{}", doc.trim_end_matches(' ')), false)
            }
            [TokenTree::Ident(path), TokenTree::Group(args)]
                if args.delimiter() == Delimiter::Parenthesis =>
            {
                let mut text = format!("#[{path}(");
                words(&mut text, take_stream(&mut trees[1]), self.short)?;
                text.push_str(")]");
                self.line(&text, true)
            }
            _ => None,
        }
    }

    /// A struct or alias declaration starting `rest`; returns what follows it.
    fn item<'a>(&mut self, rest: &'a mut [TokenTree]) -> Option<&'a mut [TokenTree]> {
        use TokenTree::{Group, Ident, Punct};
        if matches!(&*rest, [Ident(vis), Ident(kw), Ident(_), Group(body), ..]
            if *vis == "pub" && *kw == "struct" && body.delimiter() == Delimiter::Brace)
        {
            let (head, tail) = rest.split_at_mut(4);
            let name = &head[2].to_string();
            let fields = take_stream(&mut head[3]);
            if fields.is_empty() {
                self.line(&format!("pub struct {name} {{}}"), true)?;
            } else {
                self.line(&format!("pub struct {name} {{"), true)?;
                self.indent += 4;
                self.fields(fields)?;
                self.indent -= 4;
                self.line("}", true)?;
            }
            return Some(tail);
        }
        match rest {
            [Ident(vis), Ident(kw), Ident(name), Punct(eq), tail @ ..]
                if *vis == "pub" && *kw == "type" && eq.as_char() == '=' =>
            {
                let end = tail.iter().position(|t| is_punct(t, ';'))?;
                let ty = type_text(&tail[..end], self.short)?;
                self.line(&format!("pub type {name} = {ty};"), true)?;
                Some(&mut tail[end + 1..])
            }
            _ => None,
        }
    }

    /// Named `pub` fields, each ending in a comma.
    fn fields(&mut self, stream: TokenStream) -> Option<()> {
        let mut trees: Vec<TokenTree> = stream.into_iter().collect();
        let mut rest = &mut trees[..];
        while !rest.is_empty() {
            rest = self.attrs(rest)?;
            let [TokenTree::Ident(vis), TokenTree::Ident(name), TokenTree::Punct(colon), tail @ ..] =
                rest
            else {
                return None;
            };
            if *vis != "pub" || colon.as_char() != ':' {
                return None;
            }
            let end = field_end(tail)?;
            let ty = type_text(&tail[..end], self.short)?;
            self.line(&format!("pub {name}: {ty},"), true)?;
            rest = &mut tail[end + 1..];
        }
        Some(())
    }
}

/// The text of a doc literal: the inside of its quotes when nothing in it is escaped (most
/// docs), else what `syn` reads; `None` for a literal that is no string.
fn doc_value(lit: &proc_macro2::Literal) -> Option<String> {
    let token = lit.to_string();
    if let Some(inner) = token.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
        if !inner.contains('\\') {
            return Some(inner.to_owned());
        }
    }
    match syn::Lit::new(lit.clone()) {
        syn::Lit::Str(doc) => Some(doc.value()),
        _ => None,
    }
}

/// The index of the comma that ends a field's type (outside its angle brackets).
fn field_end(trees: &[TokenTree]) -> Option<usize> {
    let mut depth = 0usize;
    for (i, tree) in trees.iter().enumerate() {
        if let TokenTree::Punct(p) = tree {
            match p.as_char() {
                '<' => depth += 1,
                '>' => depth = depth.checked_sub(1)?,
                ',' if depth == 0 => return Some(i),
                _ => {}
            }
        }
    }
    None
}

/// A type that is a path with angle-bracketed arguments, as prettyplease writes it on one line
/// (`::std::collections::BTreeMap<String, Vec<i64>>`).
fn type_text(trees: &[TokenTree], short: &Shortening) -> Option<String> {
    let mut text = String::new();
    let mut after_ident = false;
    let mut i = 0;
    while i < trees.len() {
        let tree = &trees[i];
        i += 1;
        if let Some((len, name)) = short.matching(&trees[i - 1..]) {
            // A shortened path right after a word is no type this writes.
            if after_ident {
                return None;
            }
            text.push_str(name);
            after_ident = true;
            i += len - 1;
            continue;
        }
        match tree {
            TokenTree::Ident(ident) if !after_ident => {
                write!(text, "{ident}").ok()?;
                after_ident = true;
                continue;
            }
            TokenTree::Punct(p) => match p.as_char() {
                c @ (':' | '<' | '>') => text.push(c),
                // A trailing comma is written only when the arguments are broken.
                ',' if is_punct_at(trees, i, '>') => return None,
                ',' => text.push_str(", "),
                _ => return None,
            },
            _ => return None,
        }
        after_ident = false;
    }
    (!text.is_empty()).then_some(text)
}

/// The inside of an attribute's parentheses as prettyplease writes it on one line: a space
/// between two words, around `=` and after `,`; nested parentheses kept.
fn words(text: &mut String, stream: TokenStream, short: &Shortening) -> Option<()> {
    let mut after_word = false;
    let mut trees: Vec<TokenTree> = stream.into_iter().collect();
    let mut i = 0;
    while i < trees.len() {
        if is_group(&trees[i], Delimiter::Parenthesis) {
            text.push('(');
            words(text, take_stream(&mut trees[i]), short)?;
            text.push(')');
            after_word = false;
            i += 1;
            continue;
        }
        let tree = &trees[i];
        i += 1;
        if let Some((len, name)) = short.matching(&trees[i - 1..]) {
            if after_word {
                text.push(' ');
            }
            text.push_str(name);
            after_word = true;
            i += len - 1;
            continue;
        }
        match tree {
            TokenTree::Ident(_) | TokenTree::Literal(_) => {
                if after_word {
                    text.push(' ');
                }
                write!(text, "{tree}").ok()?;
                after_word = true;
            }
            TokenTree::Punct(p) => {
                let c = p.as_char();
                // A trailing comma is written only when the list is broken.
                if c == ',' && i == trees.len() {
                    return None;
                }
                match c {
                    '=' if after_word => text.push_str(" = "),
                    '=' | ',' => {
                        text.push(c);
                        text.push(' ');
                    }
                    _ => text.push(c),
                }
                after_word = false;
            }
            TokenTree::Group(_) => return None,
        }
    }
    Some(())
}

/// Whether the token at `index` of `trees` is the punctuation `c`.
fn is_punct_at(trees: &[TokenTree], index: usize, c: char) -> bool {
    trees.get(index).is_some_and(|tree| is_punct(tree, c))
}

pub(super) fn is_group(tree: &TokenTree, delimiter: Delimiter) -> bool {
    matches!(tree, TokenTree::Group(g) if g.delimiter() == delimiter)
}

pub(super) fn is_punct(tree: &TokenTree, c: char) -> bool {
    matches!(tree, TokenTree::Punct(p) if p.as_char() == c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::{format_ident, quote};
    use std::collections::BTreeSet;

    /// The shortening of a module whose types take no prelude name.
    fn short() -> Shortening {
        Shortening::new(&BTreeSet::<&str>::new(), &quote!(::connectors::runtime))
    }

    /// The items, shortened, as prettyplease prints them inside a module (indented by 4).
    fn pretty(tokens: &TokenStream) -> String {
        let tokens = short().apply(tokens.clone());
        let file: syn::File = syn::parse2(quote!(mod m { #tokens })).unwrap();
        let text = prettyplease::unparse(&file);
        let inner = text
            .strip_prefix("mod m {\n")
            .and_then(|t| t.strip_suffix("}\n"));
        inner.unwrap().to_owned()
    }

    /// Checks every case against prettyplease: the text, when written, is the same, and the
    /// cases reach the margin (a case with a line of exactly [`WIDTH`] written, one refused).
    fn same_as_prettyplease(cases: impl Iterator<Item = TokenStream>) {
        let (mut at_margin, mut refused) = (false, false);
        for tokens in cases {
            let expected = pretty(&tokens);
            match items(tokens, 4, &short()) {
                Some(text) => {
                    assert_eq!(text, expected);
                    at_margin |= text.lines().any(|l| l.len() == WIDTH);
                }
                None => refused = true,
            }
        }
        assert!(at_margin, "no case wrote a line of the margin's width");
        assert!(refused, "no case was too long");
    }

    #[test]
    fn attribute_lines_up_to_the_margin() {
        same_as_prettyplease((0..80).map(|n| {
            let wire = "w".repeat(n);
            let derive = format_ident!("D{}", "d".repeat(n));
            quote! {
                #[doc = " A doc with `ticks`, \"quotes\", ünïcode and trailing spaces  "]
                #[doc = ""]
                #[derive(Debug, ::std::clone::Clone, PartialEq, Default, Eq, Hash, #derive)]
                #[serde(crate = "::connectors::runtime::serde")]
                pub struct S {
                    #[serde(rename = #wire, default, skip_serializing_if = "Option::is_none")]
                    pub r#type: Option<i64>,
                }
            }
        }));
    }

    #[test]
    fn field_and_alias_lines_up_to_the_margin() {
        same_as_prettyplease((0..80).map(|n| {
            let field = format_ident!("f{}", "x".repeat(n));
            let alias = format_ident!("A{}", "y".repeat(n));
            quote! {
                pub struct S {
                    pub #field: ::std::collections::BTreeMap<
                        ::std::string::String,
                        Vec<::std::option::Option<::connectors::runtime::File>>
                    >,
                }
                pub struct Empty {}
                pub type #alias = ::std::vec::Vec<::std::collections::BTreeMap<String, i64>>;
            }
        }));
    }

    #[test]
    fn other_items_are_left_to_syn() {
        // Written as text: rustfmt would drop the trailing commas of token macros.
        let cases = [
            "pub enum E { A }",
            "pub struct S(i64);",
            "pub struct S { pub f: &'static str, }",
            "pub struct S { f: i64, }",
            "#[doc = \"/ starts with a slash\"] pub struct S {}",
            "#[serde(default,)] pub struct S {}",
            "pub struct S { pub f: Vec<i64,>, }",
            "pub type T = fn(i64) -> i64;",
        ];
        for case in cases {
            let tokens: TokenStream = case.parse().unwrap();
            assert_eq!(items(tokens, 4, &short()), None, "{case}");
        }
    }
}
