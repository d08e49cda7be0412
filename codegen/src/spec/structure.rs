//! Structural validation of a spec against the language's JSON Schema, on a generic YAML tree.
//!
//! serde stops at the first unknown key or wrongly shaped value. When that happens, this pass
//! walks the whole document against the schema generated from the same model and reports every
//! structural mistake at once, each at its own line and column.

use std::fmt;
use std::sync::{Arc, OnceLock};

use serde::de::{MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use super::span::{Span, Spanned};
use crate::diag::{did_you_mean, Code, Diagnostic, SourceFile};

/// A YAML node with the span of every value and key.
#[derive(Debug)]
enum Node {
    Null,
    Bool,
    Int(i128),
    Float,
    Str,
    Seq(Vec<Spanned<Node>>),
    Map(Vec<(Spanned<Node>, Spanned<Node>)>),
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NodeVisitor;

        impl<'de> Visitor<'de> for NodeVisitor {
            type Value = Node;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any YAML value")
            }
            fn visit_unit<E>(self) -> Result<Node, E> {
                Ok(Node::Null)
            }
            fn visit_none<E>(self) -> Result<Node, E> {
                Ok(Node::Null)
            }
            fn visit_bool<E>(self, _: bool) -> Result<Node, E> {
                Ok(Node::Bool)
            }
            fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
                Ok(Node::Int(v.into()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Node, E> {
                Ok(Node::Int(v.into()))
            }
            fn visit_i128<E>(self, v: i128) -> Result<Node, E> {
                Ok(Node::Int(v))
            }
            fn visit_f64<E>(self, _: f64) -> Result<Node, E> {
                Ok(Node::Float)
            }
            fn visit_str<E>(self, _: &str) -> Result<Node, E> {
                Ok(Node::Str)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<Spanned<Node>>()? {
                    items.push(item);
                }
                Ok(Node::Seq(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key::<Spanned<Node>>()? {
                    entries.push((key, map.next_value::<Spanned<Node>>()?));
                }
                Ok(Node::Map(entries))
            }
        }

        deserializer.deserialize_any(NodeVisitor)
    }
}

fn key_text<'t>(key: &Spanned<Node>, text: &'t str) -> &'t str {
    let span = key.span;
    let raw = text.get(span.start()..span.end()).unwrap_or("");
    raw.trim_matches(|c| c == '"' || c == '\'')
}

fn schema() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        serde_json::to_value(schemars::schema_for!(super::ConnectorSpec))
            .unwrap_or(Value::Bool(true))
    })
}

/// Finds every structural mistake in `file`; empty when the tree itself could not be read.
pub(crate) fn structural_diagnostics(
    file: &Arc<SourceFile>,
    options: serde_saphyr::Options,
) -> Vec<Diagnostic> {
    let Ok(root) = serde_saphyr::from_str_with_options::<Spanned<Node>>(&file.text, options) else {
        return Vec::new();
    };
    let mut walker = Walker {
        file,
        root_schema: schema(),
        found: Vec::new(),
    };
    // An empty document is an empty mapping that lacks every required key.
    let root = match root.value {
        Node::Null => Spanned::new(Node::Map(Vec::new()), root.span),
        _ => root,
    };
    walker.validate(&root, schema(), 0);
    walker.found
}

struct Walker<'a> {
    file: &'a Arc<SourceFile>,
    root_schema: &'a Value,
    found: Vec<Diagnostic>,
}

/// What kinds of YAML value a schema accepts.
fn accepts(schema: &Value, node: &Node) -> bool {
    let types: Vec<&str> = match schema.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => return true,
    };
    types.iter().any(|t| match (*t, node) {
        ("null", Node::Null) => true,
        // A YAML plain scalar reads as a string wherever a string is expected.
        ("string", Node::Str | Node::Int(_) | Node::Float | Node::Bool) => true,
        ("integer", Node::Int(_)) => true,
        ("number", Node::Int(_) | Node::Float) => true,
        ("boolean", Node::Bool) => true,
        ("array", Node::Seq(_)) => true,
        ("object", Node::Map(_)) => true,
        _ => false,
    })
}

fn kind_name(node: &Node) -> &'static str {
    match node {
        Node::Null => "nothing",
        Node::Bool => "a boolean",
        Node::Int(_) => "an integer",
        Node::Float => "a number",
        Node::Str => "a string",
        Node::Seq(_) => "a list",
        Node::Map(_) => "a mapping",
    }
}

