//! Reads a spec file into the serde model with serde-saphyr, under budgets that stop hostile YAML
//! (alias bombs, deep nesting, huge scalars) before it costs time or memory.

use std::sync::Arc;

use serde_saphyr::{Budget, Error as YamlError, Options};

use super::model::ConnectorSpec;
use super::span::Span;
use super::structure::structural_diagnostics;
use crate::diag::{did_you_mean, Code, Diagnostic, SourceFile};

/// Resource limits for reading one spec file.
#[derive(Clone, Copy, Debug)]
pub struct ReadLimits {
    /// Largest accepted file, in bytes.
    pub max_file_bytes: usize,
    /// Deepest accepted nesting of mappings and sequences.
    pub max_depth: usize,
    /// Most YAML nodes (scalars, mappings, sequences) in the file.
    pub max_nodes: usize,
    /// Most alias uses (`*name`) in the file.
    pub max_aliases: usize,
}

impl Default for ReadLimits {
    fn default() -> Self {
        ReadLimits {
            max_file_bytes: 16 * 1024 * 1024,
            max_depth: 64,
            max_nodes: 2_000_000,
            max_aliases: 10_000,
        }
    }
}

impl ReadLimits {
    fn options(&self) -> Options {
        let mut budget = Budget::default();
        budget.max_reader_input_bytes = Some(self.max_file_bytes);
        budget.max_depth = self.max_depth;
        budget.max_nodes = self.max_nodes;
        budget.max_events = self.max_nodes.saturating_mul(3);
        budget.max_aliases = self.max_aliases;
        budget.max_anchors = self.max_aliases;
        budget.max_total_scalar_bytes = self.max_file_bytes;
        budget.max_recorded_anchor_events = self.max_nodes;
        budget.max_recorded_anchor_bytes = self.max_file_bytes;
        let mut options = Options::default();
        options.budget = Some(budget);
        // Specs rarely use aliases; replaying more than this is an alias bomb, not a spec.
        options.alias_limits.max_total_replayed_events = self.max_nodes.min(100_000);
        options.alias_limits.max_replay_stack_depth = self.max_depth;
        // Repeated names reach `NamedMap`, so the checker can say where the first one is.
        options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::PassThrough;
        options
    }
}

/// Parses `file` into a [`ConnectorSpec`].
///
/// When the file does not fit the model, every structural mistake (unknown keys, wrong kinds of
/// value, missing keys) is reported at once; YAML syntax errors and exceeded budgets stop reading.
///
/// The fast reader ([`fast_read`](super::fast_read)) tries first; a file it does not take is
/// read by serde-saphyr, to the same model and spans.
pub fn read_spec(
    file: &Arc<SourceFile>,
    limits: &ReadLimits,
) -> Result<ConnectorSpec, Vec<Diagnostic>> {
    if file.text.len() <= limits.max_file_bytes && file.text.len() <= Span::MAX_TEXT {
        if let Some(spec) = super::fast_read::<ConnectorSpec>(&file.text, limits) {
            return Ok(spec);
        }
    }
    read_spec_by_saphyr(file, limits)
}

/// [`read_spec`] with serde-saphyr alone, never the fast reader: what the fast reader is
/// compared with.
pub fn read_spec_by_saphyr(
    file: &Arc<SourceFile>,
    limits: &ReadLimits,
) -> Result<ConnectorSpec, Vec<Diagnostic>> {
    if file.text.len() > Span::MAX_TEXT {
        return Err(vec![Diagnostic::error(
            Code::ResourceLimit,
            file,
            Span::UNKNOWN,
            format!(
                "spec file is {} bytes, more than the {} bytes a spec can have (positions in it are \
                 32-bit)",
                file.text.len(),
                Span::MAX_TEXT
            ),
        )
        .with_help("split the connector into several specs")]);
    }
    if file.text.len() > limits.max_file_bytes {
        return Err(vec![file_too_large(file, file.text.len(), limits)]);
    }
    let error =
        match serde_saphyr::from_str_with_options::<ConnectorSpec>(&file.text, limits.options()) {
            Ok(spec) => return Ok(spec),
            Err(error) => error,
        };
    let first = yaml_error_diagnostic(file, &error);
    let blank = file
        .text
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'));
    if matches!(first.code, Code::YamlSyntax | Code::ResourceLimit) && !blank {
        return Err(vec![first]);
    }
    let mut all = structural_diagnostics(file, limits.options());
    if all.is_empty() {
        // The schema walk found nothing: serde's own error is the only one we know of.
        all.push(first);
    }
    crate::diag::sort(&mut all);
    Err(all)
}

