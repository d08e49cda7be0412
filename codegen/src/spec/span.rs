//! Source positions carried by every spec value a diagnostic may point at.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Where a value sits in its spec file: 1-based line and column, plus the byte range for rendering.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Span {
    /// 1-based line; 0 when unknown.
    pub line: u32,
    /// 1-based column in characters; 0 when unknown.
    pub column: u32,
    /// Byte offset of the value's first byte.
    pub offset: usize,
    /// Length of the value in bytes (at least 1 when known, so the underline is visible).
    pub len: usize,
}

impl Span {
    /// A span for values the parser could not locate (never produced for plain structs).
    pub const UNKNOWN: Span = Span {
        line: 0,
        column: 0,
        offset: 0,
        len: 0,
    };

    /// Whether the parser reported a position for this value.
    pub fn is_known(&self) -> bool {
        self.line > 0
    }

    fn from_location(loc: serde_saphyr::Location) -> Span {
        if loc == serde_saphyr::Location::UNKNOWN {
            return Span::UNKNOWN;
        }
        let span = loc.span();
        Span {
            line: u32::try_from(loc.line()).unwrap_or(u32::MAX),
            column: u32::try_from(loc.column()).unwrap_or(u32::MAX),
            offset: span.byte_offset().unwrap_or(0) as usize,
            len: span.byte_len().unwrap_or(1).max(1) as usize,
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
