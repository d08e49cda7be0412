//! An imported `allOf` written back as it was: the importer merges a composition into one
//! typed shape and keeps the composition among the shape's extensions; the emitter writes the
//! composition in place of the shape while the shape still says what the composition says,
//! and the shape otherwise (the spec was edited since).

use serde_json::{Map, Value};

use super::swagger::Schema;

/// Writes the kept `allOf` of `schema` in place of its typed shape when they agree, and drops
/// it otherwise. `definition` gives the schema written for a `#/definitions/…` reference.
pub fn settle_all_of(schema: &mut Schema, definition: impl Fn(&str) -> Option<Schema>) {
    let Some(Value::Array(parts)) = schema.extensions.get("allOf") else {
        return;
    };
    let agrees = match (parts.as_slice(), &schema.reference) {
        ([only], Some(reference)) => only.get("$ref").and_then(Value::as_str) == Some(reference),
        (_, None) => merges_to(parts, schema, &definition),
        _ => false,
    };
    if agrees {
        schema.reference = None;
        schema.properties = None;
        schema.required.clear();
    } else {
        schema.extensions.shift_remove("allOf");
        // The mark "no `type` was written" belonged to the composition.
        if schema.extensions.get("type") == Some(&Value::Null) {
            schema.extensions.shift_remove("type");
        }
    }
}

/// Whether merging the properties and requirements of `parts` gives those of `schema`.
fn merges_to(
    parts: &[Value],
    schema: &Schema,
    definition: &impl Fn(&str) -> Option<Schema>,
) -> bool {
    let mut properties = Map::new();
    let mut required: Vec<String> = Vec::new();
    for part in parts {
        let part = match part.get("$ref").and_then(Value::as_str) {
            Some(reference) => match definition(reference).map(serde_json::to_value) {
                Some(Ok(value)) => value,
                _ => return false,
            },
            None => part.clone(),
        };
        if part.get("allOf").is_some() {
            return false;
        }
        if let Some(Value::Object(own)) = part.get("properties") {
            properties.extend(own.clone());
        }
        for name in part
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            match name.as_str() {
                Some(name) if !required.iter().any(|r| r == name) => required.push(name.into()),
                _ => {}
            }
        }
    }
    let typed = match serde_json::to_value(&schema.properties) {
        Ok(Value::Object(typed)) => typed,
        Ok(Value::Null) => Map::new(),
        _ => return false,
    };
    let mut typed_required = schema.required.clone();
    typed_required.sort();
    required.sort();
    typed == properties && typed_required == required
}
