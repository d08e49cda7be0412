//! Statements too long for one line, broken as prettyplease breaks them. The text writers put
//! a statement on one line when it fits and hand a longer one here, rather than leave their
//! whole item to `syn`: a long parameter name then costs one statement, not the function's
//! round trip. Every statement of a block starts a line of its own and is broken whatever its
//! neighbours are, so breaking it alone at the same indentation gives the lines it gets in its
//! function (`platform/tests/rust_parallel_emit.rs` compares them).
//!
//! The statements the request builders write, `receiver.method(arguments)?;` whose arguments
//! are literals, paths, calls and `&params.field`, are laid out here directly
//! ([`laid_out`]); anything else is formatted alone by `syn` and prettyplease ([`broken`]).

use std::fmt::Write as _;

use super::plain::{Out, WIDTH};

/// The room prettyplease leaves a line however deep its indentation: a line at `indent` fits
/// when its text after the indentation is at most `WIDTH - indent` or this, the larger.
const MIN_ROOM: usize = 60;

/// Whether a line of `len` bytes, `indent` of them indentation, fits.
fn fits(len: usize, indent: usize) -> bool {
    len - indent <= WIDTH.saturating_sub(indent).max(MIN_ROOM)
}

impl Out<'_> {
    /// Writes one statement (or a block's tail expression): on one line when it fits in
    /// [`WIDTH`], else broken as prettyplease breaks it.
    pub(super) fn statement(&mut self, content: &str) -> Option<()> {
        if self.indent + content.len() <= WIDTH {
            return self.line(content, false);
        }
        let lines = broken(content, self.indent)?;
        self.text.push_str(&lines);
        Some(())
    }

    /// Writes one statement from format arguments, as [`Out::statement`] does, without a
    /// string of its own first when it fits.
    pub(super) fn statement_fmt(&mut self, content: std::fmt::Arguments) -> Option<()> {
        let start = self.text.len();
        crate::spaces::push_spaces(&mut self.text, self.indent);
        self.text.write_fmt(content).ok()?;
        if self.text.len() - start <= WIDTH {
            self.text.push('\n');
            return Some(());
        }
        let statement = self.text.split_off(start + self.indent);
        self.text.truncate(start);
        let lines = broken(&statement, self.indent)?;
        self.text.push_str(&lines);
        Some(())
    }
}

/// `statement` (one statement, or a block's tail expression, as Rust text) broken as
/// prettyplease breaks it at `indent` spaces (a multiple of 4), every line ending in a
/// newline; `None` when it does not parse.
pub(super) fn broken(statement: &str, indent: usize) -> Option<String> {
    laid_out(statement, indent).or_else(|| formatted(statement, indent))
}

/// `statement` formatted alone by `syn` and prettyplease, inside as many modules and a
/// function as put it at `indent`.
fn formatted(statement: &str, indent: usize) -> Option<String> {
    let depth = indent / 4;
    if depth == 0 || indent % 4 != 0 {
        return None;
    }
    let mut source = String::with_capacity(statement.len() + 12 * depth);
    for _ in 1..depth {
        source.push_str("mod m {\n");
    }
    source.push_str("fn f() {\n");
    source.push_str(statement);
    source.push('\n');
    for _ in 0..depth {
        source.push_str("}\n");
    }
    let file = syn::parse_file(&source).ok()?;
    let printed = prettyplease::unparse(&file);
    let lines: Vec<&str> = printed.lines().collect();
    let body = lines.get(depth..lines.len().checked_sub(depth)?)?;
    let mut text = String::with_capacity(printed.len());
    for line in body {
        text.push_str(line);
        text.push('\n');
    }
    Some(text)
}

