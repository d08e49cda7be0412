//! Schemas that extend one another through `allOf` keep every inherited property, however long
//! the chain (the importer once stopped merging 16 levels down and said nothing), and a chain
//! that cannot be merged (a cycle) is reported, not silently cut.

use codegen::ir::Type;
use connector_platform::import::openapi;
use serde_json::{json, Value};

/// `A0` with one property, each `A{i}` extending `A{i-1}` with `f{i}`; listed from `first`
/// on, so both orders of reading are tried.
fn chain(n: usize, reversed: bool) -> Value {
    let mut schemas = serde_json::Map::new();
    let mut order: Vec<usize> = (0..n).collect();
    if reversed {
        order.reverse();
    }
    for i in order {
        let own =
            json!({ "type": "object", "properties": { format!("f{i}"): { "type": "string" } } });
        let schema = if i == 0 {
            own
        } else {
            json!({ "allOf": [ { "$ref": format!("#/components/schemas/A{}", i - 1) }, own ] })
        };
        schemas.insert(format!("A{i}"), schema);
    }
    document(Value::Object(schemas), &format!("A{}", n - 1))
}

/// A document of `schemas` whose one operation answers the schema called `answer`.
fn document(schemas: Value, answer: &str) -> Value {
    json!({
        "openapi": "3.0.3",
        "info": { "title": "Chain", "version": "1" },
        "servers": [ { "url": "https://api.example.com" } ],
        "paths": { "/a": { "get": {
            "operationId": "GetA",
            "summary": "Get",
            "responses": { "200": { "description": "ok", "content": { "application/json": {
                "schema": { "$ref": format!("#/components/schemas/{answer}") } } } } }
        } } },
        "components": { "schemas": schemas }
    })
}

fn field_names(doc: &Value, object: &str) -> Vec<String> {
    let imported = openapi::import(doc.to_string().as_bytes(), "chain.json").expect("imports");
    let outcome = codegen::check_source("chain.yaml", imported.yaml, &Default::default());
    let connector = outcome.connector.unwrap_or_else(|| {
        panic!(
            "the imported spec checks: {:?}",
            outcome.diagnostics.first().map(|d| &d.message)
        )
    });
    let named = connector.object(object).expect("the object is there");
    let Type::Object(shape) = connector.resolve(&named.ty) else {
        panic!("{object} is an object");
    };
    shape.fields.iter().map(|f| f.wire_name.clone()).collect()
}

#[test]
fn every_schema_of_a_long_allof_chain_keeps_every_inherited_property() {
    for reversed in [false, true] {
        let doc = chain(60, reversed);
        for i in [0, 15, 16, 17, 40, 59] {
            let mut names = field_names(&doc, &format!("A{i}"));
            names.sort_by_key(|n| n[1..].parse::<usize>().expect("f<number>"));
            let expected: Vec<String> = (0..=i).map(|k| format!("f{k}")).collect();
            assert_eq!(names, expected, "A{i}, reversed: {reversed}");
        }
    }
}

#[test]
fn an_allof_cycle_is_reported() {
    let schemas = json!({
        "A": { "allOf": [ { "$ref": "#/components/schemas/B" },
                          { "type": "object", "properties": { "a": { "type": "string" } } } ] },
        "B": { "allOf": [ { "$ref": "#/components/schemas/A" },
                          { "type": "object", "properties": { "b": { "type": "string" } } } ] }
    });
    let doc = document(schemas, "A");
    let imported = openapi::import(doc.to_string().as_bytes(), "cycle.json").expect("imports");
    let warnings: Vec<String> = imported.warnings.iter().map(ToString::to_string).collect();
    assert!(
        warnings.iter().any(|w| w.contains("not merged")),
        "{warnings:#?}"
    );
}
