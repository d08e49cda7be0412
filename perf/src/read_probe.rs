//! Where `check` spends beyond a bare YAML parse: the imported synthetic spec read as a
//! `serde_json::Value`, read into the spec model (on this thread, and on the checker's deep
//! stack), and checked, each timed on its own with drops timed apart.
//!
//! `cargo run --release --manifest-path perf/Cargo.toml --bin read_probe -- --sizes 1000,10000
//! --runs 5`. `--only read`, `--only parse` or `--only check` runs one stage once (for
//! callgrind), `--only doc` prints the synthetic OpenAPI document (to time the CLI on it),
//! `--only yaml` the imported spec, `--only sizes` the size of the model's largest parts.
//! `--dump LIST OUTDIR` reads every spec named in LIST and writes what the reader gives, to
//! compare two builds of the reader.

use std::time::Duration;

use codegen_perf::ours::yaml_options;
use codegen_perf::{doc, timed};

fn main() {
    codegen_perf::tune_allocator();
    let mut sizes = vec![1_000, 10_000];
    let mut runs = 5;
    let mut only: Option<String> = None;
    let mut dump: Option<String> = None;
    let mut out = String::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--sizes" => {
                sizes = args
                    .next()
                    .expect("--sizes 1000,10000")
                    .split(',')
                    .map(|s| s.parse().expect("a number"))
                    .collect()
            }
            "--runs" => runs = args.next().expect("--runs N").parse().expect("a number"),
            "--only" => only = args.next(),
            "--dump" => {
                dump = args.next();
                out = args.next().expect("--dump LIST OUTDIR");
            }
            other => panic!("unknown argument `{other}`"),
        }
    }
    if let Some(list) = dump {
        dump_reads(&list, &out);
        return;
    }
    if only.as_deref() == Some("sizes") {
        use codegen::spec::*;
        println!(
            "TypeBody {} TypeDef {} ActionDef {} Spanned<String> {} DynamicValues {} DynamicSchema {} XmlNaming {} EnumValues {} IndexMap {}",
            std::mem::size_of::<TypeBody>(),
            std::mem::size_of::<TypeDef>(),
            std::mem::size_of::<ActionDef>(),
            std::mem::size_of::<Spanned<String>>(),
            std::mem::size_of::<DynamicValues>(),
            std::mem::size_of::<DynamicSchema>(),
            std::mem::size_of::<XmlNaming>(),
            std::mem::size_of::<EnumValues>(),
            std::mem::size_of::<indexmap::IndexMap<String, serde_json::Value>>(),
        );
        return;
    }
    for n in sizes {
        let text = doc::openapi(n);
        if only.as_deref() == Some("doc") {
            print!("{text}");
            continue;
        }
        let yaml = connector_platform::import::openapi::import_with(
            text.as_bytes(),
            "synthetic",
            &connector_platform::import::ImportOptions::default(),
        )
        .expect("imports")
        .yaml;
        let file = codegen::diag::SourceFile::new("synthetic.yaml", yaml.clone());
        match only.as_deref() {
            Some("yaml") => {
                print!("{yaml}");
                continue;
            }
            Some("read") => {
                let spec = codegen::spec::read_spec(&file, &Default::default());
                assert!(spec.is_ok());
                continue;
            }
            Some("parse") => {
                let value =
                    serde_saphyr::from_str_with_options::<serde_json::Value>(&yaml, yaml_options());
                assert!(value.is_ok());
                continue;
            }
            Some("check") => {
                let spec = codegen::spec::read_spec(&file, &Default::default()).expect("reads");
                let (connector, _) = codegen::check::check(&spec, &file, "synthetic");
                assert!(connector.is_some());
                continue;
            }
            Some(other) => panic!("unknown stage `{other}`"),
            None => {}
        }
        let mut best = [Duration::MAX; 8];
        for _ in 0..runs {
            let (value, parse) = timed(|| {
                serde_saphyr::from_str_with_options::<serde_json::Value>(&yaml, yaml_options())
            });
            let ((), parse_drop) = timed(|| drop(value));
            let (spec, read) = timed(|| codegen::spec::read_spec(&file, &Default::default()));
            let ((), read_drop) = timed(|| drop(spec));
            let (spec, read_deep) = timed(|| codegen::read_source(&file, &Default::default()));
            let spec = spec.expect("reads");
            let (checked, check_only) = timed(|| codegen::check_read(&spec, &file, "synthetic"));
            assert!(checked.connector.is_some());
            let ((), ir_drop) = timed(|| drop(checked));
            drop(spec);
            let (outcome, check) = timed(|| {
                codegen::check_source("synthetic.yaml", yaml.clone(), &Default::default())
            });
            assert!(outcome.connector.is_some());
            let times = [
                parse, parse_drop, read, read_drop, read_deep, check, check_only, ir_drop,
            ];
            for (b, t) in best.iter_mut().zip(times) {
                *b = (*b).min(t);
            }
        }
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        println!(
            "{n}: parse {:.1} (+drop {:.1}) | read {:.1} (+drop {:.1}) | read on deep stack {:.1} | check_read {:.1} (+IR drop {:.1}) | check_source {:.1} | check/parse {:.2}",
            ms(best[0]),
            ms(best[1]),
            ms(best[2]),
            ms(best[3]),
            ms(best[4]),
            ms(best[6]),
            ms(best[7]),
            ms(best[5]),
            ms(best[5]) / ms(best[0])
        );
    }
}

/// Reads every spec named in `list` (one path a line) and writes what the reader gives (the
/// model's debug form, or the rendered diagnostics with their spans) to `out/N.txt`, for
/// comparing two builds of the reader.
fn dump_reads(list: &str, out: &str) {
    std::fs::create_dir_all(out).expect("output folder");
    let list = std::fs::read_to_string(list).expect("list");
    for (n, path) in list.lines().filter(|l| !l.is_empty()).enumerate() {
        let text = match std::fs::read(path) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(e) => format!("unreadable: {e}"),
        };
        let file = codegen::diag::SourceFile::new(path, text);
        let report = match codegen::read_source(&file, &Default::default()) {
            Ok(spec) => format!("{spec:#?}"),
            Err(diagnostics) => {
                let mut text =
                    codegen::diag::render_text(&diagnostics, codegen::diag::RenderStyle::plain());
                for d in &diagnostics {
                    text.push_str(&format!(
                        "{:?} {:?} {:?} {:?} {:?}\n",
                        d.code, d.span, d.message, d.label, d.help
                    ));
                    for r in &d.related {
                        text.push_str(&format!("  related {:?}\n", r.span));
                    }
                }
                text
            }
        };
        std::fs::write(format!("{out}/{n}.txt"), format!("{path}\n{report}")).expect("write");
    }
}
