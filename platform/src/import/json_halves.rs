//! The strict JSON parse of a large document, its `paths` read in two halves on two threads.
//!
//! Nearly all of a large OpenAPI or Swagger document is its `paths` object, and a parse is one
//! core's work while the other idles. A structural scan finds the top-level `paths` member and
//! the comma between its middle members; the text is cut there into three pieces, each valid
//! JSON when the whole is:
//!
//! - the document with `{}` in place of the `paths` object,
//! - `{"":{` the first half of the members `}}`,
//! - `{"":{` the second half of the members `}` (the original closing brace, then one more).
//!
//! When the three parse and both halves hold a member, the whole parses, to the same value. The
//! halves keep the members at the depth they have in the document, so the reader's nesting
//! limit means the same. The halves are parsed on two threads and their members inserted in order
//! into one map, as the reader inserts them: a key given twice keeps its first place and its last
//! value. Whenever the scan finds something it does not expect (no `paths`, `paths` twice, an
//! escaped top-level key, which could be `paths` spelled otherwise) or a piece does not parse, the
//! whole text is parsed in one go instead, so errors and their positions are the reader's own.

use serde_json::{Map, Value};

use super::json_scan::{self, Scan};
use super::openapi31::has_30_rewrite;
use super::repair_scan::schema_needs_repair;

/// Documents shorter than this are parsed in one go: below it the scan and the thread cost
/// about what they save (the 1,000-operation synthetic document, 830 KB, gains a little).
const HALVES_FROM_BYTES: usize = 1 << 18;

/// Parses `text` as strict JSON, exactly as `serde_json::from_str::<Value>` does, with what
/// the pieces' [`json_scan`] met.
pub(crate) fn parse_strict(text: &str) -> Result<(Value, Scan), serde_json::Error> {
    parse_strict_from(text, HALVES_FROM_BYTES)
}

/// [`parse_strict`], splitting from documents of `from_bytes` bytes.
pub(crate) fn parse_strict_from(
    text: &str,
    from_bytes: usize,
) -> Result<(Value, Scan), serde_json::Error> {
    if text.len() >= from_bytes {
        if let Some(cut) = find_cut(text.as_bytes()) {
            if let Some(parsed) = parse_cut(text, &cut) {
                return Ok(parsed);
            }
        }
    }
    json_scan::from_str(text)
}

/// Where the text is cut: the `paths` object spans `paths`, and `comma` separates its halves.
#[derive(Debug, PartialEq, Eq)]
struct Cut {
    /// From the `{` of the `paths` object to just past its `}`.
    paths: std::ops::Range<usize>,
    /// The comma between the middle members of `paths`.
    comma: usize,
}

