//! Our pipeline, stage by stage: import → check → Rust emit, and the Power Platform folder.

use std::time::Duration;

use codegen::ir::Connector;
use codegen::spec::ReadLimits;
use connector_platform::import::ImportOptions;

use crate::timed;

/// The time of each stage of one run.
#[derive(Clone, Copy, Debug, Default)]
pub struct Stages {
    /// A bare `serde_json` parse of the input (the floor).
    pub parse: Duration,
    /// OpenAPI → spec YAML.
    pub import: Duration,
    /// A bare YAML parse of the imported spec into `serde_json::Value` (the floor of check).
    pub spec_parse: Duration,
    /// Spec YAML → IR.
    pub check: Duration,
    /// OpenAPI → IR in memory, with no spec text between (`connectorc rust --import`).
    pub import_checked: Duration,
    /// IR → formatted Rust module.
    pub rust: Duration,
    /// IR → Power Platform folder (what `connectorc build` emits).
    pub build: Duration,
    /// What `connectorc build` does for the imported spec: read and check the spec file, emit
    /// the folder (Power Platform manifests and OpenAPI) and write it.
    pub build_cli: Duration,
    /// What `connectorc check` does for the imported spec: read and check the spec file with
    /// the platform's rules, and render every diagnostic as text.
    pub check_cli: Duration,
}

impl Stages {
    /// Import, check and Rust emit: the pipeline compared with progenitor.
    pub fn pipeline(&self) -> Duration {
        self.import + self.check + self.rust
    }

    /// The same pipeline in memory: the imported spec checked without its text, then Rust emit
    /// (`connectorc rust --import`).
    pub fn in_memory(&self) -> Duration {
        self.import_checked + self.rust
    }

    /// The smaller of each stage over two runs.
    pub fn min(self, other: Stages) -> Stages {
        Stages {
            parse: self.parse.min(other.parse),
            import: self.import.min(other.import),
            spec_parse: self.spec_parse.min(other.spec_parse),
            check: self.check.min(other.check),
            import_checked: self.import_checked.min(other.import_checked),
            rust: self.rust.min(other.rust),
            build: self.build.min(other.build),
            build_cli: self.build_cli.min(other.build_cli),
            check_cli: self.check_cli.min(other.check_cli),
        }
    }
}

/// Runs every stage on `text` and returns the generated Rust with the times.
pub fn run(text: &str) -> Result<(String, Stages), String> {
    let (parsed, parse) = timed(|| serde_json::from_str::<serde_json::Value>(text));
    parsed.map_err(|e| format!("input is not JSON: {e}"))?;
    let options = import_options(text);
    let (imported, import) = timed(|| {
        connector_platform::import::openapi::import_with(text.as_bytes(), "synthetic", &options)
    });
    let imported = imported.map_err(|e| format!("import: {e}"))?;
    // The import hands its large trees to threads that free them (as the CLI, which exits
    // without waiting); each next stage is timed once they are freed, so they do not slow it.
    codegen::drop_later::wait_for_pending();
    let (spec, spec_parse) = timed(|| {
        serde_saphyr::from_str_with_options::<serde_json::Value>(&imported.yaml, yaml_options())
    });
    spec.map_err(|e| format!("the imported spec is not YAML: {e}"))?;
    let limits = read_limits(&imported.yaml);
    let (build_cli, check_cli) = as_the_cli(&imported.yaml, &limits)?;
    codegen::drop_later::wait_for_pending();
    let (outcome, check) =
        timed(|| codegen::check_source("synthetic.yaml", imported.yaml, &limits));
    codegen::drop_later::wait_for_pending();
    let connector = outcome.connector.ok_or_else(|| {
        format!(
            "check: {:?}",
            outcome.diagnostics.first().map(|d| &d.message)
        )
    })?;
    let (in_memory, import_checked) = timed(|| {
        connector_platform::import::openapi::import_connector(
            text.as_bytes(),
            "synthetic",
            &options,
        )
    });
    let in_memory = in_memory.map_err(|e| format!("in-memory import: {e}"))?;
    codegen::drop_later::wait_for_pending();
    if in_memory.outcome.connector.as_ref() != Some(&connector) {
        return Err("the in-memory import's connector is not the written spec's".into());
    }
    drop(in_memory);
    let (rust, rust_time) = timed(|| {
        codegen::emit::rust::emit_module(&connector, &codegen::emit::rust::RustOptions::default())
    });
    let rust = rust.map_err(|e| format!("Rust emit: {e}"))?;
    let (_files, build) = timed(|| connector_platform::emit::folder::connector_files(&connector));
    Ok((
        rust,
        Stages {
            parse,
            import,
            spec_parse,
            check,
            import_checked,
            rust: rust_time,
            build,
            build_cli,
            check_cli,
        },
    ))
}

