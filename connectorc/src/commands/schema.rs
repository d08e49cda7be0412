//! `connectorc schema`, and the `$schema` path written at the top of new specs.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use super::write_file;

/// The arguments of `connectorc schema`.
#[derive(Args)]
pub(crate) struct SchemaArgs {
    /// Write `connector.schema.json` into this folder instead of printing it.
    #[arg(long, value_name = "DIR")]
    write: Option<PathBuf>,
}

/// Runs `connectorc schema`: prints the schema, or writes it into a folder.
pub(crate) fn run(args: &SchemaArgs) -> ExitCode {
    match &args.write {
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

/// The `$schema` path for a spec written to `spec`: the nearest schema in its folder or a parent
/// (the repository's `codegen/connector.schema.json` inside the repository), or else a
/// `connector.schema.json` written beside it, so the path resolves wherever the spec is.
pub(crate) fn schema_beside(spec: &Path) -> Result<String, ExitCode> {
    let dir = spec
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if let Some(path) = codegen::schema_path_from(dir) {
        return Ok(path);
    }
    write_schema(dir)?;
    Ok(codegen::SCHEMA_FILE.to_owned())
}

/// Writes `connector.schema.json` into `dir` (only when its content changed).
fn write_schema(dir: &Path) -> Result<(), ExitCode> {
    let path = dir.join(codegen::SCHEMA_FILE);
    let schema = codegen::spec_schema_json();
    if std::fs::read_to_string(&path).is_ok_and(|old| old == schema) {
        return Ok(());
    }
    write_file(&path, schema)
}
