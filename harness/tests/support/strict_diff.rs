//! The strict round-trip oracle for Power Platform connectors: import a connector folder, check
//! the spec, emit the platform files again and compare **both whole documents**
//! (`apiDefinition.swagger.json` and `apiProperties.json`) with the originals. The same walk
//! compares an OpenAPI 3.0 document with the one emitted from its import ([`File::OpenApi`]).
//!
//! Only four normalisations are applied, each provably meaning-preserving:
//! - object key order is ignored (JSON objects are unordered);
//! - local `$ref`s are followed on both sides as the walk meets them (a `$ref` and its target
//!   are the same value), and the swagger's root `definitions`, `parameters` and `responses`
//!   maps, and the maps of an OpenAPI document's `components` other than `securitySchemes`
//!   (which only serve as targets of `$ref`s) are not compared themselves. A pair of values
//!   reached through a `$ref` is compared once, so a shared or recursive schema costs one
//!   comparison however often it is used (see [`diff_file`]);
//! - an empty container is the same as its absence for the keys in [`EMPTY_IS_ABSENT`], where
//!   Swagger 2.0 or the platform gives both forms the same meaning;
//! - a schema's `required` list of names is compared as a set: JSON Schema asks only that each
//!   name be present, so the order of the list never changes what validates.
//!
//! Every other difference is reported with its JSON pointer and a class derived from the
//! pointer. There is no escape hatch here: a test may excuse a class only through [`ALLOWED`],
//! whose every entry says why the platform treats both forms the same.

#![allow(dead_code)]

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashSet, VecDeque};
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

/// A value as the oracle sees it: its local `$ref` followed, the `$ref`'s siblings over its
/// target's keys.
enum Seen<'v> {
    /// An object's entries, in document order.
    Object(Vec<(&'v str, &'v Value)>),
    /// A list.
    Array(&'v [Value]),
    /// Anything else; a chain of bare `$ref`s that leads back to itself is the text naming it.
    Scalar(Cow<'v, Value>),
}

/// A followed value, with the address of the value that stands for it (a `$ref`'s target, or
/// the `$ref` itself when its siblings add to the target) and whether a `$ref` led to it.
struct Followed<'v> {
    seen: Seen<'v>,
    id: usize,
    via_ref: bool,
}

/// Follows `v`'s local `$ref` in `root` (none: `$ref`s are plain keys). `chain` holds the
/// `$ref`s followed to reach `v` without passing through a key.
fn follow<'v>(root: Option<&'v Value>, v: &'v Value, chain: &mut Vec<&'v str>) -> Followed<'v> {
    let id = v as *const Value as usize;
    let plain = |seen| Followed {
        seen,
        id,
        via_ref: false,
    };
    let map = match v {
        Value::Object(map) => map,
        Value::Array(list) => return plain(Seen::Array(list)),
        other => return plain(Seen::Scalar(Cow::Borrowed(other))),
    };
    let target = match (root, map.get("$ref")) {
        (Some(root), Some(Value::String(r))) => r
            .strip_prefix('#')
            .and_then(|p| root.pointer(p))
            .map(|t| (root, r, t)),
        _ => None,
    };
    let Some((root, r, target)) = target else {
        return plain(Seen::Object(
            map.iter().map(|(k, v)| (k.as_str(), v)).collect(),
        ));
    };
    if chain.contains(&r.as_str()) {
        let text = Value::String(format!("$ref cycle to {r}"));
        return Followed {
            seen: Seen::Scalar(Cow::Owned(text)),
            id,
            via_ref: true,
        };
    }
    chain.push(r);
    let mut out = follow(Some(root), target, chain);
    chain.pop();
    out.via_ref = true;
    if map.len() > 1 {
        // Siblings of `$ref` are ignored by Swagger 2.0, but the platform reads `x-ms-*` keys
        // beside it: they are kept over the target's, and the `$ref` itself stands for the
        // result.
        out.id = id;
        if let Seen::Object(entries) = &mut out.seen {
            for (k, s) in map.iter().filter(|(k, _)| *k != "$ref") {
                match entries.iter_mut().find(|(e, _)| *e == k) {
                    Some(entry) => entry.1 = s,
                    None => entries.push((k, s)),
                }
            }
        }
    }
    out
}

/// What the walk below a pointer depends on besides the two values: the class so far and
/// whether the next segment is a name. Two walks of the same pair of values in the same
/// context report the same differences under their own pointers.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Context {
    class: String,
    settled: bool,
    named_parent: bool,
}

/// Whether `list` is a list of names (a schema's `required`).
fn names(list: &[Followed]) -> bool {
    list.iter()
        .all(|f| matches!(&f.seen, Seen::Scalar(s) if s.is_string()))
}

