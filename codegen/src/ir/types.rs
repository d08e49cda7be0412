//! Resolved types: every reference checked, every inline type named for Rust.

use indexmap::IndexMap;
use serde_json::Value;

pub use crate::spec::{ArrayStyle, UrlEncoding, Visibility};

/// The kind of a scalar value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ScalarKind {
    /// Text (refined by the format: `date-time`, `email`, `uri`, `byte`, `binary`, …).
    String,
    /// A whole number (`int32`, `int64`).
    Integer,
    /// A decimal number (`float`, `double`).
    Number,
    /// `true` or `false`.
    Boolean,
    /// A file part of a multipart body (Swagger's `type: file`).
    File,
    /// Any JSON value.
    Any,
    /// A free-form JSON object.
    Object,
}

/// A scalar type with its OpenAPI format.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Scalar {
    /// What kind of value.
    pub kind: ScalarKind,
    /// The OpenAPI format (`int64`, `date-time`, `email`, `binary`, …), if any.
    pub format: Option<String>,
}

impl Scalar {
    /// A scalar of `kind` with an optional format.
    pub fn new(kind: ScalarKind, format: Option<&str>) -> Self {
        Scalar {
            kind,
            format: format.map(str::to_owned),
        }
    }

    /// Whether this is a date-time string.
    pub fn is_date_time(&self) -> bool {
        self.kind == ScalarKind::String && self.format.as_deref() == Some("date-time")
    }
}

/// A resolved type.
#[derive(Clone, Debug, PartialEq)]
pub enum Type {
    /// A scalar.
    Scalar(Scalar),
    /// A reference to a named object (`Connector::objects`), by its spec name.
    Named(String),
    /// A list.
    List {
        /// The items' type.
        item: Box<Type>,
        /// The items' own designer labels (`items.x-ms-summary` and the like).
        docs: Docs,
    },
    /// A string-keyed map.
    Map {
        /// The values' type.
        value: Box<Type>,
        /// The values' own designer labels (`additionalProperties.x-ms-summary` and the like).
        docs: Docs,
    },
    /// An inline object.
    Object(ObjectType),
    /// An inline enum.
    Enum(EnumType),
}

impl Type {
    /// A plain string.
    pub fn string() -> Type {
        Type::Scalar(Scalar::new(ScalarKind::String, None))
    }

    /// A list of `item`s without labels of their own.
    pub fn list(item: Type) -> Type {
        Type::List {
            item: Box::new(item),
            docs: Docs::default(),
        }
    }
}

/// The designer labels of a schema that is not a field: a list's items, a map's values, or the
/// root of a body, an answer or a webhook payload. Fields keep theirs in [`Field`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TypeDocs {
    /// Short label (`x-ms-summary`).
    pub summary: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Designer visibility.
    pub visibility: Option<Visibility>,
    /// The schema another action answers with (`x-ms-dynamic-schema`).
    pub dynamic_schema: Option<DynamicSchema>,
    /// Choices from another action (`x-ms-dynamic-values`).
    pub dynamic: Option<DynamicValues>,
    /// Whether `null` is allowed.
    pub nullable: bool,
    /// Set by the server only.
    pub read_only: bool,
    /// Default value.
    pub default: Option<Value>,
    /// Example value.
    pub example: Option<Value>,
    /// Validation constraints.
    pub constraints: Constraints,
    /// Vendor extensions (and schema keywords kept as written by an import).
    pub extensions: IndexMap<String, Value>,
}

impl TypeDocs {
    /// Whether nothing is said.
    pub fn is_empty(&self) -> bool {
        *self == TypeDocs::default()
    }
}

/// [`TypeDocs`] held out of line, and not at all when nothing is said: most types say nothing,
/// and inline, every type and field of a large API would carry hundreds of bytes of room for
/// them. It reads as a [`TypeDocs`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Docs(Option<Box<TypeDocs>>);

impl Docs {
    /// Holds `docs` (nothing when they say nothing).
    pub fn new(docs: TypeDocs) -> Docs {
        if docs.is_empty() {
            Docs(None)
        } else {
            Docs(Some(Box::new(docs)))
        }
    }
}

impl From<TypeDocs> for Docs {
    fn from(docs: TypeDocs) -> Docs {
        Docs::new(docs)
    }
}

