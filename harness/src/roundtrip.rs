//! The corpus round trip: import a Power Platform connector, check the spec, emit the platform
//! files again and compare them with the original **semantically** — operations (id, method,
//! effective path), parameters (name, location, required, type, format, `x-ms-summary`,
//! `x-ms-visibility`, `x-ms-url-encoding`), request and answer schemas after `$ref` resolution,
//! trigger kinds and notification content, security and connection parameters.
//!
//! Each difference has a class; classes that are the original's fault (a certification rule it
//! breaks, a path parameter missing from its path, …) are marked as such.

use crate::emit::powerplatform::schema::PLATFORM_FORMATS;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::{json, Map, Value};

use connector_platform::import::json as lenient;
use connector_platform::import::powerplatform::{PROPERTIES_FILE, SWAGGER_FILE};
use connector_platform::import::Warnings;

/// One semantic difference between the original and the round-tripped connector.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Difference {
    /// The class (`param.summary`, `schema.response`, …).
    pub class: String,
    /// Whether the original is at fault (it breaks a platform rule or contradicts itself).
    pub original_bug: bool,
    /// Where and what.
    pub detail: String,
}

/// The outcome of one connector's round trip.
#[derive(Clone, Debug, Default)]
pub struct Outcome {
    /// The connector folder.
    pub folder: PathBuf,
    /// The importer produced a spec.
    pub imported: bool,
    /// The spec checked without errors.
    pub checked: bool,
    /// Why the import or the check failed.
    pub failure: Option<String>,
    /// Importer warnings.
    pub warnings: usize,
    /// Semantic differences (empty when the round trip is exact).
    pub differences: Vec<Difference>,
}

impl Outcome {
    /// Whether the connector came back with no difference, or only differences that are the
    /// original's bugs.
    pub fn exact(&self) -> bool {
        self.checked && self.differences.iter().all(|d| d.original_bug)
    }
}

/// Connector folders under `root` (any folder holding an `apiDefinition.swagger.json`), sorted.
pub fn connector_folders(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                if path.join(SWAGGER_FILE).is_file() {
                    out.push(path);
                } else {
                    stack.push(path);
                }
            }
        }
    }
    out.sort();
    out
}

fn read_json(path: &Path) -> Option<Value> {
    let bytes = std::fs::read(path).ok()?;
    let mut w = Warnings::default();
    let text = lenient::decode(&bytes, &mut w);
    lenient::parse_json(&text, &mut w).ok()
}

/// Imports, checks, emits and compares one connector folder. Never panics on bad input: a
/// panic inside the pipeline is caught and reported as a failure.
pub fn round_trip(folder: &Path) -> Outcome {
    let mut outcome = Outcome {
        folder: folder.to_path_buf(),
        ..Outcome::default()
    };
    let result = std::panic::catch_unwind(|| run(folder));
    match result {
        Ok(Ok((warnings, checked, differences, failure))) => {
            outcome.imported = true;
            outcome.warnings = warnings;
            outcome.checked = checked;
            outcome.differences = differences;
            outcome.failure = failure;
        }
        Ok(Err(message)) => outcome.failure = Some(message),
        Err(_) => outcome.failure = Some("panic".into()),
    }
    outcome
}

type RunResult = Result<(usize, bool, Vec<Difference>, Option<String>), String>;

fn run(folder: &Path) -> RunResult {
    let imported =
        connector_platform::import::import_path(folder).map_err(|e| format!("import: {e}"))?;
    let warnings = imported.warnings.len();
    let spec_path = PathBuf::from(format!("{}.yaml", imported.suggested_id));
    let outcome = crate::check_source(&spec_path, imported.yaml.clone(), &Default::default());
    let Some(connector) = outcome.connector else {
        let first = outcome
            .diagnostics
            .iter()
            .find(|d| d.is_error())
            .map(|d| format!("{:?}: {}", d.code, d.message))
            .unwrap_or_default();
        return Ok((warnings, false, Vec::new(), Some(format!("check: {first}"))));
    };
    let files = crate::emit::powerplatform::emit(&connector);
    let emitted_swagger: Value =
        serde_json::from_str(&files.swagger).map_err(|e| format!("emitted swagger: {e}"))?;
    let emitted_props: Value =
        serde_json::from_str(&files.properties).map_err(|e| format!("emitted properties: {e}"))?;
    let original_swagger =
        read_json(&folder.join(SWAGGER_FILE)).ok_or("original swagger unreadable")?;
    let original_props = read_json(&folder.join(PROPERTIES_FILE)).unwrap_or(json!({}));
    let differences = compare(
        &original_swagger,
        &original_props,
        &emitted_swagger,
        &emitted_props,
    );
    Ok((warnings, true, differences, None))
}

