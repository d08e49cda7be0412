//! `connectorc`: the connector compiler's command line.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use codegen::diag::{render_json, render_text, Diagnostic, RenderStyle};

mod lsp;

// `lsp` names the compiler's parts as if they were this crate's own.
use codegen::{check, diag, spec, spec_schema_json};
use connector_platform::platform;

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
        /// Fail (exit 1) on warnings too, the platform's certification rules included.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Print the JSON Schema of the spec language, or write it into a folder.
    Schema {
        /// Write `connector.schema.json` into this folder instead of printing it.
        #[arg(long, value_name = "DIR")]
        write: Option<PathBuf>,
    },
    /// Run the language server on standard input and output (for editors).
    Lsp,
    /// Write a commented starter spec (`NAME.yaml`), or with `--crate` a crate that compiles it.
    Init {
        /// The connector's name; `my_connector` when absent.
        name: Option<String>,
        /// Write a crate (`NAME/` with `Cargo.toml`, `build.rs`, `src/main.rs`, `specs/NAME.yaml`).
        #[arg(long = "crate")]
        make_crate: bool,
        /// The folder to write into; the current one when absent.
        #[arg(long, value_name = "DIR", default_value = ".")]
        dir: PathBuf,
    },
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
        /// Raise or lower a budget for reading the document: max_input_bytes, max_depth,
        /// max_nodes, max_ref_chain or max_text_bytes; repeatable.
        #[arg(long = "limit", value_name = "NAME=VALUE")]
        limits: Vec<String>,
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
        auth: Option<connector_platform::import::AuthChoice>,
    },
    /// Compile specs into `generated/<id>/` folders (Power Platform files, README, OpenAPI).
    Build {
        /// Spec files, or directories of `*.yaml` specs; `connectors` when absent.
        paths: Vec<PathBuf>,
        /// The output directory; one folder per connector is written under it.
        #[arg(long, default_value = "generated")]
        out: PathBuf,
        /// The OAuth client id for `apiProperties.json`, over the spec's
        /// `auth.oauth2.client_id`: `ID` for every connector built, or `CONNECTOR=ID` for one
        /// (repeatable).
        #[arg(long = "client-id", value_name = "[CONNECTOR=]ID")]
        client_ids: Vec<String>,
    },
    /// Write the typed Rust client of a spec: a module (`DIR/<module>.rs`), or with `--crate` a
    /// library crate (`DIR/Cargo.toml`, `DIR/src/`) on this project's runtime.
    Rust {
        /// The spec file.
        spec: PathBuf,
        /// The folder to write into.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Write a crate (`Cargo.toml`, `src/lib.rs`, `src/<module>.rs`) instead of a module.
        #[arg(long = "crate")]
        make_crate: bool,
        /// The path the module calls the runtime through (module form only).
        #[arg(long, value_name = "PATH", default_value = "::connectors::runtime")]
        runtime_path: String,
        /// Gate each tag's methods, and the types only they use, behind a cargo feature
        /// `tag-<tag>` (the crate form declares them, all on by default).
        #[arg(long)]
        tag_features: bool,
    },
    /// Check connector folders (or the folders specs build) against the platform's certification rules.
    Lint {
        /// A connector folder, a directory searched for connector folders, or a spec file.
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

/// Exit codes, the same for every command: 0 clean, 1 errors in a spec or an imported document
/// (including a file that is not UTF-8 or exceeds a budget), 2 usage or I/O errors (a file that
/// cannot be read or written, a bad flag).
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
            deny_warnings,
        } => check(&paths, format, color, deny_warnings),
        Command::Schema { write } => schema(write.as_deref()),
        Command::Init {
            name,
            make_crate,
            dir,
        } => init(name.as_deref(), make_crate, &dir),
        Command::Lsp => match crate::lsp::run_stdio() {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("error: language server: {error}");
                ExitCode::from(EXIT_USAGE)
            }
        },
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
            limits,
            fix,
            no_infer,
            auth,
        } => {
            let mut options = connector_platform::import::ImportOptions {
                publisher,
                website,
                privacy_policy,
                categories,
                tags,
                operations,
                limits: Default::default(),
                fix,
                no_infer,
                auth,
            };
            for limit in &limits {
                if let Err(error) = options.limits.set_from_arg(limit) {
                    eprintln!("error: --limit {limit}: {error}");
                    return ExitCode::from(EXIT_USAGE);
                }
            }
            import(&source, output.as_deref(), check, &options)
        }
        Command::Build {
            paths,
            out,
            client_ids,
        } => build(&paths, &out, &client_ids),
        Command::Rust {
            spec,
            out,
            make_crate,
            runtime_path,
            tag_features,
        } => rust(&spec, &out, make_crate, runtime_path, tag_features),
        Command::Lint {
            dirs,
            format,
            summary,
        } => lint(&dirs, format, summary),
    }
}

