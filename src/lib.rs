//! Typed clients for the connectors described in `connectors/*.yaml`.
//!
//! The clients are generated at build time by `build.rs` through the `codegen` crate.
