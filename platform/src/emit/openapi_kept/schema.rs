//! A schema's keywords an import kept as written: written over the schema the OpenAPI
//! emitter derives from a type, a union's shape in place of the derived one, and the keys kept
//! beside a `$ref`.

use std::collections::BTreeSet;

use indexmap::IndexMap;
use openapiv3::{AnySchema, ReferenceOr, Schema, SchemaData, SchemaKind};
use serde_json::{Map, Value};

use crate::emit::powerplatform::schema::kept_keys;
use crate::ir::{Connector, Field, Type};

/// Type or field extension key: the shape keywords of a schema with `oneOf`, `anyOf` or
/// `allOf` ([`SHAPE_KEYWORDS`]) as written, `$ref`s inlined. The spec language has no unions:
/// an import reads such a schema as the nearest type it can (one object with every
/// alternative's properties, one scalar, any value) and keeps the union here; the OpenAPI
/// emitter writes these keywords in place of the shape it derives from that type.
pub const OPENAPI_UNION: &str = "openapi_union";

/// The keywords that say what a schema's values are (as opposed to its labels).
pub const SHAPE_KEYWORDS: [&str; 26] = [
    "type",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "format",
    "enum",
    "oneOf",
    "anyOf",
    "allOf",
    "not",
    "discriminator",
    "nullable",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "pattern",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
];

/// Field or type-use extension key: the original wrote this use of a named object in place
/// (an import named the repeated inline object), so it is written in place again, with its
/// own labels, rather than as a `$ref`.
pub const IN_PLACE: &str = "openapi_in_place";

/// A `$ref` with the keys an import kept as written beside it (the original's siblings of its
/// `$ref`, which OpenAPI 3.0 ignores but the original said); a bare `$ref` when there are none.
pub fn beside_reference(
    reference: ReferenceOr<Schema>,
    extensions: &IndexMap<String, Value>,
) -> ReferenceOr<Schema> {
    let kept = kept_keys(extensions, &[]);
    let ReferenceOr::Reference { reference: target } = &reference else {
        return reference;
    };
    if kept.is_empty() {
        return reference;
    }
    let mut map = Map::new();
    map.insert("$ref".into(), Value::String(target.clone()));
    map.extend(kept);
    ReferenceOr::Item(opaque(map))
}