/// The semantic view of one connector.
#[derive(Debug, Default)]
struct Semantics {
    operations: BTreeMap<String, OpView>,
    security: Option<Value>,
    connection: BTreeMap<String, Value>,
}

#[derive(Debug, Default)]
struct OpView {
    method: String,
    path: String,
    kind: String,
    params: BTreeMap<(String, String), Map<String, Value>>,
    body: Option<Value>,
    response: Option<Value>,
    notification: Option<Value>,
}

/// Compares two connectors (swagger + properties each).
pub fn compare(
    orig_swagger: &Value,
    orig_props: &Value,
    new_swagger: &Value,
    new_props: &Value,
) -> Vec<Difference> {
    let a = semantics(orig_swagger, orig_props);
    let b = semantics(new_swagger, new_props);
    let mut out = Vec::new();
    let mut push = |class: &str, bug: bool, detail: String| {
        out.push(Difference {
            class: class.to_owned(),
            original_bug: bug,
            detail,
        })
    };
    for (id, op) in &a.operations {
        let Some(other) = b.operations.get(id) else {
            push("operation.missing", false, id.clone());
            continue;
        };
        if op.method != other.method {
            push(
                "operation.method",
                false,
                format!("{id}: {} → {}", op.method, other.method),
            );
        }
        if op.path != other.path {
            push(
                "operation.path",
                false,
                format!("{id}: {} → {}", op.path, other.path),
            );
        }
        if op.kind != other.kind {
            push(
                "trigger.kind",
                false,
                format!("{id}: {} → {}", op.kind, other.kind),
            );
        }
        let webhook = op.kind.starts_with("webhook");
        for (key, p) in &op.params {
            if webhook && key.1 == "body" {
                continue;
            }
            let Some(q) = other.params.get(key) else {
                let bug = key.1 == "path" && !op.path.contains(&format!("{{{}}}", key.0));
                let class = if key.1 == "body" && op.method == "get" {
                    "param.get-body"
                } else {
                    "param.missing"
                };
                push(
                    class,
                    bug || class == "param.get-body",
                    format!("{id}: {} in {}", key.0, key.1),
                );
                continue;
            };
            for field in [
                "required",
                "type",
                "format",
                "x-ms-summary",
                "x-ms-visibility",
                "x-ms-url-encoding",
                "schema",
            ] {
                let (x, y) = (p.get(field), q.get(field));
                if x == y {
                    continue;
                }
                let bad_format = field == "format"
                    && x.is_some_and(|f| !PLATFORM_FORMATS.contains(&f.as_str().unwrap_or("")));
                let bug = match field {
                    // Certification requires a summary on every parameter.
                    "x-ms-summary" => x.is_none(),
                    "format" => bad_format,
                    // Path parameters must be required and say their encoding.
                    "required" | "x-ms-url-encoding" => {
                        key.1 == "path"
                            && x.is_none_or(|v| v != &json!(true) || field == "x-ms-url-encoding")
                    }
                    _ => false,
                };
                let class = if bad_format {
                    "param.format-not-in-platform-list".to_owned()
                } else {
                    format!("param.{field}")
                };
                push(
                    &class,
                    bug,
                    format!("{id}: {} in {}: {} → {}", key.0, key.1, show(x), show(y)),
                );
            }
        }
        for key in other.params.keys() {
            if !(op.params.contains_key(key) || webhook && key.1 == "body") {
                let bug = key.1 == "path";
                push("param.added", bug, format!("{id}: {} in {}", key.0, key.1));
            }
        }
        let schemas = [
            (
                "schema.body",
                !webhook && op.body.is_some() && other.body.is_some(),
                &op.body,
                &other.body,
            ),
            ("schema.response", !webhook, &op.response, &other.response),
            (
                "trigger.notification",
                true,
                &op.notification,
                &other.notification,
            ),
        ];
        for (class, compared, x, y) in schemas {
            if !compared || x == y {
                continue;
            }
            let mut leaves = Vec::new();
            leaf_differences(x.as_ref(), y.as_ref(), "", &mut leaves);
            let mut seen = BTreeSet::new();
            for (at, p, q) in leaves {
                let key = at.rsplit('/').next().unwrap_or("").to_owned();
                let parent = at.rsplit_once('/').map(|(p, _)| p).unwrap_or("");
                let parent_type = x
                    .as_ref()
                    .and_then(|v| v.pointer(parent))
                    .and_then(|v| v.get("type"))
                    .and_then(Value::as_str)
                    .unwrap_or("string");
                let enum_mismatch = key == "enum"
                    && p.as_ref()
                        .and_then(Value::as_array)
                        .is_some_and(|values| values.iter().any(|v| !fits(v, parent_type)));
                // Certification wants a label on every property; the emitter supplies one.
                let (sub, bug) = match (key.as_str(), &p) {
                    (k, None) if k.starts_with("x-ms-summary") => ("x-ms-summary-missing", true),
                    // The platform's visibility words are lower case.
                    ("x-ms-visibility", Some(Value::String(v)))
                        if q.as_ref().and_then(Value::as_str)
                            == Some(v.to_ascii_lowercase().as_str())
                            && v != &v.to_ascii_lowercase() =>
                    {
                        ("visibility-not-lower-case", true)
                    }
                    // The platform knows no empty visibility or summary.
                    (k, Some(Value::String(v)))
                        if k.starts_with("x-ms-") && v.trim().is_empty() =>
                    {
                        ("empty-designer-keyword", true)
                    }
                    // `required` means nothing outside an object, `items` nothing outside a list.
                    ("required", _) if parent_type != "object" => ("required-outside-object", true),
                    ("items", _) if parent_type != "array" => ("items-outside-array", true),
                    // A format without a type leaves the type to the reader.
                    ("type", None)
                        if x.as_ref()
                            .and_then(|v| v.pointer(parent))
                            .is_some_and(|s| s.get("format").is_some()) =>
                    {
                        ("type-missing-beside-format", true)
                    }
                    ("additionalProperties", _) if parent_type != "object" => {
                        ("additional-properties-outside-object", true)
                    }
                    ("enum", _) if enum_mismatch => ("enum-values-not-of-the-type", true),
                    // The platform's schema allows only its own list of formats.
                    ("format", Some(f))
                        if !PLATFORM_FORMATS.contains(&f.as_str().unwrap_or("")) =>
                    {
                        ("format-not-in-platform-list", true)
                    }
                    (
                        "x-ms-summary" | "x-ms-visibility" | "format" | "required" | "enum"
                        | "type",
                        _,
                    ) => (key.as_str(), false),
                    _ => ("shape", false),
                };
                let class = format!("{class}.{sub}");
                if seen.insert(class.clone()) {
                    push(
                        &class,
                        bug,
                        format!("{id}: {at}: {} → {}", show(p.as_ref()), show(q.as_ref())),
                    );
                }
            }
        }
    }
    for id in b.operations.keys() {
        if !a.operations.contains_key(id) {
            push("operation.added", false, id.clone());
        }
    }
    let has_oauth_setting = a
        .connection
        .values()
        .any(|p| p.get("type") == Some(&json!("oauthSetting")));
    if a.security != b.security {
        // OAuth declared only in apiProperties: the swagger file contradicts the connection.
        let oauth = |s: &Option<Value>| {
            s.as_ref()
                .and_then(Value::as_array)
                .is_some_and(|entries| entries.iter().any(|e| e.get("oauth2").is_some()))
        };
        let without_oauth = |s: &Option<Value>| -> Vec<Value> {
            s.as_ref()
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter(|e| e.get("oauth2").is_none())
                .cloned()
                .collect()
        };
        let bug = has_oauth_setting
            && !oauth(&a.security)
            && oauth(&b.security)
            && without_oauth(&a.security) == without_oauth(&b.security);
        let class = if bug {
            "security.oauth-only-in-properties"
        } else {
            "security"
        };
        push(
            class,
            bug,
            format!(
                "{} → {}",
                show(a.security.as_ref()),
                show(b.security.as_ref())
            ),
        );
    }
    for (name, p) in &a.connection {
        match b.connection.get(name) {
            None => {
                let renamed = crate::emit::powerplatform::properties::parameter_key(name);
                if &renamed != name && b.connection.contains_key(&renamed) {
                    push("connection.renamed", false, format!("{name} → {renamed}"));
                } else {
                    push("connection.missing", false, name.clone());
                }
            }
            Some(q) if q != p => push("connection.changed", false, format!("{name}: {p} → {q}")),
            _ => {}
        }
    }
    for name in b.connection.keys() {
        if a.connection.contains_key(name) {
            continue;
        }
        let renamed = a.connection.keys().any(|k| {
            &crate::emit::powerplatform::properties::parameter_key(k) == name && k != name
        });
        if renamed {
            continue;
        }
        // An API key scheme whose parameter the original leaves to the platform.
        let implicit = name == "api_key"
            && a.security
                .as_ref()
                .and_then(Value::as_array)
                .is_some_and(|entries| entries.iter().any(|e| e.get("apiKey").is_some()));
        push(
            if implicit {
                "connection.implicit-api-key"
            } else {
                "connection.added"
            },
            implicit,
            name.clone(),
        );
    }
    out.sort();
    out
}

