//! `connectorc init`: a starter spec, or a crate compiling one. Never overwrites a file.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::schema::schema_beside;
use super::{repository_root, write_file, EXIT_USAGE};

/// The arguments of `connectorc init`.
#[derive(Args)]
pub(crate) struct InitArgs {
    /// The connector's name; `my_connector` when absent.
    name: Option<String>,
    /// Write a crate (`NAME/` with `Cargo.toml`, `build.rs`, `src/main.rs`, `specs/NAME.yaml`).
    #[arg(long = "crate")]
    make_crate: bool,
    /// The folder to write into; the current one when absent.
    #[arg(long, value_name = "DIR", default_value = ".")]
    dir: PathBuf,
}

/// Runs `connectorc init`.
pub(crate) fn run(args: &InitArgs) -> ExitCode {
    let id = codegen::init::starter_id(args.name.as_deref().unwrap_or("my_connector"));
    let files = match starter_files(&id, args) {
        Ok(files) => files,
        Err(code) => return code,
    };
    if let Some((existing, _)) = files.iter().find(|(path, _)| path.exists()) {
        eprintln!(
            "error: {} exists already; nothing written (choose another name or --dir)",
            existing.display()
        );
        return ExitCode::from(EXIT_USAGE);
    }
    for (path, content) in &files {
        if let Err(code) = write_file(path, content) {
            return code;
        }
    }
    let spec = if args.make_crate {
        format!("{}/specs/{id}.yaml", args.dir.join(&id).display())
    } else {
        format!("{}", args.dir.join(format!("{id}.yaml")).display())
    };
    eprintln!("next: edit {spec}, then `connectorc check {spec}`");
    ExitCode::SUCCESS
}

/// The files to write, with their paths.
fn starter_files(id: &str, args: &InitArgs) -> Result<Vec<(PathBuf, String)>, ExitCode> {
    if args.make_crate {
        let root = args.dir.join(id);
        return Ok(codegen::init::starter_crate(id, &repository_root())
            .into_iter()
            .map(|f| (root.join(f.path), f.content))
            .collect());
    }
    let spec = args.dir.join(format!("{id}.yaml"));
    if let Err(error) = std::fs::create_dir_all(&args.dir) {
        eprintln!("error: cannot create {}: {error}", args.dir.display());
        return Err(ExitCode::from(EXIT_USAGE));
    }
    let schema_path = schema_beside(&spec)?;
    Ok(vec![(spec, codegen::init::starter_spec(id, &schema_path))])
}
