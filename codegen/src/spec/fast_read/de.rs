//! The fast reader's serde side: the parsed nodes offered to a `Deserialize` type, each
//! target asking as serde-saphyr answers it. Where serde-saphyr's answer is not certain the
//! reader gives up with an [`Error`], and the file is read again by serde-saphyr.

use std::fmt;

use serde::de::{self, DeserializeSeed, Visitor};

use super::scalar::{self, Resolved};
use super::tree::{Kind, Node};
use crate::spec::span::SPANNED_NEWTYPE;

/// Why the fast reader stopped; never shown, since serde-saphyr reads the file instead.
#[derive(Debug)]
pub(super) struct Error;

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("left to serde-saphyr")
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Error
    }
}

/// One node of the tree, as a deserializer.
#[derive(Clone, Copy)]
pub(super) struct NodeDe<'t, 'a> {
    pub nodes: &'t [Node<'a>],
    pub at: usize,
}

impl<'t, 'a> NodeDe<'t, 'a> {
    fn node(&self) -> &'t Node<'a> {
        &self.nodes[self.at]
    }

    /// The node's text when it is a scalar.
    fn scalar(&self) -> Result<(&'t std::borrow::Cow<'a, str>, bool), Error> {
        match &self.node().kind {
            Kind::Scalar(text, plain) => Ok((text, *plain)),
            _ => Err(Error),
        }
    }

    fn plain_null(&self) -> bool {
        matches!(&self.node().kind, Kind::Scalar(text, true) if scalar::is_null(text))
    }

    fn visit_text<V: Visitor<'a>>(&self, visitor: V) -> Result<V::Value, Error> {
        match self.scalar()?.0 {
            std::borrow::Cow::Borrowed(text) => visitor.visit_borrowed_str(text),
            std::borrow::Cow::Owned(text) => visitor.visit_str(text),
        }
    }

    fn entries(&self) -> Entries<'t, 'a> {
        Entries {
            nodes: self.nodes,
            next: self.at + 1,
            end: self.node().end as usize,
        }
    }

    fn unsigned(&self) -> Result<u64, Error> {
        scalar::unsigned(self.scalar()?.0).ok_or(Error)
    }

    fn signed(&self) -> Result<i64, Error> {
        let text = self.scalar()?.0;
        match text.strip_prefix('-') {
            Some(digits) => {
                let value = scalar::unsigned(digits).ok_or(Error)?;
                0i64.checked_sub_unsigned(value).ok_or(Error)
            }
            None => i64::try_from(scalar::unsigned(text).ok_or(Error)?).map_err(|_| Error),
        }
    }
}

/// The children of a mapping or a list, in order.
struct Entries<'t, 'a> {
    nodes: &'t [Node<'a>],
    next: usize,
    end: usize,
}

impl<'t, 'a> Entries<'t, 'a> {
    fn take(&mut self) -> Option<NodeDe<'t, 'a>> {
        if self.next >= self.end {
            return None;
        }
        let node = NodeDe {
            nodes: self.nodes,
            at: self.next,
        };
        self.next = self.nodes[self.next].end as usize;
        Some(node)
    }
}

impl<'a> de::SeqAccess<'a> for Entries<'_, 'a> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'a>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        self.take().map(|node| seed.deserialize(node)).transpose()
    }
}

impl<'a> de::MapAccess<'a> for Entries<'_, 'a> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'a>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        self.take().map(|node| seed.deserialize(node)).transpose()
    }

    fn next_value_seed<V: DeserializeSeed<'a>>(&mut self, seed: V) -> Result<V::Value, Error> {
        seed.deserialize(self.take().ok_or(Error)?)
    }
}

/// What [`Spanned`](crate::spec::Spanned) reads from the fast reader: the node's span as four
/// numbers (line, column, byte offset, length), then the node.
struct SpannedParts<'t, 'a> {
    node: NodeDe<'t, 'a>,
    taken: u8,
}

impl<'a> de::SeqAccess<'a> for SpannedParts<'_, 'a> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'a>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        self.taken += 1;
        match self.taken {
            1 => {
                let span = self.node.node().span;
                let parts = [span.line, span.column, span.offset, span.len];
                let parts = de::value::SeqDeserializer::<_, Error>::new(parts.into_iter());
                seed.deserialize(parts).map(Some)
            }
            2 => seed.deserialize(self.node).map(Some),
            _ => Ok(None),
        }
    }
}

/// An externally tagged enum: a scalar names a unit variant, a one-key mapping any variant.
struct Variant<'t, 'a> {
    name: NodeDe<'t, 'a>,
    value: Option<NodeDe<'t, 'a>>,
}

impl<'t, 'a> de::EnumAccess<'a> for Variant<'t, 'a> {
    type Error = Error;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'a>>(self, seed: V) -> Result<(V::Value, Self), Error> {
        let name = seed.deserialize(self.name)?;
        Ok((name, self))
    }
}

impl<'a> de::VariantAccess<'a> for Variant<'_, 'a> {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        match self.value {
            None => Ok(()),
            Some(_) => Err(Error),
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'a>>(self, seed: T) -> Result<T::Value, Error> {
        seed.deserialize(self.value.ok_or(Error)?)
    }

