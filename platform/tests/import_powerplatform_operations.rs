//! The Power Platform importer keeps what an operation says, as written: each test imports a
//! small swagger written for it, checks the spec, emits it again and compares the parts of the
//! operation it is about with the original.

use connector_platform::import::{powerplatform, ImportOptions};
use serde_json::{json, Value};

mod import_support;
use import_support::{checked, swagger_of};

/// Imports `swagger` (without `--fix`), checks the spec and returns the emitted swagger.
fn rebuild(swagger: &Value) -> Value {
    let text = swagger.to_string();
    let imported = powerplatform::import_with(
        text.as_bytes(),
        None,
        "operations",
        &ImportOptions::default(),
    )
    .expect("imports");
    swagger_of(&checked("operations.yaml", imported.yaml))
}

/// A document around `paths`.
fn document(paths: Value) -> Value {
    json!({
        "swagger": "2.0",
        "info": {"title": "Operations", "version": "1"},
        "host": "api.operations.example",
        "basePath": "/",
        "schemes": ["https"],
        "securityDefinitions": {"key": {"type": "apiKey", "in": "header", "name": "X-Key"}},
        "paths": paths
    })
}

/// Asserts that each pointer has the same value (or absence) in both documents.
fn same_at(original: &Value, rebuilt: &Value, pointers: &[&str]) {
    for pointer in pointers {
        assert_eq!(
            original.pointer(pointer),
            rebuilt.pointer(pointer),
            "at {pointer}"
        );
    }
}

/// `deprecated` both ways, a security requirement of the operation's own, a documentation
/// link, transfer protocols and a missing summary come back as written.
#[test]
fn operation_keys_come_back_as_written() {
    let original = document(json!({
        "/items": {
            "get": {
                "operationId": "ListItems",
                "deprecated": false,
                "security": [{"key": []}],
                "externalDocs": {"url": "https://docs.operations.example/items"},
                "schemes": ["https"],
                "responses": {"200": {"description": "OK"}}
            },
            "post": {
                "summary": "Add an item",
                "operationId": "AddItem",
                "deprecated": true,
                "responses": {"200": {"description": "OK"}}
            }
        }
    }));
    let rebuilt = rebuild(&original);
    same_at(
        &original,
        &rebuilt,
        &[
            "/paths/~1items/get/deprecated",
            "/paths/~1items/get/security",
            "/paths/~1items/get/externalDocs",
            "/paths/~1items/get/schemes",
            "/paths/~1items/get/summary",
            "/paths/~1items/post/deprecated",
            "/paths/~1items/post/summary",
        ],
    );
}

/// An answer written under `default` stays there; a webhook's subscription answers stay as
/// written instead of the emitter's own `201`, and its payload's description as written.
#[test]
fn answers_keep_their_keys() {
    let original = document(json!({
        "/items/{id}": {
            "get": {
                "summary": "Get an item",
                "operationId": "GetItem",
                "parameters": [{"name": "id", "in": "path", "required": true, "type": "string",
                                "x-ms-summary": "Id"}],
                "responses": {"default": {"description": "default", "schema": {}}}
            }
        },
        "/hooks": {
            "x-ms-notification-content": {
                "description": "An item",
                "schema": {"type": "object", "properties": {"id": {"type": "string"}}}
            },
            "post": {
                "summary": "When an item is added",
                "description": "Fires when an item is added.",
                "operationId": "OnItem",
                "x-ms-trigger": "single",
                "parameters": [{"name": "body", "in": "body", "required": true, "x-ms-summary": "Hook",
                    "schema": {"type": "object", "required": ["url"], "properties": {
                        "url": {"type": "string", "x-ms-notification-url": true,
                                "x-ms-visibility": "internal", "x-ms-summary": "Callback URL"}}}}],
                "responses": {"200": {"description": "Created"}}
            }
        }
    }));
    let rebuilt = rebuild(&original);
    same_at(
        &original,
        &rebuilt,
        &[
            "/paths/~1items~1{id}/get/responses",
            "/paths/~1hooks/post/responses",
            "/paths/~1hooks/x-ms-notification-content/description",
        ],
    );
}

