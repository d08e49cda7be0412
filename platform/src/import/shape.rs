//! The shape check of a parsed document: how many values it holds, how deep it nests, how long
//! its texts are and how long its `$ref` chains run, each against its budget.
//!
//! A document with many path items has them walked in two halves at once, beside the rest of
//! the document. The halves meet every value the walk in order meets, and a chain's length does
//! not depend on which `$ref` is followed first, so they pass exactly the documents it passes.
//! When any budget is exceeded the walk in order is made again to name it, so the error does not
//! depend on how the document was walked.

use std::collections::HashMap;

use serde_json::Value;

use super::budget::{exceeded, ImportLimits, ReadError};
use super::json_scan::Scan;
use crate::powerplatform::refs;

/// How many path items a document needs before they are walked in two halves.
const HALVES_FROM: usize = 256;

/// Counts values, nesting and text length without recursion, and follows `$ref` chains.
pub(crate) fn check_shape(document: &Value, limits: &ImportLimits) -> Result<(), ReadError> {
    check_shape_from(document, limits, HALVES_FROM)
}

/// [`check_shape`], walking path items in halves from `halves_from` of them.
fn check_shape_from(
    document: &Value,
    limits: &ImportLimits,
    halves_from: usize,
) -> Result<(), ReadError> {
    if passes_in_halves(document, limits, halves_from) {
        return Ok(());
    }
    in_order(document, limits)
}

/// [`check_shape`] of a document whose parse counted `scan`: no walk when the counts pass
/// (they are never fewer than the tree's, and chains are measured whatever the order of their
/// starts), the walk in order otherwise, which names the budget exceeded or finds that the
/// tree, smaller than what was counted, passes.
pub(crate) fn check_scanned(
    document: &Value,
    scan: &Scan,
    limits: &ImportLimits,
) -> Result<(), ReadError> {
    if within(scan, limits) && check_ref_chains(document, &scan.refs, limits).is_ok() {
        return Ok(());
    }
    in_order(document, limits)
}

/// Whether the counts of `scan` are within the budgets that do not need the tree (values,
/// nesting and text length); `$ref` chains are measured on the tree.
fn within(scan: &Scan, limits: &ImportLimits) -> bool {
    scan.values <= limits.max_nodes
        && scan.deepest <= limits.max_depth
        && scan.longest_text <= limits.max_text_bytes
}

/// The whole document walked in one order: what names the first budget exceeded.
fn in_order(document: &Value, limits: &ImportLimits) -> Result<(), ReadError> {
    let walked = walk(vec![(document, 1)], None, limits)?;
    check_ref_chains(document, &walked.refs, limits)
}

/// What one walk met: how many values, and the `$ref` targets in the order it met them.
struct Walked<'v> {
    values: usize,
    refs: Vec<&'v str>,
}

/// Walks depth first from `stack` (values with how deep each is), the last pushed first, as
/// far as the budgets allow. `stop` is counted with its keys, but its children are left to
/// another walk.
fn walk<'v>(
    mut stack: Vec<(&'v Value, usize)>,
    stop: Option<&'v Value>,
    limits: &ImportLimits,
) -> Result<Walked<'v>, ReadError> {
    let mut walked = Walked {
        values: 0,
        refs: Vec::new(),
    };
    while let Some((value, depth)) = stack.pop() {
        walked.values += 1;
        if walked.values > limits.max_nodes {
            let what = format!("the document has more than {} values", limits.max_nodes);
            return Err(exceeded("max_nodes", what, limits.max_nodes));
        }
        if depth > limits.max_depth {
            let what = format!("the document nests deeper than {} levels", limits.max_depth);
            return Err(exceeded("max_depth", what, limits.max_depth));
        }
        match value {
            Value::Object(map) => {
                let stops_here = stop.is_some_and(|stop| std::ptr::eq(stop, value));
                for (key, item) in map {
                    if key == "$ref" {
                        if let Some(target) = item.as_str() {
                            walked.refs.push(target);
                        }
                    }
                    check_text(key, limits)?;
                    if !stops_here {
                        stack.push((item, depth + 1));
                    }
                }
            }
            Value::Array(items) => stack.extend(items.iter().map(|item| (item, depth + 1))),
            Value::String(text) => check_text(text, limits)?,
            _ => {}
        }
    }
    Ok(walked)
}

