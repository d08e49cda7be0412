//! A document read under the import's budgets: its size first, then the parse (JSON read
//! leniently, YAML with the reader's own budget set from the limits), then the shape of the
//! parsed tree ([`check_shape`]).

use serde_json::Value;

use super::budget::{exceeded, ImportLimits, NotYaml, ReadError};
use super::json as lenient;
use super::json_scan::Scan;
use super::shape::{check_scanned, check_shape};
use super::Warnings;

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
    parse_json_scanned(text, limits, warnings).map(|(value, _)| value)
}

/// [`parse_json`], with what the parse met on the way: the shape check needs no walk of the
/// tree when the counts pass.
fn parse_json_scanned(
    text: &str,
    limits: &ImportLimits,
    warnings: &mut Warnings,
) -> Result<(Value, Scan), ReadError> {
    match lenient::parse_json_scanned(text, warnings) {
        Ok((value, scan)) => {
            check_scanned(&value, &scan, limits)?;
            Ok((value, scan))
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
#[cfg(test)]
pub(crate) fn parse_any(
    text: &str,
    limits: &ImportLimits,
    warnings: &mut Warnings,
) -> Result<Value, ReadError> {
    parse_any_scanned(text, limits, warnings).map(|(value, _)| value)
}

/// [`parse_any`], with what the parse met on the way when the document is JSON.
pub(crate) fn parse_any_scanned(
    text: &str,
    limits: &ImportLimits,
    warnings: &mut Warnings,
) -> Result<(Value, Option<Scan>), ReadError> {
    let trimmed = text.trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        return parse_json_scanned(text, limits, warnings).map(|(value, scan)| (value, Some(scan)));
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
    Ok((value, None))
}
