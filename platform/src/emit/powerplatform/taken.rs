//! The path shapes placed so far, per method, as a tree of path segments. Whether a new shape
//! can be routed to a placed one is answered by walking the tree along it, not by comparing it
//! with every placed shape, so placing n routes stays about linear.

use std::collections::HashMap;

use crate::ir::Method;

/// A variable segment of a shape (see `operations::shape`).
const VARIABLE: &str = "{}";

/// Placed shapes by method.
#[derive(Default)]
pub(super) struct TakenRoutes {
    by_method: HashMap<Method, Node>,
}

#[derive(Default)]
struct Node {
    literal: HashMap<String, Node>,
    variable: Option<Box<Node>>,
    end: bool,
}

impl TakenRoutes {
    /// Records `shape` as placed for `method`.
    pub(super) fn insert(&mut self, method: Method, shape: &str) {
        let mut node = self.by_method.entry(method).or_default();
        for segment in shape.split('/') {
            node = if segment == VARIABLE {
                node.variable.get_or_insert_with(Default::default)
            } else {
                node.literal.entry(segment.to_owned()).or_default()
            };
        }
        node.end = true;
    }

    /// Whether a placed shape of `method` has the segment count of `shape` and, segment by
    /// segment, the same text or a variable on either side.
    pub(super) fn overlaps(&self, method: Method, shape: &str) -> bool {
        let segments: Vec<&str> = shape.split('/').collect();
        self.by_method
            .get(&method)
            .is_some_and(|root| root.reaches(&segments))
    }
}

impl Node {
    fn reaches(&self, segments: &[&str]) -> bool {
        let Some((first, rest)) = segments.split_first() else {
            return self.end;
        };
        if self.variable.as_ref().is_some_and(|n| n.reaches(rest)) {
            return true;
        }
        if *first == VARIABLE {
            self.literal.values().any(|n| n.reaches(rest))
        } else {
            self.literal.get(*first).is_some_and(|n| n.reaches(rest))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The definition: same segment count, each pair equal or one of them a variable.
    fn overlap(a: &str, b: &str) -> bool {
        let (sa, sb): (Vec<&str>, Vec<&str>) = (a.split('/').collect(), b.split('/').collect());
        sa.len() == sb.len()
            && sa
                .iter()
                .zip(&sb)
                .all(|(x, y)| x == y || *x == VARIABLE || *y == VARIABLE)
    }

    #[test]
    fn the_tree_answers_as_the_pairwise_definition() {
        let shapes = [
            "/a", "/a/{}", "/{}", "/{}/b", "/a/b", "/a/{}/c", "/{}/{}", "/a/b/c", "/", "/b/{}",
            "/{}/{}/c", "/a/b/{}", "/c",
        ];
        let methods = [Method::Get, Method::Post];
        // Every order of placing a prefix of the list, for each method mix.
        for start in 0..shapes.len() {
            let mut taken = TakenRoutes::default();
            let mut placed: Vec<(Method, &str)> = Vec::new();
            for (i, shape) in shapes
                .iter()
                .cycle()
                .skip(start)
                .take(shapes.len())
                .enumerate()
            {
                let method = methods[i % 2];
                for probe in shapes {
                    for m in methods {
                        let expected = placed.iter().any(|(pm, p)| *pm == m && overlap(p, probe));
                        assert_eq!(
                            taken.overlaps(m, probe),
                            expected,
                            "{m:?} {probe} after {placed:?}"
                        );
                    }
                }
                taken.insert(method, shape);
                placed.push((method, shape));
            }
        }
    }
}
