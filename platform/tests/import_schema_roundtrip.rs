//! Schemas inside a Power Platform connector come back unchanged after import, check and
//! emit: the body parameter's and the answer's schema, with their nested properties and items.

use connector_platform::import::powerplatform;
use serde_json::{json, Value};

mod import_support;
use import_support::{checked, swagger_of};

/// The emitted swagger of a one-operation connector whose body and answer have these schemas.
fn rebuilt(body: &Value, answer: &Value) -> Value {
    let swagger = json!({
        "swagger": "2.0",
        "info": { "title": "Schemas", "version": "1.0" },
        "host": "api.schemas.example",
        "paths": { "/things": { "post": {
            "operationId": "CreateThing",
            "parameters": [{ "name": "body", "in": "body", "required": true, "schema": body }],
            "responses": { "200": { "description": "OK", "schema": answer } }
        } } }
    });
    emit(&swagger)
}

/// Imports, checks and emits `swagger`, giving the emitted swagger.
fn emit(swagger: &Value) -> Value {
    let text = swagger.to_string();
    let imported = powerplatform::import(text.as_bytes(), None, "schemas").expect("imports");
    swagger_of(&checked("schemas.yaml", imported.yaml))
}

const BODY: &str = "/paths/~1things/post/parameters/0/schema";
const ANSWER: &str = "/paths/~1things/post/responses/200/schema";

/// Asserts that both schemas come back exactly as written.
fn assert_kept(body: Value, answer: Value) {
    let out = rebuilt(&body, &answer);
    assert_eq!(out.pointer(BODY), Some(&body), "body schema");
    assert_eq!(out.pointer(ANSWER), Some(&answer), "answer schema");
}

#[test]
fn titles_of_items_and_roots_are_kept() {
    assert_kept(
        json!({ "type": "object", "title": "Thing",
                "properties": { "tags": { "type": "array", "items": { "type": "string", "title": "Tag" } } } }),
        json!({ "type": "array", "title": "Things", "items": { "type": "object", "title": "Item",
                "properties": { "id": { "type": "string", "title": "Id" } } } }),
    );
}

#[test]
fn nullable_is_written_as_it_was() {
    assert_kept(
        json!({ "type": "object", "properties": {
            "a": { "type": "string", "x-nullable": true },
            "b": { "type": "string", "x-nullable": false },
            "c": { "type": "array", "items": { "type": "integer", "format": "int32", "x-nullable": true } } } }),
        json!({ "type": "string", "x-nullable": true }),
    );
}

#[test]
fn closed_objects_and_unique_items_are_kept() {
    assert_kept(
        json!({ "type": "object", "additionalProperties": false, "properties": {
            "ids": { "type": "array", "uniqueItems": true, "items": { "type": "string" } },
            "inner": { "type": "object", "additionalProperties": false,
                       "properties": { "x": { "type": "string" } } } } }),
        json!({ "type": "object", "additionalProperties": false,
                "properties": { "x": { "type": "string" } } }),
    );
}

#[test]
fn numbers_keep_their_written_form() {
    assert_kept(
        json!({ "type": "object", "properties": {
            "lat": { "type": "number", "minimum": -90, "maximum": 90 },
            "ratio": { "type": "number", "minimum": 0.0, "maximum": 2.5 } } }),
        json!({ "type": "integer", "format": "int32", "minimum": 1, "maximum": 2147483647.0 }),
    );
}

#[test]
fn docs_of_items_and_roots_are_kept() {
    assert_kept(
        json!({ "type": "object", "example": { "name": "x" }, "properties": {
            "names": { "type": "array", "items": { "type": "string", "default": "a",
                       "example": "b", "minLength": 1, "x-ms-dynamic-list": { "x": 1 } } } } }),
        json!({ "type": "array", "example": [1], "items": { "type": "integer", "minimum": 0 } }),
    );
}

