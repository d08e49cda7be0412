//! Check means platform-clean: the certification rules of `connectorc lint`, run on the Power
//! Platform folder a spec builds (emitted in memory, never written), reported as diagnostics that
//! point into the spec.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::Value;

use crate::diag::{Code, Diagnostic, Severity, SourceFile};
use crate::ir::Connector;
use crate::lint::{lint_documents, Finding, PROPERTIES, SWAGGER};
use crate::spec::{ConnectorSpec, ReadLimits, Span};
use crate::CheckOutcome;

/// Checks spec text like [`crate::check_source`], then runs the platform's certification rules on
/// the folder it builds, as warnings ([`Code::PlatformRule`]).
pub fn check_source_for_platform(
    path: impl Into<PathBuf>,
    text: impl Into<String>,
    limits: &ReadLimits,
) -> CheckOutcome {
    let path = path.into();
    let id = codegen::connector_id(&path);
    // One reading of the text serves the check and the placing of the findings.
    let file = SourceFile::new(path, text);
    let spec = match codegen::read_source(&file, limits) {
        Ok(spec) => spec,
        Err(diagnostics) => {
            return CheckOutcome {
                connector: None,
                diagnostics,
            }
        }
    };
    let mut outcome = codegen::check_read(&spec, &file, &id);
    if let Some(connector) = &outcome.connector {
        outcome
            .diagnostics
            .extend(platform_diagnostics(connector, &file, Some(&spec)));
        crate::diag::sort(&mut outcome.diagnostics);
    }
    codegen::drop_later::drop_model(spec, file.text.len());
    outcome
}

/// [`check_source_for_platform`] on a file, under the default limits.
pub fn check_file_for_platform(path: &Path) -> CheckOutcome {
    check_file_for_platform_with(path, &ReadLimits::default())
}

/// [`check_source_for_platform`] on a file, under `limits`.
pub fn check_file_for_platform_with(path: &Path, limits: &ReadLimits) -> CheckOutcome {
    let fits = std::fs::metadata(path).is_ok_and(|m| m.len() <= limits.max_file_bytes as u64);
    if fits {
        if let Ok(text) = std::fs::read_to_string(path) {
            return check_source_for_platform(path, text, limits);
        }
    }
    // What cannot be read is reported as the plain check reports it.
    codegen::check_file_with(path, limits)
}

/// The certification findings of the folder `connector` builds, each pointing at the part of
/// the spec it is about (an action, an object, a connection parameter, or else the title).
pub fn platform_diagnostics(
    connector: &Connector,
    file: &Arc<SourceFile>,
    spec: Option<&ConnectorSpec>,
) -> Vec<Diagnostic> {
    // The rules read the two platform documents as built; nothing is written for them.
    let (swagger, swagger_bytes, properties) =
        crate::emit::powerplatform::document_values(connector);
    let findings = lint_documents(&swagger, swagger_bytes, &properties);
    let diagnostics = findings
        .iter()
        .map(|finding| {
            let span = spec
                .map(|spec| span_of(finding, spec, Some(&swagger)))
                .unwrap_or(Span::UNKNOWN);
            let mut diagnostic = Diagnostic::warning(
                Code::PlatformRule,
                file,
                span,
                format!("{}: {}", finding.rule, finding.message),
            )
            .with_label(format!(
                "{} at {} {}",
                severity(finding),
                finding.file,
                finding.path
            ));
            if let Some(help) = help_for(finding.rule) {
                diagnostic.help = Some(help.into());
            }
            diagnostic
        })
        .collect();
    // The documents of a large API take a while to free; nothing waits for them.
    codegen::drop_later::drop_model((swagger, properties, findings), swagger_bytes);
    diagnostics
}

fn severity(finding: &Finding) -> &'static str {
    match finding.severity {
        crate::lint::Severity::Error => "certification error",
        crate::lint::Severity::Warning => "certification warning",
    }
}

