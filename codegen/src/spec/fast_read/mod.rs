//! A fast reader for the block YAML most specs are written in — every spec an importer writes,
//! and most written by hand. It parses the text into a flat tree ([`tree`]) and offers it to
//! serde ([`de`]) exactly as serde-saphyr would, spans included, about ten times faster. Any
//! text outside that subset, and any file that does not fit the model, is left to serde-saphyr
//! (the reader says `None`), whose errors and diagnostics stay the only ones users see.
//! `codegen/tests/fast_read_matches.rs` holds the two readers to the same models and spans.

mod de;
mod scalar;
mod tree;

use serde::Deserialize;

use super::ReadLimits;

/// The text is outside what the fast reader takes, or is not YAML it can read for certain.
#[derive(Debug, PartialEq)]
pub(super) struct Unsupported;

/// Reads `text` as a `T` when the fast reader takes it; `None` means serde-saphyr must read it.
pub fn fast_read<'a, T: Deserialize<'a>>(text: &'a str, limits: &ReadLimits) -> Option<T> {
    let budget = tree::Budget {
        max_depth: limits.max_depth,
        max_nodes: limits.max_nodes,
    };
    let nodes = tree::parse(text, &budget).ok()?;
    T::deserialize(de::NodeDe {
        nodes: &nodes,
        at: 0,
    })
    .ok()
}
