//! The client's poller methods written as text straight from the IR: the text
//! [`super::plain_fn`] and prettyplease print for the tokens of
//! [`super::triggers::emit_trigger`], without building them. It takes a poll with a request of
//! its own and a JSON listing, the kind an imported connector's batch triggers are; `None` for
//! what this leaves to tokens: a webhook, a poll over an action (its request comes from the
//! action's builder, with values decoded from the spec), a cursor, a line over the margin.
//! `platform/tests/rust_parallel_emit.rs` compares the result with the module formatted in one
//! pass.

use super::args_text::arguments;
use super::inputs::{Inputs, Style};
use super::plain::{Out, WIDTH};
use super::plain_fn::signature;
use super::request_text::{body_lines, path_lines, request_lines, value_of, Source};
use super::triggers::poller_doc_text;
use super::type_text::{doc_lines, json_literal, runtime, string_literal};
use super::Ctx;
use crate::fast_hash::Set;
use crate::ir::{ItemOrder, Poll, PollSource, ResponseEncoding, Trigger, TriggerKind};

/// The names a poller's own arguments and the connection take before the trigger's inputs.
const RESERVED: [&str; 3] = ["store", "options", "connection"];

/// The text of the poller of trigger `index` indented by `indent`, when this writes it.
pub(crate) fn poller(ctx: &Ctx, index: usize, indent: usize) -> Option<String> {
    let trigger = ctx.connector.triggers.get(index)?;
    let TriggerKind::Poll(poll) = &trigger.kind else {
        return None;
    };
    let PollSource::Request {
        method,
        path,
        body,
        response,
    } = &poll.source
    else {
        return None;
    };
    if response.encoding != ResponseEncoding::Json || poll.cursor.is_some() {
        return None;
    }
    let rt = runtime(ctx)?;
    let inputs = Inputs::of_trigger(ctx.connector, trigger)?;
    let names = ctx.names.trigger(&trigger.name);
    let args = arguments(
        ctx,
        &inputs,
        (names.params.as_deref(), &RESERVED),
        Style::Method,
    )?;
    let listing = format!("`{} {}`", method.as_str(), path.raw.replace('`', "'"));
    let (doc, item_doc) = poller_doc_text(ctx, trigger, poll, &listing, false);
    let mut out = Out::new(indent, &ctx.short);
    doc_lines(&mut out, &doc, "")?;
    out.line("///", false)?;
    doc_lines(&mut out, &item_doc, "")?;
    let mut list = Vec::with_capacity(args.list.len() + 3);
    list.push("&self".to_owned());
    list.extend(args.list.iter().cloned());
    list.push(format!(
        "store: ::std::sync::Arc<dyn {rt}::poll::CheckpointStore>"
    ));
    list.push(format!("options: {rt}::poll::PollerOptions"));
    let result = ctx.short.std_text("::std::result::Result");
    let ret = format!(
        " -> {result}<{rt}::poll::Poller<{rt}::poll::ClientSource>, {rt}::poll::PollError>"
    );
    let method_name = ctx.names.trigger_method(&trigger.name, "poller");
    signature(&mut out, "pub ", method_name, &list, &ret)?;
    out.indent += 4;
    let shown: Set<&str> = trigger
        .params
        .iter()
        .map(|p| p.field.wire_name.as_str())
        .collect();
    let fixed = poll.args_by_name();
    let placeholder = |name: &str| -> Option<String> {
        if shown.contains(name) {
            return None;
        }
        fixed.get(name).map(|value| json_literal(value))
    };
    let value_of = |param: &crate::ir::Param| value_of(&args, param);
    let source = Source {
        method: *method,
        path,
        params: &trigger.params,
        value_of: &value_of,
        placeholder: &placeholder,
        connection: "self.connection",
    };
    path_lines(&mut out, ctx, &source)?;
    request_lines(&mut out, ctx, &source)?;
    let placeholders: Set<&str> = path.params().collect();
    for (name, value) in &poll.args {
        if shown.contains(name.as_str()) || placeholders.contains(name.as_str()) {
            continue;
        }
        out.statement(&format!(
            "__request.query({}, {}, {rt}::ArrayStyle::Csv)?;",
            string_literal(name),
            json_literal(value)
        ))?;
    }
    if let (Some(body), Some(reference)) = (body, args.body()) {
        body_lines(&mut out, ctx, body, reference)?;
    }
    let name = string_literal(&trigger.name);
    out.statement(&format!("__request.trigger({name});"))?;
    poller_tail(&mut out, ctx, trigger, poll)?;
    out.indent -= 4;
    out.line("}", true)?;
    Some(out.text)
}

