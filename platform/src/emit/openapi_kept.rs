//! Root keys of an imported OpenAPI document kept as written.
//!
//! The OpenAPI importer stores what the spec language has no place for at the document's root
//! under the connector's extension [`OPENAPI_ROOT`]: the `openapi` version (a 3.0.x other than
//! the emitter's own), `info` keys other than the title, description, version and contact
//! (`termsOfService`, `license`, `x-…`), and the root `tags` list with its descriptions and
//! order. The OpenAPI emitter writes them back over what it would otherwise derive.
//!
//! Each operation keeps the answers the spec does not model (errors, `default`, other
//! successes) under [`OPENAPI_RESPONSES`], as written with their `$ref`s inlined; they are
//! written beside the answers the emitter derives, never over them. The kept
//! `tags` replace the derived list whole: OpenAPI lets operations name tags the root does not
//! declare, and the original may have declared fewer or more than its operations use.

use std::collections::BTreeSet;

use indexmap::IndexMap;
use openapiv3::{
    AnySchema, MediaType, OpenAPI, ReferenceOr, Response, Responses, Schema, SchemaData,
    SchemaKind, SecurityScheme, StatusCode, Tag,
};
use serde_json::{Map, Value};

use crate::emit::powerplatform::schema::kept_keys;
use crate::ir::Field;

/// Connector extension key: OpenAPI root keys kept as written.
pub const OPENAPI_ROOT: &str = "openapi_root";

/// Action or trigger extension key: the OpenAPI answers the spec does not model, by status.
pub const OPENAPI_RESPONSES: &str = "openapi_responses";

/// Connector extension key: `false` when operations get no derived error answers (`default`
/// from the spec's error rule, `429` from its limits); an OpenAPI import writes it, since the
/// original's own answers are kept as written.
pub const DERIVE_ERROR_ANSWERS: &str = "derive_error_answers";

/// Whether the emitter adds the derived error answers.
pub fn derives_error_answers(extensions: &IndexMap<String, Value>) -> bool {
    extensions.get(DERIVE_ERROR_ANSWERS) != Some(&Value::Bool(false))
}

/// The `info` keys the spec language holds itself.
pub const MODELLED_INFO: [&str; 4] = ["title", "description", "version", "contact"];

/// Writes the root keys kept in `extensions` over `doc`.
pub fn apply(doc: &mut OpenAPI, extensions: &IndexMap<String, Value>) {
    let Some(Value::Object(kept)) = extensions.get(OPENAPI_ROOT) else {
        return;
    };
    if let Some(Value::String(version)) = kept.get("openapi") {
        if version.starts_with("3.0.") {
            doc.openapi = version.clone();
        }
    }
    if let Some(Value::Object(info)) = kept.get("info") {
        info_keys(doc, info);
    }
    if let Some(tags) = kept
        .get("tags")
        .and_then(|t| serde_json::from_value::<Vec<Tag>>(t.clone()).ok())
    {
        doc.tags = tags;
    }
}

fn info_keys(doc: &mut OpenAPI, info: &Map<String, Value>) {
    for (key, value) in info {
        match key.as_str() {
            "termsOfService" => doc.info.terms_of_service = value.as_str().map(str::to_owned),
            "license" => doc.info.license = serde_json::from_value(value.clone()).ok(),
            k if k.starts_with("x-") => {
                doc.info.extensions.insert(key.clone(), value.clone());
            }
            _ => {}
        }
    }
}

/// Adds the answers kept in an operation's `extensions` that `responses` does not have yet.
pub fn responses(responses: &mut Responses, extensions: &IndexMap<String, Value>) {
    let Some(Value::Object(kept)) = extensions.get(OPENAPI_RESPONSES) else {
        return;
    };
    for (code, value) in kept {
        let Ok(response) = serde_json::from_value::<ReferenceOr<Response>>(value.clone()) else {
            continue;
        };
        if code == "default" {
            responses.default.get_or_insert(response);
            continue;
        }
        let status = match code.parse::<u16>() {
            Ok(n) => StatusCode::Code(n),
            Err(_) => match code.to_ascii_uppercase().as_bytes() {
                [d @ b'1'..=b'5', b'X', b'X'] => StatusCode::Range(u16::from(d - b'0')),
                _ => continue,
            },
        };
        responses.responses.entry(status).or_insert(response);
    }
}

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

/// Action extension key: the media types of the modelled answer the spec does not model (or
/// all of them, for an answer that cannot carry content), as written with `$ref`s inlined.
pub const OPENAPI_CONTENT: &str = "openapi_content";

/// Action extension key: the operation's `security` requirements as written.
pub const OPENAPI_SECURITY: &str = "openapi_security";

/// Parameter extension key: the parameter's own keys as written that the spec language has no
/// place for (`allowEmptyValue`, `x-…` keys, an example beside the schema's own), written back
/// on the parameter by the OpenAPI emitter.
pub const OPENAPI_PARAMETER: &str = "openapi_parameter";

/// Parameter extension key: `true` when the parameter's typed example was written on the
/// parameter rather than on its schema, where the OpenAPI emitter otherwise writes it.
pub const PARAMETER_EXAMPLE: &str = "openapi_parameter_example";

/// Parameter extension key: `true` when the parameter's description was written on its
/// schema only, where the OpenAPI emitter then writes it (rather than on the parameter).
pub const SCHEMA_DESCRIPTION: &str = "openapi_schema_description";

/// Parameter extension key: `true` on a path parameter an import added for a placeholder the
/// document did not declare; the OpenAPI emitter leaves it undeclared, as it was.
pub const UNDECLARED: &str = "openapi_undeclared";