/// What to write in the spec for the rules a spec author meets most.
fn help_for(rule: &str) -> Option<&'static str> {
    Some(match rule {
        "ConnectorMetadataPropertiesMissing" => {
            "add `metadata: { website: https://…, privacy_policy: https://…, categories: [Productivity] }`"
        }
        "InvalidConnectorCategory" => "use one of the platform's categories under `metadata: { categories: […] }`",
        "ParameterSummaryMissing" => "give the parameter a `summary:` (its label in designers)",
        "OperationSummaryMissing" => "give the action a `summary:`",
        "OperationSummaryTooLong" => "shorten the `summary:` to 80 characters",
        "ConnectionParameterNotSecure" => "mark the connection parameter `secret: true`",
        _ => return None,
    })
}

/// Parses `$.paths['/a/{b}'].get.parameters[0]` into its names.
fn segments(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = path.strip_prefix('$').unwrap_or(path);
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("['") {
            let mut name = String::new();
            let mut chars = after.char_indices();
            let mut end = after.len();
            while let Some((i, c)) = chars.next() {
                match c {
                    '\\' => {
                        if let Some((_, escaped)) = chars.next() {
                            name.push(escaped);
                        }
                    }
                    '\'' => {
                        end = i;
                        break;
                    }
                    other => name.push(other),
                }
            }
            out.push(name);
            rest = after.get(end + 2..).unwrap_or("");
        } else if let Some(after) = rest.strip_prefix('[') {
            let end = after.find(']').unwrap_or(after.len());
            out.push(after[..end].to_owned());
            rest = after.get(end + 1..).unwrap_or("");
        } else if let Some(after) = rest.strip_prefix('.') {
            let end = after.find(['.', '[']).unwrap_or(after.len());
            out.push(after[..end].to_owned());
            rest = &after[end..];
        } else {
            break;
        }
    }
    out
}

/// The span of the key `name` in `map`.
fn key_span<V>(map: &crate::spec::NamedMap<V>, name: &str) -> Option<Span> {
    map.get_entry(name).map(|(k, _)| k.span)
}

/// The spec span a finding is about.
fn span_of(finding: &Finding, spec: &ConnectorSpec, swagger: Option<&Value>) -> Span {
    let names = segments(&finding.path);
    let found = match names.first().map(String::as_str) {
        Some("paths") if finding.file == SWAGGER && names.len() >= 3 => swagger
            .and_then(|doc| doc.get("paths"))
            .and_then(|paths| paths.get(&names[1]))
            .and_then(|item| item.get(&names[2]))
            .and_then(|op| op.get("operationId"))
            .and_then(Value::as_str)
            .and_then(|id| key_span(&spec.actions, id).or_else(|| key_span(&spec.triggers, id))),
        Some("definitions") if names.len() >= 2 => key_span(&spec.objects, &names[1]),
        Some("properties")
            if finding.file == PROPERTIES
                && names.get(1).map(String::as_str) == Some("connectionParameters") =>
        {
            names
                .get(2)
                .and_then(|name| key_span(&spec.connection, name))
        }
        _ => None,
    };
    if let Some(span) = found {
        return span;
    }
    let metadata = spec.metadata.as_ref().and_then(|m| {
        [&m.website, &m.privacy_policy, &m.publisher]
            .into_iter()
            .flatten()
            .next()
            .map(|v| v.span)
    });
    match metadata {
        Some(span) if finding.path.contains("metadata") => span,
        _ => spec.title.span,
    }
}

/// Whether any diagnostic fails a run: errors always, warnings when they are denied.
pub fn fails(diagnostics: &[Diagnostic], deny_warnings: bool) -> bool {
    diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error || deny_warnings)
}

#[cfg(test)]
mod tests {
    use super::segments;

    #[test]
    fn json_paths_split_into_names() {
        assert_eq!(
            segments("$.paths['/a/{b}'].get.parameters[0]"),
            ["paths", "/a/{b}", "get", "parameters", "0"]
        );
        assert_eq!(
            segments("$['x-ms-connector-metadata'][1]"),
            ["x-ms-connector-metadata", "1"]
        );
        assert_eq!(segments("$.info.title"), ["info", "title"]);
        assert_eq!(segments("$"), Vec::<String>::new());
        assert_eq!(segments("$['it\\'s']"), ["it's"]);
    }
}
