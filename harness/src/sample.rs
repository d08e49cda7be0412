//! The deterministic sample of the corpus whose imported Rust clients are compiled: by the
//! test `tests/generated_compile.rs` in CI, and by the `import_rust` example for any folder.

use std::path::{Path, PathBuf};

use crate::emit::rust::{emit_module, RustOptions};
use crate::HarnessError;

/// How many Power Platform connectors the sample takes.
pub const SAMPLE_SIZE: usize = 30;

/// Every ninth connector folder under `corpus/powerplatform` (at most [`SAMPLE_SIZE`]) followed
/// by every document under `corpus/openapi`, in name order; every connector with `all`.
pub fn rust_sample(corpus: &Path, all: bool) -> Vec<PathBuf> {
    let mut sources: Vec<PathBuf> = connector_folders(&corpus.join("powerplatform"))
        .into_iter()
        .enumerate()
        .filter(|(i, _)| all || i % 9 == 0)
        .map(|(_, p)| p)
        .take(if all { usize::MAX } else { SAMPLE_SIZE })
        .collect();
    let mut documents: Vec<PathBuf> = std::fs::read_dir(corpus.join("openapi"))
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    documents.sort();
    sources.extend(documents);
    sources
}

/// Connector folders under `root` (any folder holding an `apiDefinition.swagger.json`), sorted;
/// none when `root` cannot be read.
pub fn connector_folders(root: &Path) -> Vec<PathBuf> {
    crate::lint::connector_folders(root).unwrap_or_default()
}

/// A generated Rust module: its name and its code.
#[derive(Clone, Debug)]
pub struct RustModule {
    /// The module name the connector's id gives.
    pub name: String,
    /// The module's code.
    pub code: String,
}

/// Imports `source` (a connector folder or an OpenAPI document), checks the spec and emits its
/// Rust client; the error says which step failed.
pub fn rust_module(source: &Path) -> Result<RustModule, HarnessError> {
    let imported = connector_platform::import::import_path(source).map_err(HarnessError::Import)?;
    let file = format!("{}.yaml", imported.suggested_id);
    let outcome = crate::check_source(file, imported.yaml, &Default::default());
    let connector = outcome
        .connector
        .ok_or(HarnessError::Check(outcome.diagnostics))?;
    let code = emit_module(&connector, &RustOptions::default())?;
    Ok(RustModule {
        name: connector.module_name,
        code,
    })
}
