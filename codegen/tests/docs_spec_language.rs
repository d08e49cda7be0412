//! `docs/spec-language.md` cannot drift: every ```yaml block that is a whole spec (it has
//! top-level `title:` and `base_url:`) must check clean, with no error and no warning, and the
//! reference part between its markers must be what `codegen::spec_reference_markdown()` generates
//! from the model. Run with `UPDATE_DOCS=1` to rewrite the reference after changing the model.

use std::path::Path;

use codegen::diag::{render_text, RenderStyle};
use codegen::spec::ReadLimits;

const START: &str = "<!-- reference:start -->\n";
const END: &str = "<!-- reference:end -->";

fn guide_path() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/spec-language.md")
}

/// The ```yaml blocks of `text`, with the 1-based line each starts on.
fn yaml_blocks(text: &str) -> Vec<(usize, String)> {
    let mut blocks = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (index, line) in text.lines().enumerate() {
        match &mut current {
            None if line.trim_end() == "```yaml" => current = Some((index + 2, String::new())),
            Some(_) if line.trim_end() == "```" => blocks.extend(current.take()),
            Some((_, block)) => {
                block.push_str(line);
                block.push('\n');
            }
            None => {}
        }
    }
    blocks
}

fn is_whole_spec(block: &str) -> bool {
    block.lines().any(|l| l.starts_with("title:"))
        && block.lines().any(|l| l.starts_with("base_url:"))
}

#[test]
fn every_whole_spec_in_the_guide_checks_clean() {
    let text = std::fs::read_to_string(guide_path()).expect("docs/spec-language.md");
    let blocks = yaml_blocks(&text);
    let specs: Vec<&(usize, String)> = blocks.iter().filter(|(_, b)| is_whole_spec(b)).collect();
    assert!(
        specs.len() >= 10,
        "only {} whole specs in the guide",
        specs.len()
    );
    let mut problems = Vec::new();
    for (line, spec) in specs {
        let outcome = codegen::check_source(
            format!("docs/spec-language.md:{line}"),
            spec.clone(),
            &ReadLimits::default(),
        );
        if !outcome.diagnostics.is_empty() || outcome.connector.is_none() {
            problems.push(render_text(&outcome.diagnostics, RenderStyle::plain()));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_reference_is_generated_from_the_model() {
    let path = guide_path();
    let text = std::fs::read_to_string(&path).expect("docs/spec-language.md");
    let start = text.find(START).expect("reference start marker") + START.len();
    let end = text.find(END).expect("reference end marker");
    assert!(start <= end, "markers out of order");
    let fresh = format!("\n{}", codegen::spec_reference_markdown());
    if std::env::var_os("UPDATE_DOCS").is_some() {
        let updated = format!("{}{fresh}{}", &text[..start], &text[end..]);
        std::fs::write(&path, updated).expect("write the guide");
        return;
    }
    assert!(
        text[start..end] == fresh,
        "the reference in docs/spec-language.md is stale: run \
         `UPDATE_DOCS=1 cargo test -p codegen --test docs_spec_language`"
    );
    for key in [
        "base_url",
        "paginate",
        "per_value_of",
        "notification_url",
        "request_root",
    ] {
        assert!(
            fresh.contains(&format!("| `{key}`")),
            "{key} is not in the reference"
        );
    }
}
