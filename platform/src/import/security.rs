//! An OpenAPI document's `securitySchemes` → the spec's `auth` and the connection parameters
//! holding the credentials. Every scheme type is read: API keys in a header, query or cookie,
//! HTTP basic and bearer (and other `Authorization` schemes), OAuth 2.0 with each flow and its
//! URLs resolved against the server URL, OpenID Connect. The spec has one authentication; the
//! scheme the document requires first is used and the others are named in a warning.

use codegen::spec::{
    ApiKeyAuth, Auth, BasicAuth, BearerAuth, KeyLocation, OAuth2Auth, OAuth2Flow, Spanned,
    TypeBody, TypeDef,
};
use serde_json::{Map, Value};

use super::options::AuthChoice;
use super::servers::resolve;
use super::typed::{text as spanned, type_def};
use super::{escape, Warnings};

/// The authentication and its connection parameters.
pub(crate) struct Mapped {
    /// The spec's `auth`.
    pub auth: Auth,
    /// Connection parameters it names, in order.
    pub connection: Vec<(String, TypeDef)>,
    /// The name of the document's security scheme it was read from.
    pub scheme: Option<String>,
}

/// The authentication of `doc`, or the person's `choice` instead. `server` is the absolute
/// server URL relative URLs resolve against.
pub(crate) fn auth(
    doc: &Value,
    server: Option<&str>,
    choice: Option<&AuthChoice>,
    warnings: &mut Warnings,
) -> Option<Mapped> {
    if let Some(choice) = choice {
        return Some(chosen(choice));
    }
    let schemes = doc
        .pointer("/components/securitySchemes")
        .and_then(Value::as_object)
        .filter(|s| !s.is_empty());
    let Some(schemes) = schemes else {
        warnings.push(
            "/components/securitySchemes",
            "the document declares no security scheme; the spec has no authentication \
             (supply one with `--auth bearer|basic|api-key:HEADER`)",
        );
        return None;
    };
    let order = preference(doc, schemes);
    let mut mapped = None;
    for name in &order {
        let ptr = format!("/components/securitySchemes/{}", escape(name));
        let raw = match schemes.get(name) {
            Some(raw) => resolve_ref(doc, raw),
            None => continue,
        };
        let required = required_scopes(doc, name);
        if let Some(m) = scheme(raw, &ptr, server, &required, warnings) {
            mapped = Some((name.clone(), m));
            break;
        }
    }
    let Some((name, mut mapped)) = mapped else {
        warnings.push(
            "/components/securitySchemes",
            "no security scheme of the document could be read; the spec has no authentication \
             (supply one with `--auth bearer|basic|api-key:HEADER`)",
        );
        return None;
    };
    if schemes.len() > 1 {
        warnings.push(
            "/components/securitySchemes",
            format!("several security schemes; `{name}` is used"),
        );
    }
    mapped.scheme = Some(name);
    Some(mapped)
}

/// The scheme names in the order to try them: the document-wide requirements, then those of
/// operations (most used first), then the declaration order.
fn preference(doc: &Value, schemes: &Map<String, Value>) -> Vec<String> {
    let mut order: indexmap::IndexSet<String> = indexmap::IndexSet::new();
    let push = |name: &str, order: &mut indexmap::IndexSet<String>| {
        if schemes.contains_key(name) && !order.contains(name) {
            order.insert(name.to_owned());
        }
    };
    for requirement in doc
        .get("security")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        for name in requirement.as_object().into_iter().flat_map(Map::keys) {
            push(name, &mut order);
        }
    }
    // Uses per scheme name, in the order the names are first met.
    let mut counts: indexmap::IndexMap<&str, usize> = indexmap::IndexMap::new();
    for item in doc
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(Map::values)
    {
        for op in item.as_object().into_iter().flat_map(Map::values) {
            for requirement in op
                .get("security")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                for name in requirement.as_object().into_iter().flat_map(Map::keys) {
                    *counts.entry(name.as_str()).or_default() += 1;
                }
            }
        }
    }
    let mut counts: Vec<(&str, usize)> = counts.into_iter().collect();
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    for (name, _) in counts {
        push(name, &mut order);
    }
    for name in schemes.keys() {
        push(name, &mut order);
    }
    order.into_iter().collect()
}

