//! Which named schemas lead back to themselves through `$ref`s: a copy that inlines them
//! cannot stand alone, so it keeps its references to them as written.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

/// The names in `definitions` from which a chain of `$ref`s leads back to the same name.
/// `target` maps a reference to the name it points at, if it points into `definitions`.
pub(crate) fn recursive_names(
    definitions: &Map<String, Value>,
    target: impl Fn(&str) -> Option<String>,
) -> HashSet<String> {
    let names: Vec<&String> = definitions.keys().collect();
    let position: HashMap<&str, usize> = names
        .iter()
        .enumerate()
        .map(|(i, name)| (name.as_str(), i))
        .collect();
    let edges: Vec<Vec<usize>> = definitions
        .values()
        .map(|schema| {
            let mut refs = Vec::new();
            references(schema, &mut refs);
            refs.into_iter()
                .filter_map(&target)
                .filter_map(|name| position.get(name.as_str()).copied())
                .collect()
        })
        .collect();
    on_cycles(&edges)
        .into_iter()
        .zip(names)
        .filter(|(cyclic, _)| *cyclic)
        .map(|(_, name)| name.clone())
        .collect()
}

/// Every `$ref` string inside `value`.
fn references<'v>(value: &'v Value, out: &mut Vec<&'v str>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref") {
                out.push(reference);
            }
            for v in map.values() {
                references(v, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| references(v, out)),
        _ => {}
    }
}

/// For each node of the graph (`edges[v]`: the nodes `v` points at), whether it lies on a
/// cycle: in a strongly connected component of more than one node, or pointing at itself.
fn on_cycles(edges: &[Vec<usize>]) -> Vec<bool> {
    let component = codegen::graph::strongly_connected(edges);
    let mut size = vec![0usize; edges.len()];
    for &c in &component {
        size[c] += 1;
    }
    component
        .iter()
        .enumerate()
        .map(|(v, &c)| size[c] > 1 || edges[v].contains(&v))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_schemas_on_a_cycle_are_recursive() {
        let definitions = json!({
            "Error": { "properties": { "details": { "items": { "$ref": "#/definitions/Error" } } } },
            "Outer": { "properties": { "error": { "$ref": "#/definitions/Error" } } },
            "A": { "properties": { "b": { "$ref": "#/definitions/B" } } },
            "B": { "items": { "$ref": "#/definitions/A" } },
            "Leaf": { "type": "string" },
            "Dangling": { "$ref": "#/definitions/Missing" }
        });
        let found = recursive_names(definitions.as_object().unwrap(), |r| {
            r.strip_prefix("#/definitions/").map(str::to_owned)
        });
        let mut found: Vec<_> = found.into_iter().collect();
        found.sort();
        assert_eq!(found, ["A", "B", "Error"]);
    }

    #[test]
    fn a_long_chain_does_not_overflow() {
        let n = 200_000;
        let mut edges: Vec<Vec<usize>> = (0..n).map(|i| vec![i + 1]).collect();
        edges[n - 1] = vec![0];
        assert!(on_cycles(&edges).into_iter().all(|c| c));
        edges[n - 1].clear();
        assert!(on_cycles(&edges).into_iter().all(|c| !c));
    }
}
