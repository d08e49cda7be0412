//! Round-trips the Power Platform corpus through import, check and the Power Platform emitter,
//! compares both files whole with the strict oracle, and prints the table by class.
//!
//! `cargo run -p connector-harness --release --example roundtrip [CORPUS_DIR] [--verbose] [--fix]`

use std::path::PathBuf;

use connector_platform::import::ImportOptions;

#[path = "../tests/support/strict_diff.rs"]
mod strict_diff;

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
    let options = ImportOptions {
        fix: args.iter().any(|a| a == "--fix"),
        ..ImportOptions::default()
    };
    let report = strict_diff::Report::run(&root, &options);
    if verbose {
        for o in &report.outcomes {
            if let Some(f) = &o.failure {
                println!("{}: FAILED {f}", o.name);
            }
            for d in &o.differences {
                println!(
                    "{}: [{}] {:?} {}: {} → {}",
                    o.name,
                    d.class,
                    d.kind,
                    d.location(),
                    d.before,
                    d.after
                );
            }
        }
        println!();
    }
    print!("{}", report.table());
}