fn check(paths: &[PathBuf], format: Format, color: Color, deny_warnings: bool) -> ExitCode {
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
    let mut ids = Vec::new();
    for file in &files {
        let outcome = connector_platform::platform::check_file_for_platform(file);
        if let Some(connector) = &outcome.connector {
            ids.push((file.clone(), connector.id.clone()));
        }
        diagnostics.extend(outcome.diagnostics);
    }
    diagnostics.extend(codegen::check::duplicate_connector_ids(&ids));
    let io_failure = diagnostics
        .iter()
        .any(|d| d.code == codegen::diag::Code::Io);
    let failed = connector_platform::platform::fails(&diagnostics, deny_warnings);
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

/// The client id `--client-id` gives connector `id`: a `CONNECTOR=ID` entry for it, else a bare
/// `ID`.
fn client_id_for<'a>(client_ids: &'a [String], id: &str) -> Option<&'a str> {
    client_ids
        .iter()
        .find_map(|entry| entry.strip_prefix(id)?.strip_prefix('='))
        .or_else(|| {
            client_ids
                .iter()
                .find(|e| !e.contains('='))
                .map(String::as_str)
        })
}

/// The folder `build` reads when given no path.
const DEFAULT_SPEC_DIR: &str = "connectors";

fn build(paths: &[PathBuf], out: &std::path::Path, client_ids: &[String]) -> ExitCode {
    let paths = if paths.is_empty() {
        let default = PathBuf::from(DEFAULT_SPEC_DIR);
        if !default.is_dir() {
            eprintln!(
                "error: no spec given, and there is no `{DEFAULT_SPEC_DIR}/` folder here to build\n  \
                 help: name the specs (`connectorc build my_api.yaml --out generated`), or start \
                 one with `connectorc init`"
            );
            return ExitCode::from(EXIT_USAGE);
        }
        vec![default]
    } else {
        paths.to_vec()
    };
    let files = match codegen::spec_files(&paths) {
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
    let (mut failed, mut io_failure) = (0usize, false);
    let mut checked = Vec::new();
    for file in &files {
        let outcome = codegen::check_file(file);
        io_failure |= outcome
            .diagnostics
            .iter()
            .any(|d| d.code == codegen::diag::Code::Io);
        let has_errors = outcome.has_errors();
        match outcome.connector.filter(|_| !has_errors) {
            Some(connector) => {
                if !outcome.diagnostics.is_empty() {
                    eprint!(
                        "{}",
                        render_text(&outcome.diagnostics, RenderStyle::plain())
                    );
                }
                checked.push((file.clone(), connector));
            }
            None => {
                eprint!(
                    "{}",
                    render_text(&outcome.diagnostics, RenderStyle::plain())
                );
                failed += 1;
            }
        }
    }
    let ids: Vec<(PathBuf, String)> = checked
        .iter()
        .map(|(file, connector)| (file.clone(), connector.id.clone()))
        .collect();
    let duplicates = codegen::check::duplicate_connector_ids(&ids);
    if !duplicates.is_empty() {
        eprint!("{}", render_text(&duplicates, RenderStyle::plain()));
        let clashing: std::collections::HashSet<String> = duplicates
            .iter()
            .filter_map(|d| ids.iter().find(|(path, _)| path == d.path()))
            .map(|(_, id)| id.to_ascii_lowercase())
            .collect();
        let before = checked.len();
        checked.retain(|(_, connector)| !clashing.contains(&connector.id.to_ascii_lowercase()));
        failed += before - checked.len();
    }
    let (mut written, mut unchanged) = (0usize, 0usize);
    for (_, connector) in &checked {
        // The checker only hands out ids that name one folder; refuse anything else all the same.
        if codegen::check::connector_id_problem(&connector.id).is_some() {
            eprintln!(
                "error: `{}` is not a connector id; nothing written for it",
                connector.id
            );
            failed += 1;
            continue;
        }
        let mut connector = connector.clone();
        if let Some(client_id) = client_id_for(client_ids, &connector.id) {
            connector_platform::emit::powerplatform::set_client_id(&mut connector, client_id);
        }
        for placeholder in connector_platform::emit::powerplatform::placeholders(&connector) {
            eprintln!("warning: {}: {placeholder}", connector.id);
        }
        let dir = out.join(&connector.id);
        let outputs = connector_platform::emit::folder::connector_files(&connector);
        match connector_platform::emit::folder::write_folder(&dir, &outputs) {
            Ok(results) => {
                for result in results {
                    match result {
                        connector_platform::emit::folder::WriteOutcome::Written(path) => {
                            written += 1;
                            eprintln!("wrote {}", path.display());
                        }
                        connector_platform::emit::folder::WriteOutcome::Unchanged(_) => {
                            unchanged += 1
                        }
                    }
                }
            }
            Err(error) => {
                eprintln!("error: cannot write {}: {error}", dir.display());
                return ExitCode::from(EXIT_USAGE);
            }
        }
    }
    let built = files.len().saturating_sub(failed);
    if failed == 0 {
        eprintln!("built {built} spec(s): {written} file(s) written, {unchanged} unchanged");
    } else {
        eprintln!(
            "built {built} of {} spec(s), {failed} with errors: {written} file(s) written, \
             {unchanged} unchanged",
            files.len()
        );
    }
    if io_failure {
        ExitCode::from(EXIT_USAGE)
    } else if failed > 0 {
        ExitCode::from(EXIT_SPEC_ERRORS)
    } else {
        ExitCode::SUCCESS
    }
}

fn rust(
    spec: &std::path::Path,
    out: &std::path::Path,
    make_crate: bool,
    runtime_path: String,
    tag_features: bool,
) -> ExitCode {
    let outcome = codegen::check_file(spec);
    if !outcome.diagnostics.is_empty() {
        eprint!(
            "{}",
            render_text(&outcome.diagnostics, RenderStyle::plain())
        );
    }
    let has_errors = outcome.has_errors();
    let Some(connector) = outcome.connector.filter(|_| !has_errors) else {
        let io = outcome
            .diagnostics
            .iter()
            .any(|d| d.code == codegen::diag::Code::Io);
        return ExitCode::from(if io { EXIT_USAGE } else { EXIT_SPEC_ERRORS });
    };
    let files = if make_crate {
        codegen::emit::rust::crate_files_with(&connector, &repository_root(), tag_features)
    } else {
        let options = codegen::emit::rust::RustOptions {
            runtime_path,
            tag_features,
        };
        codegen::emit::rust::module_file(&connector, &options).map(|file| vec![file])
    };
    let files = match files {
        Ok(files) => files,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    for file in &files {
        let path = out.join(&file.name);
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|_| std::fs::write(&path, &file.content));
        if let Err(error) = written {
            eprintln!("error: cannot write {}: {error}", path.display());
            return ExitCode::from(EXIT_USAGE);
        }
        eprintln!("wrote {}", path.display());
    }
    ExitCode::SUCCESS
}

/// This repository's root: where the `connectors` runtime crate of a written crate is.
fn repository_root() -> PathBuf {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(std::path::Path::to_path_buf)
        .unwrap_or_default();
    std::fs::canonicalize(&root).unwrap_or(root)
}

fn lint(dirs: &[PathBuf], format: Format, summary: bool) -> ExitCode {
    use connector_platform::lint::{Finding, Severity};
    let mut folders = Vec::new();
    let mut all: Vec<(String, Finding)> = Vec::new();
    let mut specs = 0usize;
    for dir in dirs {
        if dir.is_file() {
            match lint_spec(dir) {
                Some(findings) => {
                    specs += 1;
                    let name = dir.display().to_string();
                    all.extend(findings.into_iter().map(|f| (name.clone(), f)));
                    continue;
                }
                None => return ExitCode::from(EXIT_SPEC_ERRORS),
            }
        }
        match connector_platform::lint::connector_folders(dir) {
            Ok(found) => folders.extend(found),
            Err(error) => {
                eprintln!("error: cannot read {}: {error}", dir.display());
                return ExitCode::from(EXIT_USAGE);
            }
        }
    }
    if folders.is_empty() && specs == 0 {
        eprintln!("error: no connector folder (with apiDefinition.swagger.json) found");
        return ExitCode::from(EXIT_USAGE);
    }
    for folder in &folders {
        match connector_platform::lint::lint_folder(folder) {
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
            folders.len() + specs
        );
    }
    if errors > 0 {
        ExitCode::from(EXIT_SPEC_ERRORS)
    } else {
        ExitCode::SUCCESS
    }
}

/// The certification findings of the folder a spec builds (emitted in memory), or `None` after
/// printing the spec's errors when it does not check.
fn lint_spec(path: &std::path::Path) -> Option<Vec<connector_platform::lint::Finding>> {
    let outcome = codegen::check_file(path);
    let connector = match outcome.connector {
        Some(connector) if !outcome.diagnostics.iter().any(Diagnostic::is_error) => connector,
        _ => {
            eprint!(
                "{}",
                render_text(&outcome.diagnostics, RenderStyle::plain())
            );
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
    Some(connector_platform::lint::lint_texts(
        text(connector_platform::lint::SWAGGER),
        text(connector_platform::lint::PROPERTIES),
    ))
}

/// `connectorc import`: writes the spec and prints each repair of the source as a warning.
fn import(
    source: &std::path::Path,
    output: Option<&std::path::Path>,
    check: bool,
    options: &connector_platform::import::ImportOptions,
) -> ExitCode {
    if let Err(error) = options.checked_categories() {
        eprintln!("error: {error}");
        return ExitCode::from(EXIT_USAGE);
    }
    let imported = match connector_platform::import::import_path_with(source, options) {
        Ok(imported) => imported,
        Err(error) => {
            eprintln!(
                "error: cannot import {}: {}",
                codegen::diag::escape_terminal(&source.display().to_string()),
                codegen::diag::escape_terminal(&error.to_string())
            );
            return ExitCode::from(if error.is_usage() {
                EXIT_USAGE
            } else {
                EXIT_SPEC_ERRORS
            });
        }
    };
    for warning in &imported.warnings {
        eprintln!(
            "warning: {}: {}",
            source.display(),
            codegen::diag::escape_terminal(&warning.to_string())
        );
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
    let yaml = match schema_beside(output) {
        Ok(schema_path) => codegen::with_schema_comment(&imported.yaml, &schema_path),
        Err(code) => return code,
    };
    if let Err(error) = std::fs::write(output, &yaml) {
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
    let outcome =
        connector_platform::platform::check_source_for_platform(output, yaml, &Default::default());
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

/// The `$schema` path for a spec written to `spec`: the nearest schema in its folder or a parent
/// (the repository's `codegen/connector.schema.json` inside the repository), or else a
/// `connector.schema.json` written beside it, so the path resolves wherever the spec is.
fn schema_beside(spec: &std::path::Path) -> Result<String, ExitCode> {
    let dir = spec
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    if let Some(path) = codegen::schema_path_from(dir) {
        return Ok(path);
    }
    write_schema(dir)?;
    Ok(codegen::SCHEMA_FILE.to_owned())
}

/// Writes `connector.schema.json` into `dir` (only when its content changed).
fn write_schema(dir: &std::path::Path) -> Result<(), ExitCode> {
    let path = dir.join(codegen::SCHEMA_FILE);
    let schema = codegen::spec_schema_json();
    if std::fs::read_to_string(&path).is_ok_and(|old| old == schema) {
        return Ok(());
    }
    if let Err(error) = std::fs::create_dir_all(dir).and_then(|_| std::fs::write(&path, schema)) {
        eprintln!("error: cannot write {}: {error}", path.display());
        return Err(ExitCode::from(EXIT_USAGE));
    }
    eprintln!("wrote {}", path.display());
    Ok(())
}

/// `connectorc schema`: prints the schema, or writes it into a folder.
fn schema(write: Option<&std::path::Path>) -> ExitCode {
    match write {
        None => {
            print!("{}", codegen::spec_schema_json());
            ExitCode::SUCCESS
        }
        Some(dir) => match write_schema(dir) {
            Ok(()) => ExitCode::SUCCESS,
            Err(code) => code,
        },
    }
}

/// `connectorc init`: a starter spec, or a crate compiling one. Never overwrites a file.
fn init(name: Option<&str>, make_crate: bool, dir: &std::path::Path) -> ExitCode {
    let id = codegen::init::starter_id(name.unwrap_or("my_connector"));
    let files: Vec<(PathBuf, String)> = if make_crate {
        let root = dir.join(&id);
        codegen::init::starter_crate(&id, &repository_root())
            .into_iter()
            .map(|f| (root.join(f.path), f.content))
            .collect()
    } else {
        let spec = dir.join(format!("{id}.yaml"));
        if let Err(error) = std::fs::create_dir_all(dir) {
            eprintln!("error: cannot create {}: {error}", dir.display());
            return ExitCode::from(EXIT_USAGE);
        }
        let schema_path = match schema_beside(&spec) {
            Ok(path) => path,
            Err(code) => return code,
        };
        vec![(spec, codegen::init::starter_spec(&id, &schema_path))]
    };
    if let Some((existing, _)) = files.iter().find(|(path, _)| path.exists()) {
        eprintln!(
            "error: {} exists already; nothing written (choose another name or --dir)",
            existing.display()
        );
        return ExitCode::from(EXIT_USAGE);
    }
    for (path, content) in &files {
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|_| std::fs::write(path, content));
        if let Err(error) = written {
            eprintln!("error: cannot write {}: {error}", path.display());
            return ExitCode::from(EXIT_USAGE);
        }
        eprintln!("wrote {}", path.display());
    }
    let spec = if make_crate {
        format!("{}/specs/{id}.yaml", dir.join(&id).display())
    } else {
        format!("{}", dir.join(format!("{id}.yaml")).display())
    };
    eprintln!("next: edit {spec}, then `connectorc check {spec}`");
    ExitCode::SUCCESS
}
