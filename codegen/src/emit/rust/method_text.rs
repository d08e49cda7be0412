//! The client's action methods written as text straight from the IR: the text
//! [`super::plain_fn`] prints for the tokens of [`super::actions::emit_method`], without
//! building them. `None` for what this leaves to tokens: a paged action (it has a
//! `_stream` method too), a signature over the margin (a longer statement is broken by
//! [`super::long_statement`]). `platform/tests/rust_parallel_emit.rs`
//! compares the result with the module formatted in one pass.

use super::actions::method_doc_text;
use super::args_text::arguments;
use super::inputs::{Inputs, Style};
use super::plain::Out;
use super::plain_fn::signature;
use super::requests::uses_connection;
use super::type_text::{doc_lines, runtime, rust_type};
use super::Ctx;
use crate::ir::{Action, ResponseEncoding};

/// The text of the method of action `index` indented by `indent`, when this writes it.
pub(crate) fn method(ctx: &Ctx, index: usize, indent: usize) -> Option<String> {
    let action = ctx.connector.actions.get(index)?;
    if action.paginate.is_some() {
        return None;
    }
    let gate = ctx.gates.action_line(&action.name, indent)?;
    let rt = runtime(ctx)?;
    let names = ctx.names.action(&action.name);
    let inputs = Inputs::of_action(ctx.connector, action);
    let args = arguments(
        ctx,
        &inputs,
        (names.params.as_deref(), &["connection"]),
        Style::Method,
    )?;
    let mut list = Vec::with_capacity(args.list.len() + 1);
    list.push("&self".to_owned());
    list.extend(args.list.iter().cloned());
    let result = ctx.short.std_text("::std::result::Result");
    let (output, decode) = output(ctx, action)?;
    let ret = format!(" -> {result}<{output}, {rt}::Error>");
    let mut out = Out::new(indent, &ctx.short);
    out.text.push_str(&gate);
    doc_lines(&mut out, &method_doc_text(action), "")?;
    signature(&mut out, "pub async ", &names.method, &list, &ret)?;
    out.indent += 4;
    let mut call: Vec<&str> = Vec::new();
    if uses_connection(ctx, &action.path, &action.params) {
        call.push("&self.connection");
    }
    call.extend(
        args.refs
            .iter()
            .filter(|r| r.positional)
            .map(|r| r.text.as_str()),
    );
    let params = args.params.as_ref().map(|name| format!("&{name}"));
    call.extend(params.as_deref());
    let call = call.join(", ");
    let line = format!("let __request = requests::{}({call})?;", names.method);
    out.statement(&line)?;
    match decode {
        Some(decode) => out.statement(&format!("self.inner.send(__request).await?.{decode}()"))?,
        None => {
            out.line("self.inner.send(__request).await?;", true)?;
            out.line_fmt(format_args!("{result}::Ok(())"), true)?;
        }
    }
    out.indent -= 4;
    out.line("}", true)?;
    Some(out.text)
}

/// The method's output type and the method of the answer that decodes it (none: no answer).
fn output(ctx: &Ctx, action: &Action) -> Option<(String, Option<&'static str>)> {
    let response = &action.response;
    let typed = |decode| {
        let mut ty = String::new();
        rust_type(ctx, response.ty.as_ref()?, "types::", &mut ty)?;
        Some((ty, Some(decode)))
    };
    match (response.encoding, &response.ty) {
        (ResponseEncoding::Empty, _) | (_, None) => Some(("()".to_owned(), None)),
        (ResponseEncoding::Binary, _) => {
            let vec = ctx.short.std_text("::std::vec::Vec");
            Some((format!("{vec}<u8>"), Some("bytes")))
        }
        (ResponseEncoding::Text, _) => Some((
            ctx.short.std_text("::std::string::String").to_owned(),
            Some("text"),
        )),
        (ResponseEncoding::Json, Some(_)) => typed("json"),
        (ResponseEncoding::Xml, Some(_)) => typed("xml"),
    }
}

#[cfg(test)]
mod tests {
    use super::super::actions;
    use super::super::text_tests::{each_spec, pretty};
    use super::*;

    /// Every action method of the seed connectors and the hostile spec that the writer takes is
    /// the text prettyplease prints for its tokens, and it takes most of them.
    #[test]
    fn methods_are_written_as_prettyplease_prints_their_tokens() {
        let (mut written, mut refused) = (0, 0);
        each_spec(
            &["connectors", "tests/rust_adversarial"],
            |spec, connector, ctx| {
                for (index, action) in connector.actions.iter().enumerate() {
                    let Some(text) = method(ctx, index, 4) else {
                        refused += 1;
                        continue;
                    };
                    let expected = pretty(ctx, actions::emit_method(ctx, action), true);
                    assert_eq!(text, expected, "{}", spec.display());
                    written += 1;
                }
            },
        );
        assert!(
            written > 3 * refused,
            "{written} written, {refused} refused"
        );
    }
}
