//! `codegen::yaml_out` writes exactly serde-saphyr's text: for random values whose strings and
//! keys are built from everything YAML treats specially, for every spec of the project in the
//! spec layout, and for every OpenAPI document in `generated/`; from a `serde_json::Value`
//! (`fast`) and straight from a `Serialize` (`direct`).

use std::path::{Path, PathBuf};

use codegen::yaml_out::{direct, fast, reference, to_string, FlowRule};
use proptest::prelude::*;
use serde_json::{Map, Number, Value};

/// Pieces strings are made of: YAML indicators, quotes, words YAML 1.1 reads as bools, null,
/// numbers or dates, document markers, white space, control and format characters.
const PIECES: &[&str] = &[
    "a",
    "b",
    "Z",
    "word",
    "x y",
    "0",
    "1",
    "9",
    "_",
    ".",
    "-",
    "+",
    ",",
    "[",
    "]",
    "{",
    "}",
    "&",
    "*",
    "!",
    "|",
    ">",
    "%",
    "@",
    "`",
    "?",
    "'",
    "\"",
    "\\",
    "#",
    ":",
    ": ",
    " #",
    " ",
    "  ",
    "\t",
    "\n",
    "\n\n",
    "\r",
    "\r\n",
    "yes",
    "no",
    "on",
    "off",
    "Y",
    "n",
    "null",
    "Null",
    "~",
    "true",
    "FALSE",
    "nan",
    ".inf",
    "-.Inf",
    "+inf",
    "1e3",
    "0x1F",
    "0o17",
    "0b1_0",
    "-.5",
    "1_000",
    "1:30",
    "190:20:30.15",
    "2024-01-01",
    "2024-1-1 10:00:00 +01:00",
    "2001-12-14t21:59:43.10-05:00",
    "<<",
    "=",
    "---",
    "...",
    "- ",
    "? ",
    "\u{0}",
    "\u{1}",
    "\u{7}",
    "\u{8}",
    "\u{b}",
    "\u{c}",
    "\u{e}",
    "\u{1b}",
    "\u{1f}",
    "\u{7f}",
    "\u{85}",
    "\u{9f}",
    "\u{a0}",
    "\u{2028}",
    "\u{2029}",
    "\u{3000}",
    "\u{feff}",
    "\u{fffe}",
    "\u{ffff}",
    "é",
    "字",
    "😀",
    "\u{10ffff}",
];

fn hostile_string() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::collection::vec(prop::sample::select(PIECES), 0..8).prop_map(|p| p.concat()),
        // Long text with words and runs of spaces, so that folding and its breaks are reached.
        2 => prop::collection::vec(
            prop_oneof![
                5 => "[a-z]{1,12}".prop_map(String::from),
                1 => "[a-zé字😀\u{a0}\u{3000}]{1,12}".prop_map(String::from),
                2 => Just(" ".to_string()),
                1 => Just("  ".to_string()),
                1 => prop::sample::select(PIECES).prop_map(String::from),
            ],
            10..80,
        )
        .prop_map(|p| p.join(" ")),
        // Lines, some indented, some empty, with trailing line breaks: block scalars.
        1 => prop::collection::vec("( {0,3}[a-z#: ]{0,10})", 1..6)
            .prop_map(|lines| lines.join("\n")),
    ]
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        1 => Just(Value::Null),
        1 => any::<bool>().prop_map(Value::Bool),
        1 => any::<i64>().prop_map(Value::from),
        1 => any::<u64>().prop_map(Value::from),
        1 => prop_oneof![
            any::<f64>(),
            Just(0.0), Just(-0.0), Just(1.0), Just(0.5), Just(1e20), Just(1e-7), Just(f64::MAX)
        ]
        .prop_filter_map("finite", |f| Number::from_f64(f).map(Value::Number)),
        8 => hostile_string().prop_map(Value::String),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((hostile_string(), inner), 0..6)
                .prop_map(|entries| Value::Object(entries.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

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

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every spec of the project, read and written in the spec layout.
#[test]
fn project_specs_match_serde_saphyr() {
    let (mut count, mut straight) = (0, 0);
    for dir in [
        "connectors",
        "examples/custom-connector/specs",
        "platform/tests/manifest_specs",
        "tests/rust_adversarial",
        "tests/diagnostics",
    ] {
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
