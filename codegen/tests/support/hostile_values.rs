//! Random JSON values whose strings and keys are built from everything YAML treats specially:
//! what the YAML writer and the fast reader are tested on.

use proptest::prelude::*;
use serde_json::{Map, Number, Value};

/// Pieces strings are made of: YAML indicators, quotes, words YAML 1.1 reads as bools, null,
/// numbers or dates, document markers, white space, control and format characters.
pub const PIECES: &[&str] = &[
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

pub fn hostile_string() -> impl Strategy<Value = String> {
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

pub fn leaf() -> impl Strategy<Value = Value> {
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

pub fn value() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((hostile_string(), inner), 0..6)
                .prop_map(|entries| Value::Object(entries.into_iter().collect::<Map<_, _>>())),
        ]
    })
}
