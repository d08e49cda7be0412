//! Import never writes a spec that fails `check`: every document of `../shared/corpus/openapi`
//! (skipped when it is absent) and a stress document written here, which holds every OpenAPI
//! 3.0 and 3.1 schema form, server form and security scheme type, import and check without an
//! error, with and without `--fix` and `--no-infer`.

#![recursion_limit = "512"]

use std::path::PathBuf;

use codegen::spec::ReadLimits;
use connector_platform::import::{openapi, AuthChoice, ImportOptions, DROPPED};
use serde_json::{json, Map, Value};

/// The schemas of the stress document, each a form the importer must carry or drop.
fn schemas() -> Value {
    json!({
        "Open": { "type": "object", "properties": { "a": { "type": "string" }, "b": { "type": "integer" } },
                  "additionalProperties": true },
        "Closed": { "type": "object", "properties": { "a": { "type": "string" }, "b": { "type": "integer" } },
                    "additionalProperties": false },
        "Typed": { "type": "object", "properties": { "a": { "type": "string" }, "b": { "type": "integer" } },
                   "additionalProperties": { "type": "string" } },
        "TypedRef": { "type": "object", "properties": { "id": { "type": "string" }, "n": { "type": "number" } },
                      "additionalProperties": { "$ref": "#/components/schemas/Closed" } },
        "OnlyMap": { "type": "object", "additionalProperties": { "type": "integer", "format": "uint32" } },
        "EmptyMap": { "type": "object", "additionalProperties": {} },
        "Bare": {},
        "Scalar": { "type": "string", "format": "ip" },
        "Node": { "type": "object", "properties": {
            "value": { "type": "string" },
            "children": { "type": "array", "items": { "$ref": "#/components/schemas/Node" } },
            "parent": { "$ref": "#/components/schemas/Node" } } },
        "Ping": { "type": "object", "properties": { "pong": { "$ref": "#/components/schemas/Pong" }, "x": { "type": "string" } } },
        "Pong": { "type": "object", "properties": { "ping": { "$ref": "#/components/schemas/Ping" }, "y": { "type": "string" } } },
        "Alias": { "$ref": "#/components/schemas/Node" },
        "AliasLoop": { "$ref": "#/components/schemas/AliasLoop2" },
        "AliasLoop2": { "$ref": "#/components/schemas/AliasLoop" },
        "ListOf": { "type": "array", "items": { "$ref": "#/components/schemas/ListOf" } },
        "Sibling": { "$ref": "#/components/schemas/Closed", "description": "A closed thing.", "nullable": true },
        "SiblingProps": { "$ref": "#/components/schemas/Closed", "properties": { "extra": { "type": "boolean" } } },
        "OneOfObjects": { "oneOf": [
            { "type": "object", "required": ["kind"], "properties": { "kind": { "type": "string", "const": "a" }, "a": { "type": "string" } } },
            { "type": "object", "required": ["kind"], "properties": { "kind": { "type": "string", "const": "b" }, "b": { "type": "integer" } } } ],
            "discriminator": { "propertyName": "kind" } },
        "OneOfScalars": { "oneOf": [{ "type": "string" }, { "type": "integer" }, { "type": "null" }] },
        "AnyOfMixed": { "anyOf": [{ "type": "string" }, { "$ref": "#/components/schemas/Closed" }] },
        "AnyOfRefs": { "anyOf": [{ "$ref": "#/components/schemas/Ping" }, { "$ref": "#/components/schemas/Pong" }] },
        "AllOfMix": { "allOf": [
            { "$ref": "#/components/schemas/Typed" },
            { "type": "object", "properties": { "c": { "type": "string", "nullable": true } } },
            { "oneOf": [{ "type": "object", "properties": { "d": { "type": "string" } } }, { "type": "object", "properties": { "e": { "type": "string" } } }] } ] },
        "AllOfScalar": { "allOf": [{ "type": "integer" }, { "minimum": 3 }] },
        "AllOfConflict": { "allOf": [{ "type": "string" }, { "type": "object", "properties": { "z": { "type": "string" } } }] },
        "OneOfInsideAllOf": { "oneOf": [{ "allOf": [{ "$ref": "#/components/schemas/Ping" }] }, { "$ref": "#/components/schemas/Pong" }] },
        "TypeBeside": { "type": "object", "properties": { "k": { "type": "string" } },
                        "oneOf": [{ "type": "array", "items": { "type": "string" } }, { "type": "integer" }] },
        "Nullable": { "type": "object", "nullable": true, "properties": {
            "n": { "type": "integer", "nullable": true, "format": "int8" },
            "t": { "type": ["string", "null"] },
            "u": { "type": ["string", "integer"] },
            "only_null": { "type": "null" },
            "many": { "type": ["array", "null"], "items": { "type": ["number", "null"], "format": "decimal" } } } },
        "Consts": { "type": "object", "properties": {
            "c": { "const": "fixed" },
            "ci": { "type": "integer", "const": 7 },
            "co": { "const": { "a": 1 } },
            "e": { "type": "string", "enum": ["x", "x", 3, null, true, ""] },
            "en": { "type": "integer", "enum": [1, "2", 3.5] },
            "eb": { "enum": [true, false] },
            "ex": { "type": "string", "examples": ["one", "two"] } } },
        "Formats": { "type": "object", "properties": {
            "u32": { "type": "integer", "format": "uint32", "description": "A count." },
            "u64": { "type": "integer", "format": "uint64", "minimum": 0 },
            "i16": { "type": "integer", "format": "int16" },
            "u8": { "type": "integer", "format": "uint8" },
            "ip": { "type": "string", "format": "ip" },
            "ipv6": { "type": "string", "format": "ipv6" },
            "host": { "type": "string", "format": "hostname" },
            "uref": { "type": "string", "format": "uri-reference" },
            "dur": { "type": "string", "format": "duration" },
            "dec": { "type": "number", "format": "decimal" },
            "prose": { "type": "string", "format": "Hex color code" },
            "bytes": { "type": "string", "contentEncoding": "base64" },
            "bin": { "type": "string", "contentMediaType": "image/png" } } },
        "Validation": { "type": "object", "properties": {
            "tuple": { "type": "array", "prefixItems": [{ "type": "string" }, { "type": "integer" }], "items": false },
            "tuple30": { "type": "array", "items": [{ "type": "string" }] },
            "noitems": { "type": "array" },
            "pattern": { "type": "object", "patternProperties": { "^x-": { "type": "string" } } },
            "not": { "not": { "type": "string" } },
            "cond": { "type": "string", "if": { "minLength": 3 }, "then": { "pattern": "a" }, "else": { "pattern": "b" } },
            "excl": { "type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 10 },
            "deps": { "type": "object", "dependentSchemas": { "a": {} }, "unevaluatedProperties": false },
            "strmin": { "type": "string", "minLength": "3", "maxLength": -1 } } },
        "Names": { "type": "object", "required": ["type", "missing"], "properties": {
            "type": { "type": "string" }, "self": { "type": "string" }, "fn": { "type": "string" },
            "": { "type": "string" }, "a.b": { "type": "string" }, "a/b": { "type": "string" },
            "@odata.type": { "type": "string" }, "Ünïcödé": { "type": "string" }, "123": { "type": "string" },
            "kebab-case": { "type": "string" }, "camelCase": { "type": "string" }, "camel_case": { "type": "string" } } },
        "Defaults": { "type": "object", "properties": {
            "i": { "type": "integer", "default": "12" },
            "b": { "type": "boolean", "default": "yes" },
            "s": { "type": "string", "enum": ["a", "b"], "default": "c" },
            "l": { "type": "array", "items": { "type": "string" }, "default": "x" },
            "o": { "type": "object", "default": { "k": 1 } } } },
        "string": { "type": "object", "properties": { "reserved": { "type": "string" } } },
        "Sloppy": { "type": "object", "required": "a", "properties": {
            "a": "string", "b": null, "c": [], "d": { "type": "array", "items": "x" },
            "e": { "enum": "x" }, "f": { "allOf": {} }, "g": { "type": 7 }, "h": { "type": "strin" },
            "i": { "$ref": "#/components/schemas/Nowhere" }, "j": { "$ref": "https://elsewhere.example/s.json" },
            "k": { "required": true, "type": "string" }, "l": { "nullable": "true", "type": "string" },
            "m": { "type": "integer", "minimum": "1", "maximum": "ten" } } },
        "Collide": { "type": "object", "properties": {
            "pageSize": { "type": "integer" }, "page_size": { "type": "integer" }, "PageSize": { "type": "string" } } },
        "Wrapped": { "allOf": [{ "$ref": "#/components/schemas/Closed" }], "description": "Documented reference." },
        "Page": { "type": "object", "properties": {
            "items": { "type": "array", "items": { "$ref": "#/components/schemas/Closed" } },
            "next_page": { "type": "string", "nullable": true } } }
    })
}

/// A query parameter.
fn query(name: &str, schema: Value) -> Value {
    json!({ "name": name, "in": "query", "schema": schema })
}

/// A JSON answer.
fn answer(schema: Value) -> Value {
    json!({ "200": { "description": "OK", "content": { "application/json": { "schema": schema } } } })
}

/// An inline object repeated in several places, with extra keys: hoisted into one object.
fn repeated() -> Value {
    json!({ "type": "object", "properties": { "street": { "type": "string" }, "city": { "type": "string" } },
            "additionalProperties": { "type": "string" } })
}

fn paths() -> Value {
    let reference = |name: &str| json!({ "$ref": format!("#/components/schemas/{name}") });
    let mut paths = Map::new();
    // One GET and one POST per schema, so every form is a parameter-free answer and a body.
    for name in schemas().as_object().expect("schemas").keys() {
        let segment: String = name
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        paths.insert(
            format!("/schemas/{segment}"),
            json!({
                "get": { "operationId": format!("get{segment}"), "responses": answer(reference(name)) },
                "post": { "operationId": format!("post{segment}"),
                          "requestBody": { "content": { "application/json": { "schema": reference(name) } } },
                          "responses": { "204": { "description": "Done" } } }
            }),
        );
    }
    let more = json!({
        "/addresses": {
            "get": { "operationId": "listAddresses", "responses": answer(json!({ "type": "array", "items": repeated() })) },
            "post": { "operationId": "addAddress",
                      "requestBody": { "content": { "application/json": { "schema": repeated() } } },
                      "responses": answer(repeated()) }
        },
        "/pages/dropshot": { "get": {
            "operationId": "dropshotList", "x-dropshot-pagination": { "required": [] },
            "parameters": [query("page_token", json!({ "type": "string", "nullable": true })),
                           query("limit", json!({ "type": "integer", "format": "uint32", "minimum": 1 }))],
            "responses": answer(reference("Page")) } },
        "/pages/link": { "get": {
            "operationId": "linkList",
            "parameters": [query("page", json!({ "type": "integer" })), query("per_page", json!({ "type": "integer" }))],
            "responses": { "200": { "description": "OK",
                "headers": { "Link": { "schema": { "type": "string" } } },
                "content": { "application/json": { "schema": { "type": "array", "items": reference("Closed") } } } } } } },
        "/pages/cursor": { "get": {
            "operationId": "cursorList",
            "parameters": [query("cursor", json!({ "type": "string" }))],
            "responses": answer(json!({ "type": "object", "properties": {
                "data": { "type": "array", "items": reference("Open") },
                "meta": { "type": "object", "properties": { "next_cursor": { "type": "string" } } } } })) } },
        "/pages/next": { "get": {
            "operationId": "nextList",
            "responses": answer(json!({ "type": "object", "properties": {
                "results": { "type": "array", "items": { "type": "string" } },
                "next": { "type": "string", "format": "uri", "nullable": true } } })) } },
        "/pages/hal": { "get": {
            "operationId": "halList",
            "responses": answer(json!({ "type": "object", "properties": {
                "items": { "type": "array", "items": { "type": "string" } },
                "_links": { "type": "object", "properties": { "next": { "type": "object", "properties": { "href": { "type": "string" } } } } } } })) } },
        "/pages/odata": { "get": {
            "operationId": "odataList", "x-ms-pageable": { "nextLinkName": "@odata.nextLink" },
            "responses": answer(json!({ "type": "object", "properties": {
                "value": { "type": "array", "items": { "type": "string" } },
                "@odata.nextLink": { "type": "string" } } })) } },
        "/pages/pageable": { "get": {
            "operationId": "pageableList", "x-ms-pageable": { "nextLinkName": "nextLink" },
            "responses": answer(json!({ "type": "object", "properties": {
                "value": { "type": "array", "items": { "type": "string" } },
                "nextLink": { "type": "string" } } })) } },
        "/pages/numbers": { "get": {
            "operationId": "numberList",
            "parameters": [query("pageNumber", json!({ "type": "integer", "minimum": 0, "default": 0 })),
                           query("pageSize", json!({ "type": "integer" }))],
            "responses": answer(json!({ "type": "object", "properties": {
                "records": { "type": "array", "items": { "type": "string" } },
                "meta": { "type": "object", "properties": { "totalPages": { "type": "integer" } } } } })) } },
        "/pages/offset": { "get": {
            "operationId": "offsetList",
            "parameters": [query("offset", json!({ "type": "integer" })), query("limit", json!({ "type": "integer" }))],
            "responses": answer(json!({ "type": "object", "properties": {
                "total": { "type": "integer" },
                "entries": { "type": "array", "items": { "type": "string" } },
                "other": { "type": "array", "items": { "type": "string" } } } })) } },
        "/pages/ambiguous": { "get": {
            "operationId": "ambiguousList",
            "parameters": [query("offset", json!({ "type": "integer" })), query("limit", json!({ "type": "integer" }))],
            "responses": answer(json!({ "type": "object", "properties": {
                "left": { "type": "array", "items": { "type": "string" } },
                "right": { "type": "array", "items": { "type": "string" } } } })) } },
        "/params/{id}/{undeclared}": {
            "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "integer", "format": "uint32" } }],
            "get": {
                "operationId": "params",
                "parameters": [
                    { "name": "id", "in": "path", "required": true, "schema": { "type": ["integer", "null"] } },
                    { "name": "id", "in": "query", "schema": { "type": "string" } },
                    { "name": "ghost", "in": "path", "required": true, "schema": { "type": "string" } },
                    { "name": "session", "in": "cookie", "schema": { "type": "string" } },
                    { "name": "X-Trace", "in": "header", "schema": { "type": "string", "format": "uuid" } },
                    { "name": "tags", "in": "query", "style": "pipeDelimited", "schema": { "type": "array", "items": { "type": "string" } } },
                    { "name": "filter", "in": "query", "content": { "application/json": { "schema": reference("Closed") } } },
                    { "name": "when", "in": "query", "schema": { "const": "now" } },
                    { "$ref": "#/components/parameters/Shared" },
                    { "$ref": "#/components/parameters/Missing" }
                ],
                "responses": { "2XX": { "description": "OK", "content": { "text/plain": { "schema": { "type": "string" } } } } } },
            "delete": { "operationId": "params", "responses": { "204": { "description": "Gone",
                "content": { "application/json": { "schema": { "type": "object" } } } } } },
            "head": { "responses": { "200": { "description": "OK" } } },
            "trace": { "operationId": "traced", "responses": { "200": { "description": "OK" } } }
        },
        "/files": {
            "post": { "operationId": "upload",
                "requestBody": { "content": { "multipart/form-data": { "schema": { "type": "object", "properties": {
                    "file": { "type": "string", "format": "binary" }, "note": { "type": "string" } } } } } },
                "responses": { "201": { "description": "Created", "content": { "application/xml": { "schema": { "type": "string" } } } } } },
            "get": { "operationId": "download", "requestBody": { "content": { "application/json": { "schema": { "type": "object" } } } },
                "responses": { "200": { "description": "OK", "content": { "application/pdf": { "schema": { "type": "string", "format": "binary" } } } } } },
            "put": { "operationId": "putForm",
                "requestBody": { "content": { "application/x-www-form-urlencoded": { "schema": reference("Typed") } } },
                "responses": { "default": { "description": "Whatever" } } }
        },
        "/ref-item": { "$ref": "#/components/pathItems/Shared" },
        "/keywords/{type}": { "get": { "operationId": "self", "parameters": [
            { "name": "type", "in": "path", "required": true, "schema": { "type": "string" } },
            { "name": "async", "in": "query", "schema": { "type": "boolean" } }],
            "responses": answer(json!({ "type": "string", "enum": ["a-b", "A_B", "a b", "", "1"] })) } },
        "/collide": { "get": { "operationId": "get-thing", "parameters": [
                query("pageSize", json!({ "type": "integer" })), query("page_size", json!({ "type": "integer" })),
                { "name": "", "in": "query", "schema": { "type": "string" } },
                { "name": "Accept", "in": "header", "schema": { "type": "string" } }],
                "responses": answer(json!({ "type": "array", "items": { "type": "array", "items": { "type": "object", "additionalProperties": true } } })) },
            "post": { "operationId": "getThing", "parameters": {}, "responses": { "201": { "description": "x" } } } },
        "/broken": { "get": "not an operation", "put": { "responses": "none" } },
        "/null": null,
        "no-slash/{id}": { "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "string" } }],
                           "get": { "operationId": "noSlash", "responses": answer(json!({ "type": "string" })) } },
        "/unicode/ünï": { "get": { "operationId": "ünïcödé-op", "responses": answer(json!({ "type": "integer" })) } }
    });
    for (k, v) in more.as_object().expect("paths") {
        paths.insert(k.clone(), v.clone());
    }
    Value::Object(paths)
}

/// Every security scheme type, each with what can go wrong with it.
fn security_schemes() -> Value {
    json!({
        "keyHeader": { "type": "apiKey", "in": "header", "name": "X-Api-Key" },
        "keyQuery": { "type": "apiKey", "in": "query", "name": "api_key" },
        "keyCookie": { "type": "apiKey", "in": "cookie", "name": "sid" },
        "keyNoName": { "type": "apiKey", "in": "header" },
        "basic": { "type": "http", "scheme": "basic" },
        "bearer": { "type": "http", "scheme": "bearer", "bearerFormat": "JWT" },
        "digest": { "type": "http", "scheme": "digest" },
        "custom": { "type": "http", "scheme": "Token" },
        "code": { "type": "oauth2", "flows": { "authorizationCode": {
            "authorizationUrl": "/oauth/authorize", "tokenUrl": "/oauth/token", "refreshUrl": "oauth/refresh",
            "scopes": { "read": "Read" } } } },
        "client": { "type": "oauth2", "flows": { "clientCredentials": { "tokenUrl": "https://login.example.com/token", "scopes": {} } } },
        "password": { "type": "oauth2", "flows": { "password": { "tokenUrl": "/token", "scopes": {} } } },
        "implicit": { "type": "oauth2", "flows": { "implicit": { "authorizationUrl": "/authorize", "scopes": {} } } },
        "every": { "type": "oauth2", "flows": {
            "implicit": { "authorizationUrl": "/authorize", "scopes": {} },
            "password": { "tokenUrl": "/token", "scopes": {} },
            "clientCredentials": { "tokenUrl": "/token", "scopes": {} },
            "authorizationCode": { "authorizationUrl": "/authorize", "tokenUrl": "/token", "scopes": {} } } },
        "noflow": { "type": "oauth2", "flows": {} },
        "oidc": { "type": "openIdConnect", "openIdConnectUrl": "/.well-known/openid-configuration" },
        "tls": { "type": "mutualTLS" },
        "strange": { "type": "kerberos" }
    })
}

/// The server forms: absolute, templated, relative, scheme-relative, missing.
fn servers() -> Vec<Option<Value>> {
    vec![
        Some(json!([{ "url": "https://api.example.com/v1/" }])),
        Some(
            json!([{ "url": "https://{tenant}.example.com/{version}", "variables": {
            "tenant": { "default": "acme", "description": "Your tenant." },
            "version": { "default": "v2", "enum": ["v1", "v2"] } } }]),
        ),
        Some(
            json!([{ "url": "{scheme}://{host}:{port}/api", "variables": {
            "scheme": { "default": "https", "enum": ["https", "http"] }, "host": { "default": "localhost" },
            "port": { "default": "8443" } } }]),
        ),
        Some(json!([{ "url": "/api/v3" }])),
        Some(json!([{ "url": "//cdn.example.com/x" }])),
        Some(json!([{ "url": "{token}.example.com" }])),
        None,
    ]
}

/// The stress document in dialect `version`, its server forms `server` and security `scheme`.
fn document(version: &str, server: Option<Value>, scheme: Option<&str>) -> Value {
    let mut doc = json!({
        "openapi": version,
        "info": { "title": "Stress Test API Connector", "version": "1", "contact": { "url": "not a url" } },
        "paths": paths(),
        "components": {
            "schemas": schemas(),
            "securitySchemes": security_schemes(),
            "parameters": { "Shared": query("shared", json!({ "type": "string", "format": "uint32" })) },
            "pathItems": { "Shared": { "get": { "operationId": "sharedItem", "responses": answer(json!({ "type": "boolean" })) } } }
        }
    });
    if let Some(server) = server {
        doc["servers"] = server;
    }
    match scheme {
        Some(name) => doc["security"] = json!([{ name: [] }]),
        None => {
            doc["components"]
                .as_object_mut()
                .expect("components")
                .remove("securitySchemes");
        }
    }
    if version.starts_with("3.1") {
        doc["jsonSchemaDialect"] = json!("https://json-schema.org/draft/2020-12/schema");
        doc["webhooks"] =
            json!({ "newThing": { "post": { "responses": { "200": { "description": "OK" } } } } });
    }
    doc
}

/// Imports `text` with `options` and returns the check's errors, rendered, and the parts the
/// import's last step had to drop because they did not check: the importer's own rules must
/// leave nothing for that step.
fn errors_of(text: &[u8], options: &ImportOptions) -> Result<Vec<String>, String> {
    let imported = openapi::import_with(text, "stress", options).map_err(|e| e.to_string())?;
    let dropped = imported
        .warnings
        .iter()
        .filter(|w| w.message.starts_with(DROPPED))
        .map(ToString::to_string);
    let outcome =
        codegen::check_source("stress.yaml", imported.yaml.clone(), &ReadLimits::default());
    Ok(outcome
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| {
            codegen::diag::render_text(std::slice::from_ref(d), codegen::diag::RenderStyle::plain())
        })
        .chain(dropped)
        .collect())
}

