//! The written spec stays within a small multiple of the document's size, with and without
//! `--fix`: a named schema on a `$ref` cycle, shared by the answers of many operations, is
//! kept as a reference where it rides along rather than unrolled at every place that uses it.

use codegen::spec::ReadLimits;
use connector_platform::import::{openapi, ImportOptions};
use serde_json::{json, Map, Value};

/// How many schemas lead into each other, and how many operations share the error answer.
const RING: usize = 8;
const OPERATIONS: usize = 40;

/// A document whose error answer (kept beside the modelled one) leads into `RING` schemas
/// that each lead to every other: unrolling them once per use grows with the number of paths
/// through distinct names, not with the document.
fn document() -> Value {
    let mut schemas = Map::new();
    for i in 0..RING {
        let mut properties = Map::new();
        properties.insert("id".into(), json!({ "type": "string" }));
        for j in (0..RING).filter(|j| *j != i) {
            properties.insert(
                format!("to{j}"),
                json!({ "$ref": format!("#/components/schemas/Node{j}") }),
            );
        }
        schemas.insert(
            format!("Node{i}"),
            json!({ "type": "object", "properties": properties }),
        );
    }
    schemas.insert(
        "Error".into(),
        json!({ "type": "object", "properties": {
            "message": { "type": "string" },
            "node": { "$ref": "#/components/schemas/Node0" } } }),
    );
    let mut paths = Map::new();
    for i in 0..OPERATIONS {
        paths.insert(
            format!("/things{i}"),
            json!({ "get": {
                "operationId": format!("GetThings{i}"),
                "summary": format!("Get things {i}"),
                "responses": {
                    "200": { "description": "The node.", "content": { "application/json": {
                        "schema": { "$ref": "#/components/schemas/Node0" } } } },
                    "default": { "description": "An error.", "content": { "application/json": {
                        "schema": { "$ref": "#/components/schemas/Error" } } } } } } }),
        );
    }
    json!({
        "openapi": "3.0.3",
        "info": { "title": "Ring", "version": "1.0", "description": "Schemas leading into each other." },
        "servers": [{ "url": "https://ring.example.com" }],
        "paths": paths,
        "components": { "schemas": schemas },
    })
}

#[test]
fn shared_recursive_schemas_stay_references_with_and_without_fix() {
    let text = serde_json::to_vec_pretty(&document()).unwrap();
    for fix in [false, true] {
        let options = ImportOptions {
            fix,
            ..ImportOptions::default()
        };
        let imported = openapi::import_with(&text, "ring", &options).expect("imports");
        let written = imported.yaml.len();
        assert!(
            written <= 4 * text.len(),
            "fix: {fix}: the spec is {written} bytes for a document of {}",
            text.len()
        );
        let outcome = codegen::check_source("ring.yaml", imported.yaml, &ReadLimits::default());
        let errors: Vec<_> = outcome
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| {
                codegen::diag::render_text(
                    std::slice::from_ref(d),
                    codegen::diag::RenderStyle::plain(),
                )
            })
            .collect();
        assert!(errors.is_empty(), "fix: {fix}: {errors:#?}");
    }
}
