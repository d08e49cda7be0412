//! `openapi.yaml` is complete: every operation of the Power Platform definition (webhook
//! unsubscribes and polling requests included), every documented answer with its headers, and
//! the error answers with the spec's error schema. It parses with `openapiv3` and passes
//! `openapi-spec-validator` (PyPI; `.ci/run` installs it, the validator test skips without it).

mod manifest_support;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use codegen::ir::{Connector, SubscriptionId, TriggerKind};
use connector_platform::emit::{openapi, powerplatform};
use openapiv3::{OpenAPI, ReferenceOr, StatusCode};
use serde_json::Value;

fn connectors() -> Vec<Connector> {
    let mut out = manifest_support::clean_connectors();
    for spec in ["acme.yaml", "xmlsvc.yaml", "loginsvc.yaml", "dynsvc.yaml"] {
        out.push(manifest_support::test_spec(spec));
    }
    let weather = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../examples/custom-connector/specs/weather.yaml");
    out.push(
        codegen::check_file(&weather)
            .connector
            .expect("weather.yaml checks"),
    );
    out
}

fn parse(connector: &Connector) -> OpenAPI {
    let yaml = openapi::to_yaml(connector);
    let value: Value = serde_saphyr::from_str(&yaml).expect("YAML");
    let doc: OpenAPI = serde_json::from_value(value).expect("an OpenAPI 3.0 document");
    assert_eq!(doc, openapi::document(connector), "{}", connector.id);
    doc
}

fn operation_ids(doc: &OpenAPI) -> BTreeSet<String> {
    doc.operations()
        .filter_map(|(_, _, op)| op.operation_id.clone())
        .collect()
}

#[test]
fn every_platform_operation_is_an_openapi_operation() {
    let mut checked = 0;
    for connector in connectors() {
        let doc = parse(&connector);
        let ids = operation_ids(&doc);
        let also: BTreeSet<String> = doc
            .paths
            .paths
            .values()
            .filter_map(|p| p.as_item())
            .filter_map(|p| p.extensions.get("x-also-served-by"))
            .flat_map(|list| list.as_array().cloned().unwrap_or_default())
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect();
        // Polling triggers over an action poll that action's operation.
        let polls_over_actions: BTreeSet<String> = doc
            .extensions
            .get("x-polling-triggers")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter(|t| {
                t["poll"]["operationId"]
                    .as_str()
                    .is_some_and(|id| ids.contains(id))
            })
            .filter_map(|t| t["name"].as_str().map(str::to_owned))
            .collect();
        let swagger: Value =
            serde_json::from_str(&powerplatform::emit(&connector).swagger).unwrap();
        for item in swagger["paths"].as_object().unwrap().values() {
            for op in item.as_object().unwrap().values() {
                let Some(id) = op.get("operationId").and_then(Value::as_str) else {
                    continue;
                };
                assert!(
                    ids.contains(id) || also.contains(id) || polls_over_actions.contains(id),
                    "{}: `{id}` is not in openapi.yaml",
                    connector.id
                );
                checked += 1;
            }
        }
        for trigger in &connector.triggers {
            if let TriggerKind::Webhook(hook) = &trigger.kind {
                if hook.unsubscribe.is_some() {
                    let id = format!("{}Unsubscribe", trigger.name);
                    assert!(
                        ids.contains(&id) || also.contains(&id),
                        "{}: {id}",
                        connector.id
                    );
                }
            }
        }
    }
    assert!(checked > 50, "only {checked} operations checked");
}