/// Whether the document passes, found by walking its path items in two halves at once; `false`
/// also when it has too few to split, or when a budget is exceeded.
fn passes_in_halves(document: &Value, limits: &ImportLimits, halves_from: usize) -> bool {
    let Some(paths) = document.get("paths") else {
        return false;
    };
    let Some(items) = paths.as_object().filter(|items| items.len() >= halves_from) else {
        return false;
    };
    // The document is depth 1, `paths` 2, each path item 3.
    let items: Vec<(&Value, usize)> = items.values().map(|item| (item, 3)).collect();
    let (first, second) = items.split_at(items.len() / 2);
    let ((rest, first), second) = codegen::join::join(
        "import-shape",
        || {
            (
                walk(vec![(document, 1)], Some(paths), limits),
                walk(first.to_vec(), None, limits),
            )
        },
        || walk(second.to_vec(), None, limits),
    );
    let (Ok(mut rest), Ok(first), Ok(second)) = (rest, first, second) else {
        return false;
    };
    if rest.values + first.values + second.values > limits.max_nodes {
        return false;
    }
    rest.refs.extend(first.refs);
    rest.refs.extend(second.refs);
    check_ref_chains(document, &rest.refs, limits).is_ok()
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
///
/// A chain's length is how many distinct targets it passes: a chain that runs into a cycle
/// counts the cycle once. Each target has one next target at most, so that length is the
/// target's own, whichever `$ref` is followed first, and the verdict does not depend on the
/// order of `refs` (only which target an error names does).
fn check_ref_chains<S: AsRef<str>>(
    document: &Value,
    refs: &[S],
    limits: &ImportLimits,
) -> Result<(), ReadError> {
    let mut length: HashMap<&str, usize> = HashMap::new();
    for start in refs {
        let start = start.as_ref();
        let measured = match length.get(start) {
            Some(&known) => known,
            None => measure_chain(document, start, &mut length, limits)?,
        };
        if measured > limits.max_ref_chain {
            let what = format!(
                "`$ref` `{}` starts a chain of {measured} references",
                start.escape_debug()
            );
            return Err(exceeded("max_ref_chain", what, limits.max_ref_chain));
        }
    }
    Ok(())
}

/// The length of the chain from `start`, recorded in `length` for every target it passes;
/// an error once it is known to pass more targets than the budget allows.
fn measure_chain<'d>(
    document: &'d Value,
    start: &'d str,
    length: &mut HashMap<&'d str, usize>,
    limits: &ImportLimits,
) -> Result<usize, ReadError> {
    let mut path: Vec<&str> = Vec::new();
    let mut on_path: HashMap<&str, usize> = HashMap::new();
    let mut current = start;
    let ending = loop {
        if let Some(&known) = length.get(current) {
            break ChainEnd::Measured(known);
        }
        if let Some(&at) = on_path.get(current) {
            break ChainEnd::Cycle(at);
        }
        on_path.insert(current, path.len());
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
            None => break ChainEnd::Measured(0),
        }
    };
    let walked = path.len();
    for (index, target) in path.iter().enumerate() {
        let measured = match ending {
            ChainEnd::Measured(tail) => tail + walked - index,
            // The cycle's targets each pass the whole cycle; those before it, the way to it too.
            ChainEnd::Cycle(cycle) => walked - cycle + cycle.saturating_sub(index),
        };
        length.insert(*target, measured);
    }
    Ok(length[start])
}

/// How a chain ends past the targets [`measure_chain`] walked.
#[derive(Clone, Copy)]
enum ChainEnd {
    /// At a target whose length is known (0: one that is not a `$ref`).
    Measured(usize),
    /// Back at the walked target at this place: a cycle.
    Cycle(usize),
}

#[cfg(test)]
mod tests {
    use crate::import::test_rng::Lcg;
    use serde_json::json;

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

