//! Functions printed straight to text, without the `syn` round trip, as [`super::plain`] does
//! for structs: the request builders and client methods are the other half of a large module.
//!
//! The grammar is small: outer attributes, `pub` / `pub(super)`, `async`, `fn name(args)`, an
//! optional return type and a body of statements (`let …;`, `expr;`, a tail expression and
//! `if … { … }` without `else`). Expressions are paths, calls, method calls, field accesses,
//! `&`, `?`, `.await` and literals; types are paths with angle-bracketed arguments and `&`.
//! The text is what prettyplease prints for the same tokens, shortened as
//! [`Shortening::apply`] would shorten them: a signature on one line when it fits, else one
//! argument per line; every statement on one line. Anything else (a macro, a closure, a block
//! in an expression, a statement longer than [`WIDTH`]) gives `None`, and the caller formats
//! the tokens with `syn` and prettyplease as before.

use std::fmt::Write as _;

use proc_macro2::{Delimiter, Punct, Spacing, TokenStream, TokenTree};

use super::plain::{is_group, is_punct, take_stream, Out, WIDTH};
use super::short::Shortening;

/// The functions of `tokens`, with their paths shortened by `short`, as prettyplease prints
/// them indented by `indent` spaces, or `None` when they are not all in the grammar above.
pub(crate) fn items(tokens: TokenStream, indent: usize, short: &Shortening) -> Option<String> {
    let mut trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out = Out::new(indent, short);
    let mut rest = &mut trees[..];
    while !rest.is_empty() {
        rest = out.attrs(rest)?;
        rest = function(&mut out, rest)?;
    }
    Some(out.text)
}

/// The function starting `rest`; returns what follows it.
fn function<'a>(out: &mut Out, rest: &'a mut [TokenTree]) -> Option<&'a mut [TokenTree]> {
    let (mut head, mut rest) = visibility(rest)?;
    if matches!(rest.first(), Some(TokenTree::Ident(word)) if word == "async") {
        head.push_str("async ");
        rest = &mut rest[1..];
    }
    if !matches!(&*rest, [TokenTree::Ident(kw), TokenTree::Ident(_), TokenTree::Group(args), ..]
        if *kw == "fn" && args.delimiter() == Delimiter::Parenthesis)
    {
        return None;
    }
    let (head_trees, tail) = rest.split_at_mut(3);
    let name = head_trees[1].to_string();
    let args = arguments(take_stream(&mut head_trees[2]), out.short)?;
    let body_at = tail.iter().position(|t| is_group(t, Delimiter::Brace))?;
    let (ret, tail) = tail.split_at_mut(body_at);
    let ret = return_type(ret, out.short)?;
    let (body, tail) = tail.split_at_mut(1);
    signature(out, &head, &name, &args, &ret)?;
    let mut statements: Vec<TokenTree> = take_stream(&mut body[0]).into_iter().collect();
    block(out, &mut statements)?;
    out.line("}", true)?;
    Some(tail)
}

/// A function's first lines up to its opening brace: `head` (visibility and `async`), `fn`,
/// its name, its arguments on one line when they fit, else one per line, and `ret` (` -> T` or
/// nothing).
pub(super) fn signature(
    out: &mut Out,
    head: &str,
    name: &str,
    args: &[String],
    ret: &str,
) -> Option<()> {
    let args_len = args.iter().map(String::len).sum::<usize>() + 2 * args.len().saturating_sub(1);
    let flat_len = head.len() + "fn ".len() + name.len() + 1 + args_len + 1 + ret.len() + 2;
    if out.indent + flat_len <= WIDTH {
        let mut flat = String::with_capacity(flat_len);
        flat.push_str(head);
        flat.push_str("fn ");
        flat.push_str(name);
        flat.push('(');
        for (i, arg) in args.iter().enumerate() {
            if i > 0 {
                flat.push_str(", ");
            }
            flat.push_str(arg);
        }
        flat.push(')');
        flat.push_str(ret);
        flat.push_str(" {");
        return out.line(&flat, true);
    }
    // With no argument to put on its own line, prettyplease would break elsewhere.
    if args.is_empty() {
        return None;
    }
    out.line_of(&[head, "fn ", name, "("], true)?;
    out.indent += 4;
    for arg in args {
        out.line_of(&[arg, ","], true)?;
    }
    out.indent -= 4;
    out.line_of(&[")", ret, " {"], true)
}

