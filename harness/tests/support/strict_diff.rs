//! The strict round-trip oracle for Power Platform connectors: import a connector folder, check
//! the spec, emit the platform files again and compare **both whole documents**
//! (`apiDefinition.swagger.json` and `apiProperties.json`) with the originals. The same walk
//! compares an OpenAPI 3.0 document with the one emitted from its import ([`File::OpenApi`]).
//!
//! Only four normalisations are applied, each provably meaning-preserving:
//! - object key order is ignored (JSON objects are unordered);
//! - local `$ref`s are inlined on both sides, after which the swagger's root `definitions`,
//!   `parameters` and `responses` maps, and the maps of an OpenAPI document's `components`
//!   other than `securitySchemes` (which only serve as targets of `$ref`s) are dropped;
//! - an empty container is the same as its absence for the keys in [`EMPTY_IS_ABSENT`], where
//!   Swagger 2.0 or the platform gives both forms the same meaning;
//! - a schema's `required` list of names is compared as a set: JSON Schema asks only that each
//!   name be present, so the order of the list never changes what validates.
//!
//! Every other difference is reported with its JSON pointer and a class derived from the
//! pointer. There is no escape hatch here: a test may excuse a class only through [`ALLOWED`],
//! whose every entry says why the platform treats both forms the same.

#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

/// The swagger file of a connector folder.
pub const SWAGGER: &str = "apiDefinition.swagger.json";
/// The properties file of a connector folder.
pub const PROPERTIES: &str = "apiProperties.json";

/// Keys whose empty value (`{}`, `[]`) means the same as the key's absence.
/// - `parameters`, `headers`, `tags`, `required`, `properties`: an empty list or map adds nothing.
/// - `definitions`, `securityDefinitions`, `connectionParameters`, `policyTemplateInstances`,
///   `x-ms-connector-metadata`: an empty map or list declares nothing.
/// - `additionalProperties`: Swagger 2.0 allows extra properties when it is absent, as `{}` does.
pub const EMPTY_IS_ABSENT: &[&str] = &[
    "parameters",
    "headers",
    "tags",
    "required",
    "properties",
    "definitions",
    "securityDefinitions",
    "connectionParameters",
    "policyTemplateInstances",
    "x-ms-connector-metadata",
    "additionalProperties",
];

/// Keys of the swagger's root whose empty list means the same as the key's absence: an empty
/// root `security`, `consumes` or `produces` sets no default for the operations, as absence does.
pub const EMPTY_AT_ROOT_IS_ABSENT: &[&str] = &["security", "consumes", "produces"];

/// One excused form of difference: its class, the original and the rebuilt value exactly as
/// [`Difference`] shows them, and why the platform treats both forms the same.
pub struct Allowed {
    /// The class.
    pub class: &'static str,
    /// The original value as shown (`(none)` when absent).
    pub before: &'static str,
    /// The rebuilt value as shown.
    pub after: &'static str,
    /// Why both forms mean the same.
    pub why: &'static str,
}

/// The differences a test excuses, each with the reason the platform treats both forms the
/// same. Everything else counts.
pub const ALLOWED: &[Allowed] = &[
    Allowed {
        class: "required",
        before: "(none)",
        after: "false",
        why: "Swagger 2.0 defines `required` of a non-path parameter as false when absent",
    },
    Allowed {
        class: "required",
        before: "false",
        after: "(none)",
        why: "the same rule read the other way: an absent `required` of a parameter is false \
              in Swagger 2.0 and OpenAPI 3.0, so writing `false` or leaving it out says the same",
    },
    Allowed {
        class: "basePath",
        before: "(none)",
        after: "\"/\"",
        why: "Swagger 2.0 serves the API directly under the host when `basePath` is absent",
    },
];

/// Keys whose value is opaque to the class: a difference anywhere inside belongs to them.
const STICKY: &[&str] = &[
    "security",
    "securityDefinitions",
    "policyTemplateInstances",
    "connectionParameters",
    "connectionParameterSets",
    "scriptOperations",
];