/// Whether a JSON value is of a schema type.
fn fits(value: &Value, ty: &str) -> bool {
    let matches = match ty {
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        _ => true,
    };
    matches || value.is_null()
}

fn show(v: Option<&Value>) -> String {
    match v {
        None => "(none)".into(),
        Some(v) => {
            let text = v.to_string();
            if text.len() > 80 {
                format!("{}…", text.chars().take(80).collect::<String>())
            } else {
                text
            }
        }
    }
}

/// Every leaf where two normal schemas differ: (path, original, round trip).
fn leaf_differences(
    a: Option<&Value>,
    b: Option<&Value>,
    at: &str,
    out: &mut Vec<(String, Option<Value>, Option<Value>)>,
) {
    match (a, b) {
        (Some(Value::Object(x)), Some(Value::Object(y))) => {
            for (k, v) in x {
                leaf_differences(Some(v), y.get(k), &format!("{at}/{k}"), out);
            }
            for (k, w) in y {
                if !x.contains_key(k) {
                    leaf_differences(None, Some(w), &format!("{at}/{k}"), out);
                }
            }
        }
        (x, y) if x == y => {}
        (x, y) => out.push((
            if at.is_empty() {
                "/".into()
            } else {
                at.to_owned()
            },
            x.cloned(),
            y.cloned(),
        )),
    }
}

