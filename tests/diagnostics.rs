//! Snapshot tests of rendered diagnostics.
//!
//! Every file in `tests/diagnostics/` is one broken connector spec, named `NNN_what_is_wrong.yaml`.
//! Its first line says which codes the checker must report for it:
//!
//! ```yaml
//! # expect: C0101, W0801
//! ```
//!
//! For each fixture (in name order) the test checks the spec, snapshots the plain-text report
//! (`tests/snapshots/diagnostics__NNN_what_is_wrong.snap`) and asserts that the set of codes
//! reported is exactly the expected set. Together the fixtures must expect every code of
//! [`Code::ALL`] except `C0006` (I/O), which is tested on a path that does not exist, and `W0806`
//! (platform rules), which `connectorc check` adds from the linter and `connectorc/tests/cli_start.rs`
//! tests.
//!
//! Every report must also point where it says (its byte offset is at its line and column) and
//! name each problem once.
//!
//! A fixture whose report is known to be wrong is listed in [`KNOWN_DEFECTS`] (other codes than
//! the fixture's intent, with the codes reported today), [`KNOWN_SPAN_DEFECTS`] or
//! [`KNOWN_DUPLICATES`]; the test then accepts the defect, so a fix shows up as a failure that asks
//! for the entry to be removed.
//!
//! Hostile inputs (an alias bomb, 10,000-deep nesting, a 50 MB scalar) are built in memory and
//! must come back as one clear error without a panic.
//!
//! Accept new or changed snapshots with `INSTA_UPDATE=always cargo test --test diagnostics`
//! (or `cargo insta review`), then read them.

use std::collections::BTreeSet;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::Instant;

use codegen::diag::{render_json, render_text, Code, Diagnostic, RenderStyle};
use codegen::spec::ReadLimits;
use codegen::CheckOutcome;

/// The fixture directory, relative to the crate root (and so to the test's working directory).
const FIXTURES: &str = "tests/diagnostics";

/// The fixture with several independent errors that must all be reported, in source order.
const FIVE_ERRORS: &str = "049_five_independent_errors";

/// Fixtures whose report does not match their `# expect:` line yet, with the codes the checker
/// reports for them today and why that is wrong. Remove an entry when the checker is fixed.
const KNOWN_DEFECTS: &[(&str, &[&str], &str)] = &[];

/// Fixtures whose diagnostics point somewhere else than the line and column they name (the
/// snippet is rendered from the byte offset, the header from line and column).
const KNOWN_SPAN_DEFECTS: &[(&str, &str)] = &[];

/// Fixtures that report one mistake more than once, with how many diagnostics they give today
/// (each has one mistake). Elsewhere a repeated code and message counts as a duplicate, since no
/// fixture repeats a mistake.
const KNOWN_DUPLICATES: &[(&str, usize, &str)] = &[];

/// Fixtures whose help suggests the very word that is wrong (`unknown value `x``, `did you mean
/// `x`?`).
const KNOWN_SELF_SUGGESTIONS: &[(&str, &str)] = &[];

/// One fixture file.
struct Fixture {
    /// File stem, used as the snapshot name.
    name: String,
    /// Path relative to the crate root, as the diagnostics show it.
    path: PathBuf,
    text: String,
    /// The codes of the `# expect:` line.
    expected: BTreeSet<String>,
}

fn fixtures() -> Vec<Fixture> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths: Vec<PathBuf> = std::fs::read_dir(root.join(FIXTURES))
        .expect("tests/diagnostics exists")
        .map(|entry| entry.expect("readable directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| Path::new(FIXTURES).join(p.file_name().expect("file name")))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let name = path
                .file_stem()
                .expect("file name")
                .to_string_lossy()
                .into_owned();
            let text = std::fs::read_to_string(root.join(&path)).expect("readable fixture");
            let expected = expect_line(&name, &text);
            Fixture {
                name,
                path,
                text,
                expected,
            }
        })
        .collect()
}

/// The codes of a fixture's first line, `# expect: C0101, W0801`.
fn expect_line(name: &str, text: &str) -> BTreeSet<String> {
    let first = text.lines().next().unwrap_or("");
    let codes = first
        .strip_prefix("# expect:")
        .unwrap_or_else(|| panic!("{name}: the first line must be `# expect: CODE, …`"));
    let codes: BTreeSet<String> = codes
        .split([',', ' '])
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect();
    assert!(!codes.is_empty(), "{name}: `# expect:` lists no code");
    for code in &codes {
        assert!(
            Code::ALL.iter().any(|c| c.as_str() == code),
            "{name}: `{code}` in `# expect:` is not a diagnostic code"
        );
    }
    codes
}

