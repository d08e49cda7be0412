//! The Rust client emitter: one module per connector, built as tokens with `quote!`, parsed by
//! `syn` and printed by `prettyplease`; the long item lists are built and printed on several
//! threads (`parallel`).
//!
//! The generated module holds `types` (a struct or enum for every named and inline type),
//! `params` (the optional parameters of each action), a `Connection` with the connection
//! parameters and a `Client` with one async method per action and the methods of each trigger
//! (`<trigger>_poller` for polls; `_subscribe`, `_unsubscribe` and `_receive` for webhooks).
//! Everything it needs at run time is reached through one path,
//! [`RustOptions::runtime_path`] (`::connectors::runtime` by default).

mod actions;
mod args_text;
mod auth;
mod client;
mod docs;
mod enum_text;
mod enums;
mod gates;
mod inputs;
mod inventory;
mod long_statement;
mod marker;
mod method_text;
mod names;
mod package;
mod parallel;
mod param_structs;
mod params_text;
mod plain;
mod plain_fn;
mod poller_text;
mod request_text;
mod requests;
mod shared;
mod short;
mod struct_graph;
mod struct_text;
mod structs;
#[cfg(test)]
mod text_tests;
mod trigger_args;
mod triggers;
mod type_text;
mod typeref;
mod types;
mod values;
mod webhooks;

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::Connector;

pub use gates::tag_feature;
pub use package::{crate_files, crate_files_with, module_file};

/// Options of the Rust emitter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RustOptions {
    /// The path of the runtime module the generated code calls (`::connectors::runtime`).
    pub runtime_path: String,
    /// Gate each tagged action behind the cargo features of its tags (`tag-<tag>`, see
    /// [`tag_feature`]), and each type behind the features of what uses it, so that a crate
    /// compiles only the tags it turns on. The crate must declare those features.
    pub tag_features: bool,
    /// Have the structs of JSON services read each field straight into its type (the direct
    /// form of the runtime's `json_object!`) rather than through `serde_json` values: responses
    /// decode about 3× faster, as fast as with serde's derives, and the first `cargo check` of
    /// a large client takes about 1.5× as long (the README has the figures).
    pub fast_decode: bool,
}

impl Default for RustOptions {
    fn default() -> Self {
        RustOptions {
            runtime_path: "::connectors::runtime".into(),
            tag_features: false,
            fast_decode: false,
        }
    }
}

/// An error of the Rust emitter. A bad option is the only cause a user can meet; the others
/// would be bugs of the emitter, reported rather than panicked on.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EmitError {
    /// `RustOptions::runtime_path` is not a Rust path.
    #[error("runtime path `{path}` is not a Rust path: {source}")]
    RuntimePath {
        /// The path as given.
        path: String,
        /// Why it does not parse.
        source: syn::Error,
    },
    /// The emitted tokens do not parse as a Rust file.
    #[error("generated code does not parse: {0}")]
    Unparsable(#[source] syn::Error),
    /// A thread to emit on could not be started.
    #[error("cannot start an emitting thread: {0}")]
    Thread(#[source] std::io::Error),
    /// A share of items formatted on a thread did not come back as one wrapped list.
    #[error("a formatted share is not one wrapped item list")]
    Share,
    /// A list's marker stands more than once in the module skeleton.
    #[error("the marker {0} is in the module twice")]
    Marker(String),
}

/// What every part of the emitter needs: the connector, the runtime path and the analyses
/// computed once per connector.
pub(crate) struct Ctx<'a> {
    pub connector: &'a Connector,
    /// The runtime path as the module writes it (`__rt` where the alias is declared).
    pub rt: TokenStream,
    pub serde_crate: String,
    pub recursion: &'a struct_graph::Recursion,
    pub names: &'a names::Names,
    pub hashable: &'a struct_graph::Hashable,
    /// The types that repeat an earlier one's shape.
    pub shared: &'a shared::Shared,
    /// The cargo features each action and type is compiled under (none without
    /// `RustOptions::tag_features`).
    pub gates: &'a gates::Gates,
    /// Whether the long item lists (types, request builders, client methods) are left out, each
    /// as one marker item that [`parallel`] replaces with the items formatted on other threads.
    pub splice: bool,
    /// Whether JSON services' structs read fields straight into their types
    /// (`RustOptions::fast_decode`).
    pub fast_decode: bool,
    /// The paths the module may write short.
    pub short: short::Shortening,
}

/// The analyses of a connector every thread of the emitter shares.
pub(crate) struct Analysis {
    recursion: struct_graph::Recursion,
    names: names::Names,
    hashable: struct_graph::Hashable,
    /// The names the module's own types and `params` structs take.
    taken: BTreeSet<String>,
    shared: shared::Shared,
    gates: gates::Gates,
}

impl Analysis {
    /// The analyses of `connector`, all on the calling thread.
    fn of(connector: &Connector, options: &RustOptions) -> Analysis {
        Analysis::of_on(connector, options, false)
    }

