//! Rules about schemas wherever they appear: definitions, bodies, responses and notification
//! content. `$ref`s are checked, not followed, so cycles cannot trap the walk.

use crate::powerplatform::formats::PLATFORM_FORMATS;
use serde_json::{Map, Value};

use super::operations::{all, parameters};
use super::{JsonPath, RuleName, Sink};
use crate::json_field::Field;
use crate::powerplatform::vocabulary::Visibility;

/// How deep the walk goes before giving up.
const MAX_DEPTH: usize = 64;

#[derive(Clone, Copy)]
struct Ctx {
    response_root: bool,
    internal_parent: bool,
    depth: usize,
}

pub(super) fn check(doc: &Value, sink: &mut Sink<'_>) {
    let top = Ctx {
        response_root: false,
        internal_parent: false,
        depth: 0,
    };
    if let Some(defs) = doc.field("definitions").and_then(Value::as_object) {
        let at = JsonPath::root().key("definitions");
        for (name, schema) in defs {
            walk(doc, schema, &at.key(name), top, sink);
        }
    }
    for op in all(doc) {
        for (at, p) in parameters(doc, &op) {
            match p.field("schema") {
                Some(schema) => walk(doc, schema, &at.key("schema"), top, sink),
                None => keywords(p, &at, sink),
            }
        }
        if let Some(responses) = op.operation.field("responses").and_then(Value::as_object) {
            for (code, response) in responses {
                if let Some(schema) = response.field("schema") {
                    let ctx = Ctx {
                        response_root: true,
                        ..top
                    };
                    let at = op.path.key("responses").key(code).key("schema");
                    walk(doc, schema, &at, ctx, sink);
                }
            }
        }
        if let Some(schema) = op.item.pointer("/x-ms-notification-content/schema") {
            let at = JsonPath::root()
                .key("paths")
                .key(op.path_key)
                .key("x-ms-notification-content")
                .key("schema");
            walk(doc, schema, &at, top, sink);
        }
    }
}

fn walk(doc: &Value, schema: &Value, at: &JsonPath, ctx: Ctx, sink: &mut Sink<'_>) {
    let Some(map) = schema.as_object() else {
        return;
    };
    if ctx.depth > MAX_DEPTH {
        return;
    }
    if let Some(reference) = map.field("$ref") {
        check_ref(doc, reference, map, at, sink);
        return;
    }
    keywords(schema, at, sink);
    let ty = map.field("type").and_then(Value::as_str);
    if ty == Some("file") && !ctx.response_root {
        sink.report(
            RuleName::SchemaTypeFileNotValid,
            at,
            "type file is allowed only at the root of a response schema",
        );
    }
    if ty == Some("array") && !map.contains_key("items") {
        sink.report(
            RuleName::ArrayHasNoItems,
            at,
            "the array does not say what its items are",
        );
    }
    let internal = ctx.internal_parent
        || Visibility::read(schema, "x-ms-visibility") == Some(Visibility::Internal);
    if map.field("x-ms-notification-url").and_then(Value::as_bool) == Some(true) {
        if ty != Some("string") {
            sink.report(
                RuleName::NotificationUrlNotString,
                at,
                "the callback URL property is not a string",
            );
        }
        if !internal {
            sink.report(
                RuleName::NotificationUrlNotInternal,
                at,
                "neither the callback URL property nor a parent is internal",
            );
        }
    }
    let properties = map.field("properties").and_then(Value::as_object);
    required_defined(map, properties, at, sink);
    let child = Ctx {
        response_root: false,
        internal_parent: internal,
        depth: ctx.depth + 1,
    };
    if let Some(props) = properties {
        let at = at.key("properties");
        for (name, p) in props {
            walk(doc, p, &at.key(name), child, sink);
        }
    }
    if let Some(items) = map.field("items") {
        walk(doc, items, &at.key("items"), child, sink);
    }
    if let Some(extra) = map.field("additionalProperties").filter(|v| v.is_object()) {
        walk(doc, extra, &at.key("additionalProperties"), child, sink);
    }
    for combinator in ["allOf", "anyOf", "oneOf"] {
        if let Some(list) = map.field(combinator).and_then(Value::as_array) {
            for (i, s) in list.iter().enumerate() {
                walk(doc, s, &at.key(combinator).index(i), child, sink);
            }
        }
    }
}