fn check(fixture: &Fixture) -> CheckOutcome {
    let path = fixture.path.clone();
    let text = fixture.text.clone();
    on_big_stack(move || codegen::check_source(path, text, &ReadLimits::default()))
}

/// Stack of the threads that run the checker: the size of a process's main thread (where
/// `connectorc` and build scripts run it).
///
/// Known defect: a test thread's default 2 MB stack is not enough in debug builds. Nesting of
/// about 100 flow sequences, below the reader's depth limit of 128, overflows it and aborts the
/// process (`008_nesting_beyond_limit` does). The depth limit must fit the stack.
const STACK_BYTES: usize = 8 * 1024 * 1024;

fn on_big_stack<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(STACK_BYTES)
        .spawn(work)
        .expect("spawn a checker thread")
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

fn codes(diagnostics: &[Diagnostic]) -> BTreeSet<String> {
    diagnostics
        .iter()
        .map(|d| d.code.as_str().to_owned())
        .collect()
}

fn render(diagnostics: &[Diagnostic]) -> String {
    render_text(diagnostics, RenderStyle::plain())
}

#[test]
fn fixtures_render_as_snapshotted() {
    let fixtures = fixtures();
    assert!(fixtures.len() >= 36, "only {} fixtures", fixtures.len());
    let mut failures = Vec::new();
    for fixture in &fixtures {
        let outcome = check(fixture);
        let rendered = render(&outcome.diagnostics);
        let name = fixture.name.clone();
        let result = catch_unwind(AssertUnwindSafe(|| {
            insta::assert_snapshot!(name, rendered);
        }));
        if result.is_err() {
            failures.push(fixture.name.clone());
        }
    }
    assert!(
        failures.is_empty(),
        "snapshots differ for: {}",
        failures.join(", ")
    );
}

