//! Each of our stages' instructions at each size, counted by valgrind's callgrind, so that a
//! growth per 10× says how the work grows whatever the machine's memory and neighbours do.
//!
//! A stage's count is that of a child process which makes the stage's input and runs the stage
//! once, less that of a child which only makes the input: the difference is the stage, with its
//! threads and the freeing it hands to threads of its own. A child is this binary again, told
//! what to do by `SCALING_STAGE`.

use std::path::PathBuf;
use std::process::Command;

use codegen::ir::Connector;

use crate::{doc, ours};

/// The variable that makes this binary a child: `<stage>:<operations>` makes the input and
/// runs the stage, `input:<stage>:<operations>` only makes the input.
pub const CHILD_VARIABLE: &str = "SCALING_STAGE";

/// A stage whose instructions are counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// The document into `serde_json::Value`: the floor of the import.
    JsonParse,
    /// The OpenAPI document to spec text (`connectorc import`).
    Import,
    /// The document to the checked connector (`connectorc rust --import`).
    ImportChecked,
    /// The imported spec into `serde_json::Value`: the floor of the check.
    YamlParse,
    /// The imported spec to the checked connector.
    Check,
    /// The checked connector to the Rust module.
    RustEmit,
    /// The checked connector to the Power Platform and OpenAPI files.
    PpEmit,
    /// progenitor's client for the document, formatted (the peer).
    Progenitor,
}

impl Stage {
    /// Every stage, in the table's order, the peer last.
    pub const ALL: [Stage; 8] = [
        Stage::JsonParse,
        Stage::Import,
        Stage::ImportChecked,
        Stage::YamlParse,
        Stage::Check,
        Stage::RustEmit,
        Stage::PpEmit,
        Stage::Progenitor,
    ];

    /// The stage's column heading, also its name in [`CHILD_VARIABLE`].
    pub fn name(self) -> &'static str {
        match self {
            Stage::JsonParse => "JSON parse",
            Stage::Import => "import",
            Stage::ImportChecked => "import checked in memory",
            Stage::YamlParse => "YAML parse",
            Stage::Check => "check",
            Stage::RustEmit => "Rust emit",
            Stage::PpEmit => "PP emit",
            Stage::Progenitor => "progenitor",
        }
    }

    fn named(name: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|s| s.name() == name)
    }
}

/// What a stage reads, made before it runs.
enum Input {
    Document(String),
    Spec(String),
    Connector(Box<Connector>),
}

fn input(stage: Stage, operations: usize) -> Result<Input, String> {
    let text = doc::openapi(operations);
    if matches!(
        stage,
        Stage::JsonParse | Stage::Import | Stage::ImportChecked | Stage::Progenitor
    ) {
        return Ok(Input::Document(text));
    }
    let yaml = ours::import_yaml(&text)?;
    drop(text);
    codegen::drop_later::wait_for_pending();
    if matches!(stage, Stage::YamlParse | Stage::Check) {
        return Ok(Input::Spec(yaml));
    }
    let connector = ours::check_yaml(yaml)?;
    codegen::drop_later::wait_for_pending();
    Ok(Input::Connector(Box::new(connector)))
}

fn run(stage: Stage, input: &Input) -> Result<(), String> {
    use std::hint::black_box;
    match (stage, input) {
        (Stage::JsonParse, Input::Document(text)) => {
            black_box(serde_json::from_str::<serde_json::Value>(text).map_err(|e| e.to_string())?);
        }
        (Stage::Import, Input::Document(text)) => {
            black_box(ours::import_yaml(text)?);
        }
        (Stage::ImportChecked, Input::Document(text)) => {
            black_box(ours::import_checked(text)?);
        }
        (Stage::YamlParse, Input::Spec(yaml)) => {
            black_box(
                serde_saphyr::from_str_with_options::<serde_json::Value>(
                    yaml,
                    ours::yaml_options(),
                )
                .map_err(|e| e.to_string())?,
            );
        }
        (Stage::Check, Input::Spec(yaml)) => {
            black_box(ours::check_yaml(yaml.clone())?);
        }
        (Stage::RustEmit, Input::Connector(connector)) => {
            black_box(
                codegen::emit::rust::emit_module(
                    connector,
                    &codegen::emit::rust::RustOptions::default(),
                )
                .map_err(|e| e.to_string())?,
            );
        }
        (Stage::PpEmit, Input::Connector(connector)) => {
            black_box(connector_platform::emit::folder::connector_files(connector));
        }
        (Stage::Progenitor, Input::Document(text)) => {
            black_box(crate::peer::run(text)?);
        }
        _ => return Err(format!("no input of the right kind for {}", stage.name())),
    }
    codegen::drop_later::wait_for_pending();
    Ok(())
}

/// The child's side: does what `spec` (the value of [`CHILD_VARIABLE`]) says.
pub fn child(spec: &str) -> Result<(), String> {
    let (input_only, spec) = match spec.strip_prefix("input:") {
        Some(rest) => (true, rest),
        None => (false, spec),
    };
    let (name, operations) = spec
        .rsplit_once(':')
        .ok_or_else(|| format!("{CHILD_VARIABLE}=<stage>:<operations>, not `{spec}`"))?;
    let stage = Stage::named(name).ok_or_else(|| format!("no stage `{name}`"))?;
    let operations: usize = operations
        .parse()
        .map_err(|_| format!("bad operation count `{operations}`"))?;
    let input = input(stage, operations)?;
    if !input_only {
        run(stage, &input)?;
    }
    drop(input);
    Ok(())
}

