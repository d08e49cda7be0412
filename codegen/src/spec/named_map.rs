//! An ordered YAML mapping whose keys keep their spans and whose duplicates survive parsing,
//! so the checker can point at the second definition of a name.

use crate::fast_hash::Map as HashMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::span::Spanned;

/// A mapping of names to values in the order they were written, with an index by name beside
/// the ordered entries so that a lookup costs the same for the first name and the 40,000th.
/// Short maps (most of them: an object's fields, an action's parameters) are searched in order
/// instead, which spares each of them a table and a copy of every key.
#[derive(Clone)]
pub struct NamedMap<V> {
    /// The entries, in source order, duplicates included.
    entries: Vec<(Spanned<String>, V)>,
    /// Each name's first entry, once the map holds [`INDEXED_FROM`] entries (boxed: the many
    /// short maps then cost one word for it, not a table's 48 bytes).
    #[allow(clippy::box_collection)]
    index: Option<Box<HashMap<String, usize>>>,
}

/// The length from which a map keeps an index by name.
const INDEXED_FROM: usize = 16;

impl<V> Default for NamedMap<V> {
    fn default() -> Self {
        NamedMap {
            entries: Vec::new(),
            index: None,
        }
    }
}

/// Shown as its entries in source order (the index is a by-product of them).
impl<V: fmt::Debug> fmt::Debug for NamedMap<V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.entries.iter().map(|(k, v)| (k, v)))
            .finish()
    }
}

impl<V: PartialEq> PartialEq for NamedMap<V> {
    fn eq(&self, other: &Self) -> bool {
        self.entries == other.entries
    }
}

impl<V> FromIterator<(Spanned<String>, V)> for NamedMap<V> {
    fn from_iter<I: IntoIterator<Item = (Spanned<String>, V)>>(iter: I) -> Self {
        let iter = iter.into_iter();
        let mut map = NamedMap::default();
        map.entries.reserve(iter.size_hint().0);
        for (key, value) in iter {
            map.push(key, value);
        }
        map
    }
}

impl<V> NamedMap<V> {
    /// Appends an entry; a repeated name is kept (the checker reports it), and lookups keep
    /// finding the first one.
    pub fn push(&mut self, key: Spanned<String>, value: V) {
        let at = self.entries.len();
        if let Some(index) = &mut self.index {
            if !index.contains_key(&key.value) {
                index.insert(key.value.clone(), at);
            }
        } else if at + 1 >= INDEXED_FROM {
            // Room for the entries reserved already, so that a map collected at its size is
            // indexed without growing the index.
            let mut index =
                crate::fast_hash::map_with_capacity(self.entries.capacity().max(at + 1));
            for (position, (name, _)) in self.entries.iter().enumerate() {
                index.entry(name.value.clone()).or_insert(position);
            }
            index.entry(key.value.clone()).or_insert(at);
            self.index = Some(Box::new(index));
        }
        self.entries.push((key, value));
    }

    /// The position of the first entry stored under `name`.
    fn position(&self, name: &str) -> Option<usize> {
        match &self.index {
            Some(index) => index.get(name).copied(),
            None => self.entries.iter().position(|(k, _)| k.value == name),
        }
    }

    /// The entries, in source order, duplicates included.
    pub fn entries(&self) -> &[(Spanned<String>, V)] {
        &self.entries
    }

    /// Iterates over the entries in source order.
    pub fn iter(&self) -> impl Iterator<Item = (&Spanned<String>, &V)> {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    /// Iterates over the entries in source order, to change their values (names stay, so the
    /// index stays true).
    pub fn iter_mut(&mut self) -> impl Iterator<Item = (&Spanned<String>, &mut V)> {
        self.entries.iter_mut().map(|(k, v)| (&*k, v))
    }

    /// The first value stored under `name`.
    pub fn get(&self, name: &str) -> Option<&V> {
        self.get_entry(name).map(|(_, v)| v)
    }

    /// The first entry stored under `name`, with its key's span.
    pub fn get_entry(&self, name: &str) -> Option<(&Spanned<String>, &V)> {
        let at = self.position(name)?;
        self.entries.get(at).map(|(k, v)| (k, v))
    }

    /// The first value stored under `name`, to change it.
    pub fn get_mut(&mut self, name: &str) -> Option<&mut V> {
        let at = self.position(name)?;
        self.entries.get_mut(at).map(|(_, v)| v)
    }

    /// Keeps the entries for which `keep` says so, in order.
    pub fn retain(&mut self, mut keep: impl FnMut(&Spanned<String>, &V) -> bool) {
        let entries = std::mem::take(&mut self.entries);
        self.index = None;
        for (key, value) in entries {
            if keep(&key, &value) {
                self.push(key, value);
            }
        }
    }

    /// Whether an entry is the first one of its name (not a repeat).
    pub fn is_first(&self, position: usize) -> bool {
        self.entries
            .get(position)
            .is_some_and(|(k, _)| self.position(&k.value) == Some(position))
    }

    /// Whether `name` is a key.
    pub fn contains(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// The keys in source order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(k, _)| k.value.as_str())
    }

    /// Number of entries, duplicates included.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for NamedMap<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MapVisitor<V>(PhantomData<V>);

        impl<'de, V: Deserialize<'de>> Visitor<'de> for MapVisitor<V> {
            type Value = NamedMap<V>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a mapping of names to definitions")
            }

            fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
                Ok(NamedMap::default())
            }

            fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
                Ok(NamedMap::default())
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut named = NamedMap::default();
                while let Some(key) = map.next_key::<Spanned<String>>()? {
                    let value = map.next_value::<V>()?;
                    named.push(key, value);
                }
                Ok(named)
            }
        }

        deserializer.deserialize_map(MapVisitor(PhantomData))
    }
}

/// Written as a plain mapping in source order (a repeated name is written again, as it was read).
impl<V: Serialize> Serialize for NamedMap<V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.entries.len()))?;
        for (key, value) in &self.entries {
            map.serialize_entry(&key.value, value)?;
        }
        map.end()
    }
}

impl<V: schemars::JsonSchema> schemars::JsonSchema for NamedMap<V> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("Map_of_{}", V::schema_name()).into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let value = generator.subschema_for::<V>();
        schemars::json_schema!({
            "type": ["object", "null"],
            "additionalProperties": value,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(name: &str, offset: usize) -> Spanned<String> {
        Spanned::new(name.to_owned(), crate::spec::Span::at(0, 0, offset, 0))
    }

    #[test]
    fn lookups_find_the_first_of_repeated_names() {
        let map: NamedMap<u32> = [(key("a", 0), 1), (key("b", 1), 2), (key("a", 2), 3)]
            .into_iter()
            .collect();
        assert_eq!(map.get("a"), Some(&1));
        assert_eq!(map.get_entry("a").map(|(k, _)| k.span.start()), Some(0));
        assert_eq!(map.get("b"), Some(&2));
        assert_eq!(map.get("c"), None);
        assert!(map.is_first(0) && map.is_first(1) && !map.is_first(2));
        assert_eq!(map.len(), 3);
    }

    /// Lookups give the first entry of a name whether the map is short (searched in order) or
    /// long enough to keep an index, and also for repeats on either side of that length.
    #[test]
    fn short_and_long_maps_find_the_same_first_entries() {
        for len in [
            1,
            INDEXED_FROM - 1,
            INDEXED_FROM,
            INDEXED_FROM + 1,
            3 * INDEXED_FROM,
        ] {
            let names: Vec<String> = (0..len).map(|i| format!("n{}", (i * 7) % 11)).collect();
            let mut map = NamedMap::default();
            for (at, name) in names.iter().enumerate() {
                map.push(key(name, at), at);
            }
            for probe in (0..12).map(|i| format!("n{i}")) {
                let first = names.iter().position(|n| *n == probe);
                assert_eq!(map.get(&probe).copied(), first, "{probe} in {len}");
                assert_eq!(map.get_entry(&probe).map(|(k, _)| k.span.start()), first);
                assert_eq!(map.contains(&probe), first.is_some());
            }
            for at in 0..len {
                let first = names.iter().position(|n| *n == names[at]) == Some(at);
                assert_eq!(map.is_first(at), first, "{at} in {len}");
            }
            let mut kept = map.clone();
            kept.retain(|k, _| k.value != "n0");
            assert_eq!(kept.get("n0"), None);
            assert_eq!(
                kept.get("n7").copied(),
                names.iter().position(|n| n == "n7")
            );
            if let Some(value) = map.get_mut("n7") {
                *value = usize::MAX;
            }
            let first = names.iter().position(|n| n == "n7");
            assert_eq!(map.get("n7").copied(), first.map(|_| usize::MAX));
        }
    }
}