/// The error of a spec file of `bytes` bytes, more than `limits` allow, with the limit that
/// reads it.
pub(crate) fn file_too_large(
    file: &Arc<SourceFile>,
    bytes: usize,
    limits: &ReadLimits,
) -> Diagnostic {
    Diagnostic::error(
        Code::ResourceLimit,
        file,
        Span::UNKNOWN,
        format!(
            "spec file is {bytes} bytes, more than the limit of {} bytes",
            limits.max_file_bytes
        ),
    )
    .with_help(format!(
        "split the connector, or read a trusted spec with `--limit max_file_bytes={bytes}` \
         (`ReadLimits::max_file_bytes` in a build script)"
    ))
}

fn yaml_error_diagnostic(file: &Arc<SourceFile>, error: &YamlError) -> Diagnostic {
    let span = error
        .location()
        .map(|loc| located(file, loc))
        .unwrap_or(Span::UNKNOWN);
    let message = plain_message(error);
    if matches!(error, YamlError::MultipleDocuments { .. })
        || message.starts_with("multiple YAML documents")
    {
        return Diagnostic::error(
            Code::YamlSyntax,
            file,
            span,
            "a spec file holds one YAML document, and this one has more",
        )
        .with_label("a second document starts here")
        .with_help("remove the `---` separator, or split the documents into files of their own");
    }
    if let Some((what, limit)) = budget_breach(error, &message) {
        return Diagnostic::error(
            Code::ResourceLimit,
            file,
            span,
            format!("spec rejected: {what}"),
        )
        .with_label("the limit was reached here")
        .with_help(format!(
            "specs are plain data: deep nesting, alias expansion and huge scalars are capped; \
             a trusted spec is read with a higher cap by `--limit {limit}=N` \
             (`ReadLimits::{limit}` in a build script)"
        ));
    }
    if let Some(rest) = message.strip_prefix("unknown field `") {
        return unknown_key(file, span, rest);
    }
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        return unknown_word(file, span, rest);
    }
    if message.starts_with("missing field `") {
        let name = message
            .trim_start_matches("missing field `")
            .split('`')
            .next()
            .unwrap_or("");
        return Diagnostic::error(
            Code::MissingKey,
            file,
            span,
            format!("missing required key `{name}`"),
        )
        .with_label(format!("this mapping needs `{name}`"));
    }
    let code = if is_syntax_error(error, &message) {
        Code::YamlSyntax
    } else {
        Code::InvalidValue
    };
    let what = if code == Code::YamlSyntax {
        "YAML syntax error"
    } else {
        "invalid value"
    };
    let diagnostic =
        Diagnostic::error(code, file, span, format!("{what}: {message}")).with_label("here");
    match indentation_help(&message) {
        Some(help) if code == Code::YamlSyntax => diagnostic.with_help(help),
        _ => diagnostic,
    }
}

/// A hint for the YAML errors that a key indented differently from its siblings causes.
fn indentation_help(message: &str) -> Option<&'static str> {
    if message.contains("did not find expected key") {
        Some("this key is indented differently from the keys above it: align it with its siblings")
    } else if message.contains("mapping values are not allowed") {
        Some(
            "a key is indented deeper than the keys above it, or a value holds `: `: align the \
             key with its siblings, or quote the value",
        )
    } else {
        None
    }
}

/// The span of a parse error. Line and column are reliable; the byte offset is missing for
/// scanner errors, so it is recomputed from them.
fn located(file: &SourceFile, location: serde_saphyr::Location) -> Span {
    let span = Span::from_saphyr(location);
    if !span.is_known() {
        return span;
    }
    let mut offset = 0;
    for (index, line) in file.text.split_inclusive('\n').enumerate() {
        if index + 1 == span.line as usize {
            let column = (span.column as usize).saturating_sub(1);
            offset += line
                .char_indices()
                .nth(column)
                .map(|(i, _)| i)
                .unwrap_or(line.len());
            break;
        }
        offset += line.len();
    }
    let offset = offset.min(file.text.len());
    let len = file.text[offset..]
        .chars()
        .next()
        .map(char::len_utf8)
        .unwrap_or(0)
        .max(1);
    Span::at(span.line, span.column, offset, len)
}

/// A plain description of an exceeded parsing budget and the name of the limit that sets it, if
/// the error is one.
fn budget_breach(error: &YamlError, message: &str) -> Option<(&'static str, &'static str)> {
    let budget = matches!(error, YamlError::Budget { .. })
        || message.contains("budget breached")
        || message.contains("limit exceeded");
    if !budget {
        return None;
    }
    Some(
        if message.contains("Depth") || message.contains("recursion") || message.contains("nesting")
        {
            ("nesting is deeper than the limit", "max_depth")
        } else if message.contains("alias")
            || message.contains("Alias")
            || message.contains("anchor")
        {
            (
                "aliases expand to more values than the limit",
                "max_aliases",
            )
        } else if message.contains("Scalar")
            || message.contains("bytes")
            || message.contains("Bytes")
        {
            ("the text is larger than the limit", "max_file_bytes")
        } else {
            ("the document has more values than the limit", "max_nodes")
        },
    )
}