/// The instructions `stage` executes at `operations`, in all its threads.
pub fn count(stage: Stage, operations: usize) -> Result<f64, String> {
    let whole = child_instructions(&format!("{}:{operations}", stage.name()))?;
    let input = child_instructions(&format!("input:{}:{operations}", stage.name()))?;
    if whole <= input {
        return Err(format!(
            "{} at {operations} counted nothing ({whole} against {input})",
            stage.name()
        ));
    }
    Ok(whole - input)
}

/// Every instruction a child with `SCALING_STAGE=<spec>` executes, counted by callgrind.
fn child_instructions(spec: &str) -> Result<f64, String> {
    let out = std::env::temp_dir().join(format!(
        "scaling-{}-{}.callgrind",
        spec.replace(|c: char| !c.is_ascii_alphanumeric(), "_"),
        std::process::id()
    ));
    let exe: PathBuf =
        std::env::current_exe().map_err(|e| format!("this binary's own path: {e}"))?;
    let status = Command::new("valgrind")
        .arg("--tool=callgrind")
        .arg("--quiet")
        .arg(format!("--callgrind-out-file={}", out.display()))
        .arg(exe)
        .env(CHILD_VARIABLE, spec)
        .status()
        .map_err(|e| format!("valgrind does not run (is it installed?): {e}"))?;
    let text = std::fs::read_to_string(&out);
    let _ = std::fs::remove_file(&out);
    if !status.success() {
        return Err(format!("the child for `{spec}` failed under valgrind"));
    }
    text.map_err(|e| format!("callgrind wrote no counts for `{spec}`: {e}"))?
        .lines()
        .find_map(|line| line.strip_prefix("summary:"))
        .and_then(|n| n.trim().parse::<f64>().ok())
        .ok_or_else(|| format!("no summary line in callgrind's counts for `{spec}`"))
}

/// Counts every stage at every size (progenitor's too when `peer`), two children at a time, and
/// prints the counts, each stage's growth per 10× of input and, with the peer, our pipeline's
/// count against progenitor's.
pub fn print_table(sizes: &[usize], peer: bool) -> Result<(), String> {
    let stages: Vec<Stage> = Stage::ALL
        .into_iter()
        .filter(|&s| peer || s != Stage::Progenitor)
        .collect();
    let jobs: Vec<(usize, Stage)> = sizes
        .iter()
        .flat_map(|&n| stages.iter().map(move |&s| (n, s)))
        .collect();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results: Vec<std::sync::Mutex<Option<Result<f64, String>>>> =
        jobs.iter().map(|_| std::sync::Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(&(n, stage)) = jobs.get(i) else {
                    break;
                };
                let counted = count(stage, n);
                eprintln!("counted {} at {n}", stage.name());
                *results[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(counted);
            });
        }
    });
    let mut counts = Vec::with_capacity(jobs.len());
    for slot in results {
        let counted = slot.into_inner().unwrap_or_else(|e| e.into_inner());
        counts.push(counted.ok_or("a count was not made")??);
    }
    let heading: Vec<&str> = stages.iter().map(|s| s.name()).collect();
    println!("| operations | {} |", heading.join(" | "));
    println!("|---:|{}", "---:|".repeat(heading.len()));
    let per_size: Vec<&[f64]> = counts.chunks(stages.len()).collect();
    for (n, row) in sizes.iter().zip(&per_size) {
        let cells: Vec<String> = row.iter().map(|c| format!("{:.1}", c / 1e6)).collect();
        println!("| {n} | {} |", cells.join(" | "));
    }
    println!("(millions of instructions, every thread, counted by callgrind: a child that makes the input and runs the stage, less one that only makes the input)");
    println!();
    println!("| growth | {} |", heading.join(" | "));
    println!("|---|{}", "---:|".repeat(heading.len()));
    for (pair, rows) in sizes.windows(2).zip(per_size.windows(2)) {
        if pair[1] != pair[0] * 10 {
            continue;
        }
        let cells: Vec<String> = rows[0]
            .iter()
            .zip(rows[1].iter())
            .map(|(a, b)| format!("{:.1}×", b / a))
            .collect();
        println!("| {} → {} | {} |", pair[0], pair[1], cells.join(" | "));
    }
    if peer {
        print_against_peer(sizes, &stages, &per_size);
    }
    Ok(())
}

/// Our pipeline (import, check, Rust emit) and the in-memory one against progenitor, in
/// instructions per size.
fn print_against_peer(sizes: &[usize], stages: &[Stage], per_size: &[&[f64]]) {
    let at = |row: &[f64], stage: Stage| {
        stages
            .iter()
            .position(|&s| s == stage)
            .map_or(0.0, |i| row[i])
    };
    println!();
    println!("| operations | ours: import + check + Rust emit | ours in memory: import checked + Rust emit | progenitor | ours ÷ progenitor | in memory ÷ progenitor |");
    println!("|---:|---:|---:|---:|---:|---:|");
    for (n, row) in sizes.iter().zip(per_size) {
        let ours = at(row, Stage::Import) + at(row, Stage::Check) + at(row, Stage::RustEmit);
        let in_memory = at(row, Stage::ImportChecked) + at(row, Stage::RustEmit);
        let peer = at(row, Stage::Progenitor);
        println!(
            "| {n} | {:.1} | {:.1} | {:.1} | {:.3} | {:.3} |",
            ours / 1e6,
            in_memory / 1e6,
            peer / 1e6,
            ours / peer,
            in_memory / peer
        );
    }
    println!("(millions of instructions, every thread; ours runs on two threads where it can, so its wall time is below what its count says against progenitor's one thread)");
}
