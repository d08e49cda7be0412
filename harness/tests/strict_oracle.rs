//! The strict oracle's handling of `$ref`s, without the corpus: a pair of referenced schemas is
//! compared once, yet every difference inside a shared or recursive schema is still reported
//! with its pointer, and a definition renamed but equal is no difference.

#[path = "support/strict_diff.rs"]
mod strict_diff;

use serde_json::{json, Value};
use strict_diff::{diff_file, Difference, File, Kind};

/// A document whose one operation answers with `schema`, with `schemas` as its components.
fn document(schema: Value, schemas: Value) -> Value {
    json!({
        "openapi": "3.0.3",
        "info": {"title": "T", "version": "1"},
        "paths": {"/nodes": {"get": {
            "operationId": "getNodes",
            "responses": {"200": {"description": "OK", "content": {"application/json": {
                "schema": schema
            }}}}
        }}},
        "components": {"schemas": schemas}
    })
}

fn counted(differences: &[Difference]) -> Vec<(String, Kind, String, String)> {
    differences
        .iter()
        .filter(|d| !d.allowed())
        .map(|d| (d.pointer.clone(), d.kind, d.before.clone(), d.after.clone()))
        .collect()
}

const SCHEMA: &str = "/paths/~1nodes/get/responses/200/content/application~1json/schema";

/// `Node` holds a name and a list of `Node`s.
fn tree(name: &str, name_type: &str) -> Value {
    json!({
        "type": "object",
        "properties": {
            "name": {"type": name_type},
            "children": {"type": "array", "items": {"$ref": format!("#/components/schemas/{name}")}}
        }
    })
}

#[test]
fn a_recursive_definition_renamed_is_no_difference() {
    let original = document(
        json!({"$ref": "#/components/schemas/Node"}),
        json!({"Node": tree("Node", "string")}),
    );
    let renamed = document(
        json!({"$ref": "#/components/schemas/Tree"}),
        json!({"Tree": tree("Tree", "string")}),
    );
    assert_eq!(
        counted(&diff_file(File::OpenApi, &original, &renamed)),
        vec![]
    );
}

#[test]
fn a_recursive_definition_unrolled_once_is_no_difference() {
    let original = document(
        json!({"$ref": "#/components/schemas/Node"}),
        json!({"Node": tree("Node", "string")}),
    );
    let unrolled = document(
        tree("Node", "string"),
        json!({"Node": tree("Node", "string")}),
    );
    assert_eq!(
        counted(&diff_file(File::OpenApi, &original, &unrolled)),
        vec![]
    );
}

#[test]
fn a_difference_inside_a_recursive_definition_is_reported_at_its_pointer() {
    let original = document(
        json!({"$ref": "#/components/schemas/Node"}),
        json!({"Node": tree("Node", "string")}),
    );
    let changed = document(
        json!({"$ref": "#/components/schemas/Tree"}),
        json!({"Tree": tree("Tree", "integer")}),
    );
    // Once where the answer's schema starts, once among the items: a pair met again in the
    // same context (items within items) is not walked again.
    let pointers: Vec<String> = counted(&diff_file(File::OpenApi, &original, &changed))
        .into_iter()
        .map(|(p, kind, before, after)| {
            assert_eq!(
                (kind, before.as_str(), after.as_str()),
                (Kind::Changed, "\"string\"", "\"integer\"")
            );
            p
        })
        .collect();
    assert_eq!(
        pointers,
        [
            format!("{SCHEMA}/properties/name/type"),
            format!("{SCHEMA}/properties/children/items/properties/name/type"),
        ]
    );

    // The same difference one level down an unrolled copy: the walk follows the cycle.
    let mut deep = tree("Node", "string");
    deep["properties"]["children"]["items"] = json!({"$ref": "#/components/schemas/Other"});
    let unrolled = document(deep, json!({"Other": tree("Other", "integer")}));
    assert_eq!(
        counted(&diff_file(File::OpenApi, &original, &unrolled)),
        vec![(
            format!("{SCHEMA}/properties/children/items/properties/name/type"),
            Kind::Changed,
            "\"string\"".into(),
            "\"integer\"".into()
        )]
    );
}

