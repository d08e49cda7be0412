//! One module per subcommand: its arguments and what it does. Every command returns its exit
//! code: 0 clean, 1 errors in a spec or an imported document (including a file that is not UTF-8
//! or exceeds a budget), 2 usage or I/O errors (a file that cannot be read or written, a bad flag).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use codegen::diag::{render_text, Diagnostic, RenderStyle};
use codegen::spec::ReadLimits;

pub(crate) mod build;
pub(crate) mod check;
pub(crate) mod import;
pub(crate) mod init;
pub(crate) mod lint;
pub(crate) mod lsp;
pub(crate) mod rust;
pub(crate) mod schema;

/// The exit code of errors in a spec or an imported document.
pub(crate) const EXIT_SPEC_ERRORS: u8 = 1;
/// The exit code of usage and I/O errors.
pub(crate) const EXIT_USAGE: u8 = 2;

/// How reports are printed.
#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum Format {
    /// Human-readable reports.
    Text,
    /// A JSON array of diagnostics.
    Json,
}

/// `--limit NAME=VALUE`, for the commands that read specs.
#[derive(Args)]
pub(crate) struct ReadLimitArgs {
    /// Raise or lower a limit of reading a spec: max_file_bytes, max_depth, max_nodes or
    /// max_aliases; repeatable
    #[arg(long = "limit", value_name = "NAME=VALUE")]
    limits: Vec<String>,
}

impl ReadLimitArgs {
    /// The limits, or the usage exit code after naming a bad `--limit`.
    fn read_limits(&self) -> Result<ReadLimits, ExitCode> {
        read_limits(&self.limits)
    }
}

/// The spec reader's limits `--limit NAME=VALUE` arguments set, or the usage exit code after
/// naming a bad one.
fn read_limits(args: &[String]) -> Result<ReadLimits, ExitCode> {
    let mut limits = ReadLimits::default();
    for limit in args {
        if let Err(error) = limits.set_from_arg(limit) {
            eprintln!("error: --limit {limit}: {error}");
            return Err(ExitCode::from(EXIT_USAGE));
        }
    }
    Ok(limits)
}

/// Prints diagnostics to standard error, without colour.
fn eprint_diagnostics(diagnostics: &[Diagnostic]) {
    eprint!("{}", render_text(diagnostics, RenderStyle::plain()));
}

/// Whether any diagnostic is a file that could not be read.
fn has_io_error(diagnostics: &[Diagnostic]) -> bool {
    diagnostics
        .iter()
        .any(|d| d.code == codegen::diag::Code::Io)
}

/// The spec files `paths` name, or the exit code after saying why there are none.
fn spec_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, ExitCode> {
    match codegen::spec_files(paths) {
        Ok(files) if files.is_empty() => {
            eprintln!("error: no spec files (*.yaml) found");
            Err(ExitCode::from(EXIT_USAGE))
        }
        Ok(files) => Ok(files),
        Err(error) => {
            eprintln!("error: {error}");
            Err(ExitCode::from(EXIT_USAGE))
        }
    }
}

/// Writes `content` to `path`, creating its folder, and says so.
fn write_file(path: &Path, content: impl AsRef<[u8]>) -> Result<(), ExitCode> {
    let written = path
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|_| std::fs::write(path, content));
    if let Err(error) = written {
        eprintln!("error: cannot write {}: {error}", path.display());
        return Err(ExitCode::from(EXIT_USAGE));
    }
    eprintln!("wrote {}", path.display());
    Ok(())
}

/// This repository's root: where the `connectors` runtime crate of a written crate is.
fn repository_root() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    std::fs::canonicalize(&root).unwrap_or(root)
}