    /// A small deterministic generator, so that a failing case can be made again.
    /// A document of `paths` path items whose `$ref`s run between the components and the
    /// path items (so that chains cross the halves and cycle), with texts about as long as
    /// the test's budget and schemas nested about as deep.
    fn document(rng: &mut Lcg, paths: usize) -> Value {
        let target = |rng: &mut Lcg| match rng.below(3) {
            0 => format!("#/paths/~1p{}/get/parameters/0", rng.below(paths)),
            _ => format!("#/components/schemas/S{}", rng.below(6)),
        };
        let text = |rng: &mut Lcg| "t".repeat(if rng.below(60) == 0 { 44 } else { 30 });
        let mut schemas = serde_json::Map::new();
        for k in 0..6 {
            let schema = match rng.below(3) {
                0 => json!({"type": "string", "description": text(rng)}),
                _ => json!({"$ref": target(rng)}),
            };
            schemas.insert(format!("S{k}"), schema);
        }
        let mut items = serde_json::Map::new();
        for i in 0..paths {
            let parameter = match rng.below(3) {
                0 => json!({"name": "q", "in": "query"}),
                _ => json!({"$ref": target(rng)}),
            };
            let mut schema = json!({"$ref": target(rng)});
            for _ in 0..rng.below(5) {
                schema = json!({"type": "array", "items": schema});
            }
            let key = if rng.below(20) == 0 {
                format!("/p{i}/{}", text(rng))
            } else {
                format!("/p{i}")
            };
            items.insert(
                key,
                json!({"get": {"summary": text(rng), "parameters": [parameter],
                    "responses": {"200": {"description": "ok",
                        "content": {"application/json": {"schema": schema}}}}}}),
            );
        }
        json!({"openapi": "3.0.3", "info": {"title": text(rng)},
            "paths": items, "components": {"schemas": schemas}})
    }

    fn values(document: &Value) -> usize {
        let unbounded = ImportLimits {
            max_nodes: usize::MAX,
            max_depth: usize::MAX,
            max_text_bytes: usize::MAX,
            max_ref_chain: usize::MAX,
            ..limits()
        };
        walk(vec![(document, 1)], None, &unbounded)
            .map(|walked| walked.values)
            .unwrap_or_default()
    }

    /// The halves pass exactly the documents the walk in order passes, and a document that
    /// fails gets the walk in order's error, over documents and budgets that fail every way.
    #[test]
    fn the_halves_pass_what_the_walk_in_order_passes() {
        let mut rng = Lcg(7);
        let (mut passed, mut failed) = (0, 0);
        for case in 0..600 {
            let paths = 4 + rng.below(12);
            let doc = document(&mut rng, paths);
            let all = values(&doc);
            let limits = ImportLimits {
                max_nodes: all + 2 - rng.below(5),
                max_depth: 13 + rng.below(3),
                max_text_bytes: 40 + rng.below(4),
                max_ref_chain: 2 + rng.below(4),
                ..limits()
            };
            let expected = in_order(&doc, &limits).map_err(|e| e.to_string());
            assert_eq!(
                passes_in_halves(&doc, &limits, 4),
                expected.is_ok(),
                "case {case}: {expected:?}"
            );
            let found = check_shape_from(&doc, &limits, 4).map_err(|e| e.to_string());
            assert_eq!(found, expected, "case {case}");
            if expected.is_ok() {
                passed += 1;
            } else {
                failed += 1;
            }
        }
        assert!(
            passed > 50 && failed > 50,
            "{passed} passed, {failed} failed"
        );
    }

    /// How many distinct targets the chain from `start` passes, found the slow way.
    fn chain_length(doc: &Value, start: &str) -> usize {
        let mut seen = std::collections::HashSet::new();
        let mut current = Some(start.to_owned());
        while let Some(target) = current.filter(|t| seen.insert(t.clone())) {
            current = target
                .strip_prefix('#')
                .and_then(|pointer| doc.pointer(&refs::decode(pointer)))
                .and_then(|value| value.get("$ref"))
                .and_then(Value::as_str)
                .map(str::to_owned);
        }
        seen.len()
    }

