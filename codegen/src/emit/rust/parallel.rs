//! Emission on several threads. The module is first built and formatted with one marker item in
//! place of each long item list (types, request builders, client methods, trigger methods).
//! Each thread then builds a contiguous share of every list, wraps it as the list is wrapped in
//! the module (`mod …` or `impl …` at the top level, so every line is indented and broken as it
//! would be there) and formats it; the shares replace the markers in order. Plain type
//! declarations and functions skip `syn` and are written as text by [`super::plain`] and
//! [`super::plain_fn`]. The text is the same
//! as formatting the whole module in one pass (`platform/tests/rust_parallel_emit.rs`).

use std::ops::Range;

use proc_macro2::TokenStream;
use quote::quote;

use super::inventory::{inventory, Decl};
use super::marker::{Section, SECTIONS};
use super::{
    actions, format_file, method_text, module_items, param_structs, params_text, plain, plain_fn,
    poller_text, request_text, requests, struct_text, triggers, types, Analysis, Ctx, EmitError,
    RustOptions,
};
use crate::ir::Connector;

/// Stack of each emitting thread: deep types recurse in the emitter and in `syn`.
const STACK_BYTES: usize = 64 * 1024 * 1024;

/// The item of this list at `index` of its sources (none for an action without `params`).
fn item(section: Section, ctx: &Ctx, decls: &[Decl], index: usize) -> Option<TokenStream> {
    let connector = ctx.connector;
    match section {
        Section::Types => Some(types::type_item(ctx, &decls[index])),
        Section::Params => param_structs::item(ctx, index),
        Section::Requests => Some(requests::builder(ctx, &connector.actions[index])),
        Section::Methods => Some(actions::emit_method(ctx, &connector.actions[index])),
        Section::Triggers => Some(triggers::emit_trigger(ctx, &connector.triggers[index])),
    }
}

/// The item of this list at `index` written as text straight from the IR, when a text writer
/// takes it.
fn text_item(section: Section, ctx: &Ctx, decls: &[Decl], index: usize) -> Option<String> {
    match section {
        Section::Types => struct_text::type_item(ctx, &decls[index], 4),
        Section::Params => params_text::item(ctx, index, 4),
        Section::Requests => request_text::builder(ctx, index, 4),
        Section::Methods => method_text::method(ctx, index, 4),
        Section::Triggers => poller_text::poller(ctx, index, 4),
    }
}

fn len(section: Section, ctx: &Ctx, decls: usize) -> usize {
    let connector = ctx.connector;
    match section {
        Section::Types => decls,
        Section::Params => param_structs::len(ctx),
        Section::Requests | Section::Methods => connector.actions.len(),
        Section::Triggers => connector.triggers.len(),
    }
}

