//! The checker's actions checked in two halves at once give exactly the connector and the
//! diagnostics of checking them in turn: on every project spec, split after every possible
//! count, and on specs made to collide across the halves (inline object names, named objects,
//! unknown names that spend the "did you mean" budget, defaults of named objects checked once all
//! are lowered).

use std::fmt::Write;
use std::path::Path;
use std::sync::Arc;

use codegen::check_read_splitting_from;
use codegen::diag::SourceFile;
use codegen::ir::Connector;
use codegen::spec::{read_spec, ReadLimits};

#[path = "support/project_specs.rs"]
mod project_specs;
use project_specs::{root, SPEC_FOLDERS};

/// Never split: every action in turn.
const IN_TURN: usize = usize::MAX;

/// Checks the text both ways, splitting from each of `splits`, and requires the same outcome;
/// returns it, or `None` when the text does not read as a spec.
fn assert_halves_match(path: &Path, text: String, splits: &[usize]) -> Option<String> {
    let file = SourceFile::new(path, text);
    let spec = read_spec(&file, &ReadLimits::default()).ok()?;
    let id = "halves";
    let expected = outcome(&spec, &file, id, IN_TURN);
    for &split in splits {
        let got = outcome(&spec, &file, id, split);
        assert!(
            got == expected,
            "{}: split from {split} actions differs from checking in turn\n{}",
            path.display(),
            first_difference(&expected.shown(), &got.shown())
        );
    }
    Some(expected.shown())
}

/// [`assert_halves_match`] for a spec made here, which must read.
fn assert_made_spec_matches(name: &str, text: String, splits: &[usize]) -> String {
    assert_halves_match(Path::new(name), text, splits)
        .unwrap_or_else(|| panic!("{name} does not read as a spec"))
}

/// What a check gives, compared whole (the connector's own equality: its hash indexes compare
/// as sets), and the diagnostics printed with every field.
#[derive(PartialEq)]
struct Outcome {
    connector: Option<Connector>,
    diagnostics: String,
}

impl Outcome {
    /// Everything, printed (the indexes in the connector print in their hash order, so a
    /// difference shown there may be only that).
    fn shown(&self) -> String {
        format!("{}\n{:#?}", self.diagnostics, self.connector)
    }
}

/// The check of `spec` split from `split` actions, on the deep stack `check_read` gives.
fn outcome(
    spec: &codegen::spec::ConnectorSpec,
    file: &Arc<SourceFile>,
    id: &str,
    split: usize,
) -> Outcome {
    let checked = check_read_splitting_from(spec, file, id, split);
    Outcome {
        connector: checked.connector,
        diagnostics: format!("{:#?}", checked.diagnostics),
    }
}

fn first_difference(expected: &str, got: &str) -> String {
    let at = expected
        .lines()
        .zip(got.lines())
        .position(|(a, b)| a != b)
        .unwrap_or(expected.lines().count().min(got.lines().count()));
    let context = |text: &str| {
        text.lines()
            .skip(at.saturating_sub(3))
            .take(8)
            .collect::<Vec<_>>()
            .join("\n")
    };
    format!(
        "at line {at}:\n--- in turn\n{}\n--- in halves\n{}",
        context(expected),
        context(got)
    )
}

#[test]
fn every_project_spec_checks_the_same_in_halves() {
    let mut checked = 0;
    for folder in SPEC_FOLDERS {
        let Ok(entries) = std::fs::read_dir(root().join(folder)) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().and_then(|e| e.to_str()) != Some("yaml") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let actions = text.matches("request:").count().max(1);
            // Every count from one action up to the spec's own: each place of the cut.
            let splits: Vec<usize> = (1..=actions.min(40)).collect();
            assert_halves_match(&path, text, &splits);
            checked += 1;
        }
    }
    assert!(checked > 20, "only {checked} project specs were found");
}

/// A spec whose actions' inline objects and named objects want the same Rust type names on
/// both sides of the cut (`thing3` and `thing_3` are two methods but one type name, `Thing3`),
/// so that in turn the later one is named with a number.
#[test]
fn type_names_claimed_on_both_sides_of_the_cut() {
    let mut text = String::from("title: Clash\nbase_url: https://api.example.com\nobjects:\n");
    text.push_str("  Thing5Body:\n    fields:\n      a: string\n");
    text.push_str("actions:\n");
    for i in 0..40 {
        let name = if i < 20 {
            format!("thing{i}")
        } else {
            format!("thing_{}", i - 20)
        };
        let _ = write!(
            text,
            "  {name}:\n    request: POST /things{i}\n    body:\n      fields:\n        \
             inner:\n          fields:\n            deep: string\n        n: int32\n    \
             response:\n      fields:\n        ok: boolean\n"
        );
    }
    let splits: Vec<usize> = (1..=40).collect();
    let outcome = assert_made_spec_matches("clash.yaml", text, &splits);
    assert!(
        outcome.contains("Thing3Body2") && outcome.contains("Thing5Body3"),
        "no type name was taken twice"
    );
}

/// Unknown type names in both halves and after them, among so many declared objects that the
/// suggestions' budget runs out part of the way: which names get a "did you mean" depends on
/// what every earlier unknown name spent.
#[test]
fn unknown_names_spend_the_budget_in_order() {
    let mut text = String::from("title: Unknowns\nbase_url: https://api.example.com\nobjects:\n");
    for i in 0..2000 {
        let _ = write!(text, "  Declared{i}:\n    fields:\n      v: string\n");
    }
    text.push_str("actions:\n");
    for i in 0..300 {
        let _ = write!(
            text,
            "  act{i}:\n    request: POST /a{i}\n    body:\n      fields:\n        \
             x: Declard{i}\n"
        );
        if i % 7 == 0 {
            let _ = write!(
                text,
                "  known{i}:\n    request: GET /k{i}\n    returns: Declared{i}\n"
            );
        }
    }
    text.push_str("triggers:\n");
    for i in 0..50 {
        let _ = write!(
            text,
            "  poll{i}:\n    poll:\n      action: missng{i}\n      identity: id\n"
        );
    }
    let outcome = assert_made_spec_matches("unknowns.yaml", text, &[1, 2, 150, 200, 340]);
    assert!(
        outcome.contains("did you mean"),
        "no unknown name got a suggestion"
    );
    assert!(
        outcome.matches("unknown object `Declard").count()
            > outcome.matches("did you mean `Declared").count(),
        "the budget never ran out"
    );
}

/// Defaults whose type is a named object are checked after every action: their order across
/// the halves is the order in turn.
#[test]
fn defaults_of_named_objects_keep_their_order() {
    let mut text = String::from(
        "title: Defaults\nbase_url: https://api.example.com\nobjects:\n  Point:\n    \
         fields:\n      x: int32\n      y: int32\nactions:\n",
    );
    for i in 0..30 {
        let default = if i % 2 == 0 {
            "{x: 1, y: 2}"
        } else {
            "{x: one}"
        };
        let _ = write!(
            text,
            "  move{i}:\n    request: POST /m{i}\n    body:\n      fields:\n        \
             to:\n          type: Point\n          default: {default}\n"
        );
    }
    let splits: Vec<usize> = (1..=30).collect();
    let outcome = assert_made_spec_matches("defaults.yaml", text, &splits);
    assert!(outcome.contains("Error"), "no default was refused");
}