fn semantics(swagger: &Value, props: &Value) -> Semantics {
    let mut s = Semantics::default();
    let properties = props.get("properties").cloned().unwrap_or(json!({}));
    let policies: Vec<Value> = properties
        .get("policyTemplateInstances")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    // A `dynamichosturl` policy for every operation replaces host and base path.
    let dynamic_base = policies.iter().find_map(|p| {
        let template = p.get("templateId").and_then(Value::as_str)?;
        if !template.eq_ignore_ascii_case("dynamichosturl")
            || p.pointer("/parameters/x-ms-apimTemplate-operationName")
                .is_some()
        {
            return None;
        }
        let url = p
            .pointer("/parameters/x-ms-apimTemplateParameter.urlTemplate")?
            .as_str()?;
        let rest = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
        Some(
            rest.find('/')
                .map(|i| rest[i..].to_owned())
                .unwrap_or_default(),
        )
    });
    let base = dynamic_base.as_deref().unwrap_or_else(|| {
        swagger
            .get("basePath")
            .and_then(Value::as_str)
            .unwrap_or("/")
    });
    let resolver = Resolver { root: swagger };
    if let Some(paths) = swagger.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            let Some(item) = item.as_object() else {
                continue;
            };
            for (method, op) in item {
                let method = method.to_ascii_lowercase();
                if !["get", "put", "post", "delete", "options", "head", "patch"]
                    .contains(&method.as_str())
                {
                    continue;
                }
                let Some(op) = op.as_object() else { continue };
                let Some(id) = op.get("operationId").and_then(Value::as_str) else {
                    continue;
                };
                let mut view = OpView {
                    method: method.clone(),
                    ..OpView::default()
                };
                let routed = policies.iter().find_map(|p| {
                    let template = p.get("templateId").and_then(Value::as_str)?;
                    if template != "routerequesttoendpoint" {
                        return None;
                    }
                    let ops = p
                        .pointer("/parameters/x-ms-apimTemplate-operationName")?
                        .as_array()?;
                    if !ops.iter().any(|o| o.as_str() == Some(id)) {
                        return None;
                    }
                    p.pointer("/parameters/x-ms-apimTemplateParameter.newPath")?
                        .as_str()
                        .map(str::to_owned)
                });
                // `newPath` is relative to the base path, like the operation's own path.
                let effective = match routed {
                    Some(p) => format!("{base}/{p}"),
                    None => format!("{base}/{path}"),
                };
                view.path = normalise_path(&effective);
                let notification_body = {
                    let mut found = false;
                    for p in params_of(item, op, &resolver) {
                        if p.get("in").and_then(Value::as_str) == Some("body") {
                            if let Some(schema) = p.get("schema") {
                                found |= resolver.has_notification_url(schema, 0);
                            }
                        }
                    }
                    found
                };
                view.kind = match op.get("x-ms-trigger").and_then(Value::as_str) {
                    Some(kind) if notification_body => format!("webhook/{kind}"),
                    Some(kind) => format!("poll/{kind}"),
                    None if item.contains_key("x-ms-notification-content") && notification_body => {
                        "webhook/single".into()
                    }
                    None => "action".into(),
                };
                for p in params_of(item, op, &resolver) {
                    let name = p
                        .get("name")
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_owned();
                    let location = p.get("in").and_then(Value::as_str).unwrap_or("").to_owned();
                    let mut m = Map::new();
                    let required = p.get("required") == Some(&json!(true)) || location == "path";
                    m.insert("required".into(), json!(required));
                    if location == "body" {
                        let schema = p
                            .get("schema")
                            .map(|x| resolver.normal(x, &mut BTreeSet::new(), 0));
                        view.body = schema;
                        // Body parameters keep their name/required/summary only.
                        if let Some(sm) = p.get("x-ms-summary") {
                            m.insert("x-ms-summary".into(), sm.clone());
                        }
                        view.params.insert((name, location), m);
                        continue;
                    }
                    let ty = p.get("type").cloned().unwrap_or(json!("string"));
                    let is_file = ty == json!("file");
                    m.insert("type".into(), ty);
                    for key in ["format", "x-ms-summary", "x-ms-visibility"] {
                        if let Some(v) = p.get(key).filter(|v| !v.is_null() && v != &&json!("")) {
                            m.insert(key.into(), v.clone());
                        }
                    }
                    if is_file {
                        // A file is binary whatever its format says.
                        m.remove("format");
                    }
                    if m.get("x-ms-visibility") == Some(&json!("none")) {
                        m.remove("x-ms-visibility");
                    }
                    if location == "path" {
                        let enc = p
                            .get("x-ms-url-encoding")
                            .cloned()
                            .unwrap_or(json!("single"));
                        m.insert("x-ms-url-encoding".into(), enc);
                    }
                    view.params.insert((name, location), m);
                }
                if !view.kind.starts_with("webhook") {
                    view.response = success_schema(op, &resolver);
                } else if let Some(content) = item.get("x-ms-notification-content") {
                    view.notification = content
                        .get("schema")
                        .map(|x| resolver.normal(x, &mut BTreeSet::new(), 0));
                }
                s.operations.insert(id.to_owned(), view);
            }
        }
    }
    s.security = security(swagger, &policies);
    if let Some(params) = properties
        .get("connectionParameters")
        .and_then(Value::as_object)
    {
        for (name, p) in params {
            let ty = p.get("type").and_then(Value::as_str).unwrap_or("string");
            let required = p
                .pointer("/uiDefinition/constraints/required")
                .map(|v| v == &json!("true") || v == &json!(true))
                .unwrap_or(false);
            let view = if ty == "oauthSetting" {
                json!({"type": ty})
            } else {
                json!({"type": ty, "required": required})
            };
            s.connection.insert(name.clone(), view);
        }
    }
    s
}

