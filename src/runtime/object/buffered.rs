//! The compact reading of `json_object!`: an object is read into `serde_json` values first, and
//! each field is taken from them. Its code per struct is a few lines, the lightest to compile.

use std::collections::BTreeMap;
use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned};
use serde::Deserializer;
use serde_json::Value;

/// An object being read: its entries in the order written, each `None` once taken.
///
/// A list rather than a map: objects are small, and a map would hash every key of every level
/// once more than the `serde_json` values below it already did.
pub struct Fields<E> {
    entries: Vec<Option<(String, Value)>>,
    error: PhantomData<E>,
}

impl<E: de::Error> Fields<E> {
    /// Reads an object.
    pub fn read<'de, D: Deserializer<'de, Error = E>>(deserializer: D) -> Result<Self, E> {
        Ok(Fields {
            entries: deserializer.deserialize_map(Entries)?,
            error: PhantomData,
        })
    }

    /// The value of `key` read as a `T`, or `None` when the key is missing. A key written more
    /// than once has its last value; its earlier entries are dropped.
    fn take<T: DeserializeOwned>(&mut self, key: &str) -> Result<Option<T>, E> {
        let mut last = None;
        for at in 0..self.entries.len() {
            if self.entries[at].as_ref().is_some_and(|(k, _)| k == key) {
                if let Some(earlier) = last.replace(at) {
                    self.entries[earlier] = None;
                }
            }
        }
        match last.and_then(|at| self.entries[at].take()) {
            Some((_, value)) => T::deserialize(value)
                .map(Some)
                .map_err(|e| E::custom(format_args!("field `{key}`: {e}"))),
            None => Ok(None),
        }
    }

    /// A field that must be present.
    pub fn req<T: DeserializeOwned>(&mut self, key: &'static str) -> Result<T, E> {
        self.take(key)?.ok_or_else(|| E::missing_field(key))
    }

    /// A field read with a default when missing.
    pub fn def<T: DeserializeOwned + Default>(&mut self, key: &'static str) -> Result<T, E> {
        Ok(self.take(key)?.unwrap_or_default())
    }

    /// A field read with a default when missing (and left out when absent).
    pub fn opt<T: DeserializeOwned + Default>(&mut self, key: &'static str) -> Result<T, E> {
        self.def(key)
    }

    /// The keys not taken by a named field, with their values (a key written more than once
    /// has its last value).
    pub fn rest<V: DeserializeOwned>(&mut self) -> Result<BTreeMap<String, V>, E> {
        let last: BTreeMap<String, Value> = std::mem::take(&mut self.entries)
            .into_iter()
            .flatten()
            .collect();
        last.into_iter()
            .map(|(key, value)| match V::deserialize(value) {
                Ok(value) => Ok((key, value)),
                Err(e) => Err(E::custom(format_args!("field `{key}`: {e}"))),
            })
            .collect()
    }
}

/// Reads an object's entries in order, as `serde_json::Map`'s own reading does but without
/// hashing the keys.
struct Entries;

impl<'de> de::Visitor<'de> for Entries {
    type Value = Vec<Option<(String, Value)>>;

    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("a map")
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0).min(64));
        while let Some(entry) = map.next_entry::<String, Value>()? {
            entries.push(Some(entry));
        }
        Ok(entries)
    }
}
