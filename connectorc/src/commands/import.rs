//! `connectorc import`: an OpenAPI document or a Power Platform connector folder as a spec.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use codegen::diag::escape_terminal;
use connector_platform::import::{
    import_path_with, AuthChoice, ImportError, ImportOptions, Warning,
};

use super::schema::schema_beside;
use super::{eprint_diagnostics, EXIT_SPEC_ERRORS, EXIT_USAGE};

/// The arguments of `connectorc import`.
#[derive(Args)]
pub(crate) struct ImportArgs {
    /// An OpenAPI document (YAML or JSON), or a folder with `apiDefinition.swagger.json`.
    source: PathBuf,
    /// Where to write the spec (`connectors/<id>.yaml`); standard output when absent.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Also check the written spec and report its diagnostics.
    #[arg(long)]
    check: bool,
    /// What to take from the source and what to add.
    #[command(flatten)]
    choices: ImportChoices,
}

/// The person's choices for an import: metadata the source lacks, operations to keep, reading
/// budgets and repairs (shared by `connectorc import` and `connectorc rust --import`).
#[derive(Args, Default)]
pub(crate) struct ImportChoices {
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
    /// max_nodes, max_ref_chain or max_text_bytes; repeatable. (`connectorc rust` without
    /// `--import` reads a spec, and takes the spec reader's limits here: max_file_bytes,
    /// max_depth, max_nodes or max_aliases.)
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
    auth: Option<AuthChoice>,
}

impl ImportChoices {
    /// The `--limit NAME=VALUE` arguments as given.
    pub(crate) fn limit_args(&self) -> &[String] {
        &self.limits
    }

    /// The first choice given on the command line, as its flag. `--limit` is left out: without
    /// an import it sets the limits of reading the spec.
    pub(crate) fn first_given(&self) -> Option<&'static str> {
        // Every field named, so that a new choice cannot be left out of this list.
        let ImportChoices {
            publisher,
            website,
            privacy_policy,
            categories,
            tags,
            operations,
            limits: _,
            fix,
            no_infer,
            auth,
        } = self;
        let given = [
            (publisher.is_some(), "--publisher"),
            (website.is_some(), "--website"),
            (privacy_policy.is_some(), "--privacy-policy"),
            (!categories.is_empty(), "--category"),
            (!tags.is_empty(), "--tag"),
            (!operations.is_empty(), "--operation"),
            (*fix, "--fix"),
            (*no_infer, "--no-infer"),
            (auth.is_some(), "--auth"),
        ];
        given
            .into_iter()
            .find(|(set, _)| *set)
            .map(|(_, flag)| flag)
    }

    /// The importer's options, or the exit code after naming a bad `--limit` or category.
    pub(crate) fn options(&self) -> Result<ImportOptions, ExitCode> {
        let mut options = ImportOptions {
            publisher: self.publisher.clone(),
            website: self.website.clone(),
            privacy_policy: self.privacy_policy.clone(),
            categories: self.categories.clone(),
            tags: self.tags.clone(),
            operations: self.operations.clone(),
            limits: Default::default(),
            fix: self.fix,
            no_infer: self.no_infer,
            auth: self.auth.clone(),
        };
        for limit in &self.limits {
            if let Err(error) = options.limits.set_from_arg(limit) {
                eprintln!("error: --limit {limit}: {error}");
                return Err(ExitCode::from(EXIT_USAGE));
            }
        }
        if let Err(error) = options.checked_categories() {
            eprintln!("error: {error}");
            return Err(ExitCode::from(EXIT_USAGE));
        }
        Ok(options)
    }
}

/// Runs `connectorc import`: writes the spec and prints each repair of the source as a warning.
pub(crate) fn run(args: &ImportArgs) -> ExitCode {
    let options = match args.choices.options() {
        Ok(options) => options,
        Err(code) => return code,
    };
    let source = &args.source;
    let imported = match import_path_with(source, &options) {
        Ok(imported) => imported,
        Err(error) => return import_failed(source, &error),
    };
    eprint_warnings(source, &imported.warnings);
    let Some(output) = args.output.as_deref() else {
        print!("{}", imported.yaml);
        return ExitCode::SUCCESS;
    };
    let yaml = match write_spec(output, &imported.yaml) {
        Ok(yaml) => yaml,
        Err(code) => return code,
    };
    eprintln!(
        "imported {} into {} ({} warnings)",
        source.display(),
        output.display(),
        imported.warnings.len()
    );
    if !args.check {
        return ExitCode::SUCCESS;
    }
    let outcome =
        connector_platform::platform::check_source_for_platform(output, yaml, &Default::default());
    eprint_diagnostics(&outcome.diagnostics);
    if outcome.has_errors() {
        ExitCode::from(EXIT_SPEC_ERRORS)
    } else {
        ExitCode::SUCCESS
    }
}

/// Says why `source` cannot be imported; the exit code.
pub(crate) fn import_failed(source: &Path, error: &ImportError) -> ExitCode {
    eprintln!(
        "error: cannot import {}: {}",
        escape_terminal(&source.display().to_string()),
        escape_terminal(&error.to_string())
    );
    ExitCode::from(if error.is_usage() {
        EXIT_USAGE
    } else {
        EXIT_SPEC_ERRORS
    })
}

/// Prints each repair of `source` as a warning, in one write: a large document has thousands.
pub(crate) fn eprint_warnings(source: &Path, warnings: &[Warning]) {
    let mut report = String::new();
    for warning in warnings {
        let _ = writeln!(
            report,
            "warning: {}: {}",
            source.display(),
            escape_terminal(&warning.to_string())
        );
    }
    eprint!("{report}");
}

/// Writes the imported spec to `output` with a `$schema` path that resolves from there, and
/// returns the text written.
fn write_spec(output: &Path, yaml: &str) -> Result<String, ExitCode> {
    if let Some(parent) = output.parent().filter(|p| !p.as_os_str().is_empty()) {
        if let Err(error) = std::fs::create_dir_all(parent) {
            eprintln!("error: cannot create {}: {error}", parent.display());
            return Err(ExitCode::from(EXIT_USAGE));
        }
    }
    let yaml = codegen::with_schema_comment(yaml, &schema_beside(output)?);
    if let Err(error) = std::fs::write(output, &yaml) {
        eprintln!("error: cannot write {}: {error}", output.display());
        return Err(ExitCode::from(EXIT_USAGE));
    }
    Ok(yaml)
}
