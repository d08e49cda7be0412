//! Graph walks the checker, the emitters and the importers share.

/// Each node's strongly connected component (Tarjan's algorithm, with an explicit stack so that
/// a chain of any length does not exhaust the thread's).
pub fn strongly_connected(edges: &[Vec<usize>]) -> Vec<usize> {
    let mut walk = Tarjan {
        order: vec![UNSEEN; edges.len()],
        low: vec![0; edges.len()],
        on_stack: vec![false; edges.len()],
        stack: Vec::new(),
        next_order: 0,
    };
    let mut component = vec![UNSEEN; edges.len()];
    let mut components = 0;
    // The walk's own stack: a node and how many of its edges it has followed.
    let mut path: Vec<(usize, usize)> = Vec::new();
    for root in 0..edges.len() {
        if walk.order[root] != UNSEEN {
            continue;
        }
        walk.open(root);
        path.push((root, 0));
        while let Some(&(node, followed)) = path.last() {
            if let Some(&next) = edges[node].get(followed) {
                if let Some(top) = path.last_mut() {
                    top.1 += 1;
                }
                if walk.order[next] == UNSEEN {
                    walk.open(next);
                    path.push((next, 0));
                } else if walk.on_stack[next] {
                    walk.low[node] = walk.low[node].min(walk.order[next]);
                }
                continue;
            }
            path.pop();
            if let Some(&(parent, _)) = path.last() {
                walk.low[parent] = walk.low[parent].min(walk.low[node]);
            }
            if walk.low[node] == walk.order[node] {
                while let Some(member) = walk.stack.pop() {
                    walk.on_stack[member] = false;
                    component[member] = components;
                    if member == node {
                        break;
                    }
                }
                components += 1;
            }
        }
    }
    component
}

/// A node not yet reached.
const UNSEEN: usize = usize::MAX;

/// The numbering of Tarjan's walk: each node's order of discovery, the lowest order it reaches,
/// and the stack of nodes whose component is still open.
struct Tarjan {
    order: Vec<usize>,
    low: Vec<usize>,
    on_stack: Vec<bool>,
    stack: Vec<usize>,
    next_order: usize,
}

impl Tarjan {
    /// Numbers `node` on its discovery and puts it on the stack.
    fn open(&mut self, node: usize) {
        self.order[node] = self.next_order;
        self.low[node] = self.next_order;
        self.next_order += 1;
        self.stack.push(node);
        self.on_stack[node] = true;
    }
}

#[cfg(test)]
mod tests {
    use super::strongly_connected;

    #[test]
    fn a_long_chain_is_walked_without_recursion() {
        let n = 200_000;
        let mut edges: Vec<Vec<usize>> = (0..n).map(|i| vec![i + 1]).collect();
        edges[n - 1] = vec![0];
        let closed = strongly_connected(&edges);
        assert!(closed.iter().all(|c| *c == closed[0]));
        edges[n - 1].clear();
        let open = strongly_connected(&edges);
        let mut distinct = open.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), n);
    }

    #[test]
    fn components_are_the_sets_that_reach_each_other() {
        // 0 → 1 → 2 → 0, 2 → 3, 3 → 3, 4 alone.
        let edges = vec![vec![1], vec![2], vec![0, 3], vec![3], vec![]];
        let c = strongly_connected(&edges);
        assert!(c[0] == c[1] && c[1] == c[2]);
        assert!(c[3] != c[0] && c[4] != c[0] && c[4] != c[3]);
    }
}
