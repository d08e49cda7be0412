//! Authentication from the OAuth setting and the security definitions, and the security definitions the emitter derives from it.

use codegen::spec::{
    ApiKeyAuth, Auth, BasicAuth, KeyLocation, NamedMap, OAuth2Auth, OAuth2Flow, Spanned,
};
use indexmap::IndexMap;
use serde_json::{json, Map, Value};

use crate::import::typed::text;
use crate::import::{escape, non_blank};
use crate::powerplatform::files::PROPERTIES_FILE;

use super::connection::credential;
use super::importer::{Importer, Op};

impl<'a> Importer<'a> {
    /// The authentication: the OAuth setting of the properties, else the first security
    /// definition.
    pub(super) fn auth(&mut self) -> Option<Auth> {
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
    pub(super) fn api_key_auth(&mut self, scheme: &Value, scheme_name: &str) -> Auth {
        let name = scheme
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or("Authorization")
            .to_owned();
        let location = if scheme.get("in").and_then(Value::as_str) == Some("query") {
            KeyLocation::Query
        } else {
            KeyLocation::Header
        };
        let at = format!("/securityDefinitions/{}", escape(scheme_name));
        let other = self
            .secret_param()
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
        Auth::ApiKey(ApiKeyAuth {
            name: text(name),
            location: Spanned::unlocated(location),
            scheme: (key == "api_key").then(|| text(scheme_name)),
            key: text(key),
            prefix: None,
        })
    }

    /// Adds the `api_key` connection parameter the platform makes from an API-key security
    /// definition when the properties do not declare it.
    pub(super) fn declare_api_key(&mut self) {
        let mut def = credential("API key", true);
        let implicit = self.finding(
            &format!("{PROPERTIES_FILE}#/properties/connectionParameters"),
            "the connection parameters do not declare the API key; the platform \
             makes `api_key` from the security definition",
            "`api_key` is declared",
        );
        if implicit {
            let key = crate::emit::powerplatform::kept::IMPLICIT;
            def.body.extensions.insert(key.into(), json!(true));
        }
        self.connection.insert("api_key".into(), def);
    }

    /// Basic auth over the `username` and `password` connection parameters, added when absent.
    pub(super) fn basic_auth(&mut self) -> Auth {
        for (name, label) in [("username", "User name"), ("password", "Password")] {
            if !self.connection.contains_key(name) {
                self.warnings.push(
                    "/securityDefinitions",
                    format!("basic authentication without a `{name}` connection parameter; added"),
                );
                let def = credential(label, name == "password");
                self.connection.insert(name.into(), def);
            }
        }
        Auth::Basic(BasicAuth {
            username: text("username"),
            password: text("password"),
        })
    }

    /// OAuth from the properties' OAuth `setting` and the security definition `scheme`.
    pub(super) fn oauth(&mut self, setting: &Value, scheme: Option<&Value>) -> Auth {
        let settings = setting.get("oAuthSettings").cloned().unwrap_or(json!({}));
        let idp = settings
            .get("identityProvider")
            .and_then(Value::as_str)
            .unwrap_or("oauth2")
            .to_owned();
        let flow = match scheme.and_then(|s| s.get("flow")).and_then(Value::as_str) {
            Some("application") => OAuth2Flow::ClientCredentials,
            Some("password") => OAuth2Flow::Password,
            Some("implicit") => OAuth2Flow::Implicit,
            _ => OAuth2Flow::AuthorizationCode,
        };
        let urls = self.oauth_urls(flow, &settings, scheme);
        let scopes = settings
            .get("scopes")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(text)
            .collect();
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
        let (client_id, extensions) = self.oauth_extensions(&settings, &idp, &at);
        Auth::Oauth2(OAuth2Auth {
            flow: (flow != OAuth2Flow::AuthorizationCode).then(|| Spanned::unlocated(flow)),
            authorization_url: urls.authorization.map(text),
            token_url: text(urls.token),
            refresh_url: urls.refresh.map(text),
            scopes,
            identity_provider: (idp != "oauth2").then(|| text(idp)),
            client_id,
            token_params: NamedMap::default(),
            extensions,
        })
    }

    /// The authorization, token and refresh URLs, from the settings' custom parameters, else
    /// the security definition `scheme`; placeholders (with a warning) where none is absolute.
    pub(super) fn oauth_urls(
        &mut self,
        flow: OAuth2Flow,
        settings: &Value,
        scheme: Option<&Value>,
    ) -> OAuthUrls {
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
        let mut urls = OAuthUrls {
            authorization: None,
            token: "https://login.invalid/token".into(),
            refresh: None,
        };
        if absolute(&authorization) {
            urls.authorization = authorization;
        } else if matches!(flow, OAuth2Flow::AuthorizationCode | OAuth2Flow::Implicit) {
            urls.authorization = Some("https://login.invalid/authorize".into());
            self.warnings.push(
                "/securityDefinitions",
                "OAuth without an absolute authorization URL; a placeholder is used",
            );
        }
        match token.clone().filter(|_| absolute(&token)) {
            Some(token) => urls.token = token,
            None => self.warnings.push(
                "/securityDefinitions",
                "OAuth without an absolute token URL; a placeholder is used",
            ),
        }
        let refresh = custom_url("refreshUrl");
        if absolute(&refresh) && refresh != token {
            urls.refresh = refresh;
        }
        urls
    }

    /// The OAuth settings' keys the platform fills in with defaults when they are absent
    /// (kept absent unless `--fix`).
    pub(super) fn oauth_absent(&mut self, settings: &Value, at: &str) {
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

    /// The client id (a blank one is kept as written unless `--fix`), and the OAuth settings'
    /// keys the spec has no place for, as written.
    pub(super) fn oauth_extensions(
        &mut self,
        settings: &Value,
        idp: &str,
        at: &str,
    ) -> (Option<Spanned<String>>, IndexMap<String, Value>) {
        let mut client_id = None;
        let mut extensions = IndexMap::new();
        for (k, v) in settings.as_object().into_iter().flatten() {
            match k.as_str() {
                "identityProvider" | "scopes" => {}
                "clientId" => {
                    if let Some(id) = non_blank(Some(v)) {
                        client_id = Some(text(id));
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
        (client_id, extensions)
    }

    /// The security definitions and the root requirement as written, with the definitions the
    /// emitter derives from `auth`, where they differ from what it derives (a warning names each).
    pub(super) fn keep_security(&mut self, auth: Option<&Auth>) {
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

    /// With `--fix` the security definitions are the ones the emitter derives (`oauth2_auth`,
    /// `basic_auth`, the API key's scheme); an operation's own requirement, kept as written,
    /// then names the derived definition instead of the written one of the same type, so that it
    /// still names a definition the swagger has.
    pub(super) fn rename_operation_security(
        &mut self,
        auth: Option<&Auth>,
        ops: &[Op],
        operations: Vec<(&String, &mut IndexMap<String, Value>)>,
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
        let key = crate::emit::powerplatform::kept::OPERATION_KEYS;
        // Each id's first operation, as a search of `ops` would find it.
        let mut by_id = std::collections::HashMap::with_capacity(ops.len());
        for op in ops {
            by_id.entry(op.id.as_str()).or_insert(op);
        }
        for (id, extensions) in operations {
            let security = extensions.get_mut(key).and_then(|k| k.get_mut("security"));
            let Some(Value::Array(requirements)) = security else {
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
            if let (Some(old), Some(op)) = (changed.first(), by_id.get(id.as_str())) {
                self.warnings.push(
                    &format!("{}/security", op.ptr),
                    format!("names the security definition `{old}`, written as `{name}`; renamed (`--fix`)"),
                );
            }
        }
    }
}

/// The URLs of an OAuth authentication.
pub(super) struct OAuthUrls {
    /// Where users sign in, for the flows that need it.
    pub(super) authorization: Option<String>,
    /// Where tokens are obtained (a placeholder when none is absolute).
    pub(super) token: String,
    /// Where tokens are refreshed, when not the token URL.
    pub(super) refresh: Option<String>,
}

/// The security definitions and the root requirement the Power Platform emitter derives from
/// the spec's `auth` value (see `emit::powerplatform::definition`): one OAuth or basic definition
/// under the emitter's name, or the API key under its `scheme`; none for other kinds.
pub(super) fn derived_security(auth: Option<&Auth>) -> (Map<String, Value>, Option<Value>) {
    let out = derived_definitions(auth);
    let requirement = out.keys().next().map(|name| {
        let scopes = match (name.as_str(), auth) {
            (crate::emit::powerplatform::definition::OAUTH_SCHEME, Some(Auth::Oauth2(a))) => {
                json!(a.scopes)
            }
            _ => json!([]),
        };
        json!([{ name.clone(): scopes }])
    });
    (out, requirement)
}

/// The security definitions the emitter derives from `auth`, by name.
pub(super) fn derived_definitions(auth: Option<&Auth>) -> Map<String, Value> {
    use crate::emit::powerplatform::definition::{BASIC_SCHEME, OAUTH_SCHEME};
    let mut out = Map::new();
    match auth {
        Some(Auth::Oauth2(a)) => {
            let flow = match a.flow.as_ref().map(|f| f.value) {
                Some(OAuth2Flow::ClientCredentials) => "application",
                Some(OAuth2Flow::Password) => "password",
                Some(OAuth2Flow::Implicit) => "implicit",
                _ => "accessCode",
            };
            let token = json!(a.token_url);
            let mut def = Map::new();
            def.insert("type".into(), json!("oauth2"));
            def.insert("flow".into(), json!(flow));
            if matches!(flow, "accessCode" | "implicit") {
                let url = a
                    .authorization_url
                    .as_ref()
                    .map_or(token.clone(), |u| json!(u));
                def.insert("authorizationUrl".into(), url);
            }
            if flow != "implicit" {
                def.insert("tokenUrl".into(), token);
            }
            let scopes: Map<String, Value> = a
                .scopes
                .iter()
                .map(|s| (s.value.clone(), json!(s)))
                .collect();
            def.insert("scopes".into(), Value::Object(scopes));
            out.insert(OAUTH_SCHEME.into(), Value::Object(def));
        }
        Some(Auth::Basic(_)) => {
            out.insert(BASIC_SCHEME.into(), json!({"type": "basic"}));
        }
        Some(Auth::ApiKey(a)) => {
            if let Some(scheme) = &a.scheme {
                let def = json!({"type": "apiKey", "name": a.name, "in": a.location});
                out.insert(scheme.value.clone(), def);
            }
        }
        _ => {}
    }
    out
}
