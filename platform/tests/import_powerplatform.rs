//! The Power Platform importer on a small connector folder written for this test: the spec it
//! produces (snapshot), the repairs it reports, and that the spec checks.

use codegen::spec::ReadLimits;
use connector_platform::import::powerplatform;

/// A task tracker's swagger file, with the kind of mistakes real files have: a byte-order
/// mark, a comment, a trailing comma, `required: true` on a property, a boolean default on a
/// string, a GET with a body and an unknown extension.
const SWAGGER: &str = "\u{feff}{
  // exported by hand
  \"swagger\": \"2.0\",
  \"info\": { \"title\": \"Task Tracker\", \"description\": \"Tracks tasks of small teams.\", \"version\": \"1.2\",
              \"contact\": { \"email\": \"support@tasks.example\" } },
  \"host\": \"api.tasks.example\",
  \"basePath\": \"/v1/\",
  \"schemes\": [\"https\"],
  \"consumes\": [\"application/json\"],
  \"produces\": [\"application/json\"],
  \"securityDefinitions\": { \"key\": { \"type\": \"apiKey\", \"in\": \"header\", \"name\": \"X-Api-Key\" } },
  \"x-ms-connector-metadata\": [
    { \"propertyName\": \"Website\", \"propertyValue\": \"https://tasks.example\" },
    { \"propertyName\": \"Privacy policy\", \"propertyValue\": \"https://tasks.example/privacy\" },
    { \"propertyName\": \"Categories\", \"propertyValue\": \"Productivity;Collaboration\" }
  ],
  \"paths\": {
    \"/projects\": {
      \"get\": {
        \"operationId\": \"ListProjects\", \"summary\": \"List projects\", \"x-ms-visibility\": \"internal\",
        \"responses\": { \"200\": { \"description\": \"OK\", \"schema\": { \"type\": \"array\", \"items\": { \"$ref\": \"#/definitions/Project\" } } } }
      }
    },
    \"/tasks\": {
      \"get\": {
        \"operationId\": \"ListTasks\", \"summary\": \"List tasks\",
        \"parameters\": [
          { \"name\": \"project\", \"in\": \"query\", \"required\": true, \"type\": \"string\", \"x-ms-summary\": \"Project\",
            \"x-ms-dynamic-values\": { \"operationId\": \"ListProjects\", \"value-path\": \"id\", \"value-title\": \"name\" } },
          { \"name\": \"status\", \"in\": \"query\", \"type\": \"string\", \"enum\": [\"open\", \"done\"], \"default\": \"open\",
            \"x-ms-summary\": \"Status\", \"x-ms-visibility\": \"advanced\" },
          { \"name\": \"tags\", \"in\": \"query\", \"type\": \"array\", \"items\": { \"type\": \"string\" }, \"collectionFormat\": \"multi\" },
          { \"name\": \"filter\", \"in\": \"body\", \"schema\": { \"type\": \"object\" } }
        ],
        \"responses\": { \"200\": { \"description\": \"OK\", \"schema\": { \"$ref\": \"#/definitions/TaskPage\" } } },
        \"x-ms-pageable\": { \"nextLinkName\": \"next\" },
        \"x-ms-foo\": { \"kept\": true },
      },
      \"post\": {
        \"operationId\": \"CreateTask\", \"summary\": \"Create a task\",
        \"parameters\": [ { \"name\": \"body\", \"in\": \"body\", \"required\": true, \"schema\": { \"$ref\": \"#/definitions/Task\" } } ],
        \"responses\": { \"201\": { \"description\": \"Created\", \"schema\": { \"$ref\": \"#/definitions/Task\" } } }
      }
    },
    \"/tasks/{taskId}\": {
      \"parameters\": [ { \"name\": \"taskId\", \"in\": \"path\", \"required\": true, \"type\": \"string\",
                          \"x-ms-summary\": \"Task id\", \"x-ms-url-encoding\": \"double\" } ],
      \"get\": {
        \"operationId\": \"GetTask\", \"summary\": \"Get a task\",
        \"responses\": { \"200\": { \"description\": \"OK\", \"schema\": { \"$ref\": \"#/definitions/Task\" } } }
      },
      \"delete\": { \"operationId\": \"DeleteTask\", \"summary\": \"Delete a task\", \"responses\": { \"204\": { \"description\": \"Deleted\" } } }
    },
    \"/tasks/{taskId}/attachments\": {
      \"post\": {
        \"operationId\": \"AttachFile\", \"summary\": \"Attach a file\", \"consumes\": [\"multipart/form-data\"],
        \"parameters\": [
          { \"name\": \"taskId\", \"in\": \"path\", \"required\": true, \"type\": \"string\", \"x-ms-summary\": \"Task id\" },
          { \"name\": \"file\", \"in\": \"formData\", \"required\": true, \"type\": \"file\", \"x-ms-summary\": \"File\" },
          { \"name\": \"note\", \"in\": \"formData\", \"type\": \"string\", \"x-ms-summary\": \"Note\" }
        ],
        \"responses\": { \"200\": { \"description\": \"OK\" } }
      }
    },
    \"/trigger/tasks\": {
      \"get\": {
        \"operationId\": \"OnNewTask\", \"summary\": \"When a task is created\", \"x-ms-trigger\": \"batch\",
        \"parameters\": [ { \"name\": \"since\", \"in\": \"query\", \"type\": \"string\", \"x-ms-visibility\": \"internal\" } ],
        \"responses\": { \"200\": { \"description\": \"OK\", \"schema\": { \"$ref\": \"#/definitions/TaskPage\" } } }
      }
    },
    \"/hooks\": {
      \"x-ms-notification-content\": { \"description\": \"The finished task\", \"schema\": { \"$ref\": \"#/definitions/Task\" } },
      \"post\": {
        \"operationId\": \"OnTaskDone\", \"summary\": \"When a task is done\", \"x-ms-trigger\": \"single\",
        \"parameters\": [ { \"name\": \"body\", \"in\": \"body\", \"required\": true, \"schema\": {
          \"type\": \"object\", \"properties\": {
            \"callbackUrl\": { \"type\": \"string\", \"x-ms-notification-url\": true, \"x-ms-visibility\": \"internal\" },
            \"event\": { \"type\": \"string\", \"default\": \"task.done\" } } } } ],
        \"responses\": { \"201\": { \"description\": \"Subscribed\" } }
      }
    }
  },
  \"definitions\": {
    \"Project\": { \"type\": \"object\", \"properties\": { \"id\": { \"type\": \"string\" }, \"name\": { \"type\": \"string\" } } },
    \"Task\": {
      \"type\": \"object\", \"required\": [\"title\"],
      \"properties\": {
        \"id\": { \"type\": \"string\", \"readOnly\": true, \"x-ms-summary\": \"Task id\" },
        \"title\": { \"type\": \"string\", \"x-ms-summary\": \"Title\", \"description\": \"What to do.\" },
        \"due\": { \"type\": \"string\", \"format\": \"date-time\", \"x-ms-summary\": \"Due\", \"required\": true },
        \"urgent\": { \"type\": \"string\", \"default\": false, \"x-ms-summary\": \"Urgent\" },
        \"estimate\": { \"type\": \"integer\", \"format\": \"int64\" },
        \"labels\": { \"type\": \"array\", \"items\": { \"type\": \"string\" } },
        \"owner\": { \"$ref\": \"#/definitions/Project\" }
      }
    },
    \"TaskPage\": { \"type\": \"object\", \"properties\": {
      \"items\": { \"type\": \"array\", \"items\": { \"$ref\": \"#/definitions/Task\" } },
      \"next\": { \"type\": \"string\" } } }
  }
}";

