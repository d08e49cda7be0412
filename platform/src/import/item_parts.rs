//! What both readers of a path item share ([`path_items`] with the `openapiv3` types,
//! [`item_reader`] straight from the JSON value): the [`Item`] they make, the methods, the
//! placeholder a schema read as written is replaced by, and which schemas, media types and
//! status codes the importer reads as written.
//!
//! [`path_items`]: super::path_items
//! [`item_reader`]: super::item_reader

use openapiv3::{Operation, Parameter, PathItem, ReferenceOr};
use serde_json::Value;

/// The `$ref` a schema certain to parse is read as. The importer reads such a schema from the
/// document at its pointer, never from the typed item.
pub(crate) const PLACEHOLDER: &str = "#/x-connector-import/read-as-written";

/// What the importer takes from a path item: its parameters and its operations, each boxed. A
/// `PathItem` keeps room for all eight methods (8.7 KB, mostly empty for the usual one or two
/// operations), and every item of a document is held until its operations are read.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Item {
    /// The parameters shared by the item's operations.
    pub(crate) parameters: Vec<ReferenceOr<Parameter>>,
    /// The operations, by lower-case method, in the order `PathItem::into_iter` gives them.
    pub(crate) operations: Vec<(&'static str, Box<Operation>)>,
}

impl Item {
    /// The parameters and operations of `item`, taken out of it (moving the whole item would
    /// copy its 8.7 KB).
    pub(crate) fn take_from(item: &mut PathItem) -> Self {
        let methods = [
            ("get", &mut item.get),
            ("put", &mut item.put),
            ("post", &mut item.post),
            ("delete", &mut item.delete),
            ("options", &mut item.options),
            ("head", &mut item.head),
            ("patch", &mut item.patch),
            ("trace", &mut item.trace),
        ];
        Item {
            parameters: std::mem::take(&mut item.parameters),
            operations: methods
                .into_iter()
                .filter_map(|(method, op)| Some((method, Box::new(op.take()?))))
                .collect(),
        }
    }
}

/// The methods of a path item, in the order [`Item::operations`] lists them.
pub(crate) const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// How deep [`surely_parses`] looks into a schema before leaving it to the typed reading.
const MAX_DEPTH: usize = 32;

/// Whether the importer writes the status code `code` as it is written (`200`, `2XX`).
pub(crate) fn canonical_code(code: &str) -> bool {
    code == "2XX"
        || (code.len() == 3 && code.bytes().all(|b| b.is_ascii_digit()) && !code.starts_with('0'))
}

/// Whether the importer reads `media` as it is written: lower case, without parameters and
/// trimmed, it is the same (no upper case, no `;` and nothing to trim).
pub(crate) fn read_as_written(media: &str) -> bool {
    !media.bytes().any(|b| b.is_ascii_uppercase() || b == b';') && media.trim() == media
}

/// Whether `schema` certainly parses as an `openapiv3` schema or reference to one: `false`
/// when unsure. A reference needs a text `$ref`; a schema needs each keyword the types read
/// to be of the type they read it as (keywords they do not read are ignored).
pub(crate) fn surely_parses(schema: &Value, depth: usize) -> bool {
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
        "minProperties" | "maxProperties" | "minItems" | "maxItems" | "minLength" | "maxLength" => {
            v.as_u64().is_some_and(|n| usize::try_from(n).is_ok())
        }
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
