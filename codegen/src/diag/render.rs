//! Turns diagnostics into text (miette's graphical report) or JSON.

use std::fmt;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceSpan};
use serde_json::json;

use super::escape::{escape_terminal, EscapedSource};
use super::window::{LineStarts, WindowedSource};
use super::{Diagnostic, Severity};

/// How text reports look.
#[derive(Clone, Copy, Debug)]
pub struct RenderStyle {
    /// Use colours (terminals only).
    pub color: bool,
    /// Use Unicode box drawing rather than ASCII.
    pub unicode: bool,
    /// Wrap width in columns.
    pub width: usize,
}

impl RenderStyle {
    /// No colour, Unicode, 100 columns: the style of snapshot tests and build failures.
    pub fn plain() -> Self {
        RenderStyle {
            color: false,
            unicode: true,
            width: 100,
        }
    }
}

/// Adapts one of our diagnostics to miette's trait, with every text a terminal would act on
/// escaped (the source shown, the message, labels and help).
struct MietteView<'a> {
    diagnostic: &'a Diagnostic,
    source: WindowedSource<'a>,
    /// The file's text as shown, and how its offsets moved.
    escaped: &'a EscapedSource,
    message: String,
    help: Option<String>,
}

impl fmt::Debug for MietteView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for MietteView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for MietteView<'_> {}

fn source_span(
    diagnostic: &Diagnostic,
    escaped: &EscapedSource,
    span: crate::spec::Span,
) -> SourceSpan {
    let text_len = diagnostic.file.text.len();
    let offset = span.start().min(text_len);
    let end = offset + span.byte_len().min(text_len - offset);
    let (start, end) = (escaped.offset(offset), escaped.offset(end));
    SourceSpan::new(start.into(), end - start)
}

impl miette::Diagnostic for MietteView<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.diagnostic.code.as_str()))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        if self.diagnostic.span.is_known() {
            Some(&self.source)
        } else {
            None
        }
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let d = self.diagnostic;
        if !d.span.is_known() {
            return None;
        }
        let label = d.label.as_deref().map(|l| escape_terminal(l).into_owned());
        let primary =
            LabeledSpan::new_primary_with_span(label, source_span(d, self.escaped, d.span));
        let related = d.related.iter().filter(|r| r.span.is_known()).map(|r| {
            LabeledSpan::new_with_span(
                Some(escape_terminal(&r.label).into_owned()),
                source_span(d, self.escaped, r.span),
            )
        });
        Some(Box::new(std::iter::once(primary).chain(related)))
    }
}

/// Renders diagnostics as a human report, one block each, followed by a summary line.
pub fn render_text(diagnostics: &[Diagnostic], style: RenderStyle) -> String {
    let theme = match (style.color, style.unicode) {
        (true, true) => GraphicalTheme::unicode(),
        (true, false) => GraphicalTheme::ascii(),
        (false, true) => GraphicalTheme::unicode_nocolor(),
        (false, false) => GraphicalTheme::none(),
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false);
    let mut out = String::new();
    // Diagnostics of one file share its escaped text and that text's line starts.
    let mut escaped: Option<(*const super::SourceFile, EscapedSource, LineStarts)> = None;
    for diagnostic in diagnostics {
        let file = std::sync::Arc::as_ptr(&diagnostic.file);
        if escaped.as_ref().is_none_or(|(shown, _, _)| *shown != file) {
            let source = EscapedSource::new(&diagnostic.file.text);
            let lines = LineStarts::of(&source.text);
            escaped = Some((file, source, lines));
        }
        let Some((_, source, lines)) = &escaped else {
            continue;
        };
        let path = diagnostic.file.path.display().to_string();
        let view = MietteView {
            diagnostic,
            source: WindowedSource {
                name: escape_terminal(&path).into_owned(),
                text: &source.text,
                lines,
                language: "yaml",
            },
            escaped: source,
            message: escape_terminal(&diagnostic.message).into_owned(),
            help: diagnostic
                .help
                .as_deref()
                .map(|h| escape_terminal(h).into_owned()),
        };
        if handler.render_report(&mut out, &view).is_err() {
            out.push_str(&format!(
                "{}: {}\n",
                escape_terminal(&diagnostic.location()),
                view.message
            ));
        }
        out.push('\n');
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    out.push_str(&format!("{} error(s), {} warning(s)\n", errors, warnings));
    out
}

/// Renders diagnostics as a JSON array of objects with code, severity, message, file, line,
/// column, byte range, label, help and related places.
pub fn render_json(diagnostics: &[Diagnostic]) -> String {
    let items: Vec<_> = diagnostics
        .iter()
        .map(|d| {
            json!({
                "code": d.code.as_str(),
                "severity": match d.severity { Severity::Error => "error", Severity::Warning => "warning" },
                "message": escape_terminal(&d.message),
                "file": escape_terminal(&d.file.path.display().to_string()),
                "line": d.span.line,
                "column": d.span.column,
                "offset": d.span.offset,
                "length": d.span.len,
                "label": d.label.as_deref().map(escape_terminal),
                "help": d.help.as_deref().map(escape_terminal),
                "related": d.related.iter().map(|r| json!({
                    "line": r.span.line,
                    "column": r.span.column,
                    "offset": r.span.offset,
                    "length": r.span.len,
                    "label": escape_terminal(&r.label),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".to_owned())
}