/// The platform's view of authentication, as a sorted list: the (first) security definition,
/// and each key a policy sets from a connection parameter (a key sent either way is the same).
fn security(swagger: &Value, policies: &[Value]) -> Option<Value> {
    let mut entries: Vec<Value> = Vec::new();
    if let Some(def) = swagger
        .get("securityDefinitions")
        .and_then(Value::as_object)
        .and_then(|defs| defs.values().next())
    {
        let ty = def.get("type").and_then(Value::as_str).unwrap_or("");
        entries.push(match ty {
            "apiKey" => {
                json!({"apiKey": {"in": def.get("in"), "name": def.get("name").and_then(Value::as_str).map(str::to_ascii_lowercase)}})
            }
            "oauth2" => json!({"oauth2": {"flow": def.get("flow")}}),
            other => json!(other),
        });
    }
    for p in policies {
        let template = p.get("templateId").and_then(Value::as_str).unwrap_or("");
        let value = p
            .pointer("/parameters/x-ms-apimTemplateParameter.value")
            .and_then(Value::as_str)
            .unwrap_or("");
        let name = p
            .pointer("/parameters/x-ms-apimTemplateParameter.name")
            .and_then(Value::as_str)
            .unwrap_or("");
        if value.contains("@connectionParameters(")
            && matches!(template, "setheader" | "setqueryparameter")
        {
            let location = if template == "setheader" {
                "header"
            } else {
                "query"
            };
            entries.push(json!({"apiKey": {"in": location, "name": name.to_ascii_lowercase()}}));
        }
    }
    entries.sort_by_key(Value::to_string);
    entries.dedup();
    (!entries.is_empty()).then_some(Value::Array(entries))
}

