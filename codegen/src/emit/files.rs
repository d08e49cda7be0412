//! Output files as bytes, and writing them into a folder only when they changed.

use std::path::{Path, PathBuf};

/// One output file: a path relative to the connector's folder and its content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputFile {
    /// File name inside `generated/<id>/`.
    pub name: String,
    /// Content.
    pub content: Vec<u8>,
}

impl OutputFile {
    /// The content as text, for the text files.
    pub fn text(&self) -> Option<&str> {
        std::str::from_utf8(&self.content).ok()
    }
}

/// What [`write_folder`] did to one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WriteOutcome {
    /// Written because it was new or different.
    Written(PathBuf),
    /// Left alone because it already had this content.
    Unchanged(PathBuf),
}

/// Writes `files` into `dir`, touching only files whose content differs.
pub fn write_folder(dir: &Path, files: &[OutputFile]) -> std::io::Result<Vec<WriteOutcome>> {
    std::fs::create_dir_all(dir)?;
    let mut outcomes = Vec::new();
    for file in files {
        let path = dir.join(&file.name);
        let same = std::fs::read(&path)
            .map(|old| old == file.content)
            .unwrap_or(false);
        if same {
            outcomes.push(WriteOutcome::Unchanged(path));
        } else {
            std::fs::write(&path, &file.content)?;
            outcomes.push(WriteOutcome::Written(path));
        }
    }
    Ok(outcomes)
}