/// Keys holding a map whose keys the author chose (a name is never a class).
const NAMED_MAPS: &[&str] = &[
    "paths",
    "properties",
    "definitions",
    "responses",
    "headers",
    "scopes",
    "customParameters",
    "connectionParameters",
    "securityDefinitions",
    // OpenAPI 3.0: media types, components and server variables are named by the author.
    "content",
    "securitySchemes",
    "schemas",
    "variables",
];

/// Which file a difference is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum File {
    /// `apiDefinition.swagger.json`
    Swagger,
    /// `apiProperties.json`
    Properties,
    /// An OpenAPI 3.0 document.
    OpenApi,
}

/// What happened at a pointer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// In the original, not in the rebuilt file.
    Missing,
    /// In the rebuilt file, not in the original.
    Added,
    /// In both, with different values.
    Changed,
}

/// One difference between an original file and its rebuilt form.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Difference {
    /// The class, derived from the pointer.
    pub class: String,
    /// The file.
    pub file: File,
    /// The JSON pointer (into the normalised document).
    pub pointer: String,
    /// Missing, added or changed.
    pub kind: Kind,
    /// The original value (shortened), if any.
    pub before: String,
    /// The rebuilt value (shortened), if any.
    pub after: String,
}

impl Difference {
    /// Whether [`ALLOWED`] excuses it.
    pub fn allowed(&self) -> bool {
        ALLOWED
            .iter()
            .any(|a| a.class == self.class && a.before == self.before && a.after == self.after)
    }

    /// `file#pointer`.
    pub fn location(&self) -> String {
        let file = match self.file {
            File::Swagger => SWAGGER,
            File::Properties => PROPERTIES,
            File::OpenApi => "openapi",
        };
        format!("{file}#{}", self.pointer)
    }
}

/// Inlines every local `$ref` (a reference back into itself stays a `$ref`, naming the cycle
/// by its target's pointer), then drops the swagger's root maps that only hold `$ref` targets.
pub fn inline_refs(doc: &Value) -> Value {
    let mut stack = Vec::new();
    let mut out = inline(doc, doc, &mut stack);
    if let Some(map) = out.as_object_mut() {
        for key in ["definitions", "parameters", "responses"] {
            map.remove(key);
        }
        // `securitySchemes` are named by `security` requirements, never `$ref`ed: they stay.
        if let Some(Value::Object(components)) = map.get_mut("components") {
            components.retain(|k, _| k == "securitySchemes");
            if components.is_empty() {
                map.remove("components");
            }
        }
    }
    out
}

fn inline(root: &Value, value: &Value, stack: &mut Vec<String>) -> Value {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref") {
                if let Some(target) = r.strip_prefix('#').and_then(|p| root.pointer(p)) {
                    if stack.contains(r) || stack.len() > 64 {
                        return Value::String(format!("$ref cycle to {r}"));
                    }
                    stack.push(r.clone());
                    let mut out = inline(root, target, stack);
                    stack.pop();
                    // Siblings of `$ref` are ignored by Swagger 2.0, but the platform reads
                    // `x-ms-*` keys beside it: they are kept over the target's.
                    if let Value::Object(o) = &mut out {
                        for (k, v) in map.iter().filter(|(k, _)| *k != "$ref") {
                            o.insert(k.clone(), inline(root, v, stack));
                        }
                    }
                    return out;
                }
            }
            Value::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), inline(root, v, stack)))
                    .collect(),
            )
        }
        Value::Array(list) => Value::Array(list.iter().map(|v| inline(root, v, stack)).collect()),
        other => other.clone(),
    }
}

/// Whether `list` is a list of names (a schema's `required`).
fn names(list: &[Value]) -> bool {
    list.iter().all(Value::is_string)
}

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Object(m) => m.is_empty(),
        Value::Array(l) => l.is_empty(),
        _ => false,
    }
}

/// The value at `key` of `map`, `None` when it is absent or an empty container that means
/// absence (or `additionalProperties: true`).
fn present<'v>(map: &'v Map<String, Value>, key: &str, root: bool) -> Option<&'v Value> {
    let v = map.get(key)?;
    let empty_means_absent =
        EMPTY_IS_ABSENT.contains(&key) || (root && EMPTY_AT_ROOT_IS_ABSENT.contains(&key));
    if empty_means_absent
        && (is_empty(v) || (key == "additionalProperties" && v == &Value::Bool(true)))
    {
        return None;
    }
    Some(v)
}

