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

use super::read_budget::{self, Fit, Raise};
use super::{escape, yaml, ImportError, Warnings};

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
///
/// A writing beyond the checker's limits on the whole file (its size, its number of values) is
/// checked under limits raised to read it: no part can be dropped to bring it under them, so
/// it is written whole, with a warning that names the `--limit`s that read it. A writing nested
/// too deep has its deepest inline objects named first ([`super::hoist::name_deep_objects`]).
///
/// `spent` (the document trees the import has done with) is freed on the writing's thread before
/// it writes, so that freeing it does not take a core from the check.
pub(crate) fn render_checked(
    built: ConnectorSpec,
    source: &Source,
    name: &str,
    warnings: &mut Warnings,
    spent: Option<Spent>,
) -> Result<String, ImportError> {
    render_checked_under(built, source, name, warnings, &ReadLimits::default(), spent)
}

/// What an import has done with and frees off its path: its document trees.
pub(crate) type Spent = Box<dyn Send>;

/// [`render_checked`], with `defaults` for the checker's default limits.
fn render_checked_under(
    mut built: ConnectorSpec,
    source: &Source,
    name: &str,
    warnings: &mut Warnings,
    defaults: &ReadLimits,
    mut spent: Option<Spent>,
) -> Result<String, ImportError> {
    let path = PathBuf::from(format!("{name}.yaml"));
    let id = codegen::connector_id(&path);
    // Spans change no verdict of the checker, only where its diagnostics point.
    let ((mut written, mut fit), mut checked) =
        write_and_check(&built, &path, &id, defaults, &mut spent);
    // A schema nested deeper than a spec file may nest is written as a chain of named objects
    // rather than dropped.
    if too_deep(&fit) && super::hoist::name_deep_objects(&mut built) {
        ((written, fit), checked) = write_and_check(&built, &path, &id, defaults, &mut spent);
    }
    let written = written.map_err(ImportError::WriteSpec)?;
    let raised = raised_limits(&fit, defaults);
    let whole_file_beyond = raised.is_some();
    if !checked.has_errors() && (fit == Fit::Fits || whole_file_beyond) {
        codegen::drop_later::drop_later((built, checked));
        let text = yaml::with_schema_line(&written, super::DEFAULT_SCHEMA_PATH);
        if let Fit::Beyond(raises) = &fit {
            warnings.push("", beyond_defaults(raises, text.len(), defaults));
        }
        return Ok(text);
    }
    drop(checked);
    let yaml::Modelled {
        mut spec,
        file,
        text: written,
    } = yaml::reread(written, name, defaults)?;
    // What was read back is what was written, so that writing is the spec's while nothing is
    // dropped; the spec as built is not needed beyond this.
    let as_written = spec == built;
    drop(built);
    let limits = raised.unwrap_or(*defaults);
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
                let outcome = codegen::check_source(&path, text.clone(), &limits);
                (outcome.diagnostics, SourceFile::new(path.clone(), text))
            }
        };
        let errors: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.is_error()).collect();
        if errors.is_empty() || !drop_failing(&mut spec, &errors, &text.text, source, warnings) {
            break;
        }
        dropped = true;
    }
    let text = if as_written && !dropped {
        yaml::with_schema_line(&written, super::DEFAULT_SCHEMA_PATH)
    } else {
        yaml::write(&spec, super::DEFAULT_SCHEMA_PATH)?
    };
    if whole_file_beyond {
        if let Fit::Beyond(raises) = read_budget::fit(&spec, text.len(), defaults) {
            warnings.push("", beyond_defaults(&raises, text.len(), defaults));
        }
    }
    Ok(text)
}

/// Whether the writing nests deeper than the limits allow.
fn too_deep(fit: &Fit) -> bool {
    matches!(fit, Fit::Beyond(raises) if raises.iter().any(|r| !r.is_whole_file()))
}

/// The checker's `defaults` raised to read a writing that goes beyond them on the whole file;
/// `None` when it does not. Nesting is not raised: a part nested too deep is dropped.
fn raised_limits(fit: &Fit, defaults: &ReadLimits) -> Option<ReadLimits> {
    let Fit::Beyond(raises) = fit else {
        return None;
    };
    let mut limits = *defaults;
    let mut raised = false;
    for raise in raises.iter().filter(|r| r.is_whole_file()) {
        // The names are the reader's own, so setting them cannot fail.
        raised |= limits.set(raise.limit, raise.needs).is_ok();
    }
    raised.then_some(limits)
}

/// The warning for a spec of `bytes` bytes whose writing reads only with `raises` over
/// `defaults`.
fn beyond_defaults(raises: &[Raise], bytes: usize, defaults: &ReadLimits) -> String {
    let mut over = Vec::new();
    let mut flags = Vec::new();
    for raise in raises {
        let (needs, default) = match raise.limit {
            "max_file_bytes" => (bytes, defaults.max_file_bytes),
            "max_nodes" => (raise.needs, defaults.max_nodes),
            _ => (raise.needs, defaults.max_depth),
        };
        over.push(format!("{} {default}", raise.limit));
        flags.push(format!("--limit {}={needs}", raise.limit));
    }
    format!(
        "the spec is beyond the default limits of reading a spec ({}); `connectorc check`, \
         `build`, `rust` and `lint` read it with `{}`, a build script with `Config::limits`",
        over.join(", "),
        flags.join(" ")
    )
}