    fn tuple_variant<V: Visitor<'a>>(self, _: usize, _: V) -> Result<V::Value, Error> {
        Err(Error)
    }

    fn struct_variant<V: Visitor<'a>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        de::Deserializer::deserialize_struct(self.value.ok_or(Error)?, "", fields, visitor)
    }
}

macro_rules! unsigned_targets {
    ($($method:ident $visit:ident $ty:ty),*) => {$(
        fn $method<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
            visitor.$visit(<$ty>::try_from(self.unsigned()?).map_err(|_| Error)?)
        }
    )*};
}

macro_rules! signed_targets {
    ($($method:ident $visit:ident $ty:ty),*) => {$(
        fn $method<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
            visitor.$visit(<$ty>::try_from(self.signed()?).map_err(|_| Error)?)
        }
    )*};
}

impl<'a> de::Deserializer<'a> for NodeDe<'_, 'a> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.node().kind {
            Kind::Map => visitor.visit_map(self.entries()),
            Kind::Seq => visitor.visit_seq(self.entries()),
            Kind::Scalar(_, false) => self.visit_text(visitor),
            Kind::Scalar(text, true) => match scalar::resolve_plain(text).map_err(|_| Error)? {
                Resolved::Null => visitor.visit_unit(),
                Resolved::Bool(value) => visitor.visit_bool(value),
                Resolved::Unsigned(value) => visitor.visit_u64(value),
                Resolved::Signed(value) => visitor.visit_i64(value),
                Resolved::Float(value) => visitor.visit_f64(value),
                Resolved::Text(_) => self.visit_text(visitor),
            },
        }
    }

    fn deserialize_bool<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_bool(scalar::yaml11_bool(self.scalar()?.0).ok_or(Error)?)
    }

    unsigned_targets!(deserialize_u8 visit_u8 u8, deserialize_u16 visit_u16 u16,
        deserialize_u32 visit_u32 u32, deserialize_u64 visit_u64 u64);
    signed_targets!(deserialize_i8 visit_i8 i8, deserialize_i16 visit_i16 i16,
        deserialize_i32 visit_i32 i32, deserialize_i64 visit_i64 i64);

    fn deserialize_f32<V: Visitor<'a>>(self, _: V) -> Result<V::Value, Error> {
        Err(Error)
    }

    fn deserialize_f64<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        let text = self.scalar()?.0;
        let value = match scalar::decimal_float(text) {
            Some(value) => value,
            None => self.signed()? as f64,
        };
        visitor.visit_f64(value)
    }

    fn deserialize_char<V: Visitor<'a>>(self, _: V) -> Result<V::Value, Error> {
        Err(Error)
    }

    fn deserialize_str<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.plain_null() {
            return Err(Error);
        }
        self.visit_text(visitor)
    }

    fn deserialize_string<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'a>>(self, _: V) -> Result<V::Value, Error> {
        Err(Error)
    }

    fn deserialize_byte_buf<V: Visitor<'a>>(self, _: V) -> Result<V::Value, Error> {
        Err(Error)
    }

    fn deserialize_option<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.plain_null() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_unit<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.plain_null() {
            visitor.visit_unit()
        } else {
            Err(Error)
        }
    }

    fn deserialize_unit_struct<V: Visitor<'a>>(
        self,
        _: &'static str,
        _: V,
    ) -> Result<V::Value, Error> {
        Err(Error)
    }

    fn deserialize_newtype_struct<V: Visitor<'a>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        if name == SPANNED_NEWTYPE {
            visitor.visit_seq(SpannedParts {
                node: self,
                taken: 0,
            })
        } else {
            visitor.visit_newtype_struct(self)
        }
    }

    fn deserialize_seq<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.node().kind {
            Kind::Seq => visitor.visit_seq(self.entries()),
            _ => Err(Error),
        }
    }

    fn deserialize_tuple<V: Visitor<'a>>(self, _: usize, _: V) -> Result<V::Value, Error> {
        Err(Error)
    }

    fn deserialize_tuple_struct<V: Visitor<'a>>(
        self,
        _: &'static str,
        _: usize,
        _: V,
    ) -> Result<V::Value, Error> {
        Err(Error)
    }

    fn deserialize_map<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.node().kind {
            Kind::Map => visitor.visit_map(self.entries()),
            _ => Err(Error),
        }
    }

    fn deserialize_struct<V: Visitor<'a>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'a>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.node().kind {
            Kind::Scalar(..) if !self.plain_null() => visitor.visit_enum(Variant {
                name: self,
                value: None,
            }),
            Kind::Map => {
                let mut entries = self.entries();
                let (Some(name), Some(value), None) =
                    (entries.take(), entries.take(), entries.take())
                else {
                    return Err(Error);
                };
                name.scalar()?;
                visitor.visit_enum(Variant {
                    name,
                    value: Some(value),
                })
            }
            _ => Err(Error),
        }
    }

    fn deserialize_identifier<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        self.visit_text(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }
}
