//! The importers' YAML is the spec model's own writing: for every corpus connector and OpenAPI
//! document (skipped when `../shared/corpus` is absent), the imported YAML read into a
//! `ConnectorSpec` and written by `codegen::spec::write_spec` is the imported text byte for byte,
//! and reading the written text again gives an equal model. The fast spec reader takes every
//! imported text, to the model, spans and diagnostics serde-saphyr reads from it; and each
//! checks to the same connector and diagnostics with its actions checked in two halves at once
//! as in turn.

use std::path::{Path, PathBuf};

use codegen::diag::SourceFile;
use codegen::spec::{
    fast_read, read_spec, read_spec_by_saphyr, write_spec, ConnectorSpec, ReadLimits,
};
use connector_platform::import::{import_path, DEFAULT_SCHEMA_PATH};

fn corpus() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
    if dir.is_dir() {
        Some(dir)
    } else {
        println!("skipped: no corpus at {}", dir.display());
        None
    }
}

/// What differs between the imported text and the model's writing of it, if anything.
fn difference(name: &str, imported: &str) -> Option<String> {
    let read = |text: &str| {
        let file = SourceFile::new(PathBuf::from(format!("{name}.yaml")), text.to_owned());
        read_spec(&file, &ReadLimits::default())
    };
    let spec = match read(imported) {
        Ok(spec) => spec,
        Err(e) => return Some(format!("{name}: the imported spec does not read: {e:?}")),
    };
    let body = match write_spec(&spec) {
        Ok(body) => body,
        Err(e) => return Some(format!("{name}: the model does not write: {e}")),
    };
    let written = format!("# yaml-language-server: $schema={DEFAULT_SCHEMA_PATH}\n{body}");
    if written != imported {
        let at = imported
            .lines()
            .zip(written.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(imported.lines().count().min(written.lines().count()));
        let show = |t: &str| {
            t.lines()
                .skip(at.saturating_sub(3))
                .take(6)
                .collect::<Vec<_>>()
                .join("\n")
        };
        return Some(format!(
            "{name}: line {}:\nimported:\n{}\nwritten:\n{}",
            at + 1,
            show(imported),
            show(&written)
        ));
    }
    match read(&written) {
        Ok(again) if again == spec => None,
        Ok(_) => Some(format!("{name}: the written spec reads to another model")),
        Err(e) => Some(format!("{name}: the written spec does not read: {e:?}")),
    }
}

/// What the fast reader reads otherwise than serde-saphyr from an imported text, if anything.
fn fast_difference(name: &str, imported: &str) -> Option<String> {
    let limits = ReadLimits::default();
    let Some(fast) = fast_read::<ConnectorSpec>(imported, &limits) else {
        return Some(format!(
            "{name}: the fast reader leaves the imported text to serde-saphyr"
        ));
    };
    let file = SourceFile::new(PathBuf::from(format!("{name}.yaml")), imported.to_owned());
    let Ok(slow) = read_spec_by_saphyr(&file, &limits) else {
        return Some(format!(
            "{name}: serde-saphyr refuses what the fast reader read"
        ));
    };
    if format!("{fast:?}") != format!("{slow:?}") {
        return Some(format!("{name}: the two readers give different models"));
    }
    let fast = codegen::check_read(&fast, &file, name);
    let slow = codegen::check_read(&slow, &file, name);
    if format!("{:?}", fast.diagnostics) != format!("{:?}", slow.diagnostics) {
        return Some(format!(
            "{name}: the two readers' models check to other diagnostics"
        ));
    }
    None
}

/// Whether the imported spec checks to another connector or other diagnostics when its actions
/// are checked in two halves at once (cut in the middle, whatever their number) than in turn.
fn halves_difference(name: &str, imported: &str) -> Option<String> {
    let file = SourceFile::new(PathBuf::from(format!("{name}.yaml")), imported.to_owned());
    let spec = read_spec(&file, &ReadLimits::default()).ok()?;
    let check = |split| {
        let checked = codegen::check_read_splitting_from(&spec, &file, name, split);
        (checked.connector, format!("{:?}", checked.diagnostics))
    };
    (check(usize::MAX) != check(1)).then(|| {
        format!("{name}: the actions checked in two halves give another outcome than in turn")
    })
}

fn sources(root: &Path) -> Vec<PathBuf> {
    let mut all = connector_harness::sample::connector_folders(&root.join("powerplatform"));
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("openapi"))
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.sort();
    all.extend(files);
    all
}

#[test]
fn imported_yaml_is_the_models_writing() {
    let Some(root) = corpus() else {
        return;
    };
    let mut failures = Vec::new();
    let mut total = 0;
    for source in sources(&root) {
        let name = source
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let Ok(imported) = import_path(&source) else {
            continue;
        };
        total += 1;
        if let Some(d) = difference(&name, &imported.yaml) {
            failures.push(d);
        }
        if let Some(d) = fast_difference(&name, &imported.yaml) {
            failures.push(d);
        }
        if let Some(d) = halves_difference(&name, &imported.yaml) {
            failures.push(d);
        }
    }
    println!(
        "{} of {total} imported specs are the model's writing",
        total - failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {total} differ; the first ones:\n{}",
        failures.len(),
        failures
            .iter()
            .take(5)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n\n")
    );
    assert!(total > 0, "the corpus holds no source");
}
