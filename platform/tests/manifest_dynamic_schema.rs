//! Dynamic schemas (`dynamic_schema` in a spec) become `x-ms-dynamic-schema` and/or
//! `x-ms-dynamic-properties` on the field's schema, calling the named action with the
//! operation's parameters, and `lint` knows the operations they call.

mod manifest_support;

use connector_platform::emit::powerplatform;
use connector_platform::lint::lint_texts;
use serde_json::{json, Value};

fn swagger() -> Value {
    let connector = manifest_support::test_spec("dynsvc.yaml");
    serde_json::from_str(&powerplatform::emit(&connector).swagger).unwrap()
}

#[test]
fn a_body_field_gets_both_forms() {
    let doc = swagger();
    let op = &doc["paths"]["/tables/{table}/records"]["post"];
    let body = op["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["in"] == "body")
        .expect("a body parameter");
    let values = &body["schema"]["properties"]["values"];
    assert_eq!(
        values["x-ms-dynamic-schema"],
        json!({ "operationId": "GetTableSchema", "parameters": { "table": { "parameter": "table" } }, "value-path": "schema" })
    );
    assert_eq!(
        values["x-ms-dynamic-properties"],
        json!({ "operationId": "GetTableSchema", "parameters": { "table": { "parameterReference": "table" } }, "itemValuePath": "schema" })
    );
    // `form: properties` writes only the newer form; a fixed argument is a value.
    let source = &body["schema"]["properties"]["source"];
    assert!(source.get("x-ms-dynamic-schema").is_none());
    assert_eq!(
        source["x-ms-dynamic-properties"]["parameters"],
        json!({ "table": { "value": "sources" } })
    );
    assert!(op["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p.get("x-ms-dynamic-schema").is_none()));
}

#[test]
fn a_whole_body_and_a_whole_answer_can_be_dynamic() {
    let doc = swagger();
    let op = &doc["paths"]["/tables/{table}/records/{id}"]["put"];
    let body = op["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["in"] == "body")
        .expect("a body parameter");
    assert_eq!(
        body["schema"]["x-ms-dynamic-schema"],
        json!({ "operationId": "GetTableSchema", "parameters": { "table": { "parameter": "table" } }, "value-path": "schema" })
    );
    assert!(body["schema"].get("x-ms-dynamic-properties").is_none());
    let answer = &op["responses"]["200"]["schema"];
    assert!(answer.get("x-ms-dynamic-schema").is_none());
    assert_eq!(
        answer["x-ms-dynamic-properties"]["parameters"],
        json!({ "table": { "parameterReference": "table" } })
    );
}

#[test]
fn a_dynamic_schema_naming_an_unknown_action_is_an_error() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/manifest_specs/dynsvc.yaml");
    let text = std::fs::read_to_string(path).unwrap().replace(
        "dynamic_schema: { action: GetTableSchema, params: { table: \"{table}\" }, path: schema }",
        "dynamic_schema: { action: GetTableSchem, params: { table: \"{table}\" }, path: schema }",
    );
    let outcome = codegen::check_source("dynsvc.yaml", text, &codegen::spec::ReadLimits::default());
    let codes: Vec<&str> = outcome
        .diagnostics
        .iter()
        .map(|d| d.code.as_str())
        .collect();
    assert_eq!(codes, ["C0102"], "{:?}", outcome.diagnostics);
}

#[test]
fn an_answer_field_gets_its_dynamic_schema_too() {
    let doc = swagger();
    let values = &doc["definitions"]["Record"]["properties"]["values"];
    assert_eq!(
        values["x-ms-dynamic-schema"]["operationId"],
        "GetTableSchema"
    );
    assert_eq!(values["x-ms-dynamic-properties"]["itemValuePath"], "schema");
}

#[test]
fn lint_finds_dynamic_schemas_calling_missing_operations() {
    let connector = manifest_support::test_spec("dynsvc.yaml");
    let files = powerplatform::emit(&connector);
    let clean = lint_texts(Some(&files.swagger), Some(&files.properties));
    assert!(clean.is_empty(), "{clean:#?}");
    let mut doc: Value = serde_json::from_str(&files.swagger).unwrap();
    let values = doc
        .pointer_mut("/definitions/Record/properties/values")
        .unwrap();
    values["x-ms-dynamic-schema"]["operationId"] = json!("Missing");
    values["x-ms-dynamic-properties"]["operationId"] = json!("Missing");
    let broken = doc.to_string();
    let findings = lint_texts(Some(&broken), Some(&files.properties));
    let not_found: Vec<&str> = findings
        .iter()
        .filter(|f| f.rule == "OperationIdNotFound")
        .map(|f| f.path.as_str())
        .collect();
    assert!(
        not_found
            .iter()
            .any(|p| p.ends_with("values.x-ms-dynamic-properties.operationId")),
        "{not_found:#?}"
    );
    assert!(not_found
        .iter()
        .any(|p| p.ends_with("values.x-ms-dynamic-schema.operationId")));
}

#[test]
fn the_rust_client_types_dynamic_fields_as_json_objects() {
    use codegen::emit::rust::{emit_module, RustOptions};
    let connector = manifest_support::test_spec("dynsvc.yaml");
    let module = emit_module(&connector, &RustOptions::default()).expect("emits");
    // The escape hatch: a JSON object, read and written with `runtime::dynamic`.
    let compact: String = module.split_whitespace().collect();
    let fields: Vec<&str> = compact
        .match_indices("pubvalues:")
        .map(|(at, _)| &compact[at..(at + 160).min(compact.len())])
        .collect();
    assert_eq!(fields.len(), 2, "{module}");
    for field in fields {
        let ty = field.split(',').next().unwrap();
        assert!(
            ty.contains("serde_json::Map<::std::string::String")
                || ty.contains("serde_json::Map<String"),
            "{field}"
        );
    }
}
