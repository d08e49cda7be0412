//! Golden copies of the manifests of the seed connectors (`cargo insta review` after a change).

mod manifest_support;

use connector_platform::emit::folder::connector_files;

#[test]
fn seed_connector_manifests() {
    for connector in manifest_support::clean_connectors() {
        for file in connector_files(&connector) {
            // Binary files (the icon) are compared through generated/ by manifest_stale.
            let Some(text) = file.text() else { continue };
            let name = format!("{}__{}", connector.id, file.name);
            insta::assert_snapshot!(name, text);
        }
    }
}

#[test]
fn feature_spec_manifests() {
    for spec in ["acme.yaml", "xmlsvc.yaml", "loginsvc.yaml", "dynsvc.yaml"] {
        let connector = manifest_support::test_spec(spec);
        for file in connector_files(&connector) {
            // Binary files (the icon) are compared through generated/ by manifest_stale.
            let Some(text) = file.text() else { continue };
            let name = format!("{}__{}", connector.id, file.name);
            insta::assert_snapshot!(name, text);
        }
    }
}
