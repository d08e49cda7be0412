//! The Power Platform emitter on a spec of our own that uses every feature the seeds do not.

mod manifest_support;

use connector_platform::emit::powerplatform;
use serde_json::{json, Value};

fn emitted() -> (Value, Value) {
    let connector = manifest_support::test_spec("acme.yaml");
    let files = powerplatform::emit(&connector);
    (
        serde_json::from_str(&files.swagger).unwrap(),
        serde_json::from_str(&files.properties).unwrap(),
    )
}

fn policy<'a>(props: &'a Value, template: &str, operation: Option<&str>) -> Option<&'a Value> {
    props["properties"]["policyTemplateInstances"]
        .as_array()?
        .iter()
        .find(|p| {
            p["templateId"] == template
                && operation
                    .is_none_or(|op| p["parameters"]["x-ms-apimTemplate-operationName"][0] == op)
        })
}

#[test]
fn the_host_comes_from_a_connection_parameter() {
    let (swagger, props) = emitted();
    assert_eq!(swagger["host"], "region.acme.test");
    assert_eq!(swagger["basePath"], "/api");
    let p = policy(&props, "dynamichosturl", None).expect("dynamichosturl");
    assert_eq!(
        p["parameters"]["x-ms-apimTemplateParameter.urlTemplate"],
        "https://@connectionParameters('region').acme.test/api/"
    );
}

#[test]
fn the_api_key_is_a_securestring_sent_by_setheader() {
    let (_, props) = emitted();
    let params = &props["properties"]["connectionParameters"];
    assert_eq!(params["api_key"]["type"], "securestring");
    assert_eq!(params["region"]["type"], "string");
    let p = policy(&props, "setheader", None).expect("setheader");
    assert_eq!(
        p["parameters"]["x-ms-apimTemplateParameter.name"],
        "X-Api-Key"
    );
    assert_eq!(
        p["parameters"]["x-ms-apimTemplateParameter.value"],
        "Key @connectionParameters('api_key')"
    );
    assert_eq!(props["properties"]["iconBrandColor"], "#123456");
    assert_eq!(
        props["properties"]["capabilities"],
        json!(["actions", "triggers"])
    );
}

#[test]
fn path_parameters_are_required_encoded_and_labelled() {
    let (swagger, _) = emitted();
    let p = &swagger["paths"]["/items/{id}"]["get"]["parameters"][0];
    assert_eq!(p["in"], "path");
    assert_eq!(p["required"], true);
    assert_eq!(p["x-ms-url-encoding"], "single");
    assert_eq!(p["x-ms-summary"], "Item id");
}

