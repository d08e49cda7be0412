//! Every generated manifest validates against the platform's own JSON Schemas.

mod manifest_support;

use connector_platform::emit::powerplatform;
use serde_json::{json, Value};

fn validator(schema: &Value) -> jsonschema::Validator {
    jsonschema::options()
        .build(schema)
        .expect("the platform schema compiles")
}

/// The properties schema, extended by exactly the two keys paconn and real connectors use.
fn properties_schema() -> Option<Value> {
    let mut schema = manifest_support::platform_schema("paconn-apiProperties.schema.json")?;
    let props = schema
        .pointer_mut("/properties/properties/properties")
        .and_then(Value::as_object_mut)
        .expect("properties.properties");
    props.insert(
        "scriptOperations".into(),
        json!({ "type": "array", "items": { "type": "string" } }),
    );
    props.insert(
        "connectionParameterSets".into(),
        json!({ "type": "object" }),
    );
    Some(schema)
}

fn errors(validator: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    validator
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect()
}

fn check_folder(
    name: &str,
    swagger: &str,
    properties: &str,
    sv: &jsonschema::Validator,
    pv: &jsonschema::Validator,
) -> Vec<String> {
    let mut problems = Vec::new();
    let s: Value = serde_json::from_str(swagger).expect("swagger is JSON");
    let p: Value = serde_json::from_str(properties).expect("properties are JSON");
    for e in errors(sv, &s) {
        problems.push(format!("{name}/apiDefinition.swagger.json: {e}"));
    }
    for e in errors(pv, &p) {
        problems.push(format!("{name}/apiProperties.json: {e}"));
    }
    problems
}

#[test]
fn emitted_manifests_match_the_platform_schemas() {
    let (Some(swagger_schema), Some(props_schema)) = (
        manifest_support::platform_schema("apiDefinition.swagger.schema.json"),
        properties_schema(),
    ) else {
        return;
    };
    let sv = validator(&swagger_schema);
    let pv = validator(&props_schema);
    let mut problems = Vec::new();
    let mut connectors = manifest_support::clean_connectors();
    connectors.push(manifest_support::test_spec("acme.yaml"));
    connectors.push(manifest_support::test_spec("xmlsvc.yaml"));
    connectors.push(manifest_support::test_spec("loginsvc.yaml"));
    connectors.push(manifest_support::test_spec("dynsvc.yaml"));
    for connector in connectors {
        let files = powerplatform::emit(&connector);
        problems.extend(check_folder(
            &connector.id,
            &files.swagger,
            &files.properties,
            &sv,
            &pv,
        ));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn checked_in_generated_folders_match_the_platform_schemas() {
    let (Some(swagger_schema), Some(props_schema)) = (
        manifest_support::platform_schema("apiDefinition.swagger.schema.json"),
        properties_schema(),
    ) else {
        return;
    };
    let sv = validator(&swagger_schema);
    let pv = validator(&props_schema);
    let generated = manifest_support::workspace().join("generated");
    let Ok(entries) = std::fs::read_dir(&generated) else {
        println!("skipped: {} is absent", generated.display());
        return;
    };
    let mut problems = Vec::new();
    let mut dirs: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    dirs.sort();
    for dir in dirs.into_iter().filter(|d| d.is_dir()) {
        let read = |f: &str| std::fs::read_to_string(dir.join(f)).unwrap_or_default();
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        problems.extend(check_folder(
            &name,
            &read(powerplatform::SWAGGER_FILE),
            &read(powerplatform::PROPERTIES_FILE),
            &sv,
            &pv,
        ));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_schemas_reject_broken_manifests() {
    let (Some(swagger_schema), Some(props_schema)) = (
        manifest_support::platform_schema("apiDefinition.swagger.schema.json"),
        properties_schema(),
    ) else {
        return;
    };
    let sv = validator(&swagger_schema);
    let pv = validator(&props_schema);
    let swagger = json!({
        "swagger": "2.0",
        "info": { "title": "T", "version": "1" },
        "paths": { "/a/{id}": { "get": {
            "operationId": "A",
            "parameters": [{ "name": "id", "in": "path", "required": false, "type": "string" }],
            "responses": { "200": { "description": "ok" } },
            "x-ms-trigger": "sometimes"
        } } }
    });
    assert!(
        errors(&sv, &swagger).len() >= 2,
        "{:?}",
        errors(&sv, &swagger)
    );
    let props = json!({ "properties": { "iconBrandColor": "#000000", "unknownKey": 1 } });
    assert!(!errors(&pv, &props).is_empty());
    let allowed = json!({ "properties": {
        "iconBrandColor": "#000000",
        "scriptOperations": ["A"],
        "connectionParameterSets": {}
    } });
    assert!(
        errors(&pv, &allowed).is_empty(),
        "{:?}",
        errors(&pv, &allowed)
    );
}
