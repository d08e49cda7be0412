//! Files sent as multipart parts.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A file to upload: its name, content type and bytes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct File {
    /// The file name sent with the part.
    pub name: String,
    /// The part's content type (`application/octet-stream` when empty).
    pub content_type: String,
    /// The content.
    pub bytes: Vec<u8>,
}

impl File {
    /// A file with a name and content.
    pub fn new(name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> File {
        File {
            name: name.into(),
            content_type: String::new(),
            bytes: bytes.into(),
        }
    }

    /// Sets the content type.
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> File {
        self.content_type = content_type.into();
        self
    }
}

/// In JSON a file is written as its content, read as text.
impl Serialize for File {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&String::from_utf8_lossy(&self.bytes))
    }
}

impl<'de> Deserialize<'de> for File {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Ok(File::new(String::new(), text.into_bytes()))
    }
}