/// `required` is not empty and names only defined properties.
fn required_defined(
    map: &Map<String, Value>,
    properties: Option<&Map<String, Value>>,
    at: &JsonPath,
    sink: &mut Sink<'_>,
) {
    if let Some(required) = map.field("required").and_then(Value::as_array) {
        if required.is_empty() {
            sink.report(
                RuleName::RequiredPropertyArrayEmpty,
                &at.key("required"),
                "`required` is empty; leave it out instead",
            );
        }
        for (i, name) in required.iter().enumerate() {
            let name = name.as_str().unwrap_or("");
            if !properties.is_some_and(|p| p.contains_key(name)) {
                sink.report(
                    RuleName::RequiredPropertyDefinitionMissing,
                    &at.key("required").index(i),
                    format!("required property `{name}` is not defined"),
                );
            }
        }
    }
}

fn check_ref(
    doc: &Value,
    reference: &Value,
    map: &Map<String, Value>,
    at: &JsonPath,
    sink: &mut Sink<'_>,
) {
    let r = reference.as_str().unwrap_or("");
    if !r.starts_with("#/definitions/") {
        sink.report(
            RuleName::SchemaReferenceNotValid,
            &at.key("$ref"),
            format!("`{r}` does not point into #/definitions/"),
        );
    } else if doc.pointer(&r[1..]).is_none() {
        sink.report(
            RuleName::SchemaReferenceNotFound,
            &at.key("$ref"),
            format!("`{r}` does not exist"),
        );
    }
    let extra: Vec<&String> = map.keys().filter(|k| k.as_str() != "$ref").collect();
    if !extra.is_empty() {
        sink.report(
            RuleName::AdditionalPropertyNotAllowedAdjacentToRef,
            at,
            format!(
                "{} beside $ref",
                extra
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        );
    }
}

/// Keyword checks shared by schemas and non-body parameters.
fn keywords(v: &Value, at: &JsonPath, sink: &mut Sink<'_>) {
    if let Some(format) = v.field("format").and_then(Value::as_str) {
        if !PLATFORM_FORMATS.contains(&format) {
            sink.report(
                RuleName::UnrecognizedTypeFormat,
                &at.key("format"),
                format!("format `{format}` is not one the platform knows"),
            );
        }
    }
    if let Some(list) = v.field("enum").and_then(Value::as_array) {
        if list.is_empty() {
            sink.report(
                RuleName::EnumMustContainAtLeastOneElement,
                &at.key("enum"),
                "the enum is empty",
            );
        }
    }
    if let Some(labels) = v.field("x-ms-enum-values").and_then(Value::as_array) {
        for (i, label) in labels.iter().enumerate() {
            if label.field("displayName").is_none() {
                sink.report(
                    RuleName::MissingEnumValuesDisplayName,
                    &at.key("x-ms-enum-values").index(i),
                    "an x-ms-enum-values entry has no displayName",
                );
            }
        }
    }
    let num = |k: &str| v.field(k).and_then(Value::as_f64);
    if let (Some(min), Some(max)) = (num("minimum"), num("maximum")) {
        if min > max {
            sink.report(
                RuleName::MinimumShouldBeLessThanOrEqualToMaximum,
                at,
                format!("minimum {min} is above maximum {max}"),
            );
        }
    }
    if let (Some(min), Some(max)) = (num("minLength"), num("maxLength")) {
        if min > max {
            sink.report(
                RuleName::MinLengthShouldBeLessThanOrEqualToMaxLength,
                at,
                format!("minLength {min} is above maxLength {max}"),
            );
        }
    }
}