fn params_of(
    item: &Map<String, Value>,
    op: &Map<String, Value>,
    resolver: &Resolver,
) -> Vec<Map<String, Value>> {
    let mut out: Vec<Map<String, Value>> = Vec::new();
    for list in [item.get("parameters"), op.get("parameters")]
        .into_iter()
        .flatten()
    {
        for p in list.as_array().into_iter().flatten() {
            let Some(p) = resolver.deref(p).as_object() else {
                continue;
            };
            out.retain(|q| !(q.get("name") == p.get("name") && q.get("in") == p.get("in")));
            out.push(p.clone());
        }
    }
    out
}

fn success_schema(op: &Map<String, Value>, resolver: &Resolver) -> Option<Value> {
    let responses = op.get("responses")?.as_object()?;
    let mut chosen: Option<&Value> = None;
    for (code, r) in responses {
        if code.starts_with('2') {
            let r = resolver.deref(r);
            if chosen.is_none()
                || (chosen.and_then(|c| c.get("schema")).is_none() && r.get("schema").is_some())
            {
                chosen = Some(r);
            }
        }
    }
    // As the importer reads it: a 2xx answer says what success is; `default` only without one.
    if chosen.is_none() {
        if let Some(d) = responses.get("default").map(|d| resolver.deref(d)) {
            if d.get("schema").is_some() {
                chosen = Some(d);
            }
        }
    }
    let schema = chosen?.get("schema")?;
    Some(resolver.normal(schema, &mut BTreeSet::new(), 0))
}

fn normalise_path(path: &str) -> String {
    let mut out = String::new();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        out.push('/');
        out.push_str(segment);
    }
    if out.is_empty() {
        "/".into()
    } else {
        out
    }
}

struct Resolver<'a> {
    root: &'a Value,
}

