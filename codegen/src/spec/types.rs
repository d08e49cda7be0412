//! Type definitions: object fields, parameters, connection parameters, bodies and responses all
//! describe their values with a [`TypeDef`].

use std::fmt;

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::de::{MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use super::named_map::NamedMap;
use super::span::{Reoffered, Span, Spanned, SPANNED_NEWTYPE};

/// A value's type and documentation.
///
/// Written either as a shorthand (`datetime`, `Webinar`, `[Webinar]` for a list) or as a mapping
/// with the keys of [`TypeBody`]. Equality looks at the body only, like [`Spanned`]'s.
#[derive(Clone, Debug)]
pub struct TypeDef {
    /// The definition, with shorthands expanded.
    pub body: Box<TypeBody>,
    /// Where the definition starts.
    pub span: Span,
}

impl PartialEq for TypeDef {
    fn eq(&self, other: &Self) -> bool {
        self.body == other.body
    }
}

impl PartialEq for EnumValues {
    fn eq(&self, other: &Self) -> bool {
        self.values == other.values
    }
}

/// Where a parameter travels in the request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ParamLocation {
    /// A `{placeholder}` in the request path.
    Path,
    /// A query string parameter.
    Query,
    /// A request header.
    Header,
}

/// How prominently a value is shown to low-code users (`x-ms-visibility`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    /// Always shown.
    Important,
    /// Hidden behind "advanced options".
    Advanced,
    /// Never shown; the value is fixed or computed.
    Internal,
    /// The platform's default.
    None,
}

/// How a path parameter is percent-encoded (`x-ms-url-encoding`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum UrlEncoding {
    /// Encoded once.
    Single,
    /// Encoded twice (for values that may contain `/`).
    Double,
}

/// How a list is written into a query string or a form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ArrayStyle {
    /// `a,b,c`
    Csv,
    /// `key=a&key=b`
    Multi,
    /// `key[]=a&key[]=b` (also `key[0]=a` in forms)
    Brackets,
    /// `a b c`
    Ssv,
    /// `a|b|c`
    Pipes,
}

/// The full form of a type definition. Exactly one of `type`, `fields`, `list` and `map` says what
/// the value is; the absence of all four means a string.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TypeBody {
    /// For parameters: where the value travels.
    #[serde(rename = "in", default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Spanned<ParamLocation>>,
    /// For parameters: the wire name when it differs from the key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<Spanned<String>>,
    /// A scalar type (`string`, `integer`, `int32`, `int64`, `number`, `float`, `double`, `boolean`,
    /// `datetime`, `date`, `email`, `uri`, `uuid`, `binary`, `file`, `any`, `object`) or the name of
    /// an object declared under `objects`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub type_name: Option<Spanned<String>>,
    /// An explicit OpenAPI format (`int32`, `date-time`, `email`, …) refining `type`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<Spanned<String>>,
    /// The allowed values: a list (`[active, inactive]`) or a mapping of value to label.
    #[serde(rename = "enum", default, skip_serializing_if = "Option::is_none")]
    pub enum_values: Option<EnumValues>,
    /// Whether the value must be present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<Spanned<bool>>,
    /// A short label shown in designers (`x-ms-summary`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<Spanned<String>>,
    /// What the value means.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Spanned<String>>,
    /// An inline object with these fields.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields: Option<NamedMap<TypeDef>>,
    /// A list whose items have this type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub list: Option<TypeDef>,
    /// A map from strings to values of this type (`additionalProperties`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub map: Option<TypeDef>,
    /// Whether the value may be `null` on the wire.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nullable: Option<bool>,
    /// Whether the server sets this value and ignores it in requests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_only: Option<bool>,
    /// Whether the value is deprecated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprecated: Option<bool>,
    /// A regular expression strings must match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<Box<Spanned<String>>>,
    /// Smallest allowed number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum: Option<Box<Spanned<serde_json::Number>>>,
    /// Largest allowed number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum: Option<Box<Spanned<serde_json::Number>>>,
    /// Shortest allowed string.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_length: Option<Box<Spanned<u64>>>,
    /// Longest allowed string.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<Box<Spanned<u64>>>,
    /// Fewest allowed list items.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_items: Option<Box<Spanned<u64>>>,
    /// Most allowed list items.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<Box<Spanned<u64>>>,
    /// The default value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<Box<Spanned<Value>>>,
    /// A fixed value sent on every request (connection parameters and internal parameters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Box<Spanned<Value>>>,
    /// An example value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<Box<Value>>,
    /// Designer visibility.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visibility: Option<Spanned<Visibility>>,
    /// Whether the value is a secret (passwords, keys): never logged, `securestring` in manifests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<Spanned<bool>>,
    // `dynamic`, `dynamic_schema` and `xml` are rarely written and large: boxed, they cost the
    // many types without them a word each.
    /// The value's choices come from another action.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dynamic: Option<Box<DynamicValues>>,
    /// The value's schema comes from another action.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dynamic_schema: Option<Box<DynamicSchema>>,
    /// For path parameters: how the value is percent-encoded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url_encoding: Option<Spanned<UrlEncoding>>,
    /// For list parameters in queries or forms: how the items are written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub array_style: Option<Spanned<ArrayStyle>>,
    /// For files in multipart bodies: the part's content type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<Spanned<String>>,
    /// How the value is written in XML.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub xml: Option<Box<XmlNaming>>,
    /// Vendor extensions kept as written (`x-ms-…` keys that have no field of their own).
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub extensions: IndexMap<String, Value>,
}

