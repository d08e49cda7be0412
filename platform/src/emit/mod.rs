//! The platform's emitters: pure functions from the IR to output files. None of them reads YAML.

pub mod folder;
mod item_values;
pub mod openapi;
mod openapi_item;
pub mod openapi_kept;
pub mod powerplatform;