/// The expressions of the statements laid out here.
enum Expr<'a> {
    /// A literal or a path: never broken.
    Atom(&'a str),
    /// `&inner`.
    Ref(Box<Expr<'a>>),
    /// `base.field`, `base` a plain name.
    Field(&'a str, &'a str),
    /// `function(arguments)`.
    Call(&'a str, Vec<Expr<'a>>),
    /// `receiver.method(arguments)`, the receiver a plain name.
    MethodCall(&'a str, &'a str, Vec<Expr<'a>>),
}

/// `statement` laid out directly when it is `receiver.method(arguments)` followed by `;` or
/// `?;`, the way prettyplease lays it out; `None` for any other statement.
fn laid_out(statement: &str, indent: usize) -> Option<String> {
    let (body, suffix) = match statement.strip_suffix("?;") {
        Some(body) => (body, "?;"),
        None => (statement.strip_suffix(';')?, ";"),
    };
    let mut parser = Parser { rest: body };
    let expr = parser.expr()?;
    if !parser.rest.is_empty() || !matches!(expr, Expr::MethodCall(..)) {
        return None;
    }
    let mut out = String::with_capacity(statement.len() * 2);
    put(&mut out, &expr, indent, "", (suffix, true));
    Some(out)
}

/// Writes `expr` from a new line at `indent`, after `lead` and before `suffix`: on that line
/// when it fits, else broken as prettyplease breaks it. The comma after a list's last item is
/// written only where the list is broken, and prettyplease does not count it
/// (`suffix_counts` false).
fn put(
    out: &mut String,
    expr: &Expr,
    indent: usize,
    lead: &str,
    (suffix, suffix_counts): (&str, bool),
) {
    let start = out.len();
    crate::spaces::push_spaces(out, indent);
    out.push_str(lead);
    flat(out, expr);
    out.push_str(suffix);
    let uncounted = if suffix_counts { 0 } else { suffix.len() };
    if fits(out.len() - start - uncounted, indent) {
        out.push('\n');
        return;
    }
    out.truncate(start);
    let line = |out: &mut String, at: usize, parts: &[&str]| {
        crate::spaces::push_spaces(out, at);
        parts.iter().for_each(|part| out.push_str(part));
        out.push('\n');
    };
    match expr {
        Expr::Atom(_) => {
            crate::spaces::push_spaces(out, indent);
            out.push_str(lead);
            flat(out, expr);
            out.push_str(suffix);
            out.push('\n');
        }
        Expr::Ref(inner) => put(
            out,
            inner,
            indent,
            &format!("{lead}&"),
            (suffix, suffix_counts),
        ),
        Expr::Field(base, field) => {
            line(out, indent, &[lead, base]);
            line(out, indent + 4, &[".", field, suffix]);
        }
        Expr::Call(function, args) if args.is_empty() => {
            line(out, indent, &[lead, function, "()", suffix])
        }
        Expr::Call(function, args) => {
            line(out, indent, &[lead, function, "("]);
            put_args(out, args, indent + 4);
            line(out, indent, &[")", suffix]);
        }
        Expr::MethodCall(receiver, method, args) => {
            line(out, indent, &[lead, receiver]);
            let tail_start = out.len();
            crate::spaces::push_spaces(out, indent + 4);
            out.push('.');
            out.push_str(method);
            flat_args(out, args);
            out.push_str(suffix);
            if fits(out.len() - tail_start, indent + 4) || args.is_empty() {
                out.push('\n');
                return;
            }
            out.truncate(tail_start);
            line(out, indent + 4, &[".", method, "("]);
            put_args(out, args, indent + 8);
            line(out, indent + 4, &[")", suffix]);
        }
    }
}

/// Writes a broken list of arguments, one to a line at `indent`, each followed by a comma.
fn put_args(out: &mut String, args: &[Expr], indent: usize) {
    for (i, arg) in args.iter().enumerate() {
        put(out, arg, indent, "", (",", i + 1 < args.len()));
    }
}

/// Writes `expr` on one line.
fn flat(out: &mut String, expr: &Expr) {
    match expr {
        Expr::Atom(text) => out.push_str(text),
        Expr::Ref(inner) => {
            out.push('&');
            flat(out, inner);
        }
        Expr::Field(base, field) => {
            out.push_str(base);
            out.push('.');
            out.push_str(field);
        }
        Expr::Call(function, args) => {
            out.push_str(function);
            flat_args(out, args);
        }
        Expr::MethodCall(receiver, method, args) => {
            out.push_str(receiver);
            out.push('.');
            out.push_str(method);
            flat_args(out, args);
        }
    }
}

/// Writes `(arguments)` on one line.
fn flat_args(out: &mut String, args: &[Expr]) {
    out.push('(');
    for (i, arg) in args.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        flat(out, arg);
    }
    out.push(')');
}

/// Reads the expressions above from the text the writers make.
struct Parser<'a> {
    rest: &'a str,
}

impl<'a> Parser<'a> {
    fn eat(&mut self, prefix: &str) -> bool {
        match self.rest.strip_prefix(prefix) {
            Some(rest) => {
                self.rest = rest;
                true
            }
            None => false,
        }
    }

