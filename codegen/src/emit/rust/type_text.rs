//! The text of the Rust type of an IR type or field, of a string literal, of doc lines and of
//! the camel-case allowance, as the module prints them: the same as [`super::typeref`]'s tokens shortened by
//! [`super::short::Shortening`] and printed by prettyplease, written without building tokens.

use std::fmt::Write as _;

use proc_macro2::Literal;

use super::plain::{Out, WIDTH};
use super::typeref::{is_camel_case, is_plain, is_tri_state};
use super::{docs, Ctx};
use crate::ir::{Field, ScalarKind, Type};

/// The runtime path as the text writers write it: the alias `__rt`; `None` when the module
/// spells the runtime path in full (a type takes the alias's name), which they leave to tokens.
pub(crate) fn runtime(ctx: &Ctx) -> Option<&'static str> {
    ctx.short.uses_alias().then_some("__rt")
}

/// The text of a string literal, as `proc_macro2` prints [`Literal::string`].
pub(crate) fn string_literal(value: &str) -> String {
    let plain = value
        .bytes()
        .all(|b| b == b' ' || (b.is_ascii_graphic() && !matches!(b, b'"' | b'\\' | b'\'')));
    if plain {
        let mut literal = String::with_capacity(value.len() + 2);
        literal.push('"');
        literal.push_str(value);
        literal.push('"');
        literal
    } else {
        Literal::string(value).to_string()
    }
}

/// A spec value (a fixed argument or parameter value) as a string literal of its text, as
/// [`super::values::json_text`] gives it: a string as it is, anything else as its JSON.
pub(crate) fn json_literal(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => string_literal(s),
        other => string_literal(&other.to_string()),
    }
}

/// Writes the Rust type of `ty` to `out`; `prefix` is the path to the `types` module from where
/// it is used (empty inside it).
pub(crate) fn rust_type(ctx: &Ctx, ty: &Type, prefix: &str, out: &mut String) -> Option<()> {
    let rt = runtime(ctx)?;
    let string = ctx.short.std_text("::std::string::String");
    match ty {
        Type::Scalar(scalar) => match scalar.kind {
            ScalarKind::String if scalar.is_date_time() => write!(out, "{rt}::DateTime").ok()?,
            ScalarKind::String if scalar.format.as_deref() == Some("binary") => {
                write!(out, "{rt}::File").ok()?
            }
            ScalarKind::String => out.push_str(string),
            ScalarKind::Integer if scalar.format.as_deref() == Some("int32") => out.push_str("i32"),
            ScalarKind::Integer => out.push_str("i64"),
            ScalarKind::Number => out.push_str("f64"),
            ScalarKind::Boolean => out.push_str("bool"),
            ScalarKind::File => write!(out, "{rt}::File").ok()?,
            ScalarKind::Any => write!(out, "{rt}::serde_json::Value").ok()?,
            ScalarKind::Object => write!(
                out,
                "{rt}::serde_json::Map<{string}, {rt}::serde_json::Value>"
            )
            .ok()?,
        },
        Type::Named(name) => match ctx.connector.object(name) {
            Some(named) => write!(out, "{prefix}{}", named.rust_name).ok()?,
            None => write!(out, "{rt}::serde_json::Value").ok()?,
        },
        Type::List { item, .. } => {
            out.push_str(ctx.short.std_text("::std::vec::Vec"));
            out.push('<');
            rust_type(ctx, item, prefix, out)?;
            out.push('>');
        }
        Type::Map { value, .. } => {
            write!(out, "::std::collections::BTreeMap<{string}, ").ok()?;
            rust_type(ctx, value, prefix, out)?;
            out.push('>');
        }
        Type::Object(object) => write!(out, "{prefix}{}", object.rust_name).ok()?,
        Type::Enum(enum_type) => write!(out, "{prefix}{}", enum_type.rust_name).ok()?,
    }
    Some(())
}

