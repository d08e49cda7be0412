//! What every trigger method shares, whether it polls or takes webhooks: how it declares its
//! inputs, the `params` structs it takes and its doc comment.

use proc_macro2::TokenStream;

use super::inputs::{declare, params_struct, Declared, Inputs, Style};
use super::{docs, Ctx};
use crate::ir::Trigger;

/// The struct of the `params` module that `trigger`'s methods take, if they take one.
pub(crate) fn trigger_params(ctx: &Ctx, trigger: &Trigger) -> Option<TokenStream> {
    let names = ctx.names.trigger(&trigger.name);
    let name = names.params.as_deref()?;
    let inputs = Inputs::of_trigger(ctx.connector, trigger)?;
    let method = names.methods.first().map(|(_, m)| m.as_str())?;
    Some(params_struct(ctx, &inputs, name, method))
}

/// How a trigger method declares its inputs, after the names in `reserved`.
pub(crate) fn trigger_inputs<'a>(
    ctx: &'a Ctx,
    trigger: &'a Trigger,
    reserved: &[&str],
) -> Declared<'a> {
    let inputs = Inputs::of_trigger(ctx.connector, trigger).unwrap_or_default();
    let struct_name = ctx.names.trigger(&trigger.name).params.clone();
    declare(
        ctx,
        &inputs,
        reserved,
        struct_name.as_deref(),
        Style::Method,
    )
}

/// The doc comment of a trigger method: the trigger's summary, then `text`.
pub(crate) fn method_doc(trigger: &Trigger, text: &str) -> TokenStream {
    docs::lines(&method_doc_text(trigger, text))
}

/// The text of [`method_doc`].
pub(crate) fn method_doc_text(trigger: &Trigger, text: &str) -> String {
    let mut doc = String::new();
    if let Some(summary) = &trigger.summary {
        doc.push_str(summary.trim());
        doc.push_str("\n\n");
    }
    doc.push_str(text);
    doc
}
