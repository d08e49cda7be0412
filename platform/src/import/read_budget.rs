//! Whether a spec's writing reads under the checker's limits, told from the model without reading
//! the text: the model is serialised into a counter of nodes and nesting instead of into YAML
//! ([`count`]). The writing holds the same mappings, sequences and scalars as the
//! serialisation, so the counts are the YAML reader's.

use codegen::spec::{ConnectorSpec, ReadLimits};
use serde::Serialize;

mod count;

/// The nodes and the deepest nesting of a serialisation.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Shape {
    /// Scalars, mappings and sequences, keys included.
    pub nodes: usize,
    /// The deepest nesting of mappings and sequences (a top-level mapping is 1).
    pub deepest: usize,
    depth: usize,
}

impl Shape {
    /// The shape of `value`'s serialisation; `None` when it does not serialise as JSON would
    /// (a key that is not text or a number).
    pub(crate) fn of(value: &impl Serialize) -> Option<Shape> {
        let mut shape = Shape::default();
        value.serialize(&mut count::Counter(&mut shape)).ok()?;
        Some(shape)
    }

    fn scalar(&mut self) {
        self.nodes += 1;
    }

    fn open(&mut self) {
        self.nodes += 1;
        self.depth += 1;
        self.deepest = self.deepest.max(self.depth);
    }

    fn close(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }
}

/// How the writing of a spec stands against the reader's limits.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Fit {
    /// It reads under them with room to spare.
    Fits,
    /// It goes beyond these limits; each comes with the value that reads it.
    Beyond(Vec<Raise>),
    /// Its shape cannot be told from the model (a key that is not text).
    Unknown,
}

/// A limit of the reader and the value the writing needs it to be.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Raise {
    /// The limit's name, as `--limit` takes it.
    pub limit: &'static str,
    /// The value that reads the writing.
    pub needs: usize,
}

impl Raise {
    /// Whether the limit is on the file as a whole: no part of the spec is over it on its own.
    pub(crate) fn is_whole_file(&self) -> bool {
        self.limit != "max_depth"
    }
}

/// How the writing of `spec`, `bytes` long, stands against `limits`. `Fits` says it reads under
/// them with room to spare; anything else that it may not, and the caller then reads the text,
/// which tells exactly.
pub(crate) fn fit(spec: &ConnectorSpec, bytes: usize, limits: &ReadLimits) -> Fit {
    let Some(shape) = Shape::of(spec) else {
        return Fit::Unknown;
    };
    // The reader counts stream and document events besides the nodes; a margin covers them
    // and how it counts the top level.
    let wanted = [
        ("max_file_bytes", bytes, limits.max_file_bytes),
        (
            "max_nodes",
            shape.nodes.saturating_add(16),
            limits.max_nodes,
        ),
        (
            "max_depth",
            shape.deepest.saturating_add(2),
            limits.max_depth,
        ),
    ];
    let raises: Vec<Raise> = wanted
        .into_iter()
        .filter(|&(_, needs, limit)| needs > limit)
        .map(|(limit, needs, _)| Raise { limit, needs })
        .collect();
    if raises.is_empty() {
        Fit::Fits
    } else {
        Fit::Beyond(raises)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fits(spec: &ConnectorSpec, bytes: usize, limits: &ReadLimits) -> bool {
        fit(spec, bytes, limits) == Fit::Fits
    }

    /// A spec with an object three levels deep.
    fn nested() -> ConnectorSpec {
        super::super::typed::from_tree(json!({
            "title": "T",
            "base_url": "https://example.com",
            "objects": { "A": { "fields": { "b": { "fields": { "c": "string" } } } } }
        }))
        .expect("reads")
    }

    #[test]
    fn each_limit_gone_beyond_says_what_reads_the_writing() {
        let spec = nested();
        let shape = Shape::of(&spec).expect("serialises");
        let tight = ReadLimits {
            max_file_bytes: 99,
            max_nodes: shape.nodes,
            max_depth: shape.deepest,
            ..ReadLimits::default()
        };
        let raise = |limit, needs| Raise { limit, needs };
        assert_eq!(
            fit(&spec, 100, &tight),
            Fit::Beyond(vec![
                raise("max_file_bytes", 100),
                raise("max_nodes", shape.nodes + 16),
                raise("max_depth", shape.deepest + 2),
            ])
        );
        let wide = ReadLimits {
            max_file_bytes: 100,
            max_nodes: shape.nodes + 16,
            max_depth: shape.deepest + 2,
            ..tight
        };
        assert_eq!(fit(&spec, 100, &wide), Fit::Fits);
        assert!(!raise("max_depth", 1).is_whole_file());
        assert!(raise("max_nodes", 1).is_whole_file());
    }

    #[test]
    fn nodes_and_nesting_are_counted_as_the_yaml_holds_them() {
        // a mapping (1) with key `a` (2) holding a sequence (3) of 1 (4) and a mapping (5) with
        // key `b` (6) and null (7); `c` (8) with text (9).
        let value = json!({"a": [1, {"b": null}], "c": "text"});
        let shape = Shape::of(&value).expect("serialises");
        assert_eq!((shape.nodes, shape.deepest), (9, 3));
    }

    #[test]
    fn a_spec_too_deep_or_too_large_does_not_fit() {
        let spec = nested();
        let shape = Shape::of(&spec).expect("serialises");
        let roomy = ReadLimits::default();
        assert!(fits(&spec, 100, &roomy));
        let shallow = ReadLimits {
            max_depth: shape.deepest + 1,
            ..roomy
        };
        assert!(!fits(&spec, 100, &shallow));
        let few = ReadLimits {
            max_nodes: shape.nodes,
            ..roomy
        };
        assert!(!fits(&spec, 100, &few));
        assert!(!fits(&spec, roomy.max_file_bytes + 1, &roomy));
    }

    #[test]
    fn what_fits_reads_under_those_limits_and_the_count_is_the_readers() {
        let spec: ConnectorSpec = super::super::typed::from_tree(json!({
            "title": "T",
            "base_url": "https://example.com",
            "objects": { "A": { "fields": { "b": { "fields": { "c": { "fields": {
                "d": { "list": { "fields": { "e": "string" } } } } } } } } } },
            "actions": { "GetA": { "request": "GET /a", "response": { "type": "A" } } }
        }))
        .expect("reads");
        let text = codegen::spec::write_spec(&spec).expect("writes");
        let shape = Shape::of(&spec).expect("serialises");
        let read = |max_depth, max_nodes| {
            let file = codegen::diag::SourceFile::new("t.yaml", text.clone());
            let limits = ReadLimits {
                max_depth,
                max_nodes,
                ..ReadLimits::default()
            };
            codegen::read_source(&file, &limits).is_ok()
        };
        let (depth, nodes) = (shape.deepest + 2, shape.nodes + 16);
        assert!(fits(
            &spec,
            text.len(),
            &ReadLimits {
                max_depth: depth,
                max_nodes: nodes,
                ..ReadLimits::default()
            }
        ));
        assert!(read(depth, nodes), "what fits reads");
        assert!(
            !read(shape.deepest - 1, nodes),
            "the nesting counted is there"
        );
        assert!(!read(depth, shape.nodes / 2), "the nodes counted are there");
    }
}
