//! The spec language: the serde model of connector YAML and how it is read.

mod model;
mod named_map;
mod read;
mod span;
mod structure;
mod types;
mod write;

pub use model::*;
pub use named_map::NamedMap;
pub use read::{read_spec, ReadLimits};
pub use span::{Span, Spanned};
pub use types::*;
pub use write::{one_line_list, write_spec, write_value, WriteError};
