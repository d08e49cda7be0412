//! Keys an imported connector keeps as written at the roots of its two files.
//!
//! The importer stores what the spec language has no place for, at the root of the swagger
//! (`info.contact`, `info.termsOfService`, root `consumes`, `produces`, `tags`, …) and of
//! `apiProperties.json` (`capabilities`, `stackOwner`), under the connector's extensions
//! [`SWAGGER_ROOT`] and [`PROPERTIES_ROOT`]; the emitter writes them back unchanged over what it
//! would otherwise derive.

use std::collections::HashMap;

use indexmap::IndexMap;
use serde_json::Value;

/// Extension key: swagger root keys kept as written (`info` merges into the emitted `info`; a
/// null value removes the key).
pub const SWAGGER_ROOT: &str = "swagger_root";
/// Extension key: `apiProperties.json` `properties` keys kept as written (a null value removes
/// the key).
pub const PROPERTIES_ROOT: &str = "properties_root";

/// Extension key: `apiProperties.json`'s own keys beside `properties`, kept as written.
pub const PROPERTIES_FILE_ROOT: &str = "properties_file_root";

/// Writes the swagger root keys kept in `extensions` over `swagger`.
pub fn swagger(swagger: &mut Value, extensions: &IndexMap<String, Value>) {
    let Some(Value::Object(kept)) = extensions.get(SWAGGER_ROOT) else {
        return;
    };
    let Some(root) = swagger.as_object_mut() else {
        return;
    };
    for (key, value) in kept {
        match (key.as_str(), value, root.get_mut("info")) {
            ("info", Value::Object(extra), Some(Value::Object(info))) => {
                for (k, v) in extra {
                    info.insert(k.clone(), v.clone());
                }
            }
            (_, Value::Null, _) => {
                root.remove(key);
            }
            _ => {
                root.insert(key.clone(), value.clone());
            }
        }
    }
}

/// Writes the `apiProperties.json` keys kept in `extensions` over `properties`.
pub fn properties(properties: &mut Value, extensions: &IndexMap<String, Value>) {
    if let (Some(Value::Object(kept)), Some(root)) = (
        extensions.get(PROPERTIES_FILE_ROOT),
        properties.as_object_mut(),
    ) {
        for (key, value) in kept {
            root.insert(key.clone(), value.clone());
        }
    }
    let Some(Value::Object(kept)) = extensions.get(PROPERTIES_ROOT) else {
        return;
    };
    if let Some(Value::Object(inner)) = properties.get_mut("properties") {
        for (key, value) in kept {
            if value.is_null() {
                inner.remove(key);
            } else {
                inner.insert(key.clone(), value.clone());
            }
        }
    }
}

/// Action or trigger extension key: operation keys kept as written (`consumes`, `produces`); a
/// null value means the original operation has no such key; a trigger's `tags` too. The same
/// key among the connector's extensions is the default every operation's own keys override.
pub const OPERATION_KEYS: &str = "operation_keys";

/// Writes the operation keys kept in each action's or trigger's extensions over the operation
/// of the same id.
pub fn operations(swagger: &mut Value, connector: &crate::ir::Connector) {
    let Some(Value::Object(paths)) = swagger.get_mut("paths") else {
        return;
    };
    path_items(paths, connector);
    let ids = Ids::of(connector);
    for item in paths.values_mut().filter_map(Value::as_object_mut) {
        notification_content(item, &ids);
        for op in item.values_mut().filter_map(Value::as_object_mut) {
            let Some(id) = op.get("operationId").and_then(Value::as_str) else {
                continue;
            };
            let extensions = match ids.actions.get(id) {
                Some(action) => &action.extensions,
                None => match ids.triggers.get(id) {
                    Some(trigger) => &trigger.extensions,
                    None => continue,
                },
            };
            kept_parameters(op, extensions);
            parameter_order(op, extensions);
            response_key(op, extensions);
            other_responses(op, extensions);
            let default = connector.extensions.get(OPERATION_KEYS);
            let own = extensions.get(OPERATION_KEYS);
            // The connector's default first, then what the operation keeps of its own.
            let kept = [default, own]
                .into_iter()
                .flatten()
                .filter_map(Value::as_object)
                .flatten();
            for (key, value) in kept {
                if value.is_null() {
                    op.remove(key);
                } else {
                    op.insert(key.clone(), value.clone());
                }
            }
        }
    }
}