/// `x-ms-url-encoding` and `collectionFormat` come back where the original writes them (any
/// location, `single` and `csv` included) and nowhere else; a body parameter keeps its
/// visibility; an operation answering only `default` keeps that answer.
#[test]
fn parameters_keep_their_encodings_and_visibility() {
    let original = document(json!({
        "/items/{id}/{name}": {
            "put": {
                "summary": "Put an item",
                "operationId": "PutItem",
                "parameters": [
                    {"name": "id", "in": "path", "required": true, "type": "string",
                     "x-ms-summary": "Id"},
                    {"name": "name", "in": "path", "required": true, "type": "string",
                     "x-ms-summary": "Name", "x-ms-url-encoding": "single"},
                    {"name": "tags", "in": "query", "type": "array", "items": {"type": "string"},
                     "x-ms-summary": "Tags"},
                    {"name": "ids", "in": "query", "type": "array", "items": {"type": "string"},
                     "x-ms-summary": "Ids", "collectionFormat": "csv"},
                    {"name": "body", "in": "body", "required": true, "x-ms-summary": "Item",
                     "x-ms-visibility": "important",
                     "schema": {"type": "object", "properties": {"a": {"type": "string"}}}}
                ],
                "responses": {"default": {"description": "Unexpected error"}}
            }
        }
    }));
    let rebuilt = rebuild(&original);
    let op = "/paths/~1items~1{id}~1{name}/put";
    same_at(
        &original,
        &rebuilt,
        &[
            &format!("{op}/parameters/0/x-ms-url-encoding"),
            &format!("{op}/parameters/1/x-ms-url-encoding"),
            &format!("{op}/parameters/2/collectionFormat"),
            &format!("{op}/parameters/3/collectionFormat"),
            &format!("{op}/parameters/4/x-ms-visibility"),
            &format!("{op}/responses"),
        ],
    );
}

/// A `collectionFormat` and `items` on a parameter that is not a list (the platform ignores
/// both) come back as written, as does a style the spec language lacks (`tsv`).
#[test]
fn list_keywords_on_a_parameter_that_is_not_a_list_are_kept() {
    let original = document(json!({
        "/users": {
            "get": {
                "summary": "List users",
                "operationId": "ListUsers",
                "parameters": [
                    {"name": "fields", "in": "query", "type": "string", "x-ms-summary": "Fields",
                     "items": {"type": "string", "enum": ["email", "name"]},
                     "collectionFormat": "csv"},
                    {"name": "ids", "in": "query", "type": "array", "items": {"type": "string"},
                     "x-ms-summary": "Ids", "collectionFormat": "tsv"}
                ],
                "responses": {"200": {"description": "OK"}}
            }
        }
    }));
    let rebuilt = rebuild(&original);
    let op = "/paths/~1users/get";
    same_at(
        &original,
        &rebuilt,
        &[
            &format!("{op}/parameters/0/type"),
            &format!("{op}/parameters/0/items"),
            &format!("{op}/parameters/0/collectionFormat"),
            &format!("{op}/parameters/1/items"),
            &format!("{op}/parameters/1/collectionFormat"),
        ],
    );
}

/// A header written after the body stays after it (the emitter's own order puts the body
/// last).
#[test]
fn parameters_keep_their_order() {
    let original = document(json!({
        "/items": {
            "post": {
                "summary": "Add an item",
                "operationId": "AddItem",
                "parameters": [
                    {"name": "q", "in": "query", "type": "string", "x-ms-summary": "Q"},
                    {"name": "body", "in": "body", "required": true, "x-ms-summary": "Item",
                     "schema": {"type": "object", "properties": {"a": {"type": "string"}}}},
                    {"name": "X-Version", "in": "header", "type": "string", "x-ms-summary": "V"}
                ],
                "responses": {"200": {"description": "OK"}}
            }
        }
    }));
    let rebuilt = rebuild(&original);
    let order = |doc: &Value| -> Vec<String> {
        doc.pointer("/paths/~1items/post/parameters")
            .and_then(Value::as_array)
            .expect("parameters")
            .iter()
            .map(|p| format!("{}/{}", p["in"], p["name"]))
            .collect()
    };
    assert_eq!(order(&original), order(&rebuilt));
}

/// Paths come back as written: two operations whose shapes overlap stay at their own paths
/// (no route rewrite), a path item without operations and a path item's own keys stay, its
/// `parameters` stay on it, and a GET's body parameter (which the spec cannot hold) too.
#[test]
fn paths_come_back_as_written() {
    let original = document(json!({
        "/items/{id}": {
            "get": {
                "summary": "Get an item",
                "operationId": "GetItem",
                "parameters": [{"name": "id", "in": "path", "required": true, "type": "string",
                                "x-ms-summary": "Id"}],
                "responses": {"200": {"description": "OK"}}
            }
        },
        "/items/latest": {
            "x-swagger-router-controller": "items",
            "parameters": [{"name": "X-Trace", "in": "header", "type": "string",
                            "x-ms-summary": "Trace"}],
            "get": {
                "summary": "Get the latest item",
                "operationId": "GetLatest",
                "parameters": [{"name": "ids", "in": "body", "x-ms-summary": "Ids",
                                "schema": {"type": "array", "items": {"type": "string"}}}],
                "responses": {"200": {"description": "OK"}}
            }
        },
        "/unused": {}
    }));
    let rebuilt = rebuild(&original);
    let keys = |doc: &Value| -> Vec<String> {
        let mut keys: Vec<String> = doc["paths"]
            .as_object()
            .expect("paths")
            .keys()
            .cloned()
            .collect();
        keys.sort();
        keys
    };
    assert_eq!(keys(&original), keys(&rebuilt));
    same_at(
        &original,
        &rebuilt,
        &[
            "/paths/~1unused",
            "/paths/~1items~1latest/x-swagger-router-controller",
            "/paths/~1items~1latest/parameters",
            "/paths/~1items~1latest/get/parameters",
        ],
    );
}

