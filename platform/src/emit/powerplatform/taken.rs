//! The path shapes placed so far, per method ([`crate::route_tree`]): whether a new shape can be
//! routed to a placed one is answered by walking the tree along it, so placing n routes stays
//! about linear.

use std::borrow::Cow;

use crate::ir::Method;
use crate::route_tree::{RouteTree, Segment};

/// A variable segment of a shape (see `operations::shape`).
const VARIABLE: &str = "{}";

/// Placed shapes by method.
#[derive(Default)]
pub(super) struct TakenRoutes {
    tree: RouteTree<Method>,
}

/// The segments of a shape.
fn segments(shape: &str) -> impl Iterator<Item = Segment<'_>> {
    shape.split('/').map(|segment| match segment {
        VARIABLE => Segment::Variable,
        text => Segment::Literal(Cow::Borrowed(text)),
    })
}

impl TakenRoutes {
    /// Records `shape` as placed for `method`.
    pub(super) fn insert(&mut self, method: Method, shape: &str) {
        self.tree.insert(method, segments(shape), 0);
    }

    /// Whether a placed shape of `method` has the segment count of `shape` and, segment by
    /// segment, the same text or a variable on either side.
    pub(super) fn overlaps(&self, method: Method, shape: &str) -> bool {
        let path: Vec<Segment<'_>> = segments(shape).collect();
        self.tree.reaches(&method, &path)
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
