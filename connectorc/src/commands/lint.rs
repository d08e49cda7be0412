//! `connectorc lint`: connector folders, or the folders specs build, against the platform's
//! certification rules.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use codegen::diag::Diagnostic;
use codegen::spec::ReadLimits;
use connector_platform::lint::{self as platform_lint, Finding, Severity};

use super::{eprint_diagnostics, Format, ReadLimitArgs, EXIT_SPEC_ERRORS, EXIT_USAGE};

/// The arguments of `connectorc lint`.
#[derive(Args)]
pub(crate) struct LintArgs {
    /// A connector folder, a directory searched for connector folders, or a spec file.
    #[arg(required = true)]
    dirs: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Print only the number of findings per rule.
    #[arg(long)]
    summary: bool,
    /// The limits of reading the specs named.
    #[command(flatten)]
    read: ReadLimitArgs,
}

/// Every finding, each with the folder or spec it is about.
type Named = Vec<(String, Finding)>;

/// Runs `connectorc lint`.
pub(crate) fn run(args: &LintArgs) -> ExitCode {
    let limits = match args.read.read_limits() {
        Ok(limits) => limits,
        Err(code) => return code,
    };
    let (all, linted) = match findings(&args.dirs, &limits) {
        Ok(found) => found,
        Err(code) => return code,
    };
    let errors = all
        .iter()
        .filter(|(_, f)| f.severity == Severity::Error)
        .count();
    let warnings = all.len() - errors;
    let out = match (args.summary, args.format) {
        (true, Format::Json) => summary_json(&all),
        (true, Format::Text) => summary_text(&all),
        (false, Format::Json) => list_json(&all),
        (false, Format::Text) => list_text(&all),
    };
    let _ = std::io::stdout().write_all(out.as_bytes());
    if matches!(args.format, Format::Text) {
        eprintln!("linted {linted} connector(s): {errors} error(s), {warnings} warning(s)");
    }
    if errors > 0 {
        ExitCode::from(EXIT_SPEC_ERRORS)
    } else {
        ExitCode::SUCCESS
    }
}

/// The findings of every spec and connector folder named, and how many were linted.
fn findings(dirs: &[PathBuf], limits: &ReadLimits) -> Result<(Named, usize), ExitCode> {
    let mut folders = Vec::new();
    let mut all = Named::new();
    let mut specs = 0usize;
    for dir in dirs {
        if dir.is_file() {
            let findings = lint_spec(dir, limits).ok_or(ExitCode::from(EXIT_SPEC_ERRORS))?;
            specs += 1;
            let name = dir.display().to_string();
            all.extend(findings.into_iter().map(|f| (name.clone(), f)));
            continue;
        }
        match platform_lint::connector_folders(dir) {
            Ok(found) => folders.extend(found),
            Err(error) => return Err(cannot_read(dir, &error)),
        }
    }
    if folders.is_empty() && specs == 0 {
        eprintln!("error: no connector folder (with apiDefinition.swagger.json) found");
        return Err(ExitCode::from(EXIT_USAGE));
    }
    for folder in &folders {
        let findings = platform_lint::lint_folder(folder).map_err(|e| cannot_read(folder, &e))?;
        let name = folder.display().to_string();
        all.extend(findings.into_iter().map(|f| (name.clone(), f)));
    }
    Ok((all, folders.len() + specs))
}

/// Says that `path` cannot be read; the usage exit code.
fn cannot_read(path: &Path, error: &dyn std::fmt::Display) -> ExitCode {
    eprintln!("error: cannot read {}: {error}", path.display());
    ExitCode::from(EXIT_USAGE)
}

/// The certification findings of the folder a spec builds (emitted in memory), or `None` after
/// printing the spec's errors when it does not check.
fn lint_spec(path: &Path, limits: &ReadLimits) -> Option<Vec<Finding>> {
    let outcome = codegen::check_file_with(path, limits);
    let connector = match outcome.connector {
        Some(connector) if !outcome.diagnostics.iter().any(Diagnostic::is_error) => connector,
        _ => {
            eprint_diagnostics(&outcome.diagnostics);
            eprintln!(
                "error: {} does not check, so it cannot be linted",
                path.display()
            );
            return None;
        }
    };
    let files = connector_platform::emit::folder::connector_files(&connector);
    let text = |name: &str| {
        files
            .iter()
            .find(|f| f.name == name)
            .and_then(|f| std::str::from_utf8(&f.content).ok())
    };
    Some(platform_lint::lint_texts(
        text(platform_lint::SWAGGER),
        text(platform_lint::PROPERTIES),
    ))
}

/// Per rule: its severity, how many findings, and in which connectors.
fn counts(all: &Named) -> BTreeMap<&str, (Severity, usize, BTreeSet<&str>)> {
    let mut counts: BTreeMap<&str, (Severity, usize, BTreeSet<&str>)> = BTreeMap::new();
    for (folder, f) in all {
        let entry = counts
            .entry(f.rule)
            .or_insert((f.severity, 0, Default::default()));
        entry.1 += 1;
        entry.2.insert(folder.as_str());
    }
    counts
}

fn summary_json(all: &Named) -> String {
    let rows: Vec<serde_json::Value> = counts(all)
        .iter()
        .map(|(rule, (sev, n, folders))| {
            serde_json::json!({ "rule": rule, "severity": sev, "findings": n, "connectors": folders.len() })
        })
        .collect();
    format!("{}\n", serde_json::Value::Array(rows))
}

fn summary_text(all: &Named) -> String {
    let mut out = String::new();
    for (rule, (sev, n, folders)) in &counts(all) {
        out.push_str(&format!(
            "{rule:<52} {:<8} {n:>6} findings in {:>4} connector(s)\n",
            severity_word(*sev),
            folders.len()
        ));
    }
    out
}

fn list_json(all: &Named) -> String {
    let rows: Vec<serde_json::Value> = all
        .iter()
        .map(|(folder, f)| {
            serde_json::json!({
                "connector": folder,
                "file": f.file,
                "rule": f.rule,
                "severity": f.severity,
                "path": f.path,
                "message": f.message,
            })
        })
        .collect();
    format!("{}\n", serde_json::Value::Array(rows))
}

fn list_text(all: &Named) -> String {
    let mut out = String::new();
    for (folder, f) in all {
        out.push_str(&format!(
            "{}[{}]: {}/{} {}: {}\n",
            severity_word(f.severity),
            f.rule,
            folder,
            f.file,
            f.path,
            f.message
        ));
    }
    out
}

/// How a severity is written in text reports.
fn severity_word(severity: Severity) -> &'static str {
    if severity == Severity::Error {
        "error"
    } else {
        "warning"
    }
}