#[test]
fn fixtures_report_exactly_the_expected_codes() {
    let mut problems = Vec::new();
    for fixture in &fixtures() {
        let outcome = check(fixture);
        let actual = codes(&outcome.diagnostics);
        let known = KNOWN_DEFECTS.iter().find(|(n, _, _)| *n == fixture.name);
        // Every fixture is broken, so it must be reported; a checker that misses the mistake
        // entirely is only tolerated as a listed known defect.
        if outcome.diagnostics.is_empty() && known.is_none_or(|(_, today, _)| !today.is_empty()) {
            problems.push(format!("{}: no diagnostic at all", fixture.name));
            continue;
        }
        if outcome.connector.is_some() && outcome.has_errors() {
            problems.push(format!(
                "{}: errors, yet a connector was built",
                fixture.name
            ));
        }
        match known {
            Some((_, today, why)) => {
                let today: BTreeSet<String> = today.iter().map(|c| (*c).to_owned()).collect();
                if actual == fixture.expected {
                    problems.push(format!(
                        "{}: now reports the expected {:?}; remove it from KNOWN_DEFECTS and \
                         re-accept its snapshot",
                        fixture.name, fixture.expected
                    ));
                } else if actual != today {
                    problems.push(format!(
                        "{}: expected {:?} (known defect: {why}; reported {:?} before), got {:?}",
                        fixture.name, fixture.expected, today, actual
                    ));
                } else {
                    eprintln!("known defect in {}: {why}", fixture.name);
                }
            }
            None if actual != fixture.expected => problems.push(format!(
                "{}: expected {:?}, got {:?}\n{}",
                fixture.name,
                fixture.expected,
                actual,
                render(&outcome.diagnostics)
            )),
            None => {}
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_checker_code_has_a_fixture() {
    let covered: BTreeSet<String> = fixtures()
        .iter()
        .flat_map(|f| f.expected.iter().cloned())
        .collect();
    let producible: BTreeSet<String> = Code::ALL
        .iter()
        .filter(|c| !matches!(c, Code::Io | Code::PlatformRule))
        .map(|c| c.as_str().to_owned())
        .collect();
    let missing: Vec<&String> = producible.difference(&covered).collect();
    assert!(missing.is_empty(), "codes without a fixture: {missing:?}");
    let unknown: Vec<&String> = covered.difference(&producible).collect();
    assert!(
        unknown.is_empty(),
        "fixtures expect codes outside Code::ALL: {unknown:?}"
    );
}

#[test]
fn known_defects_name_existing_fixtures() {
    let names: BTreeSet<String> = fixtures().into_iter().map(|f| f.name).collect();
    let listed = KNOWN_DEFECTS
        .iter()
        .map(|(n, _, _)| *n)
        .chain(KNOWN_SPAN_DEFECTS.iter().map(|(n, _)| *n))
        .chain(KNOWN_DUPLICATES.iter().map(|(n, _, _)| *n))
        .chain(KNOWN_SELF_SUGGESTIONS.iter().map(|(n, _)| *n));
    for name in listed {
        assert!(
            names.contains(name),
            "a known-defect list names no fixture `{name}`"
        );
    }
}

/// Line and column of byte `offset` in `text` (1-based, columns in characters).
fn line_column(text: &str, offset: usize) -> (u32, u32) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line as u32, column as u32)
}

#[test]
fn spans_point_where_they_say() {
    let mut problems = Vec::new();
    for fixture in &fixtures() {
        let known = KNOWN_SPAN_DEFECTS.iter().find(|(n, _)| *n == fixture.name);
        let outcome = check(fixture);
        let mut wrong = Vec::new();
        for d in &outcome.diagnostics {
            if !d.span.is_known() {
                wrong.push(format!("{} `{}` has no location", d.code, d.message));
                continue;
            }
            let at = line_column(&fixture.text, d.span.start());
            if at != (d.span.line, d.span.column) {
                wrong.push(format!(
                    "{} `{}` says {}:{} but its offset {} is at {}:{}",
                    d.code, d.message, d.span.line, d.span.column, d.span.offset, at.0, at.1
                ));
            }
            // A span may sit at the very end (`found nothing`), but not beyond it.
            if d.span.start() > fixture.text.len() {
                wrong.push(format!(
                    "{} `{}` starts past the end of the file",
                    d.code, d.message
                ));
            }
        }
        match (known, wrong.is_empty()) {
            (None, true) => {}
            (None, false) => problems.push(format!("{}: {}", fixture.name, wrong.join("; "))),
            (Some((_, why)), false) => eprintln!("known span defect in {}: {why}", fixture.name),
            (Some(_), true) => problems.push(format!(
                "{}: spans are right now; remove it from KNOWN_SPAN_DEFECTS",
                fixture.name
            )),
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn no_problem_is_reported_twice() {
    let mut problems = Vec::new();
    for fixture in &fixtures() {
        let outcome = check(fixture);
        let count = outcome.diagnostics.len();
        match KNOWN_DUPLICATES.iter().find(|(n, _, _)| *n == fixture.name) {
            Some((_, today, why)) if count == *today => {
                eprintln!("known duplicate in {}: {why}", fixture.name);
            }
            Some((_, today, _)) => problems.push(format!(
                "{}: {count} diagnostics where there were {today}; if the duplicate is gone, remove \
                 it from KNOWN_DUPLICATES and re-accept its snapshot",
                fixture.name
            )),
            None => {
                let mut seen = BTreeSet::new();
                let repeated: Vec<String> = outcome
                    .diagnostics
                    .iter()
                    .filter(|d| !seen.insert((d.code, d.message.clone())))
                    .map(|d| format!("{} `{}`", d.code, d.message))
                    .collect();
                if !repeated.is_empty() {
                    problems.push(format!(
                        "{}: reported twice: {}",
                        fixture.name,
                        repeated.join("; ")
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The first `` `word` `` of `text`.
fn first_quoted(text: &str) -> Option<&str> {
    let start = text.find('`')? + 1;
    let len = text[start..].find('`')?;
    Some(&text[start..start + len])
}

#[test]
fn suggestions_differ_from_the_mistake() {
    let mut problems = Vec::new();
    for fixture in &fixtures() {
        let outcome = check(fixture);
        let selfish: Vec<String> = outcome
            .diagnostics
            .iter()
            .filter(|d| {
                let suggested = d
                    .help
                    .as_deref()
                    .and_then(|h| h.split_once("did you mean "))
                    .and_then(|(_, rest)| first_quoted(rest));
                suggested.is_some() && suggested == first_quoted(&d.message)
            })
            .map(|d| {
                format!(
                    "{} `{}` / help `{}`",
                    d.code,
                    d.message,
                    d.help.as_deref().unwrap_or("")
                )
            })
            .collect();
        let known = KNOWN_SELF_SUGGESTIONS
            .iter()
            .find(|(n, _)| *n == fixture.name);
        match (known, selfish.is_empty()) {
            (None, true) => {}
            (None, false) => problems.push(format!("{}: {}", fixture.name, selfish.join("; "))),
            (Some((_, why)), false) => {
                eprintln!("known self-suggestion in {}: {why}", fixture.name)
            }
            (Some(_), true) => problems.push(format!(
                "{}: no self-suggestion any more; remove it from KNOWN_SELF_SUGGESTIONS",
                fixture.name
            )),
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn independent_errors_are_reported_together_in_source_order() {
    let fixture = fixtures()
        .into_iter()
        .find(|f| f.name == FIVE_ERRORS)
        .expect("the five-errors fixture exists");
    let outcome = check(&fixture);
    let errors: Vec<&Diagnostic> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect();
    let error_codes: BTreeSet<Code> = errors.iter().map(|d| d.code).collect();
    let error_lines: BTreeSet<u32> = errors.iter().map(|d| d.span.line).collect();
    assert!(errors.len() >= 5, "only {} errors", errors.len());
    assert!(
        error_codes.len() >= 5,
        "only {} distinct codes",
        error_codes.len()
    );
    assert!(
        error_lines.len() >= 5,
        "errors on only {} lines",
        error_lines.len()
    );
    let positions: Vec<(u32, u32)> = outcome
        .diagnostics
        .iter()
        .map(|d| (d.span.line, d.span.column))
        .collect();
    let mut sorted = positions.clone();
    sorted.sort();
    assert_eq!(positions, sorted, "diagnostics are not in source order");
    insta::assert_snapshot!(
        "049_five_independent_errors_json",
        render_json(&outcome.diagnostics)
    );
}

#[test]
fn missing_file_is_an_io_error() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(FIXTURES)
        .join("does_not_exist.yaml");
    let outcome = codegen::check_file(&path);
    assert_eq!(outcome.diagnostics.len(), 1, "{:?}", outcome.diagnostics);
    let diagnostic = &outcome.diagnostics[0];
    assert_eq!(diagnostic.code, Code::Io);
    assert!(diagnostic.is_error());
    assert!(
        diagnostic.message.contains("does_not_exist.yaml"),
        "the message names the file: {}",
        diagnostic.message
    );
    assert!(outcome.connector.is_none());
}

/// Checks hostile text and returns its single error, printing how long it took.
fn hostile(what: &str, text: String) -> Diagnostic {
    let started = Instant::now();
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        codegen::check_source(format!("hostile/{what}.yaml"), text, &ReadLimits::default())
    }))
    .unwrap_or_else(|_| panic!("{what}: the checker panicked"));
    eprintln!("{what}: rejected in {:?}", started.elapsed());
    assert!(outcome.connector.is_none(), "{what}: accepted");
    assert_eq!(
        outcome.diagnostics.len(),
        1,
        "{what}: {}",
        render(&outcome.diagnostics)
    );
    let diagnostic = outcome.diagnostics.into_iter().next().expect("one");
    assert!(diagnostic.is_error(), "{what}: {}", diagnostic.message);
    diagnostic
}

/// Hostile YAML must be refused as a resource limit (C0005). Known defect: the alias bomb and the
/// 10,000-deep nesting come back as C0003 "invalid value: …" (serde-saphyr's budget errors are not
/// all recognised as budget breaches); accept that code too, as long as the message says why.
fn assert_resource_limit(what: &str, diagnostic: &Diagnostic, words: &[&str]) {
    let message = diagnostic.message.to_lowercase();
    match diagnostic.code {
        Code::ResourceLimit => {}
        Code::InvalidValue if words.iter().any(|w| message.contains(w)) => {
            eprintln!(
                "known defect: {what} is reported as {} rather than C0005: {}",
                diagnostic.code, diagnostic.message
            );
        }
        other => panic!(
            "{what}: expected C0005, got {other}: {}",
            diagnostic.message
        ),
    }
}

const HOSTILE_HEAD: &str = "title: Hostile\nbase_url: https://api.example.com/v1\n";

#[test]
fn alias_bomb_is_refused() {
    // Ten levels of ten aliases each: 10^10 strings once expanded.
    let mut text = String::from(HOSTILE_HEAD);
    text.push_str("extensions:\n");
    text.push_str("  x-a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for level in 1..=9 {
        let refs = vec![format!("*a{}", level - 1); 10].join(",");
        text.push_str(&format!("  x-a{level}: &a{level} [{refs}]\n"));
    }
    let diagnostic = hostile("alias_bomb", text);
    assert_resource_limit("alias bomb", &diagnostic, &["alias", "limit", "budget"]);
}

#[test]
fn deep_nesting_is_refused() {
    let depth = 10_000;
    let mut text = String::from(HOSTILE_HEAD);
    text.push_str("extensions:\n  x-deep: ");
    text.push_str(&"[".repeat(depth));
    text.push_str(&"]".repeat(depth));
    text.push('\n');
    let diagnostic = hostile("deep_nesting", text);
    assert_resource_limit(
        "deep nesting",
        &diagnostic,
        &["depth", "recursion", "limit", "budget"],
    );
}

#[test]
fn huge_scalar_is_refused() {
    let size = 50 * 1024 * 1024;
    let mut text = String::with_capacity(size + 200);
    text.push_str(HOSTILE_HEAD);
    text.push_str("description: ");
    text.push_str(&"a".repeat(size));
    text.push('\n');
    let diagnostic = hostile("huge_scalar", text);
    assert_eq!(
        diagnostic.code,
        Code::ResourceLimit,
        "{}",
        diagnostic.message
    );
}
