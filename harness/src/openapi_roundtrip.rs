//! The OpenAPI round trip's two ends: an OpenAPI document read as JSON values
//! ([`read_document`]), and the OpenAPI 3.0 document `connectorc build` writes (`openapi.yaml`)
//! for the spec imported from it ([`emitted_document`]). The test
//! `tests/import_openapi_roundtrip.rs` compares the two whole, with the strict oracle of
//! `tests/support/strict_diff.rs`.

use std::path::Path;

use serde_json::Value;

use connector_platform::import::Warning;

use crate::HarnessError;

/// Reads a document as JSON values: JSON when its name ends in `.json`, YAML otherwise.
pub fn read_document(path: &Path) -> Result<Value, HarnessError> {
    let text = std::fs::read_to_string(path).map_err(|source| HarnessError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if json {
        serde_json::from_str(&text).map_err(|source| HarnessError::Json {
            path: path.to_path_buf(),
            source,
        })
    } else {
        serde_saphyr::from_str(&text).map_err(|source| HarnessError::Yaml {
            path: path.to_path_buf(),
            source: Box::new(source),
        })
    }
}

/// Imports `path`, checks the spec, and reads back the OpenAPI document emitted from it (the
/// `openapi.yaml` of `connectorc build`); with the importer's warnings. The error says which
/// step failed.
pub fn emitted_document(path: &Path) -> Result<(Value, Vec<Warning>), HarnessError> {
    let imported = connector_platform::import::import_path(path).map_err(HarnessError::Import)?;
    emitted(imported)
}

/// [`emitted_document`] for a document given as text (YAML or JSON) and named `name`.
pub fn emitted_text(text: &str, name: &str) -> Result<(Value, Vec<Warning>), HarnessError> {
    let imported = connector_platform::import::openapi::import(text.as_bytes(), name)
        .map_err(HarnessError::Import)?;
    emitted(imported)
}

fn emitted(
    imported: connector_platform::import::Imported,
) -> Result<(Value, Vec<Warning>), HarnessError> {
    let outcome = crate::check_source(
        format!("{}.yaml", imported.suggested_id),
        imported.yaml,
        &Default::default(),
    );
    let connector = outcome
        .connector
        .ok_or(HarnessError::Check(outcome.diagnostics))?;
    let yaml = crate::emit::openapi::to_yaml(&connector);
    let emitted = serde_saphyr::from_str(&yaml).map_err(|e| HarnessError::ReadBack(Box::new(e)))?;
    Ok((emitted, imported.warnings))
}
