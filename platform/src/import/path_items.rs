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

pub(crate) use super::item_parts::Item;
use super::item_parts::{canonical_code, read_as_written, surely_parses, PLACEHOLDER};

/// A path item as the `openapiv3` types read it: what the importer takes from it ([`Item`]).
pub(crate) type Read = Result<Item, serde_json::Error>;

/// The path item `raw`, read with the `openapiv3` types; its schemas in places the importer
/// reads as written may be [`PLACEHOLDER`]s. [`read_in_place`] without the copy, for an item
/// that cannot be changed for the time of its reading.
pub(crate) fn read(raw: &Value) -> Read {
    read_in_place(&mut raw.clone())
}

/// [`read`], as the whole `PathItem`.
#[cfg(test)]
fn read_whole(raw: &Value) -> Result<PathItem, serde_json::Error> {
    read_in_place_then(&mut raw.clone(), std::mem::take)
}

/// The path items of `doc`'s `paths`, but its `x-` keys, in order: each read as [`read`] does,
/// or `None` for an item that is a `$ref` (read from its target later). Each item's schemas are
/// put back in place after its reading, so `doc` is left as it was.
pub(crate) fn read_all(doc: &mut Value) -> Vec<Option<Read>> {
    let Some(Value::Object(paths)) = doc.get_mut("paths") else {
        return Vec::new();
    };
    let mut items: Vec<&mut Value> = paths
        .iter_mut()
        .filter(|(k, _)| !k.starts_with("x-"))
        .map(|(_, item)| item)
        .collect();
    // The items are independent: the second half is read on a second thread when there is one.
    let half = items.len() / 2;
    let (first, second) = items.split_at_mut(half);
    if half < PARALLEL_FROM {
        return read_each(first)
            .into_iter()
            .chain(read_each(second))
            .collect();
    }
    let (mut read, rest) = codegen::join::join(
        "import-path-items",
        || read_each(first),
        || read_each(second),
    );
    read.extend(rest);
    read
}

/// How many path items each half must have before the halves are read on two threads.
const PARALLEL_FROM: usize = 64;

/// Each of `items` read as [`read_all`] says, in order.
fn read_each(items: &mut [&mut Value]) -> Vec<Option<Read>> {
    items
        .iter_mut()
        .map(|item| match &**item {
            Value::Object(map) if !map.contains_key("$ref") => Some(read_in_place(item)),
            _ => None,
        })
        .collect()
}

/// [`read`], with the placeholders put in `item` for its reading and the schemas put back
/// afterwards. The usual forms are read in one pass, without either ([`item_reader`]).
///
/// [`item_reader`]: super::item_reader
fn read_in_place(item: &mut Value) -> Read {
    match super::item_reader::item(item) {
        Some(read) => Ok(read),
        None => read_in_place_then(item, Item::take_from),
    }
}

/// [`read`] with the `openapiv3` types only, as the one-pass reader must read.
#[cfg(test)]
pub(crate) fn read_typed(raw: &Value) -> Read {
    read_in_place_then(&mut raw.clone(), Item::take_from)
}

/// [`read_in_place`], with what `then` takes from the `PathItem` read.
fn read_in_place_then<T>(
    item: &mut Value,
    then: impl Fn(&mut PathItem) -> T,
) -> Result<T, serde_json::Error> {
    let mut taken = Vec::new();
    let mut swapped = Vec::new();
    item_slots(item, &mut |slot| {
        let sure = surely_parses(slot, 0);
        if sure {
            taken.push(std::mem::replace(slot, placeholder()));
        }
        swapped.push(sure);
    });
    let mut light = PathItem::deserialize(&*item);
    let mut taken = taken.into_iter();
    let mut swapped = swapped.into_iter();
    item_slots(item, &mut |slot| {
        if swapped.next() == Some(true) {
            if let Some(schema) = taken.next() {
                *slot = schema;
            }
        }
    });
    match &mut light {
        Ok(read) => Ok(then(read)),
        // The item as written gives the error.
        Err(_) => PathItem::deserialize(&*item).map(|mut read| then(&mut read)),
    }
}

/// Whether `schema` is a [`PLACEHOLDER`] of [`read`].
pub(crate) fn is_placeholder(schema: &ReferenceOr<openapiv3::Schema>) -> bool {
    matches!(schema, ReferenceOr::Reference { reference } if reference == PLACEHOLDER)
}

