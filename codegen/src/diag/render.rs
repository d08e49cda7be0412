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
    let mut out = String::new();
    // Diagnostics of one file share its escaped text and that text's line starts.
    for run in diagnostics.chunk_by(|a, b| std::sync::Arc::ptr_eq(&a.file, &b.file)) {
        let source = EscapedSource::new(&run[0].file.text);
        let lines = LineStarts::of(&source.text);
        let file = Shown {
            source: &source,
            lines: &lines,
            path: escape_terminal(&run[0].file.path.display().to_string()).into_owned(),
        };
        if run.len() < RENDER_IN_HALVES_FROM {
            file.render_each(run, style, &mut out);
            continue;
        }
        // Each block depends on its diagnostic and the file alone: the halves are rendered at
        // once and joined in order.
        let (first, second) = run.split_at(run.len() / 2);
        let (a, b) = crate::join::join(
            "render-text",
            || file.rendered(first, style),
            || file.rendered(second, style),
        );
        out.push_str(&a);
        out.push_str(&b);
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    out.push_str(&format!("{} error(s), {} warning(s)\n", errors, warnings));
    out
}

/// From how many diagnostics of one file the report is rendered in two halves at once (a
/// block takes miette some 85,000 instructions).
const RENDER_IN_HALVES_FROM: usize = 256;

/// One file as its diagnostics show it.
struct Shown<'a> {
    source: &'a EscapedSource,
    lines: &'a LineStarts,
    /// Its path, escaped.
    path: String,
}

impl Shown<'_> {
    /// The blocks of `diagnostics`, all in this file.
    fn rendered(&self, diagnostics: &[Diagnostic], style: RenderStyle) -> String {
        let mut out = String::new();
        self.render_each(diagnostics, style, &mut out);
        out
    }

    /// Appends the block of each of `diagnostics` (all in this file) to `out`.
    fn render_each(&self, diagnostics: &[Diagnostic], style: RenderStyle, out: &mut String) {
        let handler = handler(style);
        for diagnostic in diagnostics {
            let view = MietteView {
                diagnostic,
                source: WindowedSource {
                    name: self.path.clone(),
                    text: &self.source.text,
                    lines: self.lines,
                    language: "yaml",
                },
                escaped: self.source,
                message: escape_terminal(&diagnostic.message).into_owned(),
                help: diagnostic
                    .help
                    .as_deref()
                    .map(|h| escape_terminal(h).into_owned()),
            };
            if handler.render_report(out, &view).is_err() {
                out.push_str(&format!(
                    "{}: {}\n",
                    escape_terminal(&diagnostic.location()),
                    view.message
                ));
            }
            out.push('\n');
        }
    }
}

/// miette's report handler for `style`.
fn handler(style: RenderStyle) -> GraphicalReportHandler {
    let theme = match (style.color, style.unicode) {
        (true, true) => GraphicalTheme::unicode(),
        (true, false) => GraphicalTheme::ascii(),
        (false, true) => GraphicalTheme::unicode_nocolor(),
        (false, false) => GraphicalTheme::none(),
    };
    GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false)
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

#[cfg(test)]
mod tests {
    use super::{render_text, RenderStyle, RENDER_IN_HALVES_FROM};
    use crate::diag::{Code, Diagnostic, Related, SourceFile};
    use crate::spec::Span;

    /// A diagnostic at the `i`th line of `file`, each a little different from the last.
    fn at_line(file: &std::sync::Arc<SourceFile>, i: usize) -> Diagnostic {
        let line = i % 40;
        let offset = file.text.lines().take(line).map(|l| l.len() + 1).sum();
        let span = Span::at(line as u32 + 1, 1, offset, 4 + i % 3);
        let mut d = if i % 5 == 0 {
            Diagnostic::error(Code::InvalidValue, file, span, format!("error {i}"))
        } else {
            Diagnostic::warning(
                Code::UnknownKey,
                file,
                span,
                format!("warning {i}\u{1b}[2J"),
            )
        };
        if i % 2 == 0 {
            d = d.with_label(format!("label {i}"));
        }
        if i % 3 == 0 {
            d = d.with_help(format!("help {i}"));
        }
        if i % 7 == 0 {
            d.related.push(Related {
                span: Span::at(1, 1, 0, 5),
                label: "first".into(),
            });
        }
        if i % 11 == 0 {
            d.span = Span::UNKNOWN;
        }
        d
    }

    #[test]
    fn a_long_report_rendered_in_halves_is_each_block_rendered_alone() {
        let text: String = (0..40).map(|i| format!("key{i}: value {i}\n")).collect();
        let a = SourceFile::new("a.yaml", text.clone());
        let b = SourceFile::new("b\u{1b}.yaml", text);
        let runs = [
            (&a, RENDER_IN_HALVES_FROM + 1),
            (&b, 3),
            (&a, 2 * RENDER_IN_HALVES_FROM),
        ];
        let mut diagnostics = Vec::new();
        for (file, count) in runs {
            let from = diagnostics.len();
            diagnostics.extend((from..from + count).map(|i| at_line(file, i)));
        }
        for style in [
            RenderStyle::plain(),
            RenderStyle {
                color: true,
                unicode: false,
                width: 60,
            },
        ] {
            let mut expected = String::new();
            for d in &diagnostics {
                let alone = render_text(std::slice::from_ref(d), style);
                let summary = alone
                    .rfind(" error(s), ")
                    .map(|at| alone[..at].rfind('\n').map_or(0, |n| n + 1));
                expected.push_str(&alone[..summary.expect("a summary line")]);
            }
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            expected.push_str(&format!(
                "{errors} error(s), {} warning(s)\n",
                diagnostics.len() - errors
            ));
            assert_eq!(render_text(&diagnostics, style), expected);
        }
    }
}