    /// A run of characters `keep` accepts, at least one.
    fn take(&mut self, keep: impl Fn(char) -> bool) -> Option<&'a str> {
        let end = self
            .rest
            .find(|c: char| !keep(c))
            .unwrap_or(self.rest.len());
        let (taken, rest) = self.rest.split_at(end);
        self.rest = rest;
        (!taken.is_empty()).then_some(taken)
    }

    fn expr(&mut self) -> Option<Expr<'a>> {
        if self.eat("&") {
            return Some(Expr::Ref(Box::new(self.expr()?)));
        }
        if self.rest.starts_with('"') {
            return self.string().map(Expr::Atom);
        }
        let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
        let path = self.take(|c| word(c) || c == ':')?;
        if self.eat("(") {
            return Some(Expr::Call(path, self.args()?));
        }
        if !self.eat(".") {
            return Some(Expr::Atom(path));
        }
        if !path.chars().all(word) {
            return None;
        }
        let name = self.take(word)?;
        if self.eat("(") {
            return Some(Expr::MethodCall(path, name, self.args()?));
        }
        Some(Expr::Field(path, name))
    }

    /// The arguments after `(`, and the `)` that ends them.
    fn args(&mut self) -> Option<Vec<Expr<'a>>> {
        let mut args = Vec::new();
        if self.eat(")") {
            return Some(args);
        }
        loop {
            args.push(self.expr()?);
            if self.eat(")") {
                return Some(args);
            }
            if !self.eat(", ") {
                return None;
            }
        }
    }

    /// A string literal, quotes and escapes included.
    fn string(&mut self) -> Option<&'a str> {
        let mut escaped = false;
        for (at, c) in self.rest.char_indices().skip(1) {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => {
                    let (literal, rest) = self.rest.split_at(at + 1);
                    self.rest = rest;
                    return Some(literal);
                }
                _ => {}
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::{broken, formatted, laid_out};

    /// The statements the request builders write, with names of `n` characters.
    fn statements(n: usize) -> Vec<String> {
        let name = "p".repeat(n);
        let wire = format!("\"{}\\\"q\"", "w".repeat(n));
        vec![
            format!("__path.push_str(&__rt::encode::path_segment(&__rt::encode::text(&params.{name})));"),
            format!("__path.push_str(&__rt::encode::path_segment(&__rt::encode::path_segment(&__rt::encode::text(&{name}))));"),
            format!("__path.push_str({wire});"),
            format!("__request.query({wire}, &params.{name}, __rt::ArrayStyle::Csv)?;"),
            format!("__request.query({wire}, params.{name}, __rt::ArrayStyle::Csv)?;"),
            format!("__request.header({wire}, &params.{name})?;"),
            format!("__request.limit_value({wire}, &__rt::encode::text(&params.{name}));"),
            format!("__request.action({wire}, Option::Some({wire}));"),
            format!("__request.content_type({wire});"),
            format!("__request.json(__body)?;"),
        ]
    }

    #[test]
    fn laid_out_statements_are_what_prettyplease_prints() {
        let mut broken_lines = 0;
        for indent in [8, 12, 16, 24] {
            for n in 1..140 {
                for statement in statements(n) {
                    let fast = laid_out(&statement, indent).expect("the shape is laid out here");
                    let slow = formatted(&statement, indent).expect("parses");
                    assert_eq!(fast, slow, "{statement} at {indent}");
                    broken_lines += usize::from(fast.lines().count() > 1);
                }
            }
        }
        assert!(
            broken_lines > 1000,
            "few statements were broken: {broken_lines}"
        );
    }

    #[test]
    fn other_statements_are_formatted_by_syn() {
        let name = "p".repeat(90);
        let statement = format!("let __request = requests::{name}(&params)?;");
        assert!(laid_out(&statement, 8).is_none());
        let text = broken(&statement, 8).expect("parses");
        assert_eq!(text, formatted(&statement, 8).unwrap());
        assert_eq!(
            broken("let x = 1;", 8).as_deref(),
            Some("        let x = 1;\n")
        );
    }

    #[test]
    fn text_that_is_not_a_statement_is_refused() {
        assert_eq!(broken("let x = ;", 8), None);
        assert_eq!(broken("let x = 1;", 6), None);
        assert_eq!(broken("let x = 1;", 0), None);
        assert!(laid_out("__path.push_str(\"open);", 8).is_none());
        assert!(laid_out("__path.push_str(a b);", 8).is_none());
    }
}