/// A pair of objects reached through a `$ref` on one side at least, to compare once.
type Pair<'v> = (&'v Value, &'v Value, Vec<String>);

/// The walk over two documents.
struct Walker<'v> {
    file: File,
    /// The documents whose `$ref`s are followed (none for `apiProperties.json`).
    roots: [Option<&'v Value>; 2],
    /// Pairs of objects reached through a `$ref`, by what stands for each side and the
    /// context: each is compared once, where the walk first meets it.
    met: HashSet<(usize, usize, Context)>,
    /// Those pairs, waiting to be compared (breadth first: each difference inside is reported
    /// at the shortest pointer that reaches it).
    waiting: VecDeque<Pair<'v>>,
    out: Vec<Difference>,
}

/// Compares one file. Local `$ref`s are followed on both sides as the walk meets them (not
/// in `apiProperties.json`), and the swagger's root `definitions`, `parameters` and
/// `responses` maps and an OpenAPI document's `components` other than `securitySchemes` are
/// not compared themselves: they only serve as targets of `$ref`s.
///
/// A pair of objects reached through a `$ref` (the original's target and the rebuilt value,
/// in the same context) is compared once, at the first pointer that reaches it, and a pair
/// met again while it is being compared is the same: two recursive schemas are equal when
/// their unrolled trees are, whatever their definitions are named, and a difference inside a
/// shared or recursive schema is reported once, at the shortest pointer that reaches it.
/// Time and memory grow with the pairs of values compared, not with the unrolled documents.
pub fn diff_file(file: File, original: &Value, rebuilt: &Value) -> Vec<Difference> {
    let follows = file != File::Properties;
    let mut w = Walker {
        file,
        roots: [original, rebuilt].map(|r| follows.then_some(r)),
        met: HashSet::new(),
        waiting: VecDeque::new(),
        out: Vec::new(),
    };
    w.walk(Some(original), Some(rebuilt), &mut Vec::new());
    while let Some((a, b, mut at)) = w.waiting.pop_front() {
        let (x, y) = (w.follow(0, a), w.follow(1, b));
        w.objects(x, y, &mut at);
    }
    w.out
}

