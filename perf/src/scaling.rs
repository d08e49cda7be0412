//! Our pipeline and progenitor's on the same synthetic OpenAPI documents, in the same run.
//!
//! `cargo run --release --manifest-path perf/Cargo.toml --bin scaling` prints, per size (10, 100,
//! 1,000 and 10,000 operations by default), the time of each of our stages, progenitor's time
//! and the ratio, then each column's growth per 10× of input. Each figure is the fastest of
//! `--runs` runs at every size (fewer only where a size has taken a minute); the sizes take turns,
//! one run each per round, so that a drift of the machine's speed touches all of them and a
//! growth compares like with like. The table says how many runs each size got. The bare parses of each stage's
//! input are beside the stages.
//! Options: `--sizes 10,100,1000`, `--runs N`, `--no-peer`.
//!
//! `--instructions` counts instead of timing: each of our stages' instructions at each size
//! under valgrind's callgrind, their growth per 10×, and (without `--no-peer`) our pipeline's
//! count against progenitor's. Wall time on a virtual machine grows with how much fresh memory
//! the kernel hands out; instructions grow with the work. At 10,000 operations it takes some
//! minutes (with progenitor, ten or more).

use std::time::Duration;

use codegen_perf::{doc, instructions, ours, peer};

struct Row {
    ops: usize,
    runs: usize,
    ours: ours::Stages,
    peer: Option<Duration>,
    ours_lines: usize,
    peer_lines: usize,
}

struct Args {
    sizes: Vec<usize>,
    runs: usize,
    peer: bool,
    instructions: bool,
}

fn args() -> Result<Args, String> {
    let mut parsed = Args {
        sizes: vec![10, 100, 1_000, 10_000],
        runs: 5,
        peer: true,
        instructions: false,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--sizes" => {
                let list = args.next().ok_or("--sizes needs a list: 10,100")?;
                parsed.sizes = list
                    .split(',')
                    .map(|s| s.trim().parse().map_err(|_| format!("bad size `{s}`")))
                    .collect::<Result<_, _>>()?;
            }
            "--runs" => {
                let n = args.next().ok_or("--runs needs a number")?;
                parsed.runs = n.parse().map_err(|_| format!("bad run count `{n}`"))?;
            }
            "--no-peer" => parsed.peer = false,
            "--instructions" => parsed.instructions = true,
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(parsed)
}

/// The fastest times of one size so far, and the time its runs have taken.
struct Best {
    row: Row,
    best: Option<ours::Stages>,
    spent: Duration,
}

impl Best {
    /// One run of every stage (and of the peer) on `text`, kept where it is the fastest yet.
    fn run_once(&mut self, text: &str, peer_too: bool) -> Result<(), String> {
        self.row.runs += 1;
        let (code, stages) = ours::run(text)?;
        self.row.ours_lines = code.lines().count();
        self.best = Some(self.best.map_or(stages, |b| b.min(stages)));
        self.spent += stages.pipeline();
        if peer_too {
            let (code, took) = peer::run(text)?;
            self.row.peer_lines = code.lines().count();
            self.row.peer = Some(self.row.peer.map_or(took, |b| b.min(took)));
            self.spent += took;
        }
        Ok(())
    }
}

/// At most `runs` rounds, each running every size once, smallest first: a drift of the
/// machine's speed during the call touches every size alike, so a growth compares like with
/// like. A size that has taken a minute sits out the remaining rounds (the fastest run is the
/// least disturbed; the table says how many runs each size got).
fn measure(sizes: &[usize], runs: usize, peer_too: bool) -> Result<Vec<Row>, String> {
    let texts: Vec<String> = sizes.iter().map(|&ops| doc::openapi(ops)).collect();
    let mut all: Vec<Best> = sizes
        .iter()
        .map(|&ops| Best {
            row: Row {
                ops,
                runs: 0,
                ours: ours::Stages::default(),
                peer: None,
                ours_lines: 0,
                peer_lines: 0,
            },
            best: None,
            spent: Duration::ZERO,
        })
        .collect();
    for round in 0..runs.max(1) {
        for (best, text) in all.iter_mut().zip(&texts) {
            if round > 0 && best.spent > Duration::from_secs(60) {
                continue;
            }
            best.run_once(text, peer_too)
                .map_err(|e| format!("at {} operations: {e}", best.row.ops))?;
        }
        eprintln!("round {} of {} done", round + 1, runs.max(1));
    }
    Ok(all
        .into_iter()
        .map(|mut best| {
            best.row.ours = best.best.unwrap_or_default();
            best.row
        })
        .collect())
}

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1e3)
}

