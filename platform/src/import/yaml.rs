//! Writes a spec held as ordered JSON values as YAML, with the schema line editors use.

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::Value;

use super::ImportError;

/// Renders `spec` as YAML with the `$schema` first line.
pub(crate) fn render(spec: &Value, schema_path: &str) -> Result<String, ImportError> {
    render_pruned(&mut spec.clone(), schema_path)
}

/// [`render`] for a spec the caller owns: empty mappings and lists are removed from `spec`
/// itself (what is written is the same), which saves copying the whole spec.
pub(crate) fn render_pruned(spec: &mut Value, schema_path: &str) -> Result<String, ImportError> {
    prune(spec);
    let body = serde_saphyr::to_string(&Node(spec)).map_err(ImportError::WriteYaml)?;
    Ok(format!(
        "# yaml-language-server: $schema={schema_path}\n{body}"
    ))
}

/// Keys whose values are data kept as written, empty containers included.
const AS_WRITTEN: &[&str] = &["extensions", "default", "example", "value"];

/// Removes empty mappings and lists (but keeps empty strings and nulls the spec needs). What
/// [`AS_WRITTEN`] keys hold is kept as written, empty containers included.
fn prune(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                if !AS_WRITTEN.contains(&k.as_str()) {
                    prune(v);
                }
            }
            // `paginate: { link_header: {} }` says all it needs with an empty mapping.
            map.retain(|k, v| match v {
                // An empty `extensions` keeps nothing.
                Value::Object(m) if k == "extensions" => !m.is_empty(),
                _ if AS_WRITTEN.contains(&k.as_str()) => true,
                Value::Object(m) => !m.is_empty() || k == "link_header",
                Value::Array(a) => !a.is_empty(),
                _ => true,
            });
        }
        Value::Array(items) => items.iter_mut().for_each(prune),
        _ => {}
    }
}

/// A value written with short lists of scalars in flow style (`[Item]`, `enum: [a, b]`).
struct Node<'a>(&'a Value);

impl Serialize for Node<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Value::Object(map) => {
                let mut out = serializer.serialize_map(Some(map.len()))?;
                for (key, value) in map {
                    out.serialize_entry(key, &Node(value))?;
                }
                out.end()
            }
            Value::Array(items) if flows(items) => {
                serde_saphyr::FlowSeq(items).serialize(serializer)
            }
            Value::Array(items) => {
                let mut out = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    out.serialize_element(&Node(item))?;
                }
                out.end()
            }
            other => other.serialize(serializer),
        }
    }
}

/// Whether a list is short scalars that read well on one line.
fn flows(items: &[Value]) -> bool {
    let mut width = 0;
    for item in items {
        match item {
            Value::String(s) if !s.contains('\n') && !s.is_empty() => width += s.len() + 2,
            Value::Number(n) => width += n.to_string().len() + 2,
            Value::Bool(_) => width += 6,
            _ => return false,
        }
    }
    width <= 72
}
