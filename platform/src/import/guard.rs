//! The last step of an import: the spec about to be written is checked, and each part the
//! checker rejects is dropped with a warning at its place in the document — an action or a
//! trigger (at its operation's pointer), or a named object (read as any value) — until the spec
//! checks.
//! The importer's own rules are meant to leave nothing for this step; the stress and corpus
//! tests require that it never fires on them, so a rule that regresses is seen.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use codegen::diag::{Diagnostic, SourceFile};
use codegen::spec::{ConnectorSpec, ReadLimits, Span, Spanned, TypeBody, TypeDef};
use codegen::CheckOutcome;

use super::{escape, read_budget, yaml, ImportError, Warnings};

/// How many rounds of dropping are tried before the spec is written as it is.
const ROUNDS: usize = 8;

/// The words every warning of this step starts with.
pub const DROPPED: &str = "the imported spec did not check here";

/// Where the source document keeps named schemas and security schemes, for the warnings.
pub(crate) struct Source {
    /// Action and trigger names → the pointers of their operations.
    pub operations: HashMap<String, String>,
    /// The pointer of the named schemas (`/components/schemas`, `/definitions`).
    pub schemas: &'static str,
    /// The pointer of the security schemes.
    pub security: &'static str,
}

/// Writes `built`, dropping what does not check. A spec that checks as built, and whose writing
/// reads under the checker's limits, is written as it is. Otherwise the checker's diagnostics must
/// point into text: the writing is read back once ([`yaml::reread`]), and parts are dropped from
/// the model read back.
pub(crate) fn render_checked(
    built: ConnectorSpec,
    source: &Source,
    name: &str,
    warnings: &mut Warnings,
) -> Result<String, ImportError> {
    let path = PathBuf::from(format!("{name}.yaml"));
    let id = codegen::connector_id(&path);
    // Spans change no verdict of the checker, only where its diagnostics point.
    let ((written, fits), checked) = write_and_check(&built, &path, &id);
    let written = written.map_err(ImportError::WriteSpec)?;
    if fits && !checked.has_errors() {
        codegen::drop_later::drop_later((built, checked));
        return Ok(yaml::with_schema_line(&written, super::DEFAULT_SCHEMA_PATH));
    }
    drop(checked);
    let yaml::Modelled {
        mut spec,
        file,
        text: written,
    } = yaml::reread(written, name)?;
    // What was read back is what was written, so that writing is the spec's while nothing is
    // dropped; the spec as built is not needed beyond this.
    let as_written = spec == built;
    drop(built);
    let mut dropped = false;
    for _ in 0..ROUNDS {
        // The spans of a model read from the text point into it, also after parts are dropped;
        // a model read beyond the checker's limits is written and read again instead.
        let (diagnostics, text) = match &file {
            Some(file) => (
                codegen::check_read(&spec, file, &id).diagnostics,
                Arc::clone(file),
            ),
            None => {
                let text = yaml::write(&spec, super::DEFAULT_SCHEMA_PATH)?;
                let outcome = codegen::check_source(&path, text.clone(), &ReadLimits::default());
                (outcome.diagnostics, SourceFile::new(path.clone(), text))
            }
        };
        let errors: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.is_error()).collect();
        if errors.is_empty() || !drop_failing(&mut spec, &errors, &text.text, source, warnings) {
            break;
        }
        dropped = true;
    }
    if as_written && !dropped {
        Ok(yaml::with_schema_line(&written, super::DEFAULT_SCHEMA_PATH))
    } else {
        yaml::write(&spec, super::DEFAULT_SCHEMA_PATH)
    }
}

/// Writes `built` and checks it, at the same time when a second thread can be started; with
/// the writing, whether it reads under the checker's limits ([`read_budget::fits`]), told
/// beside the check, which takes longer.
fn write_and_check(
    built: &ConnectorSpec,
    path: &Path,
    id: &str,
) -> (
    (Result<String, codegen::spec::WriteError>, bool),
    CheckOutcome,
) {
    let (checked, written) = codegen::join::join(
        "import-write",
        || codegen::check_read(built, &SourceFile::new(path, String::new()), id),
        || {
            let written = codegen::spec::write_spec(built);
            let fits = written.as_ref().is_ok_and(|written| {
                read_budget::fits(built, written.len(), &ReadLimits::default())
            });
            (written, fits)
        },
    );
    (written, checked)
}