/// The spec text `connectorc import` writes for the OpenAPI document `text`.
pub fn import_yaml(text: &str) -> Result<String, String> {
    connector_platform::import::openapi::import_with(
        text.as_bytes(),
        "synthetic",
        &import_options(text),
    )
    .map(|imported| imported.yaml)
    .map_err(|e| format!("import: {e}"))
}

/// The checked connector `connectorc rust --import` emits from for the document `text`.
pub fn import_checked(text: &str) -> Result<Connector, String> {
    let imported = connector_platform::import::openapi::import_connector(
        text.as_bytes(),
        "synthetic",
        &import_options(text),
    )
    .map_err(|e| format!("in-memory import: {e}"))?;
    imported
        .outcome
        .connector
        .ok_or_else(|| "the in-memory import does not check".to_owned())
}

/// The checked connector of the spec text `yaml`, read under the limits it needs.
pub fn check_yaml(yaml: String) -> Result<Connector, String> {
    let limits = read_limits(&yaml);
    let outcome = codegen::check_source("synthetic.yaml", yaml, &limits);
    outcome.connector.ok_or_else(|| {
        format!(
            "check: {:?}",
            outcome.diagnostics.first().map(|d| &d.message)
        )
    })
}

/// The times of `connectorc build` and `connectorc check` on `yaml` written to a spec file, in a
/// scratch folder that is removed afterwards.
fn as_the_cli(yaml: &str, limits: &ReadLimits) -> Result<(Duration, Duration), String> {
    let dir = std::env::temp_dir().join(format!("codegen-perf-build-{}", std::process::id()));
    let spec = dir.join("synthetic.yaml");
    std::fs::create_dir_all(&dir).map_err(|e| format!("scratch folder: {e}"))?;
    std::fs::write(&spec, yaml).map_err(|e| format!("scratch spec: {e}"))?;
    let (_report, check_cli) = timed(|| {
        let outcome = connector_platform::platform::check_file_for_platform_with(&spec, limits);
        codegen::diag::render_text(&outcome.diagnostics, codegen::diag::RenderStyle::plain())
    });
    codegen::drop_later::wait_for_pending();
    let (written, took) = timed(|| {
        let outcome = codegen::check_file_with(&spec, limits);
        let connector = outcome.connector.ok_or("the spec file does not check")?;
        let files = connector_platform::emit::folder::connector_files(&connector);
        connector_platform::emit::folder::write_folder(&dir.join(&connector.id), &files)
            .map_err(|_| "cannot write the folder")
    });
    let removed = std::fs::remove_dir_all(&dir);
    written.map_err(|e| format!("build: {e}"))?;
    removed.map_err(|e| format!("scratch folder: {e}"))?;
    Ok((took, check_cli))
}

/// The import's budgets, raised for a document beyond the defaults (100,000 operations), as
/// `--limit` raises them on the command line; smaller documents read under the defaults.
fn import_options(text: &str) -> ImportOptions {
    let mut options = ImportOptions::default();
    options.limits.max_input_bytes = options.limits.max_input_bytes.max(text.len());
    options.limits.max_nodes = options.limits.max_nodes.max(LARGE_NODES);
    options
}

/// The checker's limits, raised for a spec beyond the defaults, as the import's warning says.
fn read_limits(yaml: &str) -> ReadLimits {
    let mut limits = ReadLimits::default();
    limits.max_file_bytes = limits.max_file_bytes.max(yaml.len());
    limits.max_nodes = limits.max_nodes.max(LARGE_NODES);
    limits
}

/// A count of values no synthetic document of up to 100,000 operations reaches.
const LARGE_NODES: usize = 50_000_000;

/// The YAML reader's budget as the checker's raised limits set it, so the bare parse reads what
/// check reads.
pub fn yaml_options() -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_nodes = LARGE_NODES;
    budget.max_events = LARGE_NODES * 3;
    budget.max_reader_input_bytes = None;
    budget.max_total_scalar_bytes = usize::MAX;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options
}