/// `pub `, `pub(super) ` or nothing, and what follows it.
fn visibility(rest: &mut [TokenTree]) -> Option<(String, &mut [TokenTree])> {
    if !matches!(rest.first(), Some(TokenTree::Ident(word)) if word == "pub") {
        return Some((String::new(), rest));
    }
    let rest = &mut rest[1..];
    let TokenTree::Group(scope) = &rest[0] else {
        return Some(("pub ".to_owned(), rest));
    };
    if scope.delimiter() != Delimiter::Parenthesis {
        return Some(("pub ".to_owned(), rest));
    }
    let inner: Vec<TokenTree> = take_stream(&mut rest[0]).into_iter().collect();
    match inner.as_slice() {
        [TokenTree::Ident(word)] if *word == "super" || *word == "crate" => {
            Some((format!("pub({word}) "), &mut rest[1..]))
        }
        _ => None,
    }
}

/// ` -> Type`, or nothing when there is no return type.
fn return_type(trees: &mut [TokenTree], short: &Shortening) -> Option<String> {
    match trees {
        [] => Some(String::new()),
        [TokenTree::Punct(dash), TokenTree::Punct(gt), ty @ ..]
            if dash.as_char() == '-'
                && dash.spacing() == Spacing::Joint
                && gt.as_char() == '>'
                && !ty.is_empty() =>
        {
            let mut text = String::from(" -> ");
            Flat { short, ty: true }.write(&mut text, ty)?;
            Some(text)
        }
        _ => None,
    }
}

/// Each argument as one line of text (without its comma).
fn arguments(stream: TokenStream, short: &Shortening) -> Option<Vec<String>> {
    let mut trees: Vec<TokenTree> = stream.into_iter().collect();
    if trees.is_empty() {
        return Some(Vec::new());
    }
    let mut ends = Vec::new();
    let mut depth = 0usize;
    for (i, tree) in trees.iter().enumerate() {
        let TokenTree::Punct(p) = tree else {
            continue;
        };
        match p.as_char() {
            '<' => depth += 1,
            '>' => depth = depth.checked_sub(1)?,
            // `->` in an argument (a function type) is no type written here.
            '-' => return None,
            ',' if depth == 0 => ends.push(i),
            _ => {}
        }
    }
    // A trailing comma is dropped on one line and written again on broken ones.
    if ends.last().is_none_or(|&last| last + 1 < trees.len()) {
        ends.push(trees.len());
    }
    let mut args = Vec::with_capacity(ends.len());
    let mut start = 0;
    for end in ends {
        let arg = &mut trees[start..end];
        if arg.is_empty() {
            return None;
        }
        let mut text = String::new();
        Flat { short, ty: true }.write(&mut text, arg)?;
        args.push(text);
        start = end + 1;
    }
    Some(args)
}

/// Statements, one per line, at the current indentation plus 4.
fn block(out: &mut Out, trees: &mut [TokenTree]) -> Option<()> {
    // An empty block is printed `{}` on the line that opens it.
    if trees.is_empty() {
        return None;
    }
    out.indent += 4;
    let mut rest = trees;
    while !rest.is_empty() {
        rest = statement(out, rest)?;
    }
    out.indent -= 4;
    Some(())
}

