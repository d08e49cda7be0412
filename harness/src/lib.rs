//! Harnesses over the real corpus and over random input, kept out of the compiler's crates:
//! the two ends of the OpenAPI round trip ([`openapi_roundtrip`]; both round trips are judged
//! by the strict oracle in `tests/support/strict_diff.rs`), the corpus sample whose Rust is
//! compiled in CI ([`sample`]) and the bodies of the fuzz targets ([`fuzz`]). Only tests,
//! examples and the fuzz crate depend on this crate.

mod error;
pub mod fuzz;
pub mod openapi_roundtrip;
pub mod sample;

pub use error::HarnessError;

// The harnesses name the compiler's parts as if they were one crate.
use codegen::{check_source, diag, ir, spec};
use connector_platform::{import, lint};

mod emit {
    pub use codegen::emit::rust;
    pub use connector_platform::emit::{openapi, powerplatform};
}
