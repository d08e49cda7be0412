//! Mangled specs never make the compiler panic: a cheap, deterministic stand-in for the
//! `cargo fuzz` target in `fuzz/`, run on every `cargo test`.

use std::path::Path;

use codegen::spec::ReadLimits;

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

fn mangle(text: &str, rng: &mut Rng) -> String {
    let mut bytes: Vec<char> = text.chars().collect();
    for _ in 0..1 + rng.below(6) {
        let at = rng.below(bytes.len());
        match rng.below(4) {
            0 => {
                let end = (at + rng.below(40)).min(bytes.len());
                bytes.drain(at..end);
            }
            1 => {
                let fragment = FRAGMENTS[rng.below(FRAGMENTS.len())];
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
    for spec in &specs {
        let text = std::fs::read_to_string(spec).expect("read spec");
        for _ in 0..60 {
            let mangled = mangle(&text, &mut rng);
            let outcome = codegen::check_source("mangled.yaml", mangled, &limits);
            // Rendering must not panic either, whatever the spans.
            let _ = codegen::diag::render_text(
                &outcome.diagnostics,
                codegen::diag::RenderStyle::plain(),
            );
            let _ = codegen::diag::render_json(&outcome.diagnostics);
        }
    }
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
