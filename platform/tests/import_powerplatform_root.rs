//! The Power Platform importer on the roots of a connector's two files: the swagger's `info`,
//! `host`, `schemes`, security definitions and metadata list, and `apiProperties.json`'s
//! connection parameters, OAuth settings and policies. Without `--fix` an import builds back to
//! what the original writes; with `--fix` the repairs the importer knows are made, and each is a
//! warning at its pointer in both modes.

use codegen::spec::ReadLimits;
use connector_platform::import::{powerplatform, ImportOptions};
use serde_json::{json, Value};

/// A connector whose roots are written the way many real ones are: a description over several
/// lines, a host a policy replaces, two schemes, an OAuth definition under its own name with a
/// description, metadata names in another case, a policy titled in the author's words, a blank
/// client id and no redirect URL.
fn swagger() -> Value {
    json!({
        "swagger": "2.0",
        "info": {"title": "Field Notes", "version": "1.0",
                 "description": "Keeps field notes.\nOne line per note."},
        "host": "example.invalid",
        "basePath": "/api",
        "schemes": ["https", "http"],
        "externalDocs": {"url": "https://notes.example/docs"},
        "securityDefinitions": {"oauth2-notes": {
            "type": "oauth2", "flow": "accessCode",
            "authorizationUrl": "https://login.notes.example/authorize",
            "tokenUrl": "https://login.notes.example/token",
            "scopes": {"notes.read": "Read the notes"},
            "description": "Sign in to Field Notes"}},
        "security": [{"oauth2-notes": ["notes.read"]}],
        "x-ms-connector-metadata": [
            {"propertyName": "Categories", "propertyValue": "Productivity; Data"},
            {"propertyName": "WebSite", "propertyValue": "https://notes.example"},
            {"propertyName": "Privacy Policy", "propertyValue": "https://notes.example/privacy"}
        ],
        "paths": {"/notes": {"get": {"operationId": "ListNotes", "summary": "List notes",
            "security": [{"oauth2-notes": ["notes.read"]}],
            "responses": {"200": {"description": "OK"}}}}}
    })
}

fn properties() -> Value {
    json!({"properties": {
        "connectionParameters": {
            "token": {"type": "oauthSetting", "oAuthSettings": {
                "identityProvider": "oauth2", "clientId": "", "scopes": ["notes.read"],
                "redirectMode": "GlobalPerConnector",
                "customParameters": {
                    "AuthorizationUrl": {"value": "https://login.notes.example/authorize"},
                    "TokenUrl": {"value": "https://login.notes.example/token"},
                    "RefreshUrl": {"value": "https://login.notes.example/refresh"}}}},
            "site": {"type": "string", "uiDefinition": {"displayName": "Site",
                "description": "Your site", "tooltip": "Your site",
                "constraints": {"required": "true", "allowedValues": [
                    {"text": "Europe", "value": "eu.notes.example"},
                    {"text": "America", "value": "us.notes.example"}]}}}
        },
        "iconBrandColor": "#123456",
        "capabilities": ["actions"],
        "publisher": "Field Notes Ltd",
        "scriptOperations": [],
        "policyTemplateInstances": [
            {"templateId": "dynamicHostUrl", "title": "Route to your site",
             "parameters": {"x-ms-apimTemplateParameter.urlTemplate": "https://@connectionParameters('site')/api"}},
            {"templateId": "setheader", "title": "Client header",
             "parameters": {"x-ms-apimTemplateParameter.name": "X-Client",
                            "x-ms-apimTemplateParameter.value": "notes",
                            "x-ms-apimTemplateParameter.existsAction": "override",
                            "x-ms-apimTemplate-policySection": "Request"}}
        ]
    }})
}

/// The pointers the round trip must give back as written, in the swagger and in the
/// properties file.
const SWAGGER_KEPT: &[&str] = &[
    "/info/description",
    "/host",
    "/schemes",
    "/externalDocs",
    "/securityDefinitions",
    "/security",
    "/x-ms-connector-metadata",
    "/paths/~1notes/get/security",
];
const PROPERTIES_KEPT: &[&str] = &[
    "/properties/connectionParameters",
    "/properties/policyTemplateInstances",
    "/properties/scriptOperations",
    "/properties/stackOwner",
];

