//! The `direct` reading of `json_object!`: one map visitor per struct reads each value straight
//! into its field's type, as serde's derives do, so responses decode as fast; the helpers here
//! keep the code per struct small.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed};
use serde::{Deserialize, Deserializer};

/// A field's value once the object is read, by the field's mode.
pub mod read {
    use serde::de;

    /// A field that must be present.
    pub fn req<T, E: de::Error>(value: Option<T>, key: &'static str) -> Result<T, E> {
        value.ok_or_else(|| E::missing_field(key))
    }

    /// A field read with a default when missing.
    pub fn def<T: Default, E: de::Error>(value: Option<T>, _key: &'static str) -> Result<T, E> {
        Ok(value.unwrap_or_default())
    }

    /// A field read with a default when missing (and left out when absent).
    pub fn opt<T: Default, E: de::Error>(value: Option<T>, key: &'static str) -> Result<T, E> {
        def(value, key)
    }
}

/// An object's key: borrowed from the input when the reader can lend it, so matching a key
/// against the wire names allocates nothing.
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    /// The key's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key as an owned string.
    pub fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> de::Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a key")
    }

    fn visit_borrowed_str<E: de::Error>(self, key: &'de str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Borrowed(key)))
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(key.to_owned())))
    }

    fn visit_string<E: de::Error>(self, key: String) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(key)))
    }
}

/// Reads a field's value as a `T`; an error says which field it was in.
pub struct Field<'k, T> {
    key: &'k str,
    value: PhantomData<T>,
}

impl<'k, T> Field<'k, T> {
    /// The reader of the value of `key`.
    pub fn new(key: &'k str) -> Self {
        Field {
            key,
            value: PhantomData,
        }
    }
}

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for Field<'_, T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::deserialize(deserializer)
            .map_err(|e| de::Error::custom(format_args!("field `{}`: {e}", self.key)))
    }
}
