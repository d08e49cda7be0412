//! The command line's contract, the same under every command: exit 0 when clean, 1 when a spec
//! (or an imported document) is wrong, 2 when the command cannot run (bad usage, a file that
//! cannot be read or written). Messages say what happened and never claim work that failed.

use std::process::{Command, Output};

fn connectorc() -> Command {
    Command::new(env!("CARGO_BIN_EXE_connectorc"))
}

#[path = "support/scratch.rs"]
mod scratch;

fn temp_dir(name: &str) -> scratch::Scratch {
    scratch::Scratch::new(&format!("exit-{name}"))
}

const GOOD: &str = "title: Good\nbase_url: https://api.example.com\nactions:\n  Ping:\n    summary: Ping\n    request: GET /ping\n";

fn run(command: &mut Command) -> (i32, String) {
    let Output { status, stderr, .. } = command.output().expect("connectorc runs");
    (
        status.code().expect("exits with a code"),
        String::from_utf8_lossy(&stderr).into_owned(),
    )
}

#[test]
fn a_file_that_is_not_utf8_is_a_spec_error_under_check_and_build() {
    let dir = temp_dir("utf8");
    let spec = dir.join("latin.yaml");
    std::fs::write(
        &spec,
        b"title: Caf\xe9\nbase_url: https://api.example.com\n",
    )
    .unwrap();
    let (check, check_err) = run(connectorc().arg("check").arg(&spec));
    let (build, build_err) = run(connectorc()
        .args(["build", "--out"])
        .arg(dir.join("out"))
        .arg(&spec));
    assert_eq!(check, 1, "{check_err}");
    assert_eq!(build, 1, "{build_err}");
    assert!(check_err.contains("not UTF-8"), "{check_err}");
}

#[test]
fn a_missing_file_is_a_usage_error_under_check_and_build() {
    let dir = temp_dir("missing");
    let missing = dir.join("nope.yaml");
    let (check, _) = run(connectorc().arg("check").arg(&missing));
    let (build, _) = run(connectorc()
        .args(["build", "--out"])
        .arg(dir.join("out"))
        .arg(&missing));
    assert_eq!((check, build), (2, 2));
}

#[test]
fn build_counts_only_the_specs_it_built() {
    let dir = temp_dir("partial");
    std::fs::write(dir.join("good.yaml"), GOOD).unwrap();
    std::fs::write(dir.join("bad.yaml"), "title: Bad\n").unwrap();
    let (code, stderr) = run(connectorc()
        .args(["build", "--out"])
        .arg(dir.join("out"))
        .arg(&dir));
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("built 1 of 2 spec(s)") && stderr.contains("1 with errors"),
        "{stderr}"
    );
    assert!(!stderr.contains("built 2"), "{stderr}");
}

#[test]
fn import_refuses_a_document_over_budget_with_exit_1_and_names_the_budget() {
    let dir = temp_dir("budget");
    let doc = dir.join("deep.json");
    let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
    std::fs::write(&doc, format!("{{\"openapi\": \"3.0.0\", \"x\": {deep}}}")).unwrap();
    let (code, stderr) = run(connectorc().arg("import").arg(&doc));
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("max_depth"), "{stderr}");
    assert!(!stderr.contains("not JSON"), "{stderr}");

    let (raised, stderr) = run(connectorc()
        .arg("import")
        .arg(&doc)
        .args(["--limit", "max_depth=1000"]));
    // The JSON reader still stops at 128 levels: the message says so.
    assert_eq!(raised, 1, "{stderr}");
    assert!(stderr.contains("128"), "{stderr}");

    let (bad_flag, stderr) = run(connectorc()
        .arg("import")
        .arg(&doc)
        .args(["--limit", "max_things=3"]));
    assert_eq!(bad_flag, 2, "{stderr}");
}

#[test]
fn an_unreadable_import_source_is_a_usage_error() {
    let dir = temp_dir("import-missing");
    let (code, stderr) = run(connectorc().arg("import").arg(dir.join("none.json")));
    assert_eq!(code, 2, "{stderr}");
}

#[test]
fn a_spec_with_two_documents_gets_our_own_advice() {
    let dir = temp_dir("multi");
    let spec = dir.join("two.yaml");
    std::fs::write(&spec, format!("{GOOD}---\n{GOOD}")).unwrap();
    let (code, stderr) = run(connectorc().args(["check", "--color", "never"]).arg(&spec));
    assert_eq!(code, 1, "{stderr}");
    assert!(!stderr.contains("from_str_multiple"), "{stderr}");
    assert!(stderr.contains("one YAML document"), "{stderr}");
}

#[test]
fn terminal_controls_in_a_spec_are_escaped_in_reports() {
    let dir = temp_dir("escape");
    let spec = dir.join("esc.yaml");
    std::fs::write(
        &spec,
        "title: Esc\nbase_url: https://api.example.com\nactions:\n  Ping:\n    summary: Ping\n    request: GET /ping\n    returns: \"Thing\\e]0;owned\\a\\e[2J\"\n",
    )
    .unwrap();
    for format in ["text", "json"] {
        let output = connectorc()
            .args(["check", "--color", "never", "--format", format])
            .arg(&spec)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1));
        let all = [output.stdout, output.stderr].concat();
        let text = String::from_utf8_lossy(&all);
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "{format}: {text:?}"
        );
        assert!(text.contains("Thing"), "{format}: {text}");
    }
}

#[test]
fn usage_mistakes_exit_2() {
    let (code, _) = run(connectorc().arg("frobnicate"));
    assert_eq!(code, 2);
    let (code, _) = run(connectorc().args(["import", "--category", "Nonsense", "x.json"]));
    assert_eq!(code, 2);
}

#[test]
fn every_command_that_reads_specs_takes_the_limit_its_refusal_names() {
    let dir = temp_dir("read-limits");
    let spec = dir.join("good.yaml");
    std::fs::write(&spec, GOOD).unwrap();
    let small = "max_file_bytes=40";
    let commands: [(&str, Vec<std::ffi::OsString>); 4] = [
        ("check", vec![]),
        ("build", vec!["--out".into(), dir.join("out").into()]),
        ("rust", vec!["--out".into(), dir.join("rust").into()]),
        ("lint", vec![]),
    ];
    for (command, extra) in &commands {
        let limited = |limit: &str| {
            run(connectorc()
                .arg(command)
                .args(extra)
                .args(["--limit", limit])
                .arg(&spec))
        };
        let (code, stderr) = limited(small);
        assert_eq!(code, 1, "{command}: {stderr}");
        let named = format!("--limit max_file_bytes={}", GOOD.len());
        assert!(stderr.contains(&named), "{command}: {stderr}");
        let (code, stderr) = limited(&named["--limit ".len()..]);
        // The spec lacks the metadata certification wants, which lint reports as errors.
        let read = match *command {
            "lint" => stderr.contains("linted 1 connector(s)"),
            _ => code == 0,
        };
        assert!(read, "{command} reads it with the limit named: {stderr}");
        let (code, stderr) = limited("max_input_bytes=1");
        assert_eq!(code, 2, "{command}: {stderr}");
        assert!(
            stderr.contains("not a spec reading limit; the limits are max_file_bytes"),
            "{command}: {stderr}"
        );
    }
}