/// A webhook's callback URL property without a label stays without one.
#[test]
fn callback_url_gets_no_label_the_original_lacks() {
    let swagger = json!({
        "swagger": "2.0",
        "info": { "title": "Hooks", "version": "1.0" },
        "host": "api.hooks.example",
        "paths": {
            "/hooks": { "post": {
                "operationId": "OnThing", "x-ms-trigger": "single",
                "parameters": [{ "name": "body", "in": "body", "required": true, "schema": {
                    "type": "object", "required": ["url"],
                    "properties": { "url": { "type": "string", "x-ms-notification-url": true,
                                             "x-ms-visibility": "internal" } } } }],
                "responses": { "201": { "description": "Created" } },
                "x-ms-notification-content": { "description": "A thing",
                    "schema": { "type": "object", "properties": { "id": { "type": "string" } } } }
            } },
            "/hooks/{id}": { "delete": {
                "operationId": "DeleteHook",
                "parameters": [{ "name": "id", "in": "path", "required": true, "type": "string" }],
                "responses": { "200": { "description": "OK" } }
            } }
        }
    });
    let out = emit(&swagger);
    let url = out
        .pointer("/paths/~1hooks/post/parameters/0/schema/properties/url")
        .expect("the callback URL property");
    assert_eq!(url.get("x-ms-summary"), None, "{url}");
}

/// Keywords whose value does not fit the type are kept as written, not repaired or dropped.
#[test]
fn keywords_that_do_not_fit_the_type_are_kept_as_written() {
    assert_kept(
        json!({ "type": "object", "properties": {
            "flag": { "type": "boolean", "enum": ["true", "false"], "default": "false" },
            "limit": { "type": "integer", "default": "1", "format": "integer" },
            "code": { "type": "string", "minimum": 1, "maximum": 9 },
            "list": { "type": "array", "minimum": 0, "items": { "type": "string" } } } }),
        json!({ "type": "number", "format": "integer", "maxLength": 3 }),
    );
}

/// The same for a query parameter.
#[test]
fn parameter_keywords_that_do_not_fit_are_kept_as_written() {
    let param = json!({ "name": "top", "in": "query", "type": "integer", "format": "integer",
                        "default": "5", "x-ms-summary": "Top" });
    let swagger = json!({
        "swagger": "2.0",
        "info": { "title": "Params", "version": "1.0" },
        "host": "api.params.example",
        "paths": { "/things": { "get": {
            "operationId": "ListThings",
            "parameters": [param],
            "responses": { "200": { "description": "OK" } }
        } } }
    });
    let out = emit(&swagger);
    let mut written = out
        .pointer("/paths/~1things/get/parameters/0")
        .cloned()
        .expect("the parameter");
    // Swagger 2.0 reads an absent `required` as false (the oracle's allow-list says so too).
    if let Some(map) = written.as_object_mut() {
        map.remove("required");
    }
    assert_eq!(written, param);
}

/// Empty defaults and examples are values, not empty spec structure.
#[test]
fn empty_defaults_and_examples_are_kept() {
    assert_kept(
        json!({ "type": "object", "properties": {
            "settings": { "type": "object", "default": {} },
            "tags": { "type": "array", "example": [], "items": { "type": "string" } } } }),
        json!({ "type": "object", "example": {} }),
    );
}

/// Dynamic values and schemas whose arguments are bare values, or that lack what the spec
/// needs, come back as written.
#[test]
fn dynamic_extensions_come_back_as_written() {
    let swagger = json!({
        "swagger": "2.0",
        "info": { "title": "Dynamic", "version": "1.0" },
        "host": "api.dynamic.example",
        "paths": {
            "/lists": { "get": {
                "operationId": "ListLists",
                "parameters": [{ "name": "kind", "in": "query", "type": "string",
                    "x-ms-dynamic-values": { "operationId": "ListLists", "value-collection": "data" } }],
                "responses": { "200": { "description": "OK" } }
            } },
            "/things": { "post": {
                "operationId": "CreateThing",
                "parameters": [{ "name": "body", "in": "body", "schema": { "type": "object", "properties": {
                    "list": { "type": "string", "x-ms-dynamic-values": { "operationId": "ListLists",
                        "parameters": { "api": "constituent" }, "value-path": "id" } },
                    "value": { "type": "object", "x-ms-dynamic-schema": { "operationId": "ListLists",
                        "parameters": { "kind": "actions" }, "value-path": "schema" } } } } }],
                "responses": { "200": { "description": "OK" } }
            } }
        }
    });
    let out = emit(&swagger);
    for pointer in [
        "/paths/~1lists/get/parameters/0/x-ms-dynamic-values",
        "/paths/~1things/post/parameters/0/schema/properties/list/x-ms-dynamic-values",
        "/paths/~1things/post/parameters/0/schema/properties/value/x-ms-dynamic-schema",
    ] {
        assert_eq!(out.pointer(pointer), swagger.pointer(pointer), "{pointer}");
    }
}