/// The keys of an OpenAPI parameter the spec language holds itself.
pub const MODELLED_PARAMETER_KEYS: [&str; 10] = [
    "name",
    "in",
    "required",
    "description",
    "deprecated",
    "schema",
    "content",
    "style",
    "explode",
    "example",
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
pub fn schema(schema: Schema, extensions: &IndexMap<String, Value>) -> Schema {
    let kept = kept_keys(extensions, &[]);
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
            .is_none_or(|names| *names == property_names(u))
    }) {
        map.retain(|k, _| !SHAPE_KEYWORDS.contains(&k.as_str()));
        map.extend(union.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
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
            _ => {
                map.entry(key).or_insert(value);
            }
        }
    }
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
    opaque(map)
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

/// A parameter's field split for the OpenAPI emitter: the field whose schema is written (its
/// kept keys that belong to the parameter removed, its example when that was written on the
/// parameter, its description moved among its kept keys when it was written on the schema),
/// the parameter's example, and the parameter's own kept keys.
pub fn parameter_parts(field: &Field) -> (Field, Option<Value>, IndexMap<String, Value>) {
    let mut f = field.clone();
    let mut own: IndexMap<String, Value> = match f.extensions.shift_remove(OPENAPI_PARAMETER) {
        Some(Value::Object(map)) => map.into_iter().collect(),
        _ => IndexMap::new(),
    };
    for (key, value) in &own {
        if f.extensions.get(key) == Some(value) {
            f.extensions.shift_remove(key);
        }
    }
    let mut example = own.shift_remove("example");
    if f.extensions.shift_remove(SCHEMA_DESCRIPTION) == Some(Value::Bool(true)) {
        if let Some(d) = f.description.take() {
            f.extensions.insert("description".into(), Value::String(d));
        }
    }
    if f.extensions.shift_remove(PARAMETER_EXAMPLE) == Some(Value::Bool(true)) {
        example = f.example.take().or(example);
    }
    (f, example, own)
}

/// Security schemes by name.
pub type Schemes = IndexMap<String, ReferenceOr<SecurityScheme>>;
/// Security requirements.
pub type Requirements = Vec<IndexMap<String, Vec<String>>>;

/// Replaces the derived security scheme (named `derived_name`) and root requirements with the
/// document's as written (kept under [`OPENAPI_ROOT`]: `securitySchemes`, `security` and the
/// `scheme` the spec's `auth` was read from), when the derived scheme still says nothing the
/// written one does not (an edited `auth` is written as derived). Returns the written name of
/// the scheme, for operations' requirements.
pub fn security(
    schemes: &mut Schemes,
    requirements: &mut Option<Requirements>,
    derived_name: &str,
    extensions: &IndexMap<String, Value>,
) -> Option<String> {
    let kept = extensions.get(OPENAPI_ROOT)?.as_object()?;
    let name = kept.get("scheme")?.as_str()?;
    let written = kept.get("securitySchemes")?;
    let derived = serde_json::to_value(schemes.get(derived_name)?).ok()?;
    if !contained(&derived, written.get(name)?) {
        return None;
    }
    let written: Schemes = serde_json::from_value(written.clone()).ok()?;
    let root: Option<Requirements> = match kept.get("security") {
        Some(r) => Some(serde_json::from_value(r.clone()).ok()?),
        None => None,
    };
    *schemes = written;
    *requirements = root;
    Some(name.to_owned())
}

/// Whether everything `derived` says, `written` says too (an OAuth 2.0 flow's scopes: the
/// names, whatever their descriptions).
fn contained(derived: &Value, written: &Value) -> bool {
    match (derived, written) {
        (Value::Object(d), Value::Object(w)) => d.iter().all(|(key, value)| match w.get(key) {
            Some(Value::Object(scopes)) if key == "scopes" => value
                .as_object()
                .is_some_and(|names| names.keys().all(|n| scopes.contains_key(n))),
            Some(w) => contained(value, w),
            None => false,
        }),
        _ => derived == written,
    }
}

/// An operation's `security` as written ([`OPENAPI_SECURITY`]), when the document's schemes are
/// written ([`security`] gave a name) and the scopes it names are the action's `scopes`.
pub fn operation_security(
    extensions: &IndexMap<String, Value>,
    scopes: &[String],
    scheme: Option<&str>,
) -> Option<Requirements> {
    scheme?;
    let written: Requirements =
        serde_json::from_value(extensions.get(OPENAPI_SECURITY)?.clone()).ok()?;
    let named: std::collections::BTreeSet<&String> =
        written.iter().flat_map(|r| r.values()).flatten().collect();
    (named == scopes.iter().collect()).then_some(written)
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
/// `allOf` parts.
fn property_names(shape: &Map<String, Value>) -> BTreeSet<String> {
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
                names.extend(property_names(part));
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

/// Adds the media types kept under [`OPENAPI_CONTENT`] to the answer with `status`.
pub fn content(responses: &mut Responses, status: u16, extensions: &IndexMap<String, Value>) {
    let Some(Value::Object(kept)) = extensions.get(OPENAPI_CONTENT) else {
        return;
    };
    let Some(ReferenceOr::Item(response)) = responses.responses.get_mut(&StatusCode::Code(status))
    else {
        return;
    };
    for (media, value) in kept {
        if let Ok(parsed) = serde_json::from_value::<MediaType>(value.clone()) {
            response.content.entry(media.clone()).or_insert(parsed);
        }
    }
}