    /// Chains that run into cycles, entered at different targets: the verdict is the slow
    /// count's, in the walk's order, in reverse and in halves, so it does not depend on which
    /// `$ref` is met first.
    #[test]
    fn chains_are_measured_whatever_the_order() {
        let mut rng = Lcg(3);
        let unbounded = ImportLimits {
            max_nodes: usize::MAX,
            max_depth: usize::MAX,
            max_text_bytes: usize::MAX,
            ..limits()
        };
        let (mut passed, mut failed) = (0, 0);
        for case in 0..3000 {
            let paths = 4 + rng.below(5);
            let mut items = serde_json::Map::new();
            for i in 0..paths {
                let target = format!("#/paths/~1p{}/get/parameters/0", rng.below(paths));
                let parameter = if rng.below(6) == 0 {
                    json!({"name": "q", "in": "query"})
                } else {
                    json!({"$ref": target})
                };
                items.insert(
                    format!("/p{i}"),
                    json!({"get": {"parameters": [parameter]}}),
                );
            }
            let doc = json!({"paths": items});
            let limits = ImportLimits {
                max_ref_chain: 1 + rng.below(5),
                ..unbounded
            };
            let walked = walk(vec![(&doc, 1)], None, &unbounded).unwrap().refs;
            let longest = walked.iter().map(|start| chain_length(&doc, start)).max();
            let expected = longest.unwrap_or(0) <= limits.max_ref_chain;
            let mut reversed = walked.clone();
            reversed.reverse();
            assert_eq!(in_order(&doc, &limits).is_ok(), expected, "case {case}");
            assert_eq!(
                check_ref_chains(&doc, &reversed, &limits).is_ok(),
                expected,
                "case {case}"
            );
            assert_eq!(passes_in_halves(&doc, &limits, 4), expected, "case {case}");
            if expected {
                passed += 1;
            } else {
                failed += 1;
            }
        }
        assert!(
            passed > 300 && failed > 300,
            "{passed} passed, {failed} failed"
        );
    }

    /// A chain into a cycle counts the cycle once, and the error names where it starts.
    #[test]
    fn a_chain_into_a_cycle_counts_the_cycle_once() {
        let doc = json!({
            "x": {"$ref": "#/a"}, "a": {"$ref": "#/b"}, "b": {"$ref": "#/c"}, "c": {"$ref": "#/a"}
        });
        let tight = ImportLimits {
            max_ref_chain: 3,
            ..limits()
        };
        // Entered at `b` first, the cycle once measured 1 for `a`, and `x` passed at 2.
        for order in [["#/b", "#/x"], ["#/x", "#/b"]] {
            let error = check_ref_chains(&doc, &order, &tight)
                .unwrap_err()
                .to_string();
            assert!(error.contains("`#/x` starts a chain of"), "{error}");
        }
        let roomy = ImportLimits {
            max_ref_chain: 4,
            ..limits()
        };
        assert!(check_ref_chains(&doc, &["#/b", "#/x"], &roomy).is_ok());
    }

    /// The counts of a known document, and each budget they are within or beyond.
    #[test]
    fn budgets_are_told_from_the_counts() {
        let text = r##"{"a": {"$ref": "#/b"}, "b": ["abcdef", 1, null], "c": {"$ref": 3}}"##;
        let (_, scan) = crate::import::json_scan::from_str(text).unwrap();
        assert_eq!(scan.values, 9);
        assert_eq!(scan.deepest, 3);
        assert_eq!(scan.longest_text, 6);
        assert_eq!(scan.refs, ["#/b"]);
        let limits = ImportLimits {
            max_nodes: 9,
            max_depth: 3,
            max_text_bytes: 6,
            ..ImportLimits::default()
        };
        assert!(within(&scan, &limits));
        for tighter in [
            ImportLimits {
                max_nodes: 8,
                ..limits
            },
            ImportLimits {
                max_depth: 2,
                ..limits
            },
            ImportLimits {
                max_text_bytes: 5,
                ..limits
            },
        ] {
            assert!(!within(&scan, &tighter));
        }
    }

    /// A document with too few path items, or none, is walked in order.
    #[test]
    fn small_documents_are_walked_in_order() {
        let mut rng = Lcg(11);
        let doc = document(&mut rng, 3);
        assert!(!passes_in_halves(&doc, &limits(), 4));
        assert!(!passes_in_halves(&json!({"paths": []}), &limits(), 0));
        assert!(!passes_in_halves(&json!([1, 2]), &limits(), 0));
        assert!(check_shape(&doc, &limits()).is_ok());
    }
}