/// Drops the part of `spec` each error is in, with a warning; whether anything was dropped.
fn drop_failing(
    spec: &mut ConnectorSpec,
    errors: &[&Diagnostic],
    text: &str,
    source: &Source,
    warnings: &mut Warnings,
) -> bool {
    let mut changed = false;
    for error in errors {
        let why = format!("{DROPPED} ({}: {})", error.code.as_str(), error.message);
        match locate(text, error.span.line) {
            Some(Place::Action(entry)) | Some(Place::Trigger(entry)) => {
                let before = (spec.actions.len(), spec.triggers.len());
                // One entry goes: the first of that name in the actions, else in the triggers.
                if spec.actions.contains(&entry) {
                    remove_first(&mut spec.actions, &entry);
                } else {
                    remove_first(&mut spec.triggers, &entry);
                }
                if before != (spec.actions.len(), spec.triggers.len()) {
                    let at = source.operations.get(&entry).cloned().unwrap_or_default();
                    warnings.push(&at, format!("{why}; the operation is dropped"));
                    changed = true;
                }
            }
            Some(Place::Object(object)) => {
                let slot = spec.objects.get_mut(&object);
                if let Some(slot) = slot.filter(|s| **s != any()) {
                    *slot = any();
                    warnings.push(
                        &format!("{}/{}", source.schemas, escape(&object)),
                        format!("{why}; the schema is read as any value"),
                    );
                    changed = true;
                }
            }
            Some(Place::Auth) if spec.auth.take().is_some() => {
                warnings.push(
                    source.security,
                    format!("{why}; the spec has no authentication"),
                );
                changed = true;
            }
            Some(Place::Auth) => {}
            None => {}
        }
    }
    changed
}

/// Removes the first entry named `name`.
fn remove_first<V>(map: &mut codegen::spec::NamedMap<V>, name: &str) {
    let mut seen = false;
    map.retain(|key, _| {
        let drop = !seen && key.value == name;
        seen |= drop;
        !drop
    });
}

/// The type `any`.
fn any() -> TypeDef {
    TypeDef {
        body: Box::new(TypeBody {
            type_name: Some(Spanned::unlocated("any".to_owned())),
            ..TypeBody::default()
        }),
        span: Span::UNKNOWN,
    }
}

/// A part of the spec a diagnostic is in.
#[derive(Debug, PartialEq, Eq)]
enum Place {
    Action(String),
    Trigger(String),
    Object(String),
    Auth,
}

/// The part of the rendered spec that holds 1-based `line`: the entry of `actions` or
/// `objects` it is under, or `auth`.
fn locate(text: &str, line: u32) -> Option<Place> {
    if line == 0 {
        return None;
    }
    let lines: Vec<&str> = text.lines().collect();
    let index = (line as usize)
        .checked_sub(1)?
        .min(lines.len().checked_sub(1)?);
    let mut entry: Option<String> = None;
    for l in lines[..=index].iter().rev() {
        if l.starts_with('#') || l.trim().is_empty() {
            continue;
        }
        if !l.starts_with(' ') {
            let section = key_of(l)?;
            return match section.as_str() {
                "actions" => entry.map(Place::Action),
                "triggers" => entry.map(Place::Trigger),
                "objects" => entry.map(Place::Object),
                "auth" => Some(Place::Auth),
                _ => None,
            };
        }
        if entry.is_none() && l.starts_with("  ") && !l[2..].starts_with(' ') {
            entry = key_of(&l[2..]);
        }
    }
    None
}

/// The key of a `key: value` or `key:` line, unquoted.
fn key_of(line: &str) -> Option<String> {
    let line = line.trim_end();
    if let Some(rest) = line.strip_prefix('"') {
        // A double-quoted key: read it as JSON text up to its closing quote.
        let mut escaped = false;
        for (i, c) in rest.char_indices() {
            match c {
                '\\' if !escaped => escaped = true,
                '"' if !escaped => {
                    return serde_json::from_str(&format!("\"{}\"", &rest[..i])).ok();
                }
                _ => escaped = false,
            }
        }
        return None;
    }
    if let Some(rest) = line.strip_prefix('\'') {
        let end = rest
            .find("':")
            .or_else(|| rest.strip_suffix('\'').map(str::len))?;
        return Some(rest[..end].replace("''", "'"));
    }
    let end = line
        .find(": ")
        .or_else(|| line.strip_suffix(':').map(str::len))?;
    Some(line[..end].to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_placed_in_their_entry() {
        let text = "# schema\ntitle: T\nauth:\n  bearer:\n    token: token\nobjects:\n  \"a b\":\n    fields:\n      x: string\nactions:\n  GetA:\n    request: GET /a\n  'It''s':\n    request: GET /b\ntriggers:\n  OnA:\n    poll: GetA\n";
        assert_eq!(locate(text, 2), None);
        assert_eq!(locate(text, 5), Some(Place::Auth));
        assert_eq!(locate(text, 9), Some(Place::Object("a b".into())));
        assert_eq!(locate(text, 12), Some(Place::Action("GetA".into())));
        assert_eq!(locate(text, 14), Some(Place::Action("It's".into())));
        assert_eq!(locate(text, 17), Some(Place::Trigger("OnA".into())));
    }
}
