//! YAML text for a `serde_json::Value`, byte for byte what serde-saphyr's serializer writes with
//! its default options, in a fraction of its time (it writes straight into a `String`, with no
//! serializer state machine between the value and the text).
//!
//! [`to_string`] is the entry point. The few shapes this writer does not produce itself (keys
//! over 1,024 characters, which YAML writes in the explicit `? key` form; a flow list holding
//! mappings or lists) make it hand the whole value to serde-saphyr instead, so the text is the
//! same either way. `codegen/tests/yaml_out_matches.rs` compares the two writers.

mod direct;
mod emit;
mod fold;
mod numeric;
mod plain;
mod scalar;

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::Value;

/// Which lists are written on one line (`[a, b]`) rather than one item per line. It must answer
/// `false` for a list holding a mapping or a list.
pub type FlowRule = fn(&[Value]) -> bool;

/// The fast writer met a shape it leaves to serde-saphyr.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unsupported;

/// The YAML text of `value`, with the lists `flow` picks written on one line.
pub fn to_string(
    value: &Value,
    flow: Option<FlowRule>,
) -> Result<String, serde_saphyr::SerializeError> {
    match fast(value, flow) {
        Ok(text) => Ok(text),
        Err(Unsupported) => reference(value, flow),
    }
}

/// The fast writer alone: the text, or [`Unsupported`] where it would defer to serde-saphyr.
pub fn fast(value: &Value, flow: Option<FlowRule>) -> Result<String, Unsupported> {
    let mut emitter = emit::Emitter {
        out: String::with_capacity(4096),
        flow,
    };
    emitter.document(value)?;
    Ok(emitter.out)
}

/// The text [`fast`] writes for `serde_json::to_value(value)`, written from `value`'s `Serialize`
/// without building the `Value` (lists are kept as values only until an item is a collection).
/// [`Unsupported`] where the value must take the `to_value` route: a repeated mapping key, bytes,
/// keys other than text and integers, a serialisation error, or what [`fast`] leaves out.
pub fn direct<T: Serialize + ?Sized>(
    value: &T,
    flow: Option<FlowRule>,
) -> Result<String, Unsupported> {
    direct::write(value, flow)
}

/// What serde-saphyr writes for `value` with the same flow rule: the text this module matches.
pub fn reference(
    value: &Value,
    flow: Option<FlowRule>,
) -> Result<String, serde_saphyr::SerializeError> {
    match flow {
        Some(rule) => serde_saphyr::to_string(&Flowing { value, rule }),
        None => serde_saphyr::to_string(value),
    }
}

/// A value whose lists `rule` picks are serialised in flow style.
struct Flowing<'a> {
    value: &'a Value,
    rule: FlowRule,
}

impl Serialize for Flowing<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let rule = self.rule;
        match self.value {
            Value::Object(map) => {
                let mut out = serializer.serialize_map(Some(map.len()))?;
                for (key, value) in map {
                    out.serialize_entry(key, &Flowing { value, rule })?;
                }
                out.end()
            }
            Value::Array(items) if rule(items) => {
                serde_saphyr::FlowSeq(items).serialize(serializer)
            }
            Value::Array(items) => {
                let mut out = serializer.serialize_seq(Some(items.len()))?;
                for value in items {
                    out.serialize_element(&Flowing { value, rule })?;
                }
                out.end()
            }
            other => other.serialize(serializer),
        }
    }
}
