//! Path templates as a tree of segments per method. The templates a path can be routed to (same
//! segment count, and segment by segment the same text or a variable on either side) are found
//! by walking the tree along the path, not by comparing it with every template, so n paths cost
//! about n walks. The emitter places routes with it; the certification rules find paths that
//! route to each other with it.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::Hash;

/// One segment of a path, as its caller compares segments (case folded or not).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Segment<'a> {
    /// Text that must match.
    Literal(Cow<'a, str>),
    /// A variable, which matches any segment.
    Variable,
}

/// Templates by method, each recorded with a number.
pub(crate) struct RouteTree<M> {
    by_method: HashMap<M, Node>,
}

impl<M> Default for RouteTree<M> {
    fn default() -> Self {
        RouteTree {
            by_method: HashMap::new(),
        }
    }
}

#[derive(Default)]
struct Node {
    literal: HashMap<String, Node>,
    variable: Option<Box<Node>>,
    /// The numbers of the templates ending here.
    ends: Vec<usize>,
}

impl<M: Hash + Eq> RouteTree<M> {
    /// Records template number `id` of `method`.
    pub(crate) fn insert<'a>(
        &mut self,
        method: M,
        template: impl IntoIterator<Item = Segment<'a>>,
        id: usize,
    ) {
        let mut node = self.by_method.entry(method).or_default();
        for segment in template {
            node = match segment {
                Segment::Variable => node.variable.get_or_insert_with(Default::default),
                Segment::Literal(text) => node.literal.entry(text.into_owned()).or_default(),
            };
        }
        node.ends.push(id);
    }

    /// Whether `path` can be routed to a template of `method`.
    pub(crate) fn reaches(&self, method: &M, path: &[Segment<'_>]) -> bool {
        self.by_method
            .get(method)
            .is_some_and(|root| root.reaches(path))
    }

    /// The numbers of the templates of `method` that `path` can be routed to, ascending.
    pub(crate) fn routable(&self, method: &M, path: &[Segment<'_>]) -> Vec<usize> {
        let mut found = Vec::new();
        if let Some(root) = self.by_method.get(method) {
            root.collect(path, &mut found);
        }
        found.sort_unstable();
        found
    }
}

impl Node {
    fn reaches(&self, path: &[Segment<'_>]) -> bool {
        let Some((first, rest)) = path.split_first() else {
            return !self.ends.is_empty();
        };
        if self
            .variable
            .as_ref()
            .is_some_and(|node| node.reaches(rest))
        {
            return true;
        }
        match first {
            Segment::Variable => self.literal.values().any(|node| node.reaches(rest)),
            Segment::Literal(text) => self
                .literal
                .get(text.as_ref())
                .is_some_and(|node| node.reaches(rest)),
        }
    }

    fn collect(&self, path: &[Segment<'_>], found: &mut Vec<usize>) {
        let Some((first, rest)) = path.split_first() else {
            found.extend_from_slice(&self.ends);
            return;
        };
        if let Some(node) = &self.variable {
            node.collect(rest, found);
        }
        match first {
            Segment::Variable => {
                for node in self.literal.values() {
                    node.collect(rest, found);
                }
            }
            Segment::Literal(text) => {
                if let Some(node) = self.literal.get(text.as_ref()) {
                    node.collect(rest, found);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segments(path: &str) -> Vec<Segment<'_>> {
        path.split('/')
            .map(|s| match s {
                "*" => Segment::Variable,
                s => Segment::Literal(Cow::Borrowed(s)),
            })
            .collect()
    }

    /// The definition, pair by pair.
    fn routable(a: &str, b: &str) -> bool {
        let (sa, sb) = (segments(a), segments(b));
        sa.len() == sb.len()
            && sa
                .iter()
                .zip(&sb)
                .all(|(x, y)| x == y || *x == Segment::Variable || *y == Segment::Variable)
    }

    #[test]
    fn the_tree_answers_as_the_pairwise_definition() {
        let templates = [
            "/a", "/a/*", "/*", "/*/b", "/a/b", "/a/*/c", "/*/*", "/a/b/c", "/", "/b/*", "/*/*/c",
            "/a/b/*", "/c", "", "/a//b",
        ];
        let methods = ["get", "post"];
        let mut tree = RouteTree::default();
        for (i, template) in templates.iter().enumerate() {
            tree.insert(methods[i % 2], segments(template), i);
        }
        for probe in templates {
            for (m, method) in methods.iter().enumerate() {
                let expected: Vec<usize> = (0..templates.len())
                    .filter(|i| i % 2 == m && routable(templates[*i], probe))
                    .collect();
                let path = segments(probe);
                assert_eq!(tree.routable(method, &path), expected, "{method} {probe}");
                assert_eq!(tree.reaches(method, &path), !expected.is_empty());
            }
        }
    }
}
