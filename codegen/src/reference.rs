//! The reference part of `docs/spec-language.md`: every mapping of the spec language with its
//! keys, what each holds and its documentation, generated from the JSON Schema (and so from the
//! model's doc comments).

use serde_json::{Map, Value};

/// The reference as Markdown: one section per mapping, starting with the spec's top level.
pub fn spec_reference_markdown() -> String {
    let schema: Value = serde_json::from_str(&crate::spec_schema_json()).unwrap_or(Value::Null);
    let empty = Map::new();
    let defs = schema
        .get("$defs")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let mut out = String::new();
    section(&mut out, "Connector spec (top level)", &schema);
    let mut names: Vec<&String> = defs.keys().collect();
    names.sort();
    for name in names {
        section(&mut out, name, &defs[name.as_str()]);
    }
    out
}

fn one_line(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

/// What a property's value is, in words: `string`, `list of LimitDef`, `map of TypeDef`, ….
fn shape(node: &Value) -> String {
    if let Some(reference) = node.get("$ref").and_then(Value::as_str) {
        let name = reference.trim_start_matches("#/$defs/");
        return format!("[{name}](#{})", name.to_ascii_lowercase());
    }
    if let Some(branches) = node
        .get("anyOf")
        .or_else(|| node.get("oneOf"))
        .and_then(Value::as_array)
    {
        let shapes: Vec<String> = branches
            .iter()
            .filter(|b| b.get("type").and_then(Value::as_str) != Some("null"))
            .map(shape)
            .collect();
        return shapes.join(" or ");
    }
    if let Some(word) = node.get("const").and_then(Value::as_str) {
        return format!("`{word}`");
    }
    if let Some(words) = node.get("enum").and_then(Value::as_array) {
        let words: Vec<String> = words
            .iter()
            .filter_map(Value::as_str)
            .map(|w| format!("`{w}`"))
            .collect();
        return words.join(", ");
    }
    let types: Vec<&str> = match node.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(Value::as_str)
            .filter(|t| *t != "null")
            .collect(),
        _ => Vec::new(),
    };
    match types.first().copied() {
        Some("array") => match node.get("items") {
            Some(items) => format!("list of {}", shape(items)),
            None => "list".into(),
        },
        Some("object") => match node.get("additionalProperties") {
            Some(value @ Value::Object(_)) => format!("names → {}", shape(value)),
            _ => "mapping".into(),
        },
        Some("integer") => "whole number".into(),
        Some("boolean") => "`true` or `false`".into(),
        Some(other) => other.into(),
        None => "any value".into(),
    }
}

fn section(out: &mut String, title: &str, node: &Value) {
    out.push_str(&format!("### {title}\n\n"));
    if let Some(description) = node.get("description").and_then(Value::as_str) {
        out.push_str(&one_line(description));
        out.push_str("\n\n");
    }
    let required: Vec<&str> = node
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if let Some(properties) = node.get("properties").and_then(Value::as_object) {
        out.push_str("| key | value | what it is |\n|---|---|---|\n");
        for (key, property) in properties {
            let description = property
                .get("description")
                .and_then(Value::as_str)
                .unwrap_or("");
            let needed = if required.contains(&key.as_str()) {
                " (required)"
            } else {
                ""
            };
            out.push_str(&format!(
                "| `{key}`{needed} | {} | {} |\n",
                shape(property),
                one_line(description)
            ));
        }
        out.push('\n');
        return;
    }
    if let Some(branches) = node
        .get("anyOf")
        .or_else(|| node.get("oneOf"))
        .and_then(Value::as_array)
    {
        out.push_str("One of:\n\n");
        for branch in branches {
            if branch.get("type").and_then(Value::as_str) == Some("null") {
                continue;
            }
            let words = match branch.get("properties").and_then(Value::as_object) {
                Some(properties) if properties.len() == 1 => {
                    let (key, value) = properties.iter().next().expect("one property");
                    format!("`{key}: …` ({})", shape(value))
                }
                _ => shape(branch),
            };
            let description = branch
                .get("description")
                .and_then(Value::as_str)
                .map(|d| format!(": {}", one_line(d)))
                .unwrap_or_default();
            out.push_str(&format!("- {words}{description}\n"));
        }
        out.push('\n');
        return;
    }
    out.push_str(&format!("Written as {}.\n\n", shape(node)));
}
