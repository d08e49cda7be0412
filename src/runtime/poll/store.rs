//! Where checkpoints are kept: a trait, a file store that replaces its file atomically, and an
//! in-memory store.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::Checkpoint;

/// Keeps one trigger's checkpoint.
///
/// `save` must be atomic and durable: when it returns `Ok`, a later `load` (in this process or
/// after a crash) returns the saved checkpoint; when it fails or the process dies during it, a
/// later `load` returns either the previous checkpoint or the new one, never a mix.
pub trait CheckpointStore: Send + Sync {
    /// The stored checkpoint, `None` before the first save.
    fn load(&self) -> io::Result<Option<Checkpoint>>;
    /// Replaces the stored checkpoint.
    fn save(&self, checkpoint: &Checkpoint) -> io::Result<()>;
}

/// A checkpoint in a JSON file, replaced atomically: the new content goes to a temporary file
/// in the same directory, which is flushed to disk, renamed over the old file, and the
/// directory flushed so that the rename itself survives a power cut.
#[derive(Clone, Debug)]
pub struct FileStore {
    path: PathBuf,
}

impl FileStore {
    /// A store writing to `path` (its directory must exist).
    pub fn new(path: impl Into<PathBuf>) -> FileStore {
        FileStore { path: path.into() }
    }

    /// The checkpoint file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn temp_path(&self) -> PathBuf {
        let mut name = self.path.file_name().unwrap_or_default().to_os_string();
        name.push(format!(".{}.tmp", std::process::id()));
        self.path.with_file_name(name)
    }
}

impl CheckpointStore for FileStore {
    fn load(&self) -> io::Result<Option<Checkpoint>> {
        match fs::read(&self.path) {
            Ok(bytes) => Checkpoint::from_bytes(&bytes)
                .map(Some)
                .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    fn save(&self, checkpoint: &Checkpoint) -> io::Result<()> {
        let temp = self.temp_path();
        let written = (|| {
            let mut file = fs::File::create(&temp)?;
            file.write_all(&checkpoint.to_bytes())?;
            file.sync_all()?;
            fs::rename(&temp, &self.path)
        })();
        if written.is_err() {
            let _ = fs::remove_file(&temp);
            return written;
        }
        sync_dir(&self.path)
    }
}

#[cfg(unix)]
fn sync_dir(path: &Path) -> io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    fs::File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_path: &Path) -> io::Result<()> {
    // Directories cannot be opened for syncing here; the rename is as durable as the OS makes it.
    Ok(())
}

/// A checkpoint in memory, shared by its clones (for tests, and for triggers that need not
/// survive a restart).
#[derive(Clone, Debug, Default)]
pub struct MemoryStore {
    slot: Arc<Mutex<Option<Checkpoint>>>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> MemoryStore {
        MemoryStore::default()
    }
}

impl CheckpointStore for MemoryStore {
    fn load(&self) -> io::Result<Option<Checkpoint>> {
        let slot = self.slot.lock().unwrap_or_else(|p| p.into_inner());
        // Round-trip through bytes, as a real store would, so nothing unsaved leaks through.
        Ok(match &*slot {
            Some(c) => Some(
                Checkpoint::from_bytes(&c.to_bytes())
                    .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?,
            ),
            None => None,
        })
    }

    fn save(&self, checkpoint: &Checkpoint) -> io::Result<()> {
        *self.slot.lock().unwrap_or_else(|p| p.into_inner()) = Some(checkpoint.clone());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_store_replaces_its_file_whole() {
        let dir = tempfile::tempdir().unwrap();
        let store = FileStore::new(dir.path().join("trigger.json"));
        assert_eq!(store.load().unwrap(), None);
        let mut checkpoint = Checkpoint::new(None);
        checkpoint.insert("a".into(), 10);
        store.save(&checkpoint).unwrap();
        checkpoint.insert("b".into(), 10);
        checkpoint.cursor = Some("5".into());
        store.save(&checkpoint).unwrap();
        assert_eq!(store.load().unwrap(), Some(checkpoint));
        // Only the checkpoint is left: no temporary file.
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
        // A store in a missing directory fails and leaves nothing behind.
        let broken = FileStore::new(dir.path().join("missing/trigger.json"));
        assert!(broken.save(&Checkpoint::new(None)).is_err());
    }

    #[test]
    fn a_corrupt_file_is_an_error_not_a_fresh_start() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("trigger.json");
        fs::write(&path, b"{not json").unwrap();
        assert!(FileStore::new(path).load().is_err());
    }
}
