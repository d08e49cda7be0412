//! Invisible characters in spec text: control characters in one-line fields are errors, and
//! bidirectional controls and other control characters in prose never reach an output (the
//! Trojan Source carrier, and `rustc` rejects them in doc comments).

use codegen::diag::Code;
use codegen::spec::ReadLimits;

/// Every prose place of a spec carries a right-to-left override, an ESC and a BEL (written as
/// YAML escapes, which is how they reach a spec).
const PROSE: &str = r#"
title: Hostile
description: "Connector \u202Eevil\u202C text \e[2J\a"
base_url: https://api.example.com
connection:
  region: { type: string, summary: Region, description: "Where \u2066it\u2069 runs" }
limits:
  - { name: calls, calls: 10, per: 60s, description: "Limit \u202Enote" }
objects:
  Item:
    description: "An item \u202Eevil"
    fields:
      id: { type: string, description: "Id \u202E\e[31m", example: "ex\u202Eample" }
      kind:
        enum: { a: "Label \u202Eone", b: "Label \a two" }
      tags:
        list: { type: string, description: "Tag \u2067x\u2069" }
actions:
  ListItems:
    summary: List items
    description: "Lists items \u202Eand deletes them"
    extensions: { x-ms-note: "note \u202E\e[2J" }
    request: GET /items
    params:
      q: { type: string, description: "Query \u202E" }
    response:
      status: 200
      description: "Items \u202E"
      type: { list: Item, description: "The items \u202E" }
triggers:
  OnItem:
    summary: When an item appears
    description: "Fires \u202E"
    poll: { action: ListItems, identity: id }
"#;

fn forbidden(text: &str) -> Option<char> {
    text.chars()
        .find(|c| codegen::check::is_forbidden_in_line(*c) && !matches!(c, '\n' | '\t'))
}

#[test]
fn prose_reaches_no_output_with_invisible_characters() {
    let outcome = codegen::check_source("hostile.yaml", PROSE, &ReadLimits::default());
    let errors: Vec<_> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert!(
        outcome
            .diagnostics
            .iter()
            .any(|d| d.code == Code::InvisibleCharacter),
        "the removal is warned about"
    );
    let connector = outcome.connector.expect("checks");
    let module = codegen::emit::rust::emit_module(&connector, &Default::default()).expect("Rust");
    let platform = connector_platform::emit::powerplatform::emit(&connector);
    let outputs = [
        ("Rust module", module.clone()),
        ("swagger", platform.swagger),
        ("properties", platform.properties),
        ("README", platform.readme),
        ("script", platform.script.unwrap_or_default()),
        (
            "OpenAPI",
            connector_platform::emit::openapi::to_yaml(&connector),
        ),
    ];
    for (name, text) in &outputs {
        if let Some(c) = forbidden(text) {
            let at = text.find(c).unwrap_or(0);
            let context: String = text[at.saturating_sub(60)..].chars().take(90).collect();
            panic!("{name} carries U+{:04X}: {context:?}", c as u32);
        }
    }
    // The extension reached the manifest, cleaned.
    assert!(outputs[1].1.contains("\"note [2J\""), "{}", outputs[1].1);
    // The text around the removed characters survives.
    assert!(module.contains("Lists items and deletes them"), "{module}");
    syn::parse_file(&module).expect("the module parses");
}

#[test]
fn control_characters_in_one_line_fields_are_errors() {
    let cases = [
        ("title", "title: \"Bad\\ntitle\"\nbase_url: https://a.example\n"),
        (
            "summary",
            "title: T\nbase_url: https://a.example\nactions:\n  Ping:\n    summary: \"Ping\\e[2J\"\n    request: GET /ping\n",
        ),
        (
            "action name",
            "title: T\nbase_url: https://a.example\nactions:\n  \"Ping\\u202E\":\n    summary: Ping\n    request: GET /ping\n",
        ),
        (
            "field name",
            "title: T\nbase_url: https://a.example\nobjects:\n  Item:\n    fields:\n      \"id\\0\": string\n",
        ),
    ];
    for (what, spec) in cases {
        let outcome = codegen::check_source("line.yaml", spec, &ReadLimits::default());
        let found: Vec<_> = outcome
            .diagnostics
            .iter()
            .filter(|d| d.code == Code::ControlCharacter)
            .collect();
        assert_eq!(found.len(), 1, "{what}: {:#?}", outcome.diagnostics);
        assert!(
            found[0].message.contains(what),
            "{what}: {}",
            found[0].message
        );
        assert!(outcome.connector.is_none(), "{what}");
    }
}

#[test]
fn reports_escape_what_a_terminal_would_act_on() {
    let spec = "title: T\nbase_url: https://a.example\nactions:\n  Ping:\n    summary: Ping\n    request: GET /ping\n    returns: \"Thing\\e]0;owned\\a\\u202E\"\n";
    let outcome = codegen::check_source("esc.yaml", spec, &ReadLimits::default());
    assert!(outcome.has_errors());
    let text =
        codegen::diag::render_text(&outcome.diagnostics, codegen::diag::RenderStyle::plain());
    let json = codegen::diag::render_json(&outcome.diagnostics);
    for rendered in [&text, &json] {
        assert_eq!(forbidden(rendered), None, "{rendered}");
        assert!(rendered.contains("\\u{1b}]0;owned"), "{rendered}");
    }
    // A raw control character in the source itself is shown escaped, under its own line.
    let raw = "title: T\u{1b}[2J\nbase_url: https://a.example\nunknown: 1\n";
    let outcome = codegen::check_source("raw.yaml", raw, &ReadLimits::default());
    let text =
        codegen::diag::render_text(&outcome.diagnostics, codegen::diag::RenderStyle::plain());
    assert_eq!(forbidden(&text), None, "{text}");
}