/// A named type's example and an empty format come back.
#[test]
fn examples_of_named_types_and_empty_formats_are_kept() {
    let swagger = json!({
        "swagger": "2.0",
        "info": { "title": "Named", "version": "1.0" },
        "host": "api.named.example",
        "paths": { "/things": { "get": {
            "operationId": "ListThings",
            "responses": { "200": { "description": "OK", "schema": {
                "type": "array", "items": { "$ref": "#/definitions/Thing" } } } }
        } } },
        "definitions": { "Thing": { "type": "object", "example": { "id": "1" },
            "properties": { "id": { "type": "string", "format": "" },
                            "n": { "type": "object", "format": "int32" } } } }
    });
    let out = emit(&swagger);
    assert_eq!(
        out.pointer("/definitions/Thing"),
        swagger.pointer("/definitions/Thing")
    );
}

/// A blank description is kept as written.
#[test]
fn blank_descriptions_are_kept() {
    assert_kept(
        json!({ "type": "object", "properties": {
            "a": { "type": "string", "description": "" },
            "b": { "type": "integer", "description": " " } } }),
        json!({ "type": "array", "items": { "type": "string", "description": "" } }),
    );
}

/// A schema without `type` (its properties or items say what it is) gets none.
#[test]
fn schemas_without_a_type_get_none() {
    assert_kept(
        json!({ "properties": { "inner": { "properties": { "x": { "type": "string" } } },
                                "list": { "items": { "type": "string" } } } }),
        json!({ "type": "object", "properties": { "n": { "format": "int32" } } }),
    );
}

/// A binary answer keeps its title.
#[test]
fn binary_answers_keep_their_title() {
    let swagger = json!({
        "swagger": "2.0",
        "info": { "title": "Files", "version": "1.0" },
        "host": "api.files.example",
        "paths": { "/file": { "get": {
            "operationId": "GetFile", "produces": ["application/octet-stream"],
            "responses": { "200": { "description": "OK", "schema": {
                "type": "string", "format": "binary", "title": "File Content",
                "x-ms-summary": "File" } } }
        } } }
    });
    let out = emit(&swagger);
    let pointer = "/paths/~1file/get/responses/200/schema";
    assert_eq!(out.pointer(pointer), swagger.pointer(pointer));
}

/// `readOnly: false`, `xml` and `x-ms-enum` ride along as written.
#[test]
fn read_only_false_xml_and_x_ms_enum_are_kept() {
    assert_kept(
        json!({ "type": "object", "properties": {
            "a": { "type": "string", "readOnly": false, "xml": { "attribute": true } },
            "b": { "type": "string", "enum": ["x", "y"],
                   "x-ms-enum": { "name": "B", "modelAsString": true } } } }),
        json!({ "type": "object", "properties": { "c": { "type": "string", "readOnly": true } } }),
    );
}

/// A named type's dynamic schema is written on its definition.
#[test]
fn named_types_keep_their_dynamic_schema() {
    let swagger = json!({
        "swagger": "2.0",
        "info": { "title": "Named", "version": "1.0" },
        "host": "api.named.example",
        "paths": {
            "/schema": { "get": { "operationId": "GetSchema",
                "responses": { "200": { "description": "OK", "schema": { "type": "object" } } } } },
            "/things": { "post": { "operationId": "CreateThing",
                "parameters": [{ "name": "body", "in": "body", "schema": { "$ref": "#/definitions/Thing" } }],
                "responses": { "200": { "description": "OK" } } } }
        },
        "definitions": { "Thing": { "type": "object",
            "x-ms-dynamic-schema": { "operationId": "GetSchema", "value-path": "schema" } } }
    });
    let out = emit(&swagger);
    assert_eq!(
        out.pointer("/definitions/Thing"),
        swagger.pointer("/definitions/Thing")
    );
}

/// What sits beside a `$ref` comes back beside it.
#[test]
fn keys_beside_a_ref_are_kept() {
    let swagger = json!({
        "swagger": "2.0",
        "info": { "title": "Refs", "version": "1.0" },
        "host": "api.refs.example",
        "paths": { "/things": { "get": {
            "operationId": "ListThings",
            "responses": { "200": { "description": "OK", "schema": { "type": "object", "properties": {
                "address": { "$ref": "#/definitions/Address", "description": "Where it is.",
                             "x-ms-summary": "Address" },
                "all": { "type": "array", "items": { "$ref": "#/definitions/Address",
                                                     "title": "One address" } } } } } }
        } } },
        "definitions": { "Address": { "type": "object", "description": "An address.",
            "properties": { "city": { "type": "string" } } } }
    });
    let out = emit(&swagger);
    let pointer = "/paths/~1things/get/responses/200/schema";
    assert_eq!(out.pointer(pointer), swagger.pointer(pointer));
}

