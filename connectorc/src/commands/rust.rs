//! `connectorc rust`: the typed Rust client of a spec, as a module or a crate.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use codegen::emit::rust::{crate_files_with, module_file, RustOptions};
use connector_platform::import::import_path_connector;

use super::import::{eprint_warnings, import_failed, ImportChoices};
use super::{
    eprint_diagnostics, has_io_error, read_limits, repository_root, write_file, EXIT_SPEC_ERRORS,
    EXIT_USAGE,
};

/// The arguments of `connectorc rust`.
#[derive(Args)]
pub(crate) struct RustArgs {
    /// The spec file; with `--import`, an OpenAPI document or a Power Platform connector folder.
    spec: PathBuf,
    /// The folder to write into.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Write a crate (`Cargo.toml`, `src/lib.rs`, `src/<module>.rs`) instead of a module.
    #[arg(long = "crate")]
    make_crate: bool,
    /// The path the module calls the runtime through (module form only).
    #[arg(long, value_name = "PATH", default_value = "::connectors::runtime")]
    runtime_path: String,
    /// Gate each tag's methods, and the types only they use, behind a cargo feature
    /// `tag-<tag>` (the crate form declares them, all on by default).
    #[arg(long)]
    tag_features: bool,
    /// Have the structs read each field straight into its type: responses decode about 3x
    /// faster, and the first `cargo check` of a large client takes about 1.5x as long.
    #[arg(long)]
    fast_decode: bool,
    /// Read the input as `connectorc import` does and write the client of the spec it makes,
    /// without writing the spec (diagnostics point into the spec `connectorc import` writes).
    #[arg(long)]
    import: bool,
    /// The import's choices (with `--import`).
    #[command(flatten, next_help_heading = "Import (with --import)")]
    choices: ImportChoices,
}

/// Runs `connectorc rust`.
pub(crate) fn run(args: &RustArgs) -> ExitCode {
    let outcome = if args.import {
        let options = match args.choices.options() {
            Ok(options) => options,
            Err(code) => return code,
        };
        match import_path_connector(&args.spec, &options) {
            Ok(imported) => {
                eprint_warnings(&args.spec, &imported.warnings);
                imported.outcome
            }
            Err(error) => return import_failed(&args.spec, &error),
        }
    } else if let Some(flag) = args.choices.first_given() {
        eprintln!("error: `{flag}` chooses what to import: it needs `--import`");
        return ExitCode::from(EXIT_USAGE);
    } else {
        match read_limits(args.choices.limit_args()) {
            Ok(limits) => codegen::check_file_with(&args.spec, &limits),
            Err(code) => return code,
        }
    };
    if !outcome.diagnostics.is_empty() {
        eprint_diagnostics(&outcome.diagnostics);
    }
    let has_errors = outcome.has_errors();
    let Some(connector) = outcome.connector.filter(|_| !has_errors) else {
        let io = has_io_error(&outcome.diagnostics);
        return ExitCode::from(if io { EXIT_USAGE } else { EXIT_SPEC_ERRORS });
    };
    let options = RustOptions {
        runtime_path: args.runtime_path.clone(),
        tag_features: args.tag_features,
        fast_decode: args.fast_decode,
    };
    let files = if args.make_crate {
        crate_files_with(&connector, &repository_root(), &options)
    } else {
        module_file(&connector, &options).map(|file| vec![file])
    };
    let files = match files {
        Ok(files) => files,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    for file in &files {
        if let Err(code) = write_file(&args.out.join(&file.name), &file.content) {
            return code;
        }
    }
    codegen::drop_later::drop_later((connector, files));
    ExitCode::SUCCESS
}
