//! The committed JSON Schema of the spec language must match the model it is generated from.
//! Run with `UPDATE_SCHEMA=1` to rewrite it after changing the model.

use std::path::Path;

#[test]
fn committed_schema_matches_the_model() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("connector.schema.json");
    let fresh = codegen::spec_schema_json();
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &fresh).expect("write schema");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "codegen/connector.schema.json is stale: run `UPDATE_SCHEMA=1 cargo test -p codegen --test schema_fresh`"
    );
}

#[test]
fn every_seed_spec_points_editors_at_the_schema() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../connectors");
    for entry in std::fs::read_dir(dir).expect("connectors/") {
        let path = entry.expect("entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("yaml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("read spec");
        assert_eq!(
            text.lines().next(),
            Some("# yaml-language-server: $schema=../codegen/connector.schema.json"),
            "{} must start with the schema comment",
            path.display()
        );
    }
}
