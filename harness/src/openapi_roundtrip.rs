//! The OpenAPI round trip's two ends: an OpenAPI document read as JSON values
//! ([`read_document`]), and the OpenAPI 3.0 document `connectorc build` writes (`openapi.yaml`)
//! for the spec imported from it ([`emitted_document`]). The test
//! `tests/import_openapi_roundtrip.rs` compares the two whole, with the strict oracle of
//! `tests/support/strict_diff.rs`.

use std::path::Path;

use serde_json::Value;

use connector_platform::import::Warning;

/// Reads a document as JSON values: JSON when its name ends in `.json`, YAML otherwise.
pub fn read_document(path: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let value = if json {
        serde_json::from_str(&text).map_err(|e| e.to_string())
    } else {
        serde_saphyr::from_str(&text).map_err(|e| e.to_string())
    };
    value.map_err(|e| format!("{}: {e}", path.display()))
}

/// Imports `path`, checks the spec, and reads back the OpenAPI document emitted from it (the
/// `openapi.yaml` of `connectorc build`); with the importer's warnings. The error says which
/// step failed.
pub fn emitted_document(path: &Path) -> Result<(Value, Vec<Warning>), String> {
    let imported =
        connector_platform::import::import_path(path).map_err(|e| format!("not imported: {e}"))?;
    let outcome = crate::check_source(
        format!("{}.yaml", imported.suggested_id),
        imported.yaml,
        &Default::default(),
    );
    let connector = outcome.connector.ok_or_else(|| {
        format!(
            "the spec has errors:\n{}",
            crate::diag::render_text(&outcome.diagnostics, crate::diag::RenderStyle::plain())
        )
    })?;
    let yaml = crate::emit::openapi::to_yaml(&connector);
    let emitted = serde_saphyr::from_str(&yaml)
        .map_err(|e| format!("the emitted document does not read back: {e}"))?;
    Ok((emitted, imported.warnings))
}
