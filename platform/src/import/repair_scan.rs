//! Whether an OpenAPI document needs the schema repairs of [`normalise`], told without making
//! them: a document that needs none is read without a repaired copy. The 3.1 downgrade answers
//! the same question as it walks ([`super::openapi31`]).
//!
//! [`normalise`]: super::openapi::normalise

use serde_json::{Map, Value};

/// Whether `normalise` might change `value` or warn about it: `false` only when it would do
/// neither (so the document needs no repaired copy). Below the depth the repairs stop at, it
/// answers `true`, which costs only the copy.
pub(crate) fn needs_repair(value: &Value, depth: usize) -> bool {
    match value {
        Value::Object(map) => {
            depth > REPAIR_DEPTH
                || schema_needs_repair(map)
                || map.values().any(|v| needs_repair(v, depth + 1))
        }
        Value::Array(items) => {
            depth > REPAIR_DEPTH || items.iter().any(|v| needs_repair(v, depth + 1))
        }
        _ => false,
    }
}

/// How deep `normalise` repairs.
pub(crate) const REPAIR_DEPTH: usize = 256;

/// Whether the schema repairs of `normalise` would change `map` or warn about it, from one pass
/// over its keys.
pub(crate) fn schema_needs_repair(map: &Map<String, Value>) -> bool {
    let (mut ty, mut not_schema, mut values, mut misfit) = (None, false, None, false);
    for (k, v) in map {
        match k.as_str() {
            "properties" => {
                let lifted = v.as_object().is_some_and(|props| {
                    props
                        .values()
                        .any(|p| matches!(p.get("required"), Some(Value::Bool(_))))
                });
                if lifted {
                    return true;
                }
            }
            "type" => ty = Some(v),
            "in" | "name" => not_schema = true,
            "enum" => values = v.as_array(),
            "nullable" => misfit |= v.is_string(),
            "exclusiveMinimum" | "exclusiveMaximum" => misfit |= v.is_number(),
            "minLength" | "maxLength" | "minItems" | "maxItems" | "minimum" | "maximum" => {
                misfit |= v.is_string()
            }
            _ => {}
        }
    }
    let Some(ty) = ty.filter(|_| !not_schema) else {
        return false;
    };
    if ty.is_array() || misfit {
        return true;
    }
    let ty = ty.as_str().unwrap_or("");
    let fits = |v: &Value| match ty {
        "string" => v.is_string() || v.is_null(),
        "integer" => v.as_i64().is_some() || v.is_null(),
        "number" => v.is_number() || v.is_null(),
        "boolean" => v.is_boolean() || v.is_null(),
        _ => true,
    };
    values.is_some_and(|values| !values.iter().all(fits))
}
