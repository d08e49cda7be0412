//! Per-tag cargo features (`RustOptions::tag_features`) on the ClickMeeting seed, whose actions
//! carry tags: each tagged action's method and request builder is gated by its tags' features,
//! a type only one tag's actions use is gated by that feature, a type several tags use by all
//! of theirs, and nothing is gated without the option. That a client compiled for one tag is
//! clean under clippy is checked in the root crate's `tests/generated_compile.rs`.

use std::path::Path;

use codegen::emit::rust::{emit_module, tag_feature, RustOptions};

fn seed() -> codegen::ir::Connector {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../connectors/clickmeeting.yaml");
    codegen::check_file(&path)
        .connector
        .expect("the ClickMeeting seed checks")
}

/// The `#[cfg(...)]` line right above the line holding `item`, if any.
fn gate_of<'a>(code: &'a str, item: &str) -> Option<&'a str> {
    let lines: Vec<&str> = code.lines().collect();
    let at = lines.iter().position(|l| l.contains(item))?;
    lines[..at]
        .iter()
        .rev()
        .take_while(|l| {
            let t = l.trim_start();
            t.starts_with("///") || t.starts_with("#[")
        })
        .find(|l| l.trim_start().starts_with("#[cfg("))
        .map(|l| l.trim())
}

#[test]
fn tag_features_gate_methods_builders_and_the_types_only_they_use() {
    let connector = seed();
    let options = RustOptions {
        tag_features: true,
        ..RustOptions::default()
    };
    let code = emit_module(&connector, &options).expect("emits");
    syn::parse_file(&code).expect("parses");
    assert_eq!(tag_feature("Zoom Rooms"), "tag-zoom-rooms");
    let mut gated = 0;
    for action in &connector.actions {
        let Some(tag) = action.tags.first() else {
            continue;
        };
        let want = format!("#[cfg(feature = \"{}\")]", tag_feature(tag));
        let method = format!(
            "pub async fn {}(",
            codegen::names::snake_ident(&action.name)
        );
        let builder = format!(
            "pub(super) fn {}(",
            codegen::names::snake_ident(&action.name)
        );
        if !code.contains(&method) {
            continue;
        }
        assert_eq!(gate_of(&code, &method), Some(want.as_str()), "{method}");
        assert_eq!(gate_of(&code, &builder), Some(want.as_str()), "{builder}");
        gated += 1;
    }
    assert!(gated >= 20, "only {gated} methods checked");
    // Types: some gated by one tag, some by several; the connection never.
    let type_gates: Vec<&str> = code
        .lines()
        .filter(|l| l.starts_with("    pub struct ") || l.starts_with("    pub enum "))
        .filter_map(|l| gate_of(&code, l))
        .collect();
    assert!(
        type_gates.contains(&"#[cfg(feature = \"tag-files\")]"),
        "{type_gates:?}"
    );
    assert!(
        type_gates
            .iter()
            .any(|g| g.matches("feature =").count() > 1),
        "{type_gates:?}"
    );
    assert_eq!(gate_of(&code, "pub struct Connection"), None);
    let plain = emit_module(&connector, &RustOptions::default()).expect("emits");
    assert!(
        !plain.contains("#[cfg("),
        "nothing is gated without the option"
    );
}
