//! The module emitted on several threads is the module formatted in one pass, byte for byte:
//! for the seeds, the example's specs, the hostile spec, random specs from a hostile alphabet
//! and a document of 300 imported operations (more items than threads in every list).

use std::path::Path;

use codegen::emit::rust::{emit_module_on, RustOptions};
use codegen::ir::Connector;

#[path = "../../tests/support/random_spec.rs"]
mod random_spec;

/// The options compared: the default, and per-tag features (every tagged item gated).
fn option_sets() -> [RustOptions; 2] {
    let gated = RustOptions {
        tag_features: true,
        ..RustOptions::default()
    };
    [RustOptions::default(), gated]
}

fn same_on_every_thread_count(name: &str, connector: &Connector) {
    for options in option_sets() {
        let one = emit_module_on(connector, &options, 1).expect("emits on one thread");
        for threads in [2, 3, 8] {
            let many = emit_module_on(connector, &options, threads).expect("emits on threads");
            if many != one {
                let line = one
                    .lines()
                    .zip(many.lines())
                    .position(|(a, b)| a != b)
                    .unwrap_or(one.lines().count().min(many.lines().count()));
                panic!(
                    "{name} on {threads} threads (tag features: {}) differs from line {}",
                    options.tag_features,
                    line + 1
                );
            }
        }
    }
}

fn operations(n: usize) -> String {
    let paths: Vec<String> = (0..n)
        .map(|i| {
            format!(
                "\"/items{i}/{{id}}\": {{\"post\": {{\"operationId\": \"updateItem{i}\", \
                 \"parameters\": [{{\"name\": \"id\", \"in\": \"path\", \"required\": true, \
                 \"schema\": {{\"type\": \"string\"}}}}, {{\"name\": \"q\", \"in\": \"query\", \
                 \"schema\": {{\"type\": \"integer\"}}}}], \"requestBody\": {{\"content\": \
                 {{\"application/json\": {{\"schema\": {{\"type\": \"object\", \"properties\": \
                 {{\"n{i}\": {{\"type\": \"string\"}}}}}}}}}}}}, \"responses\": {{\"200\": \
                 {{\"description\": \"ok\", \"content\": {{\"application/json\": {{\"schema\": \
                 {{\"type\": \"object\", \"properties\": {{\"r{i}\": {{\"type\": \"number\"}}}}}}}}}}}}}}}}}}"
            )
        })
        .collect();
    format!(
        "{{\"openapi\": \"3.0.0\", \"info\": {{\"title\": \"Ops\", \"version\": \"1\"}}, \
         \"servers\": [{{\"url\": \"https://api.example.com\"}}], \"paths\": {{{}}}}}",
        paths.join(", ")
    )
}

#[test]
fn every_spec_emits_the_same_text_on_any_number_of_threads() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let all = codegen::spec_files(&[
        root.join("connectors"),
        root.join("examples/custom-connector/specs"),
        root.join("tests/rust_adversarial"),
    ])
    .expect("the project's spec folders list");
    for spec in all {
        let connector = codegen::check_file(&spec).connector.expect("checks");
        same_on_every_thread_count(&spec.display().to_string(), &connector);
    }
    let mut random = 0;
    for seed in 0..20 {
        let mut rng = random_spec::Rng::new(seed);
        let text = random_spec::spec(&mut rng, &format!("Random {seed}"));
        let outcome =
            codegen::check_source(format!("random_{seed}.yaml"), text, &Default::default());
        if let Some(connector) = outcome
            .connector
            .filter(|_| !outcome.diagnostics.iter().any(|d| d.is_error()))
        {
            same_on_every_thread_count(&format!("random spec {seed}"), &connector);
            random += 1;
        }
    }
    assert!(random >= 10, "only {random} random specs check clean");
    let imported = connector_platform::import::openapi::import(operations(300).as_bytes(), "ops")
        .expect("imports");
    let connector = codegen::check_source("ops.yaml", imported.yaml, &Default::default())
        .connector
        .expect("checks");
    assert_eq!(connector.actions.len(), 300);
    same_on_every_thread_count("300 operations", &connector);
}

/// The corpus documents (skipped when `../shared/corpus` is absent): the OpenAPI documents and
/// every tenth Power Platform connector (all of them take minutes unoptimised), imported, give
/// the same text on one thread and on two. They hold most of the shapes of methods and request
/// builders written straight as text.
#[test]
fn corpus_connectors_emit_the_same_text_on_two_threads() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
    if !root.is_dir() {
        println!("skipped: no corpus at {}", root.display());
        return;
    }
    let mut sources: Vec<std::path::PathBuf> = Vec::new();
    for dir in [
        "openapi",
        "powerplatform/certified-connectors",
        "powerplatform/independent-publisher-connectors",
    ] {
        if let Ok(entries) = std::fs::read_dir(root.join(dir)) {
            let mut found: Vec<_> = entries.map(|e| e.expect("entry").path()).collect();
            found.sort();
            let stride = if dir == "openapi" { 1 } else { 10 };
            sources.extend(found.into_iter().step_by(stride));
        }
    }
    let mut compared = 0;
    for source in &sources {
        let Ok(imported) = connector_platform::import::import_path(source) else {
            continue;
        };
        let outcome = codegen::check_source("corpus.yaml", imported.yaml, &Default::default());
        let Some(connector) = outcome
            .connector
            .filter(|_| !outcome.diagnostics.iter().any(|d| d.is_error()))
        else {
            continue;
        };
        // Per-tag features for the OpenAPI documents (files; connectors are folders), whose
        // operations carry tags.
        let gated = source.is_file();
        for options in &option_sets()[..if gated { 2 } else { 1 }] {
            let one = emit_module_on(&connector, options, 1).expect("emits on one thread");
            let two = emit_module_on(&connector, options, 2).expect("emits on two threads");
            if one != two {
                let line = one.lines().zip(two.lines()).position(|(a, b)| a != b);
                panic!(
                    "{} (tag features: {}) differs from line {:?}",
                    source.display(),
                    options.tag_features,
                    line.map(|l| l + 1)
                );
            }
        }
        compared += 1;
    }
    assert!(
        compared * 2 > sources.len(),
        "only {compared} of {} compared",
        sources.len()
    );
}