/// Writes the schema keywords an import kept as written among a type's or field's
/// `extensions` onto `schema`: `x-` keys, the keywords the spec language has no place for
/// (`title`, `additionalProperties: false`, `uniqueItems`, …) and those kept only where they
/// misfit their typed place (`emit::powerplatform::schema::KEPT_KEYWORDS` and
/// `MISFIT_KEYWORDS`). A keyword the schema writes itself wins over a kept copy; a kept
/// `type: null` says the original wrote no `type`, so none is written. Kept
/// `x-enum-descriptions` that say what the enum's labels say replace the derived
/// `x-enum-labels`. A schema with nothing kept is returned as it is; otherwise it becomes the
/// same keys as written JSON (`SchemaKind::Any` with the keys among its extensions).
///
/// `connector` holds the named objects a union's `$ref`s name: their fields are the properties
/// such a part says.
pub fn schema(
    connector: &Connector,
    schema: Schema,
    extensions: &IndexMap<String, Value>,
) -> Schema {
    let kept = kept_keys(extensions, &[]);
    let in_place = extensions.contains_key(IN_PLACE);
    let union = extensions.get(OPENAPI_UNION).and_then(Value::as_object);
    let is_opaque = matches!(&schema.schema_kind, SchemaKind::Any(any) if *any == AnySchema::default())
        && !schema.schema_data.extensions.is_empty();
    if kept.is_empty() && !is_opaque && union.is_none() {
        return schema;
    }
    let Ok(Value::Object(mut map)) = serde_json::to_value(&schema) else {
        return schema;
    };
    if is_opaque {
        // Labels set on a schema already written as JSON win over its keys.
        let typed = SchemaData {
            extensions: IndexMap::new(),
            ..schema.schema_data.clone()
        };
        if let Ok(Value::Object(typed)) = serde_json::to_value(typed) {
            map.extend(typed);
        }
    }
    // The union as written, while the typed object still has the properties it names (an
    // edited object is written as typed).
    let derived_names = map
        .get("properties")
        .and_then(Value::as_object)
        .map(|p| p.keys().cloned().collect::<BTreeSet<String>>());
    if let Some(union) = union.filter(|u| {
        derived_names
            .as_ref()
            .is_none_or(|names| *names == property_names(connector, u))
    }) {
        map.retain(|k, _| !SHAPE_KEYWORDS.contains(&k.as_str()));
        map.extend(union.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    write_kept(&mut map, kept, in_place);
    settle_enum_labels(&mut map);
    opaque(map)
}

/// Writes the kept keys over `map`: a `type: null` removes the type, stray required names join
/// the fields' own, and a use written in place (`in_place`) says its own keywords over its
/// object's.
fn write_kept(map: &mut Map<String, Value>, kept: IndexMap<String, Value>, in_place: bool) {
    for (key, value) in kept {
        match key.as_str() {
            "type" if value.is_null() => {
                map.remove("type");
            }
            "type" => {}
            // Required names that are not fields ride along beside the fields' own.
            "required" => match (map.get_mut("required"), value) {
                (Some(Value::Array(written)), Value::Array(strays)) => {
                    for name in strays {
                        if !written.contains(&name) {
                            written.push(name);
                        }
                    }
                }
                (_, value) => {
                    map.entry(key).or_insert(value);
                }
            },
            // A use written in place says its own kept keywords over its object's.
            _ if in_place => {
                map.insert(key, value);
            }
            _ => {
                map.entry(key).or_insert(value);
            }
        }
    }
}

/// Kept `x-enum-descriptions` that say what the derived `x-enum-labels` say replace them;
/// otherwise the derived labels stay.
fn settle_enum_labels(map: &mut Map<String, Value>) {
    if let (Some(Value::Array(labels)), Some(Value::Array(descriptions))) =
        (map.get("x-enum-labels"), map.get("x-enum-descriptions"))
    {
        let same = labels.len() == descriptions.len()
            && labels
                .iter()
                .zip(descriptions)
                .all(|(l, d)| l.get("label") == Some(d));
        if same {
            map.remove("x-enum-labels");
        } else {
            map.remove("x-enum-descriptions");
        }
    }
}

/// The fields of the named object a `$ref` part names (`#/components/schemas/NAME`), by their
/// names on the wire.
fn referenced_fields(connector: &Connector, part: &Map<String, Value>) -> Vec<String> {
    let name = part
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/components/schemas/"))
        .map(|n| n.replace("~1", "/").replace("~0", "~"));
    let Some(object) = name.and_then(|n| connector.object(&n)) else {
        return Vec::new();
    };
    match connector.resolve(&object.ty) {
        Type::Object(o) => o.fields.iter().map(|f| f.wire_name.clone()).collect(),
        _ => Vec::new(),
    }
}

/// A schema that writes exactly the keys of `map`.
pub fn opaque(map: Map<String, Value>) -> Schema {
    Schema {
        schema_data: SchemaData {
            extensions: map.into_iter().collect(),
            ..SchemaData::default()
        },
        schema_kind: SchemaKind::Any(AnySchema::default()),
    }
}

/// `extensions` without the keys only the OpenAPI emitter reads (`openapi_…`), for the
/// emitters that write a type's kept keys as they are.
pub fn without_openapi_keys(extensions: &IndexMap<String, Value>) -> IndexMap<String, Value> {
    extensions
        .iter()
        .filter(|(k, _)| !k.starts_with("openapi_"))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// The property names a schema's shape says: its own and those of its `oneOf`, `anyOf` and
/// `allOf` parts; a part that is a `$ref` to a named object says its fields.
fn property_names(connector: &Connector, shape: &Map<String, Value>) -> BTreeSet<String> {
    let mut names: BTreeSet<String> = shape
        .get("properties")
        .and_then(Value::as_object)
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default();
    for key in ["oneOf", "anyOf", "allOf"] {
        for part in shape
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(part) = part.as_object() {
                names.extend(property_names(connector, part));
                names.extend(referenced_fields(connector, part));
            }
        }
    }
    names
}

/// Whether a field says `required: true` on itself as written (rather than in its parent's
/// list, where the OpenAPI emitter then leaves it out).
pub fn required_on_itself(field: &Field) -> bool {
    field.required && field.extensions.get("required") == Some(&Value::Bool(true))
}
