//! Small constructors for spec model values, for the builders that make typed parts of a spec,
//! and the one place a typed part joins a tree still built as JSON values.

use codegen::spec::{Span, Spanned, TypeBody, TypeDef};
use serde::Serialize;
use serde_json::Value;

/// A text with no position (an imported spec has no source positions of its own).
pub(crate) fn text(value: impl Into<String>) -> Spanned<String> {
    Spanned::unlocated(value.into())
}

/// A type definition from its body.
pub(crate) fn type_def(body: TypeBody) -> TypeDef {
    TypeDef {
        body: Box::new(body),
        span: Span::UNKNOWN,
    }
}

/// A typed part written into a tree still made of JSON values. The spec model has text keys
/// only, so writing it as JSON cannot fail; `null` would be refused at the boundary (`yaml.rs`).
pub(crate) fn to_tree<T: Serialize>(part: &T) -> Value {
    serde_json::to_value(part).unwrap_or(Value::Null)
}
