//! Why a harness step over one corpus entry failed, with the cause as the error's source.

use std::path::PathBuf;

use crate::diag::{render_text, Diagnostic, RenderStyle};
use crate::emit::rust::EmitError;
use crate::import::ImportError;

/// A failed step of a harness: reading, importing, checking or emitting one corpus entry.
#[derive(Debug, thiserror::Error)]
pub enum HarnessError {
    /// The file cannot be read.
    #[error("{}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The file is not JSON.
    #[error("{}: {source}", path.display())]
    Json {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: serde_json::Error,
    },
    /// The file is not YAML.
    #[error("{}: {source}", path.display())]
    Yaml {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: Box<serde_saphyr::Error>,
    },
    /// The importer refused the source.
    #[error("not imported: {0}")]
    Import(#[source] ImportError),
    /// The imported spec does not check; the diagnostics are rendered as plain text.
    #[error("the spec has errors:\n{}", render_text(.0, RenderStyle::plain()))]
    Check(Vec<Diagnostic>),
    /// The emitted OpenAPI document does not read back.
    #[error("the emitted document does not read back: {0}")]
    ReadBack(#[source] Box<serde_saphyr::Error>),
    /// The Rust emitter failed.
    #[error(transparent)]
    Emit(#[from] EmitError),
}