/// Compares one file: both sides are `$ref`-inlined, then walked.
pub fn diff_file(file: File, original: &Value, rebuilt: &Value) -> Vec<Difference> {
    let (a, b) = if file != File::Properties {
        (inline_refs(original), inline_refs(rebuilt))
    } else {
        (original.clone(), rebuilt.clone())
    };
    let mut out = Vec::new();
    walk(file, Some(&a), Some(&b), &mut Vec::new(), &mut out);
    out
}

fn walk(
    file: File,
    a: Option<&Value>,
    b: Option<&Value>,
    at: &mut Vec<String>,
    out: &mut Vec<Difference>,
) {
    match (a, b) {
        (Some(Value::Object(x)), Some(Value::Object(y))) => {
            let keys: BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            for k in keys {
                at.push(k.clone());
                let root = at.len() == 1 && file != File::Properties;
                walk(file, present(x, k, root), present(y, k, root), at, out);
                at.pop();
            }
        }
        (Some(Value::Array(x)), Some(Value::Array(y)))
            if at.last().is_some_and(|k| k == "parameters") =>
        {
            parameters(file, x, y, at, out)
        }
        (Some(Value::Array(x)), Some(Value::Array(y)))
            if at.last().is_some_and(|k| k == "required") && names(x) && names(y) =>
        {
            let (mut x, mut y) = (x.clone(), y.clone());
            x.sort_by(|p, q| p.as_str().cmp(&q.as_str()));
            y.sort_by(|p, q| p.as_str().cmp(&q.as_str()));
            for i in 0..x.len().max(y.len()) {
                at.push(i.to_string());
                walk(file, x.get(i), y.get(i), at, out);
                at.pop();
            }
        }
        (Some(Value::Array(x)), Some(Value::Array(y))) if x.len() == y.len() => {
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                at.push(i.to_string());
                walk(file, Some(p), Some(q), at, out);
                at.pop();
            }
        }
        (x, y) if x == y => {}
        (x, y) => out.push(difference(file, at, x, y)),
    }
}

/// Parameters are matched by `name` and `in`; their order is compared on its own.
fn parameters(
    file: File,
    x: &[Value],
    y: &[Value],
    at: &mut Vec<String>,
    out: &mut Vec<Difference>,
) {
    let key = |p: &Value| {
        format!(
            "{}/{}",
            p.get("in").and_then(Value::as_str).unwrap_or(""),
            p.get("name").and_then(Value::as_str).unwrap_or("")
        )
    };
    let keys_b: Vec<String> = y.iter().map(key).collect();
    let mut common_a = Vec::new();
    for (i, p) in x.iter().enumerate() {
        at.push(i.to_string());
        let k = key(p);
        let q = keys_b.iter().position(|kb| *kb == k).map(|j| &y[j]);
        if q.is_some() {
            common_a.push(k);
        }
        walk(file, Some(p), q, at, out);
        at.pop();
    }
    for (j, q) in y.iter().enumerate() {
        if !x.iter().any(|p| key(p) == key(q)) {
            at.push(format!("+{j}"));
            walk(file, None, Some(q), at, out);
            at.pop();
        }
    }
    let common_b: Vec<&String> = keys_b.iter().filter(|k| common_a.contains(k)).collect();
    if common_a.iter().collect::<Vec<_>>() != common_b {
        at.push("(order)".into());
        out.push(Difference {
            class: "parameters-order".into(),
            file,
            pointer: pointer(at),
            kind: Kind::Changed,
            before: common_a.join(","),
            after: keys_b.join(","),
        });
        at.pop();
    }
}

fn pointer(at: &[String]) -> String {
    at.iter()
        .map(|s| format!("/{}", s.replace('~', "~0").replace('/', "~1")))
        .collect()
}

