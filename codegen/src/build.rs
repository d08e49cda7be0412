//! The `build.rs` entry point, in the style of `prost-build`: a builder that checks specs and
//! turns any error into a readable build failure.

use std::path::{Path, PathBuf};

use crate::diag::{render_text, Diagnostic, RenderStyle};
use crate::ir::Connector;
use crate::spec::ReadLimits;

/// Configures and runs the compiler from a build script.
///
/// ```no_run
/// // build.rs
/// fn main() {
///     if let Err(report) = codegen::Config::new().compile(&["connectors"]) {
///         panic!("{report}");
///     }
/// }
/// ```
#[derive(Clone, Debug)]
pub struct Config {
    limits: ReadLimits,
    emit_rerun: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config::new()
    }
}

impl Config {
    /// A configuration with default limits that prints `cargo:rerun-if-changed` lines.
    pub fn new() -> Self {
        Config {
            limits: ReadLimits::default(),
            emit_rerun: true,
        }
    }

    /// Sets the resource limits for reading specs.
    pub fn limits(&mut self, limits: ReadLimits) -> &mut Self {
        self.limits = limits;
        self
    }

    /// Whether to print `cargo:rerun-if-changed` for each spec and directory (on by default).
    pub fn emit_rerun_if_changed(&mut self, on: bool) -> &mut Self {
        self.emit_rerun = on;
        self
    }

    /// Checks every spec under `paths` (files, or directories of `*.yaml`).
    ///
    /// Returns the checked connectors in path order, or the rendered report of every error.
    pub fn compile(&self, paths: &[impl AsRef<Path>]) -> Result<Vec<Connector>, String> {
        let paths: Vec<PathBuf> = paths.iter().map(|p| p.as_ref().to_path_buf()).collect();
        if self.emit_rerun {
            for path in &paths {
                println!("cargo:rerun-if-changed={}", path.display());
            }
        }
        let files = crate::spec_files(&paths).map_err(|e| format!("cannot list specs: {e}"))?;
        let mut connectors = Vec::new();
        let mut errors: Vec<Diagnostic> = Vec::new();
        for file in files {
            if self.emit_rerun {
                println!("cargo:rerun-if-changed={}", file.display());
            }
            let outcome = crate::check_file_with(&file, &self.limits);
            let failed = outcome.has_errors();
            errors.extend(outcome.diagnostics.into_iter().filter(Diagnostic::is_error));
            if let (false, Some(connector)) = (failed, outcome.connector) {
                connectors.push(connector);
            }
        }
        if errors.is_empty() {
            Ok(connectors)
        } else {
            Err(render_text(&errors, RenderStyle::plain()))
        }
    }
}
