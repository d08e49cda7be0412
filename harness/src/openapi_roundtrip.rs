//! The OpenAPI round trip: an OpenAPI 3.0 document is imported, its spec checked, the OpenAPI
//! 3.0 document `connectorc build` writes (`openapi.yaml`) emitted and read back
//! ([`emitted_document`]), and the two compared **semantically** ([`compare`]):
//!
//! - operations by (method, path), the path with its trailing `/` trimmed as the emitter does;
//!   operation ids compared case-insensitively without non-alphanumerics (the importer makes
//!   them PascalCase), so a recased id is counted, not a difference;
//! - parameters per operation (path-level ones merged in, `$ref`s followed): name, location,
//!   required (path parameters always are);
//! - the request body: present or not, and the family of the media type the importer picks
//!   (json, form, multipart, binary, text, xml);
//! - the success answer (the first 2xx, a later one with content before one without, as the
//!   importer picks it): present or not, its status, whether it has a schema;
//! - the top-level property names of request bodies and success answers (array items' as
//!   `[].name`), and which of them are required, after `$ref`s are followed and `allOf`,
//!   `oneOf` and `anyOf` merged.
//!
//! Documents are read as JSON values with a small `$ref` resolver of their own, not with the
//! importer's code, so that the comparison does not share the importer's mistakes. The test
//! `tests/import_openapi_roundtrip.rs` runs it over the corpus and says which differences are
//! explained.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;

use connector_platform::import::Warning;

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// What the comparison reads of one operation.
#[derive(Clone, Debug, Default)]
struct Operation {
    /// The operation's JSON pointer in its document (`/paths/~1users/get`).
    pointer: String,
    id: Option<String>,
    /// (location, name) → required.
    params: BTreeMap<(String, String), bool>,
    body: Option<Body>,
    success: Option<Success>,
}

#[derive(Clone, Debug)]
struct Body {
    family: &'static str,
    props: Props,
}

#[derive(Clone, Debug)]
struct Success {
    status: String,
    schema: bool,
    props: Props,
}

/// Top-level property names, and the required ones.
#[derive(Clone, Debug, Default, PartialEq)]
struct Props {
    names: BTreeSet<String>,
    required: BTreeSet<String>,
}

/// A document read leniently as JSON values, with a small `$ref` resolver.
struct Document<'a> {
    root: &'a Value,
}

