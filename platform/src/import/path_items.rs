//! Path items read with the `openapiv3` types, without reading their schemas twice.
//!
//! The importer reads every schema from the document as written (`Importer::schema_def`); the
//! typed reading of a path item only has to say whether the item parses, and where it has a
//! schema. Typed reading of a schema is costly (each `openapiv3` object with `x-` keys copies
//! its whole subtree before reading it, so a schema nested in a media type of a response of an
//! operation of a path item is copied at every level). So a schema in a place where the
//! importer later finds it as written, and which is certain to parse, is read as a
//! [`PLACEHOLDER`] reference instead. Whether the item parses does not change: the schema
//! would have parsed in its place too. When the lighter item does not parse, the item as
//! written is read again, so that the error is the one the whole item gives.

use openapiv3::{PathItem, ReferenceOr};
use serde::Deserialize;
use serde_json::{Map, Value};

/// The `$ref` a schema certain to parse is read as. The importer reads such a schema from the
/// document at its pointer, never from the typed item.
pub(crate) const PLACEHOLDER: &str = "#/x-connector-import/read-as-written";

/// How deep [`surely_parses`] looks into a schema before leaving it to the typed reading.
const MAX_DEPTH: usize = 32;

/// The path item `raw`, read with the `openapiv3` types; its schemas in places the importer
/// reads as written may be [`PLACEHOLDER`]s.
pub(crate) fn read(raw: &Value) -> Result<PathItem, serde_json::Error> {
    if let Value::Object(item) = raw {
        if let Ok(read) = PathItem::deserialize(&Value::Object(light_item(item))) {
            return Ok(read);
        }
    }
    PathItem::deserialize(raw)
}

/// Whether `schema` is a [`PLACEHOLDER`] of [`read`].
pub(crate) fn is_placeholder(schema: &ReferenceOr<openapiv3::Schema>) -> bool {
    matches!(schema, ReferenceOr::Reference { reference } if reference == PLACEHOLDER)
}

fn light_item(item: &Map<String, Value>) -> Map<String, Value> {
    item.iter()
        .map(|(k, v)| {
            let light = match k.as_str() {
                "parameters" => light_parameters(v),
                "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace" => {
                    light_operation(v)
                }
                _ => v.clone(),
            };
            (k.clone(), light)
        })
        .collect()
}

fn light_operation(op: &Value) -> Value {
    let Value::Object(op) = op else {
        return op.clone();
    };
    let light = op
        .iter()
        .map(|(k, v)| {
            let light = match k.as_str() {
                "parameters" => light_parameters(v),
                "requestBody" => with_light(v, |k, v| (k == "content").then(|| light_content(v))),
                "responses" => light_responses(v),
                _ => v.clone(),
            };
            (k.clone(), light)
        })
        .collect();
    Value::Object(light)
}

/// A parameter's `schema` is found as written at `{parameter}/schema`; one in `content` is not.
fn light_parameters(list: &Value) -> Value {
    match list {
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|p| with_light(p, |k, v| (k == "schema").then(|| light_schema(v))))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// The importer finds an answer's schemas as written under `responses/{code}` for the code as it
/// writes it (`200`, `2XX`), so only answers under keys written so are made lighter.
fn light_responses(responses: &Value) -> Value {
    let Value::Object(map) = responses else {
        return responses.clone();
    };
    let light = map
        .iter()
        .map(|(code, r)| {
            let canonical = code == "2XX"
                || (code.len() == 3
                    && code.bytes().all(|b| b.is_ascii_digit())
                    && !code.starts_with('0'));
            let light = if canonical {
                with_light(r, |k, v| match k {
                    "content" => Some(light_content(v)),
                    "headers" => Some(light_headers(v)),
                    _ => None,
                })
            } else {
                r.clone()
            };
            (code.clone(), light)
        })
        .collect();
    Value::Object(light)
}

/// The importer finds a media type's schema as written under the media type as it reads it
/// (lower case, without parameters), so only media types written so are made lighter.
fn light_content(content: &Value) -> Value {
    let Value::Object(map) = content else {
        return content.clone();
    };
    let light = map
        .iter()
        .map(|(media, m)| {
            let read_as = media.to_ascii_lowercase();
            let read_as = read_as.split(';').next().unwrap_or_default().trim();
            let light = if read_as == media {
                with_light(m, |k, v| (k == "schema").then(|| light_schema(v)))
            } else {
                m.clone()
            };
            (media.clone(), light)
        })
        .collect();
    Value::Object(light)
}

fn light_headers(headers: &Value) -> Value {
    let Value::Object(map) = headers else {
        return headers.clone();
    };
    let light = map
        .iter()
        .map(|(name, h)| {
            let light = with_light(h, |k, v| (k == "schema").then(|| light_schema(v)));
            (name.clone(), light)
        })
        .collect();
    Value::Object(light)
}

/// A copy of the object `value` with the values `light` gives for some keys; a `$ref` object
/// (read from its target, not from here) and anything else is copied as it is.
fn with_light(value: &Value, light: impl Fn(&str, &Value) -> Option<Value>) -> Value {
    match value {
        Value::Object(map) if !map.contains_key("$ref") => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), light(k, v).unwrap_or_else(|| v.clone())))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// The [`PLACEHOLDER`] for a schema certain to parse, else the schema.
