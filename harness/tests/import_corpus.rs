//! The importers over the real corpus in `../shared/corpus/` (skipped when it is absent): every
//! Power Platform connector imports, checks without an error, and comes back from the Power
//! Platform emitter as the same two files, compared whole by the strict oracle in
//! `support/strict_diff.rs`; the OpenAPI documents import and check clean.
//!
//! The table: `cargo test -p connector-harness --test import_corpus -- --nocapture`, or
//! `cargo run -p connector-harness --example roundtrip -- --verbose` for every difference.

use std::path::PathBuf;

use codegen::spec::ReadLimits;
use connector_platform::import::ImportOptions;

#[path = "support/strict_diff.rs"]
mod strict_diff;

use strict_diff::Report;

/// Connectors of the corpus that must come back with no difference (measured; the goal is 97%).
const EXACT_FLOOR: usize = 263;

fn corpus(kind: &str) -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/corpus")
        .join(kind);
    if dir.is_dir() {
        Some(dir)
    } else {
        println!("skipped: no corpus at {}", dir.display());
        None
    }
}

#[test]
fn power_platform_corpus_round_trips() {
    let Some(root) = corpus("powerplatform") else {
        return;
    };
    let report = Report::run(&root, &ImportOptions::default());
    println!("{}", report.table());
    let (total, imported, checked, exact) = report.counts();
    let failed: Vec<_> = report
        .outcomes
        .iter()
        .filter_map(|o| o.failure.as_ref().map(|f| format!("{}: {f}", o.name)))
        .collect();
    assert!(failed.is_empty(), "import or check failed: {failed:#?}");
    assert_eq!((imported, checked), (total, total));
    // The issue asks for 97% of the connectors back with no difference; the measured count is
    // 256 of 263 (97.3%), so the floor is that count: fewer fails.
    assert!(exact >= EXACT_FLOOR.min(total), "exact {exact}/{total}");
}

#[test]
fn openapi_corpus_imports_and_checks_clean() {
    let Some(root) = corpus("openapi") else {
        return;
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("lists")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    for file in files {
        let imported = connector_platform::import::import_path(&file)
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let outcome = codegen::check_source(
            format!("{}.yaml", imported.suggested_id),
            imported.yaml,
            &ReadLimits::default(),
        );
        let report =
            codegen::diag::render_text(&outcome.diagnostics, codegen::diag::RenderStyle::plain());
        assert!(
            outcome.diagnostics.is_empty(),
            "{}:\n{report}",
            file.display()
        );
        assert!(outcome.connector.is_some());
    }
}

/// The oracle itself: it forgives exactly key order, `$ref` inlining and the listed empty
/// containers, and reports everything else with its pointer and class.
#[test]
fn strict_oracle_reports_every_other_difference() {
    use serde_json::json;
    use strict_diff::{diff_file, File};
    let original = json!({
        "paths": {"/a/": {"get": {
            "parameters": [{"$ref": "#/parameters/q"}],
            "responses": {"200": {"description": "OK"}, "400": {"description": "Bad"}}
        }}},
        "parameters": {"q": {"name": "q", "in": "query", "type": "string"}},
        "security": []
    });
    let same = json!({
        "paths": {"/a/": {"get": {
            "responses": {"400": {"description": "Bad"}, "200": {"description": "OK"}},
            "parameters": [{"in": "query", "type": "string", "name": "q"}]
        }}},
        "definitions": {}
    });
    assert_eq!(diff_file(File::Swagger, &original, &same), vec![]);
    let changed = json!({
        "paths": {"/a": {"get": {
            "parameters": [{"name": "q", "in": "query", "type": "string", "x-ms-summary": "Q"}],
            "responses": {"200": {"description": "OK"}}
        }}}
    });
    let found: Vec<(String, String)> = diff_file(File::Swagger, &original, &changed)
        .into_iter()
        .map(|d| (d.class, d.pointer))
        .collect();
    assert_eq!(
        found,
        vec![
            ("paths".to_owned(), "/paths/~1a".to_owned()),
            ("paths".to_owned(), "/paths/~1a~1".to_owned()),
        ]
    );
    let mut inner = changed.clone();
    inner["paths"]["/a/"] = inner["paths"]["/a"].take();
    inner["paths"].as_object_mut().unwrap().remove("/a");
    let mut found: Vec<(String, String)> = diff_file(File::Swagger, &original, &inner)
        .into_iter()
        .map(|d| (d.class, d.pointer))
        .collect();
    found.sort();
    assert_eq!(
        found,
        vec![
            (
                "responses".to_owned(),
                "/paths/~1a~1/get/responses/400".to_owned()
            ),
            (
                "x-ms-summary".to_owned(),
                "/paths/~1a~1/get/parameters/0/x-ms-summary".to_owned()
            ),
        ]
    );
}
