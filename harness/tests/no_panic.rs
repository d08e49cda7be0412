//! Mangled inputs never make any stage panic: a cheap, deterministic stand-in for the
//! `cargo fuzz` targets in `fuzz/`, run on every `cargo test`. Each test drives the same
//! function a fuzz target calls (`connector_harness::fuzz`): specs through check and every emitter (the
//! Rust parsed with `syn`, JSON and YAML read back), OpenAPI documents and Power Platform
//! definitions through their importers and then the same, and connector files through lint.

use std::path::Path;

use codegen::spec::ReadLimits;

/// How many times the default number of mangled inputs to try: `NO_PANIC_ROUNDS=50` turns the
/// tests into a longer campaign (and adds a sample of `../shared/corpus` to the documents).
fn rounds() -> usize {
    std::env::var("NO_PANIC_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(1)
}

/// A small deterministic generator (xorshift), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const FRAGMENTS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ":",
    "- ",
    "\n",
    "  ",
    "*a",
    "&a ",
    "!!binary ",
    "{x}",
    "{",
    "'",
    "\"",
    "\t",
    "type: ",
    "list: ",
    "fields: ",
    "poll: ",
    "0s",
    "é",
    "\u{0}",
    "---\n",
    "? ",
];

/// Fragments that break JSON documents in interesting places.
const JSON_FRAGMENTS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "\"$ref\": \"#/definitions/x\"",
    "\"$ref\": \"#/\"",
    "\"type\": \"array\"",
    "\"in\": \"path\"",
    "\"x-ms-visibility\": \"internal\"",
    "\"allOf\": [",
    "null",
    "1e999",
    "-0",
    "\"\\u001b[2J\\u202e\"",
    "\"{id}\"",
    "/{a}/{a}",
];

fn mangle(text: &str, rng: &mut Rng) -> String {
    mangle_with(text, FRAGMENTS, rng)
}

fn mangle_with(text: &str, fragments: &[&str], rng: &mut Rng) -> String {
    let mut bytes: Vec<char> = text.chars().collect();
    for _ in 0..1 + rng.below(6) {
        let at = rng.below(bytes.len());
        match rng.below(4) {
            0 => {
                let end = (at + rng.below(40)).min(bytes.len());
                bytes.drain(at..end);
            }
            1 => {
                let fragment = fragments[rng.below(fragments.len())];
                for (i, c) in fragment.chars().enumerate() {
                    bytes.insert((at + i).min(bytes.len()), c);
                }
            }
            2 => {
                let end = (at + rng.below(200)).min(bytes.len());
                let copy: Vec<char> = bytes[at..end].to_vec();
                let to = rng.below(bytes.len());
                for (i, c) in copy.into_iter().enumerate() {
                    bytes.insert((to + i).min(bytes.len()), c);
                }
            }
            _ => bytes.truncate(at),
        }
    }
    bytes.into_iter().collect()
}

#[test]
fn mangled_seed_specs_never_panic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../connectors");
    let mut specs: Vec<_> = std::fs::read_dir(dir)
        .expect("connectors/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().and_then(|e| e.to_str()) == Some("yaml"))
        .collect();
    specs.sort();
    let limits = ReadLimits::default();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let (mut runs, mut emitted) = (0, 0);
    for spec in &specs {
        let text = std::fs::read_to_string(spec).expect("read spec");
        connector_harness::fuzz::check_and_emit(&text);
        for _ in 0..60 * rounds() {
            let mangled = mangle(&text, &mut rng);
            // Diagnostics are rendered, and a spec that still checks is emitted every way and
            // each output parsed back.
            connector_harness::fuzz::check_and_emit(&mangled);
            runs += 1;
            if codegen::check_source("mangled.yaml", mangled, &limits)
                .connector
                .is_some()
            {
                emitted += 1;
            }
        }
    }
    println!("{runs} mangled specs, {emitted} of them checked clean and were emitted");
    assert!(emitted > 0, "no mangled spec reached the emitters");
}

/// A seed document: where it came from, and its bytes.
type Named = (String, Vec<u8>);