impl std::ops::Deref for Docs {
    type Target = TypeDocs;

    fn deref(&self) -> &TypeDocs {
        static NONE: std::sync::OnceLock<TypeDocs> = std::sync::OnceLock::new();
        match &self.0 {
            Some(docs) => docs,
            None => NONE.get_or_init(TypeDocs::default),
        }
    }
}

/// An object type's fields.
#[derive(Clone, Debug, PartialEq)]
pub struct ObjectType {
    /// The Rust type name (unique in the connector's module).
    pub rust_name: String,
    /// The fields in source order.
    pub fields: Vec<Field>,
    /// The type of the values of keys beyond the fields (`additionalProperties`), when the
    /// object has such keys besides its fields.
    pub additional: Option<Box<Type>>,
    /// The labels of those values.
    pub additional_docs: Docs,
    /// Default XML namespace prefix of the fields.
    pub xml_prefix: Option<String>,
}

/// An enum type's values.
#[derive(Clone, Debug, PartialEq)]
pub struct EnumType {
    /// The Rust type name (unique in the connector's module).
    pub rust_name: String,
    /// The scalar the values are written as.
    pub base: Scalar,
    /// The values in source order.
    pub values: Vec<EnumVariant>,
}

/// One value of an enum.
#[derive(Clone, Debug, PartialEq)]
pub struct EnumVariant {
    /// The wire value.
    pub value: Value,
    /// The Rust variant name (unique in the enum).
    pub rust_name: String,
    /// A human label.
    pub label: Option<String>,
}

/// Validation constraints carried to manifests and clients.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Constraints {
    /// Regular expression for strings.
    pub pattern: Option<String>,
    /// Smallest number.
    pub minimum: Option<serde_json::Number>,
    /// Largest number.
    pub maximum: Option<serde_json::Number>,
    /// Shortest string.
    pub min_length: Option<u64>,
    /// Longest string.
    pub max_length: Option<u64>,
    /// Fewest list items.
    pub min_items: Option<u64>,
    /// Most list items.
    pub max_items: Option<u64>,
}

/// A part of a [`Field`] that most fields leave empty ([`Constraints`], [`XmlName`]), held out of
/// line and not at all when empty: a large API has some 100,000 fields. It reads as a `T`, and
/// prints and compares as one.
#[derive(Clone, Default)]
pub struct Rare<T>(Option<Box<T>>);

/// A type [`Rare`] can hold: one with an empty value to read when nothing is held.
pub trait RareValue: Default + PartialEq + 'static {
    /// The empty value.
    const EMPTY: &'static Self;
}

impl RareValue for Constraints {
    const EMPTY: &'static Self = &Constraints {
        pattern: None,
        minimum: None,
        maximum: None,
        min_length: None,
        max_length: None,
        min_items: None,
        max_items: None,
    };
}

impl RareValue for XmlName {
    const EMPTY: &'static Self = &XmlName {
        name: None,
        prefix: None,
        attribute: false,
        item: None,
    };
}

impl<T: RareValue> Rare<T> {
    /// Holds `value` (nothing when it is empty).
    pub fn new(value: T) -> Rare<T> {
        if value == *T::EMPTY {
            Rare(None)
        } else {
            Rare(Some(Box::new(value)))
        }
    }
}

impl<T: RareValue> From<T> for Rare<T> {
    fn from(value: T) -> Rare<T> {
        Rare::new(value)
    }
}

impl<T: RareValue> std::ops::Deref for Rare<T> {
    type Target = T;

    fn deref(&self) -> &T {
        self.0.as_deref().unwrap_or(T::EMPTY)
    }
}

impl<T: RareValue> PartialEq for Rare<T> {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl<T: RareValue + std::fmt::Debug> std::fmt::Debug for Rare<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        (**self).fmt(f)
    }
}

/// XML naming of a field.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct XmlName {
    /// Element (or attribute) name when it differs from the wire name.
    pub name: Option<String>,
    /// Namespace prefix.
    pub prefix: Option<String>,
    /// Written as an attribute.
    pub attribute: bool,
    /// For lists: the item element name inside a wrapper element.
    pub item: Option<String>,
}

