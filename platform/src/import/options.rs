//! What the person importing decides: connector metadata the document does not carry, and which
//! operations to keep. Applied to the spec value an importer built, before hoisting.

use std::collections::HashSet;

use codegen::spec::{ActionDef, ConnectorSpec, Metadata, NamedMap, Spanned};
use serde_json::Value;

use super::typed::{text, to_tree};
use super::{ImportError, Warnings};

/// Choices made on the command line (`connectorc import --publisher … --tag …`). The default
/// imports every operation and takes metadata only from the document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// Who publishes the connector (replaces the document's contact name).
    pub publisher: Option<String>,
    /// The service's website (replaces the document's contact URL).
    pub website: Option<String>,
    /// The service's privacy policy URL.
    pub privacy_policy: Option<String>,
    /// Platform categories; each must be one of [`crate::lint::CATEGORIES`].
    pub categories: Vec<String>,
    /// Keep only operations carrying one of these tags (with `operations`: either).
    pub tags: Vec<String>,
    /// Keep only these operations, by the document's operation id or the spec's action name.
    pub operations: Vec<String>,
    /// Budgets for reading the document (`--limit NAME=VALUE`).
    pub limits: super::ImportLimits,
    /// Apply the repairs the importer knows (`--fix`); without it the same findings are only
    /// warned about. OpenAPI documents: formats the platform does not list are mapped to the
    /// nearest one it does.
    pub fix: bool,
    /// Do not infer paging from the document (`--no-infer`): no `paginate` is written unless
    /// the source says it in the spec language's own terms.
    pub no_infer: bool,
    /// The authentication to use when the document declares none, or instead of what it
    /// declares (`--auth bearer|basic|api-key:HEADER`).
    pub auth: Option<AuthChoice>,
}

/// An authentication chosen on the command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuthChoice {
    /// A bearer token in `Authorization`.
    Bearer,
    /// HTTP basic authentication.
    Basic,
    /// An API key in the named header.
    ApiKey(String),
}

/// A `--auth` value that names no authentication.
#[derive(Debug, thiserror::Error)]
#[error(
    "`{0}` is not an authentication; use `bearer`, `basic` or `api-key:HEADER` \
     (`api-key:X-Api-Key`)"
)]
pub struct UnknownAuth(pub String);

impl std::str::FromStr for AuthChoice {
    type Err = UnknownAuth;

    fn from_str(text: &str) -> Result<Self, UnknownAuth> {
        let text = text.trim();
        match text.to_ascii_lowercase().as_str() {
            "bearer" => return Ok(AuthChoice::Bearer),
            "basic" => return Ok(AuthChoice::Basic),
            _ => {}
        }
        if let Some((kind, header)) = text.split_once(':') {
            let header = header.trim();
            let token = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
            if kind.eq_ignore_ascii_case("api-key")
                && !header.is_empty()
                && header.chars().all(token)
            {
                return Ok(AuthChoice::ApiKey(header.to_owned()));
            }
        }
        Err(UnknownAuth(text.to_owned()))
    }
}

impl ImportOptions {
    /// Whether the options select operations.
    pub fn selects(&self) -> bool {
        !self.tags.is_empty() || !self.operations.is_empty()
    }

    /// The categories in the platform's spelling; an error names the first unknown one.
    pub fn checked_categories(&self) -> Result<Vec<String>, ImportError> {
        self.categories
            .iter()
            .map(|wanted| {
                crate::lint::CATEGORIES
                    .iter()
                    .find(|c| c.eq_ignore_ascii_case(wanted.trim()))
                    .map(|c| (*c).to_owned())
                    .ok_or_else(|| ImportError::UnknownCategory {
                        wanted: wanted.clone(),
                    })
            })
            .collect()
    }
}

/// Sets the metadata the options give over what the document said. With `warn_missing`, each
/// of website, privacy policy and categories that is still absent gets a warning naming the flag
/// that supplies it: the platform requires all three, and the importer never invents them.
pub(crate) fn apply_metadata(
    spec: &mut ConnectorSpec,
    options: &ImportOptions,
    warn_missing: bool,
    warnings: &mut Warnings,
) -> Result<(), ImportError> {
    let categories = options.checked_categories()?;
    let mut metadata = spec.metadata.take().unwrap_or_default();
    for (slot, given) in [
        (&mut metadata.publisher, &options.publisher),
        (&mut metadata.website, &options.website),
        (&mut metadata.privacy_policy, &options.privacy_policy),
    ] {
        if let Some(value) = given.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            *slot = Some(text(value));
        }
    }
    if !categories.is_empty() {
        metadata.categories = categories.into_iter().map(text).collect();
    }
    if warn_missing {
        for (absent, what, pointer, flag) in [
            (
                metadata.website.is_none(),
                "website",
                "/info/contact/url",
                "--website URL",
            ),
            (
                metadata.privacy_policy.is_none(),
                "privacy policy",
                "/info",
                "--privacy-policy URL",
            ),
            (
                metadata.categories.is_empty(),
                "categories",
                "/info",
                "--category NAME",
            ),
        ] {
            if absent {
                warnings.push(
                    pointer,
                    format!(
                        "the document gives no {what}, which the platform requires; \
                         the spec has none (supply it with `{flag}`)"
                    ),
                );
            }
        }
    }
    // No metadata is written as none, not as an empty mapping.
    spec.metadata = (metadata != Metadata::default()).then_some(metadata);
    Ok(())
}

