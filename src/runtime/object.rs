//! Serde's traits for the structs of generated JSON clients, written once as a macro and a few
//! generic functions instead of serde's derives: a derived `Deserialize` is a field enum with its
//! own visitor, a sequence visitor and a map visitor per struct, and on a large API it is most
//! of what `cargo check` of the client spends. A struct's `Serialize` writes a map entry per
//! field. Its `Deserialize` comes in two forms:
//! - compact (`json_object!(Name { … })`): the object is read into `serde_json` values and each
//!   field taken from them ([`buffered`]); a few lines per struct, the lightest to compile, and
//!   reading takes about three times as long as the derives';
//! - direct (`json_object!(direct Name { … })`): one map visitor reads each value straight into
//!   its field's type ([`direct`]); reading is as fast as the derives', and it compiles in about
//!   1.5 times the compact form's time (0.6 times the derives').
//!
//! Both read what the derives read, except that an array is not read as a struct, and a key
//! written more than once keeps its last value (the derives reject it). An error names the
//! field path (``field `a`: field `b`: invalid type …``), with the reader's line and column
//! where it has them. XML services keep serde's derives, since their lenient reader is led by
//! the field types.

use std::collections::BTreeMap;

use serde::ser::SerializeMap;
use serde::Serialize;

use super::Nullable;

pub mod buffered;
pub mod direct;

pub use buffered::Fields;
pub use direct::{read, Field, Key};

/// Implements serde's `Serialize` and `Deserialize` for a struct of a generated JSON client.
/// Generated code calls it as `runtime::json_object!(Name { field: "wire" mode, … });`, with
/// `+ rest` after the braces when a map field `rest` holds the keys beyond the named ones, and
/// with `direct` before the name for the direct reading (see the module's documentation). The
/// mode says how an absent key is read and written:
/// - `req`: a missing key is an error; always written;
/// - `def`: a missing key gives the field's `Default`; always written;
/// - `opt`: a missing key gives the field's `Default`; left out when the field is absent
///   (`None` of an `Option`, `Absent` of a `Nullable`).
#[doc(hidden)]
#[macro_export]
macro_rules! __connectors_json_object {
    (direct $name:ident { $($field:ident : $wire:literal $mode:ident),* $(,)? } $(+ $rest:ident)?) => {
        $crate::__connectors_json_object!(@serialize $name { $($field: $wire $mode),* } $(+ $rest)?);
        impl<'de> $crate::runtime::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::runtime::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                // Generated type names never start with `__`, so this one cannot hide `$name`.
                struct __Visitor;
                impl<'de> $crate::runtime::serde::de::Visitor<'de> for __Visitor {
                    type Value = $name;
                    fn expecting(
                        &self,
                        formatter: &mut ::std::fmt::Formatter<'_>,
                    ) -> ::std::fmt::Result {
                        formatter.write_str(::std::concat!("an object (", ::std::stringify!($name), ")"))
                    }
                    fn visit_map<A: $crate::runtime::serde::de::MapAccess<'de>>(
                        self,
                        mut map: A,
                    ) -> ::std::result::Result<$name, A::Error> {
                        $(let mut $field = ::std::option::Option::None;)*
                        $(let mut $rest = ::std::collections::BTreeMap::new();)?
                        while let ::std::option::Option::Some(key) =
                            map.next_key::<$crate::runtime::object::Key<'de>>()?
                        {
                            match key.as_str() {
                                $($wire => {
                                    $field = ::std::option::Option::Some(
                                        map.next_value_seed($crate::runtime::object::Field::new($wire))?,
                                    );
                                })*
                                _ => $crate::__connectors_json_object!(@other map key $($rest)?),
                            }
                        }
                        ::std::result::Result::Ok($name {
                            $($field: $crate::runtime::object::read::$mode($field, $wire)?,)*
                            $($rest: $rest,)?
                        })
                    }
                }
                $crate::runtime::serde::Deserializer::deserialize_map(deserializer, __Visitor)
            }
        }
    };
    (@other $map:ident $key:ident) => {{
        $map.next_value::<$crate::runtime::serde::de::IgnoredAny>()?;
    }};
    (@other $map:ident $key:ident $rest:ident) => {{
        let value = $map.next_value_seed($crate::runtime::object::Field::new($key.as_str()))?;
        $rest.insert($key.into_string(), value);
    }};
    (@serialize $name:ident { $($field:ident : $wire:literal $mode:ident),* } $(+ $rest:ident)?) => {
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
    };
    ($name:ident { $($field:ident : $wire:literal $mode:ident),* $(,)? } $(+ $rest:ident)?) => {
        $crate::__connectors_json_object!(@serialize $name { $($field: $wire $mode),* } $(+ $rest)?);
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

#[cfg(test)]
mod tests;