impl<'a> Document<'a> {
    /// `value`, or what its local `$ref` chain points at (`None` when it cannot be followed).
    fn resolve(&self, value: &'a Value) -> Option<&'a Value> {
        crate::powerplatform::refs::resolve(self.root, value)
    }

    /// Every operation with its (method, path with its trailing `/` trimmed), in document
    /// order; two paths that differ only by the trailing `/` give the same key.
    fn operations(&self) -> Vec<((String, String), Operation)> {
        let mut out = Vec::new();
        let Some(paths) = self.root.get("paths").and_then(Value::as_object) else {
            return out;
        };
        for (path, item) in paths {
            let Some(item) = self.resolve(item) else {
                continue;
            };
            for method in METHODS {
                let Some(op) = item.get(method) else { continue };
                let mut operation = self.operation(op, item.get("parameters"));
                operation.pointer = format!(
                    "/paths/{}/{method}",
                    connector_platform::import::escape(path)
                );
                out.push(((method.to_owned(), normalise_path(path)), operation));
            }
        }
        out
    }

    fn operation(&self, op: &'a Value, shared: Option<&'a Value>) -> Operation {
        let mut params = BTreeMap::new();
        for list in [shared, op.get("parameters")].into_iter().flatten() {
            for p in list.as_array().into_iter().flatten() {
                let Some(p) = self.resolve(p) else { continue };
                let (Some(name), Some(location)) = (
                    p.get("name").and_then(Value::as_str),
                    p.get("in").and_then(Value::as_str),
                ) else {
                    continue;
                };
                let required = location == "path"
                    || p.get("required").and_then(Value::as_bool).unwrap_or(false);
                params.insert((location.to_owned(), name.to_owned()), required);
            }
        }
        let body = op
            .get("requestBody")
            .and_then(|b| self.resolve(b))
            .and_then(|b| b.get("content"))
            .and_then(pick_media)
            .map(|(media, m)| {
                let schema = m.get("schema");
                Body {
                    family: family(&media, schema.and_then(|s| self.resolve(s))),
                    props: schema.map(|s| self.props(s)).unwrap_or_default(),
                }
            });
        Operation {
            pointer: String::new(),
            id: op
                .get("operationId")
                .and_then(Value::as_str)
                .map(str::to_owned),
            params,
            body,
            success: self.success(op.get("responses")),
        }
    }

    /// The importer's choice: the first 2xx answer, a later one with content before one without.
    fn success(&self, responses: Option<&'a Value>) -> Option<Success> {
        let has_content = |r: &Value| {
            r.get("content")
                .and_then(Value::as_object)
                .is_some_and(|c| !c.is_empty())
        };
        let mut chosen: Option<(String, &Value)> = None;
        for (code, r) in responses.and_then(Value::as_object).into_iter().flatten() {
            let code = code.to_ascii_uppercase();
            if code.len() != 3 || !code.starts_with('2') {
                continue;
            }
            let Some(r) = self.resolve(r) else { continue };
            if chosen
                .as_ref()
                .is_none_or(|(_, prev)| !has_content(prev) && has_content(r))
            {
                let status = if code == "2XX" { "200".into() } else { code };
                chosen = Some((status, r));
            }
        }
        let (status, r) = chosen?;
        let schema = r
            .get("content")
            .and_then(pick_media)
            .and_then(|(_, m)| m.get("schema"));
        Some(Success {
            status,
            schema: schema.is_some(),
            props: schema.map(|s| self.props(s)).unwrap_or_default(),
        })
    }

    fn props(&self, schema: &'a Value) -> Props {
        let mut out = Props::default();
        self.collect_props(schema, "", &mut out, 0);
        out
    }

    fn collect_props(&self, schema: &'a Value, prefix: &str, out: &mut Props, depth: usize) {
        let Some(schema) = self.resolve(schema).filter(|_| depth < 16) else {
            return;
        };
        for key in ["allOf", "oneOf", "anyOf"] {
            for part in schema
                .get(key)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                self.collect_props(part, prefix, out, depth + 1);
            }
        }
        if let Some(props) = schema.get("properties").and_then(Value::as_object) {
            out.names
                .extend(props.keys().map(|k| format!("{prefix}{k}")));
            // Only names that are properties: the importer ignores the others, with a warning.
            let required = schema.get("required").and_then(Value::as_array);
            out.required.extend(
                required
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .filter(|r| props.contains_key(*r))
                    .map(|r| format!("{prefix}{r}")),
            );
        }
        if prefix.is_empty() {
            if let Some(items) = schema.get("items") {
                self.collect_props(items, "[].", out, depth + 1);
            }
        }
    }
}

/// The media type the importer describes: JSON first, then forms, then anything.
fn pick_media(content: &Value) -> Option<(String, &Value)> {
    let rank = |m: &str| match m {
        "application/json" => 0,
        m if m.contains("json") => 1,
        "application/x-www-form-urlencoded" => 2,
        m if m.starts_with("multipart/") => 3,
        _ => 4,
    };
    content
        .as_object()?
        .iter()
        .map(|(k, v)| (k.to_ascii_lowercase(), v))
        .min_by_key(|(m, _)| rank(m))
        .map(|(m, v)| (m.split(';').next().unwrap_or(&m).trim().to_owned(), v))
}

fn normalise_path(path: &str) -> String {
    match path.trim_end_matches('/') {
        "" => "/".into(),
        trimmed => trimmed.to_owned(),
    }
}

fn family(media: &str, schema: Option<&Value>) -> &'static str {
    let binary = schema.and_then(|s| s.get("format")) == Some(&Value::from("binary"));
    if media.contains("json") && !binary {
        "json"
    } else if media == "application/x-www-form-urlencoded" {
        "form"
    } else if media.starts_with("multipart/") {
        "multipart"
    } else if media.starts_with("text/") && !binary {
        "text"
    } else if media.contains("xml") && !binary {
        "xml"
    } else {
        "binary"
    }
}