/// `meetingCreate`, `MeetingCreate` and `meeting_create` name the same operation.
fn operation_key(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// What a selection has met so far: the tags and operations it used, every tag seen, and how
/// many operations it kept.
struct Selection<'o> {
    options: &'o ImportOptions,
    wanted_ops: HashSet<String>,
    used_tags: HashSet<&'o str>,
    used_ops: HashSet<String>,
    all_tags: Vec<String>,
    kept: usize,
}

impl<'o> Selection<'o> {
    fn new(options: &'o ImportOptions) -> Self {
        Selection {
            options,
            wanted_ops: options
                .operations
                .iter()
                .map(|o| operation_key(o))
                .collect(),
            used_tags: HashSet::new(),
            used_ops: HashSet::new(),
            all_tags: Vec::new(),
            kept: 0,
        }
    }

    /// Whether the operation `name` with `tags` is kept.
    fn keeps(&mut self, name: &str, tags: &[Spanned<String>]) -> bool {
        for t in tags {
            if !self.all_tags.iter().any(|k| k == t.get()) {
                self.all_tags.push(t.get().clone());
            }
        }
        let mut keep = false;
        for wanted in &self.options.tags {
            if tags.iter().any(|t| t.get() == wanted) {
                self.used_tags.insert(wanted.as_str());
                keep = true;
            }
        }
        let key = operation_key(name);
        if self.wanted_ops.contains(&key) {
            self.used_ops.insert(key);
            keep = true;
        }
        self.kept += usize::from(keep);
        keep
    }
}

/// Keeps the actions and triggers the options select (by tag or name), then drops the objects
/// no kept operation reaches. A tag or operation that selects nothing is an error, so that a
/// misspelling does not quietly produce an empty connector.
pub(crate) fn select(spec: &mut ConnectorSpec, options: &ImportOptions) -> Result<(), ImportError> {
    if !options.selects() {
        return Ok(());
    }
    let mut selection = Selection::new(options);
    let all_actions = spec.actions.clone();
    spec.actions
        .retain(|name, action| selection.keeps(name.get(), &action.tags));
    // Triggers carry no tags: they are selected by name.
    spec.triggers
        .retain(|name, _| selection.keeps(name.get(), &[]));
    if let Some(tag) = options
        .tags
        .iter()
        .find(|t| !selection.used_tags.contains(t.as_str()))
    {
        return Err(ImportError::UnknownTag {
            tag: tag.clone(),
            tags: selection.all_tags,
        });
    }
    if let Some(op) = options
        .operations
        .iter()
        .find(|o| !selection.used_ops.contains(&operation_key(o)))
    {
        return Err(ImportError::UnknownOperation(op.clone()));
    }
    if selection.kept == 0 {
        return Err(ImportError::NothingSelected);
    }
    restore_dependencies(spec, all_actions);
    prune_objects(spec);
    Ok(())
}

/// Puts back the dropped actions that a kept operation names (a poll's listing, the action
/// behind dynamic values or a dynamic schema), and the ones those name, in their original order.
fn restore_dependencies(spec: &mut ConnectorSpec, all: NamedMap<ActionDef>) {
    let mut needed: HashSet<String> = HashSet::new();
    let mut pending: Vec<String> = Vec::new();
    let note = |value: &Value, needed: &mut HashSet<String>, pending: &mut Vec<String>| {
        strings(value, &mut |s| {
            if all.contains(s) && needed.insert(s.to_owned()) {
                pending.push(s.to_owned());
            }
        });
    };
    note(&to_tree(&spec.actions), &mut needed, &mut pending);
    note(&to_tree(&spec.triggers), &mut needed, &mut pending);
    while let Some(name) = pending.pop() {
        if let Some(def) = all.get(&name) {
            note(&to_tree(def), &mut needed, &mut pending);
        }
    }
    let kept: HashSet<String> = spec.actions.keys().map(str::to_owned).collect();
    let mut restored = all;
    restored.retain(|name, _| kept.contains(name.get()) || needed.contains(name.get()));
    spec.actions = restored;
}