/// A webhook trigger found by its `x-ms-notification-content` alone gets no `x-ms-trigger`, a
/// poll without `x-ms-trigger-metadata` gets none, a next link the spec cannot model stays,
/// and the modelled answer keeps its `examples`.
#[test]
fn trigger_marks_paging_and_examples_come_back_as_written() {
    let original = document(json!({
        "/hooks": {
            "x-ms-notification-content": {
                "schema": {"type": "object", "properties": {"id": {"type": "string"}}}
            },
            "post": {
                "summary": "When an item is added",
                "operationId": "OnItem",
                "parameters": [{"name": "body", "in": "body", "required": true, "x-ms-summary": "Hook",
                    "schema": {"type": "object", "required": ["url"], "properties": {
                        "url": {"type": "string", "x-ms-notification-url": true,
                                "x-ms-visibility": "internal", "x-ms-summary": "Callback URL"}}}}],
                "responses": {"201": {"description": "Created"}}
            }
        },
        "/new": {
            "get": {
                "summary": "When items are new",
                "operationId": "OnNew",
                "x-ms-trigger": "batch",
                "responses": {"200": {"description": "OK", "schema": {"type": "array",
                    "items": {"type": "object", "properties": {"id": {"type": "string"}}}}}}
            }
        },
        "/pages": {
            "get": {
                "summary": "List pages",
                "operationId": "ListPages",
                "x-ms-pageable": {"nextLinkName": "@odata.nextLink"},
                "responses": {"200": {"description": "OK",
                    "schema": {"type": "object", "properties": {"id": {"type": "string"}}},
                    "examples": {"application/json": {"id": "a"}}}}
            }
        }
    }));
    let rebuilt = rebuild(&original);
    same_at(
        &original,
        &rebuilt,
        &[
            "/paths/~1hooks/post/x-ms-trigger",
            "/paths/~1new/get/x-ms-trigger",
            "/paths/~1new/get/x-ms-trigger-metadata",
            "/paths/~1pages/get/x-ms-pageable",
            "/paths/~1pages/get/responses/200/examples",
        ],
    );
}

/// A poll's answer keeps its description, an action's blank answer description stays blank,
/// and a body parameter keeps the keys the spec has no place for.
#[test]
fn answer_descriptions_and_body_keys_come_back_as_written() {
    let original = document(json!({
        "/new": {
            "get": {
                "summary": "When items are new",
                "operationId": "OnNew",
                "x-ms-trigger": "batch",
                "x-ms-trigger-metadata": {"kind": "query", "mode": "polling"},
                "responses": {"200": {"description": "OK", "schema": {"type": "array",
                    "items": {"type": "object", "properties": {"id": {"type": "string"}}}}}}
            }
        },
        "/items": {
            "post": {
                "summary": "Add an item",
                "operationId": "AddItem",
                "parameters": [{"name": "body", "in": "body", "required": true, "x-ms-summary": "Item",
                                "x-ms-url-encoding": "single",
                                "schema": {"type": "object", "properties": {"a": {"type": "string"}}}}],
                "responses": {"200": {"description": ""}}
            }
        }
    }));
    let rebuilt = rebuild(&original);
    same_at(
        &original,
        &rebuilt,
        &[
            "/paths/~1new/get/responses/200/description",
            "/paths/~1items/post/responses/200/description",
            "/paths/~1items/post/parameters/0/x-ms-url-encoding",
        ],
    );
}

/// A webhook's callback URL property without a label stays without one (the emitter's
/// `Callback URL` is a repair `--fix` makes), and an answer header keeps its label.
#[test]
fn callback_and_header_labels_come_back_as_written() {
    let original = document(json!({
        "/hooks": {
            "x-ms-notification-content": {
                "schema": {"type": "object", "properties": {"id": {"type": "string"}}}
            },
            "post": {
                "summary": "When an item is added",
                "operationId": "OnItem",
                "x-ms-trigger": "single",
                "parameters": [{"name": "body", "in": "body", "required": true, "x-ms-summary": "Hook",
                    "schema": {"type": "object", "required": ["url"], "properties": {
                        "url": {"type": "string", "x-ms-notification-url": true,
                                "x-ms-visibility": "internal"}}}}],
                "responses": {"201": {"description": "Created"}}
            }
        },
        "/files/{id}": {
            "get": {
                "summary": "Get a file",
                "operationId": "GetFile",
                "parameters": [{"name": "id", "in": "path", "required": true, "type": "string",
                                "x-ms-summary": "Id"}],
                "responses": {"200": {"description": "OK",
                    "schema": {"type": "object", "properties": {"id": {"type": "string"}}},
                    "headers": {"Content-Type": {"type": "string", "x-ms-summary": "Content type"}}}}
            }
        }
    }));
    let rebuilt = rebuild(&original);
    same_at(
        &original,
        &rebuilt,
        &[
            "/paths/~1hooks/post/parameters/0/schema/properties/url/x-ms-summary",
            "/paths/~1files~1{id}/get/responses/200/headers",
        ],
    );
}