/// `listMeetings`, `ListMeetings` and `list-meetings` are the same id.
fn canonical_id(id: &str) -> String {
    id.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// One difference: its class, the original operation's pointer and what differs.
#[derive(Clone, Debug)]
pub struct Difference {
    /// The class (`operation lost`, `parameter added`, `success properties differ`, …).
    pub class: &'static str,
    /// The JSON pointer of the operation in the original (`/paths/~1users/get`).
    pub pointer: String,
    /// The operation and what differs.
    pub detail: String,
}

/// The comparison of one document.
#[derive(Debug, Default)]
pub struct Comparison {
    /// Operations in the original.
    pub original: usize,
    /// Operations of the original found in the emitted document.
    pub kept: usize,
    /// Parameters of kept operations compared.
    pub params: usize,
    /// Request bodies present on both sides.
    pub bodies: usize,
    /// Success answers present on both sides.
    pub answers: usize,
    /// … of which both have a schema.
    pub answer_schemas: usize,
    /// Ids the importer changed only in case or punctuation (`getMeeting → GetMeeting`).
    pub recased: Vec<String>,
    /// Every difference, in operation order.
    pub differences: Vec<Difference>,
}

impl Comparison {
    fn push(&mut self, class: &'static str, op: &Operation, detail: String) {
        self.differences.push(Difference {
            class,
            pointer: op.pointer.clone(),
            detail,
        });
    }

    /// The differences by class.
    pub fn by_class(&self) -> BTreeMap<&'static str, Vec<&Difference>> {
        let mut out: BTreeMap<&'static str, Vec<&Difference>> = BTreeMap::new();
        for d in &self.differences {
            out.entry(d.class).or_default().push(d);
        }
        out
    }

    /// The table of one document: the counts, then each class of difference with how many of
    /// them `explain` accounts for (its first reason shown) and a few examples.
    pub fn table(
        &self,
        name: &str,
        explain: impl Fn(&Difference) -> Option<&'static str>,
    ) -> String {
        let mut out = format!("== {name}\n");
        let row = |label: &str, n: usize| format!("  {label:<42} {n:>5}\n");
        out += &row("operations in the original", self.original);
        out += &row("operations kept", self.kept);
        out += &row("  parameters compared", self.params);
        out += &row("  request bodies compared", self.bodies);
        out += &row("  success answers compared", self.answers);
        out += &row("  … with a schema", self.answer_schemas);
        out += &row("ids recased (PascalCase), not renamed", self.recased.len());
        if !self.recased.is_empty() {
            out += &format!("      e.g. {}\n", examples(&self.recased));
        }
        for (class, list) in self.by_class() {
            out += &row(class, list.len());
            let explained: Vec<&str> = list.iter().filter_map(|d| explain(d)).collect();
            if !explained.is_empty() {
                out += &format!("      explained {}: {}\n", explained.len(), explained[0]);
            }
            let details: Vec<&str> = list.iter().map(|d| d.detail.as_str()).collect();
            out += &format!("      e.g. {}\n", examples(&details));
        }
        out
    }
}

/// The first three items (each cut at 160 characters) and how many more there are.
pub fn examples<S: AsRef<str>>(items: &[S]) -> String {
    let shown: Vec<String> = items
        .iter()
        .take(3)
        .map(|s| {
            let s = s.as_ref();
            match s.char_indices().nth(160) {
                Some((i, _)) => format!("{}…", &s[..i]),
                None => s.to_owned(),
            }
        })
        .collect();
    let more = items.len() - shown.len();
    let mut out = shown.join("; ");
    if more > 0 {
        out += &format!("; … {more} more");
    }
    out
}

/// Compares an original document with the one emitted from its import.
pub fn compare(original: &Value, emitted: &Value) -> Comparison {
    let before = Document { root: original }.operations();
    let after: BTreeMap<_, _> = Document { root: emitted }
        .operations()
        .into_iter()
        .collect();
    let mut c = Comparison {
        original: before.len(),
        ..Comparison::default()
    };
    let keys: BTreeSet<&(String, String)> = before.iter().map(|(k, _)| k).collect();
    for (key, new) in &after {
        if !keys.contains(key) {
            c.push("operation added", new, format!("{} {}", key.0, key.1));
        }
    }
    // The emitter has one slot per method and path: a second operation on the same key can
    // only be kept as an `x-also-served-by` note, which is a loss.
    let mut matched = BTreeSet::new();
    for (key, old) in &before {
        let at = format!("{} {}", key.0.to_ascii_uppercase(), key.1);
        match after.get(key).filter(|_| matched.insert(key)) {
            None => c.push("operation lost", old, at),
            Some(new) => {
                c.kept += 1;
                compare_operation(&mut c, &at, old, new);
            }
        }
    }
    c
}

