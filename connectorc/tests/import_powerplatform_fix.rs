//! `connectorc import FOLDER` on a Power Platform connector, as a user runs it: without `--fix`
//! what the original writes is kept (each finding a warning naming its pointer); with `--fix`
//! the repairs are made and named the same way.

use std::path::PathBuf;
use std::process::{Command, Output};

const SWAGGER: &str = r#"{
  "swagger": "2.0",
  "info": {"title": "Field Notes", "version": "1.0", "description": "Keeps field notes."},
  "host": "api.notes.example",
  "schemes": ["https"],
  "securityDefinitions": {"oauth2": {"type": "oauth2", "flow": "accessCode",
    "authorizationUrl": "https://login.notes.example/authorize",
    "tokenUrl": "https://login.notes.example/token", "scopes": {}}},
  "x-ms-connector-metadata": [
    {"propertyName": "Website", "propertyValue": "https://notes.example"},
    {"propertyName": "Privacy Policy", "propertyValue": "https://notes.example/privacy"}
  ],
  "paths": {"/notes": {"get": {"operationId": "ListNotes", "summary": "List notes",
    "responses": {"200": {"description": "OK"}}}}}
}"#;

const PROPERTIES: &str = r##"{"properties": {
  "connectionParameters": {"token": {"type": "oauthSetting", "oAuthSettings": {
    "identityProvider": "oauth2", "clientId": "", "scopes": [],
    "redirectMode": "Global", "redirectUrl": "https://global.consent.azure-apim.net/redirect",
    "properties": {"IsFirstParty": "False"},
    "customParameters": {
      "authorizationUrl": {"value": "https://login.notes.example/authorize"},
      "tokenUrl": {"value": "https://login.notes.example/token"},
      "refreshUrl": {"value": "https://login.notes.example/token"}}}}},
  "iconBrandColor": "#123456", "capabilities": ["actions"], "publisher": "Field Notes Ltd",
  "stackOwner": "Field Notes Ltd"
}}"##;

#[path = "support/scratch.rs"]
mod scratch;

fn import(fix: bool) -> (Output, String) {
    let dir = scratch::Scratch::new(&format!("import-pp-fix-{fix}"));
    let folder = dir.join("Field_Notes");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("apiDefinition.swagger.json"), SWAGGER).unwrap();
    std::fs::write(folder.join("apiProperties.json"), PROPERTIES).unwrap();
    let spec: PathBuf = dir.join("field_notes.yaml");
    let mut command = Command::new(env!("CARGO_BIN_EXE_connectorc"));
    command
        .arg("import")
        .arg(&folder)
        .arg("-o")
        .arg(&spec)
        .arg("--check");
    if fix {
        command.arg("--fix");
    }
    let output = command.output().unwrap();
    let yaml = std::fs::read_to_string(&spec).unwrap_or_default();
    (output, yaml)
}

#[test]
fn fix_makes_the_repairs_and_both_modes_name_them() {
    let (plain, yaml) = import(false);
    let stderr = String::from_utf8_lossy(&plain.stderr);
    assert!(plain.status.success(), "{stderr}");
    for pointer in [
        "/securityDefinitions",
        "/x-ms-connector-metadata",
        "apiProperties.json#/properties/connectionParameters/token/oAuthSettings/clientId",
    ] {
        let line = stderr.lines().find(|l| l.contains(pointer));
        assert!(
            line.is_some_and(|l| l.contains("kept as written")),
            "{pointer}: {stderr}"
        );
    }
    assert!(yaml.contains("connector_metadata"), "{yaml}");
    assert!(yaml.contains("security_definitions"), "{yaml}");

    let (fixed, yaml) = import(true);
    let stderr = String::from_utf8_lossy(&fixed.stderr);
    assert!(fixed.status.success(), "{stderr}");
    for pointer in [
        "/securityDefinitions",
        "/x-ms-connector-metadata",
        "apiProperties.json#/properties/connectionParameters/token/oAuthSettings/clientId",
    ] {
        let line = stderr.lines().find(|l| l.contains(pointer));
        assert!(
            line.is_some_and(|l| l.contains("(`--fix`)")),
            "{pointer}: {stderr}"
        );
    }
    assert!(!yaml.contains("connector_metadata"), "{yaml}");
    assert!(!yaml.contains("security_definitions"), "{yaml}");
}
