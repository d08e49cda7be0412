//! The front half of the pipeline as one call: read a spec file, check it, return the IR and
//! every diagnostic.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diag::{Code, Diagnostic, SourceFile};
use crate::ir::Connector;
use crate::spec::Span;
use crate::spec::{read_spec, ReadLimits};

/// The result of checking one spec.
#[derive(Debug)]
pub struct CheckOutcome {
    /// The checked connector, when the spec has no error.
    pub connector: Option<Connector>,
    /// Every error and warning, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
}

impl CheckOutcome {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// The connector id of a spec path: its file stem (`connectors/zoom.yaml` → `zoom`).
pub fn connector_id(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "connector".into())
}

/// Checks spec text that claims to come from `path`.
pub fn check_source(
    path: impl Into<PathBuf>,
    text: impl Into<String>,
    limits: &ReadLimits,
) -> CheckOutcome {
    let path = path.into();
    let id = connector_id(&path);
    let file = SourceFile::new(path, text);
    on_deep_stack(|| check_loaded(&file, &id, limits))
}

/// Reads spec text into the model, on a stack deep enough for the deepest spec the budget
/// admits (see [`check_source`]).
pub fn read_source(
    file: &Arc<SourceFile>,
    limits: &ReadLimits,
) -> Result<crate::spec::ConnectorSpec, Vec<Diagnostic>> {
    on_deep_stack(|| read_spec(file, limits))
}

/// Checks a model read from `file` (its spans point into `file`), on the same deep stack.
pub fn check_read(
    spec: &crate::spec::ConnectorSpec,
    file: &Arc<SourceFile>,
    id: &str,
) -> CheckOutcome {
    check_read_splitting_from(spec, file, id, crate::check::SPLIT_ACTIONS_FROM)
}

/// [`check_read`], with the actions checked in two halves at once from `split_actions_from`
/// actions on (`usize::MAX`: in turn): for the oracle that holds both ways to the same outcome.
#[doc(hidden)]
pub fn check_read_splitting_from(
    spec: &crate::spec::ConnectorSpec,
    file: &Arc<SourceFile>,
    id: &str,
    split_actions_from: usize,
) -> CheckOutcome {
    on_deep_stack(|| {
        let (connector, diagnostics) =
            crate::check::check_splitting_from(spec, file, id, split_actions_from);
        CheckOutcome {
            connector,
            diagnostics,
        }
    })
}

/// Stack for reading and checking: serde and the checker recurse once per nesting level, and a
/// debug build needs far more than a spawned thread's 2 MiB to reach the depth budget.
pub(crate) const CHECK_STACK_BYTES: usize = 256 * 1024 * 1024;

/// Runs `work` on a thread with a stack large enough for the deepest spec the budget admits,
/// whatever stack the caller has (test threads, tokio workers, build scripts). If no thread can be
/// started, runs it on the caller's thread.
fn on_deep_stack<T: Send>(work: impl FnOnce() -> T + Send) -> T {
    let slot = std::sync::Mutex::new(Some(work));
    let take = || slot.lock().ok().and_then(|mut w| w.take());
    let outcome = std::thread::scope(|scope| {
        let handle = std::thread::Builder::new()
            .stack_size(CHECK_STACK_BYTES)
            .spawn_scoped(scope, || take().map(|work| work()));
        match handle.map(|h| h.join()) {
            Ok(Ok(value)) => value,
            Ok(Err(panic)) => std::panic::resume_unwind(panic),
            Err(_) => None,
        }
    });
    match outcome {
        Some(value) => value,
        None => match take() {
            Some(work) => work(),
            None => unreachable!("the work runs exactly once"),
        },
    }
}

fn check_loaded(file: &Arc<SourceFile>, id: &str, limits: &ReadLimits) -> CheckOutcome {
    match read_spec(file, limits) {
        Ok(spec) => {
            let (connector, diagnostics) = crate::check::check(&spec, file, id);
            // The model of a large spec takes tens of milliseconds to free (some 40 ms at 10,000
            // operations), which the caller need not wait for.
            crate::drop_later::drop_model(spec, file.text.len());
            CheckOutcome {
                connector,
                diagnostics,
            }
        }
        Err(diagnostics) => CheckOutcome {
            connector: None,
            diagnostics,
        },
    }
}

/// Reads and checks the spec at `path` with the default limits.
pub fn check_file(path: &Path) -> CheckOutcome {
    check_file_with(path, &ReadLimits::default())
}

/// Reads and checks the spec at `path`.
pub fn check_file_with(path: &Path, limits: &ReadLimits) -> CheckOutcome {
    match read_text(path, limits) {
        Ok(text) => check_source(path, text, limits),
        Err(diagnostic) => CheckOutcome {
            connector: None,
            diagnostics: vec![*diagnostic],
        },
    }
}

/// Reads a file as UTF-8 without loading more than the limit allows.
fn read_text(path: &Path, limits: &ReadLimits) -> Result<String, Box<Diagnostic>> {
    let io_error = |message: String| {
        Box::new(Diagnostic::error(
            Code::Io,
            &SourceFile::new(path, String::new()),
            Span::UNKNOWN,
            message,
        ))
    };
    let metadata = std::fs::metadata(path)
        .map_err(|e| io_error(format!("cannot read {}: {e}", path.display())))?;
    if metadata.len() > limits.max_file_bytes as u64 {
        let bytes = usize::try_from(metadata.len()).unwrap_or(usize::MAX);
        let file = SourceFile::new(path, String::new());
        return Err(Box::new(crate::spec::file_too_large(&file, bytes, limits)));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| io_error(format!("cannot read {}: {e}", path.display())))?;
    // The file was read: text that is not UTF-8 is a mistake in the spec, not an I/O failure.
    String::from_utf8(bytes).map_err(|e| {
        Box::new(
            Diagnostic::error(
                Code::YamlSyntax,
                &SourceFile::new(path, String::new()),
                Span::UNKNOWN,
                format!(
                    "{} is not UTF-8 text (the bytes from offset {} are not UTF-8)",
                    path.display(),
                    e.utf8_error().valid_up_to()
                ),
            )
            .with_help("save the spec as UTF-8"),
        )
    })
}

/// Expands paths into spec files: files as given, directories into their `*.yaml`/`*.yml` files
/// sorted by name.
pub fn spec_files(paths: &[PathBuf]) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(path)?
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|p| {
                    p.is_file()
                        && matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"))
                })
                .collect();
            found.sort();
            files.extend(found);
        } else if path.exists() {
            files.push(path.clone());
        } else {
            return Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("{} does not exist", path.display()),
            ));
        }
    }
    Ok(files)
}