#[test]
fn what_no_rule_foresaw_is_dropped_with_a_warning_rather_than_written_broken() {
    // Paths the checker refuses and no importer rule repairs: each operation is dropped with a
    // warning at its pointer, and the rest is written and checks.
    let doc = json!({
        "openapi": "3.0.3",
        "info": { "title": "Odd paths", "version": "1" },
        "servers": [{ "url": "https://odd.example" }],
        "paths": {
            "/a/{b}}": { "get": { "operationId": "braces", "responses": { "200": { "description": "OK" } } } },
            "/c/{}": { "get": { "operationId": "empty", "responses": { "200": { "description": "OK" } } } },
            "/fine": { "get": { "operationId": "fine", "responses": answer(json!({ "type": "string" })) } }
        }
    });
    let imported =
        openapi::import(&serde_json::to_vec(&doc).expect("json"), "odd").expect("imports");
    let dropped: Vec<&str> = imported
        .warnings
        .iter()
        .filter(|w| w.message.starts_with(DROPPED))
        .map(|w| w.pointer.as_str())
        .collect();
    assert_eq!(dropped, ["/paths/~1a~1{b}}/get", "/paths/~1c~1{}/get"]);
    let outcome = codegen::check_source("odd.yaml", imported.yaml, &ReadLimits::default());
    assert!(!outcome.has_errors(), "{:#?}", outcome.diagnostics);
    let connector = outcome.connector.expect("checks");
    let names: Vec<&str> = connector.actions.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["fine"]);
}

