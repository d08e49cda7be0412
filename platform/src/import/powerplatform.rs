//! Power Platform connector folders (`apiDefinition.swagger.json`, Swagger 2.0 with the `x-ms-*`
//! extensions, and `apiProperties.json`) → connector spec.
//!
//! Connection parameters, OAuth settings and policies come from the properties file; operations
//! become actions, or triggers when they carry `x-ms-trigger` (webhooks when their subscription
//! body has an `x-ms-notification-url` property, polls otherwise); `definitions` become objects.

use serde_json::{json, Map, Value};

use super::schema::{compact, expand, extension, with_key, Schemas};
use super::{
    escape, generated_id, json as lenient, non_blank, suggest_id, ImportError, ImportLimits,
    ImportOptions, Imported, Warnings,
};
use crate::check::{encode_spaces_outside_placeholders, has_space_outside_placeholders};

pub use crate::powerplatform::files::{PROPERTIES_FILE, SWAGGER_FILE};

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch"];

/// Imports a connector folder's two files (the properties file is optional).
pub fn import(
    swagger: &[u8],
    properties: Option<&[u8]>,
    folder_name: &str,
) -> Result<Imported, ImportError> {
    import_with(swagger, properties, folder_name, &ImportOptions::default())
}

/// [`import`] with metadata set and operations selected by `options`.
pub fn import_with(
    swagger: &[u8],
    properties: Option<&[u8]>,
    folder_name: &str,
    options: &ImportOptions,
) -> Result<Imported, ImportError> {
    let mut warnings = Warnings::default();
    let limits = &options.limits;
    super::budget::check_size(swagger, SWAGGER_FILE, limits)?;
    if let Some(properties) = properties {
        super::budget::check_size(properties, PROPERTIES_FILE, limits)?;
    }
    let text = lenient::decode(swagger, &mut warnings);
    let in_swagger = |error: ImportError| ImportError::InFile {
        file: SWAGGER_FILE,
        source: Box::new(error),
    };
    let swagger = super::budget::parse_json(&text, limits, &mut warnings)
        .map_err(|e| in_swagger(e.into()))?;
    if !swagger.is_object() {
        return Err(in_swagger(ImportError::new("not a JSON object")));
    }
    let properties = properties.and_then(|bytes| {
        let mut prop_warnings = Warnings::default();
        let text = lenient::decode(bytes, &mut prop_warnings);
        let parsed = super::budget::parse_json(&text, limits, &mut prop_warnings);
        for w in prop_warnings.items {
            warnings.push(&format!("{PROPERTIES_FILE}#{}", w.pointer), w.message);
        }
        match parsed {
            Ok(v) => Some(v),
            Err(e) => {
                warnings.push(
                    PROPERTIES_FILE,
                    format!("{e}; connection parameters and policies are lost"),
                );
                None
            }
        }
    });
    let mut spec = to_spec_with(
        &swagger,
        properties.as_ref(),
        folder_name,
        options.fix,
        &mut warnings,
    );
    labels(&swagger, &mut spec, options.fix, &mut warnings);
    encodings(&swagger, &mut spec, options.fix, &mut warnings);
    let choices = ImportOptions {
        limits: ImportLimits::default(),
        ..options.clone()
    };
    let mut spec: codegen::spec::ConnectorSpec = super::typed::from_tree(spec)?;
    if choices != ImportOptions::default() {
        super::options::apply_metadata(&mut spec, options, false, &mut warnings)?;
        super::options::select(&mut spec, options)?;
    }
    let operations = operation_pointers(&swagger);
    let source = super::guard::Source {
        operations: &operations,
        schemas: "/definitions",
        security: "/securityDefinitions",
    };
    let id = suggest_id(folder_name);
    let yaml = super::guard::render_checked(spec, &source, &id, &mut warnings)?;
    Ok(Imported {
        yaml,
        suggested_id: suggest_id(folder_name),
        warnings: warnings.items,
    })
}

/// Operation ids → the pointers of their operations (for the warnings of the last check).
fn operation_pointers(swagger: &Value) -> std::collections::HashMap<String, String> {
    let mut out = std::collections::HashMap::new();
    for (path, item) in swagger
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        for (method, op) in item.as_object().into_iter().flatten() {
            if let Some(id) = op.get("operationId").and_then(Value::as_str) {
                out.insert(
                    id.trim().to_owned(),
                    format!("/paths/{}/{method}", escape(path)),
                );
            }
        }
    }
    out
}

/// Parameters without a designer label (`x-ms-summary`), one warning each. Without `fix` they
/// stay without one (the spec says `derive_labels: false`); with it the emitter derives them.
fn labels(swagger: &Value, spec: &mut Value, fix: bool, warnings: &mut Warnings) {
    let paths = swagger.get("paths").and_then(Value::as_object);
    for (path, item) in paths.into_iter().flatten() {
        for (method, op) in item.as_object().into_iter().flatten() {
            let list = op.get("parameters").and_then(Value::as_array);
            for (i, p) in list.into_iter().flatten().enumerate() {
                if p.get("$ref").is_some() || non_blank(p.get("x-ms-summary")).is_some() {
                    continue;
                }
                let at = format!(
                    "/paths/{}/{method}/parameters/{i}/x-ms-summary",
                    escape(path)
                );
                let what = if fix { "added" } else { "`--fix` adds one" };
                warnings.push(&at, format!("the parameter has no designer label; {what}"));
            }
        }
    }
    if !fix {
        if let Some(Value::Object(ext)) = spec.get_mut("extensions") {
            let key = crate::emit::powerplatform::kept::DERIVE_LABELS;
            ext.insert(key.into(), Value::Bool(false));
        }
    }
}

/// Path parameters without `x-ms-url-encoding` and list parameters without `collectionFormat`
/// stay without one unless `fix` (the spec then says `derive_encodings: false`), one warning
/// each; with it the emitter writes its defaults (`single`, `csv`).
fn encodings(swagger: &Value, spec: &mut Value, fix: bool, warnings: &mut Warnings) {
    let paths = swagger.get("paths").and_then(Value::as_object);
    for (path, item) in paths.into_iter().flatten() {
        for (method, op) in item.as_object().into_iter().flatten() {
            let list = op.get("parameters").and_then(Value::as_array);
            for (i, p) in list.into_iter().flatten().enumerate() {
                let at = format!("/paths/{}/{method}/parameters/{i}", escape(path));
                let location = p.get("in").and_then(Value::as_str);
                let (key, default) = if location == Some("path") {
                    ("x-ms-url-encoding", "single")
                } else if p.get("type").and_then(Value::as_str) == Some("array")
                    && location != Some("body")
                {
                    ("collectionFormat", "csv")
                } else {
                    continue;
                };
                if p.get(key).is_some() {
                    continue;
                }
                let what = if fix { "written" } else { "`--fix` writes" };
                warnings.push(
                    &format!("{at}/{key}"),
                    format!("the parameter has no `{key}`; {what} `{default}`"),
                );
            }
        }
    }
    if !fix {
        if let Some(Value::Object(ext)) = spec.get_mut("extensions") {
            let key = crate::emit::powerplatform::kept::DERIVE_ENCODINGS;
            ext.insert(key.into(), Value::Bool(false));
        }
    }
}

/// Builds the spec of a parsed connector as an ordered JSON value.
pub fn to_spec(
    swagger: &Value,
    properties: Option<&Value>,
    folder_name: &str,
    warnings: &mut Warnings,
) -> Value {
    to_spec_with(swagger, properties, folder_name, false, warnings)
}

/// [`to_spec`]; with `fix` the repairs the importer knows are made (each named in a warning)
/// instead of keeping what the original writes.
pub fn to_spec_with(
    swagger: &Value,
    properties: Option<&Value>,
    folder_name: &str,
    fix: bool,
    warnings: &mut Warnings,
) -> Value {
    let mut importer = Importer::new(swagger, properties);
    importer.fix = fix;
    // With `--fix`, values that do not fit their place are repaired or dropped, each named in a
    // warning, instead of riding along as written.
    importer.schemas.keep_misfits = !fix;
    let spec = importer.spec(folder_name);
    warnings.items.append(&mut importer.warnings.items);
    warnings.items.append(&mut importer.schemas.warnings.items);
    spec
}

/// The keys of `apiProperties.json`'s `properties` the importer reads into the spec (or keeps
/// under extensions of their own); any other key rides along as written.
const READ_PROPERTIES: &[&str] = &[
    "capabilities",
    "connectionParameterSets",
    "connectionParameters",
    "iconBrandColor",
    "policyTemplateInstances",
    "publisher",
    "script",
    "scriptOperations",
    "stackOwner",
];

struct Importer<'a> {
    swagger: &'a Value,
    props: Map<String, Value>,
    /// `apiProperties.json`'s own keys beside `properties`.
    props_file_root: Map<String, Value>,
    schemas: Schemas<'a>,
    warnings: Warnings,
    connection: Map<String, Value>,
    /// Policies not turned into spec keys.
    policies: Vec<Value>,
    /// Objects as converted (for identity and notification-URL lookups).
    objects: Map<String, Value>,
    /// The current operation's parameters the spec has no place for, as written.
    unplaced: Vec<Value>,
    /// The current operation's body parameter keys the spec has no place for, as written.
    body_keys: Option<Value>,
    /// The paths of the webhook triggers (whose payload the spec says).
    webhook_paths: std::collections::BTreeSet<String>,
    /// Make the repairs the importer knows (`--fix`) instead of keeping what is written.
    fix: bool,
    /// The base URL is built from the swagger's `host` as written.
    host_from_doc: bool,
    /// Connector extensions that keep what the original writes (see
    /// [`crate::emit::powerplatform::kept`]).
    kept: Map<String, Value>,
}

/// One operation of the swagger file.
struct Op<'a> {
    path: String,
    method: String,
    op: &'a Map<String, Value>,
    item: &'a Map<String, Value>,
    ptr: String,
    id: String,
}

impl<'a> Importer<'a> {
    fn new(swagger: &'a Value, properties: Option<&Value>) -> Self {
        let props = properties
            .and_then(|p| p.get("properties"))
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        let props_file_root = properties
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .filter(|(k, _)| *k != "properties")
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        Importer {
            swagger,
            props,
            props_file_root,
            schemas: Schemas::new(swagger, "#/definitions/").keeping_misfits(),
            warnings: Warnings::default(),
            connection: Map::new(),
            policies: Vec::new(),
            objects: Map::new(),
            unplaced: Vec::new(),
            body_keys: None,
            webhook_paths: Default::default(),
            fix: false,
            host_from_doc: false,
            kept: Map::new(),
        }
    }

    fn spec(&mut self, folder_name: &str) -> Value {
        let mut spec = Map::new();
        let info = self.swagger.get("info").cloned().unwrap_or(json!({}));
        self.info(&info, folder_name, &mut spec);
        self.policies = self
            .props
            .get("policyTemplateInstances")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        self.policy_titles();
        let connection = self.connection_parameters();
        self.connection = connection;
        spec.insert("base_url".into(), json!(self.base_url()));
        let metadata = self.metadata(&info);
        if !metadata.is_empty() {
            spec.insert("metadata".into(), Value::Object(metadata));
        }
        let auth = self.auth();
        self.keep_security(auth.as_ref());
        if let Some(auth) = auth {
            spec.insert("auth".into(), auth);
        }
        spec.insert("connection".into(), Value::Object(self.connection.clone()));
        self.operations_into(&mut spec);
        let policies: Vec<Value> = self.policies.iter().filter_map(policy).collect();
        spec.insert("policies".into(), Value::Array(policies));
        let base_url = spec
            .get("base_url")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned();
        let extensions = self.extensions(&info, &base_url);
        spec.insert("extensions".into(), Value::Object(extensions));
        Value::Object(spec)
    }

    /// The title (the folder name when there is none), description and version.
    fn info(&mut self, info: &Value, folder_name: &str, spec: &mut Map<String, Value>) {
        let title = non_blank(info.get("title"))
            .map(str::to_owned)
            .unwrap_or_else(|| {
                self.warnings.push(
                    "/info/title",
                    "the connector has no title; the folder name is used",
                );
                folder_name.to_owned()
            });
        spec.insert("title".into(), json!(title));
        if let Some(d) = non_blank(info.get("description")) {
            spec.insert("description".into(), json!(d));
            if crate::emit::powerplatform::definition::short_description(d) != d {
                let kept = crate::emit::powerplatform::kept::DESCRIPTION_AS_WRITTEN;
                self.repair(
                    "/info/description",
                    "the description spans several lines or is longer than certification allows",
                    "joined onto one line and cut at a sentence end",
                    kept,
                    json!(true),
                );
            }
        }
        if let Some(v) = info.get("version") {
            let text = match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            spec.insert("version".into(), json!(text));
        }
    }

