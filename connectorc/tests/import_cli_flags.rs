//! `connectorc import` with `--fix`, `--no-infer` and `--auth`, as a user runs it.

use std::path::PathBuf;
use std::process::{Command, Output};

/// A listing paged by a `Link` header, a `uint32` count, and no security scheme.
const DOC: &str = r#"
openapi: 3.1.0
info: { title: Widgets, version: "1" }
servers: [{ url: "https://{region}.widgets.example/v1", variables: { region: { default: eu } } }]
paths:
  /widgets:
    get:
      operationId: listWidgets
      parameters: [{ name: per_page, in: query, schema: { type: integer } }, { name: page, in: query, schema: { type: integer } }]
      responses:
        "200":
          description: Widgets
          headers: { Link: { schema: { type: string } } }
          content:
            application/json:
              schema:
                type: array
                items: { type: object, properties: { id: { type: string }, count: { type: [integer, "null"], format: uint32 } } }
"#;

#[path = "support/scratch.rs"]
mod scratch;

fn import(args: &[&str]) -> (Output, String) {
    // One folder per call: tests run at once, and each folder goes when its call returns.
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = scratch::Scratch::new(&format!("import-flags-{call}"));
    let doc = dir.join("widgets.yaml");
    std::fs::write(&doc, DOC).unwrap();
    let spec: PathBuf = dir.join(format!(
        "out-{}.yaml",
        args.join("").replace([':', '-'], "")
    ));
    let output = Command::new(env!("CARGO_BIN_EXE_connectorc"))
        .arg("import")
        .arg(&doc)
        .arg("-o")
        .arg(&spec)
        .arg("--check")
        .args(args)
        .output()
        .unwrap();
    let yaml = std::fs::read_to_string(&spec).unwrap_or_default();
    (output, yaml)
}

#[test]
fn flags_change_what_is_written() {
    let (plain, yaml) = import(&[]);
    let stderr = String::from_utf8_lossy(&plain.stderr);
    assert!(plain.status.success(), "{stderr}");
    assert!(stderr.contains("declares no security scheme"), "{stderr}");
    assert!(
        stderr.contains("paging inferred: `link_header`"),
        "{stderr}"
    );
    assert!(stderr.contains("`--fix` reads it as `int64`"), "{stderr}");
    assert!(yaml.contains("link_header"), "{yaml}");
    assert!(yaml.contains("format: uint32"), "{yaml}");
    assert!(
        yaml.contains("base_url: https://{region}.widgets.example/v1"),
        "{yaml}"
    );
    assert!(!yaml.contains("auth:"), "{yaml}");

    let (fixed, yaml) = import(&["--fix", "--no-infer", "--auth", "api-key:X-Widget-Key"]);
    let stderr = String::from_utf8_lossy(&fixed.stderr);
    assert!(fixed.status.success(), "{stderr}");
    assert!(!yaml.contains("paginate"), "{yaml}");
    assert!(!yaml.contains("format: uint32"), "{yaml}");
    assert!(yaml.contains("type: int64"), "{yaml}");
    assert!(yaml.contains("0 to 4294967295"), "{yaml}");
    assert!(yaml.contains("name: X-Widget-Key"), "{yaml}");

    let (wrong, _) = import(&["--auth", "kerberos"]);
    assert_eq!(wrong.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("api-key:HEADER"));
}