/// Drops the named objects that nothing outside `objects` reaches, directly or through other
/// objects. A string anywhere in the spec that equals an object's name counts as a use, which
/// keeps an object too many rather than one too few.
pub(crate) fn prune_objects(spec: &mut ConnectorSpec) {
    let mut objects = std::mem::take(&mut spec.objects);
    let mut reached: HashSet<String> = HashSet::new();
    let mut queue: Vec<String> = Vec::new();
    strings(&to_tree(&*spec), &mut |s| {
        if objects.contains(s) && reached.insert(s.to_owned()) {
            queue.push(s.to_owned());
        }
    });
    while let Some(name) = queue.pop() {
        if let Some(def) = objects.get(&name) {
            strings(&to_tree(def), &mut |s| {
                if objects.contains(s) && reached.insert(s.to_owned()) {
                    queue.push(s.to_owned());
                }
            });
        }
    }
    objects.retain(|name, _| reached.contains(name.get()));
    spec.objects = objects;
}

fn strings(value: &Value, f: &mut dyn FnMut(&str)) {
    match value {
        Value::String(s) => f(s),
        Value::Array(items) => items.iter().for_each(|v| strings(v, f)),
        Value::Object(map) => map.values().for_each(|v| strings(v, f)),
        _ => {}
    }
}

/// `title` without the words the platform does not allow in a title
/// ([`crate::lint::RESTRICTED_TITLE_WORDS`]), with spaces and stray separators tidied, and the
/// words removed. `GoToMeeting REST API` → `GoToMeeting REST`.
pub fn clean_title(title: &str) -> (String, Vec<&'static str>) {
    let found = crate::lint::restricted_words_in(title);
    if found.is_empty() {
        return (title.to_owned(), found);
    }
    let mut text = title.to_owned();
    // Phrases first, so that `Power Apps` goes before anything shorter could split it.
    let mut words = found.clone();
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    for word in words {
        text = remove_word(&text, word);
    }
    let separators: &[char] = &['-', '–', '—', ':', ',', '|', '/', '(', ')', ' '];
    let tidy = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace("()", "");
    let tidy = tidy
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_matches(separators)
        .to_owned();
    (tidy, found)
}

