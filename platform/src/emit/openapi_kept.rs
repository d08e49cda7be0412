//! Root keys of an imported OpenAPI document kept as written.
//!
//! The OpenAPI importer stores what the spec language has no place for at the document's root
//! under the connector's extension [`OPENAPI_ROOT`]: the `openapi` version (a 3.0.x other than
//! the emitter's own), `info` keys other than the title, description, version and contact
//! (`termsOfService`, `license`, `x-…`), and the root `tags` list with its descriptions and
//! order. The OpenAPI emitter writes them back over what it would otherwise derive.
//!
//! Each operation keeps the answers the spec does not model (errors, `default`, other
//! successes) under [`OPENAPI_RESPONSES`], as written with their `$ref`s inlined; they are
//! written beside the answers the emitter derives, never over them. The kept
//! `tags` replace the derived list whole: OpenAPI lets operations name tags the root does not
//! declare, and the original may have declared fewer or more than its operations use.

use indexmap::IndexMap;
use openapiv3::{OpenAPI, ReferenceOr, Response, Responses, StatusCode, Tag};
use serde_json::{Map, Value};

/// Connector extension key: OpenAPI root keys kept as written.
pub const OPENAPI_ROOT: &str = "openapi_root";

/// Action or trigger extension key: the OpenAPI answers the spec does not model, by status.
pub const OPENAPI_RESPONSES: &str = "openapi_responses";

/// Connector extension key: `false` when operations get no derived error answers (`default`
/// from the spec's error rule, `429` from its limits); an OpenAPI import writes it, since the
/// original's own answers are kept as written.
pub const DERIVE_ERROR_ANSWERS: &str = "derive_error_answers";

/// Whether the emitter adds the derived error answers.
pub fn derives_error_answers(extensions: &IndexMap<String, Value>) -> bool {
    extensions.get(DERIVE_ERROR_ANSWERS) != Some(&Value::Bool(false))
}

/// The `info` keys the spec language holds itself.
pub const MODELLED_INFO: [&str; 4] = ["title", "description", "version", "contact"];

/// Writes the root keys kept in `extensions` over `doc`.
pub fn apply(doc: &mut OpenAPI, extensions: &IndexMap<String, Value>) {
    let Some(Value::Object(kept)) = extensions.get(OPENAPI_ROOT) else {
        return;
    };
    if let Some(Value::String(version)) = kept.get("openapi") {
        if version.starts_with("3.0.") {
            doc.openapi = version.clone();
        }
    }
    if let Some(Value::Object(info)) = kept.get("info") {
        info_keys(doc, info);
    }
    if let Some(tags) = kept
        .get("tags")
        .and_then(|t| serde_json::from_value::<Vec<Tag>>(t.clone()).ok())
    {
        doc.tags = tags;
    }
}

fn info_keys(doc: &mut OpenAPI, info: &Map<String, Value>) {
    for (key, value) in info {
        match key.as_str() {
            "termsOfService" => doc.info.terms_of_service = value.as_str().map(str::to_owned),
            "license" => doc.info.license = serde_json::from_value(value.clone()).ok(),
            k if k.starts_with("x-") => {
                doc.info.extensions.insert(key.clone(), value.clone());
            }
            _ => {}
        }
    }
}

/// Adds the answers kept in an operation's `extensions` that `responses` does not have yet.
pub fn responses(responses: &mut Responses, extensions: &IndexMap<String, Value>) {
    let Some(Value::Object(kept)) = extensions.get(OPENAPI_RESPONSES) else {
        return;
    };
    for (code, value) in kept {
        let Ok(response) = serde_json::from_value::<ReferenceOr<Response>>(value.clone()) else {
            continue;
        };
        if code == "default" {
            responses.default.get_or_insert(response);
            continue;
        }
        let status = match code.parse::<u16>() {
            Ok(n) => StatusCode::Code(n),
            Err(_) => match code.to_ascii_uppercase().as_bytes() {
                [d @ b'1'..=b'5', b'X', b'X'] => StatusCode::Range(u16::from(d - b'0')),
                _ => continue,
            },
        };
        responses.responses.entry(status).or_insert(response);
    }
}