/// The scopes the document-wide requirement asks of `name`.
fn required_scopes(doc: &Value, name: &str) -> Vec<String> {
    doc.pointer("/security/0")
        .and_then(|s| s.get(name))
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// A `$ref` to a scheme elsewhere in the document, followed once.
fn resolve_ref<'a>(doc: &'a Value, raw: &'a Value) -> &'a Value {
    crate::powerplatform::refs::resolve_lenient(doc, raw, 1)
}

/// A required text connection parameter labelled `summary`.
fn credential(summary: &str) -> TypeBody {
    TypeBody {
        type_name: Some(spanned("string")),
        required: Some(Spanned::unlocated(true)),
        summary: Some(spanned(summary)),
        ..TypeBody::default()
    }
}

/// A required secret text connection parameter labelled `summary`.
fn secret(summary: &str) -> TypeDef {
    type_def(TypeBody {
        secret: Some(Spanned::unlocated(true)),
        ..credential(summary)
    })
}

fn bearer() -> Mapped {
    Mapped {
        auth: Auth::Bearer(BearerAuth {
            token: spanned("token"),
        }),
        connection: vec![("token".into(), secret("Access token"))],
        scheme: None,
    }
}

fn basic() -> Mapped {
    Mapped {
        auth: Auth::Basic(BasicAuth {
            username: spanned("username"),
            password: spanned("password"),
        }),
        connection: vec![
            ("username".into(), type_def(credential("User name"))),
            ("password".into(), secret("Password")),
        ],
        scheme: None,
    }
}

fn api_key(name: &str, location: KeyLocation, prefix: Option<String>) -> Mapped {
    Mapped {
        auth: Auth::ApiKey(ApiKeyAuth {
            name: spanned(name),
            location: Spanned::unlocated(location),
            key: spanned("api_key"),
            prefix: prefix.map(spanned),
            scheme: None,
        }),
        connection: vec![("api_key".into(), secret("API key"))],
        scheme: None,
    }
}

fn chosen(choice: &AuthChoice) -> Mapped {
    match choice {
        AuthChoice::Bearer => bearer(),
        AuthChoice::Basic => basic(),
        AuthChoice::ApiKey(header) => api_key(header, KeyLocation::Header, None),
    }
}

/// One scheme; `None` (with a warning) when it has no spec equivalent.
fn scheme(
    raw: &Value,
    ptr: &str,
    server: Option<&str>,
    required: &[String],
    warnings: &mut Warnings,
) -> Option<Mapped> {
    match text(raw, "type").unwrap_or("") {
        "apiKey" => api_key_scheme(raw, ptr, warnings),
        "http" => http_scheme(raw, ptr, warnings),
        "oauth2" => oauth2(raw, ptr, server, required, warnings),
        "openIdConnect" => {
            let url = text(raw, "openIdConnectUrl").unwrap_or("");
            warnings.push(
                ptr,
                format!(
                    "OpenID Connect names its endpoints in a discovery document (`{url}`) the \
                     importer does not fetch; read as a bearer token (write `oauth2` with the \
                     endpoints to have clients sign in)"
                ),
            );
            Some(bearer())
        }
        "mutualTLS" => {
            warnings.push(ptr, "mutual TLS authentication is not supported; skipped");
            None
        }
        other => {
            warnings.push(
                &format!("{ptr}/type"),
                format!("unknown security scheme type `{other}`; skipped"),
            );
            None
        }
    }
}

/// The trimmed, non-empty text under `key` of a scheme.
fn text<'v>(raw: &'v Value, key: &str) -> Option<&'v str> {
    raw.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// An `apiKey` scheme: in a header, the query, or a cookie (sent as the `Cookie` header).
fn api_key_scheme(raw: &Value, ptr: &str, warnings: &mut Warnings) -> Option<Mapped> {
    let Some(name) = text(raw, "name") else {
        warnings.push(ptr, "an API key scheme without `name`; skipped");
        return None;
    };
    match text(raw, "in").unwrap_or("header") {
        "query" => Some(api_key(name, KeyLocation::Query, None)),
        "cookie" => {
            warnings.push(
                &format!("{ptr}/in"),
                format!("an API key in a cookie is sent as the `Cookie` header `{name}=…`"),
            );
            Some(api_key(
                "Cookie",
                KeyLocation::Header,
                Some(format!("{name}=")),
            ))
        }
        _ => Some(api_key(name, KeyLocation::Header, None)),
    }
}

/// An `http` scheme: basic, bearer, or another word read as an `Authorization` key prefix;
/// challenge-response schemes are skipped.
fn http_scheme(raw: &Value, ptr: &str, warnings: &mut Warnings) -> Option<Mapped> {
    let scheme = text(raw, "scheme").unwrap_or("bearer");
    match scheme.to_ascii_lowercase().as_str() {
        "basic" => Some(basic()),
        "bearer" => Some(bearer()),
        "digest" | "negotiate" | "ntlm" | "hoba" | "mutual" | "vapid" => {
            warnings.push(
                &format!("{ptr}/scheme"),
                format!("HTTP `{scheme}` authentication is not supported; skipped"),
            );
            None
        }
        _ => {
            warnings.push(
                &format!("{ptr}/scheme"),
                format!(
                    "HTTP `{scheme}` authentication is read as an `Authorization: {scheme} …` key"
                ),
            );
            Some(api_key(
                "Authorization",
                KeyLocation::Header,
                Some(format!("{scheme} ")),
            ))
        }
    }
}

/// The OAuth 2.0 flows the spec knows, in the order one is chosen, with the spec's `flow`.
const FLOWS: &[(&str, Option<OAuth2Flow>)] = &[
    ("authorizationCode", None),
    ("clientCredentials", Some(OAuth2Flow::ClientCredentials)),
    ("password", Some(OAuth2Flow::Password)),
    ("implicit", Some(OAuth2Flow::Implicit)),
];