    /// `objects`, `actions` and `triggers`, from the definitions and the operations.
    fn operations_into(&mut self, spec: &mut Map<String, Value>) {
        let ops = self.operations();
        self.schemas.operations = ops.iter().map(|o| o.id.clone()).collect();
        let mut objects = Map::new();
        for (name, schema) in self.schemas.definitions() {
            let object = self.schemas.names[&name].clone();
            let ptr = format!("/definitions/{}", escape(&name));
            let def = self.schemas.convert(&schema, &ptr).def;
            objects.insert(object, def);
        }
        self.objects = objects.clone();
        let mut actions = Map::new();
        let mut triggers = Map::new();
        for op in &ops {
            let subscribes = op.item.contains_key("x-ms-notification-content")
                && matches!(op.method.as_str(), "post" | "put" | "patch");
            if op.op.contains_key("x-ms-trigger") || subscribes {
                let trigger = self.trigger(op);
                triggers.insert(op.id.clone(), trigger);
            } else {
                actions.insert(op.id.clone(), self.action(op));
            }
        }
        self.unwritten_polls(&ops, &mut triggers);
        let auth = spec.get("auth").cloned();
        self.rename_operation_security(auth.as_ref(), &ops, [&mut actions, &mut triggers]);
        spec.insert("objects".into(), Value::Object(objects));
        spec.insert("actions".into(), Value::Object(actions));
        spec.insert("triggers".into(), Value::Object(triggers));
    }

    /// The connector's `extensions`: the swagger root's own `x-` keys, the properties the spec
    /// has no key for, and what is kept as written.
    fn extensions(&mut self, info: &Value, base_url: &str) -> Map<String, Value> {
        let mut extensions = Map::new();
        if let Some(root) = self.swagger.as_object() {
            for (k, v) in root {
                if k.starts_with("x-") && k != "x-ms-connector-metadata" {
                    extensions.insert(k.clone(), v.clone());
                }
            }
        }
        for key in ["connectionParameterSets", "scriptOperations"] {
            if let Some(v) = self.props.get(key) {
                self.warnings.push(
                    &format!("{PROPERTIES_FILE}#/properties/{key}"),
                    format!("`{key}` has no spec equivalent; kept under `extensions`"),
                );
                extensions.insert(key.into(), v.clone());
            }
        }
        self.keep_roots(info, base_url, &mut extensions);
        self.keep_path_items(&mut extensions);
        extensions.extend(std::mem::take(&mut self.kept));
        extensions
    }

    /// A finding the importer knows a repair for: with `--fix` the repair is made (the emitter
    /// derives the platform's form), else `kept` is set to `value` so the emitter writes what
    /// the original writes; a warning at `ptr` names it either way.
    fn repair(&mut self, ptr: &str, finding: &str, fix: &str, kept: &str, value: Value) {
        if self.finding(ptr, finding, fix) {
            self.kept.insert(kept.into(), value);
        }
    }

    /// Warns at `ptr` of a finding `--fix` repairs with `fix`; true when it is to be kept as
    /// written (no `--fix`).
    fn finding(&mut self, ptr: &str, finding: &str, fix: &str) -> bool {
        if self.fix {
            self.warnings
                .push(ptr, format!("{finding}; {fix} (`--fix`)"));
        } else {
            self.warnings
                .push(ptr, format!("{finding}; kept as written (`--fix`: {fix})"));
        }
        !self.fix
    }

    /// With `--fix` the security definitions are the ones the emitter derives (`oauth2_auth`,
    /// `basic_auth`, the API key's scheme); an operation's own requirement, kept as written,
    /// then names the derived definition instead of the written one of the same type, so that it
    /// still names a definition the swagger has.
    fn rename_operation_security(
        &mut self,
        auth: Option<&Value>,
        ops: &[Op],
        lists: [&mut Map<String, Value>; 2],
    ) {
        if !self.fix {
            return;
        }
        let (derived, _) = derived_security(auth);
        let Some((name, def)) = derived.iter().next() else {
            return;
        };
        let renamed: Vec<String> = self
            .swagger
            .get("securityDefinitions")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .filter(|(n, d)| *n != name && d.get("type") == def.get("type"))
            .map(|(n, _)| n.clone())
            .collect();
        if renamed.is_empty() {
            return;
        }
        let pointer = format!(
            "/extensions/{}/security",
            crate::emit::powerplatform::kept::OPERATION_KEYS
        );
        for list in lists {
            for (id, operation) in list.iter_mut() {
                let Some(Value::Array(requirements)) = operation.pointer_mut(&pointer) else {
                    continue;
                };
                let mut changed = Vec::new();
                for requirement in requirements.iter_mut().filter_map(Value::as_object_mut) {
                    for old in &renamed {
                        if let Some(scopes) = requirement.remove(old) {
                            requirement.insert(name.clone(), scopes);
                            changed.push(old.clone());
                        }
                    }
                }
                if let (Some(old), Some(op)) = (changed.first(), ops.iter().find(|o| &o.id == id)) {
                    self.warnings.push(
                        &format!("{}/security", op.ptr),
                        format!("names the security definition `{old}`, written as `{name}`; renamed (`--fix`)"),
                    );
                }
            }
        }
    }

    /// Polling triggers whose original has no `pollingtrigger` policy: the emitter writes none
    /// for them, or with `--fix` derives one.
    fn unwritten_polls(&mut self, ops: &[Op], triggers: &mut Map<String, Value>) {
        let written: Vec<String> = self
            .props
            .get("policyTemplateInstances")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter(|p| {
                p.get("templateId")
                    .and_then(Value::as_str)
                    .is_some_and(|t| t.eq_ignore_ascii_case("pollingtrigger"))
            })
            .filter_map(|p| p.pointer("/parameters/x-ms-apimTemplate-operationName"))
            .filter_map(Value::as_array)
            .flatten()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect();
        for op in ops {
            let Some(Value::Object(trigger)) = triggers.get_mut(&op.id) else {
                continue;
            };
            let Some(poll) = trigger.get("poll") else {
                continue;
            };
            let single = poll.get("single") == Some(&json!(true));
            let derives = !single || poll.get("cursor").is_some();
            if !derives || written.contains(&op.id) {
                continue;
            }
            let finding = "the polling trigger has no `pollingtrigger` policy";
            if self.finding(&op.ptr, finding, "one is derived") {
                let key = crate::emit::powerplatform::kept::POLLING_POLICY;
                extension(trigger, key, json!(false));
            }
        }
    }

    /// Policy instances keep their titles, spelling and order as written; `--fix` lets the
    /// emitter title the ones it derives (the host, routes, polls) in its own words.
    fn policy_titles(&mut self) {
        use crate::emit::powerplatform::kept::{policy_presentation, POLICY_INSTANCES};
        let mut kept = Vec::new();
        for (i, p) in self.policies.clone().iter().enumerate() {
            let Some(mut presentation) = policy_presentation(p) else {
                continue;
            };
            let template = p.get("templateId").and_then(Value::as_str).unwrap_or("");
            let title = p.get("title").and_then(Value::as_str);
            let operation = p
                .pointer("/parameters/x-ms-apimTemplate-operationName/0")
                .and_then(Value::as_str);
            let lower = template.to_ascii_lowercase();
            // The title the emitter gives the instance it derives (a spec policy without a
            // title is titled by its template).
            let derived = match (lower.as_str(), operation) {
                ("dynamichosturl", None) => "Set the host URL".to_owned(),
                ("pollingtrigger", Some(op)) => format!("Poll {op}"),
                ("routerequesttoendpoint", Some(op)) => format!("Route {op}"),
                _ => title.unwrap_or(template).to_owned(),
            };
            if title != Some(derived.as_str()) {
                presentation["derived_title"] = json!(derived);
            }
            kept.push(presentation);
            if title.is_some_and(|t| t != derived) || template != lower {
                let title = title.unwrap_or("");
                let at = format!("{PROPERTIES_FILE}#/properties/policyTemplateInstances/{i}");
                let finding =
                    format!("the `{template}` policy `{title}` is not in the emitter's words");
                let fix = format!("written as `{lower}` titled `{derived}`");
                self.finding(&at, &finding, &fix);
            }
        }
        if !kept.is_empty() && !self.fix {
            self.kept
                .insert(POLICY_INSTANCES.into(), Value::Array(kept));
        }
    }

    /// The security definitions and the root requirement as written, with the definitions the
    /// emitter derives from `auth`, where they differ from what it derives (a warning names each).
    fn keep_security(&mut self, auth: Option<&Value>) {
        let written = self
            .swagger
            .get("securityDefinitions")
            .and_then(Value::as_object)
            .filter(|m| !m.is_empty());
        let (derived, requirement) = derived_security(auth);
        let mut kept = Map::new();
        if written.cloned().unwrap_or_default() != derived {
            let finding = "the security definitions are not in the form the emitter derives \
                           from the authentication (names, descriptions, scopes, other definitions)";
            if self.finding(
                "/securityDefinitions",
                finding,
                "written from the spec's authentication",
            ) {
                let as_written = written.cloned().map(Value::Object).unwrap_or(Value::Null);
                kept.insert("securityDefinitions".into(), as_written);
            }
        }
        // An empty requirement list says what its absence says.
        let security = self
            .swagger
            .get("security")
            .filter(|s| s.as_array().is_none_or(|l| !l.is_empty()));
        if security != requirement.as_ref() {
            let finding = "the security requirement is not the one the emitter derives from the \
                           authentication";
            if self.finding(
                "/security",
                finding,
                "written from the spec's authentication",
            ) {
                kept.insert("security".into(), security.cloned().unwrap_or(Value::Null));
            }
        }
        if !kept.is_empty() {
            kept.insert("derived".into(), Value::Object(derived));
            let key = crate::emit::powerplatform::kept::SECURITY_DEFINITIONS;
            self.kept.insert(key.into(), Value::Object(kept));
        }
    }

    /// Root keys the spec language has no place for, kept as written (see
    /// [`crate::emit::powerplatform::kept`]).
    fn keep_roots(&self, info: &Value, base_url: &str, extensions: &mut Map<String, Value>) {
        use crate::emit::powerplatform::kept::{
            PROPERTIES_FILE_ROOT, PROPERTIES_ROOT, SWAGGER_ROOT,
        };
        let swagger_root = self.swagger_root(info);
        extensions.insert(
            crate::emit::powerplatform::kept::OPERATION_KEYS.into(),
            json!({"consumes": null, "produces": null}),
        );
        let base = self.base_as_written(base_url);
        if !base.is_empty() {
            let key = crate::emit::powerplatform::kept::BASE_AS_WRITTEN;
            extensions.insert(key.into(), Value::Object(base));
        }
        let oauth = self
            .props
            .get("connectionParameters")
            .and_then(Value::as_object)
            .and_then(|m| {
                m.values()
                    .find(|p| p.get("type") == Some(&json!("oauthSetting")))
            })
            .and_then(Value::as_object);
        if let Some(oauth) = oauth {
            if let Some(ui) = oauth.get("uiDefinition") {
                let key = crate::emit::powerplatform::kept::OAUTH_UI_DEFINITION;
                extensions.insert(key.into(), ui.clone());
            }
            // Keys of the entry beside its type, settings and UI ride along.
            let unread: Map<String, Value> = oauth
                .iter()
                .filter(|(k, _)| !matches!(k.as_str(), "type" | "oAuthSettings" | "uiDefinition"))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            if !unread.is_empty() {
                let key = crate::emit::powerplatform::kept::OAUTH_ENTRY_KEYS;
                extensions.insert(key.into(), Value::Object(unread));
            }
        }
        for (key, kept) in [
            (SWAGGER_ROOT, swagger_root),
            (PROPERTIES_ROOT, self.properties_root()),
            (PROPERTIES_FILE_ROOT, self.props_file_root.clone()),
        ] {
            if !kept.is_empty() {
                extensions.insert(key.into(), Value::Object(kept));
            }
        }
    }

