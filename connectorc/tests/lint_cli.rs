//! `connectorc build` and `connectorc lint` as a user runs them.

#[path = "../../platform/tests/manifest_support/mod.rs"]
mod manifest_support;

use std::path::{Path, PathBuf};
use std::process::Command;

fn connectorc() -> Command {
    Command::new(env!("CARGO_BIN_EXE_connectorc"))
}

#[path = "support/scratch.rs"]
mod scratch;

fn temp_dir(name: &str) -> scratch::Scratch {
    scratch::Scratch::new(name)
}

fn specs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../platform/tests/manifest_specs")
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

/// A small OpenAPI document: an `API` in its title, no contact, two tags with an object each.
const ORDERS: &str = r#"
openapi: 3.0.3
info:
  title: Orders API
  description: Orders and invoices of a small shop, for tests of the importer.
  version: "1.0"
servers:
  - url: https://shop.example.com/v1
paths:
  /orders/{id}:
    get:
      operationId: getOrder
      summary: Get an order
      tags: [Orders]
      parameters:
        - { name: id, in: path, required: true, schema: { type: string } }
      responses:
        "200":
          description: The order
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Order' }
  /invoices/{id}:
    get:
      operationId: getInvoice
      summary: Get an invoice
      tags: [Invoices]
      parameters:
        - { name: id, in: path, required: true, schema: { type: string } }
      responses:
        "200":
          description: The invoice
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Invoice' }
    delete:
      operationId: deleteInvoice
      summary: Delete an invoice
      tags: [Invoices]
      parameters:
        - { name: id, in: path, required: true, schema: { type: string } }
      responses:
        "204": { description: Deleted }
components:
  schemas:
    Order:
      type: object
      properties:
        id: { type: string }
        placed: { type: string, format: datetime }
    Invoice:
      type: object
      properties:
        id: { type: string }
        link: { type: string, format: url }
"#;

#[test]
fn import_takes_metadata_and_a_selection_from_flags() {
    let dir = temp_dir("import-flags");
    let doc = dir.join("orders.yaml");
    std::fs::write(&doc, ORDERS).unwrap();
    let spec = dir.join("connectors/orders.yaml");
    let import = connectorc()
        .arg("import")
        .arg(&doc)
        .arg("-o")
        .arg(&spec)
        .args([
            "--publisher",
            "Shop Ltd",
            "--website",
            "https://shop.example.com",
        ])
        .args(["--privacy-policy", "https://shop.example.com/privacy"])
        .args(["--category", "commerce", "--category", "Finance"])
        .args(["--tag", "Invoices", "--check", "--fix"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&import.stderr);
    assert!(import.status.success(), "{stderr}");
    assert!(
        stderr.contains("/info/title: the platform does not allow `API` in a title"),
        "{stderr}"
    );
    assert!(!stderr.contains("supply it with"), "{stderr}");
    assert!(
        stderr.contains("format `url` is a misspelling of `uri`"),
        "{stderr}"
    );
    let yaml = std::fs::read_to_string(&spec).unwrap();
    for expected in [
        "title: Orders\n",
        "publisher: Shop Ltd",
        "privacy_policy: https://shop.example.com/privacy",
        "categories: [Commerce, Finance]",
        "link: uri",
        "Invoice:",
        "GetInvoice:",
        "DeleteInvoice:",
    ] {
        assert!(yaml.contains(expected), "{expected} missing from\n{yaml}");
    }
    // The Orders operation is not selected, and nothing else uses its object.
    assert!(!yaml.contains("GetOrder"), "{yaml}");
    assert!(!yaml.contains("Order:"), "{yaml}");

    let out = dir.join("generated");
    let build = connectorc()
        .args(["build", "--out"])
        .arg(&out)
        .arg(&spec)
        .output()
        .unwrap();
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    let lint = connectorc()
        .args(["lint", "--format", "json"])
        .arg(out.join("orders"))
        .output()
        .unwrap();
    let findings: serde_json::Value = serde_json::from_slice(&lint.stdout).unwrap();
    assert_eq!(findings, serde_json::json!([]), "{findings:#}");
}

#[test]
fn import_refuses_unknown_categories_and_tags() {
    let dir = temp_dir("import-refusals");
    let doc = dir.join("orders.yaml");
    std::fs::write(&doc, ORDERS).unwrap();
    for (args, expected) in [
        (
            ["--category", "Gardening"],
            "`Gardening` is not a platform category",
        ),
        (
            ["--tag", "Invoice"],
            "no operation carries the tag `Invoice`",
        ),
        (["--operation", "getOrders"], "no operation `getOrders`"),
    ] {
        let run = connectorc()
            .arg("import")
            .arg(&doc)
            .args(args)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
}
