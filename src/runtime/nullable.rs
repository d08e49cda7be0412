//! A field that may be left out, sent as `null`, or sent with a value: the three states a
//! PATCH body needs to keep a field, clear it, or change it.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An optional field that the service also accepts as `null`.
///
/// Generated structs hold optional nullable fields as `Nullable<T>` with
/// `#[serde(default, skip_serializing_if = "Nullable::is_absent")]`, so `Absent` leaves the key
/// out of the body, `Null` writes `"key": null`, and `Value(v)` writes the value. Decoding
/// gives `Absent` for a missing key and `Null` for an explicit `null`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub enum Nullable<T> {
    /// The key is left out.
    #[default]
    Absent,
    /// The key is sent as `null`.
    Null,
    /// The key is sent with this value.
    Value(T),
}

impl<T> Nullable<T> {
    /// Whether the key is left out (what `skip_serializing_if` asks).
    pub fn is_absent(&self) -> bool {
        matches!(self, Nullable::Absent)
    }

    /// The value, if there is one.
    pub fn as_ref(&self) -> Option<&T> {
        match self {
            Nullable::Value(value) => Some(value),
            Nullable::Absent | Nullable::Null => None,
        }
    }

    /// The value, if there is one.
    pub fn into_option(self) -> Option<T> {
        match self {
            Nullable::Value(value) => Some(value),
            Nullable::Absent | Nullable::Null => None,
        }
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Value(value) => value.serialize(serializer),
            // `Absent` is skipped by the field attribute; alone it can only be `null`.
            Nullable::Absent | Nullable::Null => serializer.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Only reached for a key that is present: a missing key takes the `Default` (`Absent`).
        Ok(match Option::<T>::deserialize(deserializer)? {
            Some(value) => Nullable::Value(value),
            None => Nullable::Null,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Patch {
        #[serde(default, skip_serializing_if = "Nullable::is_absent")]
        due: Nullable<String>,
    }

    #[test]
    fn the_three_states_round_trip() {
        let cases = [
            (Nullable::Absent, json!({})),
            (Nullable::Null, json!({"due": null})),
            (
                Nullable::Value("2026-12-01".to_owned()),
                json!({"due": "2026-12-01"}),
            ),
        ];
        for (due, wire) in cases {
            let patch = Patch { due };
            assert_eq!(serde_json::to_value(&patch).unwrap(), wire);
            assert_eq!(serde_json::from_value::<Patch>(wire).unwrap(), patch);
        }
    }
}
