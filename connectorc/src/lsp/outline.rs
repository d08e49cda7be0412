//! The names a spec defines (objects, actions, triggers, parameters) and where they are used.

use crate::spec::{ConnectorSpec, NamedMap, TypeDef};

/// What kind of thing a name is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// An entry of `objects`.
    Object,
    /// An entry of `actions`.
    Action,
    /// An entry of `triggers`.
    Trigger,
}

/// A defined name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Definition {
    /// The name.
    pub name: String,
    /// Object, action or trigger.
    pub kind: Kind,
    /// Byte offset and length of its key.
    pub offset: usize,
    /// Length of the key in bytes.
    pub len: usize,
    /// Its summary and description, for hovers.
    pub doc: String,
    /// For actions: the names of its parameters.
    pub params: Vec<String>,
}

/// The definitions of a spec, from its last readable version.
#[derive(Clone, Debug, Default)]
pub struct Outline {
    /// Every object, action and trigger, in file order per kind.
    pub definitions: Vec<Definition>,
}

fn docs(
    summary: Option<&crate::spec::Spanned<String>>,
    description: Option<&crate::spec::Spanned<String>>,
) -> String {
    [summary, description]
        .into_iter()
        .flatten()
        .map(|s| s.value.clone())
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn names<V>(map: &NamedMap<V>) -> impl Iterator<Item = (&crate::spec::Spanned<String>, &V)> {
    map.iter().filter(|(k, _)| k.span.is_known())
}

impl Outline {
    /// The outline of a parsed spec.
    pub fn of(spec: &ConnectorSpec) -> Outline {
        let mut definitions = Vec::new();
        let object_doc =
            |def: &TypeDef| docs(def.body.summary.as_ref(), def.body.description.as_ref());
        for (key, def) in names(&spec.objects) {
            definitions.push(Definition {
                name: key.value.clone(),
                kind: Kind::Object,
                offset: key.span.start(),
                len: key.span.byte_len().max(key.value.len()),
                doc: object_doc(def),
                params: Vec::new(),
            });
        }
        for (key, def) in names(&spec.actions) {
            definitions.push(Definition {
                name: key.value.clone(),
                kind: Kind::Action,
                offset: key.span.start(),
                len: key.span.byte_len().max(key.value.len()),
                doc: format!(
                    "`{}`\n\n{}",
                    def.request.value,
                    docs(def.summary.as_ref(), def.description.as_ref())
                ),
                params: def.params.keys().map(str::to_owned).collect(),
            });
        }
        for (key, def) in names(&spec.triggers) {
            definitions.push(Definition {
                name: key.value.clone(),
                kind: Kind::Trigger,
                offset: key.span.start(),
                len: key.span.byte_len().max(key.value.len()),
                doc: docs(def.summary.as_ref(), def.description.as_ref()),
                params: def.params.keys().map(str::to_owned).collect(),
            });
        }
        Outline { definitions }
    }

    /// The definition of `name`.
    pub fn find(&self, name: &str) -> Option<&Definition> {
        self.definitions.iter().find(|d| d.name == name)
    }

    /// The names of one kind.
    pub fn names(&self, kind: Kind) -> impl Iterator<Item = &Definition> {
        self.definitions.iter().filter(move |d| d.kind == kind)
    }
}

/// Byte offsets of the places `name` is used as a whole value (`returns: Task`, `[Task]`,
/// `{ type: Task }`, `action: ListTasks`, `actions: [A, B]`), not inside prose and not as a key.
pub fn references(text: &str, name: &str) -> Vec<usize> {
    let mut found = Vec::new();
    if name.is_empty() {
        return found;
    }
    for (at, _) in text.match_indices(name) {
        let before = text[..at].trim_end_matches(' ');
        let after = text[at + name.len()..].trim_start_matches(' ');
        let opens = before.ends_with([':', '[', ',', '{']) || before.ends_with("- ");
        let closes = after.is_empty() || after.starts_with([',', ']', '}', '\n', '\r', '#']);
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        // `- Name` as a list item.
        let item = text[line_start..at]
            .trim_start()
            .strip_prefix('-')
            .is_some_and(|r| r.trim().is_empty());
        if (opens || item) && closes {
            found.push(at);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::references;

    #[test]
    fn references_are_whole_values() {
        let text = "objects:\n  Task: { fields: { a: string } }\nactions:\n  Get:\n    description: Returns a Task.\n    returns: Task\n  List:\n    returns: [Task]\n    body: { type: Task, summary: Tasks }\nx:\n  - Task\n";
        let found: Vec<&str> = references(text, "Task")
            .into_iter()
            .map(|at| &text[at.saturating_sub(3)..at + 4])
            .collect();
        assert_eq!(found, ["s: Task", ": [Task", "e: Task", " - Task"]);
    }
}