struct Built {
    swagger: Value,
    properties: Value,
    warnings: Vec<(String, String)>,
}

fn build(swagger: &Value, properties: &Value, fix: bool) -> Built {
    let options = ImportOptions {
        fix,
        ..Default::default()
    };
    let imported = powerplatform::import_with(
        swagger.to_string().as_bytes(),
        Some(properties.to_string().as_bytes()),
        "Field_Notes",
        &options,
    )
    .expect("imports");
    let warnings = imported
        .warnings
        .iter()
        .map(|w| (w.pointer.clone(), w.message.clone()))
        .collect();
    let outcome = codegen::check_source("field_notes.yaml", imported.yaml, &ReadLimits::default());
    let errors: Vec<_> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let connector = outcome.connector.expect("checks");
    let files = connector_platform::emit::powerplatform::emit(&connector);
    Built {
        swagger: serde_json::from_str(&files.swagger).expect("JSON"),
        properties: serde_json::from_str(&files.properties).expect("JSON"),
        warnings,
    }
}

#[test]
fn roots_come_back_as_written_without_fix() {
    let (swagger, properties) = (swagger(), properties());
    let built = build(&swagger, &properties, false);
    for pointer in SWAGGER_KEPT {
        let (a, b) = (swagger.pointer(pointer), built.swagger.pointer(pointer));
        assert!(a == b, "swagger {pointer}: {a:?} → {b:?}");
    }
    for pointer in PROPERTIES_KEPT {
        let (a, b) = (
            properties.pointer(pointer),
            built.properties.pointer(pointer),
        );
        assert!(a == b, "properties {pointer}: {a:?} → {b:?}");
    }
}

#[test]
fn fix_repairs_the_roots_and_names_each_repair() {
    let built = build(&swagger(), &properties(), true);
    let s = &built.swagger;
    assert_eq!(
        s.pointer("/info/description"),
        Some(&json!("Keeps field notes. One line per note."))
    );
    assert!(s.pointer("/securityDefinitions/oauth2_auth").is_some());
    assert_eq!(
        s.pointer("/security"),
        Some(&json!([{"oauth2_auth": ["notes.read"]}]))
    );
    // The operation's own requirement names the definition the swagger now has.
    assert_eq!(
        s.pointer("/paths/~1notes/get/security"),
        Some(&json!([{"oauth2_auth": ["notes.read"]}]))
    );
    assert!(built
        .warnings
        .iter()
        .any(|(p, m)| p == "/paths/~1notes/get/security" && m.contains("(`--fix`)")));
    assert_eq!(
        s.pointer("/x-ms-connector-metadata/0"),
        Some(&json!({"propertyName": "Website", "propertyValue": "https://notes.example"}))
    );
    let p = &built.properties;
    let settings = "/properties/connectionParameters/token/oAuthSettings";
    assert_eq!(
        p.pointer(&format!("{settings}/clientId")),
        Some(&json!("YOUR_CLIENT_ID"))
    );
    assert!(p.pointer(&format!("{settings}/redirectUrl")).is_some());
    assert_eq!(
        p.pointer("/properties/policyTemplateInstances/0/title"),
        Some(&json!("Set the host URL"))
    );
}

/// Every finding is a warning at its pointer in both modes; only the words differ.
#[test]
fn each_finding_is_a_warning_with_its_pointer_in_both_modes() {
    let settings = "apiProperties.json#/properties/connectionParameters/token/oAuthSettings";
    let expected = [
        "/info/description".to_owned(),
        "/securityDefinitions".to_owned(),
        "/security".to_owned(),
        "/x-ms-connector-metadata".to_owned(),
        format!("{settings}/clientId"),
        settings.to_owned(),
        "apiProperties.json#/properties/policyTemplateInstances/0".to_owned(),
    ];
    for fix in [false, true] {
        let built = build(&swagger(), &properties(), fix);
        for pointer in &expected {
            let found = built.warnings.iter().find(|(p, _)| p == pointer);
            let Some((_, message)) = found else {
                panic!("fix={fix}: no warning at {pointer}: {:#?}", built.warnings);
            };
            let said = if fix { "(`--fix`)" } else { "kept as written" };
            assert!(message.contains(said), "fix={fix}: {pointer}: {message}");
        }
    }
}