fn difference(file: File, at: &[String], a: Option<&Value>, b: Option<&Value>) -> Difference {
    let kind = match (a, b) {
        (Some(_), None) => Kind::Missing,
        (None, Some(_)) => Kind::Added,
        _ => Kind::Changed,
    };
    Difference {
        class: class_of(at),
        file,
        pointer: pointer(at),
        kind,
        before: short(a),
        after: short(b),
    }
}

/// The class of a pointer: the first `x-` or sticky key on it, else its last keyword (a
/// segment that is neither a list index nor a name in an author-named map).
pub fn class_of(at: &[String]) -> String {
    let mut last = "document".to_owned();
    let mut named_parent = false;
    for (i, seg) in at.iter().enumerate() {
        let is_name = named_parent || seg.parse::<usize>().is_ok() || seg.starts_with('+');
        // The root `properties` of apiProperties.json is a keyword, not a schema's properties.
        let keyword_named_map =
            NAMED_MAPS.contains(&seg.as_str()) && !(i == 0 && seg == "properties");
        if !is_name {
            if seg.starts_with("x-") || STICKY.contains(&seg.as_str()) {
                return seg.clone();
            }
            last = seg.clone();
        }
        named_parent = !is_name && keyword_named_map;
    }
    last
}

fn short(v: Option<&Value>) -> String {
    match v {
        None => "(none)".into(),
        Some(v) => {
            let text = v.to_string();
            if text.chars().count() > 100 {
                format!("{}…", text.chars().take(100).collect::<String>())
            } else {
                text
            }
        }
    }
}

/// The outcome of one connector's round trip.
#[derive(Clone, Debug, Default)]
pub struct Outcome {
    /// The connector folder's name.
    pub name: String,
    /// The importer produced a spec.
    pub imported: bool,
    /// The spec checked without errors.
    pub checked: bool,
    /// Why the import, the check or the emission failed.
    pub failure: Option<String>,
    /// Importer warnings.
    pub warnings: usize,
    /// Every difference, allowed or not.
    pub differences: Vec<Difference>,
}

impl Outcome {
    /// Checked, and no difference outside [`ALLOWED`].
    pub fn exact(&self) -> bool {
        self.checked && self.differences.iter().all(Difference::allowed)
    }
}

/// Connector folders under `root` (any folder holding an `apiDefinition.swagger.json`), sorted.
pub fn connector_folders(root: &Path) -> Vec<PathBuf> {
    connector_harness::sample::connector_folders(root)
}

/// A JSON file read as the importer reads it (a byte-order mark and the like forgiven).
pub fn read_json(path: &Path) -> Option<Value> {
    let bytes = std::fs::read(path).ok()?;
    let mut w = connector_platform::import::Warnings::default();
    let text = connector_platform::import::json::decode(&bytes, &mut w);
    connector_platform::import::json::parse_json(&text, &mut w).ok()
}

/// Imports (with `options`), checks, emits and compares one connector folder.
pub fn round_trip(folder: &Path, options: &connector_platform::import::ImportOptions) -> Outcome {
    let name = folder
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut outcome = Outcome {
        name,
        ..Outcome::default()
    };
    let result = std::panic::catch_unwind(|| run(folder, options, &mut Outcome::default()));
    match result {
        Ok(done) => {
            let name = std::mem::take(&mut outcome.name);
            outcome = done;
            outcome.name = name;
        }
        Err(_) => outcome.failure = Some("panic".into()),
    }
    outcome
}

