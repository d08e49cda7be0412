//! Where the project's specs are, for the tests that read every one of them.

use std::path::{Path, PathBuf};

/// The repository root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The folders of spec files in the project, `tests/diagnostics` (broken on purpose) last.
pub const SPEC_FOLDERS: [&str; 5] = [
    "connectors",
    "examples/custom-connector/specs",
    "platform/tests/manifest_specs",
    "tests/rust_adversarial",
    "tests/diagnostics",
];
