//! The usual forms of a path item read straight from its JSON value, as [`path_items`] reads
//! them with the `openapiv3` types.
//!
//! The types' own reading goes through serde's buffered form wherever they are untagged
//! (`ReferenceOr`), internally tagged (`Parameter`) or flattened (`ParameterData`, each object's
//! `x-` keys): every parameter, body and answer is copied once or twice before it is read, and
//! [`path_items`] first swaps the schemas it will read as written for placeholders and back.
//! [`item`] makes the same [`Item`] from the value in one pass, without changing it. Parts with
//! no schema of their own (servers, security, callbacks, links, examples) are read by their
//! types. For any form it does not know, or a value the types may refuse, it answers `None`,
//! and the caller reads the item with the types, which also say why one does not parse.
//!
//! [`path_items`]: super::path_items

use indexmap::IndexMap;
use openapiv3::{
    CookieStyle, HeaderStyle, MediaType, Operation, Parameter, ParameterData,
    ParameterSchemaOrContent, PathStyle, QueryStyle, ReferenceOr, RequestBody, Response, Responses,
    Schema, StatusCode,
};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::item_parts::{
    canonical_code, read_as_written, surely_parses, Item, METHODS, PLACEHOLDER,
};
use super::schema::field;

/// Kept `x-` keys, as the types keep them.
type Extensions = IndexMap<String, Value>;

/// The path item `value` as `path_items` reads it with the types, or `None` when this reader
/// cannot be sure it reads the same.
pub(crate) fn item(value: &Value) -> Option<Item> {
    let mut operations: [Option<Box<Operation>>; 8] = Default::default();
    let mut parameters = Vec::new();
    for (k, v) in value.as_object()? {
        if let Some(at) = METHODS.iter().position(|m| m == k) {
            operations[at] = Some(Box::new(operation(v)?));
            continue;
        }
        match k.as_str() {
            "summary" | "description" => {
                v.as_str()?;
            }
            "servers" => {
                typed::<Vec<openapiv3::Server>>(v)?;
            }
            "parameters" => parameters = self::parameters(v)?,
            // `x-` keys and keys the types have no field for are not part of what is read.
            _ => {}
        }
    }
    Some(Item {
        parameters,
        operations: METHODS
            .iter()
            .zip(operations)
            .filter_map(|(method, op)| Some((*method, op?)))
            .collect(),
    })
}

fn operation(value: &Value) -> Option<Operation> {
    let mut op = Operation::default();
    let mut responses = None;
    for (k, v) in value.as_object()? {
        match k.as_str() {
            "tags" => {
                let tags = v.as_array()?;
                op.tags = Vec::with_capacity(tags.len());
                for tag in tags {
                    op.tags.push(string(tag)?);
                }
            }
            "summary" => op.summary = Some(string(v)?),
            "description" => op.description = Some(string(v)?),
            "externalDocs" => op.external_docs = Some(typed(v)?),
            "operationId" => op.operation_id = Some(string(v)?),
            "parameters" => op.parameters = parameters(v)?,
            "requestBody" => op.request_body = Some(reference_or(v, request_body)?),
            "responses" => responses = Some(self::responses(v)?),
            "callbacks" => op.callbacks = typed(v)?,
            "deprecated" => op.deprecated = v.as_bool()?,
            // `null` is no list; the reader takes a list only.
            "security" if v.is_array() => op.security = Some(typed(v)?),
            "security" => return None,
            "servers" => op.servers = typed(v)?,
            _ => extension(&mut op.extensions, k, v),
        }
    }
    // An operation without `responses` does not parse.
    op.responses = responses?;
    Some(op)
}

/// The lists and maps are made at their size, as the types make them: an item's parts are
/// held until its operations are read, and room grown for more would be held with them.
fn parameters(value: &Value) -> Option<Vec<ReferenceOr<Parameter>>> {
    let list = value.as_array()?;
    let mut out = Vec::with_capacity(list.len());
    for p in list {
        out.push(reference_or(p, parameter)?);
    }
    Some(out)
}

