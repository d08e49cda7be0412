//! The connector compiler.
//!
//! `spec` reads connector YAML, `check` turns it into the resolved [`ir`], and the emitters turn
//! the IR into clients and manifests. See `ARCHITECTURE.md` for the pipeline.

pub mod diag;
pub mod spec;