/// The actions and triggers by name, built once per swagger: looking each operation up with a
/// scan of every action made writing the kept keys quadratic in the number of operations. The
/// first of a name wins, as a scan would find it.
struct Ids<'c> {
    actions: HashMap<&'c str, &'c crate::ir::Action>,
    triggers: HashMap<&'c str, &'c crate::ir::Trigger>,
}

impl<'c> Ids<'c> {
    fn of(connector: &'c crate::ir::Connector) -> Self {
        let mut actions = HashMap::with_capacity(connector.actions.len());
        for action in &connector.actions {
            actions.entry(action.name.as_str()).or_insert(action);
        }
        let mut triggers = HashMap::with_capacity(connector.triggers.len());
        for trigger in &connector.triggers {
            triggers.entry(trigger.name.as_str()).or_insert(trigger);
        }
        Ids { actions, triggers }
    }
}

/// Action or trigger extension key: the answers the spec does not model (errors, `default`,
/// other successes), as written with their `$ref`s inlined; each is written back beside the
/// answer the emitter derives, never over it.
pub const OTHER_RESPONSES: &str = "other_responses";

/// Trigger extension key: the keys of a webhook's `x-ms-notification-content` other than its
/// schema, as written (a null value means the original has no such key).
pub const NOTIFICATION_KEYS: &str = "notification_keys";

/// Writes the kept notification keys of the webhook trigger subscribed at `item` over its
/// `x-ms-notification-content`.
fn notification_content(item: &mut serde_json::Map<String, Value>, ids: &Ids) {
    let kept = item
        .values()
        .filter_map(|op| op.get("operationId").and_then(Value::as_str))
        .filter_map(|id| ids.triggers.get(id))
        .find_map(|t| t.extensions.get(NOTIFICATION_KEYS))
        .and_then(Value::as_object)
        .cloned();
    let (Some(kept), Some(Value::Object(content))) =
        (kept, item.get_mut("x-ms-notification-content"))
    else {
        return;
    };
    for (key, value) in kept {
        if value.is_null() {
            content.remove(&key);
        } else {
            content.insert(key, value);
        }
    }
}

/// Action or trigger extension key: parameters the spec language has no place for (a GET's
/// body, an unknown location), as written; they are added to the emitted ones.
pub const KEPT_PARAMETERS: &str = "kept_parameters";

/// Action or trigger extension key: the body parameter's keys the spec language has no place
/// for (`x-ms-url-encoding`, other `x-` keys), as written.
pub const BODY_KEYS: &str = "body_keys";

/// Action or trigger extension key: the parameters (as `in/name`) the operation takes from
/// its path item's `parameters` (kept under [`PATH_ITEMS`]); they are not repeated on it.
pub const PATH_PARAMETERS: &str = "path_parameters";

/// Adds the kept parameters and body parameter keys of `extensions` to `op` and leaves out the
/// parameters its path item holds.
fn kept_parameters(op: &mut serde_json::Map<String, Value>, extensions: &IndexMap<String, Value>) {
    let kept = extensions.get(KEPT_PARAMETERS).and_then(Value::as_array);
    let inherited = extensions.get(PATH_PARAMETERS).and_then(Value::as_array);
    if kept.is_none() && inherited.is_none() && !extensions.contains_key(BODY_KEYS) {
        return;
    }
    let parameters = op
        .entry("parameters")
        .or_insert_with(|| Value::Array(Vec::new()));
    let Value::Array(parameters) = parameters else {
        return;
    };
    if let Some(Value::Object(keys)) = extensions.get(BODY_KEYS) {
        let body = parameters
            .iter_mut()
            .filter_map(Value::as_object_mut)
            .find(|p| p.get("in").and_then(Value::as_str) == Some("body"));
        if let Some(body) = body {
            for (key, value) in keys {
                body.insert(key.clone(), value.clone());
            }
        }
    }
    parameters.extend(kept.into_iter().flatten().cloned());
    if let Some(inherited) = inherited {
        parameters.retain(|p| {
            let key = format!(
                "{}/{}",
                p.get("in").and_then(Value::as_str).unwrap_or_default(),
                p.get("name").and_then(Value::as_str).unwrap_or_default()
            );
            !inherited.iter().any(|k| k.as_str() == Some(key.as_str()))
        });
    }
}

/// Action or trigger extension key: the parameters as `in/name` in the order the original
/// writes them, when it is not the emitter's (a body or form fields last).
pub const PARAMETER_ORDER: &str = "parameter_order";

