//! The impls every generated enum shares, written once as macros: the generated module holds
//! each enum's declaration (its variants and their docs) and one call naming its wire values.
//! Serde's traits are foreign to both crates, so a generic impl cannot stand in.

/// Implements, for an enum of texts with a last variant `Unknown(String)`: `as_str` (the value
/// as sent on the wire), `From<&str>` (an unknown text kept in `Unknown`), `Display`, and serde's
/// `Serialize` and `Deserialize` through the text. Generated code calls it as
/// `runtime::text_enum!(Name { Variant = "wire", … });`.
#[doc(hidden)]
#[macro_export]
macro_rules! __connectors_text_enum {
    ($name:ident { $($variant:ident = $wire:literal),* $(,)? }) => {
        impl $name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::Unknown(value) => value.as_str(),
                }
            }
        }
        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($wire => Self::$variant,)*
                    other => Self::Unknown(::std::string::String::from(other)),
                }
            }
        }
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl $crate::runtime::serde::Serialize for $name {
            fn serialize<S: $crate::runtime::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
        impl<'de> $crate::runtime::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::runtime::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let text = <::std::string::String as $crate::runtime::serde::Deserialize>::deserialize(
                    deserializer,
                )?;
                ::std::result::Result::Ok(Self::from(text.as_str()))
            }
        }
    };
}

/// Implements, for an enum of JSON values other than texts with a last variant
/// `Unknown(serde_json::Value)`: `to_value` (the value as sent on the wire), `from_value` (also
/// given as text, as XML carries it; an unknown value kept in `Unknown`), and serde's
/// `Serialize` and `Deserialize` through the value. Generated code calls it as
/// `runtime::value_enum!(Name { Variant = 1i64 => "1", … });`, each value being what
/// `serde_json::Value::from` takes (`()` for `null`).
#[doc(hidden)]
#[macro_export]
macro_rules! __connectors_value_enum {
    ($name:ident { $($variant:ident = $value:expr => $text:literal),* $(,)? }) => {
        impl $name {
            /// The value as sent on the wire.
            pub fn to_value(&self) -> $crate::runtime::serde_json::Value {
                match self {
                    $(Self::$variant => $crate::runtime::serde_json::Value::from($value),)*
                    Self::Unknown(value) => ::std::clone::Clone::clone(value),
                }
            }

            /// The variant of a wire value (also given as text, as XML carries it).
            pub fn from_value(value: $crate::runtime::serde_json::Value) -> Self {
                $(
                    if $crate::runtime::encode::is_wire_value(
                        &value,
                        $crate::runtime::serde_json::Value::from($value),
                        $text,
                    ) {
                        return Self::$variant;
                    }
                )*
                Self::Unknown(value)
            }
        }
        impl $crate::runtime::serde::Serialize for $name {
            fn serialize<S: $crate::runtime::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                $crate::runtime::serde::Serialize::serialize(&self.to_value(), serializer)
            }
        }
        impl<'de> $crate::runtime::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::runtime::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let value = <$crate::runtime::serde_json::Value as $crate::runtime::serde::Deserialize>::deserialize(
                    deserializer,
                )?;
                ::std::result::Result::Ok(Self::from_value(value))
            }
        }
    };
}