const PROPERTIES: &str = r##"{
  "properties": {
    "connectionParameters": {
      "api_key": { "type": "securestring", "uiDefinition": { "displayName": "API key", "description": "Your key",
                   "constraints": { "required": "true" } } },
      "region": { "type": "string", "uiDefinition": { "displayName": "Region", "constraints": { "required": "false" } } }
    },
    "iconBrandColor": "#1F85FF",
    "publisher": "Task Tracker Inc.",
    "policyTemplateInstances": [
      { "templateId": "pollingtrigger", "title": "Poll",
        "parameters": { "x-ms-apimTemplate-operationName": ["OnNewTask"],
                        "x-ms-apimTemplateParameter.triggerConfig": { "since": "@{triggerBody().items[0].due}" },
                        "x-ms-apimTemplateParameter.triggerDataPath": "@triggerBody().items" } },
      { "templateId": "setheader", "title": "Region header",
        "parameters": { "x-ms-apimTemplateParameter.name": "X-Region",
                        "x-ms-apimTemplateParameter.value": "@connectionParameters('region')",
                        "x-ms-apimTemplateParameter.existsAction": "override" } }
    ]
  }
}"##;

fn import() -> connector_platform::import::Imported {
    powerplatform::import(
        SWAGGER.as_bytes(),
        Some(PROPERTIES.as_bytes()),
        "Task_Tracker",
    )
    .expect("imports")
}

#[test]
fn produces_a_readable_spec() {
    let imported = import();
    assert_eq!(imported.suggested_id, "task_tracker");
    insta::assert_snapshot!("powerplatform_task_tracker", imported.yaml);
}

