//! The fast reader (`codegen::spec::fast_read`) reads what serde-saphyr reads, to the same values
//! and the same span on every node, or leaves the text to serde-saphyr: on hand-written
//! snippets of every YAML form, on random values written by `codegen::yaml_out` (which the fast
//! reader must all take), and on every spec of the project, as written and as `write_spec`
//! writes it, down to the checker's diagnostics.

use std::fmt::Write;
use std::path::Path;

use codegen::diag::SourceFile;
use codegen::spec::{fast_read, read_spec_by_saphyr, ConnectorSpec, ReadLimits, Spanned};
use proptest::prelude::*;
use serde::Deserialize;
use serde_json::Value;

#[path = "support/hostile_values.rs"]
mod hostile_values;
#[path = "support/project_specs.rs"]
mod project_specs;
use project_specs::{root, SPEC_FOLDERS};

/// Every node of a document with its span.
struct Tree(Spanned<Node>);

enum Node {
    Null,
    Bool(bool),
    Unsigned(u64),
    Signed(i64),
    Float(f64),
    Text(String),
    List(Vec<Tree>),
    Map(Vec<(Tree, Tree)>),
}

impl<'de> Deserialize<'de> for Tree {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Spanned::<Node>::deserialize(d).map(Tree)
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Any;
        impl<'de> serde::de::Visitor<'de> for Any {
            type Value = Node;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("any YAML node")
            }
            fn visit_unit<E>(self) -> Result<Node, E> {
                Ok(Node::Null)
            }
            fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
                Ok(Node::Bool(v))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Node, E> {
                Ok(Node::Unsigned(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
                Ok(Node::Signed(v))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Node, E> {
                Ok(Node::Float(v))
            }
            fn visit_str<E>(self, v: &str) -> Result<Node, E> {
                Ok(Node::Text(v.to_owned()))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut s: A) -> Result<Node, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = s.next_element()? {
                    items.push(item);
                }
                Ok(Node::List(items))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut m: A) -> Result<Node, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = m.next_key()? {
                    entries.push((key, m.next_value()?));
                }
                Ok(Node::Map(entries))
            }
        }
        d.deserialize_any(Any)
    }
}

/// One line per node: its span, then what it is.
fn dump(tree: &Tree, out: &mut String, depth: usize) {
    let s = tree.0.span;
    let _ = write!(
        out,
        "{:depth$}{}:{} @{}+{} ",
        "", s.line, s.column, s.offset, s.len
    );
    match &tree.0.value {
        Node::List(items) => {
            out.push_str("list\n");
            for item in items {
                dump(item, out, depth + 2);
            }
        }
        Node::Map(entries) => {
            out.push_str("map\n");
            for (key, value) in entries {
                dump(key, out, depth + 2);
                dump(value, out, depth + 4);
            }
        }
        Node::Null => out.push_str("null\n"),
        Node::Bool(v) => out.push_str(&format!("{v:?}\n")),
        Node::Unsigned(v) => out.push_str(&format!("u{v}\n")),
        Node::Signed(v) => out.push_str(&format!("i{v}\n")),
        Node::Float(v) => out.push_str(&format!("f{v:?}\n")),
        Node::Text(v) => out.push_str(&format!("{v:?}\n")),
    }
}

fn dumped(tree: Tree) -> String {
    let mut out = String::new();
    dump(&tree, &mut out, 0);
    out
}

/// serde-saphyr with the options `read_spec` gives it.
fn saphyr_options() -> serde_saphyr::Options {
    let mut options = serde_saphyr::Options::default();
    options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::PassThrough;
    options
}

/// Whether the fast reader took `text`; an error when it read something serde-saphyr reads
/// otherwise or refuses.
fn same_tree(text: &str) -> Result<bool, String> {
    let Some(fast) = fast_read::<Tree>(text, &ReadLimits::default()) else {
        return Ok(false);
    };
    let fast = dumped(fast);
    match serde_saphyr::from_str_with_options::<Tree>(text, saphyr_options()) {
        Ok(slow) => {
            let slow = dumped(slow);
            if slow == fast {
                return Ok(true);
            }
            let at = slow.lines().zip(fast.lines()).position(|(a, b)| a != b);
            let line = |dump: &str| at.and_then(|i| dump.lines().nth(i)).map(str::to_owned);
            Err(format!(
                "{:?}\n  serde-saphyr: {:?}\n  fast reader:  {:?}",
                shortened(text),
                line(&slow),
                line(&fast)
            ))
        }
        Err(e) => Err(format!(
            "{:?}: serde-saphyr refuses it ({e}), the fast reader took it",
            shortened(text)
        )),
    }
}