fn compare_operation(c: &mut Comparison, at: &str, old: &Operation, new: &Operation) {
    match (&old.id, &new.id) {
        (Some(a), Some(b)) if a == b => {}
        (Some(a), Some(b)) if canonical_id(a) == canonical_id(b) => {
            c.recased.push(format!("{a} → {b}"));
        }
        (a, b) => c.push("operation id changed", old, format!("{at}: {a:?} → {b:?}")),
    }
    c.params += old.params.len();
    for (key, required) in &old.params {
        let what = format!("{at}: {} in {}", key.1, key.0);
        match new.params.get(key) {
            None => c.push("parameter lost", old, what),
            Some(r) if r != required => c.push(
                "parameter required changed",
                old,
                format!("{what}: {required} → {r}"),
            ),
            Some(_) => {}
        }
    }
    for key in new.params.keys().filter(|k| !old.params.contains_key(*k)) {
        c.push(
            "parameter added",
            old,
            format!("{at}: {} in {}", key.1, key.0),
        );
    }
    match (&old.body, &new.body) {
        (None, None) => {}
        (Some(_), None) => c.push("request body lost", old, at.to_owned()),
        (None, Some(_)) => c.push("request body added", old, at.to_owned()),
        (Some(a), Some(b)) => {
            c.bodies += 1;
            if a.family != b.family {
                let detail = format!("{at}: {} → {}", a.family, b.family);
                c.push("request body media family changed", old, detail);
            }
            compare_props(c, "request body", at, old, &a.props, &b.props);
        }
    }
    match (&old.success, &new.success) {
        (None, None) => {}
        (Some(_), None) => c.push("success answer lost", old, at.to_owned()),
        (None, Some(b)) => c.push("success answer added", old, format!("{at}: {}", b.status)),
        (Some(a), Some(b)) => {
            c.answers += 1;
            if a.status != b.status {
                let detail = format!("{at}: {} → {}", a.status, b.status);
                c.push("success status changed", old, detail);
            }
            match (a.schema, b.schema) {
                (true, false) => c.push("success schema lost", old, at.to_owned()),
                (false, true) => c.push("success schema added", old, at.to_owned()),
                (false, false) => {}
                (true, true) => {
                    c.answer_schemas += 1;
                    compare_props(c, "success", at, old, &a.props, &b.props);
                }
            }
        }
    }
}

fn compare_props(c: &mut Comparison, what: &str, at: &str, op: &Operation, a: &Props, b: &Props) {
    let detail = |a: &BTreeSet<String>, b: &BTreeSet<String>| {
        let lost: Vec<&String> = a.difference(b).collect();
        let added: Vec<&String> = b.difference(a).collect();
        format!("{at}: lost {lost:?}, added {added:?}")
    };
    if a.names != b.names {
        let class = match what {
            "success" => "success properties differ",
            _ => "request body properties differ",
        };
        c.push(class, op, detail(&a.names, &b.names));
    }
    if a.required != b.required {
        let class = match what {
            "success" => "success required properties differ",
            _ => "request body required properties differ",
        };
        c.push(class, op, detail(&a.required, &b.required));
    }
}

/// Reads a document as JSON values: JSON when its name ends in `.json`, YAML otherwise.
pub fn read_document(path: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let value = if json {
        serde_json::from_str(&text).map_err(|e| e.to_string())
    } else {
        serde_saphyr::from_str(&text).map_err(|e| e.to_string())
    };
    value.map_err(|e| format!("{}: {e}", path.display()))
}

/// Imports `path`, checks the spec, and reads back the OpenAPI document emitted from it (the
/// `openapi.yaml` of `connectorc build`); with the importer's warnings. The error says which
/// step failed.
pub fn emitted_document(path: &Path) -> Result<(Value, Vec<Warning>), String> {
    let imported =
        connector_platform::import::import_path(path).map_err(|e| format!("not imported: {e}"))?;
    let outcome = crate::check_source(
        format!("{}.yaml", imported.suggested_id),
        imported.yaml,
        &Default::default(),
    );
    let connector = outcome.connector.ok_or_else(|| {
        format!(
            "the spec has errors:\n{}",
            crate::diag::render_text(&outcome.diagnostics, crate::diag::RenderStyle::plain())
        )
    })?;
    let yaml = crate::emit::openapi::to_yaml(&connector);
    let emitted = serde_saphyr::from_str(&yaml)
        .map_err(|e| format!("the emitted document does not read back: {e}"))?;
    Ok((emitted, imported.warnings))
}
