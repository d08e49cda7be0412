//! What the text writers' unit tests share: a context for every spec of the project's folders,
//! and the text prettyplease prints for an item's tokens inside a module or an impl.

use std::path::Path;

use proc_macro2::TokenStream;
use quote::quote;

use super::{format_file, Analysis, Ctx, RustOptions};
use crate::ir::Connector;

/// Calls `check` with each checked spec of `folders` (under the workspace root) and its
/// emitting context.
pub(crate) fn each_spec(folders: &[&str], mut check: impl FnMut(&Path, &Connector, &Ctx)) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let folders: Vec<_> = folders.iter().map(|f| root.join(f)).collect();
    let specs = crate::spec_files(&folders).expect("the spec folders list");
    for spec in specs {
        let connector = crate::check_file(&spec).connector.expect("checks");
        let options = RustOptions::default();
        let analysis = Analysis::of(&connector, &options);
        let ctx = analysis.ctx(&connector, &options, false).expect("ctx");
        check(&spec, &connector, &ctx);
    }
}

/// The shortened `tokens` as prettyplease prints them in a module (`in_impl` false) or an
/// impl block, without the wrapper's first and last lines.
pub(crate) fn pretty(ctx: &Ctx, tokens: TokenStream, in_impl: bool) -> String {
    let wrapped = if in_impl {
        quote!(impl S { #tokens })
    } else {
        quote!(mod m { #tokens })
    };
    let file = format_file(ctx.short.apply(wrapped)).expect("formats");
    let (_, inner) = file.split_once('\n').expect("a wrapper line");
    inner
        .strip_suffix("}\n")
        .expect("a closing line")
        .to_owned()
}