/// A misspelt `x-ms-summmary` rides along unchanged (the platform does not read it).
#[test]
fn a_misspelt_summary_key_is_kept_as_written() {
    assert_kept(
        json!({ "type": "object", "properties": {
            "a": { "type": "string", "x-ms-summmary": "A" } } }),
        json!({ "type": "string", "x-ms-summmary": "Answer" }),
    );
}

/// Enum labels come back as written: in another order than the values, on integers, and on
/// a query parameter.
#[test]
fn enum_labels_come_back_as_written() {
    assert_kept(
        json!({ "type": "object", "properties": {
            "ranker": { "type": "string", "enum": ["Default", "QuestionOnly"], "x-ms-enum-values": [
                { "value": "QuestionOnly", "displayName": "Question only" },
                { "value": "Default", "displayName": "Default" } ] },
            "status": { "type": "integer", "enum": [0, 2], "x-ms-enum-values": [
                { "displayName": "Open", "value": 0 }, { "displayName": "Done", "value": 2 } ] } } }),
        json!({ "type": "string", "enum": ["a", "b"], "x-ms-enum-values": [
            { "value": "a", "displayName": "A" }, { "value": "b", "displayName": "B" } ] }),
    );
    let param = json!({ "name": "env", "in": "query", "type": "string", "x-ms-summary": "Env",
        "enum": ["production", "test"], "x-ms-enum-values": [
            { "value": "production", "displayName": "Production" },
            { "value": "test", "displayName": "Test" } ] });
    let swagger = json!({
        "swagger": "2.0",
        "info": { "title": "Params", "version": "1.0" },
        "host": "api.params.example",
        "paths": { "/things": { "get": {
            "operationId": "ListThings",
            "parameters": [param],
            "responses": { "200": { "description": "OK" } }
        } } }
    });
    let out = emit(&swagger);
    let labels = "/paths/~1things/get/parameters/0/x-ms-enum-values";
    assert_eq!(out.pointer(labels), swagger.pointer(labels));
}

/// Blank labels and visibilities, a property's `x-ms-url-encoding`, a `required` list beside
/// `items` and Windows line ends say little or nothing to the platform, but they were written:
/// each comes back as it was.
#[test]
fn blank_labels_stray_keywords_and_windows_line_ends_are_kept() {
    assert_kept(
        json!({ "type": "array", "required": ["to", "items"], "x-ms-summary": "",
                "items": { "type": "object", "properties": {
                    "to": { "type": "string", "x-ms-summary": " ", "x-ms-visibility": "" },
                    "slug": { "type": "string", "x-ms-url-encoding": "single" },
                    "note": { "type": "string", "description": "First line.\r\nSecond line." } } } }),
        json!({ "type": "object", "properties": {
                    "id": { "type": "string", "x-ms-visibility": "none" } } }),
    );
}

/// Swagger 2.0's `type: file` answer and a body parameter's blank description come back as
/// written.
#[test]
fn a_file_answer_and_a_blank_body_description_are_kept() {
    let swagger = json!({
        "swagger": "2.0",
        "info": { "title": "Files", "version": "1.0" },
        "host": "api.files.example",
        "paths": { "/files/{id}": { "post": {
            "operationId": "DownloadFile",
            "parameters": [
                { "name": "id", "in": "path", "required": true, "type": "string",
                  "x-ms-url-encoding": "single" },
                { "name": "body", "in": "body", "description": "", "x-ms-summary": "",
                  "schema": { "type": "object", "properties": { "a": { "type": "string" } } } }
            ],
            "responses": { "200": { "description": "The file", "schema": { "type": "file" } } }
        } } }
    });
    let out = emit(&swagger);
    let op = &out["paths"]["/files/{id}"]["post"];
    assert_eq!(op["responses"]["200"]["schema"], json!({ "type": "file" }));
    assert_eq!(op["parameters"][1]["description"], json!(""));
    assert_eq!(op["parameters"][1]["x-ms-summary"], json!(""));
}