/// `text` without each case-insensitive, whole-word occurrence of `word`.
fn remove_word(text: &str, word: &str) -> String {
    let lower = text.to_lowercase();
    let needle = word.to_lowercase();
    // Lower-casing can change byte lengths outside ASCII; match on ASCII-equal text only.
    if lower.len() != text.len() {
        return text
            .split_whitespace()
            .filter(|w| !w.eq_ignore_ascii_case(word))
            .collect::<Vec<_>>()
            .join(" ");
    }
    let mut out = String::new();
    let mut rest = 0;
    let mut from = 0;
    while let Some(at) = lower[from..].find(&needle) {
        let start = from + at;
        let end = start + needle.len();
        let before = text[..start].chars().next_back();
        let after = text[end..].chars().next();
        let whole =
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric);
        if whole {
            out.push_str(&text[rest..start]);
            rest = end;
        }
        from = end;
    }
    out.push_str(&text[rest..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn restricted_words_leave_titles() {
        assert_eq!(
            clean_title("GoToMeeting REST API"),
            ("GoToMeeting REST".to_owned(), vec!["API"])
        );
        assert_eq!(clean_title("Zoom Meeting API").0, "Zoom Meeting");
        assert_eq!(
            clean_title("GoToWebinar 2.0 REST API").0,
            "GoToWebinar 2.0 REST"
        );
        assert_eq!(clean_title("Orders api - v2 Connector").0, "Orders - v2");
        assert_eq!(
            clean_title("Tasks for Power Apps (API)"),
            ("Tasks for".to_owned(), vec!["API", "Power Apps"])
        );
        // Words that merely contain a restricted word stay.
        assert_eq!(
            clean_title("Rapid APIs Hub"),
            ("Rapid APIs Hub".to_owned(), vec![])
        );
        assert_eq!(clean_title("Capital"), ("Capital".to_owned(), vec![]));
        assert_eq!(clean_title("API").0, "");
    }

    #[test]
    fn categories_take_the_platform_spelling() {
        let options = ImportOptions {
            categories: vec!["collaboration".into(), "Sales and CRM".into()],
            ..Default::default()
        };
        assert_eq!(
            options.checked_categories().unwrap(),
            ["Collaboration", "Sales and CRM"]
        );
        let wrong = ImportOptions {
            categories: vec!["Gardening".into()],
            ..Default::default()
        };
        let error = wrong.checked_categories().unwrap_err();
        assert!(error.to_string().contains("`Gardening`"), "{error}");
        assert!(error.is_usage());
    }

    /// A spec read from a tree, as the tests write them.
    fn spec(tree: Value) -> ConnectorSpec {
        let mut tree = tree;
        tree["title"] = "T".into();
        tree["base_url"] = "https://example.com".into();
        super::super::typed::from_tree(tree).expect("a spec")
    }

    #[test]
    fn unreferenced_objects_are_dropped() {
        let mut spec = spec(serde_json::json!({
            "objects": {
                "Kept": { "fields": { "inner": "Inner" } },
                "Inner": { "fields": { "a": "string" } },
                "Listed": { "fields": { "b": "string" } },
                "Gone": { "fields": { "c": "Inner" } },
            },
            "actions": {
                "A": { "request": "GET /a", "returns": "Kept", "tags": ["x"] },
                "B": { "request": "GET /b", "returns": ["Listed"], "tags": ["x"] },
                "C": { "request": "GET /c", "returns": "Gone", "tags": ["y"] },
            },
        }));
        let options = ImportOptions {
            tags: vec!["x".into()],
            ..Default::default()
        };
        select(&mut spec, &options).unwrap();
        let objects: Vec<&str> = spec.objects.keys().collect();
        assert_eq!(objects, ["Kept", "Inner", "Listed"]);
        let actions: Vec<&str> = spec.actions.keys().collect();
        assert_eq!(actions, ["A", "B"]);
    }

    #[test]
    fn a_selection_that_matches_nothing_is_an_error() {
        let spec = spec(serde_json::json!({
            "actions": { "MeetingCreate": { "request": "POST /m", "tags": ["Meetings"] } },
        }));
        let by_id = ImportOptions {
            operations: vec!["meetingCreate".into()],
            ..Default::default()
        };
        assert!(select(&mut spec.clone(), &by_id).is_ok());
        let typo = ImportOptions {
            tags: vec!["Meeting".into()],
            ..Default::default()
        };
        let error = select(&mut spec.clone(), &typo).unwrap_err();
        assert!(error.to_string().contains("Meetings"), "{error}");
        assert!(error.is_usage());
    }

    #[test]
    fn a_selection_keeps_the_actions_its_operations_depend_on() {
        let mut spec = spec(serde_json::json!({
            "actions": {
                "ListFolders": { "request": "GET /folders", "tags": ["Folders"] },
                "ListItems": { "request": "GET /items", "tags": ["Admin"],
                               "params": { "folder": { "dynamic": { "action": "ListFolders",
                                                                    "value": "id" } } } },
                "DeleteAll": { "request": "DELETE /items", "tags": ["Admin"] },
                "GetItem": { "request": "GET /items/{id}", "tags": ["Items"] },
            },
            "triggers": {
                "OnNewItem": { "poll": { "action": "ListItems", "identity": "id" } },
            },
        }));
        let items = ImportOptions {
            tags: vec!["Items".into()],
            operations: vec!["OnNewItem".into()],
            ..Default::default()
        };
        select(&mut spec, &items).unwrap();
        let actions: Vec<&str> = spec.actions.keys().collect();
        // The poll lists ListItems, whose folder choices come from ListFolders.
        assert_eq!(actions, ["ListFolders", "ListItems", "GetItem"]);
        let triggers: Vec<&str> = spec.triggers.keys().collect();
        assert_eq!(triggers, ["OnNewItem"]);
    }

    #[test]
    fn metadata_the_options_give_is_set_and_none_is_written_as_none() {
        let mut bare = spec(serde_json::json!({}));
        let mut warnings = Warnings::default();
        apply_metadata(&mut bare, &ImportOptions::default(), true, &mut warnings).unwrap();
        assert_eq!(bare.metadata, None);
        assert_eq!(warnings.items.len(), 3);
        let options = ImportOptions {
            website: Some(" https://example.com ".into()),
            categories: vec!["collaboration".into()],
            ..Default::default()
        };
        let mut warnings = Warnings::default();
        apply_metadata(&mut bare, &options, true, &mut warnings).unwrap();
        let metadata = bare.metadata.expect("set");
        assert_eq!(
            metadata.website.as_deref().map(String::as_str),
            Some("https://example.com")
        );
        assert_eq!(metadata.categories[0].get(), "Collaboration");
        assert_eq!(
            warnings.items.len(),
            1,
            "only the privacy policy is missing"
        );
    }
}
