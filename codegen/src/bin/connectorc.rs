//! `connectorc`: the connector compiler's command line.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use codegen::diag::{render_json, render_text, Diagnostic, RenderStyle};

/// Compiles connector specs into typed clients and platform connectors.
#[derive(Parser)]
#[command(name = "connectorc", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check specs and report every error with its file, line and column.
    Check {
        /// Spec files, or directories of `*.yaml` specs.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Colour: auto (when the output is a terminal), always or never.
        #[arg(long, value_enum, default_value_t = Color::Auto)]
        color: Color,
    },
    /// Print the JSON Schema of the spec language.
    Schema,
    /// Import an OpenAPI 3.0 or 3.1 document or a Power Platform connector folder as a spec.
    Import {
        /// An OpenAPI document (YAML or JSON), or a folder with `apiDefinition.swagger.json`.
        source: PathBuf,
        /// Where to write the spec (`connectors/<id>.yaml`); standard output when absent.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Also check the written spec and report its diagnostics.
        #[arg(long)]
        check: bool,
        /// Who publishes the connector (instead of the document's contact name).
        #[arg(long, value_name = "NAME")]
        publisher: Option<String>,
        /// The service's website (instead of the document's contact URL).
        #[arg(long, value_name = "URL")]
        website: Option<String>,
        /// The service's privacy policy.
        #[arg(long, value_name = "URL")]
        privacy_policy: Option<String>,
        /// A platform category (`Collaboration`, `Productivity`, …); repeatable.
        #[arg(long = "category", value_name = "NAME")]
        categories: Vec<String>,
        /// Keep the operations carrying this tag; repeatable.
        #[arg(long = "tag", value_name = "TAG")]
        tags: Vec<String>,
        /// Keep this operation (its operationId); repeatable, and combines with `--tag`.
        #[arg(long = "operation", value_name = "ID")]
        operations: Vec<String>,
        /// Apply the repairs the importer knows (each still listed as a warning); without it
        /// they are only warned about.
        #[arg(long)]
        fix: bool,
        /// Do not infer paging from parameter and answer field names, headers or extensions.
        #[arg(long)]
        no_infer: bool,
        /// The authentication when the document declares none (or instead of its own):
        /// `bearer`, `basic` or `api-key:HEADER`.
        #[arg(long, value_name = "KIND")]
        auth: Option<codegen::import::AuthChoice>,
    },
    /// Compile specs into `generated/<id>/` folders (Power Platform files, README, OpenAPI).
    Build {
        /// Spec files, or directories of `*.yaml` specs.
        #[arg(default_value = "connectors")]
        paths: Vec<PathBuf>,
        /// The output directory; one folder per connector is written under it.
        #[arg(long, default_value = "generated")]
        out: PathBuf,
    },
    /// Check connector folders against the platform's certification rules.
    Lint {
        /// A connector folder, or a directory searched for connector folders.
        #[arg(required = true)]
        dirs: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Print only the number of findings per rule.
        #[arg(long)]
        summary: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// Human-readable reports.
    Text,
    /// A JSON array of diagnostics.
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

/// Exit codes: 0 clean, 1 spec errors, 2 usage or I/O errors.
const EXIT_SPEC_ERRORS: u8 = 1;
const EXIT_USAGE: u8 = 2;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return if error.use_stderr() {
                ExitCode::from(EXIT_USAGE)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match cli.command {
        Command::Check {
            paths,
            format,
            color,
        } => check(&paths, format, color),
        Command::Schema => {
            print!("{}", codegen::spec_schema_json());
            ExitCode::SUCCESS
        }
        Command::Import {
            source,
            output,
            check,
            publisher,
            website,
            privacy_policy,
            categories,
            tags,
            operations,
            fix,
            no_infer,
            auth,
        } => {
            let options = codegen::import::ImportOptions {
                publisher,
                website,
                privacy_policy,
                categories,
                tags,
                operations,
                fix,
                no_infer,
                auth,
            };
            import(&source, output.as_deref(), check, &options)
        }
        Command::Build { paths, out } => build(&paths, &out),
        Command::Lint {
            dirs,
            format,
            summary,
        } => lint(&dirs, format, summary),
    }
}

fn check(paths: &[PathBuf], format: Format, color: Color) -> ExitCode {
    let files = match codegen::spec_files(paths) {
        Ok(files) => files,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    if files.is_empty() {
        eprintln!("error: no spec files (*.yaml) found");
        return ExitCode::from(EXIT_USAGE);
    }
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    for file in &files {
        diagnostics.extend(codegen::check_file(file).diagnostics);
    }
    let io_failure = diagnostics
        .iter()
        .any(|d| d.code == codegen::diag::Code::Io);
    let failed = diagnostics.iter().any(Diagnostic::is_error);
    let output = match format {
        Format::Json => format!("{}\n", render_json(&diagnostics)),
        Format::Text => {
            let color = match color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => {
                    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
                }
            };
            let style = RenderStyle {
                color,
                ..RenderStyle::plain()
            };
            if diagnostics.is_empty() {
                format!("checked {} spec(s): no problems\n", files.len())
            } else {
                render_text(&diagnostics, style)
            }
        }
    };
    match format {
        Format::Json => {
            let _ = std::io::stdout().write_all(output.as_bytes());
        }
        Format::Text => {
            let _ = std::io::stderr().write_all(output.as_bytes());
        }
    }
    if io_failure {
        ExitCode::from(EXIT_USAGE)
    } else if failed {
        ExitCode::from(EXIT_SPEC_ERRORS)
    } else {
        ExitCode::SUCCESS
    }
}

fn build(paths: &[PathBuf], out: &std::path::Path) -> ExitCode {
    let files = match codegen::spec_files(paths) {
        Ok(files) => files,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    if files.is_empty() {
        eprintln!("error: no spec files (*.yaml) found");
        return ExitCode::from(EXIT_USAGE);
    }
    let mut failed = false;
    let (mut written, mut unchanged) = (0usize, 0usize);
    for file in &files {
        let outcome = codegen::check_file(file);
        let Some(connector) = outcome
            .connector
            .filter(|_| !outcome.diagnostics.iter().any(Diagnostic::is_error))
        else {
            eprint!(
                "{}",
                render_text(&outcome.diagnostics, RenderStyle::plain())
            );
            failed = true;
            continue;
        };
        let dir = out.join(&connector.id);
        let outputs = codegen::emit::folder::connector_files(&connector);
        match codegen::emit::folder::write_folder(&dir, &outputs) {
            Ok(results) => {
                for result in results {
                    match result {
                        codegen::emit::folder::WriteOutcome::Written(path) => {
                            written += 1;
                            eprintln!("wrote {}", path.display());
                        }
                        codegen::emit::folder::WriteOutcome::Unchanged(_) => unchanged += 1,
                    }
                }
            }
            Err(error) => {
                eprintln!("error: cannot write {}: {error}", dir.display());
                return ExitCode::from(EXIT_USAGE);
            }
        }
    }
    eprintln!(
        "built {} spec(s): {written} file(s) written, {unchanged} unchanged",
        files.len()
    );
    if failed {
        ExitCode::from(EXIT_SPEC_ERRORS)
    } else {
        ExitCode::SUCCESS
    }
}

fn lint(dirs: &[PathBuf], format: Format, summary: bool) -> ExitCode {
    use codegen::lint::{Finding, Severity};
    let mut folders = Vec::new();
    for dir in dirs {
        match codegen::lint::connector_folders(dir) {
            Ok(found) => folders.extend(found),
            Err(error) => {
                eprintln!("error: cannot read {}: {error}", dir.display());
                return ExitCode::from(EXIT_USAGE);
            }
        }
    }
    if folders.is_empty() {
        eprintln!("error: no connector folder (with apiDefinition.swagger.json) found");
        return ExitCode::from(EXIT_USAGE);
    }
    let mut all: Vec<(String, Finding)> = Vec::new();
    for folder in &folders {
        match codegen::lint::lint_folder(folder) {
            Ok(findings) => {
                let name = folder.display().to_string();
                all.extend(findings.into_iter().map(|f| (name.clone(), f)));
            }
            Err(error) => {
                eprintln!("error: cannot read {}: {error}", folder.display());
                return ExitCode::from(EXIT_USAGE);
            }
        }
    }
    let errors = all
        .iter()
        .filter(|(_, f)| f.severity == Severity::Error)
        .count();
    let warnings = all.len() - errors;
    let mut out = String::new();
    if summary {
        let mut counts: std::collections::BTreeMap<
            &str,
            (Severity, usize, std::collections::BTreeSet<&str>),
        > = std::collections::BTreeMap::new();
        for (folder, f) in &all {
            let entry = counts
                .entry(f.rule)
                .or_insert((f.severity, 0, Default::default()));
            entry.1 += 1;
            entry.2.insert(folder.as_str());
        }
        match format {
            Format::Json => {
                let rows: Vec<serde_json::Value> = counts
                    .iter()
                    .map(|(rule, (sev, n, folders))| {
                        serde_json::json!({ "rule": rule, "severity": sev, "findings": n, "connectors": folders.len() })
                    })
                    .collect();
                out = format!("{}\n", serde_json::Value::Array(rows));
            }
            Format::Text => {
                for (rule, (sev, n, folders)) in &counts {
                    let sev = if *sev == Severity::Error {
                        "error"
                    } else {
                        "warning"
                    };
                    out.push_str(&format!(
                        "{rule:<52} {sev:<8} {n:>6} findings in {:>4} connector(s)\n",
                        folders.len()
                    ));
                }
            }
        }
    } else {
        match format {
            Format::Json => {
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
                out = format!("{}\n", serde_json::Value::Array(rows));
            }
            Format::Text => {
                for (folder, f) in &all {
                    let sev = if f.severity == Severity::Error {
                        "error"
                    } else {
                        "warning"
                    };
                    out.push_str(&format!(
                        "{sev}[{}]: {}/{} {}: {}\n",
                        f.rule, folder, f.file, f.path, f.message
                    ));
                }
            }
        }
    }
    let _ = std::io::stdout().write_all(out.as_bytes());
    if matches!(format, Format::Text) {
        eprintln!(
            "linted {} connector(s): {errors} error(s), {warnings} warning(s)",
            folders.len()
        );
    }
    if errors > 0 {
        ExitCode::from(EXIT_SPEC_ERRORS)
    } else {
        ExitCode::SUCCESS
    }
}

/// `connectorc import`: writes the spec and prints each repair of the source as a warning.
fn import(
    source: &std::path::Path,
    output: Option<&std::path::Path>,
    check: bool,
    options: &codegen::import::ImportOptions,
) -> ExitCode {
    if let Err(error) = options.checked_categories() {
        eprintln!("error: {error}");
        return ExitCode::from(EXIT_USAGE);
    }
    let imported = match codegen::import::import_path_with(source, options) {
        Ok(imported) => imported,
        Err(error) => {
            eprintln!("error: cannot import {}: {error}", source.display());
            return ExitCode::from(EXIT_USAGE);
        }
    };
    for warning in &imported.warnings {
        eprintln!("warning: {}: {warning}", source.display());
    }
    let Some(output) = output else {
        print!("{}", imported.yaml);
        return ExitCode::SUCCESS;
    };
    if let Some(parent) = output.parent().filter(|p| !p.as_os_str().is_empty()) {
        if let Err(error) = std::fs::create_dir_all(parent) {
            eprintln!("error: cannot create {}: {error}", parent.display());
            return ExitCode::from(EXIT_USAGE);
        }
    }
    if let Err(error) = std::fs::write(output, &imported.yaml) {
        eprintln!("error: cannot write {}: {error}", output.display());
        return ExitCode::from(EXIT_USAGE);
    }
    eprintln!(
        "imported {} into {} ({} warnings)",
        source.display(),
        output.display(),
        imported.warnings.len()
    );
    if !check {
        return ExitCode::SUCCESS;
    }
    let outcome = codegen::check_source(output, imported.yaml, &Default::default());
    eprint!(
        "{}",
        render_text(&outcome.diagnostics, RenderStyle::plain())
    );
    if outcome.has_errors() {
        ExitCode::from(EXIT_SPEC_ERRORS)
    } else {
        ExitCode::SUCCESS
    }
}
