//! The operations' path templates as a tree of segments per method, so that the operations one
//! path can route to are found by walking the tree along it instead of comparing it with every
//! other path (which made linting a 10,000-operation document take minutes).

use std::collections::HashMap;

/// Whether a path segment is a variable (`{id}`).
pub(super) fn is_variable(segment: &str) -> bool {
    segment.starts_with('{') && segment.ends_with('}')
}

/// The segments of a path template, without a trailing `/`.
pub(super) fn segments(path: &str) -> impl Iterator<Item = &str> {
    path.trim_end_matches('/').split('/')
}

/// Operations by method and path segments.
#[derive(Default)]
pub(super) struct RouteIndex<'a> {
    by_method: HashMap<&'a str, Node>,
}

#[derive(Default)]
struct Node {
    /// Literal segments, ASCII case folded.
    literal: HashMap<String, Node>,
    variable: Option<Box<Node>>,
    /// The operations whose path ends here.
    ends: Vec<usize>,
}

impl<'a> RouteIndex<'a> {
    /// Records operation `index`, sent with `method` to `path`.
    pub(super) fn insert(&mut self, index: usize, method: &'a str, path: &str) {
        let mut node = self.by_method.entry(method).or_default();
        for segment in segments(path) {
            node = if is_variable(segment) {
                node.variable.get_or_insert_with(Default::default)
            } else {
                node.literal
                    .entry(segment.to_ascii_lowercase())
                    .or_default()
            };
        }
        node.ends.push(index);
    }

    /// The operations of `method` whose paths have as many segments as `path` and, segment by
    /// segment, the same text but for ASCII case, or a variable on either side; in the order
    /// of their indexes.
    pub(super) fn routable(&self, method: &str, path: &str) -> Vec<usize> {
        let mut found = Vec::new();
        if let Some(root) = self.by_method.get(method) {
            let wanted: Vec<&str> = segments(path).collect();
            root.collect(&wanted, &mut found);
        }
        found.sort_unstable();
        found
    }
}

impl Node {
    fn collect(&self, wanted: &[&str], found: &mut Vec<usize>) {
        let Some((first, rest)) = wanted.split_first() else {
            found.extend_from_slice(&self.ends);
            return;
        };
        if let Some(variable) = &self.variable {
            variable.collect(rest, found);
        }
        if is_variable(first) {
            for node in self.literal.values() {
                node.collect(rest, found);
            }
        } else if let Some(node) = self.literal.get(&first.to_ascii_lowercase()) {
            node.collect(rest, found);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The definition, pair by pair.
    fn routable(a: &str, b: &str) -> bool {
        let (sa, sb): (Vec<&str>, Vec<&str>) = (segments(a).collect(), segments(b).collect());
        sa.len() == sb.len()
            && sa
                .iter()
                .zip(&sb)
                .all(|(x, y)| x.eq_ignore_ascii_case(y) || is_variable(x) || is_variable(y))
    }

    #[test]
    fn the_tree_answers_as_the_pairwise_definition() {
        let paths = [
            "/a",
            "/A/",
            "/a/{id}",
            "/{x}",
            "/{x}/b",
            "/a/B",
            "/a/{y}/c",
            "/{}/{}",
            "/a/b/c",
            "/",
            "",
            "/b/{z}",
            "/{p}/{q}/c",
            "/a/b/{r}",
            "/c",
            "/a//b",
            "/{a}x",
            "/a/{",
        ];
        let methods = ["get", "post"];
        let mut index = RouteIndex::default();
        for (i, path) in paths.iter().enumerate() {
            index.insert(i, methods[i % 2], path);
        }
        for probe in paths {
            for (m, method) in methods.iter().enumerate() {
                let expected: Vec<usize> = (0..paths.len())
                    .filter(|i| i % 2 == m && routable(paths[*i], probe))
                    .collect();
                assert_eq!(index.routable(method, probe), expected, "{method} {probe}");
            }
        }
    }
}