/// The statement starting `rest`; returns what follows it.
fn statement<'a>(out: &mut Out, rest: &'a mut [TokenTree]) -> Option<&'a mut [TokenTree]> {
    let expr = Flat {
        short: out.short,
        ty: false,
    };
    if matches!(rest.first(), Some(TokenTree::Ident(word)) if word == "if") {
        let open = rest.iter().position(|t| is_group(t, Delimiter::Brace))?;
        let (cond, tail) = rest.split_at_mut(open);
        let mut text = String::from("if ");
        expr.write(&mut text, &mut cond[1..])?;
        text.push_str(" {");
        out.line(&text, true)?;
        let (body, tail) = tail.split_at_mut(1);
        let mut inner: Vec<TokenTree> = take_stream(&mut body[0]).into_iter().collect();
        block(out, &mut inner)?;
        out.line("}", true)?;
        // `else` and a `;` after the block are printed otherwise.
        let followed = matches!(tail.first(), Some(TokenTree::Ident(word)) if word == "else")
            || tail.first().is_some_and(|t| is_punct(t, ';'));
        return (!followed).then_some(tail);
    }
    let end = rest.iter().position(|t| is_punct(t, ';'));
    let (stmt, tail) = rest.split_at_mut(end.unwrap_or(rest.len()));
    if stmt.is_empty() {
        return None;
    }
    let mut text = String::new();
    expr.write(&mut text, stmt)?;
    if end.is_some() {
        text.push(';');
        return out.line(&text, true).map(|()| &mut tail[1..]);
    }
    out.line(&text, true).map(|()| tail)
}

/// What the last token written was, for the spacing of the next one.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Prev {
    /// Nothing, or a token after which no space is written (`(`, `::`, `&`, `.`, `, `).
    Open,
    /// An identifier or literal: a word after it is spaced.
    Word,
    /// A keyword: a word after it is spaced, a parenthesis is refused.
    Keyword,
    /// `)`, `>` or `?`: the end of a value or type.
    Close,
}

/// Tokens written on one line as prettyplease writes them when nothing needs breaking.
#[derive(Clone, Copy)]
struct Flat<'s> {
    short: &'s Shortening,
    /// Whether the tokens are a type (every `<` opens arguments), not an expression.
    ty: bool,
}

impl Flat<'_> {
    fn write(&self, text: &mut String, trees: &mut [TokenTree]) -> Option<()> {
        let mut prev = Prev::Open;
        let mut angle = 0usize;
        let mut i = 0;
        while i < trees.len() {
            if let Some((len, name)) = self.short.matching(&trees[i..]) {
                prev = word(text, prev, name)?;
                i += len;
                continue;
            }
            if is_group(&trees[i], Delimiter::Parenthesis) {
                if prev == Prev::Keyword {
                    return None;
                }
                let mut inner: Vec<TokenTree> = take_stream(&mut trees[i]).into_iter().collect();
                text.push('(');
                Flat { ty: false, ..*self }.write(text, &mut inner)?;
                text.push(')');
                prev = Prev::Close;
                i += 1;
                continue;
            }
            let tree = &trees[i];
            i += 1;
            match tree {
                TokenTree::Ident(ident) => prev = word(text, prev, ident)?,
                TokenTree::Literal(lit) => {
                    let start = text.len() + usize::from(prev != Prev::Open);
                    word(text, prev, lit)?;
                    // A negative number is an operator and a literal to syn.
                    if text[start..].starts_with('-') {
                        return None;
                    }
                    prev = Prev::Word;
                }
                TokenTree::Punct(p) => {
                    prev = self.punct(text, p, trees, &mut i, prev, &mut angle)?;
                }
                TokenTree::Group(_) => return None,
            }
        }
        (angle == 0).then_some(())
    }

    /// Writes the punctuation `p` whose next tree is `trees[*i]` (taking the second of a `::`),
    /// or `None` for punctuation this writer leaves to syn.
    fn punct(
        &self,
        text: &mut String,
        p: &Punct,
        trees: &[TokenTree],
        i: &mut usize,
        prev: Prev,
        angle: &mut usize,
    ) -> Option<Prev> {
        let at = *i;
        let next_is = |c: char| {
            p.spacing() == Spacing::Joint && trees.get(at).is_some_and(|t| is_punct(t, c))
        };
        Some(match p.as_char() {
            // A `:` right before a shortened path stays single, as it does once the path is
            // shortened.
            ':' if next_is(':') && self.short.matching(&trees[at..]).is_none() => {
                text.push_str("::");
                *i += 1;
                Prev::Open
            }
            ':' if prev != Prev::Open => {
                text.push_str(": ");
                Prev::Open
            }
            ',' if prev != Prev::Open && at < trees.len() => {
                text.push_str(", ");
                Prev::Open
            }
            '&' if prev == Prev::Open => {
                text.push('&');
                Prev::Open
            }
            '.' if prev != Prev::Open && !next_is('.') => {
                text.push('.');
                Prev::Open
            }
            '?' if prev != Prev::Open => {
                text.push('?');
                Prev::Close
            }
            '=' if prev != Prev::Open && !next_is('=') && !next_is('>') => {
                text.push_str(" = ");
                Prev::Open
            }
            '<' if (self.ty || *angle > 0 || text.ends_with("::")) && !next_is('=') => {
                *angle += 1;
                text.push('<');
                Prev::Open
            }
            '>' if *angle > 0 && prev != Prev::Open => {
                *angle -= 1;
                text.push('>');
                Prev::Close
            }
            _ => return None,
        })
    }
}

