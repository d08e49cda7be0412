//! The `params` module: the structs of the client's methods that take one.

use proc_macro2::TokenStream;
use quote::quote;

use super::inputs::{params_struct, Inputs};
use super::short::runtime_alias;
use super::{trigger_args, Ctx};

/// The `params` module: one struct per action or trigger method that takes one.
pub(crate) fn emit_params_module(ctx: &Ctx) -> TokenStream {
    let mut structs: Vec<TokenStream> = Vec::new();
    for action in &ctx.connector.actions {
        let names = ctx.names.action(&action.name);
        if let Some(name) = &names.params {
            let inputs = Inputs::of_action(ctx.connector, action);
            let gate = ctx.gates.action(&action.name);
            let item = params_struct(ctx, &inputs, name, &names.method);
            structs.push(quote!(#gate #item));
        }
    }
    structs.extend(trigger_args::params_structs(ctx));
    if structs.is_empty() {
        return TokenStream::new();
    }
    let alias = runtime_alias(&ctx.rt, &ctx.short);
    quote! {
        /// The parameters of the client's methods that take a struct: the optional ones, and
        /// all of them for a method with many.
        pub mod params {
            #alias
            #(#structs)*
        }
    }
}
