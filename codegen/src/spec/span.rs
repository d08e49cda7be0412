//! Source positions carried by every spec value a diagnostic may point at.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Where a value sits in its spec file: 1-based line and column, plus the byte range for rendering.
///
/// Every spanned value of the spec model carries one, so it is kept to 16 bytes: offsets are
/// `u32`, and [`read_spec`](super::read_spec) refuses a file of more than [`Span::MAX_TEXT`]
/// bytes with a diagnostic.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Span {
    /// 1-based line; 0 when unknown.
    pub line: u32,
    /// 1-based column in characters; 0 when unknown.
    pub column: u32,
    /// Byte offset of the value's first byte.
    pub offset: u32,
    /// Length of the value in bytes (at least 1 when known, so the underline is visible).
    pub len: u32,
}

impl Span {
    /// A span for values the parser could not locate (never produced for plain structs).
    pub const UNKNOWN: Span = Span {
        line: 0,
        column: 0,
        offset: 0,
        len: 0,
    };

    /// The longest text a span can point into: offsets and lengths are `u32`.
    pub const MAX_TEXT: usize = u32::MAX as usize;

    /// Whether the parser reported a position for this value.
    pub fn is_known(&self) -> bool {
        self.line > 0
    }

    /// A span at byte `offset` of length `len`; both saturate at [`Span::MAX_TEXT`], which the
    /// reader never lets a file exceed.
    pub fn at(line: u32, column: u32, offset: usize, len: usize) -> Span {
        Span {
            line,
            column,
            offset: u32::try_from(offset).unwrap_or(u32::MAX),
            len: u32::try_from(len).unwrap_or(u32::MAX),
        }
    }

    /// Byte offset of the first byte, as an index into the text.
    pub fn start(&self) -> usize {
        self.offset as usize
    }

    /// Length in bytes, as an index distance.
    pub fn byte_len(&self) -> usize {
        self.len as usize
    }

    /// Byte offset just past the value (saturating).
    pub fn end(&self) -> usize {
        self.start().saturating_add(self.byte_len())
    }

    fn from_location(loc: serde_saphyr::Location) -> Span {
        if loc == serde_saphyr::Location::UNKNOWN {
            return Span::UNKNOWN;
        }
        let span = loc.span();
        Span {
            line: u32::try_from(loc.line()).unwrap_or(u32::MAX),
            column: u32::try_from(loc.column()).unwrap_or(u32::MAX),
            offset: u32::try_from(span.byte_offset().unwrap_or(0)).unwrap_or(u32::MAX),
            len: u32::try_from(span.byte_len().unwrap_or(1).max(1)).unwrap_or(u32::MAX),
        }
    }

    /// Builds a span from a serde-saphyr location (used for its parse errors).
    pub fn from_saphyr(loc: serde_saphyr::Location) -> Span {
        Span::from_location(loc)
    }
}

/// A value together with the place in the spec it came from.
///
/// Equality and hashing look at the value only, so spans never change what a spec means.
#[derive(Clone)]
pub struct Spanned<T> {
    /// The value as written.
    pub value: T,
    /// Where it was written.
    pub span: Span,
}

impl<T> Spanned<T> {
    /// Wraps a value with a span.
    pub fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }

    /// Wraps a value that has no position (defaults, programmatic specs).
    pub fn unlocated(value: T) -> Self {
        Spanned {
            value,
            span: Span::UNKNOWN,
        }
    }

    /// Borrows the value.
    pub fn get(&self) -> &T {
        &self.value
    }
}

impl<T: fmt::Debug> fmt::Debug for Spanned<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.value.fmt(f)
    }
}

impl<T: PartialEq> PartialEq for Spanned<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<T> std::ops::Deref for Spanned<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

/// The newtype name under which a reader offers a value with its position: serde-saphyr's
/// (`serde_saphyr::Spanned` asks for it), which the fast reader answers too.
pub(crate) const SPANNED_NEWTYPE: &str = "__yaml_spanned";

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_newtype_struct(SPANNED_NEWTYPE, SpannedVisitor(PhantomData))
    }
}

struct SpannedVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for SpannedVisitor<T> {
    type Value = Spanned<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value with its position")
    }

    /// serde-saphyr, and any other reader: `serde_saphyr::Spanned` reads the value and, from
    /// serde-saphyr, its position.
    fn visit_newtype_struct<N: Deserializer<'de>>(self, inner: N) -> Result<Spanned<T>, N::Error> {
        let inner = serde_saphyr::Spanned::<T>::deserialize(Reoffered(inner))?;
        Ok(Spanned {
            value: inner.value,
            span: Span::from_location(inner.referenced),
        })
    }

    /// The fast reader: the position as line, column, byte offset and length, then the value.
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Spanned<T>, A::Error> {
        Spanned::from_parts(seq)
    }
}

impl<'de, T: Deserialize<'de>> Spanned<T> {
    /// A value and its position as the fast reader offers them (see [`SPANNED_NEWTYPE`]).
    pub(crate) fn from_parts<A: SeqAccess<'de>>(mut seq: A) -> Result<Self, A::Error> {
        let missing = || serde::de::Error::custom("a position, then a value");
        let [line, column, offset, len]: [u32; 4] = seq.next_element()?.ok_or_else(missing)?;
        let value = seq.next_element()?.ok_or_else(missing)?;
        Ok(Spanned {
            value,
            span: Span {
                line,
                column,
                offset,
                len,
            },
        })
    }
}

/// A deserializer that a newtype visitor was given, offered again as that newtype, so that
/// `serde_saphyr::Spanned`'s own reading takes its course.
pub(crate) struct Reoffered<N>(pub(crate) N);

impl<'de, N: Deserializer<'de>> Deserializer<'de> for Reoffered<N> {
    type Error = N::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, N::Error> {
        self.0.deserialize_any(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, N::Error> {
        visitor.visit_newtype_struct(self.0)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

/// A spanned value is written as its plain value: positions belong to the file it was read from.
impl<T: Serialize> Serialize for Spanned<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

impl<T: schemars::JsonSchema> schemars::JsonSchema for Spanned<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        T::schema_name()
    }
    fn schema_id() -> std::borrow::Cow<'static, str> {
        T::schema_id()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        T::json_schema(generator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A span is 16 bytes, and positions beyond what `u32` holds saturate instead of wrapping
    /// (the reader refuses such files before any span is made).
    #[test]
    fn spans_are_small_and_saturate() {
        assert_eq!(std::mem::size_of::<Span>(), 16);
        let span = Span::at(3, 7, 40, 5);
        assert_eq!((span.start(), span.byte_len(), span.end()), (40, 5, 45));
        let far = Span::at(1, 1, usize::MAX, usize::MAX);
        assert_eq!((far.offset, far.len), (u32::MAX, u32::MAX));
        assert_eq!(far.end(), Span::MAX_TEXT.saturating_add(Span::MAX_TEXT));
    }
}
