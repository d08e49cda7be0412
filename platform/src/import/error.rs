//! Why an import stops: typed, each with its cause as the error's source where there is one.

use std::path::PathBuf;

use super::budget::{LimitError, ReadError};
use crate::powerplatform::metadata::CATEGORIES;

/// Why a source could not be imported at all.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// A source file cannot be read.
    #[error("{}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// `--category` names no platform category.
    #[error("`{wanted}` is not a platform category; use one of: {}", CATEGORIES.join(", "))]
    UnknownCategory {
        /// The category as given.
        wanted: String,
    },
    /// `--tag` names a tag no operation carries.
    #[error("no operation carries the tag `{tag}`; the document's tags are: {}", tags.join(", "))]
    UnknownTag {
        /// The tag as given.
        tag: String,
        /// The tags the document's operations carry.
        tags: Vec<String>,
    },
    /// `--operation` names no operation of the document.
    #[error("the document has no operation `{0}`")]
    UnknownOperation(String),
    /// The selection keeps nothing.
    #[error("the selection keeps no operation")]
    NothingSelected,
    /// `--limit` is not `NAME=VALUE` with a budget's name and a whole number.
    #[error(transparent)]
    Limit(#[from] LimitError),
    /// The document is refused before it is read: a budget is exceeded, or it is not JSON
    /// (even after repairs) or not YAML.
    #[error(transparent)]
    Document(#[from] ReadError),
    /// One file of a connector folder cannot be imported.
    #[error("{file}: {source}")]
    InFile {
        /// The file's name.
        file: &'static str,
        /// Why.
        #[source]
        source: Box<ImportError>,
    },
    /// The document reads but is not what the importer takes (not a mapping, not an object).
    #[error("{0}")]
    Shape(&'static str),
    /// The spec cannot be written as YAML.
    #[error("cannot write YAML: {0}")]
    WriteYaml(#[source] serde_saphyr::SerializeError),
    /// The importer built a spec the language cannot hold (a key it lacks, a value of the
    /// wrong kind): a defect of the importer, stopped here rather than written.
    #[error("the imported spec is not in the spec language:\n{0}")]
    NotInLanguage(String),
    /// The spec model cannot be written as YAML.
    #[error("cannot write the spec: {0}")]
    WriteSpec(#[source] codegen::spec::WriteError),
}

impl ImportError {
    /// A document of the wrong shape.
    pub(crate) fn new(message: &'static str) -> Self {
        ImportError::Shape(message)
    }

    /// Whether the import could not run as asked (the source cannot be read, or the options
    /// name a category, tag or operation that does not exist), rather than the document being
    /// wrong.
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            ImportError::Read { .. }
                | ImportError::UnknownCategory { .. }
                | ImportError::UnknownTag { .. }
                | ImportError::UnknownOperation(_)
                | ImportError::NothingSelected
        )
    }
}
