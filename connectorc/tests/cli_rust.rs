//! `connectorc rust`: writes the same module the emitter gives (with the runtime path asked
//! for), or a crate whose manifest depends on this repository's runtime; a bad spec writes
//! nothing and says where the error is. That the crate form compiles is shown by
//! `tests/generated_compile.rs`, which builds one beside the other generated clients.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn connectorc(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_connectorc"))
        .args(args)
        .output()
        .expect("connectorc runs")
}

#[path = "support/scratch.rs"]
mod scratch;

fn temp_dir(name: &str) -> scratch::Scratch {
    scratch::Scratch::new(&format!("rust-{name}"))
}

fn seed() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../connectors/webex.yaml")
}

fn expected_module(runtime_path: &str) -> String {
    let connector = codegen::check_file(&seed())
        .connector
        .expect("the seed checks");
    let options = codegen::emit::rust::RustOptions {
        runtime_path: runtime_path.into(),
        ..Default::default()
    };
    codegen::emit::rust::emit_module(&connector, &options).expect("emits")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn the_module_form_is_the_emitters_module() {
    let out = temp_dir("module");
    let spec = seed();
    let run = connectorc(&[
        "rust",
        spec.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--runtime-path",
        "crate::runtime",
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let entries: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(entries, ["webex.rs"]);
    assert_eq!(
        read(&out.join("webex.rs")),
        expected_module("crate::runtime")
    );
}

#[test]
fn the_crate_form_depends_on_this_runtime() {
    let out = temp_dir("crate");
    let spec = seed();
    let run = connectorc(&[
        "rust",
        spec.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--crate",
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(
        read(&out.join("src/webex.rs")),
        expected_module("::connectors::runtime")
    );
    let lib = read(&out.join("src/lib.rs"));
    assert!(
        lib.contains("pub mod webex;") && lib.contains("pub use webex::*;"),
        "{lib}"
    );
    let manifest = read(&out.join("Cargo.toml"));
    assert!(manifest.contains("name = \"webex-client\""), "{manifest}");
    let runtime = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .canonicalize()
        .unwrap();
    let dependency = format!(
        "connectors = {{ path = {:?}, default-features = false }}",
        runtime.display().to_string()
    );
    assert!(
        manifest.contains(&dependency),
        "{manifest}\nwants {dependency}"
    );
}

#[test]
fn a_spec_with_an_error_writes_nothing_and_says_where() {
    let dir = temp_dir("bad");
    let spec = dir.join("broken.yaml");
    std::fs::write(&spec, "title: Broken\nbase_url: https://api.example.com\nactions:\n  Get:\n    request: FETCH /x\n").unwrap();
    let out = dir.join("out");
    let run = connectorc(&[
        "rust",
        spec.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("broken.yaml:5:"), "{stderr}");
    assert!(!out.exists(), "nothing is written for a spec with errors");
    let missing = connectorc(&[
        "rust",
        dir.join("absent.yaml").to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(
        missing.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&missing.stderr)
    );
}

/// A small OpenAPI document: two operations, one without an operation id (a warning).
const DOCUMENT: &str = r#"{
  "openapi": "3.0.3",
  "info": {"title": "Notes", "version": "1.0.0"},
  "servers": [{"url": "https://api.example.com/v1"}],
  "paths": {
    "/notes/{id}": {
      "get": {"operationId": "getNote", "tags": ["notes"],
        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
        "responses": {"200": {"description": "The note", "content": {"application/json": {"schema": {
          "type": "object", "properties": {"id": {"type": "string"}, "text": {"type": "string"}}}}}}}},
      "delete": {"tags": ["admin"],
        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
        "responses": {"204": {"description": "Gone"}}}
    }
  }
}"#;

/// `connectorc rust --import` writes the module `connectorc import` then `connectorc rust`
/// write, with the same import choices, and no spec.
fn imported_module_matches(choices: &[&str]) {
    let dir = temp_dir(&format!("import{}", choices.len()));
    let document = dir.join("notes.json");
    std::fs::write(&document, DOCUMENT).unwrap();
    let (direct, spec, two_step) = (dir.join("direct"), dir.join("spec"), dir.join("two"));
    let mut args = vec![
        "rust",
        document.to_str().unwrap(),
        "--import",
        "--out",
        direct.to_str().unwrap(),
    ];
    args.extend(choices);
    let run = connectorc(&args);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(
        stderr.contains("warning: "),
        "the import's warnings: {stderr}"
    );
    let spec_file = spec.join("notes.yaml");
    let mut args = vec![
        "import",
        document.to_str().unwrap(),
        "-o",
        spec_file.to_str().unwrap(),
    ];
    args.extend(choices);
    assert!(connectorc(&args).status.success());
    let run = connectorc(&[
        "rust",
        spec_file.to_str().unwrap(),
        "--out",
        two_step.to_str().unwrap(),
    ]);
    assert!(run.status.success());
    let entries: Vec<_> = std::fs::read_dir(&direct)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(entries, ["notes.rs"], "only the module is written");
    let module = read(&direct.join("notes.rs"));
    assert_eq!(module, read(&two_step.join("notes.rs")));
    let kept_delete = module.contains("pub async fn delete");
    assert_eq!(
        kept_delete,
        choices.is_empty(),
        "{choices:?} selects: {module}"
    );
}

#[test]
fn an_imported_document_gives_the_two_step_module() {
    imported_module_matches(&[]);
}

#[test]
fn an_imported_document_takes_the_import_choices() {
    imported_module_matches(&["--tag", "notes"]);
}

#[test]
fn import_choices_without_import_are_refused() {
    let out = temp_dir("choices");
    let run = connectorc(&[
        "rust",
        seed().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--fix",
    ]);
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("`--fix`") && stderr.contains("--import"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 0);
}

#[test]
fn a_document_that_cannot_be_imported_writes_nothing() {
    let dir = temp_dir("not-a-document");
    let document = dir.join("list.json");
    std::fs::write(&document, "[1, 2]").unwrap();
    let out = dir.join("out");
    let run = connectorc(&[
        "rust",
        document.to_str().unwrap(),
        "--import",
        "--out",
        out.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("cannot import") && stderr.contains("list.json"),
        "{stderr}"
    );
    assert!(!out.exists());
}
