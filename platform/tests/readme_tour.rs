//! The README's five-minute tour must stay true: its spec has exactly the error it shows, the
//! report it prints is the one `check` renders, and the fix it suggests makes the spec clean:
//! no diagnostic from the checker nor from the platform's certification rules, and no finding
//! when the folder it builds is linted.

use std::path::Path;

use codegen::diag::{render_text, RenderStyle};
use codegen::spec::ReadLimits;

fn fenced_block<'a>(readme: &'a str, language: &str) -> &'a str {
    let start = readme
        .find(&format!("```{language}\n"))
        .expect("fenced block")
        + language.len()
        + 4;
    let end = readme[start..].find("```").expect("closing fence") + start;
    &readme[start..end]
}

#[test]
fn readme_tour_matches_the_compiler() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md"))
            .expect("README.md");
    let spec = fenced_block(&readme, "yaml");
    let shown = fenced_block(&readme, "text");

    let outcome = codegen::check_source("hello.yaml", spec, &ReadLimits::default());
    let rendered = render_text(&outcome.diagnostics, RenderStyle::plain());
    assert_eq!(
        rendered.trim_end(),
        shown.trim_end(),
        "the README shows a different report"
    );

    let fixed = spec.replace("returns: Webnar", "returns: Webinar");
    let outcome = connector_platform::platform::check_source_for_platform(
        "hello.yaml",
        fixed.clone(),
        &ReadLimits::default(),
    );
    assert!(
        outcome.diagnostics.is_empty(),
        "{}",
        render_text(&outcome.diagnostics, RenderStyle::plain())
    );
    let connector = outcome.connector.expect("the fixed tour builds");
    let files = connector_platform::emit::folder::connector_files(&connector);
    let text = |name: &str| {
        files
            .iter()
            .find(|f| f.name == name)
            .and_then(|f| std::str::from_utf8(&f.content).ok())
    };
    let findings = connector_platform::lint::lint_texts(
        text(connector_platform::lint::SWAGGER),
        text(connector_platform::lint::PROPERTIES),
    );
    assert!(findings.is_empty(), "{findings:#?}");
}
