//! Connection parameters, the base URL, global headers, authentication and the XML protocol.

use super::template::{parse_request_line, parse_template};
use super::types::{text, TypeName};
use super::Checker;
use crate::diag::Code;
use crate::ir::{self, Field, Template};
use crate::names::Scope;
use crate::spec::{Auth, LoginEncoding, OAuth2Flow, Spanned};

/// Connection parameter names that hold credentials and should be `secret: true`.
const SECRET_WORDS: &[&str] = &[
    "password",
    "secret",
    "api_key",
    "apikey",
    "token",
    "client_secret",
];

impl Checker<'_> {
    pub(crate) fn connection_params(&mut self) -> Vec<Field> {
        let spec = self.spec;
        let mut scope = Scope::new();
        let mut params: Vec<Field> = Vec::new();
        // Wire names taken so far: a name repeated, or one an earlier `name:` took, is skipped.
        let mut wire_names = std::collections::HashSet::new();
        for (key, def) in spec.connection.iter() {
            if wire_names.contains(key.value.as_str()) {
                continue;
            }
            let mut field = self.lower_field(key, def, "Connection", &mut scope, None);
            wire_names.insert(field.wire_name.clone());
            if field.secret {
                for (what, value) in [("default", &def.body.default), ("value", &def.body.value)] {
                    let Some(value) = value.as_ref().filter(|v| !v.value.is_null()) else {
                        continue;
                    };
                    self.error(
                        Code::SecretDefault,
                        value.span,
                        format!("secret connection parameter `{}` has a `{what}`", key.value),
                    )
                    .help = Some(
                        "manifests publish defaults (`defaultValue` in apiProperties.json) and \
                         clients embed them; let each connection supply the secret instead"
                            .into(),
                    );
                }
            }
            if def.body.required.is_none() && def.body.default.is_none() {
                field.required = true;
            }
            let lower = key.value.to_ascii_lowercase();
            if !field.secret
                && SECRET_WORDS
                    .iter()
                    .any(|w| lower == *w || lower.ends_with(&format!("_{w}")))
            {
                self.warning(
                    Code::SecretNotMarked,
                    key.span,
                    format!(
                        "connection parameter `{}` looks like a credential",
                        key.value
                    ),
                )
                .help = Some(
                    "add `secret: true` so clients redact it and manifests make it a securestring"
                        .into(),
                );
            }
            params.push(field);
        }
        params
    }

    /// Checks every `{name}` of a template against the connection parameters.
    fn connection_template(&mut self, value: &Spanned<String>) -> Template {
        let template = match parse_template(&value.value) {
            Ok(t) => t,
            Err(message) => {
                self.error(Code::InvalidValue, value.span, message.to_string());
                return Template {
                    raw: value.value.clone(),
                    parts: Vec::new(),
                };
            }
        };
        for name in template.params() {
            self.check_connection_ref_named(value, name);
        }
        template
    }

    fn check_connection_ref_named(&mut self, value: &Spanned<String>, name: &str) {
        let spec = self.spec;
        if !spec.connection.contains(name) {
            let span = self.sub_span(value.span, &format!("{{{name}}}"));
            self.unknown(
                Code::UnknownConnectionParam,
                span,
                "connection parameter",
                name,
                spec.connection.keys(),
            );
            if let Some(last) = self.diagnostics.last_mut() {
                let declare = format!(
                    "declare it under `connection:`, e.g. `{name}: {{ type: string, summary: … }}`"
                );
                last.help = Some(match last.help.take() {
                    Some(h) if h.starts_with("did you mean") => format!("{h} Otherwise {declare}"),
                    _ => declare,
                });
            }
        }
    }

    /// Checks a bare connection parameter reference (`key: api_key`).
    pub(crate) fn check_connection_ref(&mut self, name: &Spanned<String>) {
        let spec = self.spec;
        if !spec.connection.contains(&name.value) {
            self.unknown(
                Code::UnknownConnectionParam,
                name.span,
                "connection parameter",
                &name.value,
                spec.connection.keys(),
            );
        }
    }

    /// A key declared as a platform security definition lives in the connection parameter
    /// `api_key` and is sent as it is (no prefix).
    fn check_key_scheme(&mut self, key: &crate::spec::ApiKeyAuth) {
        let Some(scheme) = &key.scheme else {
            return;
        };
        if key.key.value != "api_key" {
            self.error(
                Code::InvalidValue,
                key.key.span,
                format!(
                    "an API key declared as the security definition `{}` is kept in the \
                     connection parameter `api_key`, not `{}`",
                    scheme.value, key.key.value
                ),
            );
        }
        if let Some(prefix) = &key.prefix {
            self.error(
                Code::InvalidValue,
                prefix.span,
                "an API key declared as a security definition is sent without a prefix",
            );
        }
    }

    fn credential(&mut self, name: &Spanned<String>) -> String {
        self.check_connection_ref(name);
        let spec = self.spec;
        if let Some(def) = spec.connection.get(&name.value) {
            let secret = def.body.secret.as_ref().is_some_and(|s| s.value);
            let looks_public = matches!(
                name.value.as_str(),
                "username" | "user" | "email" | "client_id" | "site_name" | "webex_id"
            );
            if !secret
                && !looks_public
                && !self.diagnostics.iter().any(|d| {
                    d.code == Code::SecretNotMarked
                        && d.message.contains(&format!("`{}`", name.value))
                })
            {
                let key_span = spec
                    .connection
                    .iter()
                    .find(|(k, _)| k.value == name.value)
                    .map(|(k, _)| k.span)
                    .unwrap_or(name.span);
                self.warning(
                    Code::SecretNotMarked,
                    key_span,
                    format!("credential `{}` is not marked `secret: true`", name.value),
                )
                .with_related_mut(name.span, "used as a credential here")
                .help = Some(
                    "add `secret: true`: secrets are redacted from logs and become securestring parameters".into(),
                );
            }
        }
        name.value.clone()
    }

    pub(crate) fn base_url(&mut self) -> Template {
        let spec = self.spec;
        let url = &spec.base_url;
        let template = self.connection_template(url);
        let scheme_ok = url.value.starts_with("https://") || url.value.starts_with("http://");
        let host = url.value.split("://").nth(1).unwrap_or("");
        if !scheme_ok
            || host.is_empty()
            || host.starts_with('/')
            || url.value.contains(char::is_whitespace)
        {
            self.error(Code::InvalidUrl, url.span, format!("`{}` is not an absolute http(s) URL", url.value))
                .help = Some("write the whole URL, e.g. `https://api.example.com/v1`; `{name}` may insert a connection parameter".into());
        }
        template
    }

    pub(crate) fn headers(&mut self) -> Vec<(String, Template)> {
        let spec = self.spec;
        self.check_duplicates(&spec.headers, "header");
        spec.headers
            .iter()
            .map(|(name, value)| (name.value.clone(), self.connection_template(value)))
            .collect()
    }

    pub(crate) fn auth(&mut self) -> ir::Auth {
        let spec = self.spec;
        let Some(auth) = &spec.auth else {
            return ir::Auth::None;
        };
        match &auth.value {
            Auth::None => ir::Auth::None,
            Auth::ApiKey(key) => {
                self.check_key_scheme(key);
                ir::Auth::ApiKey {
                    name: key.name.value.clone(),
                    location: key.location.value,
                    key: self.credential(&key.key),
                    prefix: text(&key.prefix),
                    scheme: text(&key.scheme),
                }
            }
            Auth::Basic(basic) => {
                self.check_connection_ref(&basic.username);
                ir::Auth::Basic {
                    username: basic.username.value.clone(),
                    password: self.credential(&basic.password),
                }
            }
            Auth::Bearer(bearer) => ir::Auth::Bearer {
                token: self.credential(&bearer.token),
            },
            Auth::Oauth2(oauth) => self.oauth2(oauth, auth.span),
            Auth::Login(login) => self.login(login),
            Auth::XmlCredentials(xml) => {
                if spec.xml.is_none() {
                    self.error(
                        Code::InvalidAuth,
                        auth.span,
                        "`xml_credentials` needs the connector's `xml` protocol",
                    )
                    .help = Some("declare `xml:` with the envelope the credentials go into".into());
                }
                let fields = xml
                    .fields
                    .iter()
                    .map(|(element, param)| {
                        self.check_connection_ref(param);
                        (element.value.clone(), param.value.clone())
                    })
                    .collect();
                ir::Auth::XmlCredentials {
                    path: split_xml_path(&xml.path.value),
                    fields,
                }
            }
        }
    }

    /// OAuth 2.0: its URLs, and the authorization URL the flow needs.
    fn oauth2(&mut self, oauth: &crate::spec::OAuth2Auth, at: crate::spec::Span) -> ir::Auth {
        for url in [&oauth.authorization_url, &oauth.refresh_url]
            .into_iter()
            .flatten()
        {
            self.check_url(url);
        }
        self.check_url(&oauth.token_url);
        let flow = oauth
            .flow
            .as_ref()
            .map(|f| f.value)
            .unwrap_or(OAuth2Flow::AuthorizationCode);
        if matches!(flow, OAuth2Flow::AuthorizationCode | OAuth2Flow::Implicit)
            && oauth.authorization_url.is_none()
        {
            self.error(
                Code::InvalidAuth,
                at,
                "this OAuth 2.0 flow needs `authorization_url`",
            )
            .help = Some("users sign in there; add the service's authorize endpoint".into());
        }
        ir::Auth::OAuth2(ir::OAuth2 {
            flow,
            authorization_url: text(&oauth.authorization_url),
            token_url: oauth.token_url.value.clone(),
            refresh_url: text(&oauth.refresh_url),
            scopes: oauth.scopes.iter().map(|s| s.value.clone()).collect(),
            identity_provider: text(&oauth.identity_provider).unwrap_or_else(|| "oauth2".into()),
            client_id: text(&oauth.client_id).filter(|id| !id.trim().is_empty()),
            token_params: oauth
                .token_params
                .iter()
                .map(|(k, v)| (k.value.clone(), self.connection_template(v)))
                .collect(),
            extensions: super::text::clean_extensions(&oauth.extensions),
        })
    }

    fn login(&mut self, login: &crate::spec::LoginAuth) -> ir::Auth {
        let (method, url) = match parse_request_line(&login.request.value) {
            Ok(line) => (line.method, line.path.raw),
            Err(message) => {
                self.error(
                    Code::InvalidRequestLine,
                    login.request.span,
                    message.to_string(),
                );
                (ir::Method::Post, String::new())
            }
        };
        let params = login
            .params
            .iter()
            .map(|(k, v)| (k.value.clone(), self.connection_template(v)))
            .collect();
        ir::Auth::Login(ir::Login {
            method,
            url,
            encoding: login
                .encoding
                .as_ref()
                .map(|e| e.value)
                .unwrap_or(LoginEncoding::Form),
            params,
            token: login.token.value.clone(),
            expires_in: text(&login.expires_in),
            outputs: login
                .outputs
                .iter()
                .map(|(k, v)| (k.value.clone(), v.value.clone()))
                .collect(),
            header: text(&login.header).unwrap_or_else(|| "Authorization".into()),
            format: text(&login.format).unwrap_or_else(|| "Bearer {token}".into()),
        })
    }

    pub(crate) fn xml_protocol(&mut self) -> Option<ir::XmlProtocol> {
        let spec = self.spec;
        let xml = spec.xml.as_ref()?;
        self.check_duplicates(&xml.namespaces, "namespace prefix");
        for element in [
            &xml.request_root,
            &xml.request_body,
            &xml.response_root,
            &xml.response_body,
        ] {
            for part in element.value.split('/') {
                if let Some((prefix, _)) = part.split_once(':') {
                    let prefix =
                        Spanned::new(prefix.to_owned(), self.sub_span(element.span, prefix));
                    self.check_namespace(&prefix);
                }
            }
        }
        for prefix in &xml.request_namespaces {
            self.check_namespace(prefix);
        }
        Some(ir::XmlProtocol {
            namespaces: xml
                .namespaces
                .iter()
                .map(|(k, v)| (k.value.clone(), v.value.clone()))
                .collect(),
            request_root: xml.request_root.value.clone(),
            request_body: split_xml_path(&xml.request_body.value),
            response_root: xml.response_root.value.clone(),
            response_body: split_xml_path(&xml.response_body.value),
            request_namespaces: xml
                .request_namespaces
                .iter()
                .map(|p| p.value.clone())
                .collect(),
        })
    }

    pub(crate) fn error_rule(
        &mut self,
        rule: &crate::spec::ErrorRule,
        hint: &str,
    ) -> ir::ErrorRule {
        let ty = rule
            .type_def
            .as_ref()
            .map(|def| self.lower_type(def, TypeName::Hint(hint.to_owned()), None));
        if let Some(ty) = &ty {
            for path in [&rule.code, &rule.message, &rule.details]
                .into_iter()
                .flatten()
            {
                if !path.value.contains('/') {
                    self.check_path(ty, path, true, Code::UnknownField, "error field");
                }
            }
        }
        ir::ErrorRule {
            ty,
            code: text(&rule.code),
            message: text(&rule.message),
            details: text(&rule.details),
            failure_when: rule.failure_when.as_ref().map(|f| ir::FailureRule {
                path: f.path.value.clone(),
                success: f.success.value.clone(),
            }),
        }
    }
}

fn split_xml_path(path: &str) -> Vec<String> {
    path.split('/')
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect()
}
