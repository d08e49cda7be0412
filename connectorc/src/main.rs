//! `connectorc`: the connector compiler's command line.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod allocator;
mod commands;
mod lsp;

// `lsp` names the compiler's parts as if they were this crate's own.
use codegen::{check, diag, spec, spec_schema_json};
use connector_platform::platform;

use commands::{build, import, init, lint, rust, schema, EXIT_USAGE};

/// Compiles connector specs into typed clients and platform connectors.
#[derive(Parser)]
#[command(name = "connectorc", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check specs and report every error with its file, line and column.
    Check(commands::check::CheckArgs),
    /// Print the JSON Schema of the spec language, or write it into a folder.
    Schema(schema::SchemaArgs),
    /// Run the language server on standard input and output (for editors).
    Lsp(commands::lsp::LspArgs),
    /// Write a commented starter spec (`NAME.yaml`), or with `--crate` a crate that compiles it.
    Init(init::InitArgs),
    /// Import an OpenAPI 3.0 or 3.1 document or a Power Platform connector folder as a spec.
    Import(import::ImportArgs),
    /// Compile specs into `generated/<id>/` folders (Power Platform files, README, OpenAPI).
    Build(build::BuildArgs),
    /// Write the typed Rust client of a spec: a module (`DIR/<module>.rs`), or with `--crate` a
    /// library crate (`DIR/Cargo.toml`, `DIR/src/`) on this project's runtime.
    Rust(rust::RustArgs),
    /// Check connector folders (or the folders specs build) against the platform's certification rules.
    Lint(lint::LintArgs),
}

fn main() -> ExitCode {
    allocator::tune();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return if error.use_stderr() {
                ExitCode::from(EXIT_USAGE)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match cli.command {
        Command::Check(args) => commands::check::run(&args),
        Command::Schema(args) => schema::run(&args),
        Command::Init(args) => init::run(&args),
        Command::Lsp(args) => commands::lsp::run(&args),
        Command::Import(args) => import::run(&args),
        Command::Build(args) => build::run(&args),
        Command::Rust(args) => rust::run(&args),
        Command::Lint(args) => lint::run(&args),
    }
}