/// Calls `f` on each place of the path item where a schema may be replaced: where the
/// importer finds it as written at the pointer it makes from the typed item.
fn item_slots(item: &mut Value, f: &mut impl FnMut(&mut Value)) {
    let Value::Object(item) = item else {
        return;
    };
    for (k, v) in item.iter_mut() {
        match k.as_str() {
            "parameters" => parameter_slots(v, f),
            "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace" => {
                operation_slots(v, f)
            }
            _ => {}
        }
    }
}

fn operation_slots(op: &mut Value, f: &mut impl FnMut(&mut Value)) {
    let Value::Object(op) = op else {
        return;
    };
    for (k, v) in op.iter_mut() {
        match k.as_str() {
            "parameters" => parameter_slots(v, f),
            "requestBody" => {
                if let Some(content) = own_key(v, "content") {
                    content_slots(content, f);
                }
            }
            "responses" => response_slots(v, f),
            _ => {}
        }
    }
}

/// A parameter's `schema` is found as written at `{parameter}/schema`; one in `content` is not.
fn parameter_slots(list: &mut Value, f: &mut impl FnMut(&mut Value)) {
    if let Value::Array(items) = list {
        for p in items {
            if let Some(schema) = own_key(p, "schema") {
                f(schema);
            }
        }
    }
}

/// The importer finds an answer's schemas as written under `responses/{code}` for the code as it
/// writes it (`200`, `2XX`), so only answers under keys written so have slots.
fn response_slots(responses: &mut Value, f: &mut impl FnMut(&mut Value)) {
    let Value::Object(map) = responses else {
        return;
    };
    for (code, r) in map.iter_mut() {
        if !canonical_code(code) {
            continue;
        }
        if let Some(content) = own_key(r, "content") {
            content_slots(content, f);
        }
        if let Some(Value::Object(headers)) = own_key(r, "headers") {
            for h in headers.values_mut() {
                if let Some(schema) = own_key(h, "schema") {
                    f(schema);
                }
            }
        }
    }
}

/// The importer finds a media type's schema as written under the media type as it reads it
/// (lower case, without parameters), so only media types written so have slots.
fn content_slots(content: &mut Value, f: &mut impl FnMut(&mut Value)) {
    let Value::Object(map) = content else {
        return;
    };
    for (media, m) in map.iter_mut() {
        if read_as_written(media) {
            if let Some(schema) = own_key(m, "schema") {
                f(schema);
            }
        }
    }
}

/// The value of `key` in the object `value`, unless it is a `$ref` object (read from its
/// target, not from here).
fn own_key<'v>(value: &'v mut Value, key: &str) -> Option<&'v mut Value> {
    match value {
        Value::Object(map) if !map.contains_key("$ref") => map.get_mut(key),
        _ => None,
    }
}

fn placeholder() -> Value {
    let mut placeholder = Map::new();
    placeholder.insert("$ref".into(), Value::from(PLACEHOLDER));
    Value::Object(placeholder)
}

