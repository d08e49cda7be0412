//! The platform's rules read the documents the emitter built, without writing and reading them
//! back (`lint_documents`): they must find what they find in the written files.

#[path = "manifest_support/mod.rs"]
mod support;

use codegen::ir::Connector;
use connector_platform::emit::powerplatform::{document_values, documents};
use connector_platform::lint::{lint_documents, lint_texts, Finding};

/// The findings both ways, after checking that the values are what the texts read as.
fn both_ways(connector: &Connector) -> (Vec<Finding>, Vec<Finding>) {
    let (swagger_text, properties_text) = documents(connector);
    let (swagger, swagger_bytes, properties) = document_values(connector);
    assert_eq!(swagger_bytes, swagger_text.len(), "{}", connector.id);
    let read = |text: &str| serde_json::from_str::<serde_json::Value>(text).expect("JSON");
    assert_eq!(swagger, read(&swagger_text), "{}", connector.id);
    assert_eq!(properties, read(&properties_text), "{}", connector.id);
    (
        lint_documents(&swagger, swagger_bytes, &properties),
        lint_texts(Some(&swagger_text), Some(&properties_text)),
    )
}

fn checked(file: &str, yaml: String) -> Connector {
    let outcome = codegen::check_source(file, yaml, &Default::default());
    assert!(!outcome.has_errors(), "{:?}", outcome.diagnostics);
    outcome.connector.expect("checks")
}

/// A spec of `actions` actions with no metadata and no summaries: rules fire on it.
fn bare(actions: usize) -> Connector {
    let mut yaml = String::from(
        "title: Bare\nbase_url: https://api.example.com\nobjects:\n  Item:\n    fields:\n      id: string\n      name: string\nactions:\n",
    );
    for n in 0..actions {
        yaml.push_str(&format!(
            "  GetItem{n}:\n    request: GET /items{n}/{{id}}\n    params:\n      id: {{ in: path, type: string, required: true }}\n      q: {{ in: query, type: string }}\n    returns: Item\n"
        ));
    }
    checked("bare.yaml", yaml)
}

#[test]
fn the_rules_find_in_the_documents_as_built_what_they_find_in_the_files() {
    let mut connectors = support::clean_connectors();
    let specs = support::workspace().join("platform/tests/manifest_specs");
    for file in codegen::spec_files(&[specs]).expect("the test specs") {
        let outcome = codegen::check_file(&file);
        if !outcome.has_errors() {
            connectors.extend(outcome.connector);
        }
    }
    connectors.push(bare(3));
    connectors.push(bare(4_000));
    // Real connectors, imported: the rules find many kinds of things in them.
    if let Some(root) = support::shared("corpus/powerplatform") {
        let folders = connector_platform::lint::connector_folders(&root).expect("the corpus");
        for folder in folders {
            let options = connector_platform::import::ImportOptions::default();
            let Ok(imported) = connector_platform::import::import_path_connector(&folder, &options)
            else {
                continue;
            };
            if !imported.outcome.has_errors() {
                connectors.extend(imported.outcome.connector);
            }
        }
    }
    let mut found = 0;
    let mut too_large = false;
    for connector in &connectors {
        let (from_values, from_texts) = both_ways(connector);
        assert_eq!(from_values, from_texts, "{}", connector.id);
        found += from_values.len();
        too_large |= from_values.iter().any(|f| f.rule == "SwaggerTooLarge");
    }
    println!("{} connectors, {found} findings", connectors.len());
    if support::shared("corpus/powerplatform").is_some() {
        assert!(connectors.len() >= 250, "{} connectors", connectors.len());
        assert!(
            found > 1_000,
            "the rules found only {found} things: a weak comparison"
        );
    }
    assert!(too_large, "no swagger was over the platform's size");
}