fn option_sets() -> Vec<ImportOptions> {
    vec![
        ImportOptions::default(),
        ImportOptions {
            fix: true,
            ..Default::default()
        },
        ImportOptions {
            no_infer: true,
            auth: Some(AuthChoice::ApiKey("X-Key".into())),
            ..Default::default()
        },
    ]
}

#[test]
fn every_form_imports_and_checks_clean() {
    let mut schemes: Vec<Option<String>> = security_schemes()
        .as_object()
        .expect("schemes")
        .keys()
        .cloned()
        .map(Some)
        .collect();
    schemes.push(None);
    let mut failures = Vec::new();
    let mut runs = 0;
    for version in ["3.0.3", "3.1.0"] {
        for (index, server) in servers().into_iter().enumerate() {
            for scheme in &schemes {
                // Every server with the first scheme, every scheme with the first server.
                if index > 0 && scheme.as_deref() != Some("keyHeader") {
                    continue;
                }
                let doc = document(version, server.clone(), scheme.as_deref());
                let text = serde_json::to_vec(&doc).expect("serialises");
                for options in option_sets() {
                    runs += 1;
                    match errors_of(&text, &options) {
                        Ok(errors) if errors.is_empty() => {}
                        Ok(errors) => failures.push(format!(
                            "{version}, server {index}, scheme {scheme:?}, {options:?}:\n{}",
                            errors.join("\n")
                        )),
                        Err(e) => {
                            failures.push(format!("{version}, {scheme:?}: not imported: {e}"))
                        }
                    }
                }
            }
        }
    }
    assert!(runs > 100, "{runs}");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn what_cannot_be_carried_is_warned_about_where_it_is() {
    let doc = document("3.1.0", servers()[3].clone(), Some("code"));
    let imported =
        openapi::import(&serde_json::to_vec(&doc).expect("json"), "stress").expect("imports");
    let warned = |pointer: &str, part: &str| {
        assert!(
            imported
                .warnings
                .iter()
                .any(|w| w.pointer == pointer && w.message.contains(part)),
            "no warning at {pointer} saying {part:?}: {:#?}",
            imported.warnings
        );
    };
    warned("/webhooks", "not imported");
    warned("/jsonSchemaDialect", "dialect");
    warned("/servers/0/url", "connection parameter `host`");
    warned(
        "/components/schemas/Nullable/properties/u/type",
        "several types",
    );
    warned(
        "/components/schemas/Validation/properties/not/not",
        "no spec equivalent",
    );
    warned(
        "/components/schemas/Validation/properties/tuple/prefixItems",
        "first item",
    );
    warned(
        "/components/securitySchemes/code/flows/authorizationCode/tokenUrl",
        "no absolute server URL",
    );
    warned(
        "/components/schemas/Formats/properties/u32/format",
        "`--fix` reads it as `int64`",
    );
    warned("/paths/~1pages~1dropshot/get", "x-dropshot-pagination");
    warned("/paths/~1pages~1link/get", "`Link` answer header");
    warned(
        "/paths/~1pages~1odata/get",
        "`x-ms-pageable` naming `@odata.nextLink`",
    );
    warned("/paths/no-slash~1{id}/get", "read as `/no-slash/{id}`");
    let spec: Value = serde_saphyr::from_str(&imported.yaml).expect("YAML");
    assert_eq!(spec["base_url"], json!("https://{host}/api/v3"));
    assert_eq!(
        spec.pointer("/actions/noSlash/request"),
        Some(&json!("GET /no-slash/{id}"))
    );
    // No absolute URL to resolve `/oauth/token` against: a token the user supplies.
    assert_eq!(spec["auth"], json!({ "bearer": { "token": "token" } }));
    assert_eq!(
        spec.pointer("/actions/cursorList/paginate"),
        Some(
            &json!({ "cursor": { "items": "data", "param": "cursor", "next": "meta.next_cursor" } })
        )
    );
    // A next link named with a dot is a path of one field.
    assert_eq!(
        spec.pointer("/actions/odataList/paginate"),
        Some(&json!({ "next_link": { "items": "value", "next": "@odata.nextLink" } }))
    );
    assert_eq!(
        spec.pointer("/actions/halList/paginate"),
        Some(&json!({ "next_link": { "items": "items", "next": "_links.next.href" } }))
    );
    assert_eq!(spec.pointer("/actions/ambiguousList/paginate"), None);
}

#[test]
fn the_stress_spec_has_a_rust_client() {
    for version in ["3.0.3", "3.1.0"] {
        let doc = document(version, servers()[1].clone(), Some("code"));
        let imported =
            openapi::import(&serde_json::to_vec(&doc).expect("json"), "stress").expect("imports");
        let outcome = codegen::check_source("stress.yaml", imported.yaml, &ReadLimits::default());
        let connector = outcome.connector.expect("checks");
        let module = codegen::emit::rust::emit_module(
            &connector,
            &codegen::emit::rust::RustOptions::default(),
        )
        .unwrap_or_else(|e| panic!("{version}: {e}"));
        // Each paged action has its stream.
        let streams = module.matches("_stream(").count();
        let paged = connector
            .actions
            .iter()
            .filter(|a| a.paginate.is_some())
            .count();
        assert_eq!(paged, 9, "{version}");
        assert!(streams >= paged, "{version}: {streams} streams");
    }
}

#[test]
fn no_infer_turns_paging_off() {
    let doc = document("3.0.3", servers()[0].clone(), Some("bearer"));
    let text = serde_json::to_vec(&doc).expect("json");
    let inferred = openapi::import(&text, "stress").expect("imports");
    let options = ImportOptions {
        no_infer: true,
        ..Default::default()
    };
    let plain = openapi::import_with(&text, "stress", &options).expect("imports");
    let paged = |yaml: &str| {
        let spec: Value = serde_saphyr::from_str(yaml).expect("YAML");
        spec["actions"]
            .as_object()
            .expect("actions")
            .values()
            .filter(|a| a.get("paginate").is_some())
            .count()
    };
    // Dropshot, Link header, cursor, next link, HAL, two x-ms-pageable (one an OData
    // `@odata.nextLink`), page numbers, offsets.
    assert_eq!(paged(&inferred.yaml), 9, "{}", inferred.yaml);
    assert_eq!(paged(&plain.yaml), 0);
    assert!(!plain
        .warnings
        .iter()
        .any(|w| w.message.starts_with("paging inferred")));
}

#[test]
fn oauth_urls_resolve_against_the_server_and_variables_are_connection_parameters() {
    let doc = document("3.0.3", servers()[1].clone(), Some("code"));
    let imported =
        openapi::import(&serde_json::to_vec(&doc).expect("json"), "stress").expect("imports");
    let spec: Value = serde_saphyr::from_str(&imported.yaml).expect("YAML");
    assert_eq!(
        spec["base_url"],
        json!("https://{tenant}.example.com/{version}")
    );
    assert_eq!(spec["connection"]["tenant"]["default"], json!("acme"));
    assert_eq!(
        spec["auth"]["oauth2"]["token_url"],
        json!("https://acme.example.com/oauth/token")
    );
    assert_eq!(
        spec["auth"]["oauth2"]["refresh_url"],
        json!("https://acme.example.com/oauth/refresh")
    );
}

#[test]
fn unlisted_formats_are_mapped_only_under_fix() {
    let doc = document("3.0.3", servers()[0].clone(), Some("bearer"));
    let text = serde_json::to_vec(&doc).expect("json");
    let faithful = openapi::import(&text, "stress").expect("imports");
    let spec: Value = serde_saphyr::from_str(&faithful.yaml).expect("YAML");
    let formats = &spec["objects"]["Formats"]["fields"];
    assert_eq!(formats["u32"]["format"], json!("uint32"), "{formats}");
    assert_eq!(formats["ip"]["format"], json!("ip"));
    let fixed = openapi::import_with(
        &text,
        "stress",
        &ImportOptions {
            fix: true,
            ..Default::default()
        },
    )
    .expect("imports");
    let spec: Value = serde_saphyr::from_str(&fixed.yaml).expect("YAML");
    let formats = &spec["objects"]["Formats"]["fields"];
    assert_eq!(formats["u32"]["type"], json!("int64"), "{formats}");
    assert!(
        formats["u32"]["description"]
            .as_str()
            .is_some_and(|d| d.starts_with("A count.") && d.contains("0 to 4294967295")),
        "{formats}"
    );
    assert_eq!(formats["ip"], json!("string"), "{formats}");
    assert_eq!(formats["u8"]["type"], json!("int32"), "{formats}");
    assert!(
        formats["u8"]["description"]
            .as_str()
            .is_some_and(|d| d.contains("0 to 255")),
        "{formats}"
    );
    assert_eq!(formats["uref"], json!("uri"), "{formats}");
    assert!(fixed.warnings.iter().any(|w| w.pointer
        == "/components/schemas/Formats/properties/u32/format"
        && w.message.contains("read as `int64`")));
}

#[test]
fn a_document_without_security_is_warned_about_and_auth_can_be_given() {
    let doc = document("3.0.3", servers()[0].clone(), None);
    let text = serde_json::to_vec(&doc).expect("json");
    let imported = openapi::import(&text, "stress").expect("imports");
    assert!(
        imported
            .warnings
            .iter()
            .any(|w| w.message.contains("declares no security scheme")
                && w.message.contains("--auth"))
    );
    for (choice, auth) in [
        (
            AuthChoice::Bearer,
            json!({ "bearer": { "token": "token" } }),
        ),
        (
            AuthChoice::Basic,
            json!({ "basic": { "username": "username", "password": "password" } }),
        ),
        (
            "api-key:X-Api-Key".parse().expect("parses"),
            json!({ "api_key": { "name": "X-Api-Key", "in": "header", "key": "api_key" } }),
        ),
    ] {
        let options = ImportOptions {
            auth: Some(choice),
            ..Default::default()
        };
        let imported = openapi::import_with(&text, "stress", &options).expect("imports");
        let spec: Value = serde_saphyr::from_str(&imported.yaml).expect("YAML");
        assert_eq!(spec["auth"], auth);
    }
    assert!("api-key:".parse::<AuthChoice>().is_err());
    assert!("oauth".parse::<AuthChoice>().is_err());
}

#[test]
fn the_corpus_imports_and_checks_clean_with_every_option() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/openapi");
    if !dir.is_dir() {
        println!("skipped: no corpus at {}", dir.display());
        return;
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("lists")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    for file in files {
        let text = std::fs::read(&file).expect("reads");
        for options in option_sets() {
            let errors = errors_of(&text, &options).expect("imports");
            assert!(
                errors.is_empty(),
                "{} with {options:?}:\n{}",
                file.display(),
                errors.join("\n")
            );
        }
    }
}

/// `nullable: true` beside a type → a `type` list with `null`: the 3.1 way of saying it.
fn to_31(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if map.get("nullable") == Some(&json!(true)) {
                if let Some(Value::String(ty)) = map.get("type").cloned() {
                    map.insert("type".into(), json!([ty, "null"]));
                    map.remove("nullable");
                }
            }
            map.values_mut().for_each(to_31);
        }
        Value::Array(items) => items.iter_mut().for_each(to_31),
        _ => {}
    }
}