/// The allowed values of an enum, with optional labels. Equality looks at the values only.
#[derive(Clone, Debug)]
pub struct EnumValues {
    /// Each value with its label, in source order.
    pub values: Vec<EnumValue>,
    /// Where the list starts.
    pub span: Span,
}

/// One allowed value.
#[derive(Clone, Debug, PartialEq)]
pub struct EnumValue {
    /// The wire value (string, integer or boolean).
    pub value: Spanned<Value>,
    /// A human label for the value.
    pub label: Option<String>,
}

/// Choices for a parameter taken from another action's answer (`x-ms-dynamic-values`).
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DynamicValues {
    /// The action that lists the choices.
    pub action: Spanned<String>,
    /// Path of the items array in the action's answer; the root when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<Spanned<String>>,
    /// Field of each item that is the value.
    pub value: Spanned<String>,
    /// Field of each item shown as the label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<Spanned<String>>,
    /// Arguments for the action: fixed values or `{other_parameter}` references.
    #[serde(default, skip_serializing_if = "NamedMap::is_empty")]
    pub params: NamedMap<Spanned<Value>>,
}

/// A schema taken from another action's answer (`x-ms-dynamic-schema`).
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DynamicSchema {
    /// The action that answers with the schema.
    pub action: Spanned<String>,
    /// Path of the schema in its answer; the root when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<Spanned<String>>,
    /// Arguments for the action: fixed values or `{other_parameter}` references.
    #[serde(default, skip_serializing_if = "NamedMap::is_empty")]
    pub params: NamedMap<Spanned<Value>>,
    /// Which platform extension describes it: `schema` (`x-ms-dynamic-schema`, when absent),
    /// `properties` (`x-ms-dynamic-properties`) or `both`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form: Option<Spanned<DynamicSchemaForm>>,
}

/// The platform extensions that describe a dynamic schema.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DynamicSchemaForm {
    /// `x-ms-dynamic-schema` only.
    #[default]
    Schema,
    /// `x-ms-dynamic-properties` only.
    Properties,
    /// Both, for designers that read either.
    Both,
}

/// How a field is named in XML.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct XmlNaming {
    /// The element name when it differs from the key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<Spanned<String>>,
    /// The namespace prefix (declared under `xml.namespaces`) of the element; on an object, the
    /// default for its fields.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<Spanned<String>>,
    /// Written as an attribute instead of an element.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribute: Option<bool>,
    /// For lists: items are wrapped in an element named after the field, each item named `item`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<Spanned<String>>,
}