#[cfg(test)]
mod tests {
    use super::*;
    use openapiv3::{Operation, Schema};
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
        let fast = read_whole(raw);
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
            for media in [
                "application/json",
                "Application/JSON",
                "text/plain; charset=utf-8",
            ] {
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
                    let mut slots = 0;
                    item_slots(&mut item.clone(), &mut |slot| {
                        slots += usize::from(surely_parses(slot, 0));
                    });
                    placeholders += slots;
                }
            }
        }
        assert!(placeholders > 0);
    }

    #[test]
    fn reading_all_items_leaves_the_document_as_it_was() {
        let ok = json!({"type": "object", "properties": {"a": {"type": "string"}}});
        let doc = json!({"paths": {
            "/a": {"get": {"parameters": [{"name": "p", "in": "query", "schema": ok}],
                           "responses": {"200": {"description": "ok",
                               "content": {"application/json": {"schema": ok}}}}}},
            "x-b": {"get": {"responses": {}}},
            "/c": {"$ref": "#/paths/~1a"},
            "/d": {"get": {"parameters": [{"name": "p", "in": "query", "schema": ok},
                                          {"name": "q", "in": "query", "schema": {"minLength": -1}}],
                           "responses": {}}}
        }});
        let mut reading = doc.clone();
        let items = read_all(&mut reading);
        assert_eq!(reading, doc);
        assert_eq!(items.len(), 3);
        assert!(items[1].is_none());
        for (item, path) in [(&items[0], "/a"), (&items[2], "/d")] {
            let alone = read(&doc["paths"][path]);
            let both = item.as_ref().expect("read");
            assert_eq!(format!("{both:?}"), format!("{alone:?}"), "{path}");
        }
        assert!(items[2].as_ref().is_some_and(Result::is_err));
        assert!(format!("{:?}", items[0]).contains(PLACEHOLDER));
    }

    /// Enough items for two threads: every item, in order, reads as it does alone, whichever
    /// half it falls in; `$ref` items and `x-` keys keep their places.
    #[test]
    fn items_read_on_two_threads_come_back_in_order() {
        let count = PARALLEL_FROM * 2 + 7;
        let mut paths = serde_json::Map::new();
        for i in 0..count {
            let item = match i % 5 {
                0 => json!({"$ref": "#/paths/~1p1"}),
                1 => json!({"get": {"operationId": format!("op{i}"),
                    "parameters": [{"name": "p", "in": "query", "schema": {"type": "string"}}],
                    "responses": {}}}),
                2 => json!({"get": {"parameters": [{"name": "q", "in": "query",
                    "schema": {"minLength": -1}}], "responses": {}}}),
                3 => json!({"post": {"operationId": format!("op{i}"), "responses": {"200": {
                    "description": "ok", "content": {"application/json": {"schema": {
                        "type": "object", "properties": {"n": {"type": "integer"}}}}}}}}}),
                _ => json!({"get": {"operationId": format!("op{i}"), "responses": {}}}),
            };
            paths.insert(format!("/p{i}"), item);
            if i % 50 == 0 {
                paths.insert(format!("x-{i}"), json!({"get": {}}));
            }
        }
        let doc = json!({ "paths": paths });
        let mut reading = doc.clone();
        let items = read_all(&mut reading);
        assert_eq!(reading, doc);
        assert_eq!(items.len(), count);
        for (i, item) in items.iter().enumerate() {
            let raw = &doc["paths"][format!("/p{i}")];
            match item {
                None => assert!(raw.get("$ref").is_some(), "item {i}"),
                Some(read_all_way) => {
                    let alone = read(raw);
                    assert_eq!(
                        format!("{read_all_way:?}"),
                        format!("{alone:?}"),
                        "item {i}"
                    );
                }
            }
        }
    }

    /// An item keeps the parameters and every operation, in the order of `PathItem::into_iter`.
    #[test]
    fn an_item_keeps_the_operations_in_order() {
        let op = |id: &str| json!({"operationId": id, "responses": {}});
        let raw = json!({
            "trace": op("T"), "patch": op("Pa"), "head": op("H"), "options": op("O"),
            "delete": op("D"), "post": op("Po"), "put": op("Pu"), "get": op("G"),
            "summary": "s",
            "parameters": [{"name": "p", "in": "query", "schema": {"type": "string"}}]
        });
        let whole = read_whole(&raw).expect("reads");
        let item = read(&raw).expect("reads");
        let expected: Vec<(&str, Operation)> = whole.clone().into_iter().collect();
        let got: Vec<(&str, Operation)> = item
            .operations
            .into_iter()
            .map(|(m, op)| (m, *op))
            .collect();
        assert_eq!(got, expected);
        assert_eq!(got.len(), 8);
        assert_eq!(item.parameters, whole.parameters);
        assert_eq!(item.parameters.len(), 1);
    }

    #[test]
    fn media_types_read_as_written_are_those_the_importer_reads_so() {
        for media in [
            "application/json",
            "Application/JSON",
            "application/json; charset=utf-8",
            "application/json;",
            " application/json",
            "application/json\u{a0}",
            "text/plain",
            "",
            "ÄPPLICATION/jsön",
        ] {
            let lower = media.to_ascii_lowercase();
            let read_as = lower.split(';').next().unwrap_or_default().trim();
            assert_eq!(read_as_written(media), read_as == media, "{media:?}");
        }
    }
}