fn expected_kinds(schema: &Value) -> String {
    let types: Vec<&str> = match schema.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(Value::as_str)
            .filter(|t| *t != "null")
            .collect(),
        _ => Vec::new(),
    };
    let words: Vec<&str> = types
        .iter()
        .map(|t| match *t {
            "object" => "a mapping",
            "array" => "a list",
            "integer" => "a whole number",
            "number" => "a number",
            "boolean" => "true or false",
            _ => "a string",
        })
        .collect();
    if words.is_empty() {
        "another kind of value".into()
    } else {
        words.join(" or ")
    }
}

impl<'a> Walker<'a> {
    fn resolve<'s>(&self, mut schema: &'s Value) -> &'s Value
    where
        'a: 's,
    {
        for _ in 0..16 {
            let Some(reference) = schema.get("$ref").and_then(Value::as_str) else {
                break;
            };
            let name = reference.trim_start_matches("#/$defs/");
            match self.root_schema.get("$defs").and_then(|d| d.get(name)) {
                Some(target) => schema = target,
                None => break,
            }
        }
        schema
    }

    fn report(
        &mut self,
        code: Code,
        span: Span,
        message: String,
        label: &str,
        help: Option<String>,
    ) {
        let mut diagnostic = Diagnostic::error(code, self.file, span, message).with_label(label);
        diagnostic.help = help;
        self.found.push(diagnostic);
    }

    fn validate(&mut self, node: &Spanned<Node>, schema: &Value, depth: usize) {
        if depth > 256 {
            return;
        }
        let schema = self.resolve(schema);
        if let Some(branches) = schema
            .get("anyOf")
            .or_else(|| schema.get("oneOf"))
            .and_then(Value::as_array)
        {
            self.validate_branches(node, branches, depth);
            return;
        }
        if !accepts(schema, &node.value) {
            self.report(
                Code::InvalidValue,
                node.span,
                format!(
                    "expected {}, found {}",
                    expected_kinds(schema),
                    kind_name(&node.value)
                ),
                "wrong kind of value",
                None,
            );
            return;
        }
        if let Some(words) = schema.get("enum").and_then(Value::as_array) {
            self.check_word(node, words.iter().filter_map(Value::as_str).collect());
            return;
        }
        if let Some(word) = schema.get("const").and_then(Value::as_str) {
            self.check_word(node, vec![word]);
            return;
        }
        if let (Node::Int(value), Some(minimum)) =
            (&node.value, schema.get("minimum").and_then(Value::as_f64))
        {
            if (*value as f64) < minimum {
                self.report(
                    Code::InvalidValue,
                    node.span,
                    format!("expected a number of at least {minimum}"),
                    "too small",
                    None,
                );
            }
        }
        match &node.value {
            Node::Map(entries) => self.validate_map(node.span, entries, schema, depth),
            Node::Seq(items) => {
                if let Some(item_schema) = schema.get("items") {
                    for item in items {
                        self.validate(item, item_schema, depth + 1);
                    }
                }
            }
            _ => {}
        }
    }

    fn check_word(&mut self, node: &Spanned<Node>, words: Vec<&str>) {
        let text = self
            .file
            .text
            .get(node.span.start()..node.span.end())
            .unwrap_or("");
        let text = text.trim_matches(|c| c == '"' || c == '\'');
        if !words.contains(&text) {
            let help = match did_you_mean(text, words.iter().copied()) {
                Some(close) => format!(
                    "did you mean `{close}`? expected one of: {}",
                    words.join(", ")
                ),
                None => format!("expected one of: {}", words.join(", ")),
            };
            self.report(
                Code::InvalidValue,
                node.span,
                format!("unknown value `{text}`"),
                "not allowed here",
                Some(help),
            );
        }
    }

    fn validate_map(
        &mut self,
        span: Span,
        entries: &[(Spanned<Node>, Spanned<Node>)],
        schema: &Value,
        depth: usize,
    ) {
        let properties = schema.get("properties").and_then(Value::as_object);
        let additional = schema.get("additionalProperties");
        let text = Arc::clone(self.file);
        for (index, (key, value)) in entries.iter().enumerate() {
            let name = key_text(key, &text.text);
            if properties.is_some() {
                if let Some((first, _)) = entries[..index]
                    .iter()
                    .find(|(k, _)| key_text(k, &text.text) == name)
                {
                    self.report(
                        Code::DuplicateName,
                        key.span,
                        format!("key `{name}` is written twice"),
                        "second time",
                        None,
                    );
                    if let Some(last) = self.found.last_mut() {
                        last.related.push(crate::diag::Related {
                            span: first.span,
                            label: "first time".into(),
                        });
                        last.help = Some("keep one of them".into());
                    }
                    continue;
                }
            }
            match properties.and_then(|p| p.get(name)) {
                Some(property) => self.validate(value, property, depth + 1),
                None => match additional {
                    Some(Value::Bool(false)) => {
                        let valid: Vec<&str> = properties
                            .map(|p| p.keys().map(String::as_str).collect())
                            .unwrap_or_default();
                        let help = match did_you_mean(name, valid.iter().copied()) {
                            Some(close) => format!(
                                "did you mean `{close}`? valid keys here: {}",
                                valid.join(", ")
                            ),
                            None => format!("valid keys here: {}", valid.join(", ")),
                        };
                        let help =
                            super::read::flow_comma_hint(&text.text, key.span).unwrap_or(help);
                        self.report(
                            Code::UnknownKey,
                            key.span,
                            format!("unknown key `{name}`"),
                            "not a key of this mapping",
                            Some(help),
                        );
                    }
                    Some(value_schema @ Value::Object(_)) => {
                        self.validate(value, value_schema, depth + 1)
                    }
                    _ => {}
                },
            }
        }
        if let Some(required) = schema.get("required").and_then(Value::as_array) {
            for name in required.iter().filter_map(Value::as_str) {
                if !entries.iter().any(|(k, _)| key_text(k, &text.text) == name) {
                    self.report(
                        Code::MissingKey,
                        span,
                        format!("missing required key `{name}`"),
                        &format!("this mapping needs `{name}`"),
                        None,
                    );
                }
            }
        }
    }

    fn validate_branches(&mut self, node: &Spanned<Node>, branches: &[Value], depth: usize) {
        let resolved: Vec<&Value> = branches.iter().map(|b| self.resolve(b)).collect();
        if matches!(node.value, Node::Null) && resolved.iter().any(|b| accepts_null(b)) {
            return;
        }
        match WordEnum::of(&resolved) {
            Some(words) => self.validate_word_enum(node, &words, depth),
            None => self.validate_shorthand(node, &resolved, depth),
        }
    }

    /// A value of an enum written as a word (`none`) or a one-key mapping (`bearer: {…}`).
    fn validate_word_enum(&mut self, node: &Spanned<Node>, words: &WordEnum, depth: usize) {
        let all = words.all();
        match &node.value {
            Node::Map(entries) if entries.len() == 1 => {
                let text = Arc::clone(self.file);
                let name = key_text(&entries[0].0, &text.text);
                match words.variant(name) {
                    Some(branch) => self.validate(node, branch, depth + 1),
                    None if words.words.contains(&name) => self.report(
                        Code::InvalidValue,
                        entries[0].0.span,
                        format!("`{name}` takes no settings"),
                        "written as a mapping",
                        Some(format!("write it as the plain word `{name}`")),
                    ),
                    None => self.unknown_variant(&entries[0].0, name, &all),
                }
            }
            Node::Map(entries) => self.report(
                Code::InvalidValue,
                node.span,
                format!(
                    "expected exactly one of {}, found {} keys",
                    all.join(", "),
                    entries.len()
                ),
                "one key says which kind",
                None,
            ),
            Node::Str | Node::Int(_) | Node::Bool | Node::Float => {
                self.validate_word(node, words, &all)
            }
            other => self.report(
                Code::InvalidValue,
                node.span,
                format!(
                    "expected one of {} (a word, or a mapping with one of them as its only key), \
                     found {}",
                    all.join(", "),
                    kind_name(other)
                ),
                "wrong kind of value",
                None,
            ),
        }
    }

    /// A scalar where a word of the enum is expected: a known word, or a variant that needs
    /// settings, or an unknown word.
    fn validate_word(&mut self, node: &Spanned<Node>, words: &WordEnum, all: &[&str]) {
        let text = Arc::clone(self.file);
        let word = text
            .text
            .get(node.span.start()..node.span.end())
            .unwrap_or("");
        let word = word.trim_matches(|c| c == '"' || c == '\'');
        if let Some(branch) = words.variant(word) {
            let settings = self.required_settings(branch, word);
            self.report(
                Code::InvalidValue,
                node.span,
                format!("`{word}` needs settings"),
                "a word alone is not enough",
                Some(format!("write `{word}: {{ {settings} }}`")),
            );
        } else if !words.words.contains(&word) {
            self.unknown_variant(node, word, all);
        }
    }

    /// Shorthand unions (`TypeDef`, `Identity`, …): the node's kind picks the branch.
    fn validate_shorthand(&mut self, node: &Spanned<Node>, resolved: &[&Value], depth: usize) {
        match resolved.iter().find(|b| {
            accepts(b, &node.value) && !accepts_null(b)
                || matches!(node.value, Node::Null) && accepts(b, &node.value)
        }) {
            Some(branch) => self.validate(node, branch, depth + 1),
            None => {
                let kinds: Vec<String> = resolved
                    .iter()
                    .filter(|b| !accepts_null(b))
                    .map(|b| expected_kinds(b))
                    .collect();
                self.report(
                    Code::InvalidValue,
                    node.span,
                    format!(
                        "expected {}, found {}",
                        kinds.join(" or "),
                        kind_name(&node.value)
                    ),
                    "wrong kind of value",
                    None,
                );
            }
        }
    }

    /// `param: …, next: …` for the required keys of a tagged variant's settings.
    fn required_settings(&self, branch: &Value, name: &str) -> String {
        let inner = branch
            .get("properties")
            .and_then(|p| p.get(name))
            .map(|s| self.resolve(s));
        let required: Vec<String> = inner
            .and_then(|s| s.get("required"))
            .and_then(Value::as_array)
            .map(|r| {
                r.iter()
                    .filter_map(Value::as_str)
                    .map(|k| format!("{k}: …"))
                    .collect()
            })
            .unwrap_or_default();
        if required.is_empty() {
            "…".into()
        } else {
            required.join(", ")
        }
    }

    fn unknown_variant(&mut self, at: &Spanned<Node>, name: &str, all: &[&str]) {
        let help = match did_you_mean(name, all.iter().copied()) {
            Some(close) => format!(
                "did you mean `{close}`? expected one of: {}",
                all.join(", ")
            ),
            None => format!("expected one of: {}", all.join(", ")),
        };
        self.report(
            Code::InvalidValue,
            at.span,
            format!("unknown value `{name}`"),
            "not allowed here",
            Some(help),
        );
    }
}