const TYPE_SHORTHAND: &str =
    "a type name, a `[Type]` list, or a mapping with `type`, `fields`, `list`, `map` …";

impl<'de> Deserialize<'de> for TypeDef {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = Spanned::<TypeDefSyntax>::deserialize(deserializer)?;
        let span = spanned.span;
        let body = match spanned.value {
            TypeDefSyntax::Name(name) => Box::new(TypeBody {
                type_name: Some(Spanned::new(name, span)),
                ..TypeBody::default()
            }),
            TypeDefSyntax::List(item) => Box::new(TypeBody {
                list: Some(item),
                ..TypeBody::default()
            }),
            // Already on the heap: kept there rather than moved out and boxed again.
            TypeDefSyntax::Full(body) => body,
        };
        Ok(TypeDef { body, span })
    }
}

/// The three ways to write a type, told apart by the YAML node kind (so spans survive, unlike an
/// untagged enum).
enum TypeDefSyntax {
    Name(String),
    List(TypeDef),
    Full(Box<TypeBody>),
}

impl<'de> Deserialize<'de> for TypeDefSyntax {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SyntaxVisitor;

        impl<'de> Visitor<'de> for SyntaxVisitor {
            type Value = TypeDefSyntax;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(TYPE_SHORTHAND)
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(TypeDefSyntax::Name(v.to_owned()))
            }

            fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
                Ok(TypeDefSyntax::Full(Box::default()))
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let Some(item) = seq.next_element::<TypeDef>()? else {
                    return Err(serde::de::Error::custom(
                        "a list shorthand needs its item type: `[Item]`",
                    ));
                };
                if seq.next_element::<serde::de::IgnoredAny>()?.is_some() {
                    return Err(serde::de::Error::custom(
                        "a list shorthand takes exactly one item type: `[Item]`",
                    ));
                }
                Ok(TypeDefSyntax::List(item))
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                let body =
                    TypeBody::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(TypeDefSyntax::Full(Box::new(body)))
            }
        }

        deserializer.deserialize_any(SyntaxVisitor)
    }
}

impl TypeDef {
    /// The name this definition is written as when it is only a name (`string`, `Webinar`).
    fn bare_name(&self) -> Option<&str> {
        let name = self.body.type_name.as_ref()?;
        (self.body.list.is_none() && self.body.only_type_or_list()).then_some(name.value.as_str())
    }
}

impl TypeBody {
    /// Whether no key is set: the body equals `TypeBody::default()`, found without building one.
    pub fn is_unset(&self) -> bool {
        self.type_name.is_none() && self.list.is_none() && self.only_type_or_list()
    }

    /// Whether every key but `type` and `list` is unset (equal to the default body's).
    ///
    /// The pattern names every field, so a new field must be considered here to compile.
    fn only_type_or_list(&self) -> bool {
        let TypeBody {
            location,
            name,
            type_name: _,
            format,
            enum_values,
            required,
            summary,
            description,
            fields,
            list: _,
            map,
            nullable,
            read_only,
            deprecated,
            pattern,
            minimum,
            maximum,
            min_length,
            max_length,
            min_items,
            max_items,
            default,
            value,
            example,
            visibility,
            secret,
            dynamic,
            dynamic_schema,
            url_encoding,
            array_style,
            content_type,
            xml,
            extensions,
        } = self;
        location.is_none()
            && name.is_none()
            && format.is_none()
            && enum_values.is_none()
            && required.is_none()
            && summary.is_none()
            && description.is_none()
            && fields.is_none()
            && map.is_none()
            && nullable.is_none()
            && read_only.is_none()
            && deprecated.is_none()
            && pattern.is_none()
            && minimum.is_none()
            && maximum.is_none()
            && min_length.is_none()
            && max_length.is_none()
            && min_items.is_none()
            && max_items.is_none()
            && default.is_none()
            && value.is_none()
            && example.is_none()
            && visibility.is_none()
            && secret.is_none()
            && dynamic.is_none()
            && dynamic_schema.is_none()
            && url_encoding.is_none()
            && array_style.is_none()
            && content_type.is_none()
            && xml.is_none()
            && extensions.is_empty()
    }
}

