//! `connectorc build` and `connectorc lint` as a user runs them.
#![cfg(feature = "cli")]

mod manifest_support;

use std::path::{Path, PathBuf};
use std::process::Command;

fn connectorc() -> Command {
    Command::new(env!("CARGO_BIN_EXE_connectorc"))
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("connectorc-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn specs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/manifest_specs")
}

#[test]
fn build_writes_folders_once_and_lint_finds_no_errors() {
    let out = temp_dir("build");
    let first = connectorc()
        .args(["build", "--out"])
        .arg(&out)
        .arg(specs())
        .output()
        .unwrap();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    for file in [
        "acme/apiDefinition.swagger.json",
        "acme/apiProperties.json",
        "acme/README.md",
        "acme/openapi.yaml",
        "xmlsvc/script.csx",
        "loginsvc/script.csx",
    ] {
        assert!(out.join(file).is_file(), "{file} missing");
    }
    let second = connectorc()
        .args(["build", "--out"])
        .arg(&out)
        .arg(specs())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert!(stderr.contains(" 0 file(s) written"), "{stderr}");

    let lint = connectorc()
        .args(["lint", "--format", "json"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        lint.status.success(),
        "{}",
        String::from_utf8_lossy(&lint.stdout)
    );
    let findings: serde_json::Value = serde_json::from_slice(&lint.stdout).unwrap();
    let errors: Vec<&serde_json::Value> = findings
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error")
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn lint_reports_rules_with_paths_and_fails_on_errors() {
    let dir = temp_dir("lint");
    std::fs::write(
        dir.join("apiDefinition.swagger.json"),
        r#"{"swagger":"2.0","info":{"title":"T","version":"1"},"paths":{"/a/{id}":{"get":{
            "operationId":"A","summary":"Get a","parameters":[{"name":"id","in":"path","type":"string"}],
            "responses":{"200":{"description":"ok"}}}}}}"#,
    )
    .unwrap();
    let text = connectorc().arg("lint").arg(&dir).output().unwrap();
    assert_eq!(text.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&text.stdout);
    assert!(
        stdout.contains("error[PathParameterMustBeRequired]")
            && stdout.contains("$.paths['/a/{id}'].get.parameters[0]"),
        "{stdout}"
    );
    let summary = connectorc()
        .args(["lint", "--summary", "--format", "json"])
        .arg(&dir)
        .output()
        .unwrap();
    let rows: serde_json::Value = serde_json::from_slice(&summary.stdout).unwrap();
    assert!(rows
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["rule"] == "PathParameterMustBeRequired" && r["findings"] == 1));
    let _ = std::fs::remove_dir_all(&dir);
}
