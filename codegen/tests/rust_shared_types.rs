//! Types of the same shape are declared once: each repeat becomes a `type` alias of the first,
//! so every name stays. Two types differing in any emitted token (a variant's label, a field's
//! doc) stay two declarations.

use codegen::emit::rust::{emit_module, RustOptions};

const SPEC: &str = r#"
title: Shapes
description: Types that repeat a shape.
base_url: https://shapes.example.com
objects:
  Holder:
    summary: Holder
    description: Holds enums of one shape and one of another.
    fields:
      status: { summary: Status, description: The state., enum: { open: Open, shut: Shut } }
      mode: { summary: Mode, description: Another doc with the same values., enum: { open: Open, shut: Shut } }
      other: { summary: Other, description: Labelled differently., enum: { open: Running, shut: Shut } }
  Point:
    summary: Point
    description: A point.
    fields:
      x: { type: integer, required: true, summary: X, description: Across. }
      y: { type: integer, required: true, summary: Y, description: Down. }
  Spot:
    summary: Spot
    description: The same fields as a point.
    fields:
      x: { type: integer, required: true, summary: X, description: Across. }
      y: { type: integer, required: true, summary: Y, description: Down. }
  Place:
    summary: Place
    description: The same fields with another doc.
    fields:
      x: { type: integer, required: true, summary: X, description: Eastwards. }
      y: { type: integer, required: true, summary: Y, description: Down. }
"#;

fn module() -> String {
    let outcome = codegen::check_source("shapes.yaml", SPEC.to_owned(), &Default::default());
    let errors = outcome.has_errors();
    let diagnostics =
        codegen::diag::render_text(&outcome.diagnostics, codegen::diag::RenderStyle::plain());
    let connector = outcome
        .connector
        .filter(|_| !errors)
        .unwrap_or_else(|| panic!("the spec does not check:\n{diagnostics}"));
    emit_module(&connector, &RustOptions::default()).expect("emits")
}

#[test]
fn repeated_shapes_are_aliases_of_the_first() {
    let code = module();
    syn::parse_file(&code).expect("the module parses");
    let declared = |kind: &str| {
        code.lines()
            .filter_map(|l| l.trim().strip_prefix(kind))
            .map(|rest| {
                rest.split([' ', '<', '{'])
                    .next()
                    .unwrap_or_default()
                    .to_owned()
            })
            .collect::<Vec<_>>()
    };
    let enums = declared("pub enum ");
    let structs = declared("pub struct ");
    let aliases: Vec<&str> = code
        .lines()
        .filter(|l| l.trim().starts_with("pub type "))
        .map(str::trim)
        .collect();
    assert!(
        aliases.contains(&"pub type HolderMode = HolderStatus;"),
        "{code}"
    );
    assert!(aliases.contains(&"pub type Spot = Point;"), "{code}");
    assert!(enums.contains(&"HolderStatus".to_owned()), "{enums:?}");
    assert!(
        enums.contains(&"HolderOther".to_owned()),
        "labels differ: {enums:?}"
    );
    assert!(!enums.contains(&"HolderMode".to_owned()), "{enums:?}");
    assert!(
        structs.contains(&"Place".to_owned()),
        "field docs differ: {structs:?}"
    );
    assert!(!structs.contains(&"Spot".to_owned()), "{structs:?}");
    // The alias keeps its own doc.
    let mode = code.find("pub type HolderMode").unwrap();
    assert!(
        code[..mode]
            .trim_end()
            .ends_with("/// Another doc with the same values."),
        "{code}"
    );
}
