//! Keys an imported connector keeps as written at the roots of its two files.
//!
//! The importer stores what the spec language has no place for, at the root of the swagger
//! (`info.contact`, `info.termsOfService`, root `consumes`, `produces`, `tags`, …) and of
//! `apiProperties.json` (`capabilities`, `stackOwner`), under the connector's extensions
//! [`SWAGGER_ROOT`] and [`PROPERTIES_ROOT`]; the emitter writes them back unchanged over what it
//! would otherwise derive.

use indexmap::IndexMap;
use serde_json::Value;

/// Extension key: swagger root keys kept as written (`info` merges into the emitted `info`; a
/// null value removes the key).
pub const SWAGGER_ROOT: &str = "swagger_root";
/// Extension key: `apiProperties.json` `properties` keys kept as written.
pub const PROPERTIES_ROOT: &str = "properties_root";

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
    let Some(Value::Object(kept)) = extensions.get(PROPERTIES_ROOT) else {
        return;
    };
    if let Some(Value::Object(inner)) = properties.get_mut("properties") {
        for (key, value) in kept {
            inner.insert(key.clone(), value.clone());
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
    for item in paths.values_mut().filter_map(Value::as_object_mut) {
        notification_content(item, connector);
        for op in item.values_mut().filter_map(Value::as_object_mut) {
            let Some(id) = op.get("operationId").and_then(Value::as_str) else {
                continue;
            };
            let extensions = match connector.action(id) {
                Some(action) => &action.extensions,
                None => match connector.triggers.iter().find(|t| t.name == id) {
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

/// Action or trigger extension key: the answers the spec does not model (errors, `default`,
/// other successes), as written with their `$ref`s inlined; each is written back beside the
/// answer the emitter derives, never over it.
pub const OTHER_RESPONSES: &str = "other_responses";

/// Trigger extension key: the keys of a webhook's `x-ms-notification-content` other than its
/// schema, as written (a null value means the original has no such key).
pub const NOTIFICATION_KEYS: &str = "notification_keys";

/// Writes the kept notification keys of the webhook trigger subscribed at `item` over its
/// `x-ms-notification-content`.
fn notification_content(
    item: &mut serde_json::Map<String, Value>,
    connector: &crate::ir::Connector,
) {
    let kept = item
        .values()
        .filter_map(|op| op.get("operationId").and_then(Value::as_str))
        .filter_map(|id| connector.triggers.iter().find(|t| t.name == id))
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

/// Connector extension key: the OAuth connection parameter's `uiDefinition` kept as written.
pub const OAUTH_UI_DEFINITION: &str = "oauth_ui_definition";

/// Writes each connection parameter's kept `uiDefinition` over the emitted one.
pub fn connection(properties: &mut Value, connector: &crate::ir::Connector) {
    let Some(Value::Object(params)) = properties.pointer_mut("/properties/connectionParameters")
    else {
        return;
    };
    if let Some(ui) = connector.extensions.get(OAUTH_UI_DEFINITION) {
        let oauth = params
            .values_mut()
            .filter_map(Value::as_object_mut)
            .find(|p| p.get("type") == Some(&Value::String("oauthSetting".into())));
        if let Some(entry) = oauth {
            entry.insert("uiDefinition".into(), ui.clone());
        }
    }
    for field in &connector.connection {
        let Some(ui) = field.extensions.get(UI_DEFINITION) else {
            continue;
        };
        let key = super::properties::parameter_key(&field.wire_name);
        if let Some(Value::Object(entry)) = params.get_mut(&key) {
            entry.insert("uiDefinition".into(), ui.clone());
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
