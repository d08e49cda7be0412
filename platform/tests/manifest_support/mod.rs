//! Helpers shared by the manifest and lint tests: where the workspace, the specs and the shared
//! reference material are, and the connectors compiled in memory.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use codegen::ir::Connector;

/// The workspace root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the crate sits in the workspace")
        .to_path_buf()
}

/// `../shared/<rel>` relative to the workspace root, or `None` (after printing one line) when
/// it is absent.
pub fn shared(rel: &str) -> Option<PathBuf> {
    let path = workspace().join("../shared").join(rel);
    if path.exists() {
        Some(path)
    } else {
        println!("skipped: {} is absent", path.display());
        None
    }
}

/// Every spec in `connectors/` that checks without errors, compiled.
pub fn clean_connectors() -> Vec<Connector> {
    let dir = workspace().join("connectors");
    let files = codegen::spec_files(&[dir]).unwrap_or_default();
    files
        .iter()
        .filter_map(|file| {
            let outcome = codegen::check_file(file);
            if outcome.has_errors() {
                println!("not clean yet: {}", file.display());
                None
            } else {
                outcome.connector
            }
        })
        .collect()
}

/// Removes `//` and `/* */` comments from JSONC, leaving strings alone.
pub fn strip_jsonc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            if c == '\\' {
                if let Some(next) = chars.next() {
                    out.push(next);
                }
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        match (c, chars.peek()) {
            ('"', _) => {
                in_string = true;
                out.push(c);
            }
            ('/', Some('/')) => {
                for next in chars.by_ref() {
                    if next == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            ('/', Some('*')) => {
                chars.next();
                let mut prev = ' ';
                for next in chars.by_ref() {
                    if prev == '*' && next == '/' {
                        break;
                    }
                    prev = next;
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// Reads a JSONC schema from `../shared/powerplatform/schemas/`.
pub fn platform_schema(name: &str) -> Option<serde_json::Value> {
    let path = shared(&format!("powerplatform/schemas/{name}"))?;
    let text = std::fs::read_to_string(&path).expect("schema readable");
    let mut schema = serde_json::from_str(&strip_jsonc(&text)).expect("schema is JSONC");
    encode_refs(&mut schema);
    Some(schema)
}

/// Percent-encodes the `<` and `>` the platform schemas use in definition names, so that their
/// `$ref`s are valid URI references (the fragment is decoded again when resolved).
fn encode_refs(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                if key == "$ref" {
                    if let serde_json::Value::String(s) = child {
                        *s = s.replace('<', "%3C").replace('>', "%3E");
                    }
                } else {
                    encode_refs(child);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(encode_refs),
        _ => {}
    }
}

/// A spec from `platform/tests/manifest_specs/`, checked; panics with the diagnostics on errors.
pub fn test_spec(name: &str) -> Connector {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../platform/tests/manifest_specs")
        .join(name);
    let outcome = codegen::check_file(&path);
    assert!(
        !outcome.has_errors(),
        "{}",
        codegen::diag::render_text(&outcome.diagnostics, codegen::diag::RenderStyle::plain())
    );
    outcome.connector.expect("a clean spec yields a connector")
}