/// Writes a word after `prev` and says what it was. Tokens are written through `Display`, not
/// copied to a string of their own first.
fn word(text: &mut String, prev: Prev, word: impl std::fmt::Display) -> Option<Prev> {
    match prev {
        Prev::Open => {}
        Prev::Word | Prev::Keyword => text.push(' '),
        // A word right after a value or type (`where`, `as` after a call) is refused.
        Prev::Close => return None,
    }
    let start = text.len();
    write!(text, "{word}").ok()?;
    Some(if KEYWORDS.contains(&&text[start..]) {
        Prev::Keyword
    } else {
        Prev::Word
    })
}

/// Keywords after which a parenthesis is no call (`let (a, b)`, `if (x)`).
const KEYWORDS: [&str; 24] = [
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "fn", "for", "if", "impl",
    "in", "let", "loop", "match", "move", "mut", "ref", "return", "static", "unsafe", "where",
    "while",
];

#[cfg(test)]
mod tests {
    use super::*;
    use quote::{format_ident, quote};
    use std::collections::BTreeSet;

    /// The shortening of a module whose types take no prelude name.
    fn short() -> Shortening {
        Shortening::new(&BTreeSet::<&str>::new(), &quote!(::connectors::runtime))
    }

    /// The functions, shortened, as prettyplease prints them inside `wrapper` (indented by 4).
    fn pretty(tokens: &TokenStream, in_impl: bool) -> String {
        let tokens = short().apply(tokens.clone());
        let wrapped = if in_impl {
            quote!(impl S { #tokens })
        } else {
            quote!(mod m { #tokens })
        };
        let file: syn::File = syn::parse2(wrapped).unwrap();
        let text = prettyplease::unparse(&file);
        let (_, inner) = text.strip_suffix("}\n").unwrap().split_once('\n').unwrap();
        inner.to_owned()
    }

    /// Checks every case against prettyplease, in a module and in an impl: the text, when
    /// written, is the same; the cases reach the margin (a line of exactly [`WIDTH`] written),
    /// break a signature, and are refused past it.
    fn same_as_prettyplease(cases: impl Iterator<Item = TokenStream>) {
        let (mut at_margin, mut broken, mut refused) = (false, false, false);
        for tokens in cases {
            for in_impl in [false, true] {
                let expected = pretty(&tokens, in_impl);
                match items(tokens.clone(), 4, &short()) {
                    Some(text) => {
                        assert_eq!(text, expected);
                        at_margin |= text.lines().any(|l| l.len() == WIDTH);
                        broken |= text.lines().any(|l| l.ends_with('('));
                    }
                    None => refused = true,
                }
            }
        }
        assert!(at_margin, "no case wrote a line of the margin's width");
        assert!(broken, "no case broke a signature");
        assert!(refused, "no case was too long");
    }

    #[test]
    fn builders_up_to_the_margin() {
        same_as_prettyplease((0..90).map(|n| {
            let arg = format_ident!("a{}", "x".repeat(n));
            let name = format_ident!("update_item{}", "y".repeat(n / 2));
            let wire = "w".repeat(n);
            quote! {
                #[cfg(feature = "tag-items")]
                pub(super) fn #name(#arg: &str, body: &super::types::UpdateBody, dry_run: ::std::option::Option<bool>) -> ::std::result::Result<::connectors::runtime::Request, ::connectors::runtime::Error> {
                    let mut __path = ::std::string::String::from("/items/");
                    __path.push_str(&::connectors::runtime::encode::path_segment(&::connectors::runtime::encode::text(#arg)));
                    let mut __request = ::connectors::runtime::Request::new(::connectors::runtime::Method::Post, __path);
                    __request.query(#wire, dry_run, ::connectors::runtime::ArrayStyle::Csv)?;
                    if let ::std::option::Option::Some(__body) = body {
                        __request.json(__body)?;
                    }
                    __request.action("UpdateItem", ::std::option::Option::None);
                    __request.limit_value("id", 3u32, 'c', 1.5);
                    ::std::result::Result::Ok(__request)
                }
            }
        }));
    }

    #[test]
    fn methods_up_to_the_margin() {
        same_as_prettyplease((0..90).map(|n| {
            let method = format_ident!("m{}", "x".repeat(n));
            let ty = format_ident!("T{}", "y".repeat(n / 3));
            quote! {
                #[doc = " Update an item."]
                #[doc = ""]
                #[doc = " Sends `POST /items/{id}`."]
                pub async fn #method(&self, id: &str, params: &params::UpdateParams) -> ::std::result::Result<::std::vec::Vec<types::#ty>, ::connectors::runtime::Error> {
                    let __request = requests::update(&self.connection, id, &params)?;
                    self.inner.send(__request).await?.json()
                }
                pub fn stream(mut self) -> ::std::result::Result<(), ::connectors::runtime::Error> {
                    self.inner.send(__request).await?;
                    ::std::result::Result::Ok(())
                }
                fn none() {
                    x.y::<::std::string::String>(r#type, b"b", true);
                    x.0;
                }
            }
        }));
    }

    #[test]
    fn other_items_are_left_to_syn() {
        let cases = [
            "fn f() { g!(x); }",
            "fn f() { let g = |x| x; }",
            "fn f() { match x { _ => () } }",
            "fn f() { if x { a; } else { b; } }",
            "fn f() { let x = { y }; }",
            "fn f() { a + b; }",
            "fn f() { a && b; }",
            "fn f() { a == b; }",
            "fn f() { *a; }",
            "fn f() { g(-1); }",
            "fn f() { [a]; }",
            "fn f() { f(a,); }",
            "fn f() {}",
            "fn f<T>() { a; }",
            "fn f(x: &'static str) { a; }",
            "fn f(x: impl Fn() -> i64) { a; }",
            "fn f() -> Vec<i64> where i64: Copy { a; }",
            "pub(in crate::m) fn f() { a; }",
            "struct S;",
            "fn f() { let x = a < b; }",
            "fn f() { let (a, b) = c; }",
            "fn f() { if x { a; }; }",
        ];
        for case in cases {
            let tokens: TokenStream = case.parse().unwrap();
            assert_eq!(items(tokens, 4, &short()), None, "{case}");
        }
    }
}