/// The items wrapped as the module wraps them.
fn wrap(section: Section, items: Vec<TokenStream>) -> TokenStream {
    match section {
        Section::Types | Section::Params | Section::Requests => {
            quote!(mod __splice { #(#items)* })
        }
        Section::Methods | Section::Triggers => quote!(impl __Splice { #(#items)* }),
    }
}

/// The formatted module (without its header), built on `threads` threads.
pub(crate) fn emit(
    connector: &Connector,
    options: &RustOptions,
    analysis: &Analysis,
    threads: usize,
) -> Result<String, EmitError> {
    let ctx = analysis.ctx(connector, options, true)?;
    let skeleton = format_file(ctx.short.apply(module_items(&ctx)))?;
    let shares: Vec<Result<Vec<String>, EmitError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|index| {
                std::thread::Builder::new()
                    .stack_size(STACK_BYTES)
                    .spawn_scoped(scope, move || {
                        share(connector, options, analysis, index, threads)
                    })
            })
            .collect();
        handles
            .into_iter()
            .map(|handle| match handle {
                Ok(handle) => handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                Err(e) => Err(EmitError::Thread(e)),
            })
            .collect()
    });
    let shares = shares.into_iter().collect::<Result<Vec<_>, _>>()?;
    splice(&skeleton, &shares)
}

/// The formatted share `index` of `threads` of every section, in [`SECTIONS`] order.
fn share(
    connector: &Connector,
    options: &RustOptions,
    analysis: &Analysis,
    index: usize,
    threads: usize,
) -> Result<Vec<String>, EmitError> {
    let ctx = analysis.ctx(connector, options, false)?;
    let decls = inventory(connector);
    SECTIONS
        .iter()
        .map(|&section| {
            let len = len(section, &ctx, decls.len());
            let range = len * index / threads..len * (index + 1) / threads;
            section_text(section, &ctx, &decls, range)
        })
        .collect()
}

/// The formatted items of `section` in `range`. Types that are plain declarations are written
/// as text by [`plain`], functions in its grammar by [`plain_fn`]; the other items are formatted with `syn` and prettyplease, in runs.
fn section_text(
    section: Section,
    ctx: &Ctx,
    decls: &[Decl],
    range: Range<usize>,
) -> Result<String, EmitError> {
    let mut text = String::new();
    let mut run = Vec::new();
    for index in range {
        if let Some(plain) = text_item(section, ctx, decls, index) {
            text.push_str(&formatted(section, std::mem::take(&mut run))?);
            text.push_str(&plain);
            continue;
        }
        let Some(tokens) = item(section, ctx, decls, index) else {
            continue;
        };
        // The writers take the tokens apart as they go (reading a shared token copies it), so
        // an item they refuse is built again for `syn`: the emitter is deterministic.
        let plain = match section {
            Section::Types | Section::Params => plain::items(tokens, 4, &ctx.short),
            Section::Requests | Section::Methods | Section::Triggers => {
                plain_fn::items(tokens, 4, &ctx.short)
            }
        };
        match plain {
            Some(plain) => {
                text.push_str(&formatted(section, std::mem::take(&mut run))?);
                text.push_str(&plain);
            }
            // Shortening an item alone is shortening it in the list: no path crosses items.
            None => {
                run.extend(item(section, ctx, decls, index).map(|tokens| ctx.short.apply(tokens)))
            }
        }
    }
    text.push_str(&formatted(section, run)?);
    Ok(text)
}

/// The lines of shortened `items` formatted in their section's wrapper.
fn formatted(section: Section, items: Vec<TokenStream>) -> Result<String, EmitError> {
    if items.is_empty() {
        return Ok(String::new());
    }
    inner_lines(&format_file(wrap(section, items))?)
}

/// The lines between a formatted wrapper's first line (`mod __splice {`) and its last (`}`).
fn inner_lines(text: &str) -> Result<String, EmitError> {
    let body = text
        .strip_suffix("}\n")
        .and_then(|t| t.split_once('\n'))
        .map(|(_, inner)| inner);
    body.map(str::to_owned).ok_or(EmitError::Share)
}

/// `skeleton` with the line holding each section's marker replaced by that section's items
/// from every share, in share order; a marker is on exactly one line when its list is in the
/// module, and absent when it is not. The text is written once, at its final length.
fn splice(skeleton: &str, shares: &[Vec<String>]) -> Result<String, EmitError> {
    // (first byte of the marker's line, first byte after it, section index)
    let mut lines = Vec::new();
    for (i, section) in SECTIONS.iter().enumerate() {
        let name = section.marker_name();
        let Some(at) = skeleton.find(name) else {
            continue;
        };
        if skeleton[at + name.len()..].contains(name) {
            return Err(EmitError::Marker(name.to_owned()));
        }
        let start = skeleton[..at].rfind('\n').map_or(0, |i| i + 1);
        let end = skeleton[at..]
            .find('\n')
            .map_or(skeleton.len(), |i| at + i + 1);
        lines.push((start, end, i));
    }
    lines.sort_unstable();
    let items: usize = shares.iter().flatten().map(String::len).sum();
    let mut text = String::with_capacity(skeleton.len() + items);
    let mut from = 0;
    for (start, end, i) in lines {
        text.push_str(&skeleton[from..start]);
        for share in shares {
            text.push_str(&share[i]);
        }
        from = end;
    }
    text.push_str(&skeleton[from..]);
    Ok(text)
}
