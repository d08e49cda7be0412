//! Power Platform and OpenAPI for connector specs.
//!
//! The emitters in [`emit`] turn the checked IR of the `codegen` crate into a Power Platform
//! custom connector folder and an OpenAPI document; [`lint`] runs the platform's certification
//! rules over such a folder; [`import`] turns OpenAPI documents and existing Power Platform
//! connectors into specs; [`platform`] checks a spec together with the rules its manifests must
//! pass. None of this is needed by a `build.rs`, which depends on `codegen` alone.

pub mod emit;
pub mod import;
mod json_field;
pub mod lint;
pub mod platform;
pub mod powerplatform;
mod route_tree;

// The language half lives in `codegen`; these aliases let this crate name it as its own.
pub(crate) use codegen::{check, diag, ir, names, spec, CheckOutcome};