impl<'v> Walker<'v> {
    fn follow(&self, side: usize, v: &'v Value) -> Followed<'v> {
        follow(self.roots[side], v, &mut Vec::new())
    }

    fn walk(&mut self, a: Option<&'v Value>, b: Option<&'v Value>, at: &mut Vec<String>) {
        let (Some(a), Some(b)) = (a, b) else {
            if a.is_some() || b.is_some() {
                self.report(at, a, b);
            }
            return;
        };
        let (x, y) = (self.follow(0, a), self.follow(1, b));
        let last = at.last().map(String::as_str);
        match (&x.seen, &y.seen) {
            (Seen::Object(_), Seen::Object(_)) if x.via_ref || y.via_ref => {
                if self.met.insert((x.id, y.id, context(at))) {
                    self.waiting.push_back((a, b, at.clone()));
                }
            }
            (Seen::Object(_), Seen::Object(_)) => self.objects(x, y, at),
            (Seen::Array(p), Seen::Array(q)) if last == Some("parameters") => {
                self.parameters(p, q, at)
            }
            (Seen::Array(p), Seen::Array(q)) if last == Some("required") => {
                let (p, q) = (self.names(0, p), self.names(1, q));
                match (p, q) {
                    (Some(p), Some(q)) => self.list(&p, &q, at),
                    _ => self.same_length(a, b, at),
                }
            }
            (Seen::Array(_), Seen::Array(_)) => self.same_length(a, b, at),
            (Seen::Scalar(p), Seen::Scalar(q)) if p == q => {}
            _ => self.report(at, Some(a), Some(b)),
        }
    }

    /// Two lists compared item by item when they are as long, else reported whole.
    fn same_length(&mut self, a: &'v Value, b: &'v Value, at: &mut Vec<String>) {
        let (Seen::Array(p), Seen::Array(q)) = (self.follow(0, a).seen, self.follow(1, b).seen)
        else {
            return self.report(at, Some(a), Some(b));
        };
        if p.len() != q.len() {
            return self.report(at, Some(a), Some(b));
        }
        let (p, q): (Vec<&Value>, Vec<&Value>) = (p.iter().collect(), q.iter().collect());
        self.list(&p, &q, at)
    }

    fn list(&mut self, p: &[&'v Value], q: &[&'v Value], at: &mut Vec<String>) {
        for i in 0..p.len().max(q.len()) {
            at.push(i.to_string());
            self.walk(p.get(i).copied(), q.get(i).copied(), at);
            at.pop();
        }
    }

    /// A list of names sorted (a schema's `required` is a set), or none when it is not one.
    fn names(&self, side: usize, list: &'v [Value]) -> Option<Vec<&'v Value>> {
        let followed: Vec<Followed> = list.iter().map(|v| self.follow(side, v)).collect();
        if !names(&followed) {
            return None;
        }
        let text = |f: &Followed| match &f.seen {
            Seen::Scalar(s) => s.as_str().unwrap_or("").to_owned(),
            _ => String::new(),
        };
        let mut pairs: Vec<(String, &Value)> = followed.iter().map(text).zip(list.iter()).collect();
        pairs.sort_by(|p, q| p.0.cmp(&q.0));
        Some(pairs.into_iter().map(|(_, v)| v).collect())
    }

    fn objects(&mut self, x: Followed<'v>, y: Followed<'v>, at: &mut Vec<String>) {
        let (Seen::Object(p), Seen::Object(q)) = (x.seen, y.seen) else {
            return;
        };
        let p: BTreeMap<&str, &Value> = p.into_iter().collect();
        let q: BTreeMap<&str, &Value> = q.into_iter().collect();
        let root = at.is_empty() && self.file != File::Properties;
        let keys: BTreeSet<&str> = p.keys().chain(q.keys()).copied().collect();
        for k in keys {
            if root && ["definitions", "parameters", "responses"].contains(&k) {
                continue;
            }
            at.push(k.to_owned());
            let (u, v) = (self.present(0, &p, k, root), self.present(1, &q, k, root));
            if root && k == "components" {
                self.components(u, v, at);
            } else {
                self.walk(u, v, at);
            }
            at.pop();
        }
    }

    /// The value at `key`, `None` when it is absent or an empty container that means absence
    /// (or `additionalProperties: true`).
    fn present(
        &self,
        side: usize,
        map: &BTreeMap<&str, &'v Value>,
        key: &str,
        root: bool,
    ) -> Option<&'v Value> {
        let v = *map.get(key)?;
        let empty_means_absent =
            EMPTY_IS_ABSENT.contains(&key) || (root && EMPTY_AT_ROOT_IS_ABSENT.contains(&key));
        if !empty_means_absent {
            return Some(v);
        }
        let empty = match &self.follow(side, v).seen {
            Seen::Object(e) => e.is_empty(),
            Seen::Array(l) => l.is_empty(),
            Seen::Scalar(s) => key == "additionalProperties" && **s == Value::Bool(true),
        };
        (!empty).then_some(v)
    }

    /// An OpenAPI document's `components`, of which only `securitySchemes` is compared:
    /// security requirements name its entries, never a `$ref`.
    fn components(&mut self, u: Option<&'v Value>, v: Option<&'v Value>, at: &mut Vec<String>) {
        let schemes = |side: usize, c: Option<&'v Value>| -> Option<Option<&'v Value>> {
            match c.map(|c| self.follow(side, c).seen) {
                None => Some(None),
                Some(Seen::Object(e)) => {
                    Some(e.iter().find(|(k, _)| *k == "securitySchemes").map(|e| e.1))
                }
                Some(_) => None,
            }
        };
        match (schemes(0, u), schemes(1, v)) {
            (Some(Some(s)), Some(Some(t))) => {
                at.push("securitySchemes".into());
                self.walk(Some(s), Some(t), at);
                at.pop();
            }
            (Some(None), Some(None)) => {}
            (Some(s), Some(t)) => {
                let shown = |side: usize, s: Option<&'v Value>| {
                    s.map(|s| {
                        let mut text = "{\"securitySchemes\":".to_owned();
                        self.render(side, s, &mut text);
                        text.push('}');
                        shorten(text)
                    })
                    .unwrap_or_else(|| "(none)".into())
                };
                let (before, after) = (shown(0, s), shown(1, t));
                self.push(at, s.is_some(), t.is_some(), before, after);
            }
            // Not a map on one side: compared as any other value.
            _ => self.walk(u, v, at),
        }
    }

