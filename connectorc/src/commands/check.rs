//! `connectorc check`: every error of every spec, with its file, line and column.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use codegen::diag::{render_json, render_text, Diagnostic, RenderStyle};

use super::{has_io_error, spec_files, Format, ReadLimitArgs, EXIT_SPEC_ERRORS, EXIT_USAGE};

/// The arguments of `connectorc check`.
#[derive(Args)]
pub(crate) struct CheckArgs {
    /// Spec files, or directories of `*.yaml` specs.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Colour: auto (when the output is a terminal), always or never.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
    /// Fail (exit 1) on warnings too, the platform's certification rules included.
    #[arg(long)]
    deny_warnings: bool,
    /// The limits of reading the specs.
    #[command(flatten)]
    read: ReadLimitArgs,
}

/// When text reports are coloured.
#[derive(Clone, Copy, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

impl Color {
    /// Whether to colour reports written to standard error.
    fn enabled(self) -> bool {
        match self {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => {
                std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
            }
        }
    }
}

/// Runs `connectorc check`.
pub(crate) fn run(args: &CheckArgs) -> ExitCode {
    let limits = match args.read.read_limits() {
        Ok(limits) => limits,
        Err(code) => return code,
    };
    let files = match spec_files(&args.paths) {
        Ok(files) => files,
        Err(code) => return code,
    };
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    let mut ids = Vec::new();
    for file in &files {
        let outcome = connector_platform::platform::check_file_for_platform_with(file, &limits);
        if let Some(connector) = outcome.connector {
            ids.push((file.clone(), connector.id.clone()));
            codegen::drop_later::drop_later(connector);
        }
        diagnostics.extend(outcome.diagnostics);
    }
    diagnostics.extend(codegen::check::duplicate_connector_ids(&ids));
    match args.format {
        Format::Json => {
            let output = format!("{}\n", render_json(&diagnostics));
            let _ = std::io::stdout().write_all(output.as_bytes());
        }
        Format::Text => {
            let output = if diagnostics.is_empty() {
                format!("checked {} spec(s): no problems\n", files.len())
            } else {
                let style = RenderStyle {
                    color: args.color.enabled(),
                    ..RenderStyle::plain()
                };
                render_text(&diagnostics, style)
            };
            let _ = std::io::stderr().write_all(output.as_bytes());
        }
    }
    if has_io_error(&diagnostics) {
        ExitCode::from(EXIT_USAGE)
    } else if connector_platform::platform::fails(&diagnostics, args.deny_warnings) {
        ExitCode::from(EXIT_SPEC_ERRORS)
    } else {
        ExitCode::SUCCESS
    }
}