    /// The swagger root's keys as written: `info` beside its title, description and version,
    /// the content types and tags, a base path's trailing slash and `externalDocs`.
    fn swagger_root(&self, info: &Value) -> Map<String, Value> {
        let mut swagger_root = Map::new();
        let info_extra: Map<String, Value> = info
            .as_object()
            .into_iter()
            .flatten()
            .filter(|(k, _)| !matches!(k.as_str(), "title" | "description" | "version"))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        if !info_extra.is_empty() {
            swagger_root.insert("info".into(), Value::Object(info_extra));
        }
        // As written; null when the original has none (the emitter then writes none).
        for key in ["consumes", "produces", "tags"] {
            let v = self.swagger.get(key).cloned().unwrap_or(Value::Null);
            swagger_root.insert(key.into(), v);
        }
        // The base URL drops a base path's trailing slash; the swagger keeps it.
        if let Some(base @ Value::String(b)) = self.swagger.get("basePath") {
            if b.len() > 1 && b.ends_with('/') && b.starts_with('/') {
                swagger_root.insert("basePath".into(), base.clone());
            }
        }
        if let Some(docs) = self.swagger.get("externalDocs") {
            swagger_root.insert("externalDocs".into(), docs.clone());
        }
        swagger_root
    }

    /// The host as written when the base URL does not come from it (a `dynamichosturl` policy
    /// sets it, or it is no host name), and schemes other than the base URL's one; both while
    /// the base URL stays as imported. Empty when there is neither.
    fn base_as_written(&self, base_url: &str) -> Map<String, Value> {
        let scheme = if base_url.starts_with("http://") {
            "http"
        } else {
            "https"
        };
        let mut base = Map::new();
        if !self.host_from_doc {
            let host = self.swagger.get("host").cloned().unwrap_or(Value::Null);
            base.insert("host".into(), host);
        }
        let schemes = self.swagger.get("schemes").cloned().unwrap_or(Value::Null);
        if schemes != json!([scheme]) {
            base.insert("schemes".into(), schemes);
        }
        if !base.is_empty() {
            base.insert("base_url".into(), json!(base_url));
        }
        base
    }

    /// The properties root's keys as written: capabilities, stack owner (null when the
    /// original has none but names a publisher), script, an empty `scriptOperations`, and every
    /// key the importer does not read.
    fn properties_root(&self) -> Map<String, Value> {
        let mut properties_root = Map::new();
        for (key, v) in &self.props {
            let read = READ_PROPERTIES.contains(&key.as_str());
            if !read || matches!(key.as_str(), "capabilities" | "stackOwner" | "script") {
                properties_root.insert(key.clone(), v.clone());
            }
        }
        // The emitter writes the publisher as the stack owner; the original may have none.
        if !self.props.contains_key("stackOwner")
            && non_blank(self.props.get("publisher")).is_some()
        {
            properties_root.insert("stackOwner".into(), Value::Null);
        }
        // An empty list is written as written (the emitter leaves empty lists out).
        if let Some(list @ Value::Array(l)) = self.props.get("scriptOperations") {
            if l.is_empty() {
                properties_root.insert("scriptOperations".into(), list.clone());
            }
        }
        properties_root
    }

    /// Path items as the original publishes them: operations stay at their paths even where
    /// shapes overlap, and what a path item says beside its operations (extension keys, a
    /// path item without operations) is kept as written.
    fn keep_path_items(&self, extensions: &mut Map<String, Value>) {
        use crate::emit::powerplatform::kept::{PATH_ITEMS, SEPARATE_ROUTES};
        extensions.insert(SEPARATE_ROUTES.into(), Value::Bool(false));
        let paths = self.swagger.get("paths").and_then(Value::as_object);
        let mut kept = Map::new();
        for (path, item) in paths.into_iter().flatten() {
            let Some(item) = item.as_object() else {
                continue;
            };
            let own: Map<String, Value> = item
                .iter()
                .filter(|(k, _)| k.starts_with("x-") || *k == "parameters")
                .filter(|(k, _)| {
                    *k != "x-ms-notification-content" || !self.webhook_paths.contains(path)
                })
                .map(|(k, v)| (k.clone(), self.schemas.inline(v)))
                .collect();
            let operations = item
                .keys()
                .any(|k| METHODS.contains(&k.to_ascii_lowercase().as_str()));
            if !own.is_empty() || !operations {
                kept.insert(path.clone(), Value::Object(own));
            }
        }
        if !kept.is_empty() {
            extensions.insert(PATH_ITEMS.into(), Value::Object(kept));
        }
    }

    fn metadata(&mut self, info: &Value) -> Map<String, Value> {
        let mut m = Map::new();
        if let Some(p) = non_blank(self.props.get("publisher")) {
            m.insert("publisher".into(), json!(p));
        }
        if let Some(list) = self
            .swagger
            .get("x-ms-connector-metadata")
            .and_then(Value::as_array)
        {
            let read = crate::powerplatform::metadata::read_connector_metadata(list);
            for (index, why) in &read.dropped {
                self.warnings.push(
                    &format!("/x-ms-connector-metadata/{index}"),
                    format!("{why}; not in the spec's metadata"),
                );
            }
            let mut derived = Vec::new();
            let names = crate::powerplatform::metadata::METADATA_NAMES;
            let joined = (!read.categories.is_empty()).then(|| read.categories.join(";"));
            for (name, value) in names
                .iter()
                .zip([&read.website, &read.privacy_policy, &joined])
            {
                if let Some(value) = value {
                    derived.push(json!({"propertyName": name, "propertyValue": value}));
                }
            }
            if list != &derived {
                self.repair(
                    "/x-ms-connector-metadata",
                    "the list is not in the platform's form (entry names, order, separators or \
                     entries the spec has no place for)",
                    "written from the spec's metadata",
                    crate::emit::powerplatform::kept::CONNECTOR_METADATA,
                    Value::Array(list.clone()),
                );
            }
            if let Some(w) = read.website {
                m.insert("website".into(), json!(w));
            }
            if let Some(p) = read.privacy_policy {
                m.insert("privacy_policy".into(), json!(p));
            }
            if !read.categories.is_empty() {
                m.insert("categories".into(), json!(read.categories));
            }
        }
        if let Some(color) = self.props.get("iconBrandColor").and_then(Value::as_str) {
            let valid = color.len() == 7
                && color.starts_with('#')
                && color[1..].chars().all(|c| c.is_ascii_hexdigit());
            if valid {
                m.insert("brand_color".into(), json!(color));
            } else {
                self.warnings.push(
                    &format!("{PROPERTIES_FILE}#/properties/iconBrandColor"),
                    format!("`{color}` is not a #rrggbb colour; dropped"),
                );
            }
        }
        if let Some(contact) = info.get("contact") {
            let c = non_blank(contact.get("email").or_else(|| contact.get("url")));
            if let Some(c) = c {
                m.insert("contact".into(), json!(c));
            }
        }
        m
    }

    /// `scheme://host/basePath`, or the `dynamichosturl` policy's template.
    fn base_url(&mut self) -> String {
        if let Some(url) = self.policy_base_url() {
            return url;
        }
        let scheme = self
            .swagger
            .get("schemes")
            .and_then(Value::as_array)
            .and_then(|s| {
                let words: Vec<&str> = s.iter().filter_map(Value::as_str).collect();
                if words.contains(&"https") {
                    Some("https")
                } else {
                    words.first().copied()
                }
            })
            .unwrap_or("https")
            .to_ascii_lowercase();
        let host = self.host();
        let base = self
            .swagger
            .get("basePath")
            .and_then(Value::as_str)
            .unwrap_or("/")
            .trim();
        let base = if base.starts_with('/') {
            base.to_owned()
        } else {
            format!("/{base}")
        };
        let base = if base == "/" {
            String::new()
        } else {
            base.trim_end_matches('/').to_owned()
        };
        format!("{scheme}://{host}{base}")
    }

    /// The base URL a `dynamichosturl` policy for every operation makes of the connection
    /// parameters (the policy is then taken out); `None` when there is no such single policy
    /// or its template is no absolute URL.
    fn policy_base_url(&mut self) -> Option<String> {
        let is_dynamic_host = |p: &&Value| {
            p.get("templateId")
                .and_then(Value::as_str)
                .is_some_and(|t| t.eq_ignore_ascii_case("dynamichosturl"))
        };
        // Only a policy for every operation describes the base URL.
        let dynamic = self.policies.iter().position(|p| {
            is_dynamic_host(&p)
                && p.pointer("/parameters/x-ms-apimTemplate-operationName")
                    .is_none()
        });
        let several = self.policies.iter().filter(is_dynamic_host).count() > 1;
        let index = dynamic.filter(|_| !several)?;
        let template = self.policies[index]
            .pointer("/parameters/x-ms-apimTemplateParameter.urlTemplate")
            .and_then(Value::as_str)
            .unwrap_or("");
        let url = connection_template(template, &self.connection)?;
        if url.starts_with("https://") || url.starts_with("http://") {
            self.policies.remove(index);
            return Some(url);
        }
        None
    }

    /// The swagger's host without a trailing slash, `localhost` (with a warning) when it is
    /// missing or no host name.
    fn host(&mut self) -> String {
        let host = self
            .swagger
            .get("host")
            .and_then(Value::as_str)
            .map(str::trim)
            .unwrap_or("");
        if host.is_empty() || host.contains(char::is_whitespace) || host.contains('{') {
            self.warnings.push(
                "/host",
                format!("host `{host}` is missing or not a host name; `localhost` is used"),
            );
            "localhost".to_owned()
        } else {
            self.host_from_doc = !host.ends_with('/')
                && self.swagger.get("host").and_then(Value::as_str) == Some(host);
            host.trim_end_matches('/').to_owned()
        }
    }

    fn connection_parameters(&mut self) -> Map<String, Value> {
        let mut out = Map::new();
        let Some(params) = self
            .props
            .get("connectionParameters")
            .and_then(Value::as_object)
            .cloned()
        else {
            return out;
        };
        for (name, p) in &params {
            if let Some(def) = self.connection_parameter(name, p) {
                out.insert(name.clone(), def);
            }
        }
        out
    }

    /// One connection parameter's definition; `None` for the OAuth setting (read as auth).
    fn connection_parameter(&mut self, name: &str, p: &Value) -> Option<Value> {
        let ptr = format!(
            "{PROPERTIES_FILE}#/properties/connectionParameters/{}",
            escape(name)
        );
        let ty = p.get("type").and_then(Value::as_str).unwrap_or("string");
        if ty == "oauthSetting" {
            return None;
        }
        let mut def = Map::new();
        let (type_name, secret) = match ty {
            "securestring" => ("string", true),
            "string" => ("string", false),
            "int" => ("integer", false),
            "bool" => ("boolean", false),
            other => {
                self.warnings.push(
                    &ptr,
                    format!("connection parameter type `{other}` is read as a string"),
                );
                ("string", false)
            }
        };
        def.insert("type".into(), json!(type_name));
        let ui = p.get("uiDefinition").cloned().unwrap_or(json!({}));
        if let Some(values) = allowed_values(p, &ui).filter(|_| type_name == "string") {
            def.insert("enum".into(), Value::Array(values));
        }
        let required = ui.pointer("/constraints/required").map(|v| match v {
            Value::String(s) => s.eq_ignore_ascii_case("true"),
            Value::Bool(b) => *b,
            _ => false,
        });
        if required == Some(true) {
            def.insert("required".into(), json!(true));
        }
        if let Some(s) = non_blank(ui.get("displayName")) {
            def.insert("summary".into(), json!(s));
        }
        if let Some(s) = non_blank(ui.get("description")) {
            def.insert("description".into(), json!(s));
        }
        if let Some(d) = p.get("defaultValue").filter(|d| !d.is_null()) {
            self.connection_default(&mut def, type_name, d, &ptr);
        }
        if required != Some(true) && !def.contains_key("default") {
            // Connection parameters are required unless they say otherwise.
            def.insert("required".into(), json!(false));
        }
        if secret {
            def.insert("secret".into(), json!(true));
        }
        keep_connection_ui(&mut def, p);
        if ui.pointer("/constraints/hidden").and_then(Value::as_str) == Some("true") {
            def.insert("visibility".into(), json!("internal"));
        }
        Some(compact(def))
    }

