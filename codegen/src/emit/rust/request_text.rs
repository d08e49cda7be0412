//! The `requests` module's builders written as text straight from the IR: the text
//! [`super::plain_fn`] prints for the tokens of [`super::requests::builder`], without building
//! them. `None` for what this leaves to tokens: its own failure rule, a
//! multipart body, a signature over the margin (a longer statement is broken by
//! [`super::long_statement`]). `platform/tests/rust_parallel_emit.rs` compares the
//! result with the module formatted in one pass.

use super::args_text::{arguments, Args};
use super::inputs::{Inputs, Style};
use super::plain::Out;
use super::plain_fn::signature;
use super::requests::{limit_partitions, uses_connection};
use super::type_text::{json_literal, runtime, string_literal};
use super::values::method_variant;
use super::Ctx;
use crate::ir::{
    Action, ArrayStyle, Body, BodyEncoding, Method, Param, ParamLocation, Template, TemplatePart,
    UrlEncoding,
};

/// The text of the builder of action `index` indented by `indent`, when this writes it.
pub(crate) fn builder(ctx: &Ctx, index: usize, indent: usize) -> Option<String> {
    let action = ctx.connector.actions.get(index)?;
    if action.errors != ctx.connector.errors {
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
        Style::Borrowed,
    )?;
    let mut list = Vec::with_capacity(args.list.len() + 1);
    if uses_connection(ctx, &action.path, &action.params) {
        list.push("connection: &super::Connection".to_owned());
    }
    list.extend(args.list.iter().cloned());
    let result = ctx.short.std_text("::std::result::Result");
    let ret = format!(" -> {result}<{rt}::Request, {rt}::Error>");
    let mut out = Out::new(indent, &ctx.short);
    out.text.push_str(&gate);
    signature(&mut out, "pub(super) ", &names.method, &list, &ret)?;
    out.indent += 4;
    let value_of = |param: &Param| value_of(&args, param);
    let source = Source {
        method: action.method,
        path: &action.path,
        params: &action.params,
        value_of: &value_of,
        placeholder: &|_| None,
        connection: "connection",
    };
    path_lines(&mut out, ctx, &source)?;
    request_lines(&mut out, ctx, &source)?;
    if let (Some(body), Some(reference)) = (&action.body, args.body()) {
        body_lines(&mut out, ctx, body, reference)?;
    }
    tail_lines(&mut out, ctx, action, &value_of)?;
    out.statement_fmt(format_args!("{result}::Ok(__request)"))?;
    out.indent -= 4;
    out.line("}", true)?;
    Some(out.text)
}

/// What a request is built from: its method, its path template, its parameters and how the code
/// reaches their values.
pub(crate) struct Source<'a> {
    pub method: Method,
    pub path: &'a Template,
    pub params: &'a [Param],
    /// A reference to a parameter's value, when it is sent.
    pub value_of: &'a dyn Fn(&Param) -> Option<String>,
    /// The value of a path placeholder no parameter fills.
    pub placeholder: &'a dyn Fn(&str) -> Option<String>,
    /// The expression of the connection, whose fields fill the placeholders left.
    pub connection: &'a str,
}

/// A reference to a parameter's value: its fixed value as text, or its argument.
pub(crate) fn value_of(args: &Args, param: &Param) -> Option<String> {
    if let Some(value) = &param.field.value {
        return Some(json_literal(value));
    }
    args.param(param).map(str::to_owned)
}

/// The statements that build `__path`, as [`super::requests::request_statements`] writes them.
pub(crate) fn path_lines(out: &mut Out, ctx: &Ctx, source: &Source) -> Option<()> {
    let rt = runtime(ctx)?;
    let string = ctx.short.std_text("::std::string::String");
    let parts = &source.path.parts;
    let rest = match parts.split_first() {
        Some((TemplatePart::Literal(text), rest)) => {
            let binding = if rest.is_empty() { "let" } else { "let mut" };
            let text = string_literal(text);
            out.statement_fmt(format_args!("{binding} __path = {string}::from({text});"))?;
            rest
        }
        Some(_) => {
            out.statement_fmt(format_args!("let mut __path = {string}::new();"))?;
            &parts[..]
        }
        None => {
            out.statement_fmt(format_args!("let __path = {string}::new();"))?;
            &parts[..]
        }
    };
    let by_name = crate::ir::path_params_by_name(source.params);
    for part in rest {
        let name = match part {
            TemplatePart::Literal(text) => {
                push_text(out, text)?;
                continue;
            }
            TemplatePart::Param(name) => name,
        };
        let param = by_name.get(name.as_str()).copied();
        let value = param
            .and_then(source.value_of)
            .or_else(|| (source.placeholder)(name))
            .or_else(|| {
                let field = ctx
                    .connector
                    .connection
                    .iter()
                    .find(|f| &f.wire_name == name)?;
                Some(format!("&{}.{}", source.connection, field.rust_name))
            });
        let Some(value) = value else {
            push_text(out, &format!("{{{name}}}"))?;
            continue;
        };
        let segment = format!("{rt}::encode::path_segment(&{rt}::encode::text({value}))");
        if param.is_some_and(|p| p.url_encoding == Some(UrlEncoding::Double)) {
            let twice = format!("{rt}::encode::path_segment(&{segment})");
            out.statement_fmt(format_args!("__path.push_str(&{twice});"))?;
        } else {
            out.statement_fmt(format_args!("__path.push_str(&{segment});"))?;
        }
    }
    Some(())
}

