//! The Power Platform importer keeps what it has no word for where it stands: vendor extensions
//! and schema keywords on places with a typed form of their own (a list parameter's items, an
//! answer header, the named body of a webhook subscription, extra keys of a string, the words
//! beside an `allOf` that wraps a `$ref`) come back
//! from the emitter as written.

use codegen::spec::ReadLimits;
use connector_platform::import::{powerplatform, ImportOptions};
use serde_json::{json, Value};

fn swagger() -> Value {
    json!({
        "swagger": "2.0",
        "info": {"title": "Kept Keys", "description": "Keys nobody listed", "version": "1.0"},
        "host": "api.example.com",
        "basePath": "/",
        "schemes": ["https"],
        "paths": {
            "/files/move": {"post": {
                "operationId": "MoveFiles",
                "summary": "Move files",
                "parameters": [
                    {"name": "q", "in": "query", "type": "string", "allowEmptyValue": true,
                     "x-ms-summary": "Query"},
                    {"name": "ids", "in": "query", "type": "array", "collectionFormat": "csv",
                     "x-ms-summary": "Ids",
                     "items": {"type": "string", "format": "uuid", "description": "One id",
                               "x-ms-summary": "Id", "maxLength": 36, "default": "a",
                               "x-publisher-hint": {"lookup": "files"}}}
                ],
                "responses": {"200": {
                    "description": "OK",
                    "headers": {
                        "Retry-Token": {"type": "string", "description": "Token",
                                        "x-ms-summary": "Token", "x-ms-visibility": "advanced",
                                        "default": "none", "maxLength": 30,
                                        "x-publisher-hint": 1},
                        "X-Moved": {"type": "array", "collectionFormat": "pipes",
                                    "description": "Moved ids",
                                    "items": {"type": "integer", "x-publisher-hint": 2}}
                    },
                    "schema": {"type": "object", "properties": {
                        "next": {"type": "string", "description": "Next page",
                                 "additionalProperties": {"x-publisher-hint": 3}},
                        "page": {"allOf": [{"$ref": "#/definitions/Page"}],
                                 "description": "The page", "x-ms-summary": "Page"}
                    }}
                }}
            }},
            "/hooks": {"post": {
                "operationId": "WhenMoved",
                "summary": "When files move",
                "x-ms-trigger": "single",
                "parameters": [{"name": "body", "in": "body", "required": true,
                                "schema": {"$ref": "#/definitions/Subscription"}}],
                "responses": {"201": {"description": "Created"}}
            }},
            "/files/{id}/content": {"put": {
                "operationId": "PutContent",
                "summary": "Put the content",
                "consumes": ["application/octet-stream"],
                "parameters": [
                    {"name": "id", "in": "path", "required": true, "type": "string",
                     "x-ms-url-encoding": "single", "x-ms-summary": "Id"},
                    {"name": "body", "in": "body", "required": true, "x-ms-summary": "Content",
                     "schema": {"type": "string", "format": "binary", "title": "Content",
                                "externalDocs": {"url": "https://docs.example.com/content"},
                                "xml": {"name": "content"}, "description": ""}}
                ],
                "responses": {"200": {"description": "OK"}}
            }},
            "/hooks/{id}": {"delete": {
                "operationId": "DeleteHook",
                "summary": "Delete the hook",
                "x-ms-visibility": "internal",
                "parameters": [{"name": "id", "in": "path", "required": true,
                                "type": "string", "x-ms-url-encoding": "single"}],
                "responses": {"200": {"description": "OK"}}
            }}
        },
        "definitions": {"Page": {
            "type": "object",
            "properties": {"number": {"type": "integer"}}
        }, "Subscription": {
            "type": "object",
            "required": ["url"],
            "x-publisher-hint": 4,
            "properties": {"url": {"type": "string", "x-ms-notification-url": true,
                                   "x-ms-visibility": "internal", "description": "url"}}
        }}
    })
}

/// An `apiProperties.json` with keys the importer has no word for: beside `properties`, in
/// it, on a connection parameter (one of a type it reads as a string), and on the OAuth
/// parameter.
fn properties() -> Value {
    json!({
        "properties": {
            "publisher": "Kept Keys", "stackOwner": "Kept Keys",
            "iconBrandColor": "#007ee5", "capabilities": [],
            "displayOrder": 3,
            "connectionParameters": {
                "site": {"type": "string", "uiDefinition": {"displayName": "Site",
                         "description": "Your site", "tooltip": "Your site",
                         "constraints": {"required": "true"}},
                         "allowedTenants": ["contoso"]},
                "gateway": {"type": "gatewaySetting", "gatewaySettings": {"dataSourceType": "x"},
                            "uiDefinition": {"displayName": "Gateway", "description": "Gateway",
                                             "tooltip": "Gateway", "constraints": {}}},
                "token": {"type": "oauthSetting", "parameterSource": "AppConfiguration",
                          "oAuthSettings": {"identityProvider": "oauth2", "clientId": "id",
                                            "scopes": [], "redirectMode": "GlobalPerConnector",
                                            "customParameters": {
                                                "authorizationUrl": {"value": "https://login.example.com/a"},
                                                "tokenUrl": {"value": "https://login.example.com/t"},
                                                "refreshUrl": {"value": "https://login.example.com/t"}}}}
            }
        },
        "schemaVersion": "1.0"
    })
}

