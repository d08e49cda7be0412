//! The importers over the real corpus in `../shared/corpus/` (skipped when it is absent):
//! every Power Platform connector imports without a panic and round-trips through check and
//! the Power Platform emitter; the OpenAPI documents import and check clean.
//!
//! The table: `cargo test -p connector-harness --test import_corpus -- --nocapture`, or
//! `cargo run -p connector-harness --example roundtrip -- --verbose` for every difference.

use std::path::PathBuf;

use codegen::spec::ReadLimits;
use connector_harness::roundtrip::Report;

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
    let report = Report::run(&root);
    println!("{}", report.table());
    let total = report.outcomes.len();
    let panics: Vec<_> = report
        .outcomes
        .iter()
        .filter(|o| o.failure.as_deref() == Some("panic"))
        .map(|o| o.folder.display().to_string())
        .collect();
    assert!(panics.is_empty(), "the importer panicked on {panics:#?}");
    let imported = report.outcomes.iter().filter(|o| o.imported).count();
    let checked = report.outcomes.iter().filter(|o| o.checked).count();
    let exact = report.outcomes.iter().filter(|o| o.exact()).count();
    // Regression floors, below the measured rates (see the table).
    assert!(imported * 100 >= total * 99, "imported {imported}/{total}");
    assert!(checked * 100 >= total * 98, "checked {checked}/{total}");
    assert!(exact * 100 >= total * 99, "exact {exact}/{total}");
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
