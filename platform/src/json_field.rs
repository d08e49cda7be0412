//! Members of JSON objects looked up by name, as `Value::get` does, without hashing the name
//! when the object is small.
//!
//! The documents' objects keep their key order (an index map whose hasher is SipHash), and the
//! linter asks each schema and parameter for a handful of keywords: hashing every name asked
//! for was an eighth of `connectorc check` on a large connector. Most objects have a few
//! members, which a scan compares faster than the name is hashed.

use serde_json::{Map, Value};

/// Objects with at most this many members are scanned; larger ones use their index.
const SCAN_UP_TO: usize = 12;

/// A member of a JSON object by name.
pub(crate) trait Field {
    /// The member `key` of this value when it is an object that has one: what `get(key)`
    /// gives.
    fn field(&self, key: &str) -> Option<&Value>;
}

impl Field for Value {
    fn field(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(map) => map.field(key),
            _ => None,
        }
    }
}

impl Field for Map<String, Value> {
    fn field(&self, key: &str) -> Option<&Value> {
        if self.len() > SCAN_UP_TO {
            return self.get(key);
        }
        self.iter().find(|(k, _)| k.as_str() == key).map(|(_, v)| v)
    }
}

#[cfg(test)]
mod tests {
    use super::{Field, SCAN_UP_TO};
    use serde_json::{json, Map, Value};

    #[test]
    fn a_member_is_what_get_gives_for_every_size_and_kind() {
        let mut values = vec![json!(null), json!("format"), json!([1, 2]), json!(3)];
        for size in [0, 1, 2, SCAN_UP_TO, SCAN_UP_TO + 1, 40] {
            let map: Map<String, Value> = (0..size).map(|i| (format!("k{i}"), json!(i))).collect();
            values.push(Value::Object(map));
        }
        for value in &values {
            for key in ["", "k0", "k1", "k12", "k13", "k39", "k40", "format", "k"] {
                assert_eq!(value.field(key), value.get(key), "{key} in {value}");
                if let Value::Object(map) = value {
                    assert_eq!(map.field(key), map.get(key), "{key} in {value}");
                }
            }
        }
    }
}