    /// Parameters are matched by `name` and `in`; their order is compared on its own.
    fn parameters(&mut self, x: &'v [Value], y: &'v [Value], at: &mut Vec<String>) {
        let key = |side: usize, p: &'v Value| {
            let field = |name: &str| match &self.follow(side, p).seen {
                Seen::Object(e) => e
                    .iter()
                    .find(|(k, _)| *k == name)
                    .and_then(|(_, v)| v.as_str())
                    .unwrap_or("")
                    .to_owned(),
                _ => String::new(),
            };
            format!("{}/{}", field("in"), field("name"))
        };
        let keys_a: Vec<String> = x.iter().map(|p| key(0, p)).collect();
        let keys_b: Vec<String> = y.iter().map(|q| key(1, q)).collect();
        let mut common_a = Vec::new();
        for (i, p) in x.iter().enumerate() {
            at.push(i.to_string());
            let k = &keys_a[i];
            let q = keys_b.iter().position(|kb| kb == k).map(|j| &y[j]);
            if q.is_some() {
                common_a.push(k.clone());
            }
            self.walk(Some(p), q, at);
            at.pop();
        }
        for (j, q) in y.iter().enumerate() {
            if !keys_a.contains(&keys_b[j]) {
                at.push(format!("+{j}"));
                self.walk(None, Some(q), at);
                at.pop();
            }
        }
        let common_b: Vec<&String> = keys_b.iter().filter(|k| common_a.contains(k)).collect();
        if common_a.iter().collect::<Vec<_>>() != common_b {
            at.push("(order)".into());
            self.out.push(Difference {
                class: "parameters-order".into(),
                file: self.file,
                pointer: pointer(at),
                kind: Kind::Changed,
                before: common_a.join(","),
                after: keys_b.join(","),
            });
            at.pop();
        }
    }

    fn report(&mut self, at: &[String], a: Option<&'v Value>, b: Option<&'v Value>) {
        let (before, after) = (self.short(0, a), self.short(1, b));
        self.push(at, a.is_some(), b.is_some(), before, after);
    }

    fn push(&mut self, at: &[String], a: bool, b: bool, before: String, after: String) {
        let kind = match (a, b) {
            (true, false) => Kind::Missing,
            (false, true) => Kind::Added,
            _ => Kind::Changed,
        };
        self.out.push(Difference {
            class: class_of(at),
            file: self.file,
            pointer: pointer(at),
            kind,
            before,
            after,
        });
    }

    /// A value as compact JSON with its `$ref`s followed, shortened to 100 characters.
    fn short(&self, side: usize, v: Option<&'v Value>) -> String {
        match v {
            None => "(none)".into(),
            Some(v) => {
                let mut text = String::new();
                self.render(side, v, &mut text);
                shorten(text)
            }
        }
    }

    /// Writes `v` as compact JSON with its `$ref`s followed, stopping soon after the text
    /// passes what [`shorten`] keeps (a recursive schema would never end).
    fn render(&self, side: usize, v: &'v Value, out: &mut String) {
        if out.len() > RENDERED {
            return;
        }
        match self.follow(side, v).seen {
            Seen::Scalar(s) => out.push_str(&s.to_string()),
            Seen::Array(list) => {
                out.push('[');
                for (i, item) in list.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    self.render(side, item, out);
                    if out.len() > RENDERED {
                        return;
                    }
                }
                out.push(']');
            }
            Seen::Object(entries) => {
                out.push('{');
                for (i, (k, item)) in entries.into_iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&Value::String(k.to_owned()).to_string());
                    out.push(':');
                    self.render(side, item, out);
                    if out.len() > RENDERED {
                        return;
                    }
                }
                out.push('}');
            }
        }
    }
}

/// How many characters of a value a difference shows.
const SHOWN: usize = 100;
/// Bytes of text past which rendering stops: more than [`SHOWN`] characters of any width.
const RENDERED: usize = SHOWN * 4 + 4;

fn shorten(text: String) -> String {
    if text.chars().count() > SHOWN {
        format!("{}…", text.chars().take(SHOWN).collect::<String>())
    } else {
        text
    }
}

fn pointer(at: &[String]) -> String {
    at.iter()
        .map(|s| format!("/{}", s.replace('~', "~0").replace('/', "~1")))
        .collect()
}

/// The class of a pointer: the first `x-` or sticky key on it, else its last keyword (a
/// segment that is neither a list index nor a name in an author-named map).
pub fn class_of(at: &[String]) -> String {
    context(at).class
}

/// The class so far along `at`, whether it is settled (an `x-` or sticky key) and whether the
/// next segment is a name.
fn context(at: &[String]) -> Context {
    let mut last = "document".to_owned();
    let mut named_parent = false;
    for (i, seg) in at.iter().enumerate() {
        let is_name = named_parent || seg.parse::<usize>().is_ok() || seg.starts_with('+');
        // The root `properties` of apiProperties.json is a keyword, not a schema's properties.
        let keyword_named_map =
            NAMED_MAPS.contains(&seg.as_str()) && !(i == 0 && seg == "properties");
        if !is_name {
            if seg.starts_with("x-") || STICKY.contains(&seg.as_str()) {
                return Context {
                    class: seg.clone(),
                    settled: true,
                    named_parent: false,
                };
            }
            last = seg.clone();
        }
        named_parent = !is_name && keyword_named_map;
    }
    Context {
        class: last,
        settled: false,
        named_parent,
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