#[test]
fn dynamic_values_and_paging_use_the_extensions() {
    let (swagger, _) = emitted();
    let op = &swagger["paths"]["/items"]["get"];
    assert_eq!(op["x-ms-pageable"]["nextLinkName"], "nextLink");
    let folder = op["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "folder")
        .unwrap();
    assert_eq!(
        folder["x-ms-dynamic-values"],
        json!({ "operationId": "ListFolders", "value-collection": "folders", "value-path": "id", "value-title": "name" })
    );
}

#[test]
fn a_polling_trigger_is_batch_with_metadata_and_a_cursor_policy() {
    let (swagger, props) = emitted();
    let op = &swagger["paths"]["/trigger/items"]["get"];
    assert_eq!(op["operationId"], "OnNewItem");
    assert_eq!(op["x-ms-trigger"], "batch");
    assert_eq!(
        op["x-ms-trigger-metadata"],
        json!({ "kind": "query", "mode": "polling" })
    );
    let since = op["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "since")
        .expect("the cursor parameter stays, internal");
    assert_eq!(since["x-ms-visibility"], "internal");
    let p = policy(&props, "pollingtrigger", Some("OnNewItem")).expect("pollingtrigger");
    assert_eq!(p["type"], "PollingTrigger");
    assert_eq!(
        p["parameters"]["x-ms-apimTemplateParameter.triggerConfig"],
        json!({ "since": "@{triggerBody().value[0].created}" })
    );
    assert_eq!(
        p["parameters"]["x-ms-apimTemplateParameter.triggerDataPath"],
        "@triggerBody().value"
    );
    let route = policy(&props, "routerequesttoendpoint", Some("OnNewItem")).expect("route");
    assert_eq!(
        route["parameters"]["x-ms-apimTemplateParameter.newPath"],
        "/items"
    );
}

#[test]
fn an_object_with_extra_keys_keeps_its_fields_and_types_the_rest() {
    let (swagger, _) = emitted();
    let tags = &swagger["definitions"]["Item"]["properties"]["tags"];
    assert_eq!(tags["properties"]["color"]["type"], "string");
    assert_eq!(tags["additionalProperties"]["type"], "string");
    assert_eq!(
        tags["additionalProperties"]["description"],
        "A custom tag's value."
    );
}

#[test]
fn a_single_poll_sends_its_body_and_needs_no_batch_policy() {
    let (swagger, props) = emitted();
    let op = &swagger["paths"]["/reports/next"]["post"];
    assert_eq!(op["operationId"], "OnReport");
    assert_eq!(op["x-ms-trigger"], "single");
    assert_eq!(op["x-ms-trigger-metadata"]["mode"], "polling");
    let body = op["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["in"] == "body")
        .expect("a body parameter");
    assert_eq!(body["schema"]["properties"]["kind"]["x-ms-summary"], "Kind");
    assert_eq!(body["schema"]["required"], json!(["kind"]));
    assert_eq!(
        op["responses"]["200"]["schema"]["$ref"],
        "#/definitions/Item"
    );
    assert!(policy(&props, "pollingtrigger", Some("OnReport")).is_none());
}

#[test]
fn a_webhook_marks_its_callback_url_and_describes_the_payload() {
    let (swagger, _) = emitted();
    let item = &swagger["paths"]["/hooks"];
    let op = &item["post"];
    assert_eq!(op["x-ms-trigger"], "single");
    let body = op["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["in"] == "body")
        .unwrap();
    let url = &body["schema"]["properties"]["url"];
    assert_eq!(url["x-ms-notification-url"], true);
    assert_eq!(url["x-ms-visibility"], "internal");
    assert!(body["schema"]["required"]
        .as_array()
        .unwrap()
        .contains(&json!("url")));
    assert_eq!(
        item["x-ms-notification-content"]["schema"]["$ref"],
        "#/definitions/Item"
    );
    let delete = &swagger["paths"]["/hooks/{id}"]["delete"];
    assert_eq!(delete["x-ms-visibility"], "internal");
}

#[test]
fn list_items_and_answer_roots_keep_their_own_labels() {
    let (swagger, _) = emitted();
    let schema = &swagger["paths"]["/folders"]["get"]["responses"]["200"]["schema"];
    assert_eq!(schema["x-ms-summary"], "Folder list");
    assert_eq!(schema["x-ms-visibility"], "important");
    let folders = &schema["properties"]["folders"];
    assert_eq!(folders["x-ms-summary"], "Folders");
    assert_eq!(folders["items"]["x-ms-summary"], "Folder");
    assert_eq!(folders["items"]["x-ms-visibility"], "advanced");
}

#[test]
fn multipart_bodies_become_form_fields_with_bracketed_names() {
    let (swagger, _) = emitted();
    let op = &swagger["paths"]["/files"]["post"];
    assert_eq!(op["consumes"], json!(["multipart/form-data"]));
    let names: Vec<&str> = op["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["file", "options[overwrite]"]);
    assert_eq!(op["parameters"][0]["type"], "file");
    assert_eq!(op["parameters"][0]["in"], "formData");
}

#[test]
fn enums_carry_their_labels() {
    let (swagger, _) = emitted();
    let kind = &swagger["definitions"]["Item"]["properties"]["kind"];
    assert_eq!(kind["enum"], json!(["a", "b"]));
    assert_eq!(
        kind["x-ms-enum-values"],
        json!([{ "value": "a", "displayName": "Alpha" }, { "value": "b", "displayName": "Beta" }])
    );
}

#[test]
fn the_metadata_names_website_privacy_policy_and_categories() {
    let (swagger, _) = emitted();
    assert_eq!(
        swagger["x-ms-connector-metadata"],
        json!([
            { "propertyName": "Website", "propertyValue": "https://acme.test" },
            { "propertyName": "Privacy policy", "propertyValue": "https://acme.test/privacy" },
            { "propertyName": "Categories", "propertyValue": "Productivity" }
        ])
    );
}

#[test]
fn emission_is_deterministic() {
    let connector = manifest_support::test_spec("acme.yaml");
    assert_eq!(
        powerplatform::emit(&connector),
        powerplatform::emit(&connector)
    );
}

#[test]
fn the_feature_spec_passes_the_platform_schemas_and_lint() {
    let connector = manifest_support::test_spec("acme.yaml");
    let files = powerplatform::emit(&connector);
    let findings =
        connector_platform::lint::lint_texts(Some(&files.swagger), Some(&files.properties));
    let errors: Vec<_> = findings
        .iter()
        .filter(|f| f.severity == connector_platform::lint::Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}
