//! `$ref`s with percent escapes, broken or not, are followed the same way by every importer and
//! never make one panic.

use connector_platform::import::{openapi, powerplatform};

/// Fragments with broken escapes: a lone `%`, one hex digit then a multi-byte character, bytes
/// that are not UTF-8.
const BROKEN: &[&str] = &["%", "%a", "%aé", "%é", "%zz", "%ff", "%+1"];

fn openapi_doc(reference: &str) -> String {
    format!(
        r##"{{"openapi": "3.0.3", "info": {{"title": "Refs", "version": "1"}},
  "servers": [{{"url": "https://refs.example"}}],
  "paths": {{"/items": {{"get": {{"operationId": "listItems",
    "responses": {{"200": {{"description": "ok", "content": {{"application/json":
      {{"schema": {{"$ref": "#/components/schemas/{reference}"}}}}}}}}}}}}}}}},
  "components": {{"schemas": {{"Item Kind": {{"type": "object",
    "properties": {{"id": {{"type": "string"}}}}}}}}}}}}"##
    )
}

fn swagger_doc(reference: &str) -> String {
    format!(
        r##"{{"swagger": "2.0", "info": {{"title": "Refs", "version": "1"}},
  "host": "refs.example", "basePath": "/", "schemes": ["https"],
  "paths": {{"/items": {{"get": {{"operationId": "ListItems",
    "responses": {{"200": {{"description": "ok",
      "schema": {{"$ref": "#/definitions/{reference}"}}}}}}}}}}}},
  "definitions": {{"Item Kind": {{"type": "object",
    "properties": {{"id": {{"type": "string"}}}}}}}}}}"##
    )
}

#[test]
fn broken_escapes_in_refs_are_reported_not_panicked_on() {
    for fragment in BROKEN {
        let doc = openapi_doc(fragment);
        let imported = std::panic::catch_unwind(|| openapi::import(doc.as_bytes(), "refs"));
        assert!(imported.is_ok(), "OpenAPI import panicked on `{fragment}`");
        let doc = swagger_doc(fragment);
        let imported =
            std::panic::catch_unwind(|| powerplatform::import(doc.as_bytes(), None, "refs"));
        assert!(imported.is_ok(), "swagger import panicked on `{fragment}`");
    }
}

#[test]
fn escaped_names_resolve_to_their_definition() {
    let imported = openapi::import(openapi_doc("Item%20Kind").as_bytes(), "refs")
        .expect("the document imports");
    // The answer's description is kept as written, so the type sits under `response:`.
    assert!(
        imported.yaml.contains("      type: Item Kind\n"),
        "{}",
        imported.yaml
    );
    let imported = powerplatform::import(swagger_doc("Item%20Kind").as_bytes(), None, "refs")
        .expect("the swagger imports");
    // The faithful import keeps the answer's description, so the type sits under `response:`.
    assert!(
        imported.yaml.contains("      type: Item Kind\n"),
        "{}",
        imported.yaml
    );
}
