//! Root keys of an imported OpenAPI document kept as written.
//!
//! The OpenAPI importer stores what the spec language has no place for at the document's root
//! under the connector's extension [`OPENAPI_ROOT`]: the `openapi` version (a 3.0.x other than
//! the emitter's own), `info` keys other than the title, description, version and contact
//! (`termsOfService`, `license`, `x-…`), and the root `tags` list with its descriptions and
//! order. The OpenAPI emitter writes them back over what it would otherwise derive. The kept
//! `tags` replace the derived list whole: OpenAPI lets operations name tags the root does not
//! declare, and the original may have declared fewer or more than its operations use.

use indexmap::IndexMap;
use openapiv3::{OpenAPI, Tag};
use serde_json::{Map, Value};

/// Connector extension key: OpenAPI root keys kept as written.
pub const OPENAPI_ROOT: &str = "openapi_root";

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