    /// Sets a connection parameter's default `d` when it fits its type and choices; warns
    /// at `ptr` and drops it otherwise.
    fn connection_default(
        &mut self,
        def: &mut Map<String, Value>,
        type_name: &str,
        d: &Value,
        ptr: &str,
    ) {
        let fits = match (type_name, d) {
            ("string", Value::String(_)) | ("boolean", Value::Bool(_)) => true,
            ("integer", Value::Number(n)) => n.is_i64(),
            _ => false,
        };
        let allowed = match def.get("enum") {
            Some(Value::Array(list)) => list.contains(d),
            _ => true,
        };
        if fits && allowed {
            def.insert("default".into(), d.clone());
        } else {
            self.warnings.push(
                &format!("{ptr}/defaultValue"),
                format!("default {d} does not fit the parameter; dropped"),
            );
        }
    }

    /// The connection parameter to hold a credential: `preferred` if it exists, else the first
    /// secret one, else a new secret parameter called `preferred`.
    fn credential_param(&mut self, preferred: &str, summary: &str) -> String {
        if self.connection.contains_key(preferred) {
            return preferred.to_owned();
        }
        let secret = self
            .connection
            .iter()
            .find(|(_, d)| d.get("secret") == Some(&json!(true)))
            .map(|(k, _)| k.clone());
        if let Some(name) = secret {
            return name;
        }
        self.warnings.push(
            &format!("{PROPERTIES_FILE}#/properties/connectionParameters"),
            format!("no connection parameter holds the credential; `{preferred}` is added"),
        );
        self.connection.insert(
            preferred.into(),
            json!({"type": "string", "required": true, "summary": summary, "secret": true}),
        );
        preferred.to_owned()
    }

    fn auth(&mut self) -> Option<Value> {
        let oauth_setting = self
            .props
            .get("connectionParameters")
            .and_then(Value::as_object)
            .and_then(|m| {
                m.values()
                    .find(|p| p.get("type").and_then(Value::as_str) == Some("oauthSetting"))
            })
            .cloned();
        let definitions = self
            .swagger
            .get("securityDefinitions")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        if definitions.len() > 1 {
            self.warnings.push(
                "/securityDefinitions",
                "several security schemes; the first one is used",
            );
        }
        let scheme = definitions.values().next().cloned();
        if let Some(setting) = oauth_setting {
            return Some(self.oauth(&setting, scheme.as_ref()));
        }
        let scheme = scheme?;
        match scheme.get("type").and_then(Value::as_str) {
            Some("apiKey") => {
                let key = definitions.keys().next().cloned().unwrap_or_default();
                Some(self.api_key_auth(&scheme, &key))
            }
            Some("basic") => Some(self.basic_auth()),
            Some("oauth2") => Some(self.oauth(&json!({}), Some(&scheme))),
            other => {
                self.warnings.push(
                    "/securityDefinitions",
                    format!("security scheme type {other:?} is not supported; no auth"),
                );
                None
            }
        }
    }

    /// API-key auth from the security definition `scheme` named `scheme_name`.
    fn api_key_auth(&mut self, scheme: &Value, scheme_name: &str) -> Value {
        let name = scheme
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or("Authorization")
            .to_owned();
        let location = if scheme.get("in").and_then(Value::as_str) == Some("query") {
            "query"
        } else {
            "header"
        };
        let at = format!("/securityDefinitions/{}", escape(scheme_name));
        let other = self
            .connection
            .iter()
            .find(|(_, d)| d.get("secret") == Some(&json!(true)))
            .map(|(k, _)| k.clone())
            .filter(|_| !self.connection.contains_key("api_key"));
        let keep = match &other {
            // The platform's own API-key connection keeps the key in `api_key`.
            Some(other) => self.finding(
                &at,
                &format!(
                    "the API key security definition fills the platform's `api_key` \
                     parameter, not `{other}`"
                ),
                &format!("a policy sends `{other}` as `{name}` instead"),
            ),
            None => true,
        };
        if keep && !self.connection.contains_key("api_key") {
            self.declare_api_key();
        }
        let key = self.credential_param("api_key", "API key");
        let mut def = json!({"name": name, "in": location, "key": key});
        if key == "api_key" {
            def["scheme"] = json!(scheme_name);
        }
        json!({ "api_key": def })
    }

    /// Adds the `api_key` connection parameter the platform makes from an API-key security
    /// definition when the properties do not declare it.
    fn declare_api_key(&mut self) {
        let mut def = Map::new();
        for (k, v) in [
            ("type", json!("string")),
            ("required", json!(true)),
            ("summary", json!("API key")),
            ("secret", json!(true)),
        ] {
            def.insert(k.into(), v);
        }
        let implicit = self.finding(
            &format!("{PROPERTIES_FILE}#/properties/connectionParameters"),
            "the connection parameters do not declare the API key; the platform \
             makes `api_key` from the security definition",
            "`api_key` is declared",
        );
        if implicit {
            let key = crate::emit::powerplatform::kept::IMPLICIT;
            extension(&mut def, key, json!(true));
        }
        self.connection.insert("api_key".into(), Value::Object(def));
    }

    /// Basic auth over the `username` and `password` connection parameters, added when absent.
    fn basic_auth(&mut self) -> Value {
        for (name, label) in [("username", "User name"), ("password", "Password")] {
            if !self.connection.contains_key(name) {
                self.warnings.push(
                    "/securityDefinitions",
                    format!("basic authentication without a `{name}` connection parameter; added"),
                );
                let mut def = json!({"type": "string", "required": true, "summary": label});
                if name == "password" {
                    def["secret"] = json!(true);
                }
                self.connection.insert(name.into(), def);
            }
        }
        json!({"basic": {"username": "username", "password": "password"}})
    }

    fn oauth(&mut self, setting: &Value, scheme: Option<&Value>) -> Value {
        let settings = setting.get("oAuthSettings").cloned().unwrap_or(json!({}));
        let idp = settings
            .get("identityProvider")
            .and_then(Value::as_str)
            .unwrap_or("oauth2")
            .to_owned();
        let flow = match scheme.and_then(|s| s.get("flow")).and_then(Value::as_str) {
            Some("application") => "client_credentials",
            Some("password") => "password",
            Some("implicit") => "implicit",
            _ => "authorization_code",
        };
        let mut out = Map::new();
        if flow != "authorization_code" {
            out.insert("flow".into(), json!(flow));
        }
        self.oauth_urls(&mut out, flow, &settings, scheme);
        let scopes: Vec<Value> = settings
            .get("scopes")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
            .into_iter()
            .filter(|s| s.as_str().is_some_and(|s| !s.is_empty()))
            .collect();
        if !scopes.is_empty() {
            out.insert("scopes".into(), Value::Array(scopes));
        }
        if idp != "oauth2" {
            out.insert("identity_provider".into(), json!(idp));
        }
        let name = self
            .props
            .get("connectionParameters")
            .and_then(Value::as_object)
            .and_then(|m| m.iter().find(|(_, p)| *p == setting))
            .map(|(k, _)| escape(k))
            .unwrap_or_else(|| "token".into());
        let at = format!("{PROPERTIES_FILE}#/properties/connectionParameters/{name}/oAuthSettings");
        if setting.get("oAuthSettings").is_some() {
            self.oauth_absent(&settings, &at);
        }
        let extensions = self.oauth_extensions(&settings, &idp, &at, &mut out);
        out.insert("extensions".into(), Value::Object(extensions));
        json!({ "oauth2": out })
    }

