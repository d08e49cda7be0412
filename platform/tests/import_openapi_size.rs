//! The written spec stays within a small multiple of the document's size, with and without
//! `--fix`: a named schema on a `$ref` cycle, shared by the answers of many operations, is
//! kept as a reference where it rides along rather than unrolled at every place that uses it;
//! and a schema shared along many paths without a cycle is written once per copy.

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
    small_and_clean(&document(), "ring", 4);
}

/// How many levels of schemas use the next level twice.
const LEVELS: usize = 12;

/// A document whose error answer leads into `LEVELS` schemas, each using the next one twice:
/// no cycle, but 2^`LEVELS` paths to the last one.
fn tree_document() -> Value {
    let mut schemas = Map::new();
    for i in 0..LEVELS {
        let next = json!({ "$ref": format!("#/components/schemas/Level{}", i + 1) });
        schemas.insert(
            format!("Level{i}"),
            json!({ "type": "object", "properties": {
                "name": { "type": "string" }, "left": next.clone(), "right": next } }),
        );
    }
    schemas.insert(
        format!("Level{LEVELS}"),
        json!({ "type": "object", "properties": { "leaf": { "type": "string" } } }),
    );
    let mut paths = Map::new();
    for i in 0..OPERATIONS {
        paths.insert(
            format!("/trees{i}"),
            json!({ "get": {
                "operationId": format!("GetTree{i}"),
                "summary": format!("Get tree {i}"),
                "responses": {
                    "200": { "description": "A leaf.", "content": { "application/json": {
                        "schema": { "$ref": format!("#/components/schemas/Level{LEVELS}") } } } },
                    "default": { "description": "An error.", "content": { "application/json": {
                        "schema": { "$ref": "#/components/schemas/Level0" } } } } } } }),
        );
    }
    json!({
        "openapi": "3.0.3",
        "info": { "title": "Trees", "version": "1.0", "description": "Schemas shared along many paths." },
        "servers": [{ "url": "https://trees.example.com" }],
        "paths": paths,
        "components": { "schemas": schemas },
    })
}

#[test]
fn schemas_shared_along_many_paths_are_written_once_per_copy() {
    // Each copy writes every level once, nested twelve deep: its indentation alone is several
    // times the document's bytes. Unrolled along every path it was 1,500 times the document.
    small_and_clean(&tree_document(), "trees", 10);
}

/// Imports `document` with and without `--fix`: the spec is at most `factor` times the
/// document and checks with no error.
fn small_and_clean(document: &Value, name: &str, factor: usize) {
    let text = serde_json::to_vec_pretty(document).unwrap();
    for fix in [false, true] {
        let options = ImportOptions {
            fix,
            ..ImportOptions::default()
        };
        let imported = openapi::import_with(&text, name, &options).expect("imports");
        let written = imported.yaml.len();
        assert!(
            written <= factor * text.len(),
            "fix: {fix}: the spec is {written} bytes for a document of {}",
            text.len()
        );
        let outcome = codegen::check_source(
            format!("{name}.yaml"),
            imported.yaml,
            &ReadLimits::default(),
        );
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