#[test]
fn reports_each_repair_with_its_pointer() {
    let warnings: Vec<String> = import().warnings.iter().map(ToString::to_string).collect();
    insta::assert_snapshot!("powerplatform_task_tracker_warnings", warnings.join("\n"));
}

#[test]
fn the_spec_checks_and_keeps_every_operation() {
    let imported = import();
    let outcome = codegen::check_source("task_tracker.yaml", imported.yaml, &ReadLimits::default());
    let errors: Vec<String> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.message.clone())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let connector = outcome.connector.expect("checks");
    let actions: Vec<&str> = connector.actions.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(
        actions,
        [
            "ListProjects",
            "ListTasks",
            "CreateTask",
            "GetTask",
            "DeleteTask",
            "AttachFile"
        ]
    );
    let triggers: Vec<&str> = connector.triggers.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(triggers, ["OnNewTask", "OnTaskDone"]);
}

#[test]
fn output_is_deterministic() {
    assert_eq!(import().yaml, import().yaml);
}

#[test]
fn hopeless_input_is_an_error_not_a_panic() {
    for text in [
        "",
        "[]",
        "{",
        "not json",
        "{\"paths\": 3}",
        "{\"swagger\": \"2.0\", \"paths\": {\"/a\": {\"get\": 7}}}",
    ] {
        let _ = powerplatform::import(text.as_bytes(), Some(b"{oops"), "x");
    }
    let bytes: Vec<u8> = (0..=255u8).collect();
    assert!(powerplatform::import(&bytes, None, "x").is_err());
}

/// A parameter without a designer label: without `--fix` it stays without one (and the
/// finding is a warning with its pointer); with `--fix` the label is added, with the same
/// warning saying so.
#[test]
fn labels_are_added_only_with_fix() {
    let swagger = r#"{"swagger": "2.0", "info": {"title": "Labels", "version": "1"},
      "host": "api.labels.example", "paths": {"/items": {"get": {"operationId": "ListItems",
        "parameters": [{"name": "top", "in": "query", "type": "integer"}],
        "responses": {"200": {"description": "OK"}}}}}}"#;
    let pointer = "/paths/~1items/get/parameters/0/x-ms-summary";
    let summary_of = |fix: bool| {
        let options = connector_platform::import::ImportOptions {
            fix,
            ..Default::default()
        };
        let imported = powerplatform::import_with(swagger.as_bytes(), None, "labels", &options)
            .expect("imports");
        let warning = imported
            .warnings
            .iter()
            .find(|w| w.pointer == pointer)
            .map(|w| w.message.clone())
            .expect("a warning at the parameter's label");
        let outcome = codegen::check_source("labels.yaml", imported.yaml, &ReadLimits::default());
        let connector = outcome.connector.expect("checks");
        let files = connector_platform::emit::powerplatform::emit(&connector);
        let swagger: serde_json::Value = serde_json::from_str(&files.swagger).expect("JSON");
        let summary = swagger
            .pointer("/paths/~1items/get/parameters/0/x-ms-summary")
            .cloned();
        (warning, summary)
    };
    let (warning, summary) = summary_of(false);
    assert!(warning.contains("`--fix` adds one"), "{warning}");
    assert_eq!(summary, None);
    let (warning, summary) = summary_of(true);
    assert!(warning.contains("added"), "{warning}");
    assert_eq!(summary, Some(serde_json::json!("Top")));
}

/// A polling trigger whose answer lists plain values (names, numbers) has no item field to
/// tell items apart: it is kept, told apart by the item itself (`identity: .`), where it was
/// once dropped because no `id` field checked.
#[test]
fn a_poll_over_plain_values_is_kept_with_the_item_as_its_identity() {
    let swagger = r#"{"swagger": "2.0", "info": {"title": "Names", "version": "1"},
      "host": "api.names.example", "paths": {"/names": {"get": {"operationId": "OnNewName",
        "summary": "When a name is added", "x-ms-trigger": "batch",
        "responses": {"200": {"description": "OK",
          "schema": {"type": "array", "items": {"type": "string"}}}}}}}}"#;
    let imported = powerplatform::import(swagger.as_bytes(), None, "names").expect("imports");
    assert!(
        !imported
            .warnings
            .iter()
            .any(|w| w.message.contains("dropped")),
        "{:#?}",
        imported.warnings
    );
    let outcome = codegen::check_source("names.yaml", imported.yaml, &ReadLimits::default());
    assert!(!outcome.has_errors(), "{:#?}", outcome.diagnostics);
    let connector = outcome.connector.expect("checks");
    let trigger = &connector.triggers[0];
    assert_eq!(trigger.name, "OnNewName");
    match &trigger.kind {
        codegen::ir::TriggerKind::Poll(poll) => assert_eq!(poll.identity, ["."]),
        other => panic!("a poll: {other:?}"),
    }
}