/// The three pieces parsed, the halves on two threads; `None` when any piece does not parse.
/// The scans of the pieces add up to more than the document holds (the wrappers, a member both
/// halves give), and the two objects put together are scanned again as they end up.
fn parse_cut(text: &str, cut: &Cut) -> Option<(Value, Scan)> {
    let rest = [&text[..cut.paths.start], "{}", &text[cut.paths.end..]].concat();
    let first = [r#"{"":"#, &text[cut.paths.start..cut.comma], "}}"].concat();
    let second = [r#"{"":{"#, &text[cut.comma + 1..cut.paths.end], "}"].concat();
    let ((rest, first), second) = codegen::join::join(
        "import-json-half",
        || {
            let rest = json_scan::from_str(&rest).ok();
            (rest, inner_map(&first))
        },
        || inner_map(&second),
    );
    let ((mut rest, mut scan), (mut paths, first), (second, second_scan)) =
        (rest?, first?, second?);
    // `{"":{}}` parses; `{ , B }` and `{ A , }` do not.
    if paths.is_empty() || second.is_empty() {
        return None;
    }
    for (key, value) in second {
        paths.insert(key, value);
    }
    scan.merge(first);
    scan.merge(second_scan);
    note_joined(&mut scan, &paths);
    let root = rest.as_object_mut()?;
    match root.get_mut("paths") {
        Some(slot) => *slot = Value::Object(paths),
        None => return None,
    }
    note_joined(&mut scan, root);
    Some((rest, scan))
}

/// What an object put together from pieces is, asked of it whole.
fn note_joined(scan: &mut Scan, map: &Map<String, Value>) {
    scan.may_rewrite_30 |= has_30_rewrite(map);
    scan.may_need_repair |= schema_needs_repair(map);
}

/// The object under the empty key of a wrapped half, with the half's scan.
fn inner_map(wrapped: &str) -> Option<(Map<String, Value>, Scan)> {
    match json_scan::from_str(wrapped).ok()? {
        (Value::Object(mut outer), scan) => match outer.swap_remove("")? {
            Value::Object(inner) => Some((inner, scan)),
            _ => None,
        },
        _ => None,
    }
}

/// Scans the text's structure for the cut; `None` when it is not a top-level object with one
/// plainly written `paths` object of at least two members.
fn find_cut(bytes: &[u8]) -> Option<Cut> {
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace())?;
    if bytes[start] != b'{' {
        return None;
    }
    let mut depth = 1usize;
    let mut at = start + 1;
    // At depth 1: whether the next string is a key (after `{` or `,`) rather than a value, and
    // whether the last key read was `paths`.
    let mut key_next = true;
    let mut after_paths_key = false;
    let mut paths_key_seen = false;
    let mut paths_open: Option<usize> = None;
    let mut paths = None;
    let mut commas = Vec::new();
    while at < bytes.len() {
        match bytes[at] {
            b'"' => {
                let end = string_end(bytes, at)?;
                if depth == 1 && key_next {
                    let key = &bytes[at + 1..end - 1];
                    if key.contains(&b'\\') {
                        return None;
                    }
                    after_paths_key = key == b"paths";
                    if after_paths_key {
                        if paths_key_seen {
                            return None;
                        }
                        paths_key_seen = true;
                    }
                    key_next = false;
                }
                at = end;
                continue;
            }
            open @ (b'{' | b'[') => {
                depth += 1;
                if depth == 2 && after_paths_key {
                    if open != b'{' {
                        return None;
                    }
                    paths_open = Some(at);
                }
            }
            b'}' | b']' => {
                depth -= 1;
                if depth == 1 {
                    if let Some(open) = paths_open.take() {
                        paths = Some(open..at + 1);
                    }
                    after_paths_key = false;
                } else if depth == 0 {
                    if bytes[at + 1..].iter().any(|b| !b.is_ascii_whitespace()) {
                        return None;
                    }
                    let comma = *commas.get(commas.len() / 2)?;
                    return Some(Cut {
                        paths: paths?,
                        comma,
                    });
                }
            }
            b',' => {
                if depth == 1 {
                    key_next = true;
                    after_paths_key = false;
                } else if depth == 2 && paths_open.is_some() {
                    commas.push(at);
                }
            }
            _ => {}
        }
        at += 1;
    }
    None
}

/// Just past the closing quote of the string opening at `open`.
fn string_end(bytes: &[u8], open: usize) -> Option<usize> {
    let mut at = open + 1;
    loop {
        at += memchr::memchr2(b'"', b'\\', &bytes[at..])?;
        if bytes[at] == b'"' {
            return Some(at + 1);
        }
        // A backslash escapes the byte after it; `\uXXXX` goes on with hex digits.
        at += 2;
        if at > bytes.len() {
            return None;
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::import::test_rng::Lcg;

    use super::*;

    /// What the reader in one go gives: the value written out (member order included; two
    /// maps compare equal in any order) or the error's text (with its line and column).
    fn in_one_go(text: &str) -> Result<String, String> {
        serde_json::from_str::<Value>(text)
            .map(|v| v.to_string())
            .map_err(|e| e.to_string())
    }

    fn in_halves(text: &str) -> Result<String, String> {
        parse_strict_from(text, 0)
            .map(|(v, _)| v.to_string())
            .map_err(|e| e.to_string())
    }

    /// A string with what trips a scan: quotes, backslashes, brackets and commas inside it,
    /// escapes and text beyond ASCII.
    fn tricky(rng: &mut Lcg) -> String {
        const PARTS: &[&str] = &[
            "a", "paths", r#"\""#, r"\\", "{", "}", "[", "]", ",", ":", r"\u0041", r"\n", "é",
            "😀", r#"\"}"#, r#"\\\""#,
        ];
        (0..rng.below(6))
            .map(|_| PARTS[rng.below(PARTS.len())])
            .collect()
    }

    fn value(rng: &mut Lcg, depth: usize) -> String {
        let space = |rng: &mut Lcg| [" ", "", "\n  ", "\t"][rng.below(4)];
        match if depth > 3 {
            rng.below(4)
        } else {
            rng.below(7)
        } {
            0 => format!("\"{}\"", tricky(rng)),
            1 => ["1", "-2.5e3", "true", "null", "0.1"][rng.below(5)].to_owned(),
            2 => "[]".to_owned(),
            3 => "{}".to_owned(),
            4 | 5 => {
                let members: Vec<String> = (0..1 + rng.below(3))
                    .map(|_| {
                        let s = space(rng);
                        format!("{s}\"{}\"{s}:{s}{}", tricky(rng), value(rng, depth + 1))
                    })
                    .collect();
                format!("{{{}}}", members.join(","))
            }
            _ => {
                let items: Vec<String> = (0..1 + rng.below(3))
                    .map(|_| value(rng, depth + 1))
                    .collect();
                format!("[{}]", items.join(&format!(",{}", space(rng))))
            }
        }
    }

    /// An OpenAPI-like document: other members around `paths`, path items with tricky content,
    /// some keys repeated (within a half and across the halves).
    fn document(rng: &mut Lcg) -> String {
        let items: Vec<String> = (0..2 + rng.below(12))
            .map(|_| {
                let key = match rng.below(5) {
                    0 => "/same".to_owned(),
                    _ => format!("/p{}{}", rng.below(1000), tricky(rng)),
                };
                format!("\"{key}\": {}", value(rng, 2))
            })
            .collect();
        let paths = format!("{{\n{}\n}}", items.join(",\n"));
        let mut members = vec![
            format!("\"openapi\": \"3.0.{}\"", rng.below(4)),
            format!("\"info\": {}", value(rng, 1)),
            format!("\"paths\": {paths}"),
            format!("\"components\": {}", value(rng, 1)),
        ];
        if rng.below(3) == 0 {
            members.swap(2, 3);
        }
        if rng.below(4) == 0 {
            members.push(format!("\"x-{}\": {}", tricky(rng), value(rng, 1)));
        }
        format!(
            "{}{{{}}}{}",
            [" ", ""][rng.below(2)],
            members.join(","),
            ["\n", ""][rng.below(2)]
        )
    }

    /// Generated documents, and each of them damaged: read in halves, every one gives what the
    /// reader in one go gives, value or error; and the halves are taken for most valid ones.
    #[test]
    fn the_halves_read_what_one_go_reads() {
        let mut rng = Lcg(11);
        let (mut cut, mut valid, mut damaged) = (0, 0, 0);
        for case in 0..3000 {
            let text = document(&mut rng);
            let expected = in_one_go(&text);
            assert!(expected.is_ok(), "case {case}: {text}\n{expected:?}");
            assert_eq!(in_halves(&text), expected, "case {case}: {text}");
            covers(&text, case);
            valid += 1;
            if find_cut(text.as_bytes()).is_some() {
                cut += 1;
            }
            // One byte changed, inserted or removed, at a structural place more often than not.
            let mut bytes = text.clone().into_bytes();
            let at = rng.below(bytes.len());
            let byte = b"{}[],:\"\\ x1"[rng.below(11)];
            match rng.below(3) {
                0 => bytes[at] = byte,
                1 => bytes.insert(at, byte),
                _ => {
                    bytes.remove(at);
                }
            }
            let Ok(broken) = String::from_utf8(bytes) else {
                continue;
            };
            if in_one_go(&broken).is_err() {
                damaged += 1;
            }
            assert_eq!(
                in_halves(&broken),
                in_one_go(&broken),
                "case {case}: {broken}"
            );
        }
        assert!(cut * 5 > valid * 4, "halves taken for {cut} of {valid}");
        assert!(
            damaged > 1000,
            "only {damaged} damaged documents fail to parse"
        );
    }

    /// The scan of the halves counts at least what the scan in one go counts, and says all it
    /// says.
    fn covers(text: &str, case: usize) {
        let (_, one) = json_scan::from_str(text).expect("parses");
        let (_, halves) = parse_strict_from(text, 0).expect("parses");
        assert!(halves.values >= one.values, "case {case}");
        assert!(halves.deepest >= one.deepest, "case {case}");
        assert!(halves.longest_text >= one.longest_text, "case {case}");
        for target in &one.refs {
            assert!(halves.refs.contains(target), "case {case}: {target}");
        }
        assert!(halves.may_rewrite_30 >= one.may_rewrite_30, "case {case}");
        assert!(halves.may_need_repair >= one.may_need_repair, "case {case}");
    }

    /// `paths` members that are each harmless but together look like a schema to repair, one
    /// in each half: the object put together is asked, as the parse in one go asks it.
    #[test]
    fn the_paths_object_put_together_is_scanned_whole() {
        for (first, second) in [
            (r#""type": "string""#, r#""enum": [1]"#),
            (r#""a": 1"#, r#""const": 2"#),
        ] {
            let text = format!(r#"{{"openapi": "3.0.0", "paths": {{{first}, {second}}}}}"#);
            assert!(find_cut(text.as_bytes()).is_some(), "{text}");
            let (_, one) = json_scan::from_str(&text).unwrap();
            let (_, halves) = parse_strict_from(&text, 0).unwrap();
            assert!(one.may_need_repair || one.may_rewrite_30, "{text}");
            assert_eq!(
                (halves.may_need_repair, halves.may_rewrite_30),
                (one.may_need_repair, one.may_rewrite_30),
                "{text}"
            );
        }
    }

    /// Damage where the text is cut: every byte within three of the middle comma and of the
    /// `paths` object's braces replaced, removed or followed by a structural byte. The pieces
    /// are made right there, so each such document must read in halves as in one go.
    #[test]
    fn damage_at_the_cut_reads_as_in_one_go() {
        let mut rng = Lcg(23);
        let (mut tried, mut failing) = (0, 0);
        for _ in 0..120 {
            let text = document(&mut rng);
            let Some(cut) = find_cut(text.as_bytes()) else {
                continue;
            };
            for anchor in [cut.paths.start, cut.comma, cut.paths.end - 1] {
                for at in anchor.saturating_sub(3)..(anchor + 4).min(text.len()) {
                    for edit in 0..23 {
                        let mut bytes = text.clone().into_bytes();
                        match edit {
                            0 => {
                                bytes.remove(at);
                            }
                            1..=11 => bytes[at] = b"{}[],:\"\\ x1"[edit - 1],
                            _ => bytes.insert(at + 1, b"{}[],:\"\\ x1"[edit - 12]),
                        }
                        let Ok(broken) = String::from_utf8(bytes) else {
                            continue;
                        };
                        let expected = in_one_go(&broken);
                        failing += usize::from(expected.is_err());
                        tried += 1;
                        assert_eq!(in_halves(&broken), expected, "{broken}");
                    }
                }
            }
        }
        assert!(tried > 15_000, "only {tried} damaged documents");
        assert!(
            failing * 2 > tried,
            "only {failing} of {tried} fail to parse"
        );
    }

    /// What makes the scan stand aside, and the cases where splitting would change the value.
    #[test]
    fn doubtful_documents_are_read_in_one_go() {
        let cases = [
            // `paths` twice: the last one is the document's.
            r#"{"paths": {"/a": 1, "/b": 2}, "paths": {"/c": 3, "/d": 4}}"#,
            r#"{"paths": {"/a": 1, "/b": 2, "/c": 3, "/d": 4}, "paths": {"/e": 5, "/f": 6}}"#,
            r#"{"paths": {"/a": 1, "/b": 2}, "x": 0, "paths": {"/e": 5, "/f": 6, "/g": 7}}"#,
            // `paths` spelled with an escape after a plain one.
            r#"{"paths": {"/a": 1, "/b": 2}, "pa\u0074hs": {"/c": 3, "/d": 4}}"#,
            // Not an object, or not at the top.
            r#"[{"paths": {"/a": 1, "/b": 2}}]"#,
            r#"{"paths": [1, 2, 3]}"#,
            r#"{"x": {"paths": {"/a": 1, "/b": 2}}}"#,
            // One member: nothing to halve.
            r#"{"paths": {"/a": 1}}"#,
            // Text after the document, or before it.
            r#"{"paths": {"/a": 1, "/b": 2}} x"#,
            r#"{"paths": {"/a": 1, "/b": 2}}{}"#,
            r#"x{"paths": {"/a": 1, "/b": 2}}"#,
            // Unclosed.
            r#"{"paths": {"/a": 1, "/b": 2}"#,
            r#"{"paths": {"/a": "1, "/b": 2}}"#,
        ];
        for text in cases {
            assert_eq!(in_halves(text), in_one_go(text), "{text}");
        }
        let plain = r#"{"a": [1], "paths": {"/a": {"k": ","}, "/b": 2, "/c": [3, 4]}, "z": 0}"#;
        let cut = find_cut(plain.as_bytes()).expect("a plain document is cut");
        assert_eq!(
            &plain[cut.paths.clone()],
            r#"{"/a": {"k": ","}, "/b": 2, "/c": [3, 4]}"#
        );
        assert_eq!(&plain[cut.comma + 1..cut.comma + 7], r#" "/c":"#);
        assert_eq!(in_halves(plain), in_one_go(plain));
    }

    /// The reader's nesting limit (128) means the same in the halves: a path item at the
    /// deepest level read in one go is read in halves, one level deeper fails both ways alike.
    #[test]
    fn the_nesting_limit_is_the_same_in_halves() {
        for depth in 120..132 {
            let deep = format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
            let text = format!(r#"{{"paths": {{"/a": 1, "/b": {deep}, "/c": 2}}}}"#);
            assert_eq!(in_halves(&text), in_one_go(&text), "depth {depth}");
            let text = format!(r#"{{"paths": {{"/a": {deep}, "/b": 1, "/c": 2}}}}"#);
            assert_eq!(in_halves(&text), in_one_go(&text), "depth {depth}");
        }
    }

    /// Every JSON file of the corpus (real OpenAPI documents and connector definitions) reads
    /// the same in halves as in one go.
    #[test]
    fn the_corpus_reads_the_same_in_halves() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
        if !root.is_dir() {
            println!("skipped the corpus: ../shared/corpus is absent");
            return;
        }
        let (mut files, mut cut) = (0, 0);
        let mut folders = vec![root];
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    folders.push(path);
                } else if path.extension().is_some_and(|e| e == "json") {
                    let Ok(text) = std::fs::read_to_string(&path) else {
                        continue;
                    };
                    files += 1;
                    cut += usize::from(find_cut(text.as_bytes()).is_some());
                    assert_eq!(in_halves(&text), in_one_go(&text), "{}", path.display());
                }
            }
        }
        println!("{files} JSON files, {cut} of them cut");
        assert!(cut * 3 > files, "only {cut} of {files} JSON files were cut");
    }
}