/// A path parameter without `x-ms-url-encoding`: without `--fix` it stays without one (a
/// warning at its pointer says what `--fix` writes); with `--fix` the emitter writes `single`.
#[test]
fn encodings_are_written_only_with_fix() {
    let original = document(json!({
        "/items/{id}": {
            "get": {
                "summary": "Get an item",
                "operationId": "GetItem",
                "parameters": [{"name": "id", "in": "path", "required": true, "type": "string",
                                "x-ms-summary": "Id"}],
                "responses": {"200": {"description": "OK"}}
            }
        }
    }));
    let pointer = "/paths/~1items~1{id}/get/parameters/0/x-ms-url-encoding";
    let encoding_of = |fix: bool| {
        let options = ImportOptions {
            fix,
            ..Default::default()
        };
        let text = original.to_string();
        let imported =
            powerplatform::import_with(text.as_bytes(), None, "enc", &options).expect("imports");
        let warning = imported
            .warnings
            .iter()
            .find(|w| w.pointer == pointer)
            .map(|w| w.message.clone())
            .expect("a warning at the parameter's encoding");
        let swagger = swagger_of(&checked("enc.yaml", imported.yaml));
        (warning, swagger.pointer(pointer).cloned())
    };
    let (warning, encoding) = encoding_of(false);
    assert!(warning.contains("`--fix` writes `single`"), "{warning}");
    assert_eq!(encoding, None);
    let (warning, encoding) = encoding_of(true);
    assert!(warning.contains("written `single`"), "{warning}");
    assert_eq!(encoding, Some(json!("single")));
}

/// An operation's own extension comes back as written: its `$ref`s inlined (their targets are
/// not written back as they were) and its Windows line ends kept.
#[test]
fn operation_extensions_come_back_as_written() {
    let mut original = document(json!({
        "/items": {
            "get": {
                "summary": "List items",
                "operationId": "ListItems",
                "x-ms-examples": {"One": {"responses": {"200": {
                    "schema": {"$ref": "#/definitions/Item"},
                    "examples": {"application/json": "{\r\n  \"id\": \"a\"\r\n}"}}}}},
                "responses": {"200": {"description": "OK"}}
            }
        }
    }));
    original["definitions"] = json!({"Item": {"type": "object", "additionalProperties": false,
        "properties": {"id": {"type": "string"}}}});
    let rebuilt = rebuild(&original);
    let example = "/paths/~1items/get/x-ms-examples/One/responses/200";
    assert_eq!(
        rebuilt.pointer(&format!("{example}/examples")),
        original.pointer(&format!("{example}/examples"))
    );
    assert_eq!(
        rebuilt.pointer(&format!("{example}/schema")),
        original.pointer("/definitions/Item")
    );
}

/// An answer kept as written refers to a recursive definition by its `$ref`, as the original
/// does: inlining it would unroll the cycle one level, and the rebuilt file would describe a
/// deeper schema than the original.
#[test]
fn kept_answers_refer_to_recursive_definitions() {
    let mut original = document(json!({
        "/items": {
            "get": {
                "summary": "List items",
                "operationId": "ListItems",
                "responses": {
                    "200": {"description": "OK", "schema": {"type": "object"}},
                    "400": {"description": "Bad", "schema": {"$ref": "#/definitions/ErrorResponse"}}
                }
            }
        }
    }));
    original["definitions"] = json!({
        "ErrorResponse": {"type": "object", "properties": {"error": {"$ref": "#/definitions/Error"}}},
        "Error": {"type": "object", "properties": {
            "code": {"type": "string"},
            "details": {"type": "array", "items": {"$ref": "#/definitions/Error"}}}}
    });
    let rebuilt = rebuild(&original);
    let answer = "/paths/~1items/get/responses/400/schema";
    assert_eq!(
        rebuilt.pointer(&format!("{answer}/properties/error")),
        Some(&json!({"$ref": "#/definitions/Error"})),
        "{rebuilt:#}"
    );
    same_at(&original, &rebuilt, &["/definitions/Error"]);
}