fn accepts_null(schema: &Value) -> bool {
    match schema.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(ts)) => ts.iter().any(|t| t == "null"),
        _ => false,
    }
}

/// The branches of an enum whose values are words (`const`, `enum`) or externally tagged
/// variants (a mapping with one required key).
struct WordEnum<'a> {
    /// The variants that carry settings, by their key.
    tagged: Vec<(&'a str, &'a Value)>,
    /// The plain words.
    words: Vec<&'a str>,
}

impl<'a> WordEnum<'a> {
    /// The enum the branches make, or `None` when they are a shorthand union instead.
    fn of(resolved: &[&'a Value]) -> Option<Self> {
        let tagged: Vec<(&str, &Value)> = resolved
            .iter()
            .filter_map(|b| {
                let required = b.get("required")?.as_array()?;
                let name = required.first()?.as_str()?;
                (required.len() == 1 && b.get("properties")?.as_object()?.len() == 1)
                    .then_some((name, *b))
            })
            .collect();
        let words: Vec<&str> = resolved
            .iter()
            .filter_map(|b| b.get("const").and_then(Value::as_str))
            .chain(
                resolved
                    .iter()
                    .filter_map(|b| b.get("enum").and_then(Value::as_array))
                    .flatten()
                    .filter_map(Value::as_str),
            )
            .collect();
        let only_words = !words.is_empty()
            && resolved
                .iter()
                .all(|b| b.get("const").is_some() || b.get("enum").is_some());
        (!tagged.is_empty() || only_words).then_some(WordEnum { tagged, words })
    }

    /// The branch of the variant named `name`, when it carries settings.
    fn variant(&self, name: &str) -> Option<&'a Value> {
        self.tagged
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, branch)| *branch)
    }

    /// Every word and variant name, for messages.
    fn all(&self) -> Vec<&'a str> {
        self.words
            .iter()
            .copied()
            .chain(self.tagged.iter().map(|(n, _)| *n))
            .collect()
    }
}
