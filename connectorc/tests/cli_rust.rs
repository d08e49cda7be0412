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