impl Resolver<'_> {
    fn deref<'v>(&'v self, v: &'v Value) -> &'v Value {
        crate::powerplatform::refs::resolve_lenient(self.root, v, 8)
    }

    /// An `allOf` schema with its parts' `allOf`s merged in.
    fn flatten(&self, schema: &Value, depth: usize) -> Value {
        let mut merged = schema.as_object().cloned().unwrap_or_default();
        let Some(parts) = merged.remove("allOf") else {
            return schema.clone();
        };
        if depth > 8 {
            return Value::Object(merged);
        }
        for part in parts.as_array().into_iter().flatten() {
            let part = self.flatten(self.deref(part), depth + 1);
            for (k, v) in part.as_object().into_iter().flatten() {
                match (merged.get_mut(k), v) {
                    (Some(Value::Object(a)), Value::Object(b)) if k == "properties" => {
                        a.extend(b.clone())
                    }
                    (Some(Value::Array(a)), Value::Array(b)) if k == "required" => {
                        a.extend(b.clone())
                    }
                    (None, _) => {
                        merged.insert(k.clone(), v.clone());
                    }
                    _ => {}
                }
            }
        }
        Value::Object(merged)
    }

    fn has_notification_url(&self, schema: &Value, depth: usize) -> bool {
        if depth > 6 {
            return false;
        }
        let schema = self.deref(schema);
        schema
            .get("properties")
            .and_then(Value::as_object)
            .is_some_and(|props| {
                props.values().any(|p| {
                    let p = self.deref(p);
                    p.get("x-ms-notification-url")
                        .is_some_and(|v| v == &json!(true) || v == &json!("true"))
                        || self.has_notification_url(p, depth + 1)
                })
            })
    }

    /// A schema reduced to what the comparison looks at, with `$ref`s resolved.
    fn normal(&self, schema: &Value, stack: &mut BTreeSet<String>, depth: usize) -> Value {
        if depth > 24 {
            return json!("…");
        }
        if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
            if stack.contains(r) {
                return json!({"recursive": true});
            }
            let Some(target) = r.strip_prefix('#').and_then(|p| self.root.pointer(p)) else {
                return json!({"unresolved": r});
            };
            stack.insert(r.to_owned());
            let out = self.normal(target, stack, depth + 1);
            stack.remove(r);
            return out;
        }
        let Some(map) = schema.as_object() else {
            return json!({});
        };
        if let Some(parts) = map.get("allOf").and_then(Value::as_array) {
            // `allOf` means the union of the parts' properties and requirements.
            let mut merged = map.clone();
            merged.remove("allOf");
            let mut props = Map::new();
            let mut required: Vec<Value> = Vec::new();
            for part in parts {
                let part = self.deref(part);
                let part = if part.get("allOf").is_some() {
                    self.flatten(part, 0)
                } else {
                    part.clone()
                };
                if let Some(Value::Object(p)) = part.get("properties") {
                    props.extend(p.clone());
                }
                if let Some(Value::Array(r)) = part.get("required") {
                    required.extend(r.clone());
                }
                for (k, v) in part.as_object().into_iter().flatten() {
                    if !matches!(k.as_str(), "properties" | "required") {
                        merged.entry(k.clone()).or_insert(v.clone());
                    }
                }
            }
            if let Some(Value::Object(p)) = map.get("properties") {
                props.extend(p.clone());
            }
            if let Some(Value::Array(r)) = map.get("required") {
                required.extend(r.clone());
            }
            if !props.is_empty() {
                merged.insert("properties".into(), Value::Object(props));
            }
            if !required.is_empty() {
                merged.insert("required".into(), Value::Array(required));
            }
            return self.normal(&Value::Object(merged), stack, depth + 1);
        }
        let mut out = Map::new();
        let ty = map.get("type").cloned().or_else(|| {
            if map.contains_key("properties") {
                Some(json!("object"))
            } else if map.contains_key("items") {
                Some(json!("array"))
            } else {
                None
            }
        });
        if ty.as_ref() == Some(&json!("file")) {
            // Swagger's `file` answer is binary content.
            out.insert("type".into(), json!("string"));
            out.insert("format".into(), json!("binary"));
        } else {
            if let Some(t) = ty {
                out.insert("type".into(), t);
            }
            if let Some(f) = map.get("format") {
                out.insert("format".into(), f.clone());
            }
        }
        if let Some(items) = map.get("items") {
            out.insert("items".into(), self.normal(items, stack, depth + 1));
        }
        if let Some(props) = map.get("properties").and_then(Value::as_object) {
            let mut p = Map::new();
            let mut names: Vec<&String> = props.keys().collect();
            names.sort();
            for name in names {
                p.insert(name.clone(), self.normal(&props[name], stack, depth + 1));
            }
            if !p.is_empty() {
                out.insert("properties".into(), Value::Object(p));
            }
        }
        if let Some(Value::Array(req)) = map.get("required") {
            let mut r: Vec<String> = req
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect();
            r.sort();
            r.dedup();
            if !r.is_empty() {
                out.insert("required".into(), json!(r));
            }
        }
        // An empty `additionalProperties` beside properties allows any extra key, as its absence does.
        let open_object = map.contains_key("properties")
            && map
                .get("additionalProperties")
                .is_some_and(|a| a == &json!({}) || a == &json!(true));
        if let Some(extra @ Value::Object(_)) =
            map.get("additionalProperties").filter(|_| !open_object)
        {
            out.insert(
                "additionalProperties".into(),
                self.normal(extra, stack, depth + 1),
            );
        }
        if let Some(Value::Array(values)) = map.get("enum") {
            out.insert("enum".into(), Value::Array(values.clone()));
        }
        for key in ["x-ms-summary", "x-ms-visibility"] {
            if let Some(v) = map.get(key) {
                out.insert(key.into(), v.clone());
            }
        }
        Value::Object(out)
    }
}

