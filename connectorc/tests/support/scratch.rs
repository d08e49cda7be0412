//! A scratch folder in the system's temporary folder, removed when the test is done with it, so
//! that test runs leave nothing behind. Outside the repository on purpose: the command line looks
//! for `connector.schema.json` in a spec's folder and its parents, and the repository has one.

use std::ffi::OsStr;
use std::ops::Deref;
use std::path::{Path, PathBuf};

/// The folder `<temp>/connectorc-<name>-<process id>`, empty when made, removed when dropped.
pub struct Scratch(PathBuf);

impl Scratch {
    /// Makes the folder, emptying what an earlier run of this process id left.
    pub fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("connectorc-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("a scratch folder");
        Scratch(dir)
    }
}

impl Deref for Scratch {
    type Target = Path;

    fn deref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<Path> for Scratch {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<OsStr> for Scratch {
    fn as_ref(&self) -> &OsStr {
        self.0.as_os_str()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