/// `__path.push_str("…");`, or `push('…')` for one character.
fn push_text(out: &mut Out, text: &str) -> Option<()> {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => {
            let plain = c == ' ' || (c.is_ascii_graphic() && !matches!(c, '\'' | '\\' | '"'));
            let lit = if plain {
                format!("'{c}'")
            } else {
                proc_macro2::Literal::character(c).to_string()
            };
            out.statement_fmt(format_args!("__path.push({lit});"))
        }
        _ => out.statement_fmt(format_args!("__path.push_str({});", string_literal(text))),
    }
}

/// `let mut __request = …;` and the query and header parameters sent.
pub(crate) fn request_lines(out: &mut Out, ctx: &Ctx, source: &Source) -> Option<()> {
    let rt = runtime(ctx)?;
    let method = method_variant(source.method);
    out.statement(&format!(
        "let mut __request = {rt}::Request::new({rt}::Method::{method}, __path);"
    ))?;
    for param in source.params {
        let Some(value) = (source.value_of)(param) else {
            continue;
        };
        let wire = string_literal(&param.field.wire_name);
        match param.location {
            ParamLocation::Path => {}
            ParamLocation::Query => {
                let style = array_style(param.field.array_style);
                let line = format!("__request.query({wire}, {value}, {rt}::ArrayStyle::{style})?;");
                out.statement(&line)?;
            }
            ParamLocation::Header => {
                out.statement_fmt(format_args!("__request.header({wire}, {value})?;"))?;
            }
        }
    }
    Some(())
}

/// The statements that put the body into `__request`, as
/// [`super::requests::body_statements`] writes them.
pub(crate) fn body_lines(out: &mut Out, ctx: &Ctx, body: &Body, reference: &str) -> Option<()> {
    let option = ctx.short.std_text("::std::option::Option");
    let encode = match body.encoding {
        BodyEncoding::Json => "__request.json(__body)?;".to_owned(),
        BodyEncoding::Form => "__request.form(__body)?;".to_owned(),
        BodyEncoding::Xml => {
            let xsi = match &body.xml_type {
                Some(t) => format!("{option}::Some({})", string_literal(t)),
                None => format!("{option}::None"),
            };
            format!("__request.xml({xsi}, __body)?;")
        }
        BodyEncoding::Binary => "__request.bytes(__body);".to_owned(),
        BodyEncoding::Text => "__request.text(__body);".to_owned(),
        BodyEncoding::Multipart => return None,
    };
    if body.required {
        out.statement_fmt(format_args!("let __body = {reference};"))?;
        out.statement(&encode)?;
    } else {
        out.line(
            &format!("if let {option}::Some(__body) = {reference} {{"),
            true,
        )?;
        out.indent += 4;
        out.statement(&encode)?;
        out.indent -= 4;
        out.line("}", true)?;
    }
    if let Some(content_type) = &body.content_type {
        let lit = string_literal(content_type);
        out.statement_fmt(format_args!("__request.content_type({lit});"))?;
    }
    Some(())
}

/// Idempotence, what the call counts as for the limits, and the values of per-value limits.
fn tail_lines(
    out: &mut Out,
    ctx: &Ctx,
    action: &Action,
    value_of: &dyn Fn(&Param) -> Option<String>,
) -> Option<()> {
    if action.idempotent {
        out.line("__request.idempotent(true);", true)?;
    }
    let option = ctx.short.std_text("::std::option::Option");
    let label = match &action.rate_label {
        Some(label) => format!("{option}::Some({})", string_literal(label)),
        None => format!("{option}::None"),
    };
    let name = string_literal(&action.name);
    out.statement_fmt(format_args!("__request.action({name}, {label});"))?;
    for (name, param) in limit_partitions(ctx, action) {
        if let Some(value) = value_of(param) {
            let lit = string_literal(name);
            out.statement_fmt(format_args!("__request.limit_value({lit}, {value});"))?;
        }
    }
    Some(())
}

fn array_style(style: Option<ArrayStyle>) -> &'static str {
    match style {
        Some(ArrayStyle::Multi) => "Multi",
        Some(ArrayStyle::Brackets) => "Brackets",
        Some(ArrayStyle::Ssv) => "Ssv",
        Some(ArrayStyle::Pipes) => "Pipes",
        Some(ArrayStyle::Csv) | None => "Csv",
    }
}

#[cfg(test)]
mod tests {
    use super::super::requests;
    use super::super::text_tests::{each_spec, pretty};
    use super::*;

    /// Every request builder of the seed connectors and the hostile spec that the writer takes
    /// is the text prettyplease prints for its tokens, and it takes most of them.
    #[test]
    fn builders_are_written_as_prettyplease_prints_their_tokens() {
        let (mut written, mut refused) = (0, 0);
        each_spec(
            &["connectors", "tests/rust_adversarial"],
            |spec, connector, ctx| {
                for (index, action) in connector.actions.iter().enumerate() {
                    let Some(text) = builder(ctx, index, 4) else {
                        refused += 1;
                        continue;
                    };
                    let expected = pretty(ctx, requests::builder(ctx, action), false);
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
