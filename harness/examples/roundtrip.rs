//! Round-trips the Power Platform corpus and prints the pass-rate table.
//!
//! `cargo run -p connector-harness --release --example roundtrip [CORPUS_DIR] [--verbose]`

use std::path::PathBuf;

use connector_harness::roundtrip::Report;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let verbose = args.iter().any(|a| a == "--verbose");
    let root = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/powerplatform")
        });
    if !root.is_dir() {
        println!("skipped: no corpus at {}", root.display());
        return;
    }
    let report = Report::run(&root);
    if verbose {
        for o in &report.outcomes {
            let name = o
                .folder
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if let Some(f) = &o.failure {
                println!("{name}: FAILED {f}");
            }
            for d in &o.differences {
                let whose = if d.original_bug {
                    " (original's bug)"
                } else {
                    ""
                };
                println!("{name}: {} {}{whose}", d.class, d.detail);
            }
        }
        println!();
    }
    print!("{}", report.table());
}
