//! `connectorc`: the connector compiler's command line.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use codegen::diag::{render_json, render_text, Diagnostic, RenderStyle};

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
    Check {
        /// Spec files, or directories of `*.yaml` specs.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Colour: auto (when the output is a terminal), always or never.
        #[arg(long, value_enum, default_value_t = Color::Auto)]
        color: Color,
    },
    /// Print the JSON Schema of the spec language.
    Schema,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// Human-readable reports.
    Text,
    /// A JSON array of diagnostics.
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

/// Exit codes: 0 clean, 1 spec errors, 2 usage or I/O errors.
const EXIT_SPEC_ERRORS: u8 = 1;
const EXIT_USAGE: u8 = 2;

fn main() -> ExitCode {
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
        Command::Check {
            paths,
            format,
            color,
        } => check(&paths, format, color),
        Command::Schema => {
            print!("{}", codegen::spec_schema_json());
            ExitCode::SUCCESS
        }
    }
}

fn check(paths: &[PathBuf], format: Format, color: Color) -> ExitCode {
    let files = match codegen::spec_files(paths) {
        Ok(files) => files,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    if files.is_empty() {
        eprintln!("error: no spec files (*.yaml) found");
        return ExitCode::from(EXIT_USAGE);
    }
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    for file in &files {
        diagnostics.extend(codegen::check_file(file).diagnostics);
    }
    let io_failure = diagnostics
        .iter()
        .any(|d| d.code == codegen::diag::Code::Io);
    let failed = diagnostics.iter().any(Diagnostic::is_error);
    let output = match format {
        Format::Json => format!("{}\n", render_json(&diagnostics)),
        Format::Text => {
            let color = match color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => {
                    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
                }
            };
            let style = RenderStyle {
                color,
                ..RenderStyle::plain()
            };
            if diagnostics.is_empty() {
                format!("checked {} spec(s): no problems\n", files.len())
            } else {
                render_text(&diagnostics, style)
            }
        }
    };
    match format {
        Format::Json => {
            let _ = std::io::stdout().write_all(output.as_bytes());
        }
        Format::Text => {
            let _ = std::io::stderr().write_all(output.as_bytes());
        }
    }
    if io_failure {
        ExitCode::from(EXIT_USAGE)
    } else if failed {
        ExitCode::from(EXIT_SPEC_ERRORS)
    } else {
        ExitCode::SUCCESS
    }
}
