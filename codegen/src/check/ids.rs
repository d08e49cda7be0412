//! Connector ids: an explicit `id:` is checked, and an id taken from the file name is made safe,
//! so that `<out>/<id>/` is always one folder inside the output directory.

use std::collections::HashMap;
use std::path::PathBuf;

use super::Checker;
use crate::diag::{Code, Diagnostic, SourceFile};
use crate::spec::Span;

/// The longest id accepted.
const MAX_ID_CHARS: usize = 64;

/// Names Windows reserves for devices: a folder of that name cannot be created there.
const DEVICE_NAMES: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// Why `id` cannot be a connector id, or `None` when it can: 1 to 64 ASCII letters, digits, `_`
/// and `-`, starting with a letter or a digit, and not a device name.
pub fn connector_id_problem(id: &str) -> Option<String> {
    if id.is_empty() {
        return Some("an id cannot be empty".into());
    }
    if id.chars().count() > MAX_ID_CHARS {
        return Some(format!("an id has at most {MAX_ID_CHARS} characters"));
    }
    if let Some(bad) = id
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-')))
    {
        return Some(format!(
            "`{}` cannot be part of an id (it names a folder and a Rust module)",
            bad.escape_default()
        ));
    }
    if !id.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return Some("an id starts with a letter or a digit".into());
    }
    if DEVICE_NAMES.contains(&id.to_ascii_lowercase().as_str()) {
        return Some(format!("`{id}` is a device name on Windows"));
    }
    None
}

/// A valid id made from any text (`My Tasks-v2` → `my_tasks_v2`), or `None` when the text has
/// no letter or digit.
pub fn safe_connector_id(text: &str) -> Option<String> {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
        if out.len() >= MAX_ID_CHARS {
            break;
        }
    }
    let out = out.trim_end_matches('_').to_owned();
    match connector_id_problem(&out) {
        None => Some(out),
        Some(_) if out.is_empty() => None,
        Some(_) => Some(format!("{out}_connector")),
    }
}

/// One error for every spec whose connector id an earlier spec already has (ignoring case, as
/// folders on case-insensitive file systems do): both would be built into one folder.
pub fn duplicate_connector_ids(specs: &[(PathBuf, String)]) -> Vec<Diagnostic> {
    let mut first: HashMap<String, &PathBuf> = HashMap::new();
    let mut found = Vec::new();
    for (path, id) in specs {
        match first.get(&id.to_ascii_lowercase()) {
            Some(earlier) => found.push(
                Diagnostic::error(
                    Code::DuplicateName,
                    &SourceFile::new(path.clone(), String::new()),
                    Span::UNKNOWN,
                    format!(
                        "{} and {} both have the connector id `{id}`, so they would be built into one folder",
                        earlier.display(),
                        path.display()
                    ),
                )
                .with_help("give one of them another `id:` (or rename its file); neither is built"),
            ),
            None => {
                first.insert(id.to_ascii_lowercase(), path);
            }
        }
    }
    found
}

impl Checker<'_> {
    /// The connector's id: the spec's `id:` when it has one (checked), otherwise `from_path` (the
    /// file name) when it is a valid id, otherwise a safe id made from it or from the title.
    pub(crate) fn connector_id(&mut self, from_path: &str) -> String {
        let spec = self.spec;
        if let Some(id) = &spec.id {
            if let Some(problem) = connector_id_problem(&id.value) {
                let suggestion = safe_connector_id(&id.value)
                    .or_else(|| safe_connector_id(&spec.title.value))
                    .unwrap_or_else(|| "connector".into());
                let diagnostic = self.error(
                    Code::InvalidName,
                    id.span,
                    format!(
                        "`{}` is not a usable connector id: {problem}",
                        id.value.escape_default()
                    ),
                );
                diagnostic.label = Some("not an id".into());
                diagnostic.help = Some(format!(
                    "ids are ASCII letters, digits, `_` and `-` (they name the output folder \
                     and the Rust module), e.g. `id: {suggestion}`"
                ));
                return suggestion;
            }
            return id.value.clone();
        }
        if connector_id_problem(from_path).is_none() {
            return from_path.to_owned();
        }
        let derived = safe_connector_id(from_path)
            .or_else(|| safe_connector_id(&spec.title.value))
            .unwrap_or_else(|| "connector".into());
        let diagnostic = self.warning(
            Code::ConnectorIdDerived,
            spec.title.span,
            format!(
                "the file name `{}` is not a usable connector id; the id is `{derived}`",
                from_path.escape_default()
            ),
        );
        diagnostic.label = Some("the connector this spec describes".into());
        diagnostic.help = Some(format!(
            "write `id: {derived}` in the spec (or rename the file) to choose the id yourself"
        ));
        derived
    }
}

#[cfg(test)]
mod tests {
    use super::{connector_id_problem, safe_connector_id};

    #[test]
    fn ids_name_one_folder() {
        for good in ["zoom", "go_to-webinar2", "GoToWebinar", "3d"] {
            assert_eq!(connector_id_problem(good), None, "{good}");
        }
        for bad in [
            "", "..", ".", "a/b", "../x", "a b", "-x", "_x", "x.y", "nul", "COM1", "é", "a\\b",
        ] {
            assert!(connector_id_problem(bad).is_some(), "{bad:?} was accepted");
        }
        assert!(connector_id_problem(&"a".repeat(65)).is_some());
    }

    #[test]
    fn safe_ids_keep_letters_and_digits() {
        assert_eq!(
            safe_connector_id("My Tasks-v2").as_deref(),
            Some("my_tasks_v2")
        );
        assert_eq!(safe_connector_id("..").as_deref(), None);
        assert_eq!(safe_connector_id("  ").as_deref(), None);
        assert_eq!(safe_connector_id("Nul").as_deref(), Some("nul_connector"));
        assert_eq!(
            safe_connector_id(&"x".repeat(200)).map(|s| s.len()),
            Some(64)
        );
        for text in ["../../etc", "a/b\\c", "\u{202e}evil", "CON"] {
            let id = safe_connector_id(text).unwrap_or_default();
            assert!(
                id.is_empty() || connector_id_problem(&id).is_none(),
                "{text}: {id}"
            );
        }
    }
}
