//! `codegen::yaml_out` writes exactly serde-saphyr's text: for random values whose strings and
//! keys are built from everything YAML treats specially, for every spec of the project in the
//! spec layout, and for every OpenAPI document in `generated/`; from a `serde_json::Value`
//! (`fast`) and straight from a `Serialize` (`direct`).

use std::path::Path;

use codegen::yaml_out::{direct, fast, reference, to_string, FlowRule};
use proptest::prelude::*;
use serde_json::{Map, Value};

#[path = "support/hostile_values.rs"]
mod hostile_values;
#[path = "support/project_specs.rs"]
mod project_specs;
use hostile_values::{value, PIECES};
use project_specs::{root, SPEC_FOLDERS};

/// Compares both writers on `value`; returns whether the fast writer wrote it itself.
fn same_text(value: &Value, flow: Option<FlowRule>) -> Result<bool, TestCaseError> {
    let expected = reference(value, flow).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let whole = to_string(value, flow).map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(&whole, &expected, "value: {:?}", value);
    let from_serialize = direct(value, flow);
    match fast(value, flow) {
        Ok(text) => {
            prop_assert_eq!(&text, &expected, "value: {:?}", value);
            prop_assert_eq!(from_serialize, Ok(text), "value: {:?}", value);
            Ok(true)
        }
        Err(_) => {
            prop_assert!(from_serialize.is_err(), "value: {:?}", value);
            Ok(false)
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(6_000))]

    // Keys here are short and the flow rule takes only scalars, so the fast writer must write
    // every value itself.
    #[test]
    fn random_values_match_serde_saphyr(value in value()) {
        prop_assert!(same_text(&value, None)?, "left to serde-saphyr: {:?}", value);
    }

    #[test]
    fn random_values_match_serde_saphyr_in_the_spec_layout(value in value()) {
        let flow = Some(codegen::spec::one_line_list as FlowRule);
        prop_assert!(same_text(&value, flow)?, "left to serde-saphyr: {:?}", value);
    }
}

/// Every piece alone and in company, as a value, a key, a list item and a flow item; and most of
/// them are written by the fast writer itself.
#[test]
fn each_piece_matches_serde_saphyr() {
    let mut texts: Vec<String> = PIECES.iter().map(|p| p.to_string()).collect();
    for a in PIECES {
        for b in PIECES {
            texts.push(format!("{a}{b}"));
            texts.push(format!("{a}x{b}"));
        }
    }
    texts.push("x".repeat(1025));
    texts.push(format!("{} end", "word ".repeat(40)));
    let (mut fast_count, mut total) = (0, 0);
    for text in &texts {
        let s = Value::String(text.clone());
        let doc = serde_json::json!({
            "value": s.clone(),
            "list": [s.clone(), {"k": s.clone(), "deeper": [s.clone()]}],
            "flow": [s.clone(), 1],
            "nested": {"inner": s.clone()},
        });
        let mut keyed = Map::new();
        keyed.insert(text.clone(), s.clone());
        for value in [s, doc, Value::Object(keyed)] {
            for flow in [None, Some(codegen::spec::one_line_list as FlowRule)] {
                total += 1;
                if same_text(&value, flow).unwrap_or_else(|e| panic!("{e}")) {
                    fast_count += 1;
                }
            }
        }
    }
    println!("{fast_count} of {total} written by the fast writer");
    assert!(
        fast_count * 100 >= total * 95,
        "only {fast_count} of {total} written fast"
    );
}

/// Fails with the first differing line unless `written` is `expected`.
fn assert_same(written: &str, expected: &str, path: &Path) {
    if written == expected {
        return;
    }
    let at = written
        .lines()
        .zip(expected.lines())
        .position(|(a, b)| a != b)
        .unwrap_or(written.lines().count().min(expected.lines().count()));
    panic!(
        "{}: line {} differs:\n  written:  {:?}\n  expected: {:?}",
        path.display(),
        at + 1,
        written.lines().nth(at),
        expected.lines().nth(at)
    );
}

/// Every spec of the project, read and written in the spec layout.
#[test]
fn project_specs_match_serde_saphyr() {
    let (mut count, mut straight) = (0, 0);
    for dir in SPEC_FOLDERS {
        let dir = root().join(dir);
        for path in codegen::spec_files(std::slice::from_ref(&dir)).expect("spec folder") {
            let text = std::fs::read_to_string(&path).expect("spec text");
            let file = codegen::diag::SourceFile::new(path.clone(), text);
            let Ok(spec) = codegen::spec::read_spec(&file, &codegen::spec::ReadLimits::default())
            else {
                continue;
            };
            let value = serde_json::to_value(&spec).expect("spec as JSON");
            let flow = Some(codegen::spec::one_line_list as FlowRule);
            let expected = reference(&value, flow).expect("serde-saphyr writes it");
            let written = fast(&value, flow).expect("the fast writer writes every spec");
            assert_same(&written, &expected, &path);
            let spec_text = codegen::spec::write_spec(&spec).expect("writes");
            assert_same(&spec_text, &expected, &path);
            // A spec with a repeated name (kept by the model) takes the to_value route.
            if let Ok(from_model) = direct(&spec, flow) {
                assert_same(&from_model, &expected, &path);
                straight += 1;
            }
            count += 1;
        }
    }
    println!("{count} specs, {straight} written straight from the model");
    assert!(count >= 20, "only {count} specs read");
    assert!(
        straight * 10 >= count * 9,
        "only {straight} of {count} written straight"
    );
}

/// Every OpenAPI document of `generated/`, read back and written again.
#[test]
fn generated_openapi_documents_match_serde_saphyr() {
    let mut count = 0;
    for entry in std::fs::read_dir(root().join("generated")).expect("generated/") {
        let path = entry.expect("entry").path().join("openapi.yaml");
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let value: Value = serde_saphyr::from_str(&text).expect("the document reads");
        let expected = reference(&value, None).expect("serde-saphyr writes it");
        let written = fast(&value, None).expect("the fast writer writes every document");
        assert_same(&written, &expected, &path);
        // The checked-in document (after its header line) is serde-saphyr's text too.
        let body = text.split_once('\n').map_or("", |(_, body)| body);
        assert_same(body, &expected, &path);
        count += 1;
    }
    println!("{count} documents");
    assert!(count >= 5, "only {count} documents");
}
