//! `openapi.yaml` parses back with `openapiv3` and says what the spec says.

mod manifest_support;

use codegen::ir::Connector;
use connector_platform::emit::openapi;
use openapiv3::{OpenAPI, ReferenceOr};

fn round_trip(connector: &Connector) -> OpenAPI {
    let yaml = openapi::to_yaml(connector);
    let value: serde_json::Value = serde_saphyr::from_str(&yaml)
        .unwrap_or_else(|e| panic!("{}: openapi.yaml is not YAML: {e}\n{yaml}", connector.id));
    serde_json::from_value(value)
        .unwrap_or_else(|e| panic!("{}: not an OpenAPI 3.0 document: {e}", connector.id))
}

#[test]
fn the_feature_spec_round_trips() {
    let connector = manifest_support::test_spec("acme.yaml");
    let doc = round_trip(&connector);
    assert_eq!(doc, openapi::document(&connector));
    assert_eq!(doc.openapi, "3.0.3");
    assert_eq!(doc.servers[0].url, "https://{region}.acme.test/api");
    assert!(doc.servers[0]
        .variables
        .as_ref()
        .unwrap()
        .contains_key("region"));
    let ids: Vec<&str> = doc
        .operations()
        .filter_map(|(_, _, op)| op.operation_id.as_deref())
        .collect();
    for id in [
        "ListItems",
        "ListFolders",
        "GetItem",
        "UploadFile",
        "OnItemEvent",
    ] {
        assert!(ids.contains(&id), "{id} missing from {ids:?}");
    }
    let hook = doc
        .operations()
        .find(|(_, _, op)| op.operation_id.as_deref() == Some("OnItemEvent"))
        .unwrap()
        .2;
    assert!(hook.callbacks["OnItemEvent"].contains_key("{$request.body#/url}"));
    let components = doc.components.as_ref().unwrap();
    assert!(matches!(components.schemas["Item"], ReferenceOr::Item(_)));
    assert!(components.security_schemes.contains_key("auth"));
    assert!(doc.extensions.contains_key("x-polling-triggers"));
}

#[test]
fn every_seed_connector_round_trips() {
    for connector in manifest_support::clean_connectors() {
        let doc = round_trip(&connector);
        assert_eq!(doc, openapi::document(&connector), "{}", connector.id);
        let operations = doc.operations().count();
        assert!(operations > 0, "{} has no operations", connector.id);
    }
}