/// What the spec says wins over what was kept: changed metadata is written in the platform's
/// form, not the kept list; a retitled policy keeps its new title (the host policy, which the
/// spec does not title, keeps the title as written); changed scopes give the derived security
/// definitions.
#[test]
fn kept_forms_give_way_to_spec_edits() {
    let imported = powerplatform::import(
        swagger().to_string().as_bytes(),
        Some(properties().to_string().as_bytes()),
        "Field_Notes",
    )
    .expect("imports");
    // The metadata's own line, not the kept list's entry.
    let edited: String = imported
        .yaml
        .lines()
        .map(|line| match line.split_once("privacy_policy: ") {
            Some((indent, _)) => {
                format!("{indent}privacy_policy: https://notes.example/privacy-2\n")
            }
            None => format!("{line}\n"),
        })
        .collect::<String>()
        // The spec's own policy comes before the kept presentation of the policies.
        .replacen("title: Client header", "title: Client header 2", 1)
        // The authentication's scope, before the kept definitions.
        .replacen("notes.read", "notes.write", 1);
    assert_ne!(edited, imported.yaml);
    let outcome = codegen::check_source("field_notes.yaml", edited, &ReadLimits::default());
    let connector = outcome.connector.expect("checks");
    let files = connector_platform::emit::powerplatform::emit(&connector);
    let swagger: Value = serde_json::from_str(&files.swagger).expect("JSON");
    assert_eq!(
        swagger.pointer("/x-ms-connector-metadata/1"),
        Some(
            &json!({"propertyName": "Privacy policy", "propertyValue": "https://notes.example/privacy-2"})
        )
    );
    let properties: Value = serde_json::from_str(&files.properties).expect("JSON");
    let titles: Vec<&Value> = properties
        .pointer("/properties/policyTemplateInstances")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|p| p.get("title"))
        .collect();
    assert_eq!(
        titles,
        [&json!("Route to your site"), &json!("Client header 2")]
    );
    assert_eq!(
        swagger.pointer("/securityDefinitions/oauth2_auth/scopes"),
        Some(&json!({"notes.write": "notes.write"}))
    );
}

/// An API key declared only as a security definition: the platform makes the `api_key`
/// connection parameter itself, so the rebuilt files declare none and keep the definition; with
/// `--fix` the parameter is declared.
#[test]
fn an_api_key_definition_alone_stays_alone() {
    let swagger = json!({
        "swagger": "2.0",
        "info": {"title": "Key Only", "version": "1.0", "description": "Answers with a key."},
        "host": "api.keyonly.example",
        "schemes": ["https"],
        "securityDefinitions": {"API Key": {"type": "apiKey", "in": "header", "name": "client_secret"}},
        "security": [{"API Key": []}],
        "paths": {"/ping": {"get": {"operationId": "Ping", "summary": "Ping",
            "responses": {"200": {"description": "OK"}}}}}
    });
    let properties = json!({"properties": {"connectionParameters": {},
        "iconBrandColor": "#123456", "capabilities": [], "publisher": "Key Only"}});
    let built = build(&swagger, &properties, false);
    assert_eq!(
        built.swagger.get("securityDefinitions"),
        swagger.get("securityDefinitions")
    );
    let params = built.properties.pointer("/properties/connectionParameters");
    assert!(params.is_none() || params == Some(&json!({})), "{params:?}");
    assert!(built
        .properties
        .pointer("/properties/policyTemplateInstances")
        .is_none());
    let fixed = build(&swagger, &properties, true);
    assert!(fixed
        .properties
        .pointer("/properties/connectionParameters/api_key")
        .is_some());
    for (b, said) in [(&built, "kept as written"), (&fixed, "(`--fix`)")] {
        let warning = b
            .warnings
            .iter()
            .find(|(p, _)| p == "apiProperties.json#/properties/connectionParameters");
        assert!(
            warning.is_some_and(|(_, m)| m.contains(said)),
            "{:#?}",
            b.warnings
        );
    }
}
