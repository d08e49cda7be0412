//! Serde's traits for the structs of generated JSON clients, written once as a macro and a few
//! generic functions instead of serde's derives: a derived `Deserialize` is a field enum, two
//! visitors and a match per struct, and on a large API it is most of what `cargo check` of the
//! client spends. Here a struct's `Serialize` writes a map entry per field, and its
//! `Deserialize` reads the object into a `serde_json` map and takes each field out of it.
//!
//! Reading through `serde_json::Value` needs a self-describing format (JSON, YAML, …); XML
//! services keep serde's derives, since their lenient reader is led by the field types.

use std::collections::BTreeMap;
use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned};
use serde::ser::SerializeMap;
use serde::{Deserializer, Serialize};
use serde_json::Value;

use super::Nullable;

/// Implements serde's `Serialize` and `Deserialize` for a struct of a generated JSON client.
/// Generated code calls it as `runtime::json_object!(Name { field: "wire" mode, … });`, with
/// `+ rest` after the braces when a map field `rest` holds the keys beyond the named ones. The
/// mode says how an absent key is read and written:
/// - `req`: a missing key is an error; always written;
/// - `def`: a missing key gives the field's `Default`; always written;
/// - `opt`: a missing key gives the field's `Default`; left out when the field is absent
///   (`None` of an `Option`, `Absent` of a `Nullable`).
#[doc(hidden)]
#[macro_export]
macro_rules! __connectors_json_object {
    ($name:ident { $($field:ident : $wire:literal $mode:ident),* $(,)? } $(+ $rest:ident)?) => {
        impl $crate::runtime::serde::Serialize for $name {
            fn serialize<S: $crate::runtime::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                #[allow(unused_mut)]
                let mut map = $crate::runtime::serde::Serializer::serialize_map(
                    serializer,
                    ::std::option::Option::None,
                )?;
                $($crate::runtime::object::$mode(&mut map, $wire, &self.$field)?;)*
                $($crate::runtime::object::rest(&mut map, &self.$rest)?;)?
                $crate::runtime::serde::ser::SerializeMap::end(map)
            }
        }
        impl<'de> $crate::runtime::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::runtime::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                #[allow(unused_mut)]
                let mut fields = $crate::runtime::object::Fields::read(deserializer)?;
                ::std::result::Result::Ok(Self {
                    $($field: fields.$mode($wire)?,)*
                    $($rest: fields.rest()?,)?
                })
            }
        }
    };
}

/// A field that can be left out of the object it belongs to.
pub trait Absent {
    /// Whether the field is left out.
    fn is_absent_field(&self) -> bool;
}

impl<T> Absent for Option<T> {
    fn is_absent_field(&self) -> bool {
        self.is_none()
    }
}

impl<T> Absent for Nullable<T> {
    fn is_absent_field(&self) -> bool {
        self.is_absent()
    }
}

/// Writes a field that is always written.
pub fn req<M: SerializeMap, T: Serialize + ?Sized>(
    map: &mut M,
    key: &'static str,
    value: &T,
) -> Result<(), M::Error> {
    map.serialize_entry(key, value)
}

/// Writes a field that is always written, though read with a default.
pub fn def<M: SerializeMap, T: Serialize + ?Sized>(
    map: &mut M,
    key: &'static str,
    value: &T,
) -> Result<(), M::Error> {
    map.serialize_entry(key, value)
}

/// Writes a field unless it is absent.
pub fn opt<M: SerializeMap, T: Serialize + Absent>(
    map: &mut M,
    key: &'static str,
    value: &T,
) -> Result<(), M::Error> {
    if value.is_absent_field() {
        Ok(())
    } else {
        map.serialize_entry(key, value)
    }
}