/// The statements after the request: the source, the poll's spec, the options and the start.
fn poller_tail(out: &mut Out, ctx: &Ctx, trigger: &Trigger, poll: &Poll) -> Option<()> {
    let rt = runtime(ctx)?;
    let option = ctx.short.std_text("::std::option::Option");
    let string = ctx.short.std_text("::std::string::String");
    let items = match &poll.items {
        Some(items) => format!("{option}::Some({})", string_literal(items)),
        None => format!("{option}::None"),
    };
    let source_args = [
        "self.inner.clone()".to_owned(),
        "__request".to_owned(),
        format!("{option}::None"),
        items,
    ];
    let head = format!("let source = {rt}::poll::ClientSource::new(");
    let tail = if poll.single { ").single();" } else { ");" };
    let flat = format!("{head}{}{tail}", source_args.join(", "));
    if poll.single || out.indent + flat.len() <= WIDTH {
        // A chained call breaks as prettyplease breaks chains: leave it to the statement writer.
        out.statement(&flat)?;
    } else {
        out.line(&head, true)?;
        out.indent += 4;
        for arg in &source_args {
            out.line_of(&[arg, ","], true)?;
        }
        out.indent -= 4;
        out.line(tail, true)?;
    }
    let name = string_literal(&trigger.name);
    let identity: Vec<String> = poll
        .identity
        .iter()
        .map(|field| format!("{string}::from({})", string_literal(field)))
        .collect();
    let order = match poll.order {
        ItemOrder::NewestFirst => "NewestFirst",
        ItemOrder::OldestFirst => "OldestFirst",
        ItemOrder::Unordered => "Unordered",
    };
    let fields = [
        format!("trigger: {string}::from({name})"),
        format!("identity: ::std::vec![{}]", identity.join(", ")),
        format!("cursor: {option}::None"),
        format!("order: {rt}::poll::ItemOrder::{order}"),
    ];
    struct_literal(
        out,
        &format!("let spec = {rt}::poll::PollSpec"),
        &fields,
        "",
    )?;
    let fields = [
        format!("limits: {option}::None"),
        format!("clock: options.clock.or_else(|| {option}::Some(self.inner.clock().clone()))"),
    ];
    struct_literal(
        out,
        &format!("let options = {rt}::poll::PollerOptions"),
        &fields,
        "..options",
    )?;
    out.line_fmt(
        format_args!("{rt}::poll::Poller::start(spec, source, store, options)"),
        true,
    )
}

/// `head { fields, rest };` broken one field per line, as prettyplease breaks a struct
/// literal too long for one line; `None` when it would fit on one (it never does for the
/// literals here) or a field does not fit on its line.
fn struct_literal(out: &mut Out, head: &str, fields: &[String], rest: &str) -> Option<()> {
    let flat_len = head.len()
        + " { ".len()
        + fields.iter().map(|f| f.len() + 2).sum::<usize>()
        + rest.len()
        + " };".len();
    if out.indent + flat_len <= WIDTH {
        return None;
    }
    out.line_of(&[head, " {"], true)?;
    out.indent += 4;
    for field in fields {
        out.line_of(&[field, ","], true)?;
    }
    if !rest.is_empty() {
        out.line(rest, true)?;
    }
    out.indent -= 4;
    out.line("};", true)
}

#[cfg(test)]
mod tests {
    use super::super::text_tests::{each_spec, pretty};
    use super::super::triggers;
    use super::*;

    /// Every poller of the seed connectors and the hostile specs that the writer takes is the
    /// text prettyplease prints for its tokens, and it takes the request polls of
    /// `batch_polls.yaml` whose lines fit (all but the one named to pass the margin).
    #[test]
    fn pollers_are_written_as_prettyplease_prints_their_tokens() {
        let (mut written, mut refused) = (0, 0);
        each_spec(
            &["connectors", "tests/rust_adversarial"],
            |spec, connector, ctx| {
                for (index, trigger) in connector.triggers.iter().enumerate() {
                    let Some(text) = poller(ctx, index, 4) else {
                        refused += 1;
                        continue;
                    };
                    let expected = pretty(ctx, triggers::emit_trigger(ctx, trigger), true);
                    assert_eq!(text, expected, "{} {}", spec.display(), trigger.name);
                    written += 1;
                }
            },
        );
        assert!(written >= 6, "{written} written, {refused} refused");
    }
}
