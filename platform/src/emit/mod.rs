//! The platform's emitters: pure functions from the IR to output files. None of them reads YAML.

pub mod folder;
pub mod openapi;
pub mod openapi_kept;
pub mod powerplatform;