/// Counts of a corpus run, printed as a table by [`Report::table`].
#[derive(Debug, Default)]
pub struct Report {
    /// Every outcome.
    pub outcomes: Vec<Outcome>,
}

impl Report {
    /// Round-trips every connector under `root`.
    pub fn run(root: &Path) -> Report {
        Report {
            outcomes: connector_folders(root)
                .iter()
                .map(|f| round_trip(f))
                .collect(),
        }
    }

    /// The table: connectors, imported, checked, exact, then each difference class with the
    /// number of connectors it affects and whether it is the original's bug.
    pub fn table(&self) -> String {
        let total = self.outcomes.len();
        let imported = self.outcomes.iter().filter(|o| o.imported).count();
        let checked = self.outcomes.iter().filter(|o| o.checked).count();
        let exact = self.outcomes.iter().filter(|o| o.exact()).count();
        let strict = self
            .outcomes
            .iter()
            .filter(|o| o.checked && o.differences.is_empty())
            .count();
        let pct = |n: usize| {
            if total == 0 {
                0.0
            } else {
                n as f64 * 100.0 / total as f64
            }
        };
        let mut out = String::new();
        out.push_str(&format!("{:<52} {:>6} {:>7}\n", "", "count", "%"));
        out.push_str(&format!("{:<52} {:>6}\n", "connectors", total));
        out.push_str(&format!(
            "{:<52} {:>6} {:>6.1}%\n",
            "imported",
            imported,
            pct(imported)
        ));
        out.push_str(&format!(
            "{:<52} {:>6} {:>6.1}%\n",
            "checked (spec has no error)",
            checked,
            pct(checked)
        ));
        out.push_str(&format!(
            "{:<52} {:>6} {:>6.1}%\n",
            "round trip exact (or only the original's bugs)",
            exact,
            pct(exact)
        ));
        out.push_str(&format!(
            "{:<52} {:>6} {:>6.1}%\n",
            "round trip with no difference at all",
            strict,
            pct(strict)
        ));
        let mut failures: BTreeMap<String, usize> = BTreeMap::new();
        for o in &self.outcomes {
            if let Some(f) = &o.failure {
                let class = f.split(':').take(2).collect::<Vec<_>>().join(":");
                *failures.entry(class).or_default() += 1;
            }
        }
        if !failures.is_empty() {
            out.push_str("\nfailures (connectors)\n");
            for (class, n) in &failures {
                out.push_str(&format!("  {:<70} {:>4}\n", class, n));
            }
        }
        let mut classes: BTreeMap<(String, bool), (usize, usize)> = BTreeMap::new();
        for o in &self.outcomes {
            let mut seen = BTreeSet::new();
            for d in &o.differences {
                let entry = classes
                    .entry((d.class.clone(), d.original_bug))
                    .or_default();
                entry.1 += 1;
                if seen.insert((d.class.clone(), d.original_bug)) {
                    entry.0 += 1;
                }
            }
        }
        if !classes.is_empty() {
            out.push_str(&format!(
                "\n{:<52} {:>10} {:>12}  {}\n",
                "difference class", "connectors", "occurrences", "whose bug"
            ));
            for ((class, bug), (connectors, occurrences)) in &classes {
                let whose = if *bug { "original" } else { "round trip" };
                out.push_str(&format!(
                    "{:<52} {:>10} {:>12}  {}\n",
                    class, connectors, occurrences, whose
                ));
            }
        }
        out
    }
}
