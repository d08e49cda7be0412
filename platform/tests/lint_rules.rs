//! `connectorc lint` rules on small hand-written documents.

use connector_platform::lint::{lint_texts, Finding, Severity, RULES};
use serde_json::{json, Value};

fn lint(swagger: &Value, properties: Option<&Value>) -> Vec<Finding> {
    let s = swagger.to_string();
    let p = properties.map(Value::to_string);
    lint_texts(Some(&s), p.as_deref())
}

fn rules(findings: &[Finding]) -> Vec<&'static str> {
    let mut r: Vec<&str> = findings.iter().map(|f| f.rule).collect();
    r.sort();
    r.dedup();
    r
}

fn base() -> Value {
    json!({
        "swagger": "2.0",
        "info": { "title": "Good", "description": "A connector description that is long enough.", "version": "1.0" },
        "host": "api.example.com",
        "basePath": "/",
        "schemes": ["https"],
        "consumes": ["application/json"],
        "produces": ["application/json"],
        "paths": {},
        "definitions": {},
        "x-ms-connector-metadata": [
            { "propertyName": "Website", "propertyValue": "https://example.com" },
            { "propertyName": "Privacy policy", "propertyValue": "https://example.com/p" },
            { "propertyName": "Categories", "propertyValue": "Productivity" }
        ]
    })
}

#[test]
fn there_are_at_least_25_rules_with_unique_names() {
    assert!(RULES.len() >= 25, "{}", RULES.len());
    let mut names: Vec<&str> = RULES.iter().map(|r| r.name).collect();
    names.sort();
    let before = names.len();
    names.dedup();
    assert_eq!(before, names.len());
}

#[test]
fn a_clean_document_has_no_findings() {
    let mut doc = base();
    doc["paths"] = json!({ "/items/{id}": { "get": {
        "summary": "Get item",
        "operationId": "GetItem",
        "parameters": [{ "name": "id", "in": "path", "required": true, "type": "string",
                         "x-ms-summary": "Item id", "x-ms-url-encoding": "single" }],
        "responses": { "200": { "description": "ok", "schema": { "type": "object" } } }
    } } });
    let props =
        json!({ "properties": { "iconBrandColor": "#112233", "connectionParameters": {} } });
    let findings = lint(&doc, Some(&props));
    assert!(findings.is_empty(), "{findings:#?}");
}

#[test]
fn operation_rules_fire_with_json_paths() {
    let mut doc = base();
    doc["paths"] = json!({
        "/a/{x}": { "get": {
            "summary": "A very long summary that goes on and on past the eighty characters the platform allows.",
            "operationId": "get-a",
            "parameters": [
                { "name": "x", "in": "path", "type": "string", "x-ms-summary": "X" },
                { "name": "q", "in": "query", "type": "string", "x-ms-url-encoding": "single" },
                { "name": "b", "in": "body", "schema": { "type": "object" } }
            ],
            "responses": { "200": { "description": "ok" } },
            "x-ms-pageable": { "nextLinkName": "next" }
        } },
        "/a/{y}": { "get": {
            "summary": "Again.",
            "operationId": "get-a",
            "parameters": [{ "name": "y", "in": "path", "required": true, "type": "string",
                             "x-ms-summary": "Y", "x-ms-url-encoding": "single" }],
            "responses": { "500": { "description": "no" } }
        } }
    });
    let findings = lint(&doc, None);
    let found = rules(&findings);
    for rule in [
        "OperationIdNotUnique",
        "OperationIdSanitized",
        "OperationSummaryTooLong",
        "ValueMustEndWithAlphanumeric",
        "PathParameterMustBeRequired",
        "PathParameterMissingEncoding",
        "QueryParameterEncodingNotSupported",
        "ParameterSummaryMissing",
        "BodyOrFormDataParameterInFetchOperationNotAllowed",
        "InvalidNextLinkNameValue",
        "SchemaDefinitionSetIncorrectly",
        "OperationShouldHaveSuccessfulResponse",
        "DuplicateOperationPath",
    ] {
        assert!(found.contains(&rule), "{rule} not in {found:?}");
    }
    let unique = findings
        .iter()
        .find(|f| f.rule == "OperationIdNotUnique")
        .unwrap();
    assert_eq!(unique.path, "$.paths['/a/{x}'].get.operationId");
    assert_eq!(unique.severity, Severity::Error);
    let encoding = findings
        .iter()
        .find(|f| f.rule == "PathParameterMissingEncoding")
        .unwrap();
    assert_eq!(encoding.path, "$.paths['/a/{x}'].get.parameters[0]");
}

#[test]
fn document_and_schema_rules_fire() {
    let mut doc = base();
    doc["info"]["title"] = json!("The Very Best Example API Connector Ever");
    doc["host"] = json!("https://api.example.com/v1");
    doc["x-ms-connector-metadata"] = json!([
        { "propertyName": "Categories", "propertyValue": "Gardening" }
    ]);
    doc["definitions"] = json!({
        "A": { "type": "object", "required": ["missing"], "properties": { "list": { "type": "array" } } },
        "B": { "$ref": "#/definitions/Nope", "description": "beside" },
        "C": { "type": "string", "format": "sometimes", "enum": [] }
    });
    doc["security"] = json!([{ "undefined_scheme": [] }]);
    let found = rules(&lint(&doc, None));
    for rule in [
        "FieldLengthExceeded",
        "ValueContainsRestrictedWords",
        "HostNameNotValid",
        "ConnectorMetadataPropertiesMissing",
        "InvalidConnectorCategory",
        "RequiredPropertyDefinitionMissing",
        "ArrayHasNoItems",
        "SchemaReferenceNotFound",
        "AdditionalPropertyNotAllowedAdjacentToRef",
        "UnrecognizedTypeFormat",
        "EnumMustContainAtLeastOneElement",
        "SecurityRequirementMustBeDefined",
    ] {
        assert!(found.contains(&rule), "{rule} not in {found:?}");
    }
}

