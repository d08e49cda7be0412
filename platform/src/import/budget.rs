//! Budgets for the documents importers read, like the spec reader's: a document from the
//! internet must not cost minutes or gigabytes before it is refused. Each exceeded budget is one
//! error that names the budget and how to raise it.

use std::collections::HashMap;
use std::fmt;

use serde_json::Value;

use super::json::{self as lenient, NotJson};
use super::Warnings;
use crate::powerplatform::refs;

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
                })
            }
        };
        *slot = value;
        Ok(())
    }

    /// Parses `NAME=VALUE` (the command line's `--limit`) and sets that budget.
    pub fn set_from_arg(&mut self, arg: &str) -> Result<(), LimitError> {
        let (name, value) = arg
            .split_once('=')
            .ok_or_else(|| LimitError::NotNameValue(arg.to_owned()))?;
        let value = value
            .trim()
            .replace('_', "")
            .parse::<usize>()
            .map_err(|source| LimitError::NotWholeNumber {
                value: value.to_owned(),
                arg: arg.to_owned(),
                source,
            })?;
        self.set(name.trim(), value)
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

/// A `--limit NAME=VALUE` (or [`ImportLimits::set`]) that cannot be applied.
#[derive(Debug, thiserror::Error)]
pub enum LimitError {
    /// The name is no budget's.
    #[error("`{name}` is not an import limit; the limits are {}", LIMIT_NAMES.join(", "))]
    UnknownName {
        /// The name as given.
        name: String,
    },
    /// There is no `=`.
    #[error("`{0}` is not NAME=VALUE (e.g. max_nodes=5000000)")]
    NotNameValue(String),
    /// The value is not a whole number.
    #[error("`{value}` is not a whole number, in `--limit {arg}`")]
    NotWholeNumber {
        /// The value as given.
        value: String,
        /// The whole argument.
        arg: String,
        /// Why.
        #[source]
        source: std::num::ParseIntError,
    },
}

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

fn exceeded(budget: &'static str, what: String, limit: usize) -> ReadError {
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

/// Refuses a document larger than the input budget, before it is decoded. `name` says which
/// file it is, for connector folders.
pub(crate) fn check_size(bytes: &[u8], name: &str, limits: &ImportLimits) -> Result<(), ReadError> {
    if bytes.len() > limits.max_input_bytes {
        let what = format!("{name} is {} bytes", bytes.len());
        return Err(exceeded("max_input_bytes", what, limits.max_input_bytes));
    }
    Ok(())
}

/// Parses JSON under the limits: a document nested deeper than the JSON reader goes is
/// reported as a depth budget, not as text that is not JSON.
pub(crate) fn parse_json(
    text: &str,
    limits: &ImportLimits,
    warnings: &mut Warnings,
) -> Result<Value, ReadError> {
    match lenient::parse_json(text, warnings) {
        Ok(value) => {
            check_shape(&value, limits)?;
            Ok(value)
        }
        Err(error) if error.too_deep() => Err(exceeded(
            "max_depth",
            "the document nests deeper than the JSON reader's 128 levels".into(),
            limits.max_depth.min(128),
        )),
        Err(error) => Err(ReadError::Json(error)),
    }
}

/// Parses JSON or YAML under the limits.
pub(crate) fn parse_any(
    text: &str,
    limits: &ImportLimits,
    warnings: &mut Warnings,
) -> Result<Value, ReadError> {
    let trimmed = text.trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        return parse_json(text, limits, warnings);
    }
    let mut budget = serde_saphyr::Budget::default();
    budget.max_reader_input_bytes = Some(limits.max_input_bytes);
    budget.max_depth = limits.max_depth;
    budget.max_nodes = limits.max_nodes;
    budget.max_events = limits.max_nodes.saturating_mul(3);
    budget.max_total_scalar_bytes = limits.max_input_bytes;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options.alias_limits.max_total_replayed_events = limits.max_nodes;
    options.alias_limits.max_replay_stack_depth = limits.max_depth;
    let value = serde_saphyr::from_str_with_options::<Value>(text, options).map_err(|e| {
        let message = e.without_snippet().to_string();
        let first = message.lines().next().unwrap_or("").trim().to_owned();
        if first.contains("multiple YAML documents") {
            NotYaml::SeveralDocuments(Box::new(e))
        } else if matches!(e, serde_saphyr::Error::Budget { .. }) || first.contains("budget") {
            NotYaml::Budget {
                first,
                source: Box::new(e),
            }
        } else {
            NotYaml::Invalid {
                first,
                source: Box::new(e),
            }
        }
    })?;
    check_shape(&value, limits)?;
    Ok(value)
}

/// Counts values, nesting and text length without recursion, and follows `$ref` chains.
pub(crate) fn check_shape(document: &Value, limits: &ImportLimits) -> Result<(), ReadError> {
    let mut nodes = 0usize;
    let mut stack: Vec<(&Value, usize)> = vec![(document, 1)];
    let mut refs: Vec<&str> = Vec::new();
    while let Some((value, depth)) = stack.pop() {
        nodes += 1;
        if nodes > limits.max_nodes {
            let what = format!("the document has more than {} values", limits.max_nodes);
            return Err(exceeded("max_nodes", what, limits.max_nodes));
        }
        if depth > limits.max_depth {
            let what = format!("the document nests deeper than {} levels", limits.max_depth);
            return Err(exceeded("max_depth", what, limits.max_depth));
        }
        match value {
            Value::Object(map) => {
                for (key, item) in map {
                    if key == "$ref" {
                        if let Some(target) = item.as_str() {
                            refs.push(target);
                        }
                    }
                    check_text(key, limits)?;
                    stack.push((item, depth + 1));
                }
            }
            Value::Array(items) => stack.extend(items.iter().map(|item| (item, depth + 1))),
            Value::String(text) => check_text(text, limits)?,
            _ => {}
        }
    }
    check_ref_chains(document, &refs, limits)
}

fn check_text(text: &str, limits: &ImportLimits) -> Result<(), ReadError> {
    if text.len() > limits.max_text_bytes {
        let start: String = text.chars().take(40).collect();
        let what = format!(
            "a text of {} bytes (starting `{}`) is longer than the document may hold",
            text.len(),
            start.escape_debug()
        );
        return Err(exceeded("max_text_bytes", what, limits.max_text_bytes));
    }
    Ok(())
}

/// The longest run of local `$ref`s each pointing at another `$ref`, measured once per target.
fn check_ref_chains(
    document: &Value,
    refs: &[&str],
    limits: &ImportLimits,
) -> Result<(), ReadError> {
    // Chain length from each reference target; `None` while being measured (a cycle).
    let mut length: HashMap<&str, Option<usize>> = HashMap::new();
    for &start in refs {
        if length.contains_key(start) {
            continue;
        }
        let mut path: Vec<&str> = Vec::new();
        let mut current = start;
        let mut tail = 0usize;
        loop {
            match length.get(current) {
                Some(Some(known)) => {
                    tail = *known;
                    break;
                }
                // A cycle: the importer reports it; its length is what was walked.
                Some(None) => break,
                None => {}
            }
            length.insert(current, None);
            path.push(current);
            if path.len() > limits.max_ref_chain {
                let what = format!(
                    "`$ref` `{}` starts a chain of more than {} references",
                    start.escape_debug(),
                    limits.max_ref_chain
                );
                return Err(exceeded("max_ref_chain", what, limits.max_ref_chain));
            }
            let next = current
                .strip_prefix('#')
                .and_then(|pointer| document.pointer(&refs::decode(pointer)))
                .and_then(|target| target.get("$ref"))
                .and_then(Value::as_str);
            match next {
                Some(next) => current = next,
                None => break,
            }
        }
        for (walked, target) in path.iter().rev().enumerate() {
            length.insert(target, Some(tail + walked + 1));
        }
        if tail + path.len() > limits.max_ref_chain {
            let what = format!(
                "`$ref` `{}` starts a chain of {} references",
                start.escape_debug(),
                tail + path.len()
            );
            return Err(exceeded("max_ref_chain", what, limits.max_ref_chain));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> ImportLimits {
        ImportLimits::default()
    }

    #[test]
    fn chains_are_measured_once_and_cycles_end() {
        let doc = serde_json::json!({
            "a": {"$ref": "#/b"}, "b": {"$ref": "#/c"}, "c": {"type": "string"},
            "x": {"$ref": "#/y"}, "y": {"$ref": "#/x"}
        });
        let refs = ["#/b", "#/c", "#/y", "#/x"];
        let mut tight = limits();
        tight.max_ref_chain = 2;
        assert!(check_ref_chains(&doc, &refs, &tight).is_ok());
        tight.max_ref_chain = 1;
        let error = check_ref_chains(&doc, &refs, &tight).unwrap_err();
        assert!(error.to_string().contains("max_ref_chain"), "{error}");
        assert!(matches!(error, ReadError::Budget(_)));
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
