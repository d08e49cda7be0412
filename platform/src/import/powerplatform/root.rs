//! The connector's root: metadata, base URL, policies, and the root keys of both files kept as written.

use codegen::spec::{Metadata, PolicyDef, TypeDef};
use indexmap::IndexMap;
use serde_json::{json, Map, Value};

use crate::import::typed::text;
use crate::import::{non_blank, ImportError};
use crate::powerplatform::files::PROPERTIES_FILE;

use super::importer::Importer;
use super::operations::METHODS;

impl<'a> Importer<'a> {
    /// Publisher, website, privacy policy, categories, brand colour and contact.
    pub(super) fn metadata(&mut self, info: &Value) -> Metadata {
        let mut m = Metadata {
            publisher: non_blank(self.props.get("publisher")).map(text),
            ..Metadata::default()
        };
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
            m.website = read.website.map(text);
            m.privacy_policy = read.privacy_policy.map(text);
            m.categories = read.categories.into_iter().map(text).collect();
        }
        if let Some(color) = self.props.get("iconBrandColor").and_then(Value::as_str) {
            let valid = color.len() == 7
                && color.starts_with('#')
                && color[1..].chars().all(|c| c.is_ascii_hexdigit());
            if valid {
                m.brand_color = Some(text(color));
            } else {
                self.warnings.push(
                    &format!("{PROPERTIES_FILE}#/properties/iconBrandColor"),
                    format!("`{color}` is not a #rrggbb colour; dropped"),
                );
            }
        }
        if let Some(contact) = info.get("contact") {
            let c = non_blank(contact.get("email").or_else(|| contact.get("url")));
            m.contact = c.map(text);
        }
        m
    }

    /// `scheme://host/basePath`, or the `dynamichosturl` policy's template.
    pub(super) fn base_url(&mut self) -> String {
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
    pub(super) fn policy_base_url(&mut self) -> Option<String> {
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
    pub(super) fn host(&mut self) -> String {
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

    /// A policy instance as the spec keeps it (parameters that are no mapping are refused).
    pub(super) fn policy(&mut self, p: &Value) -> Option<PolicyDef> {
        let template = p.get("templateId").and_then(Value::as_str)?;
        let parameters = match p.get("parameters") {
            Some(Value::Object(params)) => params.clone().into_iter().collect(),
            Some(_) => {
                self.refused
                    .get_or_insert(ImportError::NotInLanguage(format!(
                        "the parameters of policy `{template}` are not a mapping"
                    )));
                IndexMap::new()
            }
            None => IndexMap::new(),
        };
        Some(PolicyDef {
            template: text(template),
            title: p.get("title").and_then(Value::as_str).map(str::to_owned),
            parameters,
        })
    }

    /// Policy instances keep their titles, spelling and order as written; `--fix` lets the
    /// emitter title the ones it derives (the host, routes, polls) in its own words.
    pub(super) fn policy_titles(&mut self) {
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

    /// Root keys the spec language has no place for, kept as written (see
    /// [`crate::emit::powerplatform::kept`]).
    pub(super) fn keep_roots(
        &self,
        info: &Value,
        base_url: &str,
        extensions: &mut IndexMap<String, Value>,
    ) {
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
    pub(super) fn swagger_root(&self, info: &Value) -> Map<String, Value> {
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
    pub(super) fn base_as_written(&self, base_url: &str) -> Map<String, Value> {
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
    pub(super) fn properties_root(&self) -> Map<String, Value> {
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
    pub(super) fn keep_path_items(&self, extensions: &mut IndexMap<String, Value>) {
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
}

/// The keys of `apiProperties.json`'s `properties` the importer reads into the spec (or keeps
/// under extensions of their own); any other key rides along as written.
pub(super) const READ_PROPERTIES: &[&str] = &[
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

/// `https://@connectionParameters('host')/api` → `https://{host}/api`, when every expression is a
/// connection parameter.
pub(super) fn connection_template(
    template: &str,
    connection: &IndexMap<String, TypeDef>,
) -> Option<String> {
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