/// Written in the shortest form that reads back to the same body and reads well: a bare name
/// when only `type` is set, `[Item]` when only `list` is and the item is a bare name, the full
/// mapping otherwise (`list:` over a block, rather than a one-item block list).
impl Serialize for TypeDef {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let body = &*self.body;
        if let Some(name) = self.bare_name() {
            return serializer.serialize_str(name);
        }
        if let Some(item) = body.list.as_ref().filter(|item| item.bare_name().is_some()) {
            if body.type_name.is_none() && body.only_type_or_list() {
                let mut seq = serializer.serialize_seq(Some(1))?;
                seq.serialize_element(item)?;
                return seq.end();
            }
        }
        body.serialize(serializer)
    }
}

impl JsonSchema for TypeDef {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "TypeDef".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let body = generator.subschema_for::<TypeBody>();
        let this = generator.subschema_for::<TypeDef>();
        schemars::json_schema!({
            "description": "A type: a name (`string`, `datetime`, `Webinar`), `[Item]` for a list, or a full definition.",
            "anyOf": [
                { "type": "string" },
                { "type": "array", "items": this, "minItems": 1, "maxItems": 1 },
                body,
                { "type": "null" }
            ]
        })
    }
}

impl<'de> Deserialize<'de> for EnumValues {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = Spanned::<EnumSyntax>::deserialize(deserializer)?;
        Ok(EnumValues {
            values: spanned.value.0,
            span: spanned.span,
        })
    }
}

struct EnumSyntax(Vec<EnumValue>);

impl<'de> Deserialize<'de> for EnumSyntax {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EnumVisitor;

        impl<'de> Visitor<'de> for EnumVisitor {
            type Value = EnumSyntax;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of values, or a mapping of value to label")
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut values = Vec::new();
                while let Some(value) = seq.next_element::<Spanned<Value>>()? {
                    values.push(EnumValue { value, label: None });
                }
                Ok(EnumSyntax(values))
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut values = Vec::new();
                while let Some(EnumKey(value)) = map.next_key::<EnumKey>()? {
                    let label = map.next_value::<Option<String>>()?;
                    values.push(EnumValue { value, label });
                }
                Ok(EnumSyntax(values))
            }
        }

        deserializer.deserialize_any(EnumVisitor)
    }
}

/// An enum value that is a mapping key. The YAML reader gives it its position; serde's plain
/// key readers have no newtype form and give the value alone. The first key of a labelled enum
/// read from a tree of JSON values comes through one: `Spanned` reads that mapping's first key
/// as text and offers it again through serde's plain string reader.
struct EnumKey(Spanned<Value>);

impl<'de> Deserialize<'de> for EnumKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = EnumKey;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an enum value (text, a number or a boolean)")
            }

            fn visit_newtype_struct<N: Deserializer<'de>>(
                self,
                inner: N,
            ) -> Result<EnumKey, N::Error> {
                Spanned::<Value>::deserialize(Reoffered(inner)).map(EnumKey)
            }

            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<EnumKey, A::Error> {
                Spanned::from_parts(seq).map(EnumKey)
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<EnumKey, E> {
                Ok(EnumKey(Spanned::unlocated(Value::from(v))))
            }

            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<EnumKey, E> {
                Ok(EnumKey(Spanned::unlocated(Value::from(v))))
            }

            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<EnumKey, E> {
                Ok(EnumKey(Spanned::unlocated(Value::from(v))))
            }

            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<EnumKey, E> {
                Ok(EnumKey(Spanned::unlocated(Value::from(v))))
            }

            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<EnumKey, E> {
                Ok(EnumKey(Spanned::unlocated(Value::from(v))))
            }
        }

        deserializer.deserialize_newtype_struct(SPANNED_NEWTYPE, KeyVisitor)
    }
}