#[test]
fn every_operation_has_its_answers_and_errors() {
    for connector in connectors() {
        let doc = parse(&connector);
        let error_ref = connector.errors.ty.as_ref().map(|ty| match ty {
            codegen::ir::Type::Named(name) => format!("#/components/schemas/{name}"),
            other => panic!("an inline error type: {other:?}"),
        });
        for (path, method, op) in doc.operations() {
            let at = format!("{} {method} {path}", connector.id);
            let responses = &op.responses;
            assert!(
                responses
                    .responses
                    .keys()
                    .any(|s| matches!(s, StatusCode::Code(200..=299) | StatusCode::Range(2))),
                "{at}: no success answer"
            );
            let default = match responses.default.as_ref() {
                Some(ReferenceOr::Item(r)) => r,
                _ => panic!("{at}: no error answer"),
            };
            match &error_ref {
                Some(expected) => {
                    let media = default.content.values().next().expect("error content");
                    assert!(
                        matches!(&media.schema, Some(ReferenceOr::Reference { reference }) if reference == expected),
                        "{at}: {:?}",
                        media.schema
                    );
                }
                None => assert!(default.content.is_empty(), "{at}"),
            }
            if !connector.limits.is_empty() {
                let Some(ReferenceOr::Item(limited)) =
                    responses.responses.get(&StatusCode::Code(429))
                else {
                    panic!("{at}: no 429 answer although the connector has limits");
                };
                assert!(limited.headers.contains_key("Retry-After"), "{at}");
            }
        }
        // Answer headers the spec documents are in the answer.
        for action in &connector.actions {
            let Some(op) = doc
                .operations()
                .find(|(_, _, op)| op.operation_id.as_deref() == Some(action.name.as_str()))
                .map(|(_, _, op)| op)
            else {
                continue;
            };
            let Some(ReferenceOr::Item(answer)) = op
                .responses
                .responses
                .get(&StatusCode::Code(action.response.status))
            else {
                panic!(
                    "{}: {} has no {} answer",
                    connector.id, action.name, action.response.status
                );
            };
            for header in &action.response.headers {
                assert!(
                    answer.headers.contains_key(&header.wire_name),
                    "{}: {} lacks header {}",
                    connector.id,
                    action.name,
                    header.wire_name
                );
            }
        }
        // A webhook whose id is the Location header documents it.
        for trigger in &connector.triggers {
            let TriggerKind::Webhook(hook) = &trigger.kind else {
                continue;
            };
            let op = doc
                .operations()
                .find(|(_, _, op)| op.operation_id.as_deref() == Some(trigger.name.as_str()))
                .map(|(_, _, op)| op)
                .expect("the subscribe operation");
            if let SubscriptionId::Header(name) = &hook.subscription_id {
                let Some(ReferenceOr::Item(answer)) =
                    op.responses.responses.get(&StatusCode::Code(201))
                else {
                    panic!("no 201");
                };
                assert!(answer.headers.contains_key(name), "{}", trigger.name);
            }
        }
    }
}

/// The validator's command: `openapi-spec-validator`, or the module through `python3 -m` when
/// the script is not on the path (a `pip install --user`).
fn validator() -> Option<Command> {
    let candidates: [(&str, &[&str]); 2] = [
        ("openapi-spec-validator", &[]),
        ("python3", &["-m", "openapi_spec_validator"]),
    ];
    candidates.into_iter().find_map(|(program, args)| {
        let runs = Command::new(program)
            .args(args)
            .arg("--help")
            .output()
            .is_ok_and(|o| o.status.success());
        runs.then(|| {
            let mut command = Command::new(program);
            command.args(args);
            command
        })
    })
}

#[test]
fn the_documents_pass_openapi_spec_validator() {
    if validator().is_none() {
        println!(
            "skipped: openapi-spec-validator is not installed (pip install openapi-spec-validator)"
        );
        return;
    }
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("openapi_complete");
    std::fs::create_dir_all(&dir).unwrap();
    let mut files = Vec::new();
    for connector in connectors() {
        let file = dir.join(format!("{}.yaml", connector.id));
        std::fs::write(&file, openapi::to_yaml(&connector)).unwrap();
        files.push(file);
    }
    // The validator itself rejects a broken document, so its OK means something.
    let broken = dir.join("broken.yaml");
    std::fs::write(
        &broken,
        "openapi: 3.0.3\ninfo: { title: T, version: '1' }\npaths:\n  /a/{id}:\n    get:\n      responses: {}\n",
    )
    .unwrap();
    let refused = validator().unwrap().arg(&broken).output().unwrap();
    assert!(
        !refused.status.success(),
        "the validator accepted a broken document"
    );
    let output = validator().unwrap().args(&files).output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "{text}");
    assert_eq!(text.matches(": OK").count(), files.len(), "{text}");
}