/// At most the first 2,000 bytes of `text`, for a failure's message.
fn shortened(text: &str) -> &str {
    let mut end = text.len().min(2_000);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Snippets of each form the fast reader takes, each of which it must take.
const TAKEN: &[&str] = &[
    "a: b\n",
    "a: b",
    "# lead\n\na: b  # trailing\n\n# end\n",
    "title: Synthetic\nversion: \"1.0.0\"\nn: 12\nneg: -3\nf: 1.5\nb: true\ne: ~\nq: 'it''s'\n",
    "words: [yes, No, ON, off, y, N, null, Null, NULL, nan, inf]\n",
    "list:\n  - a\n  - b: c\n    d: e\n  - [x, \"y\", 3]\n",
    "list:\n- a\n- b\nnext: c\n",
    "deep:\n  - - a\n    - b\n  - - c\n",
    "flow: []\nfm: {}\nafter: x\n",
    "auth:\n  api_key: { name: X-Key, in: header, key: \"the key\", prefix: 'Key ' }\n",
    "m: {a: {b: [c, {d: e}]}, f: [], g: {}}\nl: [[a, b], {k: v}, 1:30, a:b]\n",
    "m: { description: Who signs in., required: true, n: 3 }\n",
    "nested:\n  deep:\n    k: v\nback: 1\n",
    "lit: |\n  line one\n    more\n  end\nnext: x\n",
    "lit: |-\n  one\n\n  two\nnext: x\n",
    "lit: |+\n  one\n\n\nnext: x\n",
    "lit: |2\n    indented first\n  then\nnext: x\n",
    "list:\n  - k: |\n      in a list\n    j: 2\n",
    "list:\n- >-\n  folded in a list\n  entry\n- |2\n    indented\n- x\n",
    "lit: |\n\n  first after an empty line\nnext: x\n",
    "lit: |\n \n\n  first after lines of spaces\nnext: x\n",
    "lit: |\n  a\n    \n  b\nnext: x\n",
    "lit: |\n  a\n \n  b\nnext: x\n",
    "lit: |\n  a\n  \t\n  \tb\nnext: x\n",
    "lit: |+\n  a\n \n\nnext: x\n",
    "lit: |2\n\n    x\n   \nnext: x\n",
    "fold: >\n\n  a\n \n  b\n",
    "fold: >-\n  folded text\n  continues here\n\n  para\n",
    "fold: >\n  a\n  b\n\n\n  c\n",
    "last: \"esc \\u00e9 \\n \\x41 \\\\ \\\" \\t \\/ \\N \\_ \\L \\P \\U0001F600\"\n",
    "ünï: ü\nkey: 字 words 😀\n",
    "\"quoted key\": 1\n'single': 2\n\"a\\tb\": 3\n",
    "url: https://example.com/a?b=c#frag\nrequest: GET /items/{id}\n",
    "colon: a:b\nhash: a#b\ndash: -word\nq: ?x\n",
    "on_own_line:\n  just a scalar\nother: 1\n",
    "k:    spaced   \n",
    "a:\n  b:\n    c:\n      - d\n      - e: f\n        g: [h]\n",
    "big: 18446744073709551615\nsmall: -9223372036854775808\nzero: 0\nminus_zero: -0\n",
    "long: 0.000001\nneg: -2.5\nexp: 1.5e-16\nbig: 2E+5\npoint: 3.\n",
    "dup: 1\ndup: 2\n",
];

#[test]
fn each_taken_snippet_matches_serde_saphyr() {
    for text in TAKEN {
        match same_tree(text) {
            Ok(true) => {}
            Ok(false) => panic!("the fast reader left {text:?} to serde-saphyr"),
            Err(e) => panic!("{e}"),
        }
    }
}

/// Forms left to serde-saphyr, and YAML mistakes: whatever the fast reader does with them, it
/// never reads them otherwise than serde-saphyr.
const OTHERS: &[&str] = &[
    "",
    "# only a comment\n",
    "- a\n- b\n",
    "scalar\n",
    "a: &x 1\nb: *x\n",
    "a: !tag b\n",
    "a: b\n  c\n",
    "a: \"b\n  c\"\n",
    "a: \"b\\\n  c\"\n",
    "\"a\\\nb\": c\n\"d\": e\n",
    "a: {b: c\n",
    "a: {b}\n",
    "a: {b: c,}\n",
    "a: {b:c}\n",
    "a: {? b: c}\n",
    "a:\n",
    "a:\nb: c\n",
    "---\na: b\n",
    "a: b\n...\n",
    "%YAML 1.2\n---\na: b\n",
    "a:\tb\n",
    "a:\n\t- b\n",
    "a: b\r\nc: d\r\n",
    "\u{feff}a: b\n",
    "a: b: c\n",
    "a: - b\n",
    "a: 'unclosed\n",
    "a: \"bad \\q escape\"\n",
    "a: [b, [c]]\n",
    "a: [b,\n  c]\n",
    "a: 0x1F\nb: 1e3\nc: .inf\nd: +1\ne: 007\nf: 1_000\n",
    "a: |\n\n  leading empty\n",
    "a: |\n  \n  spaces-only line\n",
    "a: >\n  a\n    more indented\n",
    "a: b\n b: c\n",
    "a:\n  - b\n   - c\n",
    "a: b #c\n",
    "a: b#c\n",
    "? a\n: b\n",
    "a: \u{1}\n",
    "a: x\u{85}y\n",
    "a: [,]\n",
    "a: []x\n",
    "a: \"x\"y\n",
    "a: |\n  text\n b: c\n",
    "- a: b\n",
];

#[test]
fn other_snippets_are_never_read_otherwise() {
    for text in OTHERS.iter().chain(TAKEN) {
        if let Err(e) = same_tree(text) {
            panic!("{e}");
        }
        // Cut anywhere, a snippet must still not be read otherwise.
        for cut in 0..text.len() {
            if let Some(prefix) = text.get(..cut) {
                if let Err(e) = same_tree(prefix) {
                    panic!("{e}");
                }
            }
        }
    }
}

/// `value` under a key, as the spec writer lays it out.
fn written(value: &Value) -> String {
    let doc = serde_json::json!({ "root": value, "after": [value, "x"] });
    codegen::yaml_out::to_string(&doc, Some(codegen::spec::one_line_list)).expect("writes")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3_000))]

    /// What the spec writer writes, the fast reader reads as serde-saphyr does.
    #[test]
    fn written_random_values_match_serde_saphyr(value in hostile_values::value()) {
        let text = written(&value);
        let taken = same_tree(&text).map_err(TestCaseError::fail)?;
        prop_assert!(taken || leaves_to_saphyr(&text), "left to serde-saphyr: {text:?}");
    }
}