#[test]
fn a_difference_inside_a_shared_definition_is_reported() {
    let shared = |kind: &str| {
        document(
            json!({"type": "object", "properties": {
                "first": {"$ref": "#/components/schemas/Shared"},
                "second": {"$ref": "#/components/schemas/Shared"}
            }}),
            json!({"Shared": {"type": "object", "properties": {"id": {"type": kind}}}}),
        )
    };
    let found = counted(&diff_file(
        File::OpenApi,
        &shared("string"),
        &shared("integer"),
    ));
    assert_eq!(
        found,
        vec![(
            format!("{SCHEMA}/properties/first/properties/id/type"),
            Kind::Changed,
            "\"string\"".into(),
            "\"integer\"".into()
        )]
    );

    // Inlined on one side, each use is its own pair: a change in one use is reported there.
    let mut inlined = shared("string");
    let props = &mut inlined["paths"]["/nodes"]["get"]["responses"]["200"]["content"]
        ["application/json"]["schema"]["properties"];
    props["first"] = json!({"type": "object", "properties": {"id": {"type": "string"}}});
    props["second"] = json!({"type": "object", "properties": {"id": {"type": "boolean"}}});
    assert_eq!(
        counted(&diff_file(File::OpenApi, &shared("string"), &inlined)),
        vec![(
            format!("{SCHEMA}/properties/second/properties/id/type"),
            Kind::Changed,
            "\"string\"".into(),
            "\"boolean\"".into()
        )]
    );
}

/// Keys beside a `$ref` are kept over its target's and compared.
#[test]
fn siblings_of_a_ref_are_compared() {
    let with = |description: &str| {
        document(
            json!({"$ref": "#/components/schemas/Node", "description": description}),
            json!({"Node": tree("Node", "string")}),
        )
    };
    assert_eq!(
        counted(&diff_file(File::OpenApi, &with("a"), &with("b"))),
        vec![(
            format!("{SCHEMA}/description"),
            Kind::Changed,
            "\"a\"".into(),
            "\"b\"".into()
        )]
    );
}

/// A difference the allow-list excuses in one place is still counted where the same pair of
/// values sits under another class.
#[test]
fn a_shared_value_is_compared_again_under_another_class() {
    let with = |parameter: Value| {
        json!({
            "openapi": "3.0.3",
            "paths": {"/a": {"get": {
                "parameters": [{"$ref": "#/components/parameters/Q"}],
                "x-kept": {"$ref": "#/components/parameters/Q"},
                "responses": {"204": {"description": "none"}}
            }}},
            "components": {"parameters": {"Q": parameter}}
        })
    };
    let original = with(json!({"name": "q", "in": "query"}));
    let rebuilt = with(json!({"name": "q", "in": "query", "required": false}));
    let all = diff_file(File::OpenApi, &original, &rebuilt);
    let classes: Vec<(&str, bool)> = all
        .iter()
        .map(|d| (d.class.as_str(), d.allowed()))
        .collect();
    assert_eq!(classes, vec![("required", true), ("x-kept", false)]);
}

/// Each of 64 definitions uses the next one twice: inlined, the document would hold 2^64
/// copies of the last. The oracle compares each pair once and still finds the change at the
/// bottom.
#[test]
fn shared_definitions_cost_one_comparison_each() {
    let chain = |last: &str| {
        let mut schemas = serde_json::Map::new();
        for i in 0..64 {
            let next = json!({"$ref": format!("#/components/schemas/S{}", i + 1)});
            schemas.insert(
                format!("S{i}"),
                json!({"type": "object", "properties": {"left": next, "right": next}}),
            );
        }
        schemas.insert("S64".into(), json!({"type": last}));
        document(
            json!({"$ref": "#/components/schemas/S0"}),
            Value::Object(schemas),
        )
    };
    assert_eq!(
        counted(&diff_file(
            File::OpenApi,
            &chain("string"),
            &chain("string")
        )),
        vec![]
    );
    let found = counted(&diff_file(
        File::OpenApi,
        &chain("string"),
        &chain("integer"),
    ));
    assert_eq!(found.len(), 1);
    assert!(found[0].0.ends_with("/left/type"), "{found:?}");
}

/// A chain of bare `$ref`s that leads back to itself ends, on both sides.
#[test]
fn a_ref_to_itself_ends() {
    let looped = document(
        json!({"$ref": "#/components/schemas/A"}),
        json!({"A": {"$ref": "#/components/schemas/B"}, "B": {"$ref": "#/components/schemas/A"}}),
    );
    assert_eq!(counted(&diff_file(File::OpenApi, &looped, &looped)), vec![]);
}