    /// The analyses of `connector`; with `parallel`, the names are found on this thread while
    /// the type graph is analysed on another (they do not depend on each other).
    fn of_on(connector: &Connector, options: &RustOptions, parallel: bool) -> Analysis {
        let decls = inventory::inventory(connector);
        let names_of = || {
            let names = names::Names::of(connector);
            let taken = taken_names(connector, &decls, &names);
            (names, taken)
        };
        let graph_of = || {
            (
                struct_graph::Recursion::of(connector, &decls),
                struct_graph::Hashable::of(connector, &decls),
            )
        };
        let ((names, taken), (recursion, hashable)) = if parallel {
            crate::join::join("emit-analysis", names_of, graph_of)
        } else {
            (names_of(), graph_of())
        };
        let mut analysis = Analysis {
            recursion,
            taken,
            names,
            hashable,
            shared: shared::Shared::default(),
            gates: gates::Gates::default(),
        };
        // The default runtime path always parses; the shapes do not depend on it.
        if let Ok(ctx) = analysis.ctx(connector, &RustOptions::default(), false) {
            let shared = shared::Shared::of(&ctx, &decls);
            analysis.shared = shared;
        }
        if options.tag_features {
            analysis.gates = gates::Gates::of(connector, &analysis.shared);
        }
        analysis
    }

    /// A context on the calling thread (tokens cannot cross threads).
    fn ctx<'a>(
        &'a self,
        connector: &'a Connector,
        options: &RustOptions,
        splice: bool,
    ) -> Result<Ctx<'a>, EmitError> {
        let path: syn::Path =
            syn::parse_str(&options.runtime_path).map_err(|source| EmitError::RuntimePath {
                path: options.runtime_path.clone(),
                source,
            })?;
        let short = short::Shortening::new(&self.taken, &quote!(#path));
        Ok(Ctx {
            connector,
            rt: short.runtime_path(),
            short,
            serde_crate: format!("{}::serde", options.runtime_path.replace(' ', "")),
            recursion: &self.recursion,
            names: &self.names,
            hashable: &self.hashable,
            shared: &self.shared,
            gates: &self.gates,
            splice,
            fast_decode: options.fast_decode,
        })
    }
}

/// The generated module's source text: an `@generated` header and the pretty-printed items.
/// The long item lists are built and formatted on as many threads as the machine has (at most
/// 8); the text is the same as on one thread.
pub fn emit_module(connector: &Connector, options: &RustOptions) -> Result<String, EmitError> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    emit_module_on(connector, options, threads)
}

/// [`emit_module`] on `threads` threads (1: all on the calling thread, formatted in one pass).
pub fn emit_module_on(
    connector: &Connector,
    options: &RustOptions,
    threads: usize,
) -> Result<String, EmitError> {
    let analysis = Analysis::of_on(connector, options, threads > 1);
    let body = if threads <= 1 {
        let ctx = analysis.ctx(connector, options, false)?;
        format_file(ctx.short.apply(module_items(&ctx)))?
    } else {
        parallel::emit(connector, options, &analysis, threads)?
    };
    Ok(format!(
        "// @generated by connectorc (codegen {}) from the `{}` connector spec.\n// Do not edit: change the spec and rebuild.\n\n{body}",
        env!("CARGO_PKG_VERSION"),
        connector.module_name
    ))
}

/// Parses tokens built here as a file and pretty-prints it.
fn format_file(tokens: TokenStream) -> Result<String, EmitError> {
    let file: syn::File = syn::parse2(tokens).map_err(EmitError::Unparsable)?;
    Ok(prettyplease::unparse(&file))
}

/// The generated module's items as tokens.
pub fn module_tokens(
    connector: &Connector,
    options: &RustOptions,
) -> Result<TokenStream, EmitError> {
    let analysis = Analysis::of(connector, options);
    let ctx = analysis.ctx(connector, options, false)?;
    Ok(ctx.short.apply(module_items(&ctx)))
}

fn module_items(ctx: &Ctx) -> TokenStream {
    let types = types::emit_types(ctx);
    let params = param_structs::emit_params_module(ctx);
    let requests = requests::emit_requests_module(ctx);
    let client = client::emit_client(ctx);
    // A glob of an empty module would be an unused import.
    let reexport = if types.is_empty() {
        TokenStream::new()
    } else {
        quote!(
            pub use types::*;
        )
    };
    let alias = short::runtime_alias(&ctx.short);
    quote! {
        #alias
        #types
        #params
        #reexport
        #requests
        #client
    }
}

/// The names of the module's types (named and inline) and of its `params` structs, which
/// shortened paths must not take.
fn taken_names(
    connector: &Connector,
    decls: &[inventory::Decl],
    names: &names::Names,
) -> BTreeSet<String> {
    let mut taken: BTreeSet<String> = decls
        .iter()
        .map(|decl| match decl {
            inventory::Decl::Alias(named) => named.rust_name.clone(),
            inventory::Decl::Struct(object, _) => object.rust_name.clone(),
            inventory::Decl::Enum(enum_type, _) => enum_type.rust_name.clone(),
        })
        .collect();
    for action in &connector.actions {
        taken.extend(names.action(&action.name).params.clone());
    }
    for trigger in &connector.triggers {
        taken.extend(names.trigger(&trigger.name).params.clone());
    }
    taken
}