/// The type of a field: boxed when recursive, a `Secret` when secret, optional when optional
/// (as [`super::typeref::field_type`]).
pub(crate) fn field_type(ctx: &Ctx, owner: &str, field: &Field, prefix: &str) -> Option<String> {
    let rt = runtime(ctx)?;
    let is_text = matches!(ctx.connector.resolve(&field.ty), Type::Scalar(s) if s.kind == ScalarKind::String && !s.is_date_time());
    let mut ty = String::new();
    if field.secret && is_text {
        write!(ty, "{rt}::Secret").ok()?;
    } else {
        rust_type(ctx, &field.ty, prefix, &mut ty)?;
    }
    if ctx.recursion.needs_box(ctx.connector, owner, &field.ty) {
        ty = [ctx.short.std_text("::std::boxed::Box"), "<", &ty, ">"].concat();
    }
    Some(if is_plain(field) {
        ty
    } else if is_tri_state(field) {
        [rt, "::Nullable<", &ty, ">"].concat()
    } else {
        [ctx.short.std_text("::std::option::Option"), "<", &ty, ">"].concat()
    })
}

/// Doc lines for `text`, or for `fallback` when it is blank.
pub(crate) fn doc_lines(out: &mut Out, text: &str, fallback: &str) -> Option<()> {
    let text = if text.trim().is_empty() {
        fallback
    } else {
        text
    };
    let mut written = Some(());
    docs::each_line(text, |line| {
        // prettyplease writes a doc starting with a slash otherwise; a doc line is never broken.
        if line.starts_with('/') {
            written = None;
        }
        let line = line.trim_end_matches(' ');
        written = written.and_then(|()| out.line_of(&["///", line], false));
    });
    written
}

/// [`doc_lines`] with a fallback made only when `text` is blank (most docs are not).
pub(crate) fn doc_lines_or(
    out: &mut Out,
    text: &str,
    fallback: impl FnOnce() -> String,
) -> Option<()> {
    if text.trim().is_empty() {
        doc_lines(out, &fallback(), "")
    } else {
        doc_lines(out, text, "")
    }
}

/// `#[allow(non_camel_case_types)]` when the name is not camel case ([`is_camel_case`]).
pub(crate) fn allow_line(out: &mut Out, name: &str) -> Option<()> {
    if is_camel_case(name) {
        return Some(());
    }
    out.line("#[allow(non_camel_case_types)]", true)
}

/// A call of the macro `path` (`__rt::json_object!`) on the tokens `words` (each printed as it
/// is, one space between neighbours), laid out as prettyplease lays out a macro's tokens: on
/// one line when it fits, else filled into lines four columns further in. `None` for a
/// word beyond ASCII (prettyplease's widths are not bytes there).
pub(crate) fn macro_call<S: AsRef<str>>(out: &mut Out, path: &str, words: &[S]) -> Option<()> {
    if !words.iter().all(|word| word.as_ref().is_ascii()) {
        return None;
    }
    let words_len: usize = words.iter().map(|w| w.as_ref().len() + 1).sum();
    if out.indent + path.len() + words_len + "();".len() - 1 <= WIDTH {
        let mut single = String::with_capacity(path.len() + words_len + 3);
        single.push_str(path);
        single.push('(');
        for (i, word) in words.iter().enumerate() {
            if i > 0 {
                single.push(' ');
            }
            single.push_str(word.as_ref());
        }
        single.push_str(");");
        return out.line(&single, true);
    }
    out.line_of(&[path, "("], true)?;
    let indent = out.indent + 4;
    out.indent = indent;
    // A word too long for any line stands alone on one, as long as it is.
    let mut line = String::new();
    let mut on_line = 0;
    for word in words {
        let word = word.as_ref();
        if on_line > 0 && indent + line.len() + 1 + word.len() > WIDTH {
            out.line(&line, on_line > 1)?;
            line.clear();
            on_line = 0;
        }
        if on_line > 0 {
            line.push(' ');
        }
        line.push_str(word);
        on_line += 1;
    }
    out.line(&line, on_line > 1)?;
    out.indent = indent - 4;
    out.line(");", true)
}
