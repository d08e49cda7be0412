//! How fast the compiler reads, checks and emits, with a peer measured in the same run so the
//! figures can be read as ratios on any machine:
//!
//! - `import/zoom-openapi`: importing the Zoom OpenAPI document (2.7 MB) into a spec, against
//!   `serde_json` merely parsing the same bytes into a `Value` (the floor any importer pays).
//! - `seeds/*`: checking the five seed specs and emitting their Power Platform folders and Rust
//!   modules, against reading the same YAML into an untyped value.
//!
//! `cargo bench -p connector-platform --bench compile`. The import group needs `../shared/corpus` beside
//! the project and is skipped, with one printed line, without it.

use std::path::{Path, PathBuf};
use std::time::Duration;

use codegen::emit::rust::{emit_module, RustOptions};
use connector_platform::emit::powerplatform;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn import(c: &mut Criterion) {
    let zoom = workspace().join("../shared/corpus/openapi/zoom-meeting.oas3.json");
    let Ok(bytes) = std::fs::read(&zoom) else {
        println!("skipped import benchmarks: no ../shared/corpus beside the project");
        return;
    };
    let mut group = c.benchmark_group("import");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("zoom-openapi", |b| {
        b.iter(|| connector_platform::import::import_path(&zoom).expect("Zoom imports"))
    });
    group.bench_function("peer: serde_json parse", |b| {
        b.iter(|| serde_json::from_slice::<serde_json::Value>(&bytes).expect("parses"))
    });
    group.finish();
}

fn seeds(c: &mut Criterion) {
    let mut specs: Vec<PathBuf> = std::fs::read_dir(workspace().join("connectors"))
        .expect("lists connectors/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    specs.sort();
    let sources: Vec<(PathBuf, String)> = specs
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("reads the spec");
            (p, text)
        })
        .collect();
    let mut group = c.benchmark_group("seeds");
    group.throughput(Throughput::Bytes(
        sources.iter().map(|(_, t)| t.len() as u64).sum(),
    ));
    group.bench_function("check", |b| {
        b.iter(|| {
            for (path, text) in &sources {
                let outcome = codegen::check_source(path, text.clone(), &Default::default());
                assert!(outcome.connector.is_some());
            }
        })
    });
    let connectors: Vec<_> = sources
        .iter()
        .map(|(path, text)| {
            codegen::check_source(path, text.clone(), &Default::default())
                .connector
                .expect("the seeds check")
        })
        .collect();
    group.bench_function("emit power platform", |b| {
        b.iter(|| {
            for connector in &connectors {
                powerplatform::emit(connector);
            }
        })
    });
    group.bench_function("emit rust", |b| {
        b.iter(|| {
            for connector in &connectors {
                emit_module(connector, &RustOptions::default()).expect("emits");
            }
        })
    });
    group.bench_function("peer: untyped yaml parse", |b| {
        b.iter(|| {
            for (_, text) in &sources {
                serde_saphyr::from_str::<serde_json::Value>(text).expect("parses");
            }
        })
    });
    group.finish();
}

criterion_group!(benches, import, seeds);
criterion_main!(benches);
