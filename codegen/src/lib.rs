//! The connector compiler.
//!
//! [`spec`] reads connector YAML, [`check`] turns it into the resolved [`ir`], and the emitters
//! turn the IR into clients and manifests. [`check_file`] runs the front half in one call;
//! [`Config`] is the entry point for `build.rs`. See `ARCHITECTURE.md` for the pipeline.

pub mod check;
pub mod diag;
pub mod drop_later;
pub mod emit;
pub mod fast_hash;
pub mod graph;
pub mod init;
pub mod ir;
pub mod join;
pub mod names;
pub mod spec;
pub mod yaml_out;

mod build;
mod compile;
mod reference;
mod schema;
mod spaces;

pub use build::{BuildError, Config};
pub use compile::{
    check_file, check_file_with, check_read, check_read_splitting_from, check_source, connector_id,
    read_source, spec_files, CheckOutcome,
};
pub use reference::spec_reference_markdown;
pub use schema::{schema_path_from, spec_schema_json, with_schema_comment, SCHEMA_FILE};
