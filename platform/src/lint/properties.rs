//! Rules about `apiProperties.json`: connection parameters, OAuth settings, brand colour and
//! policy template instances.

use std::collections::HashSet;

use serde_json::Value;

use super::operations::all;
use super::{JsonPath, RuleName, Sink};
use crate::json_field::Field;
use crate::powerplatform::vocabulary::TriggerKind;

/// Words in a parameter's name or label that mark a secret.
const SECRET_WORDS: &[&str] = &[
    "password",
    "passwd",
    "secret",
    "apikey",
    "api_key",
    "access_key",
    "private_key",
    "subscription_key",
    "token",
];

pub(super) fn check(props: &Value, swagger: Option<&Value>, sink: &mut Sink<'_>) {
    let root = JsonPath::root().key("properties");
    let Some(p) = props.field("properties") else {
        sink.report(
            RuleName::RequiredPropertyMissing,
            &root,
            "`properties` is missing",
        );
        return;
    };
    brand_color(p, &root, sink);
    if let Some(params) = p.field("connectionParameters").and_then(Value::as_object) {
        let at = root.key("connectionParameters");
        for (name, param) in params {
            connection_parameter(name, param, &at.key(name), sink);
        }
    }
    let ids: Option<HashSet<&str>> = swagger.map(|doc| {
        all(doc)
            .iter()
            .filter_map(|op| op.operation.field("operationId").and_then(Value::as_str))
            .collect()
    });
    let batch: Option<HashSet<&str>> = swagger.map(|doc| {
        all(doc)
            .iter()
            .filter(|op| {
                TriggerKind::read(op.operation, "x-ms-trigger") == Some(TriggerKind::Batch)
            })
            .filter_map(|op| op.operation.field("operationId").and_then(Value::as_str))
            .collect()
    });
    if let Some(list) = p.field("policyTemplateInstances").and_then(Value::as_array) {
        let at = root.key("policyTemplateInstances");
        for (i, policy) in list.iter().enumerate() {
            policy_operations(policy, &at.index(i), ids.as_ref(), batch.as_ref(), sink);
        }
    }
    if let (Some(doc), Some(ids)) = (swagger, ids.as_ref()) {
        dynamic_values(doc, ids, sink);
    }
}

/// `iconBrandColor` is present and `#rrggbb`.
fn brand_color(p: &Value, root: &JsonPath, sink: &mut Sink<'_>) {
    match p.field("iconBrandColor").and_then(Value::as_str) {
        None => sink.report(
            RuleName::RequiredPropertyMissing,
            &root.key("iconBrandColor"),
            "iconBrandColor is missing",
        ),
        Some(color) => {
            let hex = color.len() == 7
                && color.starts_with('#')
                && color[1..].chars().all(|c| c.is_ascii_hexdigit());
            if !hex {
                sink.report(
                    RuleName::InvalidIconBrandColor,
                    &root.key("iconBrandColor"),
                    format!("`{color}` is not a #rrggbb colour"),
                );
            }
        }
    }
}

/// The operations a policy names exist, and a polling trigger policy names batch triggers.
fn policy_operations(
    policy: &Value,
    at: &JsonPath,
    ids: Option<&HashSet<&str>>,
    batch: Option<&HashSet<&str>>,
    sink: &mut Sink<'_>,
) {
    let template = policy
        .field("templateId")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_ascii_lowercase();
    let names = policy
        .pointer("/parameters/x-ms-apimTemplate-operationName")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for (j, name) in names.iter().enumerate() {
        let name = name.as_str().unwrap_or("");
        let path = at
            .key("parameters")
            .key("x-ms-apimTemplate-operationName")
            .index(j);
        if ids.is_some_and(|ids| !ids.contains(name)) {
            sink.report(
                RuleName::OperationIdNotFound,
                &path,
                format!("the policy names operation `{name}`, which the swagger does not define"),
            );
        } else if template == "pollingtrigger" && batch.is_some_and(|b| !b.contains(name)) {
            sink.report(
                RuleName::PollingTriggerPolicyNotOnTrigger,
                &path,
                format!("`{name}` is not a batch trigger"),
            );
        }
    }
}

fn connection_parameter(name: &str, param: &Value, at: &JsonPath, sink: &mut Sink<'_>) {
    let ty = param.field("type").and_then(Value::as_str).unwrap_or("");
    if ty == "oauthSetting" {
        let provider = param
            .pointer("/oAuthSettings/identityProvider")
            .and_then(Value::as_str);
        if provider.is_none_or(str::is_empty) {
            sink.report(
                RuleName::OAuthIdentityProviderMissing,
                &at.key("oAuthSettings"),
                "the OAuth setting names no identityProvider",
            );
        }
        return;
    }
    if name.contains(':') {
        // `token:TenantId` and the like are platform claims, not user secrets.
        return;
    }
    let label = param
        .pointer("/uiDefinition/displayName")
        .and_then(Value::as_str)
        .unwrap_or("");
    let text = format!("{name} {label}")
        .to_ascii_lowercase()
        .replace([' ', '-'], "_");
    let secret = SECRET_WORDS.iter().any(|w| text.contains(w));
    if ty == "string" && secret {
        sink.report(
            RuleName::ConnectionParameterNotSecure,
            &at.key("type"),
            format!("`{name}` looks like a secret but is a plain string; use securestring"),
        );
    }
}

/// The operationIds of `x-ms-dynamic-values`, `-schema` and `-properties` exist.
fn dynamic_values(doc: &Value, ids: &HashSet<&str>, sink: &mut Sink<'_>) {
    /// A step from the document's root; the JSON path is written only for a finding.
    enum Step<'a> {
        Key(&'a str),
        Index(usize),
    }
    fn path_of<'a>(steps: &[Step<'a>]) -> JsonPath<'a> {
        steps
            .iter()
            .fold(JsonPath::root(), |path, step| match *step {
                Step::Key(key) => path.key(key),
                Step::Index(i) => path.index(i),
            })
    }
    fn visit<'a>(v: &'a Value, at: &mut Vec<Step<'a>>, ids: &HashSet<&str>, sink: &mut Sink<'_>) {
        if at.len() > 64 {
            return;
        }
        match v {
            Value::Object(map) => {
                for (k, child) in map {
                    if matches!(
                        k.as_str(),
                        "x-ms-dynamic-values" | "x-ms-dynamic-schema" | "x-ms-dynamic-properties"
                    ) {
                        if let Some(id) = child.field("operationId").and_then(Value::as_str) {
                            if !ids.contains(id) {
                                sink.report(
                                    RuleName::OperationIdNotFound,
                                    &path_of(at).key(k).key("operationId"),
                                    format!("`{id}` is not an operation of this swagger"),
                                );
                            }
                        }
                    } else {
                        at.push(Step::Key(k));
                        visit(child, at, ids, sink);
                        at.pop();
                    }
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    at.push(Step::Index(i));
                    visit(child, at, ids, sink);
                    at.pop();
                }
            }
            _ => {}
        }
    }
    // The swagger's findings belong to the swagger file.
    let mut swagger_sink = Sink {
        file: super::SWAGGER,
        findings: sink.findings,
    };
    visit(doc, &mut Vec::new(), ids, &mut swagger_sink);
}
