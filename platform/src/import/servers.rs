//! The base URL from an OpenAPI document's `servers`: variables become connection parameters
//! (the platform's dynamic host), and a relative or missing server makes the host one. Never
//! an invented host: what the document does not say, the person connecting supplies.

use codegen::spec::{EnumValue, EnumValues, NamedMap, Span, Spanned, TypeBody, TypeDef};
use serde_json::{Map, Value};

use super::typed::{text, type_def};

use super::Warnings;

/// Connection parameter names that authentication uses; server variables never take them.
const AUTH_NAMES: &[&str] = &["api_key", "username", "password", "token"];

/// The base URL and what it needs.
pub(crate) struct Server {
    /// The spec's `base_url`, with `{name}` for each connection parameter it takes.
    pub base_url: String,
    /// Connection parameters the base URL takes, in order.
    pub connection: NamedMap<TypeDef>,
    /// The server URL as the document wrote it with every variable at its default, when that
    /// is an absolute URL: relative URLs elsewhere in the document are resolved against it.
    pub absolute: Option<String>,
}

/// Reads `servers[0]`.
pub(crate) fn server(doc: &Value, warnings: &mut Warnings) -> Server {
    let Some(first) = doc.pointer("/servers/0") else {
        warnings.push(
            "/servers",
            "the document names no server; the host is the connection parameter `host`",
        );
        return host_only("");
    };
    let Some(url) = first.get("url").and_then(Value::as_str).map(str::trim) else {
        warnings.push(
            "/servers/0/url",
            "the server has no URL; the host is the connection parameter `host`",
        );
        return host_only("");
    };
    let variables = first.get("variables").and_then(Value::as_object);
    let Substituted {
        mut templated,
        mut concrete,
        complete,
        connection,
    } = substitute(url, variables, warnings);
    if !connection.is_empty() {
        let names = connection
            .keys()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ");
        warnings.push(
            "/servers/0/variables",
            format!("the server URL's variables are connection parameters: {names}"),
        );
    }
    let absolute = |u: &str| u.starts_with("https://") || u.starts_with("http://");
    if let Some(rest) = templated.strip_prefix("//") {
        warnings.push(
            "/servers/0/url",
            format!("`{url}` gives no scheme; `https` is used"),
        );
        templated = format!("https://{rest}");
        concrete = format!("https:{concrete}");
    }
    if absolute(&templated) && url_host(&templated).is_some() {
        return Server {
            base_url: templated.trim_end_matches('/').to_owned(),
            connection,
            absolute: (complete && absolute(&concrete)).then_some(concrete),
        };
    }
    warnings.push(
        "/servers/0/url",
        format!(
            "`{url}` is not an absolute http(s) URL; the host is the connection parameter `host`"
        ),
    );
    let path = if absolute(&templated) {
        ""
    } else {
        templated.as_str()
    };
    let mut server = host_only(path);
    for (k, v) in connection.entries() {
        // A variable named `host` takes the place of the host parameter.
        match server.connection.get_mut(&k.value) {
            Some(slot) => *slot = v.clone(),
            None => server.connection.push(k.clone(), v.clone()),
        }
    }
    server
}

/// A server URL with its variables replaced.
struct Substituted {
    /// `{key}` for each variable, naming its connection parameter.
    templated: String,
    /// Each variable's default in its place.
    concrete: String,
    /// Whether every variable has a default.
    complete: bool,
    /// The connection parameter of each variable, in order.
    connection: NamedMap<TypeDef>,
}

/// Replaces the `{name}` variables of `url`: each becomes a connection parameter.
fn substitute(
    url: &str,
    variables: Option<&Map<String, Value>>,
    warnings: &mut Warnings,
) -> Substituted {
    let mut out = Substituted {
        templated: String::new(),
        concrete: String::new(),
        complete: true,
        connection: NamedMap::default(),
    };
    let mut rest = url;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        let name = &rest[start + 1..start + len];
        out.templated.push_str(&rest[..start]);
        out.concrete.push_str(&rest[..start]);
        rest = &rest[start + len + 1..];
        let (def, default) = variable(name, variables.and_then(|v| v.get(name)), warnings);
        match default {
            Some(d) => out.concrete.push_str(&d),
            None => out.complete = false,
        }
        let key = parameter_name(name, &out.connection);
        out.templated.push_str(&format!("{{{key}}}"));
        out.connection.push(text(key), type_def(def));
    }
    out.templated.push_str(rest);
    out.concrete.push_str(rest);
    out
}

/// The connection parameter of the server variable `name` (declared as `var`), and its
/// default; one without a default is required, with a warning.
fn variable(
    name: &str,
    var: Option<&Value>,
    warnings: &mut Warnings,
) -> (TypeBody, Option<String>) {
    let default = var.and_then(|v| v.get("default")).map(|d| {
        d.as_str()
            .map(str::to_owned)
            .unwrap_or_else(|| d.to_string())
    });
    let mut def = TypeBody {
        type_name: Some(text("string")),
        summary: Some(text(label(name))),
        ..TypeBody::default()
    };
    if let Some(values) = var.and_then(|v| v.get("enum")).and_then(Value::as_array) {
        let values: Vec<&str> = values.iter().filter_map(Value::as_str).collect();
        if !values.is_empty() && default.as_deref().is_none_or(|d| values.contains(&d)) {
            def.enum_values = Some(EnumValues {
                values: values
                    .into_iter()
                    .map(|v| EnumValue {
                        value: Spanned::unlocated(Value::from(v)),
                        label: None,
                    })
                    .collect(),
                span: Span::UNKNOWN,
            });
        }
    }
    def.description = var
        .and_then(|v| v.get("description"))
        .and_then(Value::as_str)
        .filter(|d| !d.trim().is_empty())
        .map(text);
    match &default {
        Some(d) => def.default = Some(Box::new(Spanned::unlocated(Value::from(d.as_str())))),
        None => {
            def.required = Some(Spanned::unlocated(true));
            warnings.push(
                "/servers/0/variables",
                format!("server variable `{name}` has no default; the connection must give it"),
            );
        }
    }
    (def, default)
}

