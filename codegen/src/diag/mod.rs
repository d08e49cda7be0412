//! Diagnostics: what went wrong, where, and what to do about it; rendered like rustc's (miette)
//! or as JSON for editors and CI.

mod codes;
mod escape;
mod render;
mod suggest;
mod window;

use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use codes::Code;
pub use escape::escape_terminal;
pub use render::{render_json, render_text, RenderStyle};
pub use suggest::did_you_mean;

use crate::spec::Span;

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The spec cannot be compiled.
    Error,
    /// The spec compiles but breaks a rule a platform or a reviewer will complain about.
    Warning,
}

/// A source file a diagnostic points into.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as the user named it.
    pub path: PathBuf,
    /// The file's text.
    pub text: String,
}

impl SourceFile {
    /// Wraps a file's path and text for sharing between diagnostics.
    pub fn new(path: impl Into<PathBuf>, text: impl Into<String>) -> Arc<SourceFile> {
        Arc::new(SourceFile {
            path: path.into(),
            text: text.into(),
        })
    }
}

/// A secondary place that explains the primary one ("first defined here").
#[derive(Clone, Debug)]
pub struct Related {
    /// Where.
    pub span: Span,
    /// What it shows.
    pub label: String,
}

/// One finding about a spec.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    /// The stable code.
    pub code: Code,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in one sentence.
    pub message: String,
    /// The file it is in.
    pub file: Arc<SourceFile>,
    /// Where in the file.
    pub span: Span,
    /// The text under the underline.
    pub label: Option<String>,
    /// What to do about it.
    pub help: Option<String>,
    /// Other places worth showing.
    pub related: Vec<Related>,
}

impl Diagnostic {
    /// An error at `span`.
    pub fn error(
        code: Code,
        file: &Arc<SourceFile>,
        span: Span,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            code,
            severity: Severity::Error,
            message: message.into(),
            file: Arc::clone(file),
            span,
            label: None,
            help: None,
            related: Vec::new(),
        }
    }

    /// A warning at `span`.
    pub fn warning(
        code: Code,
        file: &Arc<SourceFile>,
        span: Span,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, file, span, message)
        }
    }

    /// Sets the label under the underline.
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Sets the help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Sets the help line when there is one.
    pub fn with_optional_help(mut self, help: Option<String>) -> Self {
        if help.is_some() {
            self.help = help;
        }
        self
    }

    /// Adds a secondary place.
    pub fn with_related(mut self, span: Span, label: impl Into<String>) -> Self {
        self.related.push(Related {
            span,
            label: label.into(),
        });
        self
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.file.path
    }

    /// Whether this is an error (not a warning).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:column`, or just the file when the position is unknown.
    pub fn location(&self) -> String {
        if self.span.is_known() {
            format!(
                "{}:{}:{}",
                self.file.path.display(),
                self.span.line,
                self.span.column
            )
        } else {
            self.file.path.display().to_string()
        }
    }
}

/// Orders diagnostics by file, position and code, so reports are stable whatever order checks ran in.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (
            a.file.path.as_path(),
            a.span.line,
            a.span.column,
            a.code,
            &a.message,
        )
            .cmp(&(
                b.file.path.as_path(),
                b.span.line,
                b.span.column,
                b.code,
                &b.message,
            ))
    });
}
