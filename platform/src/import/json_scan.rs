//! The strict JSON parse of a document that also takes, while each value is in hand, what the
//! walks after the parse would otherwise learn by visiting every value of a tree too large for
//! the cache again: the shape the budgets limit ([`super::shape`]) and whether the 3.0 reading
//! has anything to rewrite or repair ([`super::openapi31`], [`super::repair_scan`]).
//!
//! The value is the one `serde_json::from_str::<Value>` gives, and so is every error: the same
//! deserializer reads the text, only the visitor that builds the tree is ours. What is counted
//! may include a little more than the tree keeps (the value a repeated key replaced, the
//! wrappers of [`super::json_halves`]), never less, so a scan that passes a budget or finds
//! nothing to rewrite is true of the tree, and a scan that does not sends the caller to the walk.

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use super::openapi31::has_30_rewrite;
use super::repair_scan::{schema_needs_repair, REPAIR_DEPTH};

/// What a parse met, as counted while it built the tree.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Scan {
    /// Values of every kind (keys are not values), as the shape check counts them.
    pub values: usize,
    /// The deepest value, the document being 1 deep.
    pub deepest: usize,
    /// The longest text, key or string, in bytes.
    pub longest_text: usize,
    /// The targets of `$ref` members whose value is text, in the order the text has them.
    pub refs: Vec<String>,
    /// Whether some object has a keyword the 3.0 reading of a schema rewrites.
    pub may_rewrite_30: bool,
    /// Whether some object may need the schema repairs, or sits deeper than they go.
    pub may_need_repair: bool,
}

impl Scan {
    /// Adds what another piece of the same document met.
    pub(crate) fn merge(&mut self, other: Scan) {
        self.values = self.values.saturating_add(other.values);
        self.deepest = self.deepest.max(other.deepest);
        self.longest_text = self.longest_text.max(other.longest_text);
        self.refs.extend(other.refs);
        self.may_rewrite_30 |= other.may_rewrite_30;
        self.may_need_repair |= other.may_need_repair;
    }
}

/// Parses `text` as `serde_json::from_str::<Value>` does, counting as it goes.
pub(crate) fn from_str(text: &str) -> Result<(Value, Scan), serde_json::Error> {
    let mut scan = Scan::default();
    let mut reader = serde_json::Deserializer::from_str(text);
    let value = Seed {
        scan: &mut scan,
        scratch: &mut Scratch::default(),
        depth: 1,
    }
    .deserialize(&mut reader)?;
    reader.end()?;
    Ok((value, scan))
}

/// One value to read, `depth` deep.
struct Seed<'s> {
    scan: &'s mut Scan,
    scratch: &'s mut Scratch,
    depth: usize,
}

/// The members and items of the objects and lists being read, on one stack each: a container
/// is made once its last member is read, at its exact size, with no growing on the way (a
/// document's tree is mostly small objects, and a map grown one insert at a time takes twice
/// the allocations and up to twice the room).
#[derive(Default)]
struct Scratch {
    members: Vec<(String, Value)>,
    items: Vec<Value>,
}

impl<'de> DeserializeSeed<'de> for Seed<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, reader: D) -> Result<Value, D::Error> {
        self.scan.values += 1;
        self.scan.deepest = self.scan.deepest.max(self.depth);
        reader.deserialize_any(self)
    }
}

impl Seed<'_> {
    fn text(&mut self, text: &str) {
        self.scan.longest_text = self.scan.longest_text.max(text.len());
    }

    /// The next value down, one deeper.
    fn child(&mut self) -> Seed<'_> {
        Seed {
            scan: self.scan,
            scratch: self.scratch,
            depth: self.depth + 1,
        }
    }
}

