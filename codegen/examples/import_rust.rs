//! Imports a deterministic sample of the corpus (every ninth Power Platform connector, 30 in
//! all, plus the OpenAPI documents) and writes their generated Rust clients into one crate
//! under `#![deny(warnings)]`, outside the project, ready for `cargo check`.
//!
//! ```text
//! cargo run -p codegen --example import_rust -- /tmp/imported-clients [--all]
//! cargo check --manifest-path /tmp/imported-clients/Cargo.toml
//! ```

use std::path::{Path, PathBuf};

use codegen::emit::rust::{emit_module, RustOptions};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let all = args.iter().any(|a| a == "--all");
    let Some(out) = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .map(PathBuf::from)
    else {
        eprintln!("usage: import_rust OUT_DIR [--all]");
        std::process::exit(2);
    };
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let corpus = workspace.join("../shared/corpus");
    if !corpus.is_dir() {
        println!("skipped: no corpus at {}", corpus.display());
        return;
    }
    let mut sources: Vec<PathBuf> =
        codegen::import::roundtrip::connector_folders(&corpus.join("powerplatform"))
            .into_iter()
            .enumerate()
            .filter(|(i, _)| all || i % 9 == 0)
            .map(|(_, p)| p)
            .take(if all { usize::MAX } else { 30 })
            .collect();
    let mut documents: Vec<PathBuf> = std::fs::read_dir(corpus.join("openapi"))
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    documents.sort();
    sources.extend(documents);
    let src = out.join("src");
    std::fs::create_dir_all(&src).expect("creates the output directory");
    let mut lib = String::from(
        "//! Generated clients of imported connectors.\n#![deny(warnings)]\n#![allow(missing_docs)]\n\n",
    );
    let mut written = 0;
    for source in &sources {
        let imported = match codegen::import::import_path(source) {
            Ok(imported) => imported,
            Err(error) => {
                eprintln!("{}: not imported: {error}", source.display());
                continue;
            }
        };
        let file = format!("{}.yaml", imported.suggested_id);
        let outcome = codegen::check_source(file, imported.yaml, &Default::default());
        let Some(connector) = outcome.connector else {
            eprintln!("{}: the spec has errors", source.display());
            continue;
        };
        let module = connector.module_name.clone();
        match emit_module(&connector, &RustOptions::default()) {
            Ok(code) => {
                std::fs::write(src.join(format!("{module}.rs")), code).expect("writes");
                lib.push_str(&format!(
                    "pub mod {module} {{\n    include!(\"{module}.rs\");\n}}\n"
                ));
                written += 1;
            }
            Err(error) => eprintln!("{}: {}", source.display(), error.0),
        }
    }
    std::fs::write(src.join("lib.rs"), lib).expect("writes lib.rs");
    let root = workspace.canonicalize().unwrap_or(workspace);
    let manifest = format!(
        "[package]\nname = \"imported_clients\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[workspace]\n\n[dependencies]\nconnectors = {{ path = {:?}, default-features = false }}\n",
        root.display().to_string()
    );
    std::fs::write(out.join("Cargo.toml"), manifest).expect("writes Cargo.toml");
    println!(
        "{written} client modules written; compile them with\n  cargo check --manifest-path {}",
        out.join("Cargo.toml").display()
    );
}
