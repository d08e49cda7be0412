//! The bodies of the fuzz targets in `fuzz/`, as plain functions so that a deterministic test
//! (`harness/tests/no_panic.rs`) can drive them over mangled inputs on stable Rust, and
//! `cargo +nightly fuzz run <target>` over whatever libFuzzer finds.
//!
//! Each function panics only when the stage under it breaks a promise: a panic inside the
//! compiler, or an output that does not parse (Rust that `syn` rejects, JSON or YAML that does
//! not read back). Bad input itself is fine: it must come back as diagnostics or an error.

use crate::emit::{openapi, powerplatform, rust};

/// Reads and checks `text` as a spec, renders its diagnostics, and when it checks clean emits
/// every output and parses each one back.
pub fn check_and_emit(text: &str) {
    let outcome = crate::check_source("fuzz.yaml", text, &crate::spec::ReadLimits::default());
    let _ = crate::diag::render_text(&outcome.diagnostics, crate::diag::RenderStyle::plain());
    let _ = crate::diag::render_json(&outcome.diagnostics);
    if let Some(connector) = &outcome.connector {
        emit_all(connector);
    }
}

/// Emits the Rust module, the Power Platform files and the OpenAPI document of a checked
/// connector, and parses each back.
pub fn emit_all(connector: &crate::ir::Connector) {
    match rust::emit_module(connector, &rust::RustOptions::default()) {
        Ok(module) => {
            if let Err(error) = syn::parse_file(&module) {
                panic!("the emitted Rust module does not parse: {error}\n{module}");
            }
        }
        Err(error) => panic!("a checked connector could not be emitted as Rust: {error}"),
    }
    let platform = powerplatform::emit(connector);
    for (name, text) in [
        (powerplatform::SWAGGER_FILE, &platform.swagger),
        (powerplatform::PROPERTIES_FILE, &platform.properties),
    ] {
        if let Err(error) = serde_json::from_str::<serde_json::Value>(text) {
            panic!("the emitted {name} is not JSON: {error}\n{text}");
        }
    }
    let document = openapi::to_yaml(connector);
    if let Err(error) = serde_saphyr::from_str::<serde_json::Value>(&document) {
        panic!("the emitted OpenAPI document is not YAML: {error}\n{document}");
    }
}

/// Imports `bytes` as an OpenAPI document; what it produces must check without a panic.
pub fn import_openapi(bytes: &[u8]) {
    if let Ok(imported) = crate::import::openapi::import(bytes, "fuzz") {
        check_imported(imported.yaml);
    }
}

/// Imports `bytes` as a Power Platform `apiDefinition.swagger.json` (with the same bytes as its
/// properties file when `with_properties`); what it produces must check without a panic.
pub fn import_powerplatform(bytes: &[u8], with_properties: bool) {
    let properties = with_properties.then_some(bytes);
    if let Ok(imported) = crate::import::powerplatform::import(bytes, properties, "fuzz") {
        check_imported(imported.yaml);
    }
}

/// Lints `bytes` as a connector's swagger file and as its properties file.
pub fn lint(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let _ = crate::lint::lint_texts(Some(&text), None);
    let _ = crate::lint::lint_texts(None, Some(&text));
}

/// An imported spec is YAML the spec reader accepts; checked, every output parses.
fn check_imported(yaml: String) {
    let outcome = crate::check_source("imported.yaml", yaml, &crate::spec::ReadLimits::default());
    let _ = crate::diag::render_text(&outcome.diagnostics, crate::diag::RenderStyle::plain());
    if let Some(connector) = &outcome.connector {
        emit_all(connector);
    }
}