/// What the fast reader does not take from the writer's text: raw tabs where a block scalar's
/// line starts (indentation or content, a reader must tell them apart), a block scalar's
/// lines of spaces only or empty lines before its first, and more indented lines in a folded one.
fn leaves_to_saphyr(text: &str) -> bool {
    text.contains("\n\t")
        || text
            .lines()
            .any(|l| l.trim_start_matches(' ').starts_with('\t'))
        || text.lines().any(|l| !l.is_empty() && l.trim().is_empty())
        || text.contains("|\n\n")
        || text.contains("|-\n\n")
        || text.contains("|+\n\n")
        || text.contains("|2")
        || text.contains(">2")
}

/// Reads `text` both ways; whether the fast reader took it. When it did, the models, every
/// node's span and the checker's diagnostics must be the same.
fn same_spec(path: &Path, text: String) -> bool {
    let limits = ReadLimits::default();
    let Some(fast) = fast_read::<ConnectorSpec>(&text, &limits) else {
        return false;
    };
    match same_tree(&text) {
        Ok(true) => {}
        Ok(false) => panic!("{}: the spec is taken but not its tree", path.display()),
        Err(e) => panic!("{}: {e}", path.display()),
    }
    let file = SourceFile::new(path.to_path_buf(), text);
    let slow = read_spec_by_saphyr(&file, &limits).unwrap_or_else(|_| {
        panic!(
            "{}: serde-saphyr refuses what the fast reader took",
            path.display()
        )
    });
    assert_eq!(
        format!("{fast:?}"),
        format!("{slow:?}"),
        "{}",
        path.display()
    );
    let id = codegen::connector_id(path);
    let fast_checked = codegen::check_read(&fast, &file, &id);
    let slow_checked = codegen::check_read(&slow, &file, &id);
    assert_eq!(
        format!("{:?}", fast_checked.diagnostics),
        format!("{:?}", slow_checked.diagnostics),
        "{}",
        path.display()
    );
    assert_eq!(
        fast_checked.connector,
        slow_checked.connector,
        "{}",
        path.display()
    );
    true
}

/// Every spec of the project as written, and as `write_spec` writes its model: the fast reader
/// must take all but broken ones, and every written one.
#[test]
fn project_specs_read_the_same() {
    let (mut count, mut taken, mut rewritten) = (0, 0, 0);
    for dir in SPEC_FOLDERS {
        let dir = root().join(dir);
        for path in codegen::spec_files(std::slice::from_ref(&dir)).expect("spec folder") {
            let text = std::fs::read_to_string(&path).expect("spec text");
            count += 1;
            if same_spec(&path, text.clone()) {
                taken += 1;
            } else {
                // Only the specs that show a reading mistake or a checker's error may be left.
                assert!(
                    dir.ends_with("tests/diagnostics"),
                    "{}: left to serde-saphyr",
                    path.display()
                );
            }
            let file = SourceFile::new(path.clone(), text);
            let Ok(spec) = read_spec_by_saphyr(&file, &ReadLimits::default()) else {
                continue;
            };
            let again = codegen::spec::write_spec(&spec).expect("writes");
            assert!(
                same_spec(&path, again.clone()),
                "{}: the fast reader left the written spec to serde-saphyr:\n{again}",
                path.display()
            );
            rewritten += 1;
        }
    }
    println!("{taken} of {count} specs taken as written; {rewritten} taken as rewritten");
    assert!(count >= 20 && rewritten >= 20, "only {count} specs");
    assert!(
        taken * 10 >= count * 8,
        "only {taken} of {count} taken as written"
    );
}
