//! The spec language: the serde model of connector YAML and how it is read.

mod fast_read;
mod limit_arg;
mod model;
mod named_map;
mod read;
mod span;
mod structure;
mod types;
mod write;

pub use fast_read::fast_read;
pub use limit_arg::{name_and_value, LimitError, READ_LIMIT_NAMES};
pub use model::*;
pub use named_map::NamedMap;
pub(crate) use read::file_too_large;
pub use read::{read_spec, read_spec_by_saphyr, ReadLimits};
pub use span::{Span, Spanned};
pub use types::*;
pub use write::{one_line_list, write_spec, write_value, WriteError};