/// A named scalar type keeps its limits in its definition.
#[test]
fn a_named_scalars_limits_stay_in_its_definition() {
    let swagger = json!({
        "swagger": "2.0",
        "info": { "title": "Limits", "version": "1.0" },
        "host": "api.limits.example",
        "definitions": {
            "Certainty": { "type": "number", "minimum": 1, "maximum": 100 },
            "Guid": { "type": "string", "pattern": "^[0-9a-f-]{36}$" }
        },
        "paths": { "/facts": { "get": {
            "operationId": "GetFact",
            "responses": { "200": { "description": "OK", "schema": { "type": "object",
                "properties": { "certainty": { "$ref": "#/definitions/Certainty" },
                                "id": { "$ref": "#/definitions/Guid" } } } } }
        } } }
    });
    let out = emit(&swagger);
    assert_eq!(
        out["definitions"]["Certainty"],
        json!({ "type": "number", "minimum": 1, "maximum": 100 })
    );
    assert_eq!(
        out["definitions"]["Guid"],
        json!({ "type": "string", "pattern": "^[0-9a-f-]{36}$" })
    );
}

#[test]
fn visibility_keeps_its_spelling() {
    assert_kept(
        json!({ "type": "object", "properties": {
            "top": { "type": "integer", "x-ms-visibility": "Advanced" },
            "tag": { "type": "string", "x-ms-visibility": "important" } } }),
        json!({ "type": "string", "x-ms-visibility": "Internal" }),
    );
}

#[test]
fn items_of_a_value_that_is_not_a_list_are_kept() {
    assert_kept(
        json!({ "type": "object", "properties": {
            "roles": { "type": "string", "enum": ["user", "admin"],
                       "items": { "type": "string", "example": "admin" } } } }),
        json!({ "type": "string", "items": { "type": "string" } }),
    );
}

#[test]
fn every_field_marked_as_a_callback_url_keeps_its_mark() {
    let body = json!({ "type": "object", "required": ["hooks[0][url]"], "properties": {
        "hooks[0][url]": { "type": "string", "x-ms-notification-url": true, "x-ms-visibility": "internal" },
        "hooks[1][url]": { "type": "string", "x-ms-notification-url": true, "x-ms-visibility": "internal" } } });
    let swagger = json!({
        "swagger": "2.0",
        "info": { "title": "Hooks", "version": "1.0" },
        "host": "api.hooks.example",
        "paths": {
            "/hooks": { "post": {
                "operationId": "OnSigned",
                "x-ms-trigger": "single",
                "parameters": [{ "name": "body", "in": "body", "required": true, "schema": body }],
                "responses": { "201": { "description": "Created" } },
                "x-ms-notification-content": { "schema": { "type": "object" } }
            } },
            "/hooks/{id}": { "delete": {
                "operationId": "DeleteHook",
                "x-ms-visibility": "internal",
                "parameters": [{ "name": "id", "in": "path", "required": true, "type": "string" }],
                "responses": { "200": { "description": "OK" } }
            } }
        }
    });
    let out = emit(&swagger);
    assert_eq!(
        out.pointer("/paths/~1hooks/post/parameters/0/schema"),
        Some(&body),
        "{out:#}"
    );
}

#[test]
fn a_named_types_dynamic_values_stay_in_its_definition() {
    let dynamic = json!({ "operationId": "ListCodes",
        "parameters": { "Company": { "parameter": "Company" } },
        "value-path": "id", "value-title": "name" });
    let swagger = json!({
        "swagger": "2.0",
        "info": { "title": "Codes", "version": "1.0" },
        "host": "api.codes.example",
        "paths": {
            "/run": { "post": {
                "operationId": "Run",
                "parameters": [
                    { "name": "Company", "in": "header", "required": true, "type": "string" },
                    { "name": "body", "in": "body", "required": true,
                      "schema": { "type": "object", "properties": { "code": { "$ref": "#/definitions/Code" } } } }
                ],
                "responses": { "200": { "description": "OK" } }
            } },
            "/codes": { "get": {
                "operationId": "ListCodes",
                "parameters": [{ "name": "Company", "in": "header", "required": true, "type": "string" }],
                "responses": { "200": { "description": "OK", "schema": { "type": "array", "items": { "type": "object" } } } }
            } }
        },
        "definitions": { "Code": { "type": "integer", "format": "int32", "x-ms-dynamic-values": dynamic } }
    });
    let out = emit(&swagger);
    assert_eq!(
        out.pointer("/definitions/Code/x-ms-dynamic-values"),
        Some(&dynamic),
        "{out:#}"
    );
}