/// A parameter with a `schema` and the keys of its place; `None` for any other form.
fn parameter(value: &Value) -> Option<Parameter> {
    let mut place = None;
    let mut name = None;
    let mut description = None;
    let mut required = false;
    let mut deprecated = None;
    let mut schema = None;
    let mut example = None;
    let mut explode = None;
    let mut style = None;
    let mut allow_reserved = None;
    let mut allow_empty_value = None;
    let mut extensions = Extensions::new();
    for (k, v) in value.as_object()? {
        match k.as_str() {
            "in" => place = Some(v.as_str()?),
            "name" => name = Some(string(v)?),
            "description" => description = Some(string(v)?),
            "required" => required = v.as_bool()?,
            "deprecated" => deprecated = Some(v.as_bool()?),
            // A parameter's schema is read as written (`path_items`).
            "schema" => schema = Some(schema_read_as_written(v)?),
            // A `null` example reads as none; the form this reader takes has a value.
            "example" if !v.is_null() => example = Some(v.clone()),
            "explode" => explode = Some(v.as_bool()?),
            "style" => style = Some(v.as_str()?),
            "allowReserved" => allow_reserved = Some(v.as_bool()?),
            "allowEmptyValue" => allow_empty_value = Some(v.as_bool()?),
            _ if k.starts_with("x-") => {
                extensions.insert(k.clone(), v.clone());
            }
            _ => return None,
        }
    }
    let parameter_data = ParameterData {
        name: name?,
        description,
        required,
        deprecated,
        format: ParameterSchemaOrContent::Schema(schema?),
        example,
        examples: IndexMap::new(),
        explode,
        extensions,
    };
    let only_query = allow_reserved.is_some() || allow_empty_value.is_some();
    Some(match place? {
        "query" => Parameter::Query {
            parameter_data,
            allow_reserved: allow_reserved.unwrap_or(false),
            style: match style {
                None | Some("form") => QueryStyle::Form,
                Some("spaceDelimited") => QueryStyle::SpaceDelimited,
                Some("pipeDelimited") => QueryStyle::PipeDelimited,
                Some("deepObject") => QueryStyle::DeepObject,
                Some(_) => return None,
            },
            allow_empty_value,
        },
        _ if only_query => return None,
        "header" => Parameter::Header {
            parameter_data,
            style: match style {
                None | Some("simple") => HeaderStyle::Simple,
                Some(_) => return None,
            },
        },
        "path" => Parameter::Path {
            parameter_data,
            style: match style {
                None | Some("simple") => PathStyle::Simple,
                Some("matrix") => PathStyle::Matrix,
                Some("label") => PathStyle::Label,
                Some(_) => return None,
            },
        },
        "cookie" => Parameter::Cookie {
            parameter_data,
            style: match style {
                None | Some("form") => CookieStyle::Form,
                Some(_) => return None,
            },
        },
        _ => return None,
    })
}

fn request_body(value: &Value) -> Option<RequestBody> {
    let mut body = RequestBody::default();
    for (k, v) in value.as_object()? {
        match k.as_str() {
            "description" => body.description = Some(string(v)?),
            // A body's schemas are read as written (`path_items`).
            "content" => body.content = content(v, true)?,
            "required" => body.required = v.as_bool()?,
            _ => extension(&mut body.extensions, k, v),
        }
    }
    Some(body)
}

fn responses(value: &Value) -> Option<Responses> {
    let mut out = Responses::default();
    for (k, v) in value.as_object()? {
        if k == "default" {
            out.default = Some(reference_or(v, |v| response(v, false))?);
        } else if k.starts_with("x-") {
            out.extensions.insert(k.clone(), v.clone());
        } else {
            let written = canonical_code(k);
            let code = status_code(k)?;
            out.responses
                .insert(code, reference_or(v, |v| response(v, written))?);
        }
    }
    Some(out)
}

