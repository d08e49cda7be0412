//! The `params` module: the structs of the client's methods that take one.

use proc_macro2::TokenStream;
use quote::quote;

use super::inputs::{params_struct, Inputs};
use super::marker::{marker, Section};
use super::short::runtime_alias;
use super::{trigger_args, Ctx};

/// The `params` module: one struct per action or trigger method that takes one (one marker in
/// their place with `Ctx::splice`).
pub(crate) fn emit_params_module(ctx: &Ctx) -> TokenStream {
    let structs: Vec<TokenStream> = if ctx.splice {
        let any = (0..len(ctx)).any(|index| has_item(ctx, index));
        any.then(|| marker(Section::Params)).into_iter().collect()
    } else {
        (0..len(ctx)).filter_map(|index| item(ctx, index)).collect()
    };
    if structs.is_empty() {
        return TokenStream::new();
    }
    let alias = runtime_alias(&ctx.short);
    quote! {
        /// The parameters of the client's methods that take a struct: the optional ones, and
        /// all of them for a method with many.
        pub mod params {
            #alias
            #(#structs)*
        }
    }
}

/// How many sources the module's structs come from: the actions, then the triggers.
pub(crate) fn len(ctx: &Ctx) -> usize {
    ctx.connector.actions.len() + ctx.connector.triggers.len()
}

/// Whether source `index` (an action, then a trigger) has a struct.
fn has_item(ctx: &Ctx, index: usize) -> bool {
    match ctx.connector.actions.get(index) {
        Some(action) => ctx.names.action(&action.name).params.is_some(),
        None => item(ctx, index).is_some(),
    }
}

/// The struct of source `index` (an action, then a trigger), if it has one.
pub(crate) fn item(ctx: &Ctx, index: usize) -> Option<TokenStream> {
    let actions = &ctx.connector.actions;
    let Some(action) = actions.get(index) else {
        let trigger = ctx.connector.triggers.get(index - actions.len())?;
        return trigger_args::trigger_params(ctx, trigger);
    };
    let names = ctx.names.action(&action.name);
    let name = names.params.as_ref()?;
    let inputs = Inputs::of_action(ctx.connector, action);
    let gate = ctx.gates.action(&action.name);
    let item = params_struct(ctx, &inputs, name, &names.method);
    Some(quote!(#gate #item))
}
