//! Compiles the module generated for every seed spec, for the adversarial specs in
//! `tests/rust_adversarial/` (keywords, digits, spaces, dashes, unicode, quotes, `*/`, newlines)
//! and for a deterministic sample of imported corpus connectors (30 Power Platform connectors
//! and the OpenAPI documents of `../shared/corpus`, when it is there) in one crate under
//! `#![deny(warnings)]`, with trybuild.

use std::path::{Path, PathBuf};

use codegen::emit::rust::{emit_module, RustOptions};
use codegen::import::sample::{rust_module, rust_sample};

fn specs(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
}

#[test]
fn generated_modules_compile_without_warnings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("generated_compile");
    std::fs::create_dir_all(&out).unwrap();
    let mut all = specs(&root.join("connectors"));
    all.extend(specs(&root.join("tests/rust_adversarial")));
    // One crate with every module: one compilation instead of one per spec.
    let mut case = String::from("#![deny(warnings)]\n\n");
    for spec in all {
        let outcome = codegen::check_file(&spec);
        let connector = outcome.connector.unwrap_or_else(|| {
            panic!(
                "{} does not check:\n{}",
                spec.display(),
                codegen::diag::render_text(
                    &outcome.diagnostics,
                    codegen::diag::RenderStyle::plain()
                )
            )
        });
        let code = emit_module(&connector, &RustOptions::default()).expect("emits");
        let module = out.join(format!("{}.rs", connector.module_name));
        std::fs::write(&module, code).unwrap();
        case.push_str(&format!(
            "pub mod {} {{\n    include!({:?});\n}}\n\n",
            connector.module_name,
            module.display().to_string()
        ));
    }
    let corpus = root.join("../shared/corpus");
    if corpus.is_dir() {
        for source in rust_sample(&corpus, false) {
            let module = rust_module(&source)
                .unwrap_or_else(|error| panic!("{}: {error}", source.display()));
            // Prefixed: an imported connector may share a seed's name.
            let name = format!("imported_{}", module.name);
            let file = out.join(format!("{name}.rs"));
            std::fs::write(&file, module.code).unwrap();
            case.push_str(&format!(
                "pub mod {name} {{\n    include!({:?});\n}}\n\n",
                file.display().to_string()
            ));
        }
    } else {
        println!("skipped the imported corpus clients: no ../shared/corpus beside the project");
    }
    // trybuild builds a binary, where unused public items count as dead code; it allows that
    // lint itself, and so does this crate.
    case.push_str("fn main() {}\n");
    let case_path = out.join("all_generated_modules.rs");
    std::fs::write(&case_path, case).unwrap();
    trybuild::TestCases::new().pass(&case_path);
}