#[test]
fn the_corpus_written_as_openapi_31_imports_to_the_same_spec() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/openapi");
    if !dir.is_dir() {
        println!("skipped: no corpus at {}", dir.display());
        return;
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("lists")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("reads");
        let doc: Value = if text.trim_start().starts_with('{') {
            serde_json::from_str(&text).expect("JSON")
        } else {
            serde_saphyr::from_str(&text).expect("YAML")
        };
        let mut doc31 = doc.clone();
        to_31(&mut doc31);
        doc31["openapi"] = json!("3.1.0");
        let import = |doc: &Value| {
            openapi::import(&serde_json::to_vec(doc).expect("JSON"), "corpus").expect("imports")
        };
        let (as30, as31) = (import(&doc), import(&doc31));
        // The one difference allowed: the 3.0 document's version, kept as written for the
        // OpenAPI the spec builds (a 3.1 document comes back as 3.0.3).
        let without_version = |yaml: &str| {
            let mut spec: Value = serde_saphyr::from_str(yaml).expect("YAML");
            if let Some(Value::Object(kept)) = spec.pointer_mut("/extensions/openapi_root") {
                kept.remove("openapi");
            }
            spec
        };
        assert_eq!(
            without_version(&as30.yaml),
            without_version(&as31.yaml),
            "{}",
            file.display()
        );
        // What is valid 3.1 is not reported as a defect.
        let defects: Vec<String> = as31
            .warnings
            .iter()
            .filter(|w| w.message.contains("is a list") || w.message.contains("not 3.x"))
            .map(ToString::to_string)
            .collect();
        assert!(defects.is_empty(), "{}: {defects:#?}", file.display());
    }
}
