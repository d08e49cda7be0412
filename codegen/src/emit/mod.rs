//! The Rust emitter: a pure function from the IR to a client module. It never reads YAML.
//! The platform's emitters (Power Platform, OpenAPI) live in the `connector-platform` crate.

pub mod rust;
