//! Budgets for the documents importers read, like the spec reader's: a document from the
//! internet must not cost minutes or gigabytes before it is refused. Each exceeded budget is one
//! error that names the budget and how to raise it.

use std::fmt;

pub use codegen::spec::LimitError;

use super::json::NotJson;

/// Resource limits for one imported document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ImportLimits {
    /// Largest accepted document, in bytes.
    pub max_input_bytes: usize,
    /// Deepest accepted nesting of objects and arrays. The JSON reader stops at 128 levels
    /// whatever this says.
    pub max_depth: usize,
    /// Most values (objects, arrays, strings, numbers, …) in the document.
    pub max_nodes: usize,
    /// Longest chain of `$ref`s that point at another `$ref`.
    pub max_ref_chain: usize,
    /// Longest text (a description, a summary, any string), in bytes.
    pub max_text_bytes: usize,
}

impl Default for ImportLimits {
    fn default() -> Self {
        ImportLimits {
            max_input_bytes: 32 * 1024 * 1024,
            max_depth: 100,
            max_nodes: 1_000_000,
            max_ref_chain: 32,
            max_text_bytes: 256 * 1024,
        }
    }
}

/// The names of the budgets, as `--limit NAME=VALUE` takes them.
pub const LIMIT_NAMES: &[&str] = &[
    "max_input_bytes",
    "max_depth",
    "max_nodes",
    "max_ref_chain",
    "max_text_bytes",
];

impl ImportLimits {
    /// Sets the budget called `name` (one of [`LIMIT_NAMES`]).
    pub fn set(&mut self, name: &str, value: usize) -> Result<(), LimitError> {
        let slot = match name {
            "max_input_bytes" => &mut self.max_input_bytes,
            "max_depth" => &mut self.max_depth,
            "max_nodes" => &mut self.max_nodes,
            "max_ref_chain" => &mut self.max_ref_chain,
            "max_text_bytes" => &mut self.max_text_bytes,
            _ => {
                return Err(LimitError::UnknownName {
                    name: name.to_owned(),
                    kind: "an import limit",
                    names: LIMIT_NAMES,
                })
            }
        };
        *slot = value;
        Ok(())
    }

    /// Parses `NAME=VALUE` (the command line's `--limit`) and sets that budget.
    pub fn set_from_arg(&mut self, arg: &str) -> Result<(), LimitError> {
        let (name, value) = codegen::spec::name_and_value(arg)?;
        self.set(name, value)
    }
}

/// One exceeded budget.
#[derive(Debug)]
pub struct Exceeded {
    budget: &'static str,
    what: String,
    limit: usize,
}

impl fmt::Display for Exceeded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} (import budget `{}` is {}); if the document is trusted, raise it with \
             `--limit {}=N` or `ImportLimits::{}`",
            self.what, self.budget, self.limit, self.budget, self.budget
        )
    }
}

impl std::error::Error for Exceeded {}

/// Why a document is refused before it is imported: a budget, or text that is not JSON or
/// YAML.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// A reading budget is exceeded.
    #[error(transparent)]
    Budget(#[from] Exceeded),
    /// Not JSON, even after repairs.
    #[error(transparent)]
    Json(#[from] NotJson),
    /// Not YAML.
    #[error(transparent)]
    Yaml(#[from] NotYaml),
}

pub(super) fn exceeded(budget: &'static str, what: String, limit: usize) -> ReadError {
    ReadError::Budget(Exceeded {
        budget,
        what,
        limit,
    })
}

/// A document that is not YAML (or not one YAML document), with the reader's first line.
#[derive(Debug, thiserror::Error)]
pub enum NotYaml {
    /// The file holds several documents.
    #[error(
        "not YAML for one document: the file holds more than one YAML document (a `---` \
         separator); keep the OpenAPI document alone in its file"
    )]
    SeveralDocuments(#[source] Box<serde_saphyr::Error>),
    /// A budget of the YAML reader is exceeded.
    #[error(
        "the YAML document exceeds an import budget ({first}); if the document is \
         trusted, raise it with `--limit NAME=N` (one of {})",
        LIMIT_NAMES.join(", ")
    )]
    Budget {
        /// The first line of what the reader said.
        first: String,
        /// What it said.
        #[source]
        source: Box<serde_saphyr::Error>,
    },
    /// Not YAML.
    #[error("not YAML: {first}")]
    Invalid {
        /// The first line of what the reader said.
        first: String,
        /// What it said.
        #[source]
        source: Box<serde_saphyr::Error>,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> ImportLimits {
        ImportLimits::default()
    }

    #[test]
    fn limits_are_set_by_name() {
        let mut l = limits();
        l.set_from_arg("max_nodes=5_000").unwrap();
        assert_eq!(l.max_nodes, 5000);
        assert!(l.set_from_arg("max_things=1").is_err());
        assert!(l.set_from_arg("max_nodes").is_err());
        assert!(l.set_from_arg("max_nodes=lots").is_err());
    }
}