/// Writes the keys beyond the named fields.
pub fn rest<M: SerializeMap, V: Serialize>(
    map: &mut M,
    rest: &BTreeMap<String, V>,
) -> Result<(), M::Error> {
    rest.iter()
        .try_for_each(|(key, value)| map.serialize_entry(key, value))
}

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

    fn visit_unit<Er: de::Error>(self) -> Result<Self::Value, Er> {
        Ok(Vec::new())
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0).min(64));
        while let Some(entry) = map.next_entry::<String, Value>()? {
            entries.push(Some(entry));
        }
        Ok(entries)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::runtime::Nullable;

    #[derive(Debug, PartialEq, Default)]
    struct Item {
        id: i64,
        type_: Option<String>,
        tags: Vec<String>,
        due: Nullable<String>,
        extra: std::collections::BTreeMap<String, i64>,
    }
    crate::__connectors_json_object!(Item {
        id: "id" req,
        type_: "type" opt,
        tags: "tags" def,
        due: "due" opt
    } + extra);

    #[derive(Debug, PartialEq)]
    struct Outer {
        item: Option<Item>,
    }
    crate::__connectors_json_object!(Outer { item: "item" opt });

    #[test]
    fn writes_present_fields_under_their_wire_names() {
        let item = Item {
            id: 1,
            type_: Some("a".into()),
            due: Nullable::Null,
            extra: [("more".to_owned(), 2)].into(),
            ..Item::default()
        };
        assert_eq!(
            serde_json::to_value(&item).unwrap(),
            json!({"id": 1, "type": "a", "tags": [], "due": null, "more": 2})
        );
        let bare = Item::default();
        assert_eq!(
            serde_json::to_value(&bare).unwrap(),
            json!({"id": 0, "tags": []})
        );
    }

    #[test]
    fn reads_fields_defaults_and_the_other_keys() {
        let item: Item = serde_json::from_value(json!({"id": 3, "due": null, "other": 4})).unwrap();
        assert_eq!(
            item,
            Item {
                id: 3,
                due: Nullable::Null,
                extra: [("other".to_owned(), 4)].into(),
                ..Item::default()
            }
        );
        let round: Item = serde_json::from_str(&serde_json::to_string(&item).unwrap()).unwrap();
        assert_eq!(round, item);
    }

    /// The struct as serde's derives read and wrote it before `json_object!`.
    #[derive(Debug, PartialEq, Default, serde::Serialize, serde::Deserialize)]
    struct Derived {
        id: i64,
        #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
        type_: Option<String>,
        #[serde(default)]
        note: Option<String>,
        #[serde(default, skip_serializing_if = "Nullable::is_absent")]
        due: Nullable<String>,
        #[serde(flatten)]
        extra: std::collections::BTreeMap<String, i64>,
    }

    #[derive(Debug, PartialEq, Default)]
    struct Macro {
        id: i64,
        type_: Option<String>,
        note: Option<String>,
        due: Nullable<String>,
        extra: std::collections::BTreeMap<String, i64>,
    }
    crate::__connectors_json_object!(Macro {
        id: "id" req,
        type_: "type" opt,
        note: "note" def,
        due: "due" opt
    } + extra);

    /// Both read every document alike (the same value or both an error) and write back the
    /// same JSON.
    #[test]
    fn reads_and_writes_what_serdes_derives_did() {
        let documents = [
            r#"{"id": 1}"#,
            r#"{"id": 1, "type": "a", "note": "n", "due": "d", "x": 5}"#,
            r#"{"id": 1, "type": null, "note": null, "due": null}"#,
            r#"{"type": "a"}"#,
            r#"{"id": "1"}"#,
            r#"{"id": 1, "x": "not a number"}"#,
            r#"{"id": 1, "due": 3}"#,
            r#"[]"#,
            r#"null"#,
        ];
        for document in documents {
            let derived = serde_json::from_str::<Derived>(document);
            let ours = serde_json::from_str::<Macro>(document);
            assert_eq!(derived.is_ok(), ours.is_ok(), "{document}");
            if let (Ok(derived), Ok(ours)) = (derived, ours) {
                assert_eq!(
                    serde_json::to_value(&derived).unwrap(),
                    serde_json::to_value(&ours).unwrap(),
                    "{document}"
                );
                assert_eq!(derived.id, ours.id);
                assert_eq!(derived.type_, ours.type_);
                assert_eq!(derived.note, ours.note);
                assert_eq!(derived.due, ours.due);
                assert_eq!(derived.extra, ours.extra);
            }
        }
    }

    /// A key written twice has its last value, for a named field and for the other keys alike,
    /// and an earlier value is never read (as a `serde_json` map read in order keeps it).
    #[test]
    fn a_key_written_twice_keeps_its_last_value() {
        let item: Item = serde_json::from_str(
            r#"{"id": "not a number", "x": "not a number", "id": 7, "x": 1, "type": "a", "x": 2}"#,
        )
        .unwrap();
        assert_eq!(item.id, 7);
        assert_eq!(item.type_.as_deref(), Some("a"));
        assert_eq!(item.extra, [("x".to_owned(), 2)].into());
        let nested: Outer =
            serde_json::from_str(r#"{"item": {"id": 1}, "item": {"id": 2, "due": null}}"#).unwrap();
        let inner = nested.item.expect("the last item");
        assert_eq!((inner.id, inner.due), (2, Nullable::Null));
    }

    #[test]
    fn a_missing_or_mistyped_field_is_an_error_naming_it() {
        let missing = serde_json::from_value::<Item>(json!({"type": "a"})).unwrap_err();
        assert_eq!(missing.to_string(), "missing field `id`");
        let nested = serde_json::from_str::<Outer>(r#"{"item": {"id": "x"}}"#).unwrap_err();
        assert!(
            nested
                .to_string()
                .starts_with("field `item`: field `id`: invalid type"),
            "{nested}"
        );
        assert!(serde_json::from_str::<Outer>("[1]").is_err());
    }
}
