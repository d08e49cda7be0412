//! The `build.rs` entry point, in the style of `prost-build`: a builder that checks specs,
//! turns any error into a readable build failure, and writes one Rust module per connector into
//! `OUT_DIR` (only files whose content changed are rewritten).

use std::path::{Path, PathBuf};

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use crate::emit::rust::{emit_module, EmitError, RustOptions};

use crate::diag::{render_text, Diagnostic, RenderStyle};
use crate::ir::Connector;
use crate::spec::ReadLimits;

/// Why [`Config::compile`] failed. Its text is what a build script prints.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// A spec path could not be listed.
    #[error("cannot list specs: {0}")]
    ListSpecs(#[source] std::io::Error),
    /// Specs have errors; `report` renders every one of them.
    #[error("{report}")]
    Specs {
        /// The rendered report.
        report: String,
        /// The errors, sorted by file and position.
        diagnostics: Vec<Diagnostic>,
    },
    /// Two specs would be written as the same module.
    #[error("two specs make the module `{0}`; rename one of the files")]
    DuplicateModule(String),
    /// The Rust emitter refused an option.
    #[error(transparent)]
    Emit(#[from] EmitError),
    /// The `mod.rs` that declares the modules did not parse (a bug of ours).
    #[error("generated module list does not parse: {0}")]
    ModuleList(#[source] syn::Error),
    /// The output folder could not be created.
    #[error("cannot create {}: {source}", path.display())]
    CreateDir {
        /// The folder.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A generated file could not be written.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// Configures and runs the compiler from a build script.
///
/// In a build script (where `OUT_DIR` is set) `compile` also writes `OUT_DIR/<connector>.rs`
/// for every spec and `OUT_DIR/mod.rs`, which declares one module per connector; include it
/// with `include!(concat!(env!("OUT_DIR"), "/mod.rs"));`.
///
/// ```no_run
/// // build.rs, in `fn main`:
/// if let Err(report) = codegen::Config::new().compile(&["connectors"]) {
///     eprintln!("{report}");
///     std::process::exit(1);
/// }
/// ```
#[derive(Clone, Debug)]
pub struct Config {
    limits: ReadLimits,
    emit_rerun: bool,
    out_dir: Option<PathBuf>,
    rust: RustOptions,
    feature_gated: bool,
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
            out_dir: None,
            rust: RustOptions::default(),
            feature_gated: false,
        }
    }

    /// Writes the Rust modules into `dir` instead of `OUT_DIR`.
    pub fn out_dir(&mut self, dir: impl Into<PathBuf>) -> &mut Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// The path through which generated code reaches the runtime (`::connectors::runtime`).
    pub fn runtime_path(&mut self, path: impl Into<String>) -> &mut Self {
        self.rust.runtime_path = path.into();
        self
    }

    /// Gates each tagged action, and the types only tagged actions use, behind the cargo
    /// features of its tags (`tag-<tag>`, see [`crate::emit::rust::tag_feature`]), so that a
    /// crate compiles only the tags it turns on; off by default. The crate being built must
    /// declare those features.
    pub fn tag_features(&mut self, on: bool) -> &mut Self {
        self.rust.tag_features = on;
        self
    }

    /// Has the structs of JSON services read each field straight into its type, for faster
    /// decoding at some compile time (see [`crate::emit::rust::RustOptions::fast_decode`]); off
    /// by default.
    pub fn fast_decode(&mut self, on: bool) -> &mut Self {
        self.rust.fast_decode = on;
        self
    }

    /// Generates only the connectors whose cargo feature (named like the module) is enabled
    /// in the crate being built; off by default.
    pub fn feature_gated(&mut self, on: bool) -> &mut Self {
        self.feature_gated = on;
        self
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
    /// Returns the checked connectors in path order, or every error (its text is the rendered
    /// report).
    pub fn compile(&self, paths: &[impl AsRef<Path>]) -> Result<Vec<Connector>, BuildError> {
        let paths: Vec<PathBuf> = paths.iter().map(|p| p.as_ref().to_path_buf()).collect();
        if self.emit_rerun {
            for path in &paths {
                println!("cargo:rerun-if-changed={}", path.display());
            }
        }
        let files = crate::spec_files(&paths).map_err(BuildError::ListSpecs)?;
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
        if !errors.is_empty() {
            return Err(BuildError::Specs {
                report: render_text(&errors, RenderStyle::plain()),
                diagnostics: errors,
            });
        }
        let out_dir = match &self.out_dir {
            Some(dir) => Some((dir.clone(), false)),
            None => std::env::var_os("OUT_DIR").map(|dir| (PathBuf::from(dir), true)),
        };
        if let Some((dir, from_env)) = out_dir {
            self.write_modules(&connectors, &dir, from_env)?;
        }
        Ok(connectors)
    }

    /// Whether the crate being built enables the feature of `module`.
    fn enabled(&self, module: &str) -> bool {
        if !self.feature_gated {
            return true;
        }
        let variable = format!(
            "CARGO_FEATURE_{}",
            module.to_ascii_uppercase().replace('-', "_")
        );
        std::env::var_os(variable).is_some()
    }

    /// Writes one module per connector and the `mod.rs` that declares them.
    fn write_modules(
        &self,
        connectors: &[Connector],
        dir: &Path,
        from_env: bool,
    ) -> Result<(), BuildError> {
        std::fs::create_dir_all(dir).map_err(|source| BuildError::CreateDir {
            path: dir.to_path_buf(),
            source,
        })?;
        let mut declarations: Vec<TokenStream> = Vec::new();
        let mut names: Vec<&str> = Vec::new();
        for connector in connectors {
            let module = connector.module_name.as_str();
            if names.contains(&module) {
                return Err(BuildError::DuplicateModule(module.to_owned()));
            }
            names.push(module);
            if !self.enabled(module) {
                continue;
            }
            let code = emit_module(connector, &self.rust)?;
            let file_name = format!("{module}.rs");
            write_if_changed(&dir.join(&file_name), code.as_bytes())?;
            let ident = format_ident!("{}", module);
            let include = if from_env {
                let name = Literal::string(&format!("/{file_name}"));
                quote!(include!(concat!(env!("OUT_DIR"), #name));)
            } else {
                let path = Literal::string(&dir.join(&file_name).to_string_lossy());
                quote!(include!(#path);)
            };
            let doc = Literal::string(&format!(
                " The {} connector.",
                connector.title.replace(['\r', '\n'], " ")
            ));
            declarations.push(quote! {
                #[doc = #doc]
                pub mod #ident {
                    #include
                }
            });
        }
        let file: syn::File =
            syn::parse2(quote!(#(#declarations)*)).map_err(BuildError::ModuleList)?;
        let index = format!(
            "// @generated by connectorc: one module per connector spec.\n\n{}",
            prettyplease::unparse(&file)
        );
        write_if_changed(&dir.join("mod.rs"), index.as_bytes())
    }
}

/// Writes `bytes` to `path` unless the file already holds exactly them, so that an unchanged
/// spec does not make cargo rebuild.
pub fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<(), BuildError> {
    if std::fs::read(path).is_ok_and(|existing| existing == bytes) {
        return Ok(());
    }
    std::fs::write(path, bytes).map_err(|source| BuildError::Write {
        path: path.to_path_buf(),
        source,
    })
}