/// Orders the parameters of `op` as kept in `extensions`; parameters the list does not name
/// stay after the named ones, in their order.
fn parameter_order(op: &mut serde_json::Map<String, Value>, extensions: &IndexMap<String, Value>) {
    let Some(Value::Array(order)) = extensions.get(PARAMETER_ORDER) else {
        return;
    };
    let Some(Value::Array(parameters)) = op.get_mut("parameters") else {
        return;
    };
    let rank = |p: &Value| {
        let key = format!(
            "{}/{}",
            p.get("in").and_then(Value::as_str).unwrap_or_default(),
            p.get("name").and_then(Value::as_str).unwrap_or_default()
        );
        order
            .iter()
            .position(|k| k.as_str() == Some(key.as_str()))
            .unwrap_or(order.len())
    };
    parameters.sort_by_key(rank);
}

/// Action extension key: the key the modelled answer is written under when it is not its
/// status code (`default`, an answer for any status).
pub const RESPONSE_KEY: &str = "response_key";

/// Action or trigger extension key: what the modelled answer says beyond its description,
/// schema and headers (`examples`, `x-` keys), as written.
pub const RESPONSE_KEYS: &str = "response_keys";

/// Moves the one derived answer of `op` under the key kept in `extensions` and adds the kept
/// keys of that answer.
fn response_key(op: &mut serde_json::Map<String, Value>, extensions: &IndexMap<String, Value>) {
    let Some(Value::Object(responses)) = op.get_mut("responses") else {
        return;
    };
    if let Some(Value::Object(kept)) = extensions.get(RESPONSE_KEYS) {
        if let Some(Value::Object(answer)) = responses.values_mut().next() {
            for (key, value) in kept {
                answer.insert(key.clone(), value.clone());
            }
        }
    }
    let Some(Value::String(key)) = extensions.get(RESPONSE_KEY) else {
        return;
    };
    {
        let derived: Vec<String> = responses.keys().cloned().collect();
        if let [only] = derived.as_slice() {
            let response = responses.remove(only).expect("listed");
            responses.insert(key.clone(), response);
        }
    }
}

/// Adds the kept answers of `extensions` that `op` does not already have.
fn other_responses(op: &mut serde_json::Map<String, Value>, extensions: &IndexMap<String, Value>) {
    let Some(Value::Object(kept)) = extensions.get(OTHER_RESPONSES) else {
        return;
    };
    let responses = op
        .entry("responses")
        .or_insert_with(|| Value::Object(serde_json::Map::new()));
    if let Value::Object(responses) = responses {
        for (code, response) in kept {
            responses
                .entry(code.clone())
                .or_insert_with(|| response.clone());
        }
    }
}

/// Connection parameter extension key: the parameter's `uiDefinition` kept as written.
pub const UI_DEFINITION: &str = "ui_definition";

/// Connection parameter extension key: the keys of the parameter's entry the importer does not
/// read (and a `type` it reads as another), kept as written.
pub const ENTRY_KEYS: &str = "entry_keys";

/// Connector extension key: the OAuth connection parameter's keys beside its type, settings and
/// `uiDefinition`, kept as written.
pub const OAUTH_ENTRY_KEYS: &str = "oauth_entry_keys";

/// Connector extension key: the OAuth connection parameter's `uiDefinition` kept as written.
pub const OAUTH_UI_DEFINITION: &str = "oauth_ui_definition";

/// Writes each connection parameter's kept `uiDefinition` over the emitted one.
pub fn connection(properties: &mut Value, connector: &crate::ir::Connector) {
    let Some(Value::Object(params)) = properties.pointer_mut("/properties/connectionParameters")
    else {
        return;
    };
    absent(params, connector);
    let oauth = params
        .values_mut()
        .filter_map(Value::as_object_mut)
        .find(|p| p.get("type") == Some(&Value::String("oauthSetting".into())));
    if let Some(entry) = oauth {
        if let Some(ui) = connector.extensions.get(OAUTH_UI_DEFINITION) {
            entry.insert("uiDefinition".into(), ui.clone());
        }
        if let Some(Value::Object(kept)) = connector.extensions.get(OAUTH_ENTRY_KEYS) {
            for (k, v) in kept {
                entry.insert(k.clone(), v.clone());
            }
        }
    }
    for field in &connector.connection {
        let key = super::connection_keys::parameter_key(&field.wire_name);
        let Some(Value::Object(entry)) = params.get_mut(&key) else {
            continue;
        };
        if let Some(ui) = field.extensions.get(UI_DEFINITION) {
            entry.insert("uiDefinition".into(), ui.clone());
        }
        if let Some(Value::Object(kept)) = field.extensions.get(ENTRY_KEYS) {
            for (k, v) in kept {
                entry.insert(k.clone(), v.clone());
            }
        }
    }
}

