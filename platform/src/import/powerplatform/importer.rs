//! The importer's state, the spec's root, and the seam by which converted schemas join the model.

use codegen::spec::{ConnectorSpec, Metadata, NamedMap, Spanned, TypeDef};
use indexmap::IndexMap;
use serde_json::{json, Map, Value};

use crate::import::schema::Schemas;
use crate::import::typed::text;
use crate::import::{escape, non_blank, ImportError, Warnings};
use crate::powerplatform::files::PROPERTIES_FILE;

use super::model::named;

/// Reads one connector's two files into a spec, collecting warnings as it goes.
pub(super) struct Importer<'a> {
    pub(super) swagger: &'a Value,
    pub(super) props: Map<String, Value>,
    /// `apiProperties.json`'s own keys beside `properties`.
    pub(super) props_file_root: Map<String, Value>,
    pub(super) schemas: Schemas<'a>,
    pub(super) warnings: Warnings,
    /// The first part the language refused (a converted schema it cannot read).
    pub(super) refused: Option<ImportError>,
    pub(super) connection: IndexMap<String, TypeDef>,
    /// Policies not turned into spec keys.
    pub(super) policies: Vec<Value>,
    /// Objects as converted (for identity and notification-URL lookups).
    pub(super) objects: IndexMap<String, TypeDef>,
    /// The current operation's parameters the spec has no place for, as written.
    pub(super) unplaced: Vec<Value>,
    /// The current operation's body parameter keys the spec has no place for, as written.
    pub(super) body_keys: Option<Value>,
    /// The paths of the webhook triggers (whose payload the spec says).
    pub(super) webhook_paths: std::collections::BTreeSet<String>,
    /// Make the repairs the importer knows (`--fix`) instead of keeping what is written.
    pub(super) fix: bool,
    /// The base URL is built from the swagger's `host` as written.
    pub(super) host_from_doc: bool,
    /// Connector extensions that keep what the original writes (see
    /// [`crate::emit::powerplatform::kept`]).
    pub(super) kept: Map<String, Value>,
}

/// One operation of the swagger file.
pub(super) struct Op<'a> {
    pub(super) path: String,
    pub(super) method: String,
    pub(super) op: &'a Map<String, Value>,
    pub(super) item: &'a Map<String, Value>,
    pub(super) ptr: String,
    pub(super) id: String,
}

impl<'a> Importer<'a> {
    /// An importer of `swagger` with the properties file's content `properties`.
    pub(super) fn new(swagger: &'a Value, properties: Option<&Value>) -> Self {
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
            refused: None,
            connection: IndexMap::new(),
            policies: Vec::new(),
            objects: IndexMap::new(),
            unplaced: Vec::new(),
            body_keys: None,
            webhook_paths: Default::default(),
            fix: false,
            host_from_doc: false,
            kept: Map::new(),
        }
    }

    /// The spec of the connector, or the language's refusal of a part the schemas made.
    pub(super) fn spec(&mut self, folder_name: &str) -> Result<ConnectorSpec, ImportError> {
        let info = self.swagger.get("info").cloned().unwrap_or(json!({}));
        let (title, description, version) = self.info(&info, folder_name);
        self.policies = self
            .props
            .get("policyTemplateInstances")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        self.policy_titles();
        let connection = self.connection_parameters();
        self.connection = connection;
        let base_url = self.base_url();
        let metadata = self.metadata(&info);
        let auth = self.auth();
        self.keep_security(auth.as_ref());
        let mut spec = ConnectorSpec {
            title: text(title),
            id: None,
            description: description.map(text),
            version: version.map(text),
            base_url: text(base_url.clone()),
            metadata: (metadata != Metadata::default()).then_some(metadata),
            auth: auth.map(Spanned::unlocated),
            connection: NamedMap::default(),
            headers: NamedMap::default(),
            limits: Vec::new(),
            errors: None,
            xml: None,
            objects: NamedMap::default(),
            actions: NamedMap::default(),
            triggers: NamedMap::default(),
            policies: Vec::new(),
            extensions: IndexMap::new(),
        };
        self.operations_into(&mut spec);
        spec.connection = named(std::mem::take(&mut self.connection));
        spec.policies = self
            .policies
            .clone()
            .iter()
            .filter_map(|p| self.policy(p))
            .collect();
        spec.extensions = self.extensions(&info, &base_url);
        match self.refused.take() {
            Some(refusal) => Err(refusal),
            None => Ok(spec),
        }
    }

    /// A schema converted to its type definition.
    pub(super) fn convert(&mut self, schema: &Value, ptr: &str) -> TypeDef {
        self.schemas.convert(schema, ptr).def
    }

    /// The title (the folder name when there is none), description and version.
    pub(super) fn info(
        &mut self,
        info: &Value,
        folder_name: &str,
    ) -> (String, Option<String>, Option<String>) {
        let title = non_blank(info.get("title"))
            .map(str::to_owned)
            .unwrap_or_else(|| {
                self.warnings.push(
                    "/info/title",
                    "the connector has no title; the folder name is used",
                );
                folder_name.to_owned()
            });
        let description = non_blank(info.get("description")).map(str::to_owned);
        if let Some(d) = description.as_deref() {
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
        let version = info.get("version").map(|v| match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        });
        (title, description, version)
    }

    /// `objects`, `actions` and `triggers`, from the definitions and the operations.
    pub(super) fn operations_into(&mut self, spec: &mut ConnectorSpec) {
        let ops = self.operations();
        self.schemas.operations = ops.iter().map(|o| o.id.clone()).collect();
        let mut objects = IndexMap::new();
        for (name, schema) in self.schemas.definitions() {
            let object = self.schemas.names[&name].clone();
            let ptr = format!("/definitions/{}", escape(&name));
            let def = self.convert(&schema, &ptr);
            objects.insert(object, def);
        }
        self.objects = objects.clone();
        let mut actions = IndexMap::new();
        let mut triggers = IndexMap::new();
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
        let auth = spec.auth.as_ref().map(|a| &a.value);
        let kept = actions
            .iter_mut()
            .map(|(id, a)| (id, &mut a.extensions))
            .chain(triggers.iter_mut().map(|(id, t)| (id, &mut t.extensions)));
        self.rename_operation_security(auth, &ops, kept.collect());
        spec.objects = named(objects);
        spec.actions = named(actions);
        spec.triggers = named(triggers);
    }

    /// The connector's `extensions`: the swagger root's own `x-` keys, the properties the spec
    /// has no key for, and what is kept as written.
    pub(super) fn extensions(&mut self, info: &Value, base_url: &str) -> IndexMap<String, Value> {
        let mut extensions = IndexMap::new();
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
    pub(super) fn repair(&mut self, ptr: &str, finding: &str, fix: &str, kept: &str, value: Value) {
        if self.finding(ptr, finding, fix) {
            self.kept.insert(kept.into(), value);
        }
    }

    /// Warns at `ptr` of a finding `--fix` repairs with `fix`; true when it is to be kept as
    /// written (no `--fix`).
    pub(super) fn finding(&mut self, ptr: &str, finding: &str, fix: &str) -> bool {
        if self.fix {
            self.warnings
                .push(ptr, format!("{finding}; {fix} (`--fix`)"));
        } else {
            self.warnings
                .push(ptr, format!("{finding}; kept as written (`--fix`: {fix})"));
        }
        !self.fix
    }
}
