//! The OpenAPI documents of `../shared/corpus/openapi/` (skipped when it is absent), imported
//! with the choices a person gives on the command line (metadata, `--fix`, and for Zoom a tag),
//! checked, emitted as Power Platform folders and linted: they must certify with no finding at
//! all. Without `--fix` the import is faithful, and the findings are the repairs it names. The
//! whole Zoom document is linted too, to keep visible what stays true about it.

use std::collections::BTreeMap;
use std::path::PathBuf;

use connector_platform::import::{import_path_with, ImportOptions};
use connector_platform::lint::{lint_texts, Severity};

fn corpus() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/openapi");
    if dir.is_dir() {
        Some(dir)
    } else {
        println!("skipped: no corpus at {}", dir.display());
        None
    }
}

/// What the person importing supplies: the documents give no privacy policy or category, and
/// the GoTo documents no website; `--fix` for the repairs certification wants.
fn options(website: Option<&str>, tags: &[&str]) -> ImportOptions {
    ImportOptions {
        fix: true,
        website: website.map(str::to_owned),
        privacy_policy: Some("https://example.com/privacy".into()),
        categories: vec!["Collaboration".into()],
        tags: tags.iter().map(|t| (*t).to_owned()).collect(),
        ..Default::default()
    }
}

/// Imports, checks (no error), emits and lints; the findings as `rule → count` per severity,
/// with the import's warnings.
fn lint_import(
    file: &str,
    options: &ImportOptions,
) -> (BTreeMap<(Severity, &'static str), usize>, Vec<String>) {
    let path = corpus().expect("corpus").join(file);
    let imported = import_path_with(&path, options).expect("imports");
    let spec = format!("{}.yaml", imported.suggested_id);
    let outcome = codegen::check_source(spec, imported.yaml, &Default::default());
    assert!(!outcome.has_errors(), "{file}: {:#?}", outcome.diagnostics);
    let connector = outcome.connector.expect("checked");
    let files = connector_platform::emit::powerplatform::emit(&connector);
    let mut counts = BTreeMap::new();
    for finding in lint_texts(Some(&files.swagger), Some(&files.properties)) {
        *counts.entry((finding.severity, finding.rule)).or_insert(0) += 1;
    }
    let warnings = imported.warnings.iter().map(ToString::to_string).collect();
    (counts, warnings)
}

#[test]
fn goto_meeting_certifies_clean() {
    if corpus().is_none() {
        return;
    }
    let (findings, warnings) = lint_import(
        "gotomeeting.oas3.yml",
        &options(Some("https://developer.goto.com"), &[]),
    );
    assert_eq!(findings, BTreeMap::new());
    // The title lost its `API` on the way, with a warning at /info/title.
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("/info/title:") && w.contains("`GoToMeeting REST`")),
        "{warnings:#?}"
    );
}

#[test]
fn goto_webinar_certifies_clean() {
    if corpus().is_none() {
        return;
    }
    let (findings, _) = lint_import(
        "gotowebinar.oas3.yml",
        &options(Some("https://developer.goto.com"), &[]),
    );
    assert_eq!(findings, BTreeMap::new());
}

#[test]
fn zoom_meetings_certify_clean() {
    if corpus().is_none() {
        return;
    }
    // The document's contact gives the website; the Meetings tag keeps 40 of 312 operations.
    let (findings, warnings) = lint_import("zoom-meeting.oas3.json", &options(None, &["Meetings"]));
    assert_eq!(findings, BTreeMap::new());
    assert!(
        !warnings.iter().any(|w| w.contains("--website")),
        "{warnings:#?}"
    );
}

#[test]
fn the_whole_zoom_document_is_too_large_for_the_platform() {
    if corpus().is_none() {
        return;
    }
    let (findings, _) = lint_import("zoom-meeting.oas3.json", &options(None, &[]));
    let expected = BTreeMap::from([
        // True: the emitted swagger of all 312 operations is about 2 MB; the platform imports
        // at most 1 MiB. Selecting operations (`--tag`, `--operation`) is the way out.
        ((Severity::Error, "SwaggerTooLarge"), 1),
        // True facts about the document: 10 operations answer 200 and 3 answer 201 with no
        // body described, so the designer can show no outputs for them. None of them carries
        // the Meetings tag.
        ((Severity::Warning, "SchemaDefinitionSetIncorrectly"), 13),
    ]);
    assert_eq!(findings, expected);
}

#[test]
fn without_options_the_missing_metadata_is_warned_about_with_its_flag() {
    if corpus().is_none() {
        return;
    }
    let path = corpus().unwrap().join("gotomeeting.oas3.yml");
    let imported = connector_platform::import::import_path(&path).expect("imports");
    let warnings: Vec<String> = imported.warnings.iter().map(ToString::to_string).collect();
    for flag in ["--website URL", "--privacy-policy URL", "--category NAME"] {
        assert!(
            warnings.iter().any(|w| w.contains(flag)),
            "{flag}: {warnings:#?}"
        );
    }
    // Nothing is invented: the spec has no metadata URL the document did not give.
    assert!(
        !imported.yaml.contains("privacy_policy"),
        "{}",
        imported.yaml
    );
    assert!(!imported.yaml.contains("website"), "{}", imported.yaml);
}

#[test]
fn without_fix_the_import_is_faithful_and_lint_finds_what_fix_repairs() {
    if corpus().is_none() {
        return;
    }
    let faithful = ImportOptions {
        fix: false,
        ..options(Some("https://developer.goto.com"), &[])
    };
    let (findings, warnings) = lint_import("gotomeeting.oas3.yml", &faithful);
    // The title keeps its `API` and the operation ids their camelCase (29 operations); each
    // is warned about at its pointer with what `--fix` would do.
    assert_eq!(
        findings,
        BTreeMap::from([
            ((Severity::Warning, "OperationIdNotPascalCase"), 29),
            ((Severity::Error, "ValueContainsRestrictedWords"), 1),
        ])
    );
    assert!(
        warnings.iter().any(|w| w.starts_with("/info/title:")
            && w.contains("`--fix` removes it")
            && w.contains("`GoToMeeting REST`")),
        "{warnings:#?}"
    );
    let renames = warnings
        .iter()
        .filter(|w| w.contains("/operationId: operation id") && w.contains("`--fix` renames it"))
        .count();
    assert_eq!(renames, 29, "{warnings:#?}");
}