impl<'de> Visitor<'de> for Seed<'_> {
    type Value = Value;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("any valid JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
        Ok(Number::from_f64(value).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(mut self, value: &str) -> Result<Value, E> {
        self.text(value);
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E>(mut self, value: String) -> Result<Value, E> {
        self.text(&value);
        Ok(Value::String(value))
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut items: A) -> Result<Value, A::Error> {
        let start = self.scratch.items.len();
        while let Some(item) = items.next_element_seed(self.child())? {
            self.scratch.items.push(item);
        }
        self.note_container();
        let list: Vec<Value> = self.scratch.items.drain(start..).collect();
        Ok(Value::Array(list))
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut entries: A) -> Result<Value, A::Error> {
        let start = self.scratch.members.len();
        while let Some(key) = entries.next_key::<String>()? {
            self.text(&key);
            let value = entries.next_value_seed(self.child())?;
            if key == "$ref" {
                if let Value::String(target) = &value {
                    self.scan.refs.push(target.clone());
                }
            }
            self.scratch.members.push((key, value));
        }
        self.note_container();
        let mut map = Map::with_capacity(self.scratch.members.len() - start);
        for (key, value) in self.scratch.members.drain(start..) {
            map.insert(key, value);
        }
        if !self.scan.may_rewrite_30 && has_30_rewrite(&map) {
            self.scan.may_rewrite_30 = true;
        }
        if !self.scan.may_need_repair && schema_needs_repair(&map) {
            self.scan.may_need_repair = true;
        }
        Ok(Value::Object(map))
    }
}

impl Seed<'_> {
    /// An object or a list: the repairs stop below a depth, and a container past it needs them.
    fn note_container(&mut self) {
        // The repairs count the document as 0 deep.
        if self.depth - 1 > REPAIR_DEPTH {
            self.scan.may_need_repair = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::import::openapi31;
    use crate::import::repair_scan::needs_repair;
    use crate::import::test_rng::Lcg;
    use crate::import::{ImportLimits, Warnings};

    use super::*;

    /// What the shape check's walk counts of a tree: values, the deepest, the longest text and
    /// the `$ref` targets, in document order.
    fn walked(value: &Value, depth: usize, into: &mut Scan) {
        into.values += 1;
        into.deepest = into.deepest.max(depth);
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    into.longest_text = into.longest_text.max(key.len());
                    walked(child, depth + 1, into);
                    if key == "$ref" {
                        if let Value::String(target) = child {
                            into.refs.push(target.clone());
                        }
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|item| walked(item, depth + 1, into)),
            Value::String(text) => into.longest_text = into.longest_text.max(text.len()),
            _ => {}
        }
    }

    fn text(rng: &mut Lcg) -> String {
        const WORDS: [&str; 14] = [
            "type",
            "string",
            "$ref",
            "enum",
            "nullable",
            "properties",
            "required",
            "items",
            "const",
            "in",
            "schema",
            "null",
            "\\u00e9t\\u00e9",
            "x-\\\"q\\\"",
        ];
        WORDS[rng.below(WORDS.len())].to_owned()
    }

    fn value(rng: &mut Lcg, depth: usize) -> String {
        let pick = if depth > 6 {
            rng.below(6)
        } else {
            rng.below(9)
        };
        match pick {
            0 => "null".into(),
            1 => "true".into(),
            2 => format!("{}", rng.below(1000) as i64 - 500),
            3 => "1.5e300".into(),
            4 => "18446744073709551615".into(),
            5 => format!("\"{}\"", text(rng)),
            6 => {
                let items: Vec<String> = (0..rng.below(4)).map(|_| value(rng, depth + 1)).collect();
                format!("[{}]", items.join(","))
            }
            _ => {
                let members: Vec<String> = (0..rng.below(5))
                    .map(|_| format!("\"{}\": {}", text(rng), value(rng, depth + 1)))
                    .collect();
                format!("{{{}}}", members.join(", "))
            }
        }
    }

    /// Over random texts, well formed and damaged: the value and the error are the reader's
    /// own, and the scan is what a walk of the value counts, or more where a repeated key
    /// replaced a value; the flags are true whenever the walks would find something.
    #[test]
    fn the_scan_reads_what_the_reader_reads_and_counts_what_the_walks_find() {
        let mut rng = Lcg(5);
        let (mut parsed, mut refused, mut flagged, mut exact) = (0, 0, 0, 0);
        for case in 0..4000 {
            let mut text = value(&mut rng, 0);
            if rng.below(5) == 0 && !text.is_empty() {
                let at = rng.below(text.len());
                if text.is_char_boundary(at) {
                    text.insert(at, ['}', ',', '"', ']', 'x'][rng.below(5)]);
                }
            }
            let expected = serde_json::from_str::<Value>(&text);
            match (from_str(&text), expected) {
                (Ok((value, scan)), Ok(expected)) => {
                    parsed += 1;
                    assert_eq!(
                        value.to_string(),
                        expected.to_string(),
                        "case {case}: {text}"
                    );
                    let mut walk = Scan::default();
                    walked(&value, 1, &mut walk);
                    assert!(scan.values >= walk.values, "case {case}");
                    assert!(scan.deepest >= walk.deepest, "case {case}");
                    assert!(scan.longest_text >= walk.longest_text, "case {case}");
                    for target in &walk.refs {
                        assert!(scan.refs.contains(target), "case {case}: {target}");
                    }
                    if scan.values == walk.values {
                        // No repeated key replaced a value: the counts are the walk's.
                        let counted = (scan.deepest, scan.longest_text, &scan.refs);
                        let found = (walk.deepest, walk.longest_text, &walk.refs);
                        assert_eq!(counted, found, "case {case}: {text}");
                        exact += 1;
                    }
                    let mut copy = value.clone();
                    let repairs = openapi31::downgrade(&mut copy, false, &mut Warnings::default());
                    if copy != value {
                        assert!(scan.may_rewrite_30, "case {case}: {text}");
                    }
                    if repairs || needs_repair(&value, 0) {
                        assert!(scan.may_need_repair, "case {case}: {text}");
                    }
                    flagged += usize::from(scan.may_rewrite_30 || scan.may_need_repair);
                }
                (Err(found), Err(expected)) => {
                    refused += 1;
                    assert_eq!(found.to_string(), expected.to_string(), "case {case}");
                }
                (found, expected) => panic!("case {case}: {text}: {found:?} but {expected:?}"),
            }
        }
        assert!(
            parsed > 1000 && refused > 200,
            "{parsed} parsed, {refused} refused"
        );
        assert!(
            exact > parsed / 2,
            "{exact} of {parsed} without a replaced value"
        );
        assert!(
            flagged > 100 && flagged < parsed,
            "{flagged} of {parsed} flagged"
        );
    }

    /// Every JSON file of the corpus (../shared/corpus): read in halves as the importer reads
    /// it, the value is the reader's; the scan's flags are true wherever the walks find
    /// something; and the shape check with the scan gives what the walk gives, error included,
    /// under budgets that the document just meets and just misses.
    #[test]
    fn the_corpus_is_scanned_as_the_walks_find_it() {
        use crate::import::json_halves::parse_strict;
        use crate::import::shape::{check_scanned, check_shape};
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
        if !corpus.is_dir() {
            println!("skipped the corpus: ../shared/corpus is absent");
            return;
        }
        let mut files = Vec::new();
        let mut folders = vec![corpus];
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(folder).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    folders.push(path);
                } else if path.extension().is_some_and(|e| e == "json") {
                    files.push(path);
                }
            }
        }
        let (mut read, mut skipped_walks, mut refused) = (0, 0, 0);
        for path in &files {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            let Ok(expected) = serde_json::from_str::<Value>(&text) else {
                continue;
            };
            let (value, scan) = parse_strict(&text).expect("parses as the reader parses it");
            // Compared as text: maps that hold the same members in another order are equal.
            let as_text = |v: &Value| serde_json::to_string(v).expect("a tree writes");
            assert!(as_text(&value) == as_text(&expected), "{}", path.display());
            read += 1;
            let mut copy = value.clone();
            let repairs = openapi31::downgrade(&mut copy, false, &mut Warnings::default());
            if !scan.may_rewrite_30 && !scan.may_need_repair {
                assert!(copy == value && !repairs, "{}", path.display());
                skipped_walks += 1;
            }
            let mut walk = Scan::default();
            walked(&value, 1, &mut walk);
            let exact = ImportLimits {
                max_nodes: walk.values,
                max_depth: walk.deepest,
                max_text_bytes: walk.longest_text,
                ..ImportLimits::default()
            };
            let budgets = [
                ImportLimits::default(),
                exact,
                ImportLimits {
                    max_nodes: walk.values - 1,
                    ..exact
                },
                ImportLimits {
                    max_depth: walk.deepest - 1,
                    ..exact
                },
                ImportLimits {
                    max_text_bytes: walk.longest_text.saturating_sub(1),
                    ..exact
                },
                ImportLimits {
                    max_ref_chain: 1,
                    ..exact
                },
                ImportLimits {
                    max_ref_chain: 0,
                    ..exact
                },
            ];
            for limits in budgets {
                let found = check_scanned(&value, &scan, &limits).map_err(|e| e.to_string());
                let walked = check_shape(&value, &limits).map_err(|e| e.to_string());
                refused += usize::from(walked.is_err());
                assert_eq!(found, walked, "{}: {limits:?}", path.display());
            }
        }
        assert!(read > 400, "{read} documents read");
        assert!(
            skipped_walks > 0 && skipped_walks < read,
            "{skipped_walks} of {read}"
        );
        assert!(refused > read * 3, "{refused} refusals");
    }

    /// The reader's nesting limit holds as in `from_str`, and a document nested past the
    /// repairs' depth is said to need them.
    #[test]
    fn nesting_is_limited_and_counted() {
        for depth in [1usize, 120, 127, 128, 129, 200] {
            let text = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
            let expected = serde_json::from_str::<Value>(&text).map_err(|e| e.to_string());
            let found = from_str(&text).map_err(|e| e.to_string());
            assert_eq!(found.as_ref().err(), expected.as_ref().err(), "{depth}");
            if let Ok((_, scan)) = found {
                assert_eq!(scan.deepest, depth);
                assert!(!scan.may_need_repair);
            }
        }
    }
}
