//! The keys of the spec language at a YAML path, with their documentation, read from the JSON
//! Schema generated from the model's doc comments.

use std::sync::OnceLock;

use serde_json::Value;

fn schema() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        serde_json::from_str(&crate::spec_schema_json()).unwrap_or(Value::Bool(true))
    })
}

/// Follows `$ref`s to the definition.
fn resolve(mut node: &'static Value) -> &'static Value {
    for _ in 0..16 {
        let Some(reference) = node.get("$ref").and_then(Value::as_str) else {
            break;
        };
        let name = reference.trim_start_matches("#/$defs/");
        match schema().get("$defs").and_then(|d| d.get(name)) {
            Some(target) => node = target,
            None => break,
        }
    }
    node
}

/// The schema and its alternatives (`anyOf`/`oneOf` branches), each resolved.
fn alternatives(node: &'static Value) -> Vec<&'static Value> {
    let node = resolve(node);
    match node
        .get("anyOf")
        .or_else(|| node.get("oneOf"))
        .and_then(Value::as_array)
    {
        Some(branches) => branches.iter().flat_map(alternatives).collect(),
        None => vec![node],
    }
}

/// The schemas of the value at `path` (keys, `-` for list items). A key that is not a property
/// of a mapping with named entries (`objects`, `actions`, `params`, …) is one of those names.
fn at_path(path: &[String]) -> Vec<&'static Value> {
    let mut current = vec![schema()];
    for step in path {
        let mut next = Vec::new();
        for node in current.iter().flat_map(|n| alternatives(n)) {
            if step == "-" {
                if let Some(items) = node.get("items") {
                    next.push(items);
                }
                continue;
            }
            if let Some(property) = node.get("properties").and_then(|p| p.get(step)) {
                next.push(property);
            } else if let Some(entry @ Value::Object(_)) = node.get("additionalProperties") {
                next.push(entry);
            }
        }
        if next.is_empty() {
            return Vec::new();
        }
        current = next;
    }
    current
}

/// A key of the language with its documentation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Key {
    /// The key.
    pub name: String,
    /// Its description from the schema.
    pub doc: String,
}

/// The documentation of a schema node: its own description or its definition's.
fn doc_of(node: &'static Value) -> String {
    node.get("description")
        .or_else(|| resolve(node).get("description"))
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned()
}

/// The keys a mapping at `path` may have (empty where keys are names the author chooses).
pub fn keys_at(path: &[String]) -> Vec<Key> {
    let mut keys: Vec<Key> = Vec::new();
    for node in at_path(path).into_iter().flat_map(alternatives) {
        let Some(properties) = node.get("properties").and_then(Value::as_object) else {
            continue;
        };
        for (name, property) in properties {
            if !keys.iter().any(|k| &k.name == name) {
                keys.push(Key {
                    name: name.clone(),
                    doc: doc_of(property),
                });
            }
        }
    }
    keys
}

/// The documentation of the key at the end of `path`, when the language has that key there.
pub fn doc_at(path: &[String]) -> Option<String> {
    let (key, parent) = path.split_last()?;
    keys_at(parent)
        .into_iter()
        .find(|k| &k.name == key)
        .map(|k| k.doc)
        .filter(|d| !d.is_empty())
}

/// Whether the value at `path` is a type (a `TypeDef`: a type name, `[Name]` or a definition).
pub fn is_type_position(path: &[String]) -> bool {
    at_path(path).into_iter().any(|node| {
        node.get("$ref").and_then(Value::as_str) == Some("#/$defs/TypeDef")
            || node
                .get("anyOf")
                .and_then(Value::as_array)
                .is_some_and(|b| {
                    b.iter()
                        .any(|b| b.get("$ref").and_then(Value::as_str) == Some("#/$defs/TypeDef"))
                })
    })
}

/// The words a value at `path` may be (`in` → `path`, `query`, `header`).
pub fn words_at(path: &[String]) -> Vec<String> {
    let mut words = Vec::new();
    for node in at_path(path).into_iter().flat_map(alternatives) {
        for word in node
            .get("enum")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .chain(node.get("const"))
            .filter_map(Value::as_str)
        {
            if !words.iter().any(|w| w == word) {
                words.push(word.to_owned());
            }
        }
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(keys: &[&str]) -> Vec<String> {
        keys.iter().map(|k| (*k).to_owned()).collect()
    }

    #[test]
    fn keys_come_from_the_model() {
        let root: Vec<String> = keys_at(&[]).into_iter().map(|k| k.name).collect();
        assert!(root.contains(&"base_url".to_owned()), "{root:?}");
        let action = keys_at(&path(&["actions", "GetTask"]));
        assert!(action
            .iter()
            .any(|k| k.name == "returns" && k.doc.contains("Shorthand")));
        let field = keys_at(&path(&["objects", "Task", "fields", "id"]));
        assert!(field.iter().any(|k| k.name == "type"), "{field:?}");
        let limit = keys_at(&path(&["limits", "-"]));
        assert!(limit
            .iter()
            .any(|k| k.name == "per" && k.doc.contains("ms")));
        assert!(keys_at(&path(&["objects"])).is_empty());
        assert!(doc_at(&path(&["actions", "X", "request"])).is_some());
        assert!(doc_at(&path(&["base_url"])).is_some_and(|d| d.contains("every request path")));
        assert!(is_type_position(&path(&["actions", "X", "returns"])));
        assert!(!is_type_position(&path(&["actions", "X", "request"])));
        assert_eq!(
            words_at(&path(&["actions", "X", "params", "p", "in"])),
            ["path", "query", "header"]
        );
    }
}
