//! A file's text as miette reads it for a report, found by line instead of by a scan from the
//! file's start: reading a span out of the whole text costs miette a pass over everything before
//! it, which made a report of thousands of diagnostics on a large spec take minutes.

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

/// Lines more than the report shows on each side, so that miette reads the window exactly as it
/// reads the whole text.
const MARGIN: usize = 2;

/// The byte offsets where lines start, as miette counts lines (`\n`, `\r\n` and a lone `\r`).
#[derive(Debug)]
pub(crate) struct LineStarts(Vec<usize>);

impl LineStarts {
    /// The line starts of `text`.
    pub(crate) fn of(text: &str) -> LineStarts {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push(i + 1),
                b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                    starts.push(i + 2);
                    i += 1;
                }
                b'\r' => starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        LineStarts(starts)
    }

    /// The 0-based line holding byte `offset` (the last line for offsets past the end).
    fn line_of(&self, offset: usize) -> usize {
        self.0
            .partition_point(|start| *start <= offset)
            .saturating_sub(1)
    }
}

/// A named text read by miette through its line starts.
pub(crate) struct WindowedSource<'a> {
    /// The name shown above the snippet.
    pub name: String,
    /// The text.
    pub text: &'a str,
    /// The text's line starts.
    pub lines: &'a LineStarts,
    /// The language named to miette's highlighter.
    pub language: &'static str,
}

impl SourceCode for WindowedSource<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let end = span.offset() + span.len();
        let first = self
            .lines
            .line_of(span.offset())
            .saturating_sub(context_lines_before + MARGIN);
        let last = self.lines.line_of(end) + context_lines_after + MARGIN + 1;
        let from = self.lines.0[first];
        let to = if end > self.text.len() {
            self.text.len()
        } else {
            self.lines.0.get(last).copied().unwrap_or(self.text.len())
        };
        let window = &self.text.as_bytes()[from..to];
        let inner = SourceSpan::new((span.offset().saturating_sub(from)).into(), span.len());
        let read = <[u8] as SourceCode>::read_span(
            window,
            &inner,
            context_lines_before,
            context_lines_after,
        )?;
        let contents = MietteSpanContents::new_named(
            self.name.clone(),
            read.data(),
            SourceSpan::new((read.span().offset() + from).into(), read.span().len()),
            read.line() + first,
            read.column(),
            read.line_count() + first,
        )
        .with_language(self.language);
        Ok(Box::new(contents))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use miette::NamedSource;

    fn same_as_the_whole_text(text: &str) {
        let lines = LineStarts::of(text);
        let windowed = WindowedSource {
            name: "f.yaml".into(),
            text,
            lines: &lines,
            language: "yaml",
        };
        let whole = NamedSource::new("f.yaml", text.to_owned()).with_language("yaml");
        // Spans inside the text, as the report clamps them (miette itself panics on others).
        for offset in 0..=text.len() {
            for len in [0, 1, 2, 5, 13, 40].map(|l: usize| l.min(text.len() - offset)) {
                for (before, after) in [(0, 0), (1, 1), (2, 2), (3, 0), (0, 3)] {
                    let span = SourceSpan::new(offset.into(), len);
                    let a = windowed.read_span(&span, before, after);
                    let b = whole.read_span(&span, before, after);
                    match (a, b) {
                        (Ok(a), Ok(b)) => {
                            let at = format!("{offset}+{len} ({before}, {after}) in {text:?}");
                            assert_eq!(a.data(), b.data(), "{at}");
                            assert_eq!(a.span(), b.span(), "{at}");
                            assert_eq!(a.line(), b.line(), "{at}");
                            assert_eq!(a.column(), b.column(), "{at}");
                            assert_eq!(a.line_count(), b.line_count(), "{at}");
                            assert_eq!(a.name(), b.name(), "{at}");
                            assert_eq!(a.language(), b.language(), "{at}");
                        }
                        (Err(_), Err(_)) => {}
                        (a, b) => panic!(
                            "{offset}+{len} ({before}, {after}) in {text:?}: {:?} vs {:?}",
                            a.is_ok(),
                            b.is_ok()
                        ),
                    }
                }
            }
        }
    }

    #[test]
    fn a_window_reads_as_the_whole_text_does() {
        let texts = [
            "",
            "a",
            "\n",
            "title: T\nbase_url: https://x\nactions:\n  A:\n    request: GET /a\n",
            "a\r\nb\r\n\r\nc: d\re\n\n\nf",
            "one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\neleven",
            "é: ü\n  – x\n\n\n\n  y: z\n",
        ];
        for text in texts {
            same_as_the_whole_text(text);
        }
    }
}
