//! Enums of texts written as text straight from the IR: the text prettyplease prints for the
//! tokens of [`super::enums::emit_enum`] (the declaration and one `text_enum!` line), without
//! building them; a `text_enum!` call too long for one line is filled as prettyplease fills a
//! macro's tokens. `None` for an enum of other values (its `value_enum!` call), an empty one,
//! or a line over the margin: the caller then builds the tokens as before.

use super::plain::Out;
use super::type_text::{allow_line, doc_lines, macro_call, runtime, string_literal};
use super::Ctx;
use crate::ir::{EnumType, ScalarKind};

/// The text of `enum_type` indented by `indent`, with `doc` (the type's doc text, blank for
/// none), each of its two items after the `gate` line (empty for none), when it is an enum of
/// texts this writes.
pub(crate) fn enum_item(
    ctx: &Ctx,
    enum_type: &EnumType,
    doc: &str,
    indent: usize,
    gate: &str,
) -> Option<String> {
    let textual = enum_type.base.kind == ScalarKind::String
        && enum_type.values.iter().all(|v| v.value.is_string());
    if !textual || enum_type.values.is_empty() {
        return None;
    }
    let rt = runtime(ctx)?;
    let name = &enum_type.rust_name;
    let mut out = Out::new(indent, &ctx.short);
    out.text.push_str(gate);
    doc_lines(&mut out, doc, &format!("The `{name}` values."))?;
    allow_line(&mut out, name)?;
    out.line("#[derive(Debug, Clone, PartialEq, Eq, Hash)]", true)?;
    out.line_fmt(format_args!("pub enum {name} {{"), false)?;
    out.indent += 4;
    let mut words = Vec::with_capacity(3 * enum_type.values.len() + 3);
    words.push(name.clone());
    words.push("{".to_owned());
    for value in &enum_type.values {
        let text = value.value.as_str()?;
        let doc = match &value.label {
            Some(label) => format!("`{text}`: {label}"),
            None => format!("`{text}`"),
        };
        doc_lines(&mut out, &doc, "")?;
        out.line_fmt(format_args!("{},", value.rust_name), true)?;
        words.push(value.rust_name.clone());
        words.push("=".to_owned());
        words.push(format!("{},", string_literal(text)));
    }
    out.line(
        "/// A value this client does not know yet, kept as received.",
        false,
    )?;
    let string = ctx.short.std_text("::std::string::String");
    out.line_fmt(format_args!("Unknown({string}),"), true)?;
    out.indent -= 4;
    out.line("}", true)?;
    if let Some(last) = words.last_mut() {
        last.pop();
    }
    words.push("}".to_owned());
    out.text.push_str(gate);
    macro_call(&mut out, &format!("{rt}::text_enum!"), &words)?;
    Some(out.text)
}
