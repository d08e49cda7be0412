//! Imports a deterministic sample of the corpus (every ninth Power Platform connector, 30 in
//! all, plus the OpenAPI documents) and writes their generated Rust clients into one crate
//! under `#![deny(warnings)]`, outside the project, ready for `cargo check`.
//!
//! ```text
//! cargo run -p connector-harness --example import_rust -- target/imported-clients [--all]
//! cargo check --manifest-path target/imported-clients/Cargo.toml
//! ```

use std::path::{Path, PathBuf};

use connector_harness::sample::{rust_module, rust_sample};

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
    let src = out.join("src");
    std::fs::create_dir_all(&src).expect("creates the output directory");
    let mut lib = String::from(
        "//! Generated clients of imported connectors.\n#![deny(warnings)]\n#![allow(missing_docs)]\n\n",
    );
    let mut written = 0;
    for source in rust_sample(&corpus, all) {
        match rust_module(&source) {
            Ok(module) => {
                let name = &module.name;
                std::fs::write(src.join(format!("{name}.rs")), &module.code).expect("writes");
                lib.push_str(&format!(
                    "pub mod {name} {{\n    include!(\"{name}.rs\");\n}}\n"
                ));
                written += 1;
            }
            Err(error) => eprintln!("{}: {error}", source.display()),
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