/// The generated folders are seeds for both importers and the linter.
fn generated(file: &str) -> Vec<Named> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated");
    let mut found: Vec<_> = std::fs::read_dir(&root)
        .expect("generated/")
        .filter_map(|e| e.ok().map(|e| e.path().join(file)))
        .filter(|p| p.is_file())
        .collect();
    found.sort();
    found
        .into_iter()
        .map(|p| (p.display().to_string(), std::fs::read(&p).expect("reads")))
        .collect()
}

/// The corpus documents under 300 KB (OpenAPI) and every tenth connector definition, for longer
/// campaigns; nothing when `../shared/corpus` is absent.
fn corpus_sample() -> (Vec<Named>, Vec<Named>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
    if !root.is_dir() {
        println!("skipped the corpus sample: no ../shared/corpus beside the project");
        return (Vec::new(), Vec::new());
    }
    let read = |p: &Path| {
        (
            p.display().to_string(),
            std::fs::read(p).unwrap_or_default(),
        )
    };
    let mut documents: Vec<_> = std::fs::read_dir(root.join("openapi"))
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_else(|_| Vec::new());
    documents.sort();
    documents.retain(|p| p.metadata().is_ok_and(|m| m.len() < 300_000));
    let mut definitions = Vec::new();
    let mut stack = vec![root.join("powerplatform")];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path
                .file_name()
                .is_some_and(|n| n == "apiDefinition.swagger.json")
            {
                definitions.push(path);
            }
        }
    }
    definitions.sort();
    let definitions = definitions.iter().step_by(10).map(|p| read(p)).collect();
    (documents.iter().map(|p| read(p)).collect(), definitions)
}

#[test]
fn mangled_documents_never_panic_the_importers_or_lint() {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let mut runs = 0;
    let mut openapi = generated("openapi.yaml");
    let mut swagger = generated("apiDefinition.swagger.json");
    let properties = generated("apiProperties.json");
    assert!(!openapi.is_empty() && !swagger.is_empty() && !properties.is_empty());
    if rounds() > 1 {
        let (documents, definitions) = corpus_sample();
        openapi.extend(documents);
        swagger.extend(definitions);
    }
    for (_, bytes) in &openapi {
        connector_harness::fuzz::import_openapi(bytes);
        let text = String::from_utf8_lossy(bytes);
        for _ in 0..25 * rounds() {
            connector_harness::fuzz::import_openapi(mangle(&text, &mut rng).as_bytes());
            runs += 1;
        }
    }
    for (_, bytes) in swagger.iter().chain(&properties) {
        connector_harness::fuzz::import_powerplatform(bytes, false);
        let text = String::from_utf8_lossy(bytes);
        for round in 0..25 * rounds() {
            let mangled = mangle_with(&text, JSON_FRAGMENTS, &mut rng);
            connector_harness::fuzz::import_powerplatform(mangled.as_bytes(), round % 2 == 0);
            connector_harness::fuzz::import_openapi(mangled.as_bytes());
            connector_harness::fuzz::lint(mangled.as_bytes());
            runs += 3;
        }
    }
    println!("{runs} mangled documents through the importers and lint");
}

/// Nesting up to the depth budget must fit in the 2 MiB stack of a spawned thread (test threads,
/// tokio workers), in debug builds too; deeper nesting is rejected before it recurses further.
#[test]
fn nesting_up_to_the_budget_fits_a_small_stack() {
    let limits = ReadLimits::default();
    for depth in [limits.max_depth - 4, limits.max_depth + 10, 10_000] {
        let open = "[".repeat(depth);
        let close = "]".repeat(depth);
        let spec = format!(
            "title: deep\nbase_url: https://a.example\nobjects:\n  A: {open}string{close}\n"
        );
        let handle = std::thread::Builder::new()
            .stack_size(2 * 1024 * 1024)
            .spawn(move || {
                codegen::check_source("deep.yaml", spec, &ReadLimits::default())
                    .diagnostics
                    .len()
            })
            .expect("spawn");
        handle
            .join()
            .expect("checking deep nesting overflowed a 2 MiB stack");
    }
}
