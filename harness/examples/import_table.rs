//! Imports each OpenAPI document of `../shared/corpus/openapi` (or the documents given) and
//! prints one Markdown row per document and mode (as written, `--fix`): operations imported,
//! paged operations, the import's warnings by kind, the check's result, and the lint findings of
//! the emitted Power Platform folder when the metadata flags are given.
//!
//! ```text
//! cargo run -p connector-harness --example import_table [-- DOC …]
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use connector_platform::import::{import_path_with, ImportOptions, Warning};
use connector_platform::lint::{lint_texts, Severity};

fn main() {
    let mut documents: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    if documents.is_empty() {
        let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/openapi");
        let Ok(entries) = std::fs::read_dir(&corpus) else {
            println!("skipped: no corpus at {}", corpus.display());
            return;
        };
        documents = entries.flatten().map(|e| e.path()).collect();
        documents.sort();
    }
    println!("| document | mode | operations | paged | warnings by kind | check | lint errors / warnings (with metadata flags) |");
    println!("|---|---|---|---|---|---|---|");
    for document in &documents {
        for fix in [false, true] {
            row(document, fix);
        }
    }
}

fn row(document: &Path, fix: bool) {
    let name = document
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mode = if fix { "--fix" } else { "as written" };
    let plain = ImportOptions {
        fix,
        ..Default::default()
    };
    let imported = match import_path_with(document, &plain) {
        Ok(imported) => imported,
        Err(error) => {
            println!("| {name} | {mode} | not imported: {error} | | | | |");
            return;
        }
    };
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    for warning in &imported.warnings {
        *kinds.entry(kind(warning)).or_default() += 1;
    }
    let kinds = kinds
        .iter()
        .map(|(k, n)| format!("{k} {n}"))
        .collect::<Vec<_>>()
        .join(", ");
    let outcome = codegen::check_source("doc.yaml", imported.yaml.clone(), &Default::default());
    let errors = outcome.diagnostics.iter().filter(|d| d.is_error()).count();
    let check = format!(
        "{errors} errors, {} warnings",
        outcome.diagnostics.len() - errors
    );
    let (operations, paged) = outcome
        .connector
        .as_ref()
        .map(|c| {
            (
                c.actions.len(),
                c.actions.iter().filter(|a| a.paginate.is_some()).count(),
            )
        })
        .unwrap_or_default();
    // What a person certifying the connector gives on the command line.
    let flagged = ImportOptions {
        fix,
        website: Some("https://example.com".into()),
        privacy_policy: Some("https://example.com/privacy".into()),
        categories: vec!["Collaboration".into()],
        ..Default::default()
    };
    let lint = import_path_with(document, &flagged)
        .ok()
        .map(|imported| codegen::check_source("doc.yaml", imported.yaml, &Default::default()))
        .and_then(|outcome| outcome.connector)
        .map(|connector| {
            let files = connector_platform::emit::powerplatform::emit(&connector);
            let findings = lint_texts(Some(&files.swagger), Some(&files.properties));
            let mut rules: BTreeMap<(Severity, &str), usize> = BTreeMap::new();
            for f in &findings {
                *rules.entry((f.severity, f.rule)).or_default() += 1;
            }
            let errors: usize = rules
                .iter()
                .filter(|((s, _), _)| *s == Severity::Error)
                .map(|(_, n)| n)
                .sum();
            let detail = rules
                .iter()
                .map(|((_, rule), n)| format!("{rule} {n}"))
                .collect::<Vec<_>>()
                .join(", ");
            format!("{errors} / {} ({detail})", findings.len() - errors)
        })
        .unwrap_or_else(|| "not emitted".into());
    println!("| {name} | {mode} | {operations} | {paged} | {kinds} | {check} | {lint} |");
}

/// A warning's kind, from what its message is about.
fn kind(warning: &Warning) -> &'static str {
    let m = warning.message.as_str();
    let p = warning.pointer.as_str();
    if m.starts_with("paging inferred") || m.contains("not paged") {
        "paging"
    } else if p.starts_with("/components/securitySchemes") || m.contains("--auth") {
        "auth"
    } else if p.starts_with("/servers") {
        "server"
    } else if m.starts_with("format `") {
        "format"
    } else if p == "/info/title" {
        "title"
    } else if m.contains("which the platform requires") {
        "metadata"
    } else if m.contains("oneOf") || m.contains("anyOf") || m.contains("allOf") {
        "union"
    } else if m.contains("required") {
        "required"
    } else if m.contains("enum") {
        "enum"
    } else if m.contains("default") {
        "default"
    } else if m.contains("operationId") || m.contains("operation id") {
        "operation id"
    } else if m.contains("parameter") {
        "parameter"
    } else if m.contains("content") {
        "answer"
    } else {
        "other"
    }
}