/// `https://{host}` followed by `path`, with the `host` connection parameter.
fn host_only(path: &str) -> Server {
    let path = path.trim_start_matches('.').trim_end_matches('/');
    let path = if path.is_empty() || path.starts_with('/') {
        path.to_owned()
    } else {
        format!("/{path}")
    };
    let host = TypeBody {
        type_name: Some(text("string")),
        required: Some(Spanned::unlocated(true)),
        summary: Some(text("Host")),
        description: Some(text(
            "The service's host name (the document does not give it), e.g. `api.example.com`.",
        )),
        ..TypeBody::default()
    };
    let connection = [(text("host"), type_def(host))].into_iter().collect();
    Server {
        base_url: format!("https://{{host}}{path}"),
        connection,
        absolute: None,
    }
}

/// A connection parameter name for a server variable, clear of the credentials' names and of
/// the names already taken.
fn parameter_name(variable: &str, taken: &NamedMap<TypeDef>) -> String {
    let mut name: String = variable
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '_' })
        .collect();
    if name.is_empty() {
        name = "server".into();
    }
    if AUTH_NAMES.contains(&name.as_str()) || name == "host" && taken.contains("host") {
        name = format!("server_{name}");
    }
    let base = name.clone();
    let mut n = 2;
    while taken.contains(&name) {
        name = format!("{base}{n}");
        n += 1;
    }
    name
}

/// `organizerKey` → `Organizer key`, `region` → `Region`.
fn label(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c == '_' || c == '-' {
            out.push(' ');
        } else if c.is_uppercase() && i > 0 {
            out.push(' ');
            out.extend(c.to_lowercase());
        } else if i == 0 {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The authority of an absolute URL (`api.example.com`), when it has one.
fn url_host(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?;
    (!host.is_empty()).then_some(host)
}

/// Resolves `reference` (absolute, `//host/…`, `/path` or `path`) against `base` as RFC 3986
/// does; `None` when it is relative and there is no absolute base.
pub(crate) fn resolve(base: Option<&str>, reference: &str) -> Option<String> {
    let reference = reference.trim();
    if reference.starts_with("https://") || reference.starts_with("http://") {
        return Some(reference.to_owned());
    }
    let base = base?;
    let (scheme, rest) = base.split_once("://")?;
    if let Some(other) = reference.strip_prefix("//") {
        return Some(format!("{scheme}://{other}"));
    }
    let host = url_host(base)?;
    let base_path = rest[host.len()..].split(['?', '#']).next().unwrap_or("");
    let path = if reference.starts_with('/') {
        reference.to_owned()
    } else {
        let dir = match base_path.rfind('/') {
            Some(at) => &base_path[..=at],
            None => "/",
        };
        format!("{dir}{reference}")
    };
    Some(format!("{scheme}://{host}{}", remove_dots(&path)))
}

/// Removes `.` and `..` segments of a path.
fn remove_dots(path: &str) -> String {
    let (path, tail) = match path.find(['?', '#']) {
        Some(at) => path.split_at(at),
        None => (path, ""),
    };
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').collect();
    for (i, segment) in segments.iter().enumerate() {
        match *segment {
            "." => {}
            ".." => {
                if out.len() > 1 {
                    out.pop();
                }
            }
            s => out.push(s),
        }
        if i + 1 == segments.len() && matches!(*segment, "." | "..") {
            out.push("");
        }
    }
    format!("{}{tail}", out.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn relative_references_resolve_against_the_server() {
        let base = Some("https://api.example.com/v1");
        assert_eq!(
            resolve(base, "/oauth/token").as_deref(),
            Some("https://api.example.com/oauth/token")
        );
        assert_eq!(
            resolve(Some("https://api.example.com/v1/"), "oauth/token").as_deref(),
            Some("https://api.example.com/v1/oauth/token")
        );
        assert_eq!(
            resolve(Some("https://api.example.com/v1/"), "../token").as_deref(),
            Some("https://api.example.com/token")
        );
        assert_eq!(
            resolve(base, "//login.example.com/t").as_deref(),
            Some("https://login.example.com/t")
        );
        assert_eq!(resolve(None, "/oauth/token"), None);
        assert_eq!(
            resolve(None, "https://x.example/a").as_deref(),
            Some("https://x.example/a")
        );
    }

    #[test]
    fn variables_become_connection_parameters() {
        let doc = json!({ "servers": [{
            "url": "https://{tenant}.example.com/{version}/",
            "variables": { "tenant": { "default": "acme" }, "version": { "default": "v2", "enum": ["v1", "v2"] } }
        }] });
        let mut warnings = Warnings::default();
        let server = server(&doc, &mut warnings);
        assert_eq!(server.base_url, "https://{tenant}.example.com/{version}");
        assert_eq!(
            server.absolute.as_deref(),
            Some("https://acme.example.com/v2/")
        );
        let version = crate::import::typed::to_tree(&server.connection.get("version"));
        assert_eq!(version["enum"], json!(["v1", "v2"]));
        let relative = json!({ "servers": [{ "url": "/api/v3" }] });
        let server = super::server(&relative, &mut warnings);
        assert_eq!(server.base_url, "https://{host}/api/v3");
        assert!(server.absolute.is_none());
        let none = super::server(&json!({}), &mut warnings);
        assert_eq!(none.base_url, "https://{host}");
    }
}