/// The message without serde-saphyr's own snippet, which we render ourselves.
fn plain_message(error: &YamlError) -> String {
    let text = error.without_snippet().to_string();
    let first = text.lines().next().unwrap_or("").trim();
    let stripped = match first.rfind(" at line ") {
        Some(index) => &first[..index],
        None => first,
    };
    stripped.trim_start_matches("error: ").to_owned()
}

fn is_syntax_error(error: &YamlError, message: &str) -> bool {
    const SCANNER_WORDS: &[&str] = &[
        "while scanning",
        "while parsing",
        "tab",
        "did not find expected",
        "found character",
        "mapping values are not allowed",
        "could not find expected",
        "invalid indentation",
        "unexpected end",
        "found unexpected",
    ];
    matches!(
        error,
        YamlError::ExternalMessage { .. }
            | YamlError::Eof { .. }
            | YamlError::UnexpectedSequenceEnd { .. }
            | YamlError::UnexpectedMappingEnd { .. }
    ) || SCANNER_WORDS.iter().any(|w| message.contains(w))
}

/// `unknown field `x`, expected one of `a`, `b`` → a diagnostic listing the valid keys.
fn unknown_key(file: &Arc<SourceFile>, span: Span, rest: &str) -> Diagnostic {
    let (name, expected) = split_expected(rest);
    let help = match did_you_mean(name, expected.iter().map(String::as_str)) {
        Some(close) => format!(
            "did you mean `{close}`? valid keys here: {}",
            expected.join(", ")
        ),
        None if expected.is_empty() => "this mapping takes no keys".to_owned(),
        None => format!("valid keys here: {}", expected.join(", ")),
    };
    let help = match flow_comma_hint(&file.text, span) {
        Some(hint) => hint,
        None => help,
    };
    let mut diagnostic = Diagnostic::error(
        Code::UnknownKey,
        file,
        span,
        format!("unknown key `{name}`"),
    )
    .with_label("not a key of this mapping")
    .with_help(help);
    if expected.iter().any(|k| k == "fields") && expected.iter().any(|k| k == "list") {
        diagnostic.help = diagnostic.help.map(|h| {
            format!("{h}\n(to describe an inline object, put its fields under `fields:`)")
        });
    }
    diagnostic
}

/// `unknown variant `x`, expected one of `a`, `b`` → a diagnostic listing the valid words.
fn unknown_word(file: &Arc<SourceFile>, span: Span, rest: &str) -> Diagnostic {
    let (name, expected) = split_expected(rest);
    let help = match did_you_mean(name, expected.iter().map(String::as_str)) {
        Some(close) => format!(
            "did you mean `{close}`? expected one of: {}",
            expected.join(", ")
        ),
        None => format!("expected one of: {}", expected.join(", ")),
    };
    Diagnostic::error(
        Code::InvalidValue,
        file,
        span,
        format!("unknown value `{name}`"),
    )
    .with_label("not allowed here")
    .with_help(help)
}

fn split_expected(rest: &str) -> (&str, Vec<String>) {
    let name = rest.split('`').next().unwrap_or("");
    let expected = rest
        .split_once("expected ")
        .map(|(_, list)| {
            let list = list.trim_start_matches("one of ");
            list.split(", ")
                .flat_map(|part| part.split(" or "))
                .map(|word| word.trim().trim_matches('`').to_owned())
                .filter(|word| !word.is_empty() && word != "nothing")
                .collect()
        })
        .unwrap_or_default();
    (name, expected)
}

/// When an unknown key is really the end of a value cut by a comma inside a flow mapping
/// (`{ description: The name, at most 200 characters. }`), the help that says to quote it.
pub(crate) fn flow_comma_hint(text: &str, key: Span) -> Option<String> {
    if !key.is_known() {
        return None;
    }
    let name = text
        .get(key.start()..key.start().checked_add(key.byte_len())?)?
        .trim();
    if !name.contains(char::is_whitespace) && !name.ends_with(['.', '!', '?', ')']) {
        return None;
    }
    let line_start = text.get(..key.start())?.rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..key.start()];
    let comma = before.trim_end().strip_suffix(',')?;
    let opened = before.matches('{').count();
    let closed = before.matches('}').count();
    if opened <= closed {
        return None;
    }
    let fragment = comma
        .rfind(": ")
        .map(|at| comma[at + 2..].trim())
        .filter(|f| !f.is_empty() && !f.starts_with(['"', '\'', '{', '[']));
    let example = match fragment {
        Some(fragment) => format!(": write `\"{fragment}, {name}\"`"),
        None => String::new(),
    };
    Some(format!(
        "inside `{{ … }}` a comma ends a value, so the text after it became a key; quote the \
         value that holds the comma{example}"
    ))
}
