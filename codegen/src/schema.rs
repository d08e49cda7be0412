//! The JSON Schema of the spec language, generated from the serde model, for editor completion.

use crate::spec::ConnectorSpec;

/// The schema as pretty-printed JSON with a trailing newline.
pub fn spec_schema_json() -> String {
    let schema = schemars::schema_for!(ConnectorSpec);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// The file name of the spec language's schema, as `connectorc schema --write DIR` writes it.
pub const SCHEMA_FILE: &str = "connector.schema.json";

/// The `$schema` path for a spec in the folder `spec_dir`: relative to it, to the nearest
/// `connector.schema.json` (or the repository's `codegen/connector.schema.json`) in that folder or
/// a parent; `None` when there is none.
pub fn schema_path_from(spec_dir: &std::path::Path) -> Option<String> {
    let start = std::fs::canonicalize(spec_dir).ok()?;
    for (depth, folder) in start.ancestors().enumerate() {
        let up = "../".repeat(depth);
        for candidate in [SCHEMA_FILE.to_owned(), format!("codegen/{SCHEMA_FILE}")] {
            if folder.join(&candidate).is_file() {
                return Some(format!("{up}{candidate}"));
            }
        }
    }
    None
}

/// Points the first-line `$schema` comment of `spec` (written by the importer or `init`) at
/// `schema_path`, adding the comment when the spec has none.
pub fn with_schema_comment(spec: &str, schema_path: &str) -> String {
    const PREFIX: &str = "# yaml-language-server: $schema=";
    let line = format!("{PREFIX}{schema_path}");
    match spec.split_once('\n') {
        Some((first, rest)) if first.starts_with(PREFIX) => format!("{line}\n{rest}"),
        _ => format!("{line}\n{spec}"),
    }
}