/// Writes `built` and checks it, at the same time when a second thread can be started; with
/// the writing, how it stands against the checker's limits ([`read_budget::fit`]), told
/// beside the check, which takes longer. What is left in `spent` is freed on the writing's
/// thread first: on two cores a third thread freeing it would slow the check.
fn write_and_check(
    built: &ConnectorSpec,
    path: &Path,
    id: &str,
    limits: &ReadLimits,
    spent: &mut Option<Spent>,
) -> (
    (Result<String, codegen::spec::WriteError>, Fit),
    CheckOutcome,
) {
    let (checked, written) = codegen::join::join(
        "import-write",
        || codegen::check_read(built, &SourceFile::new(path, String::new()), id),
        || {
            drop(spent.take());
            let written = codegen::spec::write_spec(built);
            let fit = match &written {
                Ok(written) => {
                    let bytes = written.len() + yaml::schema_line_len(super::DEFAULT_SCHEMA_PATH);
                    read_budget::fit(built, bytes, limits)
                }
                Err(_) => Fit::Unknown,
            };
            (written, fit)
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

    fn spec(actions: serde_json::Value) -> ConnectorSpec {
        super::super::typed::from_tree(serde_json::json!({
            "title": "T",
            "base_url": "https://example.com",
            "objects": { "Item": { "fields": { "id": "string", "name": "string" } } },
            "actions": actions,
        }))
        .expect("reads")
    }

    fn source() -> Source {
        Source {
            operations: [("GetB".to_owned(), "/paths/~1b/get".to_owned())].into(),
            schemas: "/components/schemas",
            security: "/components/securitySchemes",
        }
    }

    /// Limits under which a spec of a few hundred bytes is too large as a whole.
    fn small() -> ReadLimits {
        ReadLimits {
            max_file_bytes: 200,
            ..ReadLimits::default()
        }
    }

    /// The `--limit`s a warning names, applied to `limits`.
    fn with_flags(warning: &str, mut limits: ReadLimits) -> ReadLimits {
        for flag in warning.split("--limit ").skip(1) {
            let arg: String = flag
                .chars()
                .take_while(|c| *c != ' ' && *c != '`')
                .collect();
            limits.set_from_arg(&arg).expect("a limit the reader knows");
        }
        limits
    }

    #[test]
    fn a_spec_too_large_for_the_limits_is_written_whole_and_says_what_reads_it() {
        let built = spec(serde_json::json!({
            "GetA": { "request": "GET /a", "response": { "type": "Item" } },
            "GetB": { "request": "GET /b", "response": { "type": ["Item"] } },
        }));
        let whole = yaml::write(&built, super::super::DEFAULT_SCHEMA_PATH).expect("writes");
        let mut warnings = Warnings::default();
        let text = render_checked_under(built, &source(), "t", &mut warnings, &small(), None)
            .expect("renders");
        assert_eq!(text, whole, "nothing is dropped");
        let [warning] = &warnings.items[..] else {
            panic!("one warning: {:?}", warnings.items);
        };
        assert_eq!(warning.pointer, "");
        assert!(
            warning
                .message
                .contains(&format!("`--limit max_file_bytes={}`", text.len())),
            "{}",
            warning.message
        );
        let refused = codegen::check_source("t.yaml", text.clone(), &small());
        assert!(refused.has_errors(), "the limits do refuse it");
        let read = codegen::check_source("t.yaml", text, &with_flags(&warning.message, small()));
        assert!(!read.has_errors(), "{:?}", read.diagnostics);
    }

    #[test]
    fn a_failing_part_of_a_spec_too_large_is_still_dropped() {
        let built = spec(serde_json::json!({
            "GetA": { "request": "GET /a", "response": { "type": "Item" } },
            "GetB": { "request": "GET /b", "response": { "type": "Missing" } },
        }));
        let mut warnings = Warnings::default();
        let text = render_checked_under(built, &source(), "t", &mut warnings, &small(), None)
            .expect("renders");
        assert!(!text.contains("GetB"), "{text}");
        let [dropped, beyond] = &warnings.items[..] else {
            panic!("two warnings: {:?}", warnings.items);
        };
        assert_eq!(dropped.pointer, "/paths/~1b/get");
        assert!(dropped.message.starts_with(DROPPED), "{}", dropped.message);
        assert_eq!(beyond.pointer, "");
        let read = codegen::check_source("t.yaml", text, &with_flags(&beyond.message, small()));
        assert!(!read.has_errors(), "{:?}", read.diagnostics);
    }

    #[test]
    fn a_schema_nested_too_deep_is_kept_as_named_objects_not_dropped() {
        let mut deep = serde_json::json!("string");
        for level in 0..40 {
            deep = serde_json::json!({ "fields": { format!("f{level}"): deep, "id": "string" } });
        }
        let built = spec(serde_json::json!({
            "GetA": { "request": "GET /a", "response": { "type": "Item" } },
            "GetB": { "request": "GET /b", "returns": deep },
        }));
        let mut warnings = Warnings::default();
        let text = render_checked(built, &source(), "t", &mut warnings, None).expect("renders");
        assert!(warnings.items.is_empty(), "{:?}", warnings.items);
        let outcome = codegen::check_source("t.yaml", text.clone(), &ReadLimits::default());
        assert!(!outcome.has_errors(), "{:?}", outcome.diagnostics);
        let connector = outcome.connector.expect("checks");
        assert_eq!(connector.actions.len(), 2, "{text}");
        for level in 0..40 {
            assert!(
                text.contains(&format!(" f{level}:")),
                "f{level} is kept: {text}"
            );
        }
    }
}