/// The emitted files of the imported spec: the swagger and the properties.
fn rebuilt_files(swagger: &Value, properties: &Value) -> (Value, Value) {
    let imported = powerplatform::import_with(
        swagger.to_string().as_bytes(),
        Some(properties.to_string().as_bytes()),
        "Kept_Keys",
        &ImportOptions::default(),
    )
    .expect("imports");
    let outcome = codegen::check_source("kept_keys.yaml", imported.yaml, &ReadLimits::default());
    let errors: Vec<_> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let files = connector_platform::emit::powerplatform::emit(&outcome.connector.expect("checks"));
    (
        serde_json::from_str(&files.swagger).expect("JSON"),
        serde_json::from_str(&files.properties).expect("JSON"),
    )
}

/// The emitted swagger of the imported spec, with properties that say little.
fn rebuilt(swagger: &Value) -> Value {
    let properties = json!({"properties": {"publisher": "Kept Keys", "stackOwner": "Kept Keys",
                                           "iconBrandColor": "#007ee5", "capabilities": []}});
    rebuilt_files(swagger, &properties).0
}

#[test]
fn a_list_parameters_items_come_back_as_written() {
    let original = swagger();
    let built = rebuilt(&original);
    let at = "/paths/~1files~1move/post/parameters/1/items";
    assert_eq!(built.pointer(at), original.pointer(at));
}

#[test]
fn answer_headers_come_back_as_written() {
    let original = swagger();
    let built = rebuilt(&original);
    for at in [
        "/paths/~1files~1move/post/responses/200/headers/Retry-Token",
        "/paths/~1files~1move/post/responses/200/headers/X-Moved",
    ] {
        assert_eq!(built.pointer(at), original.pointer(at), "{at}");
    }
}

#[test]
fn extra_keys_of_a_string_come_back_as_written() {
    let original = swagger();
    let built = rebuilt(&original);
    let at = "/paths/~1files~1move/post/responses/200/schema/properties/next";
    assert_eq!(built.pointer(at), original.pointer(at));
}

#[test]
fn an_all_of_around_a_reference_keeps_the_words_beside_it() {
    let original = swagger();
    let built = rebuilt(&original);
    let at = "/paths/~1files~1move/post/responses/200/schema/properties/page";
    assert_eq!(built.pointer(at), original.pointer(at));
}

#[test]
fn a_webhooks_named_body_keeps_what_its_definition_says() {
    let original = swagger();
    let built = rebuilt(&original);
    let body = built
        .pointer("/paths/~1hooks/post/parameters/0/schema")
        .expect("a body");
    // Written in place or as a `$ref`, the subscription body says what the definition says.
    let body = match body.get("$ref").and_then(Value::as_str) {
        Some(reference) => built
            .pointer(reference.trim_start_matches('#'))
            .expect("the definition"),
        None => body,
    };
    assert_eq!(body.get("x-publisher-hint"), Some(&json!(4)));
}

#[test]
fn properties_keys_nobody_listed_come_back_as_written() {
    let original = properties();
    let (_, built) = rebuilt_files(&swagger(), &original);
    for at in [
        "/schemaVersion",
        "/properties/displayOrder",
        "/properties/connectionParameters/site/allowedTenants",
        "/properties/connectionParameters/gateway/type",
        "/properties/connectionParameters/gateway/gatewaySettings",
        "/properties/connectionParameters/token/parameterSource",
    ] {
        assert_eq!(built.pointer(at), original.pointer(at), "{at}");
    }
}

#[test]
fn an_empty_value_allowance_comes_back_as_written() {
    let original = swagger();
    let built = rebuilt(&original);
    // (`required: false` is written where the original says nothing: the same to the platform.)
    let at = "/paths/~1files~1move/post/parameters/0/allowEmptyValue";
    assert_eq!(built.pointer(at), Some(&json!(true)));
}

#[test]
fn a_binary_bodys_schema_comes_back_as_written() {
    let original = swagger();
    let built = rebuilt(&original);
    let at = "/paths/~1files~1{id}~1content/put/parameters/1/schema";
    assert_eq!(built.pointer(at), original.pointer(at));
}