fn run(
    folder: &Path,
    options: &connector_platform::import::ImportOptions,
    o: &mut Outcome,
) -> Outcome {
    let imported = match connector_platform::import::import_path_with(folder, options) {
        Ok(i) => i,
        Err(e) => {
            o.failure = Some(format!("import: {e}"));
            return std::mem::take(o);
        }
    };
    o.imported = true;
    o.warnings = imported.warnings.len();
    let spec_path = PathBuf::from(format!("{}.yaml", imported.suggested_id));
    let checked = codegen::check_source(&spec_path, imported.yaml, &Default::default());
    let Some(connector) = checked.connector else {
        let first = checked.diagnostics.iter().find(|d| d.is_error());
        let first = first.map(|d| format!("{:?}: {}", d.code, d.message));
        o.failure = Some(format!("check: {}", first.unwrap_or_default()));
        return std::mem::take(o);
    };
    o.checked = !checked.diagnostics.iter().any(|d| d.is_error());
    let files = connector_platform::emit::powerplatform::emit(&connector);
    let rebuilt_swagger: Value = serde_json::from_str(&files.swagger).expect("emitted JSON");
    let rebuilt_props: Value = serde_json::from_str(&files.properties).expect("emitted JSON");
    let Some(original_swagger) = read_json(&folder.join(SWAGGER)) else {
        o.failure = Some("original swagger unreadable".into());
        return std::mem::take(o);
    };
    let original_props = read_json(&folder.join(PROPERTIES)).unwrap_or(Value::Object(Map::new()));
    o.differences = diff_file(File::Swagger, &original_swagger, &rebuilt_swagger);
    o.differences
        .extend(diff_file(File::Properties, &original_props, &rebuilt_props));
    o.differences.sort();
    std::mem::take(o)
}

/// A corpus run.
#[derive(Debug, Default)]
pub struct Report {
    /// Every outcome, in folder order.
    pub outcomes: Vec<Outcome>,
}

impl Report {
    /// Round-trips every connector under `root`.
    pub fn run(root: &Path, options: &connector_platform::import::ImportOptions) -> Report {
        let outcomes = connector_folders(root)
            .iter()
            .map(|f| round_trip(f, options))
            .collect();
        Report { outcomes }
    }

    /// (total, imported, checked, exact).
    pub fn counts(&self) -> (usize, usize, usize, usize) {
        let count = |f: &dyn Fn(&Outcome) -> bool| self.outcomes.iter().filter(|o| f(o)).count();
        (
            self.outcomes.len(),
            count(&|o| o.imported),
            count(&|o| o.checked),
            count(&|o| o.exact()),
        )
    }

    /// The summary and the table by class: connectors affected, differences, one example.
    pub fn table(&self) -> String {
        let (total, imported, checked, exact) = self.counts();
        let pct = |n: usize| n as f64 * 100.0 / total.max(1) as f64;
        let mut out = String::new();
        for (label, n) in [
            ("connectors", total),
            ("imported", imported),
            ("checked (no error)", checked),
            ("round trip with no difference", exact),
        ] {
            out.push_str(&format!("{label:<32} {n:>5} {:>6.1}%\n", pct(n)));
        }
        let mut failures: BTreeMap<String, usize> = BTreeMap::new();
        for f in self.outcomes.iter().filter_map(|o| o.failure.as_ref()) {
            let class = f.split(':').take(2).collect::<Vec<_>>().join(":");
            *failures.entry(class).or_default() += 1;
        }
        for (class, n) in &failures {
            out.push_str(&format!("failure {class:<60} {n:>4}\n"));
        }
        out.push_str(&self.classes());
        out
    }

    fn classes(&self) -> String {
        // class -> (connectors, count, example)
        let mut classes: BTreeMap<&str, (usize, usize, String)> = BTreeMap::new();
        for o in &self.outcomes {
            let mut seen = BTreeSet::new();
            for d in o.differences.iter().filter(|d| !d.allowed()) {
                let e = classes
                    .entry(&d.class)
                    .or_insert_with(|| (0, 0, format!("{} {}", o.name, d.location())));
                e.1 += 1;
                if seen.insert(&d.class) {
                    e.0 += 1;
                }
            }
        }
        let mut rows: Vec<_> = classes.into_iter().collect();
        rows.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(b.0)));
        let mut out = format!(
            "\n{:<36} {:>10} {:>8}  example\n",
            "class", "connectors", "count"
        );
        for (class, (connectors, count, example)) in rows {
            out.push_str(&format!(
                "{class:<36} {connectors:>10} {count:>8}  {example}\n"
            ));
        }
        let excused = self
            .outcomes
            .iter()
            .flat_map(|o| &o.differences)
            .filter(|d| d.allowed())
            .count();
        out.push_str(&format!("\nallowed (see ALLOWED): {excused} differences\n"));
        out
    }
}
