//! The Rust emitter: a pure function from the IR to a client module. It never reads YAML.
//! `files` holds what every emitter's output is written as.
//! The platform's emitters (Power Platform, OpenAPI) live in the `connector-platform` crate.

pub mod files;
pub mod rust;