/// Choices from another action (`x-ms-dynamic-values`).
#[derive(Clone, Debug, PartialEq)]
pub struct DynamicValues {
    /// The action listing the choices (its spec name).
    pub action: String,
    /// Path of the items array in its answer.
    pub items: Option<String>,
    /// Field of each item that is the value.
    pub value: String,
    /// Field of each item shown as the label.
    pub label: Option<String>,
    /// Arguments: fixed values, or `{param}` references as strings.
    pub params: Vec<(String, Value)>,
}

/// Schema from another action (`x-ms-dynamic-schema`).
#[derive(Clone, Debug, PartialEq)]
pub struct DynamicSchema {
    /// The action answering with the schema.
    pub action: String,
    /// Path of the schema in its answer.
    pub path: Option<String>,
    /// Arguments: fixed values, or `{param}` references as strings.
    pub params: Vec<(String, Value)>,
    /// Which platform extensions describe it.
    pub form: crate::spec::DynamicSchemaForm,
}

/// A field of an object, a parameter, or a connection parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// The name on the wire.
    pub wire_name: String,
    /// The Rust name (unique among its siblings).
    pub rust_name: String,
    /// The value's type.
    pub ty: Type,
    /// Whether it must be present.
    pub required: bool,
    /// Whether `null` is allowed on the wire.
    pub nullable: bool,
    /// Set by the server only.
    pub read_only: bool,
    /// Deprecated.
    pub deprecated: bool,
    /// Secret: redacted from logs and `Debug`.
    pub secret: bool,
    /// Short label (`x-ms-summary`).
    pub summary: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Default value.
    pub default: Option<Value>,
    /// Fixed value sent on every request.
    pub value: Option<Value>,
    /// Example value.
    pub example: Option<Value>,
    /// Designer visibility.
    pub visibility: Option<Visibility>,
    /// XML naming.
    pub xml: Rare<XmlName>,
    /// Validation constraints.
    pub constraints: Rare<Constraints>,
    /// Dynamic choices.
    pub dynamic: Option<Box<DynamicValues>>,
    /// Dynamic schema.
    pub dynamic_schema: Option<Box<DynamicSchema>>,
    /// How lists are written in queries and forms.
    pub array_style: Option<ArrayStyle>,
    /// Content type of a multipart file part.
    pub content_type: Option<String>,
    /// Vendor extensions.
    pub extensions: IndexMap<String, Value>,
}

/// A named type declared under `objects`.
#[derive(Clone, Debug, PartialEq)]
pub struct NamedType {
    /// The spec name (the manifests' definition name).
    pub name: String,
    /// The Rust type name.
    pub rust_name: String,
    /// Short label.
    pub summary: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Designer visibility of the whole type.
    pub visibility: Option<Visibility>,
    /// The type: an object, list, map, enum or scalar alias.
    pub ty: Type,
    /// Example value.
    pub example: Option<Value>,
    /// Default value.
    pub default: Option<Value>,
    /// Whether `null` is allowed.
    pub nullable: bool,
    /// Limits on the value (of a scalar or list alias: `Percent: { type: number, maximum: 100 }`).
    pub constraints: Constraints,
    /// Where a designer fetches the value's choices (`x-ms-dynamic-values`).
    pub dynamic: Option<DynamicValues>,
    /// The schema another action answers with (`x-ms-dynamic-schema`).
    pub dynamic_schema: Option<DynamicSchema>,
    /// Vendor extensions.
    pub extensions: IndexMap<String, Value>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An empty part is not held, a set one is; both read, print and compare as the value.
    #[test]
    fn rare_parts_read_as_their_value() {
        let empty = Rare::new(Constraints::default());
        assert!(empty.0.is_none());
        assert_eq!(*empty, Constraints::default());
        assert_eq!(
            format!("{empty:?}"),
            format!("{:?}", Constraints::default())
        );
        let set = Constraints {
            max_length: Some(3),
            ..Default::default()
        };
        let held = Rare::new(set.clone());
        assert!(held.0.is_some());
        assert_eq!(held.max_length, Some(3));
        assert_eq!(format!("{held:?}"), format!("{set:?}"));
        assert_ne!(held, empty);
        assert_eq!(Rare::<XmlName>::default(), Rare::new(XmlName::default()));
        assert!(std::mem::size_of::<Rare<Constraints>>() < std::mem::size_of::<Constraints>());
    }
}
