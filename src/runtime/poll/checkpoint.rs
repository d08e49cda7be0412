//! The checkpoint of a polling trigger: the identities of the acknowledged items and the
//! cursor value to list from.

use std::collections::{HashSet, VecDeque};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::runtime::encode::lookup;

/// The format version written into every checkpoint.
pub const CHECKPOINT_VERSION: u32 = 1;

/// What a trigger has acknowledged.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Checkpoint {
    /// The format version.
    pub version: u32,
    /// Identity keys of acknowledged items, oldest first.
    seen: VecDeque<String>,
    /// The value passed in the cursor parameter of the next listing.
    pub cursor: Option<String>,
    #[serde(skip)]
    index: HashSet<String>,
}

impl PartialEq for Checkpoint {
    fn eq(&self, other: &Self) -> bool {
        self.version == other.version && self.seen == other.seen && self.cursor == other.cursor
    }
}

impl Checkpoint {
    /// An empty checkpoint starting from `cursor`.
    pub fn new(cursor: Option<String>) -> Checkpoint {
        Checkpoint {
            version: CHECKPOINT_VERSION,
            cursor,
            ..Checkpoint::default()
        }
    }

    /// Whether the item with identity `key` was acknowledged.
    pub fn contains(&self, key: &str) -> bool {
        self.index.contains(key)
    }

    /// The acknowledged identities, oldest first.
    pub fn seen(&self) -> impl Iterator<Item = &str> {
        self.seen.iter().map(String::as_str)
    }

    /// How many identities are kept.
    pub fn len(&self) -> usize {
        self.seen.len()
    }

    /// Whether no identity is kept.
    pub fn is_empty(&self) -> bool {
        self.seen.is_empty()
    }

    /// Records `key`, forgetting the oldest identities beyond `capacity`.
    pub fn insert(&mut self, key: String, capacity: usize) {
        if self.index.insert(key.clone()) {
            self.seen.push_back(key);
        }
        while self.seen.len() > capacity.max(1) {
            if let Some(old) = self.seen.pop_front() {
                self.index.remove(&old);
            }
        }
    }

    /// Serialises the checkpoint as JSON.
    pub fn to_bytes(&self) -> Vec<u8> {
        // A struct of strings always serialises.
        serde_json::to_vec(self).unwrap_or_default()
    }

    /// Reads a checkpoint written by [`Checkpoint::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Checkpoint, serde_json::Error> {
        let mut checkpoint: Checkpoint = serde_json::from_slice(bytes)?;
        checkpoint.index = checkpoint.seen.iter().cloned().collect();
        Ok(checkpoint)
    }
}

/// The identity of an item: the value at the single path as text, or a JSON array of the
/// values at several paths (a composite key). `None` when a path is missing or `null`.
pub fn identity_key(item: &Value, paths: &[String]) -> Option<String> {
    let values: Option<Vec<&Value>> = paths
        .iter()
        .map(|p| lookup(item, p).filter(|v| !v.is_null()))
        .collect();
    let values = values?;
    match values.as_slice() {
        [] => None,
        [Value::String(s)] => Some(s.clone()),
        [single] => Some(single.to_string()),
        many => serde_json::to_string(many).ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn identities_single_and_composite() {
        let item = json!({"webinarKey": "w1", "registrant": {"key": 7}, "none": null});
        assert_eq!(
            identity_key(&item, &["webinarKey".into()]).as_deref(),
            Some("w1")
        );
        assert_eq!(
            identity_key(&item, &["webinarKey".into(), "registrant.key".into()]).as_deref(),
            Some(r#"["w1",7]"#)
        );
        assert_eq!(identity_key(&item, &["none".into()]), None);
        // `.` is the item itself: plain values are their own identity.
        assert_eq!(
            identity_key(&json!("ada"), &[".".into()]).as_deref(),
            Some("ada")
        );
        assert_eq!(identity_key(&json!(7), &[".".into()]).as_deref(), Some("7"));
        assert_eq!(identity_key(&item, &["missing".into()]), None);
    }

    #[test]
    fn checkpoints_round_trip_and_stay_bounded() {
        let mut checkpoint = Checkpoint::new(Some("2026-01-01".into()));
        for key in ["a", "b", "c", "b"] {
            checkpoint.insert(key.into(), 2);
        }
        assert_eq!(checkpoint.seen().collect::<Vec<_>>(), vec!["b", "c"]);
        assert!(!checkpoint.contains("a"));
        let back = Checkpoint::from_bytes(&checkpoint.to_bytes()).unwrap();
        assert_eq!(back, checkpoint);
        assert!(back.contains("c"));
    }
}