fn oauth2(
    raw: &Value,
    ptr: &str,
    server: Option<&str>,
    required: &[String],
    warnings: &mut Warnings,
) -> Option<Mapped> {
    let (flow_name, flow_key, flow) = chosen_flow(raw, ptr, warnings)?;
    let at = format!("{ptr}/flows/{flow_name}");
    let token_key = if flow_name == "implicit" {
        "authorizationUrl"
    } else {
        "tokenUrl"
    };
    let mut url = |key: &str| flow_url(flow, &at, key, server, warnings);
    let (Ok(authorization), Ok(token), Ok(refresh)) =
        (url("authorizationUrl"), url(token_key), url("refreshUrl"))
    else {
        return Some(bearer());
    };
    let Some(token) = token else {
        warnings.push(
            &at,
            format!(
                "the `{flow_name}` flow has no `{token_key}`; OAuth 2.0 is read as a bearer token"
            ),
        );
        return Some(bearer());
    };
    if matches!(flow_name, "authorizationCode" | "implicit") && authorization.is_none() {
        warnings.push(
            &at,
            format!(
                "the `{flow_name}` flow has no `authorizationUrl`; OAuth 2.0 is read as a bearer token"
            ),
        );
        return Some(bearer());
    }
    Some(Mapped {
        auth: Auth::Oauth2(OAuth2Auth {
            flow: flow_key.map(Spanned::unlocated),
            authorization_url: authorization.map(spanned),
            token_url: spanned(token),
            refresh_url: refresh.map(spanned),
            scopes: required.iter().map(|s| spanned(s.as_str())).collect(),
            identity_provider: None,
            client_id: None,
            token_params: Default::default(),
            extensions: Default::default(),
        }),
        connection: Vec::new(),
        scheme: None,
    })
}

/// The first flow of `FLOWS` the scheme has (its name, the spec's `flow` and its object),
/// with a warning naming the others; `None` (with a warning) when it has none.
fn chosen_flow<'v>(
    raw: &'v Value,
    ptr: &str,
    warnings: &mut Warnings,
) -> Option<(&'static str, Option<OAuth2Flow>, &'v Value)> {
    let flows = raw.get("flows").and_then(Value::as_object);
    let Some((flow_name, flow_key, flow)) = FLOWS.iter().find_map(|(name, key)| {
        flows
            .and_then(|f| f.get(*name))
            .filter(|f| f.is_object())
            .map(|f| (*name, *key, f))
    }) else {
        warnings.push(ptr, "OAuth 2.0 without a flow the spec knows; skipped");
        return None;
    };
    let others: Vec<String> = flows
        .into_iter()
        .flat_map(Map::keys)
        .filter(|k| *k != flow_name)
        .map(|k| format!("`{k}`"))
        .collect();
    if !others.is_empty() {
        warnings.push(
            &format!("{ptr}/flows"),
            format!(
                "the spec has one OAuth 2.0 flow; `{flow_name}` is used, not {}",
                others.join(", ")
            ),
        );
    }
    Some((flow_name, flow_key, flow))
}

/// A relative endpoint URL with no absolute server URL to resolve it against.
struct Unresolved;

/// The flow's endpoint URL under `key` (at `at`), resolved against the server URL when it is
/// relative; `Ok(None)` when the flow has none.
fn flow_url(
    flow: &Value,
    at: &str,
    key: &str,
    server: Option<&str>,
    warnings: &mut Warnings,
) -> Result<Option<String>, Unresolved> {
    let Some(written) = flow.get(key).and_then(Value::as_str).map(str::trim) else {
        return Ok(None);
    };
    match resolve(server, written) {
        Some(resolved) if resolved != written => {
            warnings.push(
                &format!("{at}/{key}"),
                format!("`{written}` is relative; resolved against the server URL to `{resolved}`"),
            );
            Ok(Some(resolved))
        }
        Some(resolved) => Ok(Some(resolved)),
        None => {
            warnings.push(
                &format!("{at}/{key}"),
                format!(
                    "`{written}` is relative and the document gives no absolute server URL to \
                     resolve it against; OAuth 2.0 is read as a bearer token"
                ),
            );
            Err(Unresolved)
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[test]
    fn schemes_are_tried_document_wide_first_then_by_use_then_as_declared() {
        let doc = json!({
            "security": [{ "wide": [] }, { "missing": [] }],
            "paths": {
                "/a": { "get": { "security": [{ "rare": [] }, { "often": [] }] },
                        "put": { "security": [{ "often": [], "tie": [] }] } },
                "/b": { "get": { "security": [{ "often": [] }, { "wide": [] }] } }
            },
            "components": { "securitySchemes": {
                "unused": {}, "tie": {}, "rare": {}, "often": {}, "wide": {}, "last": {}
            } }
        });
        let schemes = doc["components"]["securitySchemes"]
            .as_object()
            .expect("schemes");
        // `often` is used three times; `rare` and `tie` once each, `rare` met first.
        assert_eq!(
            super::preference(&doc, schemes),
            ["wide", "often", "rare", "tie", "unused", "last"]
        );
    }
}
