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

#[path = "support/probes.rs"]
mod probes;

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

/// Every corpus connector comes back with every probe where it stood, after these were added:
/// an `x-probe` key on each swagger object that may carry an extension and on each object of
/// `apiProperties.json`, and a description and a label on each parameter, schema, items and
/// header without them. An extension the importer has never heard of, or a label in a place
/// these connectors leave bare, is kept wherever it is written, on connectors nobody here has
/// seen as much as on these.
#[test]
fn power_platform_corpus_keeps_unknown_extensions_everywhere() {
    let Some(root) = corpus("powerplatform") else {
        return;
    };
    let probed = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("probed_corpus");
    let _ = std::fs::remove_dir_all(&probed);
    let mut written = 0;
    let mut unreadable = Vec::new();
    for folder in strict_diff::connector_folders(&root) {
        let relative = folder.strip_prefix(&root).expect("under the corpus");
        let target = probed.join(relative);
        std::fs::create_dir_all(&target).expect("creates");
        for entry in std::fs::read_dir(&folder).expect("lists") {
            let path = entry.expect("entry").path();
            if path.is_file() {
                std::fs::copy(&path, target.join(path.file_name().expect("named")))
                    .expect("copies");
            }
        }
        let swagger = target.join("apiDefinition.swagger.json");
        match strict_diff::read_json(&swagger) {
            Some(mut doc) => {
                written += probes::probe_document(&mut doc);
                let text = serde_json::to_string_pretty(&doc).expect("writes");
                std::fs::write(&swagger, text).expect("writes");
            }
            None => unreadable.push(relative.display().to_string()),
        }
        let properties = target.join("apiProperties.json");
        if let Some(mut doc) = strict_diff::read_json(&properties) {
            written += probes::probe_properties(&mut doc, written);
            let text = serde_json::to_string_pretty(&doc).expect("writes");
            std::fs::write(&properties, text).expect("writes");
        }
    }
    let report = Report::run(&probed, &ImportOptions::default());
    println!("{written} probes; not probed (unreadable): {unreadable:?}");
    println!("{}", report.table());
    let (total, imported, checked, exact) = report.counts();
    assert!(unreadable.is_empty());
    assert_eq!((imported, checked), (total, total));
    let lost: Vec<String> = report
        .outcomes
        .iter()
        .flat_map(|o| {
            o.differences.iter().filter(|d| !d.allowed()).map(move |d| {
                format!(
                    "{}: {:?} {}: {} → {}",
                    o.name,
                    d.kind,
                    d.location(),
                    d.before,
                    d.after
                )
            })
        })
        .take(40)
        .collect();
    assert_eq!(exact, total, "differences (first 40): {lost:#?}");
    let _ = std::fs::remove_dir_all(&probed);
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