fn print_rows(rows: &[Row]) {
    println!(
        "| operations | runs | JSON parse | import | YAML parse | check | Rust emit | ours total | import checked in memory | ours in memory | PP emit | build | check CLI | progenitor | ours ÷ progenitor | in memory ÷ progenitor | lines ours / progenitor |"
    );
    println!(
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    );
    for row in rows {
        let s = &row.ours;
        let (peer, ratio, in_memory_ratio) = match row.peer {
            Some(p) => (
                ms(p),
                format!("{:.3}", s.pipeline().as_secs_f64() / p.as_secs_f64()),
                format!("{:.3}", s.in_memory().as_secs_f64() / p.as_secs_f64()),
            ),
            None => ("-".into(), "-".into(), "-".into()),
        };
        println!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} / {} |",
            row.ops,
            row.runs,
            ms(s.parse),
            ms(s.import),
            ms(s.spec_parse),
            ms(s.check),
            ms(s.rust),
            ms(s.pipeline()),
            ms(s.import_checked),
            ms(s.in_memory()),
            ms(s.build),
            ms(s.build_cli),
            ms(s.check_cli),
            peer,
            ratio,
            in_memory_ratio,
            row.ours_lines,
            row.peer_lines
        );
    }
    println!(
        "(times in ms, fastest of the runs; ours total = import + check + Rust emit; import \
         checked in memory: the import ending with the checked connector, no spec text between \
         (`connectorc rust --import`); ours in memory = that + Rust emit; JSON parse: \
         the document into serde_json::Value, the floor of import; YAML parse: the imported spec \
         into serde_json::Value, the floor of check; PP emit: Power Platform and OpenAPI files \
         from the IR; build: `connectorc build` of the imported spec, file to written folder; \
         check CLI: `connectorc check` of it, the platform's rules and the rendered report)"
    );
    match std::env::var("MIMALLOC_PURGE_DELAY") {
        Ok(delay) => println!(
            "(allocator: mimalloc with page_reclaim_on_free=1 and MIMALLOC_PURGE_DELAY={delay})"
        ),
        Err(_) => println!(
            "(allocator: mimalloc with page_reclaim_on_free=1 and otherwise its defaults, as \
             `connectorc` ships)"
        ),
    }
}

/// Each column's growth per 10× of input, the bare parses first: they are linear work whose
/// growth shows what the machine's caches and memory add at the larger size.
fn print_growth(rows: &[Row]) {
    println!();
    println!(
        "| growth | JSON parse | YAML parse | import | check | Rust emit | ours total | import checked in memory | ours in memory | PP emit | build | check CLI | progenitor |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    let growth = |a: Duration, b: Duration| format!("{:.1}×", b.as_secs_f64() / a.as_secs_f64());
    for pair in rows.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        if b.ops != a.ops * 10 {
            continue;
        }
        let peer = match (a.peer, b.peer) {
            (Some(x), Some(y)) => growth(x, y),
            _ => "-".into(),
        };
        println!(
            "| {} → {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            a.ops,
            b.ops,
            growth(a.ours.parse, b.ours.parse),
            growth(a.ours.spec_parse, b.ours.spec_parse),
            growth(a.ours.import, b.ours.import),
            growth(a.ours.check, b.ours.check),
            growth(a.ours.rust, b.ours.rust),
            growth(a.ours.pipeline(), b.ours.pipeline()),
            growth(a.ours.import_checked, b.ours.import_checked),
            growth(a.ours.in_memory(), b.ours.in_memory()),
            growth(a.ours.build, b.ours.build),
            growth(a.ours.build_cli, b.ours.build_cli),
            growth(a.ours.check_cli, b.ours.check_cli),
            peer
        );
    }
}

fn main() -> std::process::ExitCode {
    codegen_perf::tune_allocator();
    if let Ok(spec) = std::env::var(instructions::CHILD_VARIABLE) {
        return match instructions::child(&spec) {
            Ok(()) => std::process::ExitCode::SUCCESS,
            Err(message) => {
                eprintln!("error: {message}");
                std::process::ExitCode::FAILURE
            }
        };
    }
    let args = match args() {
        Ok(args) => args,
        Err(message) => {
            eprintln!("error: {message}");
            return std::process::ExitCode::from(2);
        }
    };
    if args.instructions {
        return match instructions::print_table(&args.sizes, args.peer) {
            Ok(()) => std::process::ExitCode::SUCCESS,
            Err(message) => {
                eprintln!("error: {message}");
                std::process::ExitCode::FAILURE
            }
        };
    }
    let rows = match measure(&args.sizes, args.runs, args.peer) {
        Ok(rows) => rows,
        Err(message) => {
            eprintln!("error {message}");
            return std::process::ExitCode::FAILURE;
        }
    };
    print_rows(&rows);
    print_growth(&rows);
    std::process::ExitCode::SUCCESS
}
