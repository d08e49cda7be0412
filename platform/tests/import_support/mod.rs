//! What the import tests share: an imported spec checked with no error, and the Power Platform
//! swagger built from it.

#![allow(dead_code)]

use codegen::spec::ReadLimits;
use serde_json::Value;

/// Checks `yaml` (named `file` in diagnostics), failing the test on any error; the IR.
pub fn checked(file: &str, yaml: String) -> codegen::ir::Connector {
    let outcome = codegen::check_source(file, yaml, &ReadLimits::default());
    let errors: Vec<String> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.message.clone())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    outcome.connector.expect("checks")
}

/// The `apiDefinition.swagger.json` the Power Platform emitter writes for `connector`.
pub fn swagger_of(connector: &codegen::ir::Connector) -> Value {
    let files = connector_platform::emit::powerplatform::emit(connector);
    serde_json::from_str(&files.swagger).expect("JSON")
}