/// A status code key the types read as one (`200`, `2XX`, `4xx`); `None` for a key they skip
/// or refuse.
fn status_code(key: &str) -> Option<StatusCode> {
    match key.as_bytes() {
        [a @ b'1'..=b'9', b @ b'0'..=b'9', c @ b'0'..=b'9'] => Some(StatusCode::Code(
            u16::from(a - b'0') * 100 + u16::from(b - b'0') * 10 + u16::from(c - b'0'),
        )),
        [n @ b'0'..=b'9', b'x' | b'X', b'x' | b'X'] => Some(StatusCode::Range(u16::from(n - b'0'))),
        _ => None,
    }
}

/// An answer; `as_written` says whether its schemas are read as written (`path_items`).
fn response(value: &Value, as_written: bool) -> Option<Response> {
    let mut out = Response::default();
    let mut description = None;
    for (k, v) in value.as_object()? {
        match k.as_str() {
            "description" => description = Some(string(v)?),
            // Headers' schemas may be read as written: left to the types.
            "headers" => return None,
            "content" => out.content = content(v, as_written)?,
            "links" => out.links = typed(v)?,
            _ => extension(&mut out.extensions, k, v),
        }
    }
    // An answer without a description does not parse.
    out.description = description?;
    Some(out)
}

fn content(value: &Value, as_written: bool) -> Option<IndexMap<String, MediaType>> {
    let map = value.as_object()?;
    let mut out = IndexMap::with_capacity(map.len());
    for (k, v) in map {
        out.insert(k.clone(), media_type(v, as_written && read_as_written(k))?);
    }
    Some(out)
}

fn media_type(value: &Value, as_written: bool) -> Option<MediaType> {
    let mut out = MediaType::default();
    let map = value.as_object()?;
    // `path_items` leaves the schema beside a `$ref` alone.
    if field(map, "$ref").is_some() {
        return None;
    }
    for (k, v) in map {
        match k.as_str() {
            "schema" if as_written => out.schema = Some(schema_read_as_written(v)?),
            "schema" => out.schema = Some(reference_or(v, typed::<Schema>)?),
            "example" if !v.is_null() => out.example = Some(v.clone()),
            "example" => return None,
            "examples" => out.examples = typed(v)?,
            "encoding" => out.encoding = typed(v)?,
            _ => extension(&mut out.extensions, k, v),
        }
    }
    Some(out)
}

/// A schema the importer reads as written: the placeholder when it surely parses (as
/// `path_items` puts it in), else as the types read it.
fn schema_read_as_written(value: &Value) -> Option<ReferenceOr<Schema>> {
    if surely_parses(value, 0) {
        return Some(ReferenceOr::Reference {
            reference: PLACEHOLDER.to_owned(),
        });
    }
    reference_or(value, typed::<Schema>)
}

/// A `$ref` object as its reference (whatever else it holds), another object as `item` reads
/// it. A `$ref` that is not text, or a value that is no object, is left to the typed reading.
fn reference_or<T>(value: &Value, item: impl Fn(&Value) -> Option<T>) -> Option<ReferenceOr<T>> {
    let map: &Map<String, Value> = value.as_object()?;
    match field(map, "$ref") {
        Some(Value::String(reference)) => Some(ReferenceOr::Reference {
            reference: reference.clone(),
        }),
        Some(_) => None,
        None => item(value).map(ReferenceOr::Item),
    }
}

/// `value` read by its own type, or `None` when it does not parse.
fn typed<T: DeserializeOwned>(value: &Value) -> Option<T> {
    T::deserialize(value).ok()
}

fn string(value: &Value) -> Option<String> {
    value.as_str().map(str::to_owned)
}