/// Connector extension key: `false` when parameters get a designer label (`x-ms-summary`) only
/// where the spec gives one. An import writes it so that labels the original lacks stay
/// missing; `connectorc import --fix` leaves it out and the emitter derives them.
pub const DERIVE_LABELS: &str = "derive_labels";

/// Whether the emitter derives the labels the spec leaves out.
pub fn derives_labels(connector: &crate::ir::Connector) -> bool {
    connector.extensions.get(DERIVE_LABELS) != Some(&Value::Bool(false))
}

/// Connector extension key: `false` when parameters get `x-ms-url-encoding` and
/// `collectionFormat` only where the spec says one. An import writes it so that the original's
/// parameters come back as written; `connectorc import --fix` leaves it out and the emitter
/// writes its defaults (`single` on path parameters, `csv` on lists).
pub const DERIVE_ENCODINGS: &str = "derive_encodings";

/// Whether the emitter writes the encodings the spec leaves out.
pub fn derives_encodings(connector: &crate::ir::Connector) -> bool {
    connector.extensions.get(DERIVE_ENCODINGS) != Some(&Value::Bool(false))
}

/// Connector extension key: `false` when operations keep their paths even where the shapes of
/// two of them overlap (`/items/{id}` and `/items/latest`), as the imported original publishes
/// them; otherwise the later one moves under `/{operationId}/…` with a route rewrite.
pub const SEPARATE_ROUTES: &str = "separate_routes";

/// Whether the emitter moves operations whose path shapes overlap.
pub fn separates_routes(connector: &crate::ir::Connector) -> bool {
    connector.extensions.get(SEPARATE_ROUTES) != Some(&Value::Bool(false))
}

/// Connector extension key: by path, what a path item of the original says beside its
/// operations (its `x-` keys, but the payload of a webhook trigger, and its `parameters`), as
/// written; a path item without operations is kept too.
pub const PATH_ITEMS: &str = "path_items";

/// Writes the kept path item keys into `paths`, adding the path items the emitter has none
/// for.
fn path_items(paths: &mut serde_json::Map<String, Value>, connector: &crate::ir::Connector) {
    let Some(Value::Object(kept)) = connector.extensions.get(PATH_ITEMS) else {
        return;
    };
    for (path, keys) in kept {
        let item = paths
            .entry(path.clone())
            .or_insert_with(|| Value::Object(serde_json::Map::new()));
        if let (Value::Object(item), Value::Object(keys)) = (item, keys) {
            for (key, value) in keys {
                // A webhook's payload the emitter writes itself wins over the kept one.
                if key == "x-ms-notification-content" && item.contains_key(key) {
                    continue;
                }
                item.insert(key.clone(), value.clone());
            }
        }
    }
}

/// Connector extension key: `true` when `info.description` is written exactly as the spec gives
/// it (an import keeps the original's line breaks and length); without it the emitter joins it
/// onto one line and cuts it at a sentence end ([`super::definition::short_description`]).
pub const DESCRIPTION_AS_WRITTEN: &str = "description_as_written";

/// Whether `info.description` is written as the spec gives it.
pub fn description_as_written(connector: &crate::ir::Connector) -> bool {
    connector.extensions.get(DESCRIPTION_AS_WRITTEN) == Some(&Value::Bool(true))
}

/// Connector extension key: the swagger's `securityDefinitions` and root `security` as written
/// where they differ from the derived ones (null when the original has none), with the
/// definitions the emitter derived from the spec's authentication at import:
/// `{"derived": …, "securityDefinitions": …, "security": …}`. The emitter writes them over its
/// own while it still derives those definitions (the spec's authentication did not change).
pub const SECURITY_DEFINITIONS: &str = "security_definitions";

/// Connector extension key: the `x-ms-connector-metadata` list as written. The emitter writes it
/// over the list it derives while it still reads as the spec's metadata
/// ([`crate::powerplatform::metadata::read_connector_metadata`]).
pub const CONNECTOR_METADATA: &str = "connector_metadata";