fn light_schema(schema: &Value) -> Value {
    if surely_parses(schema, 0) {
        let mut placeholder = Map::new();
        placeholder.insert("$ref".into(), Value::from(PLACEHOLDER));
        Value::Object(placeholder)
    } else {
        schema.clone()
    }
}

/// Whether `schema` certainly parses as an `openapiv3` schema or reference to one: `false`
/// when unsure. A reference needs a text `$ref`; a schema needs each keyword the types read
/// to be of the type they read it as (keywords they do not read are ignored).
fn surely_parses(schema: &Value, depth: usize) -> bool {
    let Value::Object(map) = schema else {
        return false;
    };
    if depth > MAX_DEPTH {
        return false;
    }
    if let Some(reference) = map.get("$ref") {
        return reference.is_string();
    }
    let schemas = |v: &Value| match v {
        Value::Array(parts) => parts.iter().all(|p| surely_parses(p, depth + 1)),
        _ => false,
    };
    map.iter().all(|(k, v)| match k.as_str() {
        "nullable" | "readOnly" | "writeOnly" | "deprecated" | "exclusiveMinimum"
        | "exclusiveMaximum" | "uniqueItems" => v.is_boolean(),
        "title" | "description" | "type" | "pattern" | "format" => v.is_string(),
        "multipleOf" | "minimum" | "maximum" => v.is_number(),
        "minProperties" | "maxProperties" | "minItems" | "maxItems" | "minLength"
        | "maxLength" => v.as_u64().is_some_and(|n| usize::try_from(n).is_ok()),
        "required" => v
            .as_array()
            .is_some_and(|names| names.iter().all(Value::is_string)),
        "enum" => v.is_array(),
        "properties" => v
            .as_object()
            .is_some_and(|props| props.values().all(|p| surely_parses(p, depth + 1))),
        "additionalProperties" => v.is_boolean() || surely_parses(v, depth + 1),
        "items" | "not" => surely_parses(v, depth + 1),
        "oneOf" | "allOf" | "anyOf" => schemas(v),
        // Documentation the types read into structures of their own is left to them.
        "externalDocs" | "discriminator" => false,
        // `example`, `default`, `x-…` and keywords the types do not read take any value.
        _ => true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use openapiv3::Schema;
    use serde_json::json;

    /// Values of every JSON kind, some of them schemas.
    fn values() -> Vec<Value> {
        vec![
            json!(null),
            json!(true),
            json!(3),
            json!(-3),
            json!(2.5),
            json!("string"),
            json!([]),
            json!(["a", "b"]),
            json!([1]),
            json!({}),
            json!({"type": "string"}),
            json!({"type": 5}),
            json!({"$ref": "#/components/schemas/A"}),
            json!({"$ref": 5, "type": "string"}),
            json!({"url": "https://example.com"}),
            json!({"propertyName": "kind"}),
            json!({"a": {"type": "integer"}, "b": {"required": "no"}}),
        ]
    }

    const KEYWORDS: &[&str] = &[
        "nullable",
        "readOnly",
        "title",
        "type",
        "format",
        "minimum",
        "maxLength",
        "minItems",
        "required",
        "enum",
        "properties",
        "additionalProperties",
        "items",
        "not",
        "oneOf",
        "allOf",
        "externalDocs",
        "discriminator",
        "example",
        "x-extra",
        "unknownKeyword",
    ];

    /// Every schema said to parse does, alone and inside a path item (where the enclosing
    /// `openapiv3` objects read it from a copy of their own).
    #[test]
    fn a_schema_said_to_parse_does() {
        let (mut sure, mut tried) = (0, 0);
        for key in KEYWORDS {
            for value in values() {
                for ty in [None, Some("string"), Some("integer"), Some("object")] {
                    let mut schema = json!({ *key: value });
                    if let Some(ty) = ty.filter(|_| *key != "type") {
                        schema["type"] = json!(ty);
                    }
                    let nested = json!({"type": "object", "properties": {"p": schema}});
                    for schema in [schema, nested] {
                        tried += 1;
                        let alone = ReferenceOr::<Schema>::deserialize(&schema).is_ok();
                        let item = json!({"get": {"responses": {"200": {
                            "description": "ok",
                            "content": {"application/json": {"schema": schema}}
                        }}}});
                        let in_place = PathItem::deserialize(&item).is_ok();
                        if surely_parses(&schema, 0) {
                            sure += 1;
                            assert!(alone && in_place, "{schema}");
                        }
                    }
                }
            }
        }
        assert!(sure > 0 && sure < tried, "{sure} of {tried}");
    }

    /// The item [`read`] gives, with each [`PLACEHOLDER`] put back in the item as written.
    fn compare(raw: &Value) {
        let slow = PathItem::deserialize(raw);
        let fast = read(raw);
        match (&slow, &fast) {
            (Err(slow), Err(fast)) => assert_eq!(slow.to_string(), fast.to_string()),
            (Ok(slow), Ok(fast)) => {
                let mut slow = serde_json::to_value(slow).expect("writes");
                let fast = serde_json::to_value(fast).expect("writes");
                put_placeholders(&fast, &mut slow);
                assert_eq!(slow, fast, "{raw}");
            }
            _ => panic!("{raw}: {slow:?} but {fast:?}"),
        }
    }

    /// Writes the placeholders of `fast` at the same places of `slow`.
    fn put_placeholders(fast: &Value, slow: &mut Value) {
        if fast == &json!({ "$ref": PLACEHOLDER }) {
            *slow = fast.clone();
            return;
        }
        match (fast, slow) {
            (Value::Object(f), Value::Object(s)) => {
                for (k, v) in f {
                    if let Some(sv) = s.get_mut(k) {
                        put_placeholders(v, sv);
                    }
                }
            }
            (Value::Array(f), Value::Array(s)) => {
                for (v, sv) in f.iter().zip(s.iter_mut()) {
                    put_placeholders(v, sv);
                }
            }
            _ => {}
        }
    }

    #[test]
    fn a_lighter_item_reads_as_the_item_does() {
        let schemas = values();
        let mut placeholders = 0;
        for schema in &schemas {
            for media in ["application/json", "Application/JSON", "text/plain; charset=utf-8"] {
                for code in ["200", "2XX", "2xx", "0200", "default", "404"] {
                    let item = json!({
                        "parameters": [{"name": "a", "in": "query", "schema": schema}],
                        "post": {
                            "parameters": [
                                {"name": "b", "in": "header", "schema": schema},
                                {"name": "c", "in": "query",
                                 "content": {"application/json": {"schema": schema}}},
                                {"$ref": "#/components/parameters/D", "schema": schema}
                            ],
                            "requestBody": {"content": {media: {"schema": schema}}},
                            "responses": {code: {
                                "description": "ok",
                                "headers": {"X-A": {"schema": schema}},
                                "content": {media: {"schema": schema}}
                            }},
                            "callbacks": {"c": {"/x": {"get": {"responses": {"200": {
                                "description": "ok",
                                "content": {"application/json": {"schema": schema}}
                            }}}}}}
                        },
                        "x-kept": {"schema": schema}
                    });
                    compare(&item);
                    let light = light_item(item.as_object().expect("an object"));
                    placeholders += Value::Object(light)
                        .to_string()
                        .matches(PLACEHOLDER)
                        .count();
                }
            }
        }
        assert!(placeholders > 0);
    }
}