/// An `x-` key kept as the types keep it; another key the type has no field for is ignored,
/// as the types ignore it.
fn extension(extensions: &mut Extensions, key: &str, value: &Value) {
    if key.starts_with("x-") {
        extensions.insert(key.to_owned(), value.clone());
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::super::path_items::read_typed;

    /// A path item with one of each part this reader knows, in its usual form.
    fn usual() -> Value {
        json!({
            "summary": "Items",
            "x-item": {"a": [1, 2.5, null]},
            "parameters": [
                {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
                {"$ref": "#/components/parameters/Shared", "description": "beside"}
            ],
            "post": {
                "operationId": "updateItem",
                "summary": "Update",
                "description": "Updates",
                "tags": ["a", "b"],
                "deprecated": true,
                "x-op": 1,
                "parameters": [
                    {"name": "dry_run", "in": "query", "required": false,
                     "schema": {"type": "boolean"}, "x-p": true, "example": 3},
                    {"name": "X-Key", "in": "header", "schema": {"$ref": "#/c"}},
                    {"name": "c", "in": "cookie", "schema": {"type": "string"}}
                ],
                "requestBody": {
                    "required": true,
                    "description": "body",
                    "content": {"application/json": {"schema": {"type": "object",
                        "properties": {"a": {"type": "string"}}}, "example": {"a": "x"}}},
                    "x-body": "y"
                },
                "responses": {
                    "200": {"description": "OK", "content": {"application/json":
                        {"schema": {"$ref": "#/components/schemas/Item"}}}},
                    "4XX": {"$ref": "#/components/responses/Error"},
                    "default": {"description": "error", "x-r": 0},
                    "x-responses": [1]
                },
                "security": [{"key": []}]
            },
            "get": {"responses": {"204": {"description": "none"}}}
        })
    }

    /// Changes to the usual path item, each at a pointer: forms this reader does not know,
    /// wrong types, `null`s, odd keys and codes.
    fn changes() -> Vec<(&'static str, Value)> {
        let op = "/post";
        let p = "/post/parameters/0";
        let mut changes = vec![
            ("/summary", json!(null)),
            ("/summary", json!(5)),
            ("/description", json!("d")),
            ("/servers", json!([{"url": "https://x"}])),
            ("/servers", json!("no")),
            ("/unknown", json!({"any": 1})),
            ("/$ref", json!("#/x")),
            ("/trace", json!({"responses": {}})),
            ("/put", json!(null)),
            ("/put", json!([])),
            ("/parameters", json!(null)),
            ("/parameters", json!({})),
            ("/parameters/1", json!({"$ref": 5})),
            ("/parameters/1", json!({"$ref": null})),
            ("/parameters/1", json!("name")),
            ("/parameters/1", json!(["#/x"])),
        ];
        for (at, value) in [
            ("/tags", json!(null)),
            ("/tags", json!(["a", 1])),
            ("/tags", json!("a")),
            ("/summary", json!(null)),
            ("/operationId", json!(7)),
            ("/operationId", json!(null)),
            ("/externalDocs", json!({"url": "https://d", "x-d": 1})),
            ("/externalDocs", json!({"description": "no url"})),
            ("/deprecated", json!("yes")),
            ("/deprecated", json!(null)),
            ("/deprecated", json!(false)),
            ("/security", json!(null)),
            ("/security", json!([])),
            ("/security", json!({"key": []})),
            ("/security", json!([{"key": "scope"}])),
            ("/servers", json!([{"url": "https://s", "variables": {}}])),
            (
                "/callbacks",
                json!({"cb": {"{$request.body#/url}": {"post": {"responses": {}}}}}),
            ),
            ("/callbacks", json!(3)),
            ("/consumes", json!(["application/json"])),
            ("/responses", json!(null)),
            ("/responses", json!({})),
            ("/responses/200", json!(null)),
            ("/responses/200", json!({"content": {}})),
            ("/responses/200/description", json!(null)),
            (
                "/responses/200/headers",
                json!({"X-Rate": {"schema": {"type": "integer"}}}),
            ),
            ("/responses/200/headers", json!({"X-Rate": {"$ref": "#/h"}})),
            ("/responses/200/headers", json!({"X-Rate": 1})),
            (
                "/responses/200/links",
                json!({"l": {"operationId": "getItem"}}),
            ),
            ("/responses/200/content", json!(null)),
            ("/responses/200/content", json!({"text/plain": null})),
            (
                "/responses/200/content/application~1json/example",
                json!(null),
            ),
            (
                "/responses/200/content/application~1json/examples",
                json!({"e": {"value": 1}}),
            ),
            (
                "/responses/200/content/application~1json/encoding",
                json!({"a": {}}),
            ),
            (
                "/responses/200/content/application~1json/schema",
                json!(true),
            ),
            (
                "/responses/200/content/application~1json/schema",
                json!({"type": 5}),
            ),
            (
                "/responses/200/content/application~1json/schema",
                json!({"$ref": 1}),
            ),
            ("/responses/200/content/application~1json/other", json!(1)),
            ("/responses/2xx", json!({"description": "range"})),
            ("/responses/2xX", json!({"description": "range"})),
            ("/responses/2XX", json!({"description": "range over 4XX"})),
            (
                "/responses/4xx",
                json!({"description": "same range as 4XX"}),
            ),
            ("/responses/099", json!({"description": "too small"})),
            ("/responses/1000", json!({"description": "too long"})),
            ("/responses/+99", json!({"description": "signed"})),
            ("/responses/20X", json!({"description": "half"})),
            ("/responses/x-1", json!({"description": "extension"})),
            ("/responses/ok", json!({"description": "a word"})),
            ("/responses/٢٠٠", json!({"description": "digits"})),
            ("/responses/default", json!(null)),
            ("/responses/default", json!({"$ref": "#/d"})),
            ("/requestBody", json!(null)),
            ("/requestBody", json!({"$ref": "#/b"})),
            ("/requestBody", json!({})),
            ("/requestBody/required", json!("true")),
            ("/requestBody/description", json!(null)),
            ("/requestBody/content", json!([])),
            (
                "/requestBody/content/application~1json/schema",
                json!({"$ref": "#/s",
                "nullable": true}),
            ),
            ("/requestBody/other", json!(1)),
            (
                "/requestBody/content/Application~1JSON",
                json!({"schema": {"type": "string"}}),
            ),
            (
                "/requestBody/content/text~1plain; charset=utf-8",
                json!({"schema": {"type": "string"}}),
            ),
            (
                "/requestBody/content/application~1xml",
                json!({"schema": {"type": "string",
                "discriminator": {"propertyName": "k"}}}),
            ),
            (
                "/requestBody/content/application~1xml",
                json!({"$ref": "#/m",
                "schema": {"type": "string"}}),
            ),
            (
                "/responses/default/content",
                json!({"application/json": {"schema":
                {"type": "string"}}}),
            ),
            (
                "/responses/4XX",
                json!({"description": "not as written", "content":
                {"application/json": {"schema": {"type": "string"}}}}),
            ),
            (
                "/responses/2XX",
                json!({"description": "as written", "content":
                {"application/json": {"schema": {"type": "string"}}}}),
            ),
            (
                "/responses/201",
                json!({"description": "with links", "links": {"l": {}},
                "content": {"application/json": {"schema": {"type": "string",
                "externalDocs": {"url": "https://d"}}}}}),
            ),
        ] {
            changes.push((leak(format!("{op}{at}")), value));
        }
        for (at, value) in [
            ("", json!(null)),
            ("", json!({})),
            ("", json!({"$ref": "#/p"})),
            ("/in", json!("body")),
            ("/in", json!("header")),
            ("/in", json!("path")),
            ("/in", json!("cookie")),
            ("/in", json!(null)),
            ("/in", json!(["query"])),
            ("/name", json!(null)),
            ("/name", json!(5)),
            ("/required", json!("no")),
            ("/required", json!(null)),
            ("/deprecated", json!(true)),
            ("/deprecated", json!(null)),
            ("/description", json!("d")),
            ("/description", json!(null)),
            ("/schema", json!(null)),
            ("/schema", json!({"$ref": "#/s"})),
            ("/schema", json!({"type": "string", "enum": ["a", 1]})),
            (
                "/content",
                json!({"application/json": {"schema": {"type": "object"}}}),
            ),
            ("/examples", json!({"one": {"value": 1}})),
            ("/example", json!(null)),
            ("/example", json!({"nested": [true]})),
            ("/explode", json!(false)),
            ("/explode", json!("no")),
            ("/style", json!("form")),
            ("/style", json!("deepObject")),
            ("/style", json!("spaceDelimited")),
            ("/style", json!("pipeDelimited")),
            ("/style", json!("simple")),
            ("/style", json!("matrix")),
            ("/style", json!("label")),
            ("/style", json!("Form")),
            ("/style", json!(null)),
            ("/allowReserved", json!(true)),
            ("/allowReserved", json!("yes")),
            ("/allowEmptyValue", json!(false)),
            ("/allowEmptyValue", json!(null)),
            ("/x-ext", json!(null)),
            ("/other", json!(1)),
        ] {
            changes.push((leak(format!("{p}{at}")), value));
        }
        changes
    }

    fn leak(text: String) -> &'static str {
        Box::leak(text.into_boxed_str())
    }

    /// `value` with `value` set at the pointer `at` (the last segment added when missing).
    fn changed(mut item: Value, at: &str, value: &Value) -> Value {
        let (parent, last) = at.rsplit_once('/').expect("a pointer");
        let last = last.replace("~1", "/").replace("~0", "~");
        match item.pointer_mut(parent) {
            Some(Value::Object(map)) => {
                map.insert(last, value.clone());
            }
            Some(Value::Array(list)) => {
                let i: usize = last.parse().expect("an index");
                if i < list.len() {
                    list[i] = value.clone();
                } else {
                    list.push(value.clone());
                }
            }
            Some(other) => *other = value.clone(),
            None => panic!("{parent} is not in the item"),
        }
        item
    }

    /// What this reader makes of `item` is what the types make of it, whenever it answers.
    fn same_as_typed(item: &Value) -> bool {
        let Some(read) = super::item(item) else {
            return false;
        };
        match read_typed(item) {
            Ok(typed) => assert!(read == typed, "{item:#}\n{read:#?}\n{typed:#?}"),
            Err(e) => panic!("the types refuse what the reader read ({e}): {item:#}"),
        }
        true
    }

    #[test]
    fn the_usual_path_item_reads_as_the_types_read_it() {
        assert!(same_as_typed(&usual()));
    }

    /// Each change, then each pair of changes: whenever the reader answers, it answers what the
    /// types read; it answers for most.
    #[test]
    fn every_change_reads_as_the_types_read_it_or_is_left_to_them() {
        let changes = changes();
        let (mut read, mut tried) = (0, 0);
        for (i, (at, value)) in changes.iter().enumerate() {
            let once = changed(usual(), at, value);
            tried += 1;
            read += usize::from(same_as_typed(&once));
            for (at2, value2) in changes.iter().skip(i + 1).step_by(7) {
                if at2.starts_with(at) || at.starts_with(at2) {
                    continue;
                }
                let Some(parent) = at2.rsplit_once('/').map(|(p, _)| p) else {
                    continue;
                };
                if once
                    .pointer(parent)
                    .is_none_or(|p| !p.is_object() && !p.is_array())
                {
                    continue;
                }
                tried += 1;
                read += usize::from(same_as_typed(&changed(once.clone(), at2, value2)));
            }
        }
        assert!(read * 8 > tried, "{read} of {tried}");
        assert!(read < tried, "{read} of {tried}");
    }

    /// The path items of the corpus documents read as the types read them.
    #[test]
    fn corpus_path_items_read_as_the_types_read_them() {
        let corpus =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/openapi");
        let Ok(entries) = std::fs::read_dir(&corpus) else {
            return;
        };
        let mut read = 0;
        for entry in entries.flatten() {
            let Ok(text) = std::fs::read_to_string(entry.path()) else {
                continue;
            };
            let mut warnings = crate::import::Warnings::default();
            let Ok(doc) = crate::import::document_read::parse_any(
                &text,
                &crate::import::ImportLimits::default(),
                &mut warnings,
            ) else {
                continue;
            };
            let paths = doc.get("paths").and_then(Value::as_object);
            for item in paths.into_iter().flat_map(|p| p.values()) {
                read += usize::from(same_as_typed(item));
            }
        }
        assert!(read > 0);
    }
}