#[test]
fn webhook_and_properties_rules_fire() {
    let mut doc = base();
    doc["paths"] = json!({ "/hooks": { "post": {
        "summary": "When something happens",
        "operationId": "OnThing",
        "parameters": [{ "name": "body", "in": "body", "required": true, "x-ms-summary": "Body",
            "schema": { "type": "object", "properties": { "url": { "type": "integer", "x-ms-notification-url": true } } } }],
        "responses": { "201": { "description": "ok" } },
        "x-ms-trigger": "single"
    } } });
    let props = json!({ "properties": {
        "iconBrandColor": "blue",
        "connectionParameters": {
            "password": { "type": "string" },
            "token": { "type": "oauthSetting", "oAuthSettings": {} }
        },
        "policyTemplateInstances": [{ "templateId": "pollingtrigger", "parameters": {
            "x-ms-apimTemplate-operationName": ["Nope"],
            "x-ms-apimTemplateParameter.triggerConfig": {},
            "x-ms-apimTemplateParameter.triggerDataPath": "@triggerBody()"
        } }]
    } });
    let findings = lint(&doc, Some(&props));
    let found = rules(&findings);
    for rule in [
        "OperationMustHaveNotificationContentExtension",
        "NotificationUrlNotString",
        "NotificationUrlNotInternal",
        "InvalidIconBrandColor",
        "ConnectionParameterNotSecure",
        "OAuthIdentityProviderMissing",
        "OperationIdNotFound",
    ] {
        assert!(found.contains(&rule), "{rule} not in {found:?}");
    }
    let props_finding = findings
        .iter()
        .find(|f| f.rule == "InvalidIconBrandColor")
        .unwrap();
    assert_eq!(props_finding.file, "apiProperties.json");
    assert_eq!(props_finding.path, "$.properties.iconBrandColor");
}

#[test]
fn broken_inputs_are_findings_not_crashes() {
    let findings = lint_texts(Some("{ not json"), Some("[]"));
    assert_eq!(rules(&findings), ["InvalidJson", "RequiredPropertyMissing"]);
    let findings = lint_texts(None, None);
    assert_eq!(rules(&findings), ["FileMissing"]);
    let weird = json!({ "swagger": 2, "paths": { "/x": { "get": "nope" } }, "definitions": [1] });
    let _ = lint(&weird, Some(&json!({ "properties": 5 })));
    let big = format!(
        "{{\"swagger\": \"2.0\", \"x\": \"{}\"}}",
        "a".repeat(1_100_000)
    );
    assert!(rules(&lint_texts(Some(&big), None)).contains(&"SwaggerTooLarge"));
}

#[test]
fn partially_duplicate_paths_are_warned_about() {
    let mut doc = base();
    let op = |id: &str| {
        json!({ "get": { "summary": "Read", "operationId": id,
            "parameters": [{ "name": "id", "in": "path", "required": true, "type": "string",
                             "x-ms-summary": "Id", "x-ms-url-encoding": "single" }],
            "responses": { "200": { "description": "ok", "schema": { "type": "object" } } } } })
    };
    doc["paths"] = json!({ "/a/{id}": op("ReadA"), "/a/list": {
        "get": { "summary": "List", "operationId": "ListA",
                 "responses": { "200": { "description": "ok", "schema": { "type": "object" } } } } } });
    let findings = lint(&doc, None);
    let partial: Vec<_> = findings
        .iter()
        .filter(|f| f.rule == "PartialDuplicateOperationPath")
        .collect();
    assert_eq!(partial.len(), 2, "{findings:#?}");
    assert!(partial.iter().all(|f| f.severity == Severity::Warning));
}

/// The paths of the `SchemaDefinitionSetIncorrectly` findings of a document with one operation
/// per entry of `answers` (a `post` on `/op{i}`, with the given responses).
fn output_schema_findings(answers: &[Value]) -> Vec<String> {
    let mut doc = base();
    let mut paths = serde_json::Map::new();
    for (i, responses) in answers.iter().enumerate() {
        paths.insert(
            format!("/op{i}"),
            json!({ "post": {
                "summary": "Do it",
                "operationId": format!("Op{i}"),
                "responses": responses,
            } }),
        );
    }
    doc["paths"] = Value::Object(paths);
    lint(&doc, None)
        .into_iter()
        .filter(|f| f.rule == "SchemaDefinitionSetIncorrectly")
        .map(|f| f.path)
        .collect()
}

#[test]
fn operations_that_answer_no_content_are_not_asked_for_an_output_schema() {
    let findings = output_schema_findings(&[
        json!({ "204": { "description": "No Content" } }),
        json!({ "202": { "description": "Accepted" } }),
        json!({ "202": { "description": "Accepted" }, "204": { "description": "Done" },
                "404": { "description": "Not found" } }),
    ]);
    assert_eq!(findings, Vec::<String>::new());
}

#[test]
fn a_200_or_201_without_schema_is_still_warned_about() {
    let findings = output_schema_findings(&[
        json!({ "200": { "description": "OK" } }),
        json!({ "201": { "description": "Created" } }),
        // 204 beside a 200 without schema: the 200 promises content the designer cannot show.
        json!({ "200": { "description": "OK" }, "204": { "description": "Nothing" } }),
        json!({ "201": { "description": "Created", "schema": { "type": "object" } } }),
    ]);
    assert_eq!(
        findings,
        [
            "$.paths['/op0'].post.responses",
            "$.paths['/op1'].post.responses",
            "$.paths['/op2'].post.responses",
        ]
    );
}