    /// The authorization, token and refresh URLs, from the settings' custom parameters, else
    /// the security definition `scheme`; placeholders (with a warning) where none is absolute.
    fn oauth_urls(
        &mut self,
        out: &mut Map<String, Value>,
        flow: &str,
        settings: &Value,
        scheme: Option<&Value>,
    ) {
        let custom = settings
            .get("customParameters")
            .cloned()
            .unwrap_or(json!({}));
        // Key case varies between connectors (`tokenUrl`, `TokenUrl`).
        let custom_url = |key: &str| {
            custom
                .as_object()
                .into_iter()
                .flatten()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
                .and_then(|(_, v)| v.pointer("/value"))
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        let scheme_url = |key: &str| {
            scheme
                .and_then(|s| s.get(key))
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        let authorization =
            custom_url("authorizationUrl").or_else(|| scheme_url("authorizationUrl"));
        let token = custom_url("tokenUrl")
            .or_else(|| scheme_url("tokenUrl"))
            .or_else(|| authorization.clone());
        let absolute = |u: &Option<String>| {
            u.as_ref()
                .is_some_and(|u| u.starts_with("https://") || u.starts_with("http://"))
        };
        if absolute(&authorization) {
            out.insert("authorization_url".into(), json!(authorization));
        } else if matches!(flow, "authorization_code" | "implicit") {
            out.insert(
                "authorization_url".into(),
                json!("https://login.invalid/authorize"),
            );
            self.warnings.push(
                "/securityDefinitions",
                "OAuth without an absolute authorization URL; a placeholder is used",
            );
        }
        if absolute(&token) {
            out.insert("token_url".into(), json!(token));
        } else {
            out.insert("token_url".into(), json!("https://login.invalid/token"));
            self.warnings.push(
                "/securityDefinitions",
                "OAuth without an absolute token URL; a placeholder is used",
            );
        }
        let refresh = custom_url("refreshUrl");
        if absolute(&refresh) && refresh != token {
            out.insert("refresh_url".into(), json!(refresh));
        }
    }

    /// The OAuth settings' keys the platform fills in with defaults when they are absent
    /// (kept absent unless `--fix`).
    fn oauth_absent(&mut self, settings: &Value, at: &str) {
        let absent: Vec<Value> = ["clientId", "redirectUrl", "properties"]
            .into_iter()
            .filter(|k| settings.get(*k).is_none())
            .map(|k| json!(k))
            .collect();
        if absent.is_empty() {
            return;
        }
        let list: Vec<String> = absent
            .iter()
            .map(|k| format!("`{}`", k.as_str().unwrap_or("")))
            .collect();
        let finding = format!("the OAuth settings have no {}", list.join(", "));
        let kept = crate::emit::powerplatform::kept::OAUTH_SETTINGS_ABSENT;
        self.repair(
            at,
            &finding,
            "the platform's defaults are added",
            kept,
            Value::Array(absent),
        );
    }

    /// The OAuth settings' keys the spec has no place for, as written; the client id goes to
    /// `out` (a blank one is kept as written unless `--fix`).
    fn oauth_extensions(
        &mut self,
        settings: &Value,
        idp: &str,
        at: &str,
        out: &mut Map<String, Value>,
    ) -> Map<String, Value> {
        let mut extensions = Map::new();
        for (k, v) in settings.as_object().into_iter().flatten() {
            match k.as_str() {
                "identityProvider" | "scopes" => {}
                "clientId" => {
                    if let Some(id) = non_blank(Some(v)) {
                        out.insert("client_id".into(), json!(id));
                    } else if self.finding(
                        &format!("{at}/clientId"),
                        "the OAuth client id is blank",
                        &format!(
                            "the placeholder `{}` is written",
                            crate::emit::powerplatform::properties::CLIENT_ID_PLACEHOLDER
                        ),
                    ) {
                        extensions.insert(k.clone(), v.clone());
                    }
                }
                "customParameters" => {
                    let mut rest = v.as_object().cloned().unwrap_or_default();
                    if idp == "oauth2" {
                        for key in ["authorizationUrl", "tokenUrl", "refreshUrl"] {
                            rest.remove(key);
                        }
                    }
                    if !rest.is_empty() {
                        extensions.insert(k.clone(), Value::Object(rest));
                    }
                }
                _ => {
                    extensions.insert(k.clone(), v.clone());
                }
            }
        }
        extensions
    }

    /// Every operation, with a unique operation id that is also unique as a Rust method.
    fn operations(&mut self) -> Vec<Op<'a>> {
        let mut out = Vec::new();
        let Some(paths) = self.swagger.get("paths").and_then(Value::as_object) else {
            self.warnings
                .push("/paths", "the document has no operations");
            return out;
        };
        let mut ids = super::OperationIds::default();
        for (path, item) in paths {
            let Some(item) = item.as_object() else {
                continue;
            };
            for (method, op) in item {
                let lower = method.to_ascii_lowercase();
                if !METHODS.contains(&lower.as_str()) {
                    continue;
                }
                let ptr = format!("/paths/{}/{}", escape(path), method);
                let Some(op) = op.as_object() else {
                    self.warnings
                        .push(&ptr, "an operation must be an object; skipped");
                    continue;
                };
                let id = op
                    .get("operationId")
                    .and_then(Value::as_str)
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .unwrap_or_else(|| {
                        let made = generated_id(&lower, path);
                        self.warnings
                            .push(&ptr, format!("no operationId; `{made}` is used"));
                        made
                    });
                let wanted = id;
                let id = ids.claim(&wanted);
                if id != wanted {
                    self.warnings.push(
                        &format!("{ptr}/operationId"),
                        format!("operation id `{wanted}` repeats another one (or its Rust method name); renamed `{id}`"),
                    );
                }
                out.push(Op {
                    path: path.clone(),
                    method: lower,
                    op,
                    item,
                    ptr,
                    id,
                });
            }
        }
        out
    }

    /// The operation's parameters (path-level ones first, overridden by the operation's).
    fn parameters(&mut self, op: &Op) -> Vec<(Map<String, Value>, String)> {
        let mut out: Vec<(Map<String, Value>, String)> = Vec::new();
        let lists = [
            (
                op.item.get("parameters"),
                format!("/paths/{}/parameters", escape(&op.path)),
            ),
            (op.op.get("parameters"), format!("{}/parameters", op.ptr)),
        ];
        for (list, base) in lists {
            let Some(list) = list else { continue };
            let Some(list) = list.as_array() else {
                self.warnings
                    .push(&base, "`parameters` must be a list; ignored");
                continue;
            };
            for (index, p) in list.iter().enumerate() {
                let ptr = format!("{base}/{index}");
                let resolved = self.schemas.resolve(p);
                let Some(map) = resolved.as_object() else {
                    self.warnings.push(
                        &ptr,
                        "a parameter must be an object (or an unresolvable $ref); skipped",
                    );
                    continue;
                };
                let name = map.get("name").and_then(Value::as_str).unwrap_or("");
                let location = map.get("in").and_then(Value::as_str).unwrap_or("");
                if name.is_empty() || location.is_empty() {
                    self.warnings
                        .push(&ptr, "a parameter needs `name` and `in`; skipped");
                    continue;
                }
                out.retain(|(m, _)| {
                    !(m.get("name") == map.get("name") && m.get("in") == map.get("in"))
                });
                out.push((map.clone(), ptr));
            }
        }
        out
    }

    fn consumes(&self, op: &Op) -> Vec<String> {
        self.content_types(op, "consumes")
    }

    fn produces(&self, op: &Op) -> Vec<String> {
        self.content_types(op, "produces")
    }

    /// The operation's own `consumes` or `produces` list (`key`), else the document's, lower-cased.
    fn content_types(&self, op: &Op, key: &str) -> Vec<String> {
        op.op
            .get(key)
            .or_else(|| self.swagger.get(key))
            .and_then(Value::as_array)
            .map(|l| {
                l.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_ascii_lowercase)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Params, body and the request line of an operation.
    fn request(&mut self, op: &Op) -> (Map<String, Value>, Option<Value>, String) {
        let params = self.parameters(op);
        let placeholders: Vec<String> = placeholders(&op.path);
        let mut path = op.path.clone();
        let mut out = Map::new();
        let mut body: Option<Value> = None;
        let mut form = Map::new();
        let mut multipart = false;
        let mut body_param: Option<&Map<String, Value>> = None;
        for (p, ptr) in &params {
            let name = p["name"].as_str().unwrap_or_default().to_owned();
            let mut location = p["in"].as_str().unwrap_or_default().to_owned();
            match location.as_str() {
                "body" => {
                    if body.is_some() {
                        self.warnings
                            .push(ptr, "a second body parameter; kept as written");
                        self.unplaced
                            .push(self.schemas.inline(&Value::Object(p.clone())));
                        continue;
                    }
                    body_param = Some(p);
                    body = Some(self.body(p, ptr, op));
                    self.keep_body_keys(p);
                    continue;
                }
                "formData" => {
                    if p.get("type").and_then(Value::as_str) == Some("file") {
                        multipart = true;
                    }
                    let def = self.form_field(p, ptr);
                    form.insert(name, def);
                    continue;
                }
                "path" if !placeholders.contains(&name) => {
                    self.warnings.push(ptr, format!("path parameter `{name}` is not in the path `{}`; read as a query parameter", op.path));
                    location = "query".into();
                }
                "path" | "query" | "header" => {}
                other => {
                    self.warnings.push(
                        ptr,
                        format!("parameter location `{other}` is not supported; kept as written"),
                    );
                    self.unplaced
                        .push(self.schemas.inline(&Value::Object(p.clone())));
                    continue;
                }
            }
            let is_placeholder = placeholders.contains(&name);
            let (key, def) = self.simple_param(p, ptr, &location, is_placeholder, &out);
            out.insert(key, def);
        }
        self.undeclared_placeholders(op, &placeholders, &mut out);
        if !form.is_empty() {
            if body.is_some() {
                self.warnings.push(
                    &op.ptr,
                    "both a body and form fields; the form fields are ignored",
                );
            } else {
                body = Some(self.form_body(op, form, multipart));
            }
        }
        if has_space_outside_placeholders(&path) {
            self.warnings
                .push(&op.ptr, "the path contains white space; written as %20");
            path = encode_spaces_outside_placeholders(&path);
        }
        let line = format!("{} {}", op.method.to_ascii_uppercase(), path);
        if body.is_some() && matches!(op.method.as_str(), "get" | "head") {
            self.keep_get_body(op, body_param);
            body = None;
        }
        (out, body, line)
    }

    /// The body of form fields `form` (multipart when a field is a file or the operation
    /// consumes multipart).
    fn form_body(&mut self, op: &Op, form: Map<String, Value>, multipart: bool) -> Value {
        let multipart = multipart || self.consumes(op).iter().any(|c| c.contains("multipart"));
        json!({
            "encoding": if multipart { "multipart" } else { "form" },
            "fields": form,
        })
    }

    /// A GET or HEAD's body parameter, which the spec cannot say: kept as written.
    fn keep_get_body(&mut self, op: &Op, body_param: Option<&Map<String, Value>>) {
        self.warnings.push(
            &op.ptr,
            "a GET or HEAD request with a body; the spec cannot say it, so the body parameter is kept as written",
        );
        if let Some(p) = body_param {
            self.unplaced
                .push(self.schemas.inline(&Value::Object(p.clone())));
        }
    }

    /// The body parameter `p`'s keys the spec has no place for, kept as written: labels the
    /// spec holds are read; a blank one, or a visibility the spec has no word for, rides along.
    fn keep_body_keys(&mut self, p: &Map<String, Value>) {
        let typed_label = |k: &str, v: &Value| match k {
            "description" | "x-ms-summary" => non_blank(Some(v)).is_some(),
            "x-ms-visibility" => v.as_str().is_some_and(|w| {
                matches!(
                    w.to_ascii_lowercase().as_str(),
                    "important" | "advanced" | "internal"
                )
            }),
            _ => false,
        };
        let extra: Map<String, Value> = p
            .iter()
            .filter(|(k, v)| {
                !matches!(k.as_str(), "name" | "in" | "required" | "schema") && !typed_label(k, v)
            })
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        if !extra.is_empty() {
            self.body_keys = Some(Value::Object(extra));
        }
    }

    /// A form field's definition.
    fn form_field(&mut self, p: &Map<String, Value>, ptr: &str) -> Value {
        let mut def = self.param_def(p, ptr);
        if p.get("required") == Some(&json!(true)) {
            def = with_key(def, "required", json!(true));
        }
        if let Some(cf @ ("csv" | "multi" | "ssv" | "pipes")) =
            p.get("collectionFormat").and_then(Value::as_str)
        {
            def = with_key(def, "array_style", json!(cf));
        }
        def
    }

    /// A path, query or header parameter travelling in `location`, keyed by its name (with
    /// the location appended when `taken` already holds the name).
    fn simple_param(
        &mut self,
        p: &Map<String, Value>,
        ptr: &str,
        location: &str,
        is_placeholder: bool,
        taken: &Map<String, Value>,
    ) -> (String, Value) {
        let name = p["name"].as_str().unwrap_or_default();
        let mut def = expand(self.param_def(p, ptr));
        let mut head = Map::new();
        let mut key = name.to_owned();
        if taken.contains_key(&key) {
            key = format!("{name}_{location}");
            head.insert("name".into(), json!(name));
        }
        if location != "query" || is_placeholder {
            head.insert("in".into(), json!(location));
        }
        if location == "path" || p.get("required") == Some(&json!(true)) {
            head.insert("required".into(), json!(true));
        }
        // As written, `single` included: without `--fix` the emitter writes only these.
        if let Some(enc @ ("single" | "double")) =
            p.get("x-ms-url-encoding").and_then(Value::as_str)
        {
            head.insert("url_encoding".into(), json!(enc));
        }
        match list_style(p) {
            Some(ListStyle::Word(style)) => {
                head.insert("array_style".into(), json!(style));
            }
            Some(ListStyle::Kept(cf)) => extension(&mut def, "collectionFormat", cf.clone()),
            None => {}
        }
        head.extend(def);
        (key, compact(head))
    }

    /// Adds a required string parameter for each path placeholder nobody declared.
    fn undeclared_placeholders(
        &mut self,
        op: &Op,
        placeholders: &[String],
        out: &mut Map<String, Value>,
    ) {
        for name in placeholders {
            let declared = out.iter().any(|(key, d)| {
                let wire = d.get("name").and_then(Value::as_str).unwrap_or(key);
                wire == name && d.get("in") == Some(&json!("path"))
            });
            if !declared && !self.connection.contains_key(name) {
                self.warnings.push(&op.ptr, format!("path placeholder `{{{name}}}` has no parameter; a required string parameter is added"));
                out.insert(
                    name.clone(),
                    json!({"in": "path", "type": "string", "required": true}),
                );
            }
        }
    }

    /// A non-body parameter's type definition (without `in`, `name`, `required`).
    fn param_def(&mut self, p: &Map<String, Value>, ptr: &str) -> Value {
        let mut schema = p.clone();
        for key in [
            "name",
            "in",
            "required",
            "collectionFormat",
            "x-ms-url-encoding",
            "allowEmptyValue",
        ] {
            schema.remove(key);
        }
        // Said of the parameter, not of its value: rides along as written.
        let allow_empty = p.get("allowEmptyValue").cloned();
        if let Some(inner) = schema.remove("schema") {
            if let Some(obj) = self.schemas.resolve(&inner).as_object() {
                for (k, v) in obj {
                    schema.entry(k.clone()).or_insert(v.clone());
                }
            }
        }
        if !schema.contains_key("type") && !schema.contains_key("$ref") {
            schema.insert("type".into(), json!("string"));
        }
        let def = self.schemas.convert(&Value::Object(schema), ptr).def;
        // A parameter writes no labels of enum values of its own: they ride along as written.
        let kept = [
            ("x-ms-enum-values", p.get("x-ms-enum-values").cloned()),
            ("allowEmptyValue", allow_empty),
        ];
        if kept.iter().all(|(_, v)| v.is_none()) {
            return def;
        }
        let mut def = expand(def);
        for (key, value) in kept {
            if let Some(value) = value {
                extension(&mut def, key, value);
            }
        }
        compact(def)
    }

    fn body(&mut self, p: &Map<String, Value>, ptr: &str, op: &Op) -> Value {
        let mut out = Map::new();
        let consumes = self.consumes(op);
        let schema = p.get("schema").cloned().unwrap_or_else(|| {
            self.warnings
                .push(ptr, "a body parameter without a schema; read as any value");
            json!({})
        });
        let mut def = self.schemas.convert(&schema, &format!("{ptr}/schema")).def;
        let resolved = self.schemas.resolve(&schema);
        let binary = resolved.get("format").and_then(Value::as_str) == Some("binary")
            || resolved.get("type").and_then(Value::as_str) == Some("file");
        let content_type = consumes.first().cloned();
        if binary && !content_type.as_deref().is_some_and(|c| c.contains("json")) {
            out.insert("encoding".into(), json!("binary"));
            def = self.labelled_binary(&schema).unwrap_or(Value::Null);
            if let Some(ct) = content_type.filter(|c| c != "application/octet-stream") {
                out.insert("content_type".into(), json!(ct));
            }
        } else if let Some(ct) = content_type.filter(|c| !c.contains("json") && !c.is_empty()) {
            out.insert("content_type".into(), json!(ct));
        }
        if !def.is_null() {
            let expanded = expand(def.clone());
            if expanded.len() == 1 && expanded.contains_key("fields") {
                out.insert("fields".into(), expanded["fields"].clone());
            } else {
                out.insert("type".into(), def);
            }
        }
        let name = p.get("name").and_then(Value::as_str).unwrap_or("body");
        if name != "body" {
            out.insert("name".into(), json!(name));
        }
        if p.get("required") != Some(&json!(true)) {
            out.insert("required".into(), json!(false));
        }
        if let Some(s) = non_blank(p.get("x-ms-summary")) {
            out.insert("summary".into(), json!(s));
        }
        if let Some(s) = non_blank(p.get("description")) {
            out.insert("description".into(), json!(s));
        }
        if let Some(v) = p.get("x-ms-visibility").and_then(Value::as_str) {
            if let w @ ("important" | "advanced" | "internal") = v.to_ascii_lowercase().as_str() {
                out.insert("visibility".into(), json!(w));
            }
        }
        Value::Object(out)
    }

    /// `type: binary` with the designer labels of a binary schema, `None` when it has none (the
    /// encoding alone then says it).
    fn labelled_binary(&self, schema: &Value) -> Option<Value> {
        let resolved = self.schemas.resolve(schema);
        let label = |key: &str| non_blank(schema.get(key).or_else(|| resolved.get(key)));
        let mut out = Map::new();
        out.insert("type".into(), json!("binary"));
        if let Some(summary) = label("x-ms-summary") {
            out.insert("summary".into(), json!(summary));
        }
        if let Some(description) = label("description") {
            out.insert("description".into(), json!(description));
        }
        let visibility = label("x-ms-visibility").map(str::to_ascii_lowercase);
        if let Some(word @ ("important" | "advanced" | "internal")) = visibility.as_deref() {
            out.insert("visibility".into(), json!(word));
        }
        // Everything else (a title, documentation, extensions, a blank label) rides along as
        // written; the type and format say "binary" to the emitter.
        let read = |key: &str| match key {
            "type" | "format" | "$ref" => true,
            "x-ms-summary" => out.contains_key("summary"),
            "description" => out.contains_key("description"),
            "x-ms-visibility" => out.contains_key("visibility"),
            _ => false,
        };
        let mut kept = Map::new();
        for source in [resolved, schema] {
            for (key, value) in source.as_object().into_iter().flatten() {
                if !read(key) {
                    kept.insert(key.clone(), value.clone());
                }
            }
        }
        if !kept.is_empty() {
            out.insert("extensions".into(), Value::Object(kept));
        }
        (out.len() > 1).then_some(Value::Object(out))
    }

    /// The answer the spec models: the first success (one with a schema before one without),
    /// else a `default` answer with a schema.
    fn chosen_response<'o>(&self, op: &Op<'o>) -> Option<(&'o String, &'o Value)> {
        let responses = op.op.get("responses").and_then(Value::as_object)?;
        let mut chosen: Option<(&String, &Value)> = None;
        for (code, r) in responses {
            if code.starts_with('2') {
                let has_schema = self.schemas.resolve(r).get("schema").is_some();
                match chosen {
                    None => chosen = Some((code, r)),
                    Some((_, prev))
                        if has_schema && self.schemas.resolve(prev).get("schema").is_none() =>
                    {
                        chosen = Some((code, r))
                    }
                    _ => {}
                }
            }
        }
        // Without a success, the `default` answer (with a schema, or the only answer).
        if chosen.is_none() {
            if let Some(r) = responses.get("default") {
                if self.schemas.resolve(r).get("schema").is_some() || responses.len() == 1 {
                    chosen = Some((
                        responses.keys().find(|k| *k == "default").expect("present"),
                        r,
                    ));
                }
            }
        }
        chosen
    }

    /// The successful answer: `returns: T`, or `response:` when more must be said.
    fn response(&mut self, op: &Op) -> (Option<Value>, Option<Value>) {
        let Some((code, r)) = self.chosen_response(op) else {
            return (None, None);
        };
        let ptr = format!("{}/responses/{}", op.ptr, escape(code));
        let r = self.schemas.resolve(r).clone();
        let status: u16 = code
            .parse()
            .ok()
            .filter(|s| (200..300).contains(s))
            .unwrap_or(200);
        let mut out = Map::new();
        if status != 200 {
            out.insert("status".into(), json!(status));
        }
        let produces = self.produces(op);
        let mut ty: Option<Value> = None;
        if let Some(schema) = r.get("schema") {
            let resolved = self.schemas.resolve(schema);
            let binary = resolved.get("format").and_then(Value::as_str) == Some("binary")
                || resolved.get("type").and_then(Value::as_str) == Some("file");
            if binary {
                out.insert("encoding".into(), json!("binary"));
                ty = self.labelled_binary(schema);
                if let Some(ct) = produces
                    .first()
                    .filter(|c| !c.contains("json") && *c != "application/octet-stream")
                {
                    out.insert("content_type".into(), json!(ct));
                }
            } else {
                ty = Some(self.schemas.convert(schema, &format!("{ptr}/schema")).def);
            }
        }
        let description = r.get("description").and_then(Value::as_str).unwrap_or("");
        // As written: the emitter's own word for an answer without one is `Success`.
        if !description.trim().is_empty() && description != "Success" {
            out.insert("description".into(), json!(description));
        }
        if let Some(headers) = r.get("headers").and_then(Value::as_object) {
            let mut hs = Map::new();
            for (name, h) in headers {
                let def = self
                    .schemas
                    .convert(h, &format!("{ptr}/headers/{}", escape(name)))
                    .def;
                hs.insert(name.clone(), with_array_style(def, h));
            }
            out.insert("headers".into(), Value::Object(hs));
        }
        if out.is_empty() && ty.is_some() {
            return (ty, None);
        }
        if let Some(ty) = ty {
            let expanded = expand(ty.clone());
            if expanded.len() == 1 && expanded.contains_key("fields") {
                out.insert("fields".into(), expanded["fields"].clone());
            } else {
                out.insert("type".into(), ty);
            }
        }
        (None, Some(Value::Object(out)))
    }

    fn action(&mut self, op: &Op) -> Value {
        let mut out = Map::new();
        self.op_docs(op, &mut out);
        let (params, body, line) = self.request(op);
        out.insert("request".into(), json!(line));
        out.insert("params".into(), Value::Object(params));
        if let Some(body) = body {
            out.insert("body".into(), body);
        }
        let (returns, response) = self.response(op);
        if let Some(r) = returns {
            out.insert("returns".into(), r);
        }
        if let Some(r) = response {
            out.insert("response".into(), r);
        }
        if let Some(next) = op
            .op
            .get("x-ms-pageable")
            .and_then(|p| p.get("nextLinkName"))
            .and_then(Value::as_str)
        {
            let answer = out.get("returns").cloned().or_else(|| {
                out.get("response").and_then(|r| {
                    r.get("type")
                        .cloned()
                        .or_else(|| r.get("fields").map(|f| json!({"fields": f})))
                })
            });
            let items = answer.as_ref().and_then(|a| {
                if self.list_item(a).is_some() {
                    return Some(None);
                }
                let fields = self.fields_of(a)?;
                fields
                    .iter()
                    .find(|(_, f)| self.list_item(f).is_some())
                    .map(|(name, _)| Some(name.clone()))
            });
            // The next link must be a plain field of the answer (paths cannot hold `.`).
            let next_known = answer
                .as_ref()
                .and_then(|a| self.fields_of(a))
                .is_some_and(|f| f.contains_key(next))
                && !next.contains('.');
            let items = items.filter(|_| next_known);
            match items {
                Some(items) => {
                    let mut paging = Map::new();
                    paging.insert("next".into(), json!(next));
                    if let Some(items) = items {
                        paging.insert("items".into(), json!(items));
                    }
                    out.insert("paginate".into(), json!({ "next_link": paging }));
                }
                None => {
                    self.warnings.push(
                        &format!("{}/x-ms-pageable", op.ptr),
                        "the pageable answer has no list of items; kept as an extension",
                    );
                    extension(&mut out, "x-ms-pageable", op.op["x-ms-pageable"].clone());
                }
            }
        }
        deprecation(op, &mut out);
        if let Some(tags) = op.op.get("tags").and_then(Value::as_array) {
            let tags: Vec<Value> = tags
                .iter()
                .filter(|t| t.as_str().is_some_and(|t| !t.is_empty()))
                .cloned()
                .collect();
            out.insert("tags".into(), Value::Array(tags));
        }
        self.op_extensions(op, &mut out, &["x-ms-visibility", "x-ms-pageable"]);
        Value::Object(out)
    }

    fn op_docs(&mut self, op: &Op, out: &mut Map<String, Value>) {
        if let Some(s) = non_blank(op.op.get("summary")) {
            out.insert("summary".into(), json!(s.trim()));
        }
        if let Some(s) = non_blank(op.op.get("description")) {
            out.insert("description".into(), json!(s));
        }
        if let Some(v) = op.op.get("x-ms-visibility").and_then(Value::as_str) {
            match v.to_ascii_lowercase().as_str() {
                w @ ("important" | "advanced" | "internal") => {
                    out.insert("visibility".into(), json!(w));
                }
                "none" | "" => {}
                _ => self.warnings.push(
                    &format!("{}/x-ms-visibility", op.ptr),
                    format!("visibility `{v}` is not known; dropped"),
                ),
            }
        }
    }

    /// The answers the spec does not model (errors, `default`, other successes), kept as
    /// written with their `$ref`s inlined, for the emitter to write back beside the modelled one.
    fn keep_other_responses(&mut self, op: &Op, out: &mut Map<String, Value>) {
        let Some(responses) = op.op.get("responses").and_then(Value::as_object) else {
            return;
        };
        // A webhook's subscription models no answer: all of them are kept.
        let webhook = out.contains_key("webhook");
        let chosen = self
            .chosen_response(op)
            .filter(|_| !webhook)
            .map(|(code, _)| code);
        if let Some(code) = chosen {
            // What the modelled answer says beyond its description, schema and headers.
            let answer = self.schemas.resolve(&responses[code]);
            // A poll has no place for its answer's description; the emitter's own word for
            // a blank one is `Success`.
            let description = answer.get("description").and_then(Value::as_str);
            let keep_description = description.is_some_and(|d| {
                d.trim().is_empty() || (out.contains_key("poll") && d != "Success")
            });
            let extra: Map<String, Value> = answer
                .as_object()
                .into_iter()
                .flatten()
                .filter(|(k, v)| match k.as_str() {
                    "description" => keep_description,
                    // Swagger 2.0's `type: file` answer, which the spec reads as a binary
                    // answer the emitter writes as a binary string: kept as written.
                    "schema" => {
                        self.schemas.resolve(v).get("type").and_then(Value::as_str) == Some("file")
                    }
                    "headers" => false,
                    _ => true,
                })
                .map(|(k, v)| (k.clone(), self.schemas.inline(v)))
                .collect();
            if !extra.is_empty() {
                let key = crate::emit::powerplatform::kept::RESPONSE_KEYS;
                extension(out, key, Value::Object(extra));
            }
        }
        if chosen.is_some_and(|code| code == "default") {
            extension(
                out,
                crate::emit::powerplatform::kept::RESPONSE_KEY,
                json!("default"),
            );
        }
        let others: Map<String, Value> = responses
            .iter()
            .filter(|(code, _)| Some(*code) != chosen)
            .map(|(code, r)| (code.clone(), self.schemas.inline(r)))
            .collect();
        if !others.is_empty() || webhook {
            extension(
                out,
                crate::emit::powerplatform::kept::OTHER_RESPONSES,
                Value::Object(others),
            );
        }
    }

    /// The operation's parameters as `in/name`, in the order written (path-level ones first,
    /// overridden by the operation's).
    fn written_order(&self, op: &Op) -> Vec<String> {
        let mut order: Vec<String> = Vec::new();
        for list in [op.item.get("parameters"), op.op.get("parameters")] {
            for key in self.order_of(list) {
                order.retain(|k| *k != key);
                order.push(key);
            }
        }
        order
    }

    /// A parameter list's `in/name` keys.
    fn order_of(&self, list: Option<&Value>) -> Vec<String> {
        let mut order = Vec::new();
        for p in list.and_then(Value::as_array).into_iter().flatten() {
            let p = self.schemas.resolve(p);
            if let (Some(name), Some(location)) = (
                p.get("name").and_then(Value::as_str),
                p.get("in").and_then(Value::as_str),
            ) {
                order.push(format!("{location}/{name}"));
            }
        }
        order
    }

    fn op_extensions(&mut self, op: &Op, out: &mut Map<String, Value>, handled: &[&str]) {
        // As written, with `$ref`s inlined: their targets are not written back as they were.
        for (k, v) in op.op {
            if k.starts_with("x-") && !handled.contains(&k.as_str()) {
                extension(out, k, self.schemas.inline(v));
            }
        }
        if let Some(keys) = self.body_keys.take() {
            extension(out, crate::emit::powerplatform::kept::BODY_KEYS, keys);
        }
        let unplaced = std::mem::take(&mut self.unplaced);
        if !unplaced.is_empty() {
            let key = crate::emit::powerplatform::kept::KEPT_PARAMETERS;
            extension(out, key, Value::Array(unplaced));
        }
        // Parameters written once for the whole path item stay there.
        if op.item.get("parameters").is_some() {
            let own: Vec<String> = self.order_of(op.op.get("parameters"));
            let inherited: Vec<String> = self
                .order_of(op.item.get("parameters"))
                .into_iter()
                .filter(|k| !own.contains(k))
                .collect();
            if !inherited.is_empty() {
                let key = crate::emit::powerplatform::kept::PATH_PARAMETERS;
                extension(out, key, json!(inherited));
            }
        }
        // The emitter writes a body or form fields after the other parameters; an original
        // written in another order keeps it.
        let written = self.written_order(op);
        let is_body = |k: &String| k.starts_with("body/") || k.starts_with("formData/");
        let mut derived: Vec<String> = written.iter().filter(|k| !is_body(k)).cloned().collect();
        derived.extend(written.iter().filter(|k| is_body(k)).cloned());
        if derived != written {
            extension(
                out,
                crate::emit::powerplatform::kept::PARAMETER_ORDER,
                json!(written),
            );
        }
        self.keep_other_responses(op, out);
        // Content types as written, when the operation lists its own (the connector's
        // `operation_keys` says the others list none).
        let mut kept = Map::new();
        if op.op.contains_key("consumes") || op.op.contains_key("produces") {
            for key in ["consumes", "produces"] {
                let value = op.op.get(key).cloned().unwrap_or(Value::Null);
                kept.insert(key.to_owned(), value);
            }
        }
        // Keys the spec language has no place for, as written: the operation's own security
        // requirement, its documentation link and transfer protocols.
        for key in ["security", "externalDocs", "schemes"] {
            if let Some(value) = op.op.get(key) {
                kept.insert(key.to_owned(), value.clone());
            }
        }
        // The emitter names an operation without a summary by its id; the original has none.
        if !op.op.contains_key("summary") {
            kept.insert("summary".to_owned(), Value::Null);
        }
        if !kept.is_empty() {
            extension(
                out,
                crate::emit::powerplatform::kept::OPERATION_KEYS,
                Value::Object(kept),
            );
        }
    }

    fn trigger(&mut self, op: &Op) -> Value {
        let mut out = Map::new();
        self.op_docs(op, &mut out);
        let (params, body, line) = self.request(op);
        let notification = body.as_ref().and_then(|b| self.notification_url(b));
        if let (Some(body), Some(url)) = (body.clone(), notification) {
            out.insert("params".into(), Value::Object(params));
            let hook = self.webhook(op, line, body, url, &mut out);
            out.insert("webhook".into(), Value::Object(hook));
        } else {
            let single = op.op.get("x-ms-trigger").and_then(Value::as_str) == Some("single");
            let mut poll = self.poll(op, line, &params, single);
            if let (Some(body), Value::Object(map)) = (body, &mut poll) {
                map.insert("body".into(), body);
            }
            out.insert("params".into(), Value::Object(params));
            out.insert("poll".into(), poll);
        }
        deprecation(op, &mut out);
        self.op_extensions(
            op,
            &mut out,
            &["x-ms-visibility", "x-ms-trigger", "x-ms-trigger-metadata"],
        );
        // The emitter writes a poll's cursor parameter last.
        let key = crate::emit::powerplatform::kept::PARAMETER_ORDER;
        let kept = out.get("extensions").and_then(|e| e.get(key)).is_some();
        let written = self.written_order(op);
        if !kept && written.len() > 1 && out.get("poll").and_then(|p| p.get("cursor")).is_some() {
            extension(&mut out, key, json!(written));
        }
        keep_trigger_keys(op, &mut out);
        Value::Object(out)
    }

    /// A webhook subscribed with the request `line` and `body`, whose field `url` takes the
    /// notification URL; the keys beside its payload's schema go to `out` as written.
    fn webhook(
        &mut self,
        op: &Op,
        line: String,
        mut body: Value,
        url: String,
        out: &mut Map<String, Value>,
    ) -> Map<String, Value> {
        let payload = self.payload(op);
        if let Some(Value::Object(ext)) =
            body.pointer_mut(&format!("/fields/{}/extensions", escape(&url)))
        {
            // `notification_url` says it.
            ext.remove("x-ms-notification-url");
        }
        if let Some(Value::Object(content)) = op.item.get("x-ms-notification-content") {
            // The keys beside the payload's schema, as written; the emitter's own
            // description (the trigger's) is dropped when the original has none.
            let mut kept: Map<String, Value> = content
                .iter()
                .filter(|(k, _)| *k != "schema")
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            kept.entry("description").or_insert(Value::Null);
            extension(
                out,
                crate::emit::powerplatform::kept::NOTIFICATION_KEYS,
                Value::Object(kept),
            );
        }
        self.webhook_paths.insert(op.path.clone());
        let mut hook = Map::new();
        hook.insert("subscribe".into(), json!(line));
        hook.insert("body".into(), body);
        hook.insert("notification_url".into(), json!(url));
        hook.insert("payload".into(), payload);
        hook
    }

    /// The type of a webhook's payload (`x-ms-notification-content` on its path); any value
    /// when there is none.
    fn payload(&mut self, op: &Op) -> Value {
        match op.item.get("x-ms-notification-content") {
            Some(content) => {
                let ptr = format!(
                    "/paths/{}/x-ms-notification-content/schema",
                    escape(&op.path)
                );
                match content.get("schema") {
                    Some(s) => self.schemas.convert(s, &ptr).def,
                    None => json!("any"),
                }
            }
            None => {
                self.warnings.push(&op.ptr, "a webhook trigger without `x-ms-notification-content`; the payload is any value");
                json!("any")
            }
        }
    }

    /// The dotted path of the body field marked `x-ms-notification-url`.
    fn notification_url(&self, body: &Value) -> Option<String> {
        let ty = body
            .get("type")
            .cloned()
            .or_else(|| body.get("fields").map(|f| json!({ "fields": f })))?;
        self.find_marked(&ty, 0)
    }

    fn find_marked(&self, def: &Value, depth: usize) -> Option<String> {
        if depth > 6 {
            return None;
        }
        let fields = self.fields_of(def)?;
        for (name, field) in &fields {
            if field.pointer("/extensions/x-ms-notification-url").is_some() {
                return Some(name.clone());
            }
        }
        for (name, field) in &fields {
            if let Some(inner) = self.find_marked(field, depth + 1) {
                return Some(format!("{name}.{inner}"));
            }
        }
        None
    }

    /// The fields of a converted definition (following object names).
    fn fields_of(&self, def: &Value) -> Option<Map<String, Value>> {
        let mut current = def.clone();
        for _ in 0..8 {
            match &current {
                Value::String(name) => current = self.objects.get(name)?.clone(),
                Value::Object(map) => {
                    if let Some(Value::Object(f)) = map.get("fields") {
                        return Some(f.clone());
                    }
                    let name = map.get("type").and_then(Value::as_str)?;
                    current = self.objects.get(name)?.clone();
                }
                _ => return None,
            }
        }
        None
    }

    /// Whether a type definition is a plain value (a scalar other than a free-form object or
    /// any value, or an enum), following object names: its items are told apart by themselves.
    fn plain(&self, def: &Value) -> bool {
        let mut current = def.clone();
        for _ in 0..8 {
            let name = match &current {
                Value::String(name) => name.clone(),
                Value::Object(map) => {
                    if ["fields", "list", "map"]
                        .iter()
                        .any(|k| map.contains_key(*k))
                    {
                        return false;
                    }
                    match map.get("type").and_then(Value::as_str) {
                        Some(name) => name.to_owned(),
                        // No type, fields, list or map: a string (or an enum of strings).
                        None => return true,
                    }
                }
                _ => return false,
            };
            match self.objects.get(&name) {
                Some(object) => current = object.clone(),
                None => return !matches!(name.as_str(), "object" | "any"),
            }
        }
        false
    }

    /// The item type of a list definition (following object names).
    fn list_item(&self, def: &Value) -> Option<Value> {
        let mut current = def.clone();
        for _ in 0..8 {
            match &current {
                Value::Array(items) => return items.first().cloned(),
                Value::String(name) => current = self.objects.get(name)?.clone(),
                Value::Object(map) => {
                    if let Some(item) = map.get("list") {
                        return Some(item.clone());
                    }
                    let name = map.get("type").and_then(Value::as_str)?;
                    current = self.objects.get(name)?.clone();
                }
                _ => return None,
            }
        }
        None
    }

    fn poll(&mut self, op: &Op, line: String, params: &Map<String, Value>, single: bool) -> Value {
        let mut poll = Map::new();
        poll.insert("request".into(), json!(line));
        let (returns, response) = self.response(op);
        let answer = returns.or_else(|| {
            response.as_ref().and_then(|r| {
                r.get("type")
                    .cloned()
                    .or_else(|| r.get("fields").map(|f| json!({"fields": f})))
            })
        });
        if single {
            self.single_poll(answer, &mut poll);
            return Value::Object(poll);
        }
        let policy = self.polling_policy(op);
        let Some(answer) = answer else {
            self.warnings.push(
                &op.ptr,
                "a polling trigger without an answer schema; items are read as any value",
            );
            poll.insert("returns".into(), json!(["any"]));
            poll.insert("identity".into(), json!("id"));
            return Value::Object(poll);
        };
        let Some((items_path, item)) = self.poll_items(&answer, policy.items_path) else {
            self.warnings.push(
                &op.ptr,
                "a polling trigger whose answer is one item, not a list; the spec language cannot say it, so the answer is read as a free-form object",
            );
            poll.insert("returns".into(), json!("object"));
            poll.insert("identity".into(), json!("id"));
            return Value::Object(poll);
        };
        poll.insert("returns".into(), answer);
        if let Some(path) = items_path.filter(|p| !p.is_empty()) {
            poll.insert("items".into(), json!(path));
        }
        let item_fields = self.fields_of(&item).unwrap_or_default();
        let plain_items = item_fields.is_empty() && self.plain(&item);
        let identity = if plain_items {
            ".".to_owned()
        } else {
            identity(&item_fields)
        };
        poll.insert("identity".into(), json!(identity));
        if let Some((param, from)) = policy.cursor {
            if (item_fields.contains_key(&from) || item_fields.is_empty())
                && params.contains_key(&param)
            {
                poll.insert("cursor".into(), json!({"param": param, "from": from}));
            }
        }
        if let Some(index) = policy.index {
            // The emitter writes the policy again from `items` and `cursor`.
            self.policies.remove(index);
        }
        Value::Object(poll)
    }

    /// A poll whose every answer is the event itself; with no answer schema it is any value.
    fn single_poll(&self, answer: Option<Value>, poll: &mut Map<String, Value>) {
        poll.insert("single".into(), json!(true));
        let fields = answer
            .as_ref()
            .and_then(|a| self.fields_of(a))
            .unwrap_or_default();
        if let Some(answer) = answer {
            poll.insert("returns".into(), answer);
        }
        poll.insert("identity".into(), json!(identity(&fields)));
    }

    /// What the `pollingtrigger` policy naming the operation says: where the items are and
    /// which answer field fills which parameter next time.
    fn polling_policy(&self, op: &Op) -> PollingPolicy {
        let index = self.policies.iter().position(|p| {
            p.get("templateId").and_then(Value::as_str) == Some("pollingtrigger")
                && p.pointer("/parameters/x-ms-apimTemplate-operationName")
                    .and_then(Value::as_array)
                    .is_some_and(|ops| ops.iter().any(|o| o.as_str() == Some(op.id.as_str())))
        });
        let mut policy = PollingPolicy {
            index,
            items_path: None,
            cursor: None,
        };
        let Some(index) = index else {
            return policy;
        };
        let p = self.policies[index]
            .get("parameters")
            .cloned()
            .unwrap_or(json!({}));
        policy.items_path = p
            .get("x-ms-apimTemplateParameter.triggerDataPath")
            .and_then(Value::as_str)
            .and_then(|d| d.strip_prefix("@triggerBody()"))
            .map(|d| d.trim_start_matches('.').replace("?.", ".").to_owned());
        if let Some(Value::Object(config)) = p.get("x-ms-apimTemplateParameter.triggerConfig") {
            if let Some((param, Value::String(expr))) = config.iter().next() {
                if let Some(from) = expr
                    .rsplit_once("].")
                    .map(|(_, f)| f.trim_end_matches('}').to_owned())
                {
                    policy.cursor = Some((param.clone(), from));
                }
            }
        }
        policy
    }

    /// The items of a poll's `answer` and their path in it (`None` when the answer is the
    /// list): the answer itself when it is a list, else the field `wanted` names (a policy's
    /// path of one step), else the first field that is a list. `None` when there is no list.
    fn poll_items(
        &self,
        answer: &Value,
        wanted: Option<String>,
    ) -> Option<(Option<String>, Value)> {
        if let Some(item) = self.list_item(answer) {
            return Some((None, item));
        }
        let fields = self.fields_of(answer).unwrap_or_default();
        let wanted = wanted.filter(|p| !p.is_empty() && !p.contains('.'));
        let (path, item) = match &wanted {
            Some(path) => fields
                .get(path)
                .and_then(|f| self.list_item(f))
                .map(|i| (path.clone(), i)),
            None => fields
                .iter()
                .find_map(|(name, f)| self.list_item(f).map(|i| (name.clone(), i))),
        }?;
        Some((Some(path), item))
    }
}

/// What a `pollingtrigger` policy says of a poll.
struct PollingPolicy {
    /// The policy's place in the policy list.
    index: Option<usize>,
    /// The path of the items in the answer (`triggerDataPath`).
    items_path: Option<String>,
    /// The parameter and the answer field it is filled from next time (`triggerConfig`).
    cursor: Option<(String, String)>,
}

/// A trigger's keys the emitter would write otherwise, kept as written: its tags (a trigger
/// has none of its own in the spec), and `x-ms-trigger` and `x-ms-trigger-metadata` where the
/// original lacks them, says other metadata, or names a kind other than the derived one.
fn keep_trigger_keys(op: &Op, out: &mut Map<String, Value>) {
    let mut own = Map::new();
    if let Some(tags) = op.op.get("tags") {
        own.insert("tags".into(), tags.clone());
    }
    if !op.op.contains_key("x-ms-trigger") {
        own.insert("x-ms-trigger".into(), Value::Null);
    }
    let metadata = op.op.get("x-ms-trigger-metadata");
    let derived = json!({"kind": "query", "mode": "polling"});
    if out.contains_key("poll") && metadata != Some(&derived) {
        own.insert(
            "x-ms-trigger-metadata".into(),
            metadata.cloned().unwrap_or(Value::Null),
        );
    } else if let (false, Some(m)) = (out.contains_key("poll"), metadata) {
        own.insert("x-ms-trigger-metadata".into(), m.clone());
    }
    if !own.is_empty() {
        let key = crate::emit::powerplatform::kept::OPERATION_KEYS;
        match out.get_mut("extensions").and_then(|e| e.get_mut(key)) {
            Some(Value::Object(kept)) => kept.extend(own),
            _ => extension(out, key, Value::Object(own)),
        }
    }
    if let Some(kind) = op.op.get("x-ms-trigger").and_then(Value::as_str) {
        let single_poll = out.get("poll").and_then(|p| p.get("single")) == Some(&json!(true));
        let expected = if out.contains_key("webhook") || single_poll {
            "single"
        } else {
            "batch"
        };
        if kind != expected {
            extension(out, "x-ms-trigger", json!(kind));
        }
    }
}

/// The operation's `deprecated` as written, `false` included.
fn deprecation(op: &Op, out: &mut Map<String, Value>) {
    if let Some(flag @ Value::Bool(_)) = op.op.get("deprecated") {
        out.insert("deprecated".into(), flag.clone());
    }
}

/// The item field that most likely identifies an item.
fn identity(fields: &Map<String, Value>) -> String {
    let names: Vec<&String> = fields
        .keys()
        .filter(|k| !k.contains('.') && !k.is_empty())
        .collect();
    let pick = names
        .iter()
        .find(|n| n.eq_ignore_ascii_case("id"))
        .or_else(|| {
            names.iter().find(|n| {
                let l = n.to_ascii_lowercase();
                l.ends_with("id") || l.ends_with("key")
            })
        })
        .or_else(|| names.first());
    pick.map(|s| (*s).clone()).unwrap_or_else(|| "id".into())
}

/// The security definitions and the root requirement the Power Platform emitter derives from
/// the spec's `auth` value (see `emit::powerplatform::definition`): one OAuth or basic definition
/// under the emitter's name, or the API key under its `scheme`; none for other kinds.
fn derived_security(auth: Option<&Value>) -> (Map<String, Value>, Option<Value>) {
    let out = derived_definitions(auth);
    let requirement = out.keys().next().map(|name| {
        let scopes = match name.as_str() {
            crate::emit::powerplatform::definition::OAUTH_SCHEME => auth
                .and_then(|a| a.pointer("/oauth2/scopes"))
                .cloned()
                .unwrap_or_else(|| json!([])),
            _ => json!([]),
        };
        json!([{ name.clone(): scopes }])
    });
    (out, requirement)
}

fn derived_definitions(auth: Option<&Value>) -> Map<String, Value> {
    use crate::emit::powerplatform::definition::{BASIC_SCHEME, OAUTH_SCHEME};
    let mut out = Map::new();
    let Some((kind, a)) = auth
        .and_then(Value::as_object)
        .and_then(|m| m.iter().next())
    else {
        return out;
    };
    let text = |key: &str| a.get(key).and_then(Value::as_str);
    match kind.as_str() {
        "oauth2" => {
            let flow = match text("flow") {
                Some("client_credentials") => "application",
                Some("password") => "password",
                Some("implicit") => "implicit",
                _ => "accessCode",
            };
            let token = a.get("token_url").cloned().unwrap_or(Value::Null);
            let mut def = Map::new();
            def.insert("type".into(), json!("oauth2"));
            def.insert("flow".into(), json!(flow));
            if matches!(flow, "accessCode" | "implicit") {
                let url = a.get("authorization_url").unwrap_or(&token);
                def.insert("authorizationUrl".into(), url.clone());
            }
            if flow != "implicit" {
                def.insert("tokenUrl".into(), token.clone());
            }
            let scopes: Map<String, Value> = a
                .get("scopes")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(|s| (s.to_owned(), json!(s)))
                .collect();
            def.insert("scopes".into(), Value::Object(scopes));
            out.insert(OAUTH_SCHEME.into(), Value::Object(def));
        }
        "basic" => {
            out.insert(BASIC_SCHEME.into(), json!({"type": "basic"}));
        }
        "api_key" => {
            if let Some(scheme) = text("scheme") {
                let def = json!({"type": "apiKey", "name": a.get("name"), "in": a.get("in")});
                out.insert(scheme.into(), def);
            }
        }
        _ => {}
    }
    out
}

/// A policy instance as the spec keeps it.
fn policy(p: &Value) -> Option<Value> {
    let template = p.get("templateId").and_then(Value::as_str)?;
    let mut out = Map::new();
    out.insert("template".into(), json!(template));
    if let Some(t) = p.get("title").and_then(Value::as_str) {
        out.insert("title".into(), json!(t));
    }
    if let Some(params) = p.get("parameters") {
        out.insert("parameters".into(), params.clone());
    }
    Some(Value::Object(out))
}

/// `https://@connectionParameters('host')/api` → `https://{host}/api`, when every expression is a
/// connection parameter.
fn connection_template(template: &str, connection: &Map<String, Value>) -> Option<String> {
    let mut out = String::new();
    let mut rest = template;
    while let Some(at) = rest.find("@connectionParameters('") {
        out.push_str(&rest[..at]);
        let after = &rest[at + "@connectionParameters('".len()..];
        let end = after.find("')")?;
        let name = &after[..end];
        if !connection.contains_key(name) {
            return None;
        }
        out.push_str(&format!("{{{name}}}"));
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    (!out.contains('@') && !out.contains(char::is_whitespace)).then_some(out)
}

/// The `{placeholders}` of a path.
fn placeholders(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        let Some(end) = after.find('}') else { break };
        let name = &after[..end];
        if !name.is_empty() && !out.contains(&name.to_owned()) {
            out.push(name.to_owned());
        }
        rest = &after[end + 1..];
    }
    out
}

/// A connection parameter's choices (`allowedValues`, or its UI definition's), each once;
/// `None` when it lists none.
fn allowed_values(p: &Value, ui: &Value) -> Option<Vec<Value>> {
    let values = p
        .get("allowedValues")
        .and_then(Value::as_array)
        .or_else(|| {
            ui.pointer("/constraints/allowedValues")
                .and_then(Value::as_array)
        })?;
    let mut unique = Vec::new();
    for v in values.iter().filter_map(|v| {
        v.get("value")
            .cloned()
            .or_else(|| v.is_string().then(|| v.clone()))
    }) {
        if !unique.contains(&v) {
            unique.push(v);
        }
    }
    (!unique.is_empty()).then_some(unique)
}

/// Keeps a connection parameter's UI definition as written, and names the keys the emitter
/// would write that the original `p` does not.
fn keep_connection_ui(def: &mut Map<String, Value>, p: &Value) {
    if let Some(ui) = p.get("uiDefinition") {
        extension(
            def,
            crate::emit::powerplatform::kept::UI_DEFINITION,
            ui.clone(),
        );
    }
    // Keys the importer does not read, and a type it reads as another, ride along.
    let known_type =
        |t: &Value| matches!(t.as_str(), Some("string" | "securestring" | "int" | "bool"));
    let unread: Map<String, Value> = p
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(k, v)| match k.as_str() {
            "type" => !known_type(v),
            "uiDefinition" | "allowedValues" | "defaultValue" => false,
            _ => true,
        })
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    if !unread.is_empty() {
        extension(
            def,
            crate::emit::powerplatform::kept::ENTRY_KEYS,
            Value::Object(unread),
        );
    }
    // Keys the emitter writes that the original does not.
    let mut absent = Vec::new();
    if def.contains_key("enum") && p.get("allowedValues").is_none() {
        absent.push(json!("allowedValues"));
    }
    if p.get("uiDefinition").is_none() {
        absent.push(json!("uiDefinition"));
    }
    if !absent.is_empty() {
        extension(
            def,
            crate::emit::powerplatform::kept::ABSENT,
            Value::Array(absent),
        );
    }
}

/// How a parameter or an answer header writes its list, when it says.
enum ListStyle<'a> {
    /// A style the language has a word for (`array_style`).
    Word(&'a str),
    /// `collectionFormat` kept as written: on a value that is not a list, or a style such as
    /// `tsv` that the language lacks.
    Kept(&'a Value),
}

/// The list style `source` (a parameter or an answer header) declares.
fn list_style(source: &Map<String, Value>) -> Option<ListStyle<'_>> {
    let cf = source.get("collectionFormat")?;
    let is_list = source.get("type").and_then(Value::as_str) == Some("array");
    Some(match cf.as_str() {
        Some(style @ ("csv" | "multi" | "ssv" | "pipes")) if is_list => ListStyle::Word(style),
        _ => ListStyle::Kept(cf),
    })
}

/// An answer header's definition with its list style.
fn with_array_style(def: Value, header: &Value) -> Value {
    let Some(style) = header.as_object().and_then(list_style) else {
        return def;
    };
    let mut def = expand(def);
    match style {
        ListStyle::Word(style) => {
            def.insert("array_style".into(), json!(style));
        }
        ListStyle::Kept(cf) => extension(&mut def, "collectionFormat", cf.clone()),
    }
    compact(def)
}
