//! The security schemes and requirements of an imported OpenAPI document, written back as
//! they were while the spec's `auth` and `scopes` still say the same.

use indexmap::IndexMap;
use openapiv3::{ReferenceOr, SecurityScheme};
use serde_json::{Map, Value};

use super::OPENAPI_ROOT;

/// Action extension key: the operation's `security` requirements as written.
pub const OPENAPI_SECURITY: &str = "openapi_security";

/// Security schemes by name.
pub type Schemes = IndexMap<String, ReferenceOr<SecurityScheme>>;
/// Security requirements.
pub type Requirements = Vec<IndexMap<String, Vec<String>>>;

/// Replaces the derived security scheme (named `derived_name`) and root requirements with the
/// document's as written (kept under [`OPENAPI_ROOT`]: `securitySchemes`, `security` and the
/// `scheme` the spec's `auth` was read from), when the derived scheme still says nothing the
/// written one does not (an edited `auth` is written as derived). Returns the written name of
/// the scheme, for operations' requirements.
pub fn security(
    schemes: &mut Schemes,
    requirements: &mut Option<Requirements>,
    derived_name: &str,
    extensions: &IndexMap<String, Value>,
) -> Option<String> {
    let kept = extensions.get(OPENAPI_ROOT)?.as_object()?;
    let name = kept.get("scheme")?.as_str()?;
    let written = kept.get("securitySchemes")?;
    let derived = serde_json::to_value(schemes.get(derived_name)?).ok()?;
    let resolved = kept.get("resolved_urls").and_then(Value::as_object);
    if !contained(&derived, written.get(name)?, resolved) {
        return None;
    }
    let written: Schemes = serde_json::from_value(written.clone()).ok()?;
    let root: Option<Requirements> = match kept.get("security") {
        Some(r) => Some(serde_json::from_value(r.clone()).ok()?),
        None => None,
    };
    *schemes = written;
    *requirements = root;
    Some(name.to_owned())
}

/// Whether everything `derived` says, `written` says too (an OAuth 2.0 flow's scopes: the
/// names, whatever their descriptions; a relative endpoint URL: what the import `resolved` it
/// to).
fn contained(derived: &Value, written: &Value, resolved: Option<&Map<String, Value>>) -> bool {
    match (derived, written) {
        (Value::Object(d), Value::Object(w)) => d.iter().all(|(key, value)| match w.get(key) {
            Some(Value::Object(scopes)) if key == "scopes" => value
                .as_object()
                .is_some_and(|names| names.keys().all(|n| scopes.contains_key(n))),
            Some(w) => contained(value, w, resolved),
            None => false,
        }),
        (Value::String(d), Value::String(w)) if d != w => resolved
            .and_then(|r| r.get(w))
            .is_some_and(|read| read == derived),
        _ => derived == written,
    }
}

/// An operation's `security` as written ([`OPENAPI_SECURITY`]), when the document's schemes are
/// written ([`security`] gave a name) and the scopes it names are the action's `scopes`.
pub fn operation_security(
    extensions: &IndexMap<String, Value>,
    scopes: &[String],
    scheme: Option<&str>,
) -> Option<Requirements> {
    scheme?;
    let written: Requirements =
        serde_json::from_value(extensions.get(OPENAPI_SECURITY)?.clone()).ok()?;
    let named: std::collections::BTreeSet<&String> =
        written.iter().flat_map(|r| r.values()).flatten().collect();
    (named == scopes.iter().collect()).then_some(written)
}
