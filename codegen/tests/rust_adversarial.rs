//! The Rust emitter on a hostile spec (`tests/rust_adversarial/hostile.yaml`: keywords, digits,
//! spaces, dashes, unicode, quotes, `*/`, newlines): the module parses, every name is a valid
//! identifier, and hostile text only ever appears inside doc strings and literals.

use std::path::PathBuf;

use codegen::emit::rust::{emit_module, module_tokens, RustOptions};

fn hostile() -> codegen::ir::Connector {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/rust_adversarial/hostile.yaml");
    let outcome = codegen::check_file(&path);
    outcome.connector.unwrap_or_else(|| {
        panic!(
            "hostile.yaml does not check:\n{}",
            codegen::diag::render_text(&outcome.diagnostics, codegen::diag::RenderStyle::plain())
        )
    })
}

#[test]
fn hostile_names_and_texts_make_valid_code() {
    let connector = hostile();
    let code = emit_module(&connector, &RustOptions::default()).expect("emits");
    let file = syn::parse_file(&code).expect("the printed module parses again");
    assert!(!file.items.is_empty());
    for expected in [
        "pub struct Type ",
        "pub self_: String",
        "pub n_2fa:",
        "pub first_name:",
        "pub last_name:",
        "pub pr_u00e9_nom:",
        "quote_d : \"quote\\\"d\" opt",
        "pub async fn type_(",
        "pub async fn n_2nd_action(",
        "UnknownValue,",
        "SelfValue,",
        // Actions named like the client's own methods, std traits' methods or conversions, and
        // a stream name taken by an action.
        "pub async fn new2(",
        "pub async fn with_limits2(",
        "pub async fn limit_defs2(",
        "pub async fn clone2(",
        "pub async fn next2(",
        "pub async fn call_from_template(",
        "pub async fn call_into_archive(",
        "pub async fn list_stream(",
        "pub fn list_stream2(",
        "pub fn paged_poll_poller(",
        "pub struct ManyParams",
        "Box<Type>",
        // Trigger methods: keyword and digit names, parameters renamed around the methods' own
        // arguments.
        "pub async fn self_subscribe(",
        "pub async fn self_unsubscribe(",
        "pub fn self_receive(",
        "pub fn n_2nd_poll_poller(",
        "notification_url2: &str",
        "pub store: Option<String>",
    ] {
        assert!(code.contains(expected), "missing `{expected}` in:\n{code}");
    }
    // No spec text escapes a doc string or a literal: every line with `*/` outside its string
    // literals is a `///` comment.
    for line in code.lines().filter(|l| outside_literals(l).contains("*/")) {
        let trimmed = line.trim_start();
        assert!(
            trimmed.starts_with("///") || trimmed.starts_with("#[doc"),
            "`*/` outside documentation: {line}"
        );
    }
    insta::assert_snapshot!("rust_hostile", code);
}

/// `line` with the contents of its string literals left out (the printer keeps each literal on
/// one line, escaping newlines).
fn outside_literals(line: &str) -> String {
    let mut out = String::new();
    let mut in_string = false;
    let mut escaped = false;
    for ch in line.chars() {
        if in_string {
            if escaped {
                escaped = false;
            } else if ch == '\\' {
                escaped = true;
            } else if ch == '"' {
                in_string = false;
                out.push(ch);
            }
        } else {
            if ch == '"' {
                in_string = true;
            }
            out.push(ch);
        }
    }
    out
}

#[test]
fn a_bad_runtime_path_is_a_typed_error_naming_it_not_a_panic() {
    let options = RustOptions {
        runtime_path: "not a path".into(),
        ..RustOptions::default()
    };
    assert!(module_tokens(&hostile(), &options).is_err());
    let error = codegen::emit::rust::emit_module(&hostile(), &options).expect_err("a bad path");
    assert!(
        matches!(&error, codegen::emit::rust::EmitError::RuntimePath { path, .. } if path == "not a path"),
        "{error:?}"
    );
    assert!(error
        .to_string()
        .starts_with("runtime path `not a path` is not a Rust path: "));
    assert!(std::error::Error::source(&error).is_some());
}
