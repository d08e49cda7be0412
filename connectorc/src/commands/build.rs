//! `connectorc build`: one `generated/<id>/` folder per spec that checks.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use codegen::diag::{render_text, RenderStyle};
use codegen::ir::Connector;
use connector_platform::emit::folder::{connector_files, write_folder, WriteOutcome};
use connector_platform::emit::powerplatform::{placeholders, set_client_id};

use codegen::spec::ReadLimits;

use super::{
    eprint_diagnostics, has_io_error, spec_files, ReadLimitArgs, EXIT_SPEC_ERRORS, EXIT_USAGE,
};

/// The arguments of `connectorc build`.
#[derive(Args)]
pub(crate) struct BuildArgs {
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
    /// The limits of reading the specs.
    #[command(flatten)]
    read: ReadLimitArgs,
}

/// The folder `build` reads when given no path.
const DEFAULT_SPEC_DIR: &str = "connectors";

/// What a build has done so far.
#[derive(Default)]
struct Tally {
    /// Specs that wrote nothing because of their errors.
    failed: usize,
    /// Whether a file could not be read.
    io_failure: bool,
    written: usize,
    unchanged: usize,
}

/// Runs `connectorc build`.
pub(crate) fn run(args: &BuildArgs) -> ExitCode {
    let limits = match args.read.read_limits() {
        Ok(limits) => limits,
        Err(code) => return code,
    };
    let paths = match paths_or_default(&args.paths) {
        Ok(paths) => paths,
        Err(code) => return code,
    };
    let files = match spec_files(&paths) {
        Ok(files) => files,
        Err(code) => return code,
    };
    let mut tally = Tally::default();
    let mut checked = check_all(&files, &limits, &mut tally);
    drop_duplicate_ids(&mut checked, &mut tally);
    for (_, connector) in &checked {
        if let Err(code) = write_connector(connector, args, &mut tally) {
            return code;
        }
    }
    codegen::drop_later::drop_later(checked);
    report(files.len(), &tally)
}

/// The paths given, or the default folder when there are none (an error when it is missing).
fn paths_or_default(paths: &[PathBuf]) -> Result<Vec<PathBuf>, ExitCode> {
    if !paths.is_empty() {
        return Ok(paths.to_vec());
    }
    let default = PathBuf::from(DEFAULT_SPEC_DIR);
    if !default.is_dir() {
        eprintln!(
            "error: no spec given, and there is no `{DEFAULT_SPEC_DIR}/` folder here to build\n  \
             help: name the specs (`connectorc build my_api.yaml --out generated`), or start \
             one with `connectorc init`"
        );
        return Err(ExitCode::from(EXIT_USAGE));
    }
    Ok(vec![default])
}

/// The specs that check, with their files; the others are reported and counted as failed.
fn check_all(
    files: &[PathBuf],
    limits: &ReadLimits,
    tally: &mut Tally,
) -> Vec<(PathBuf, Connector)> {
    let mut checked = Vec::new();
    for file in files {
        let outcome = codegen::check_file_with(file, limits);
        tally.io_failure |= has_io_error(&outcome.diagnostics);
        let has_errors = outcome.has_errors();
        if !outcome.diagnostics.is_empty() {
            eprint_diagnostics(&outcome.diagnostics);
        }
        match outcome.connector.filter(|_| !has_errors) {
            Some(connector) => checked.push((file.clone(), connector)),
            None => tally.failed += 1,
        }
    }
    checked
}

/// Reports connectors whose ids clash and leaves every one of them out.
fn drop_duplicate_ids(checked: &mut Vec<(PathBuf, Connector)>, tally: &mut Tally) {
    let ids: Vec<(PathBuf, String)> = checked
        .iter()
        .map(|(file, connector)| (file.clone(), connector.id.clone()))
        .collect();
    let duplicates = codegen::check::duplicate_connector_ids(&ids);
    if duplicates.is_empty() {
        return;
    }
    eprint!("{}", render_text(&duplicates, RenderStyle::plain()));
    let clashing: std::collections::HashSet<String> = duplicates
        .iter()
        .filter_map(|d| ids.iter().find(|(path, _)| path == d.path()))
        .map(|(_, id)| id.to_ascii_lowercase())
        .collect();
    let before = checked.len();
    checked.retain(|(_, connector)| !clashing.contains(&connector.id.to_ascii_lowercase()));
    tally.failed += before - checked.len();
}

/// Writes one connector's folder; an error only when the folder cannot be written.
fn write_connector(
    connector: &Connector,
    args: &BuildArgs,
    tally: &mut Tally,
) -> Result<(), ExitCode> {
    // The checker only hands out ids that name one folder; refuse anything else all the same.
    if codegen::check::connector_id_problem(&connector.id).is_some() {
        eprintln!(
            "error: `{}` is not a connector id; nothing written for it",
            connector.id
        );
        tally.failed += 1;
        return Ok(());
    }
    // A copy only when a client id is set in it: the IR of a large API is hundreds of MB.
    let with_client_id;
    let connector = match client_id_for(&args.client_ids, &connector.id) {
        Some(client_id) => {
            let mut copy = connector.clone();
            set_client_id(&mut copy, client_id);
            with_client_id = copy;
            &with_client_id
        }
        None => connector,
    };
    for placeholder in placeholders(connector) {
        eprintln!("warning: {}: {placeholder}", connector.id);
    }
    let dir = args.out.join(&connector.id);
    let results = write_folder(&dir, &connector_files(connector)).map_err(|error| {
        eprintln!("error: cannot write {}: {error}", dir.display());
        ExitCode::from(EXIT_USAGE)
    })?;
    for result in results {
        match result {
            WriteOutcome::Written(path) => {
                tally.written += 1;
                eprintln!("wrote {}", path.display());
            }
            WriteOutcome::Unchanged(_) => tally.unchanged += 1,
        }
    }
    Ok(())
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

/// The closing line and the exit code.
fn report(specs: usize, tally: &Tally) -> ExitCode {
    let Tally {
        failed,
        io_failure,
        written,
        unchanged,
    } = *tally;
    let built = specs.saturating_sub(failed);
    if failed == 0 {
        eprintln!("built {built} spec(s): {written} file(s) written, {unchanged} unchanged");
    } else {
        eprintln!(
            "built {built} of {specs} spec(s), {failed} with errors: {written} file(s) written, \
             {unchanged} unchanged"
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
