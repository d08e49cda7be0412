//! `connectorc rust --import` checks the imported spec in memory, without its text. Over the real
//! corpus in `../shared/corpus/` (skipped when it is absent), with and without `--fix`, that must
//! give what `connectorc import` followed by `connectorc rust` gives: the same connector (the
//! Rust emitter reads nothing else), the same warnings and the same rendered diagnostics, or the
//! same import error.

use std::path::{Path, PathBuf};

use codegen::diag::{render_text, RenderStyle};
use codegen::spec::ReadLimits;
use connector_platform::import::{
    import_path_connector, import_path_with, suggest_id, ImportOptions,
};

fn inputs() -> Option<Vec<PathBuf>> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
    if !root.is_dir() {
        println!("skipped: no corpus at {}", root.display());
        return None;
    }
    let entries = |dir: PathBuf| -> Vec<PathBuf> {
        let mut found: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|entry| entry.expect("a folder entry").path())
            .collect();
        found.sort();
        found
    };
    let mut all = entries(root.join("openapi"));
    for group in entries(root.join("powerplatform")) {
        all.extend(entries(group).into_iter().filter(|p| p.is_dir()));
    }
    Some(all)
}

/// The spec file name `connectorc import` is given for `input`, as the importer names it.
fn spec_name(input: &Path) -> String {
    let file = input.file_name().expect("a named input").to_string_lossy();
    if input.is_dir() {
        suggest_id(&file)
    } else {
        file.split('.').next().unwrap_or("connector").to_owned()
    }
}

#[test]
fn the_in_memory_connector_is_the_written_specs() {
    compare_over_the_corpus(false);
}

#[test]
fn the_in_memory_connector_is_the_written_specs_with_fix() {
    compare_over_the_corpus(true);
}

fn compare_over_the_corpus(fix: bool) {
    let Some(inputs) = inputs() else {
        return;
    };
    let (mut in_memory, mut through_text, mut refused) = (0, 0, 0);
    for input in &inputs {
        let options = ImportOptions {
            fix,
            ..ImportOptions::default()
        };
        let at = format!("{} (fix: {fix})", input.display());
        match (
            import_path_with(input, &options),
            import_path_connector(input, &options),
        ) {
            (Ok(written), Ok(memory)) => {
                assert_eq!(written.warnings, memory.warnings, "{at}: warnings");
                assert_eq!(written.suggested_id, memory.suggested_id, "{at}");
                let path = format!("{}.yaml", spec_name(input));
                let read = codegen::check_source(path, written.yaml, &ReadLimits::default());
                assert!(
                    read.connector == memory.outcome.connector,
                    "{at}: the connectors differ"
                );
                let style = RenderStyle::plain();
                assert_eq!(
                    render_text(&read.diagnostics, style),
                    render_text(&memory.outcome.diagnostics, style),
                    "{at}: diagnostics"
                );
                assert!(memory.outcome.connector.is_some(), "{at}: no connector");
                if read.diagnostics.is_empty() {
                    in_memory += 1;
                } else {
                    through_text += 1;
                }
            }
            (Err(a), Err(b)) => {
                assert_eq!(a.to_string(), b.to_string(), "{at}: errors");
                refused += 1;
            }
            (a, b) => panic!(
                "{at}: written {:?}, in memory {:?}",
                a.map(|_| "imported"),
                b.map(|_| "imported")
            ),
        }
    }
    println!(
        "{} imports (fix: {fix}): {in_memory} checked in memory without a diagnostic, \
         {through_text} with diagnostics (checked as written), {refused} refused by both",
        inputs.len()
    );
    assert!(in_memory > 0, "the in-memory check was never taken");
}