/// Connector extension key: the swagger's `host` and `schemes` as written where the emitter
/// derives others (a host a `dynamichosturl` policy replaces, several schemes), with the spec's
/// `base_url` at import: `{"base_url": …, "host": …, "schemes": …}` (null: the original has
/// none). The emitter writes them while the base URL is still that one.
pub const BASE_AS_WRITTEN: &str = "base_as_written";

/// Writes the kept security definitions, metadata list, host and schemes over `swagger` where
/// they still say what the spec says.
pub fn root(swagger: &mut Value, connector: &crate::ir::Connector) {
    let Some(root) = swagger.as_object_mut() else {
        return;
    };
    if let Some(Value::Object(kept)) = connector.extensions.get(BASE_AS_WRITTEN) {
        if kept.get("base_url").and_then(Value::as_str) == Some(connector.base_url.raw.as_str()) {
            for (key, value) in kept.iter().filter(|(k, _)| *k != "base_url") {
                if value.is_null() {
                    root.remove(key);
                } else {
                    root.insert(key.clone(), value.clone());
                }
            }
        }
    }
    if let Some(Value::Object(kept)) = connector.extensions.get(SECURITY_DEFINITIONS) {
        let derived = root
            .get("securityDefinitions")
            .cloned()
            .unwrap_or_else(|| Value::Object(serde_json::Map::new()));
        if kept.get("derived") == Some(&derived) {
            for key in ["securityDefinitions", "security"] {
                match kept.get(key) {
                    None => {}
                    Some(Value::Null) => {
                        root.remove(key);
                    }
                    Some(value) => {
                        root.insert(key.into(), value.clone());
                    }
                }
            }
        }
    }
    if let Some(Value::Array(kept)) = connector.extensions.get(CONNECTOR_METADATA) {
        let read = crate::powerplatform::metadata::read_connector_metadata(kept);
        let m = &connector.metadata;
        let same = read.website == m.website
            && read.privacy_policy == m.privacy_policy
            && read.categories == m.categories;
        if same {
            root.insert("x-ms-connector-metadata".into(), Value::Array(kept.clone()));
        }
    }
}

/// Connector extension key: the policy template instances as written, in their order, each
/// without its `parameters` but with `match`: the parameters that tell instances of one template
/// apart (the operations it applies to, the header it sets), and `derived_title`, the title the
/// emitter gives it when that differs. The emitter writes each derived instance that matches one
/// in the kept order with the kept spelling, and with the kept title while its own title is
/// still `derived_title` (a title the spec changes wins); derived instances matching none
/// follow.
pub const POLICY_INSTANCES: &str = "policy_instances";

/// The parameters that tell two instances of one policy template apart.
pub const POLICY_IDENTITY: &[&str] = &[
    "x-ms-apimTemplate-operationName",
    "x-ms-apimTemplateParameter.name",
];

/// The kept form of one policy instance as written (see [`POLICY_INSTANCES`]).
pub fn policy_presentation(instance: &Value) -> Option<Value> {
    let map = instance.as_object()?;
    let mut out: serde_json::Map<String, Value> = map
        .iter()
        .filter(|(k, _)| *k != "parameters")
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let params = instance.get("parameters");
    let identity: serde_json::Map<String, Value> = POLICY_IDENTITY
        .iter()
        .filter_map(|k| Some(((*k).to_owned(), params?.get(*k)?.clone())))
        .collect();
    out.insert("match".into(), Value::Object(identity));
    Some(Value::Object(out))
}

fn same_policy(kept: &Value, derived: &Value) -> bool {
    let template = |v: &Value| {
        v.get("templateId")
            .and_then(Value::as_str)
            .map(str::to_ascii_lowercase)
    };
    if template(kept).is_none() || template(kept) != template(derived) {
        return false;
    }
    POLICY_IDENTITY.iter().all(|key| {
        kept.get("match").and_then(|m| m.get(*key))
            == derived.get("parameters").and_then(|p| p.get(*key))
    })
}