/// The definitions of a document, for the tests of `allOf`.
fn with_definitions(body: &Value, answer: &Value, definitions: Value) -> Value {
    let swagger = json!({
        "swagger": "2.0",
        "info": { "title": "Schemas", "version": "1.0" },
        "host": "api.schemas.example",
        "paths": { "/things": { "post": {
            "operationId": "CreateThing",
            "parameters": [{ "name": "body", "in": "body", "required": true, "schema": body }],
            "responses": { "200": { "description": "OK", "schema": answer } }
        } } },
        "definitions": definitions
    });
    emit(&swagger)
}

#[test]
fn compositions_come_back_as_written() {
    let definitions = json!({
        "Base": { "type": "object", "required": ["id"], "properties": { "id": { "type": "string" } } },
        "Extended": { "description": "Base and more.", "allOf": [
            { "$ref": "#/definitions/Base" },
            { "type": "object", "properties": { "size": { "type": "integer", "format": "int32" } } } ] }
    });
    let body = json!({ "type": "object", "properties": {
        "base": { "allOf": [{ "$ref": "#/definitions/Base" }] },
        "inline": { "allOf": [
            { "properties": { "a": { "type": "string" } } },
            { "required": ["b"], "properties": { "b": { "type": "boolean" } } } ] } } });
    let answer = json!({ "type": "array", "items": { "allOf": [
        { "$ref": "#/definitions/Extended" },
        { "properties": { "note": { "type": "string" } } } ] } });
    let out = with_definitions(&body, &answer, definitions.clone());
    assert_eq!(out.pointer(BODY), Some(&body), "{out:#}");
    assert_eq!(out.pointer(ANSWER), Some(&answer), "{out:#}");
    assert_eq!(
        out.pointer("/definitions/Extended"),
        definitions.get("Extended"),
        "{out:#}"
    );
}

#[test]
fn an_edited_composition_is_written_from_the_spec() {
    let body = json!({ "type": "object", "properties": {
        "inline": { "allOf": [
            { "properties": { "a": { "type": "string" } } },
            { "properties": { "b": { "type": "boolean" } } } ] } } });
    let swagger = json!({
        "swagger": "2.0",
        "info": { "title": "Schemas", "version": "1.0" },
        "host": "api.schemas.example",
        "paths": { "/things": { "post": {
            "operationId": "CreateThing",
            "parameters": [{ "name": "body", "in": "body", "required": true, "schema": body }],
            "responses": { "200": { "description": "OK" } }
        } } }
    });
    let imported =
        powerplatform::import(swagger.to_string().as_bytes(), None, "schemas").expect("imports");
    assert!(imported.yaml.contains("allOf"), "{}", imported.yaml);
    // A user adds a field to the merged shape: the kept composition no longer says it.
    let edited = imported
        .yaml
        .replacen("b: boolean", "b: boolean\n            c: string", 1);
    assert_ne!(edited, imported.yaml, "{}", imported.yaml);
    let out = swagger_of(&checked("schemas.yaml", edited));
    let inline = out
        .pointer(&format!("{BODY}/properties/inline"))
        .expect("the field is written");
    assert!(inline.get("allOf").is_none(), "{inline:#}");
    assert_eq!(
        inline.pointer("/properties/c"),
        Some(&json!({ "type": "string" })),
        "{inline:#}"
    );
}

#[test]
fn a_parameter_of_a_named_type_offers_its_choices() {
    // A hand-written spec: the picker is declared once, on the named type.
    let spec = r#"
title: Shop
base_url: https://shop.example
objects:
  Store:
    fields:
      id: string
      name: string
  StoreId:
    type: string
    dynamic:
      action: ListStores
      value: id
      label: name
actions:
  ListStores:
    request: GET /stores
    returns: [Store]
  GetStore:
    request: GET /stores/{store}
    params:
      store:
        type: StoreId
        required: true
"#;
    let swagger = swagger_of(&checked("shop.yaml", spec.to_owned()));
    let dynamic = json!({ "operationId": "ListStores", "value-path": "id", "value-title": "name" });
    assert_eq!(
        swagger.pointer("/definitions/StoreId/x-ms-dynamic-values"),
        Some(&dynamic),
        "{swagger:#}"
    );
    assert_eq!(
        swagger.pointer("/paths/~1stores~1{store}/get/parameters/0/x-ms-dynamic-values"),
        Some(&dynamic),
        "{swagger:#}"
    );
}
