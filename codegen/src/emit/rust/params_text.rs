//! The `params` module's structs of actions written as text straight from the IR: the text
//! [`super::plain`] prints for the tokens of [`super::inputs::params_struct`], without building
//! them. `None` for a trigger's struct, or a line (the `cfg` line of a gated action's included)
//! over the margin: the caller
//! then builds the tokens as before.

use super::args_text::value_type;
use super::inputs::{struct_fields, undocumented_param, Input, Inputs};
use super::plain::Out;
use super::type_text::{allow_line, doc_lines, rust_type};
use super::{docs, Ctx};
use crate::ir::{Body, BodyEncoding};

/// Where a `params` struct names the module's types from.
const PREFIX: &str = "super::types::";

/// The text of the struct of source `index` (an action, then a trigger) indented by `indent`,
/// when it is an action's struct this writes.
pub(crate) fn item(ctx: &Ctx, index: usize, indent: usize) -> Option<String> {
    let action = ctx.connector.actions.get(index)?;
    let names = ctx.names.action(&action.name);
    let name = names.params.as_ref()?;
    let gate = ctx.gates.action_line(&action.name, indent)?;
    let inputs = Inputs::of_action(ctx.connector, action);
    let mut out = Out::new(indent, &ctx.short);
    out.text.push_str(&gate);
    let mut fields = Out::new(indent + 4, &ctx.short);
    let mut has_required = false;
    for (input, field) in struct_fields(&inputs) {
        let (ty, doc, fallback) = match input {
            Input::Param(param) => (
                value_type(ctx, param, PREFIX)?,
                docs::paragraphs(
                    param.field.summary.as_deref(),
                    param.field.description.as_deref(),
                ),
                undocumented_param(param),
            ),
            Input::Body(body) => (
                body_owned_type(ctx, body)?,
                docs::paragraphs(body.summary.as_deref(), body.description.as_deref()),
                "The request body.".to_owned(),
            ),
        };
        doc_lines(&mut fields, &doc, &fallback)?;
        if input.required() {
            has_required = true;
            fields.line_fmt(format_args!("pub {field}: {ty},"), true)?;
        } else {
            let option = ctx.short.std_text("::std::option::Option");
            fields.line_fmt(format_args!("pub {field}: {option}<{ty}>,"), true)?;
        }
    }
    let (doc, default) = if has_required {
        (format!("The parameters of `Client::{}`.", names.method), "")
    } else {
        let doc = format!("Optional parameters of `Client::{}`.", names.method);
        (doc, ", Default")
    };
    doc_lines(&mut out, &doc, "")?;
    allow_line(&mut out, name)?;
    out.line(
        &format!("#[derive(Debug, Clone, PartialEq{default})]"),
        true,
    )?;
    if fields.text.is_empty() {
        out.line_fmt(format_args!("pub struct {name} {{}}"), false)?;
    } else {
        out.line_fmt(format_args!("pub struct {name} {{"), false)?;
        out.text.push_str(&fields.text);
        out.line("}", true)?;
    }
    Some(out.text)
}

/// A body's owned type, as [`super::inputs::body_owned_type`] gives it.
fn body_owned_type(ctx: &Ctx, body: &Body) -> Option<String> {
    match body.encoding {
        BodyEncoding::Binary => Some(format!("{}<u8>", ctx.short.std_text("::std::vec::Vec"))),
        BodyEncoding::Text => Some(ctx.short.std_text("::std::string::String").to_owned()),
        _ => {
            let mut ty = String::new();
            rust_type(ctx, &body.ty, PREFIX, &mut ty)?;
            Some(ty)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::param_structs;
    use super::super::text_tests::{each_spec, pretty};
    use super::*;

    /// Every action's struct of the seed connectors that the writer takes is the text
    /// prettyplease prints for its tokens, and it takes most of them.
    #[test]
    fn seed_params_structs_are_written_as_prettyplease_prints_their_tokens() {
        let (mut written, mut refused) = (0, 0);
        each_spec(&["connectors"], |spec, connector, ctx| {
            for index in 0..connector.actions.len() {
                let Some(tokens) = param_structs::item(ctx, index) else {
                    continue;
                };
                let Some(text) = item(ctx, index, 4) else {
                    refused += 1;
                    continue;
                };
                assert_eq!(text, pretty(ctx, tokens, false), "{}", spec.display());
                written += 1;
            }
        });
        assert!(
            written > 3 * refused,
            "{written} written, {refused} refused"
        );
    }
}
