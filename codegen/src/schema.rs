//! The JSON Schema of the spec language, generated from the serde model, for editor completion.

use crate::spec::ConnectorSpec;

/// The schema as pretty-printed JSON with a trailing newline.
pub fn spec_schema_json() -> String {
    let schema = schemars::schema_for!(ConnectorSpec);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