/// Written as a list when no value has a label, as a mapping of value to label otherwise.
impl Serialize for EnumValues {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.values.iter().all(|v| v.label.is_none()) {
            let mut seq = serializer.serialize_seq(Some(self.values.len()))?;
            for v in &self.values {
                seq.serialize_element(&v.value)?;
            }
            return seq.end();
        }
        let mut map = serializer.serialize_map(Some(self.values.len()))?;
        for v in &self.values {
            map.serialize_entry(&v.value, &v.label)?;
        }
        map.end()
    }
}

impl JsonSchema for EnumValues {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "EnumValues".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "Allowed values: a list, or a mapping of each value to its label.",
            "anyOf": [
                { "type": "array", "items": { "type": ["string", "integer", "number", "boolean"] } },
                { "type": "object", "additionalProperties": { "type": ["string", "null"] } }
            ]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A labelled enum reads from YAML with each value's position, and from a tree of JSON
    /// values (what an importer's seam reads) with the same values.
    #[test]
    fn labelled_enum_values_read_from_yaml_and_from_a_tree() {
        let yaml = "enum:\n  host: By the host\n  all: By all\n";
        let from_yaml: TypeBody = serde_saphyr::from_str(yaml).expect("reads");
        let values = &from_yaml.enum_values.as_ref().expect("an enum").values;
        assert_eq!(values.len(), 2);
        assert!(values.iter().all(|v| v.value.span.is_known()), "{values:?}");
        assert_eq!(values[0].value.span.line, 2);
        let tree = serde_json::json!({ "enum": { "host": "By the host", "all": "By all" } });
        let from_tree: TypeBody = serde_json::from_value(tree).expect("reads");
        assert_eq!(from_tree, from_yaml);
        assert_eq!(
            from_tree.enum_values.expect("an enum").values[0]
                .label
                .as_deref(),
            Some("By the host")
        );
    }

    /// The shorthand test without a probe body agrees with comparing against
    /// `TypeBody { type: …, ..default }` (and `{ list: …, ..default }`), with each other key set
    /// one at a time.
    #[test]
    fn a_body_is_only_a_type_or_a_list_exactly_when_it_equals_that_default_body() {
        let others = [
            "in: query",
            "name: n",
            "format: date",
            "enum: [a]",
            "required: true",
            "summary: s",
            "description: d",
            "fields: {a: string}",
            "map: string",
            "nullable: true",
            "read_only: true",
            "deprecated: true",
            "pattern: x",
            "minimum: 1",
            "maximum: 2",
            "min_length: 1",
            "max_length: 2",
            "min_items: 1",
            "max_items: 2",
            "default: 1",
            "value: 1",
            "example: 1",
            "visibility: advanced",
            "secret: true",
            "content_type: text/plain",
            "extensions: {x-ms-thing: 1}",
            "url_encoding: double",
            "array_style: multi",
            "xml: {name: n}",
            "dynamic: {action: A, value: v}",
            "dynamic_schema: {action: A}",
        ];
        let heads = ["type: Item", "list: Item", "type: Item\nlist: Item"];
        let mut bodies: Vec<String> = heads.iter().map(|h| h.to_string()).collect();
        for head in heads {
            for other in others {
                bodies.push(format!("{head}\n{other}"));
            }
        }
        bodies.push("{}".to_owned());
        for yaml in &bodies {
            let body: TypeBody = serde_saphyr::from_str(yaml).expect(yaml);
            let probe = TypeBody {
                type_name: body.type_name.clone(),
                list: body.list.clone(),
                ..TypeBody::default()
            };
            assert_eq!(body.only_type_or_list(), body == probe, "{yaml}");
            assert_eq!(body.is_unset(), body == TypeBody::default(), "{yaml}");
        }
        let set = bodies.iter().filter(|yaml| {
            let body: TypeBody = serde_saphyr::from_str(yaml).expect("reads");
            !body.only_type_or_list()
        });
        // Every body but the heads alone and the empty one sets another key.
        assert_eq!(
            set.count(),
            bodies.len() - heads.len() - 1,
            "every other key counts"
        );
    }
}