/// Writes the derived policy instances of `properties` in the kept order with the kept titles.
pub fn policies(properties: &mut Value, extensions: &IndexMap<String, Value>) {
    let Some(Value::Array(kept)) = extensions.get(POLICY_INSTANCES) else {
        return;
    };
    let Some(Value::Object(inner)) = properties.get_mut("properties") else {
        return;
    };
    let derived = match inner.remove("policyTemplateInstances") {
        Some(Value::Array(list)) => list,
        _ => Vec::new(),
    };
    let mut used = vec![false; derived.len()];
    let mut out = Vec::new();
    for k in kept {
        let found = (0..derived.len()).find(|&i| !used[i] && same_policy(k, &derived[i]));
        let (Some(i), Some(map)) = (found, k.as_object()) else {
            continue;
        };
        used[i] = true;
        let mut entry: serde_json::Map<String, Value> = map
            .iter()
            .filter(|(key, _)| !matches!(key.as_str(), "match" | "derived_title"))
            .map(|(key, v)| (key.clone(), v.clone()))
            .collect();
        if let Some(p) = derived[i].get("parameters") {
            entry.insert("parameters".into(), p.clone());
        }
        // The kept title while the emitter still titles the instance as at import (the spec
        // did not retitle it).
        let title = derived[i].get("title");
        if title != map.get("title") && title != map.get("derived_title") {
            if let Some(title) = title {
                entry.insert("title".into(), title.clone());
            }
        }
        out.push(Value::Object(entry));
    }
    out.extend(
        derived
            .into_iter()
            .zip(used)
            .filter(|(_, used)| !used)
            .map(|(d, _)| d),
    );
    if !out.is_empty() {
        inner.insert("policyTemplateInstances".into(), Value::Array(out));
    }
}

/// Connector extension key: the keys of the OAuth connection parameter's `oAuthSettings` the
/// original does not write (`redirectUrl`, `properties`, `clientId`); the emitter leaves them out
/// while they hold its defaults (the spec gives none).
pub const OAUTH_SETTINGS_ABSENT: &str = "oauth_settings_absent";

/// Connection parameter extension key: the keys of the parameter's entry the original does not
/// write (such as `allowedValues` when they are only in its `uiDefinition`); left out.
pub const ABSENT: &str = "absent";

/// Connection parameter extension key: `true` for a parameter the original connector does not
/// declare (the platform makes the API-key parameter from the security definition); left out.
pub const IMPLICIT: &str = "implicit";

/// Removes from the emitted connection parameters what the original does not write.
fn absent(params: &mut serde_json::Map<String, Value>, connector: &crate::ir::Connector) {
    if let Some(Value::Array(keys)) = connector.extensions.get(OAUTH_SETTINGS_ABSENT) {
        let settings = params
            .values_mut()
            .filter_map(|p| p.get_mut("oAuthSettings"))
            .find_map(Value::as_object_mut);
        if let Some(settings) = settings {
            for key in keys.iter().filter_map(Value::as_str) {
                // Only what the emitter filled in itself; a value the spec gives stays.
                if super::connection_keys::oauth_setting_default(key).as_ref() == settings.get(key)
                {
                    settings.remove(key);
                }
            }
        }
    }
    for field in &connector.connection {
        let key = super::connection_keys::parameter_key(&field.wire_name);
        if field.extensions.get(IMPLICIT) == Some(&Value::Bool(true)) {
            params.remove(&key);
            continue;
        }
        if let (Some(Value::Array(keys)), Some(Value::Object(entry))) =
            (field.extensions.get(ABSENT), params.get_mut(&key))
        {
            for k in keys.iter().filter_map(Value::as_str) {
                entry.remove(k);
            }
        }
    }
}

/// Trigger extension key: `false` for a polling trigger whose original has no `pollingtrigger`
/// policy; the emitter writes none for it.
pub const POLLING_POLICY: &str = "polling_policy";

/// Removes the derived polling policies of the triggers that say [`POLLING_POLICY`] `false`.
pub fn unwritten_polls(properties: &mut Value, connector: &crate::ir::Connector) {
    let Some(Value::Array(list)) = properties.pointer_mut("/properties/policyTemplateInstances")
    else {
        return;
    };
    let unwritten: codegen::fast_hash::Set<&str> = connector
        .triggers
        .iter()
        .filter(|t| t.extensions.get(POLLING_POLICY) == Some(&Value::Bool(false)))
        .map(|t| t.name.as_str())
        .collect();
    if !unwritten.is_empty() {
        // A policy names its trigger as the one operation of its list.
        list.retain(|p| {
            p.get("templateId").and_then(Value::as_str) != Some("pollingtrigger")
                || !matches!(
                    p.pointer("/parameters/x-ms-apimTemplate-operationName"),
                    Some(Value::Array(names))
                        if matches!(names.as_slice(), [Value::String(name)] if unwritten.contains(name.as_str()))
                )
        });
    }
    if list.is_empty() {
        if let Some(Value::Object(inner)) = properties.get_mut("properties") {
            inner.remove("policyTemplateInstances");
        }
    }
}
