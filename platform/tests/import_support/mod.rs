//! What the import tests share: an imported spec checked with no error, and the Power Platform
//! swagger built from it.

#![allow(dead_code)]

use codegen::spec::ReadLimits;
use serde_json::Value;

/// Checks `yaml` (named `file` in diagnostics), failing the test on any error; the IR. An
/// imported text (the importers start it with the schema line) must also be the spec model's own
/// writing: read and written again, it is the same text, and that reads to the same model.
pub fn checked(file: &str, yaml: String) -> codegen::ir::Connector {
    if yaml.starts_with("# yaml-language-server: $schema=") {
        written_by_the_model(file, &yaml);
    }
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

/// Fails unless `yaml` is what `codegen::spec::write_spec` writes for the model it reads to.
pub fn written_by_the_model(file: &str, yaml: &str) {
    let read = |text: &str| {
        let source = codegen::diag::SourceFile::new(file, text.to_owned());
        // On the checker's deep stack: a spec may nest deeper than a test thread's stack allows.
        codegen::read_source(&source, &ReadLimits::default())
            .unwrap_or_else(|d| panic!("{file} does not read: {d:?}\n{text}"))
    };
    let spec = read(yaml);
    let body = codegen::spec::write_spec(&spec).expect("the model writes");
    let schema = connector_platform::import::DEFAULT_SCHEMA_PATH;
    let written = format!("# yaml-language-server: $schema={schema}\n{body}");
    assert_eq!(
        written, yaml,
        "{file}: the imported text is not the model's writing"
    );
    assert!(
        read(&written) == spec,
        "{file}: the written text reads to another model"
    );
}
