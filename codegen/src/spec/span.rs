//! Source positions carried by every spec value a diagnostic may point at.

use std::fmt;

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

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let inner = serde_saphyr::Spanned::<T>::deserialize(deserializer)?;
        Ok(Spanned {
            value: inner.value,
            span: Span::from_location(inner.referenced),
        })
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
