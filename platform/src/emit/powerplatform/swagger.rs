//! A typed Swagger 2.0 document with the Power Platform `x-ms-*` extensions as fields.
//!
//! Maps are [`IndexMap`]s filled in a deterministic order, so the same IR always serialises to
//! the same bytes. Empty collections and `None`s are left out of the JSON.

use indexmap::IndexMap;
use serde::Serialize;
use serde_json::Value;

pub use crate::powerplatform::vocabulary::{
    CollectionFormat, KeyIn, OAuthFlow, ParamIn, SchemaType, SecurityType, TriggerKind,
    TriggerMetadataKind, TriggerMode, UrlEncoding, Visibility,
};

/// The `apiDefinition.swagger.json` document.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Swagger {
    /// Always `"2.0"`.
    pub swagger: String,
    /// Title, description, version, contact.
    pub info: Info,
    /// Host name (with port), no scheme or path.
    pub host: String,
    /// Path prefix of every operation.
    #[serde(rename = "basePath")]
    pub base_path: String,
    /// Transfer protocols.
    pub schemes: Vec<String>,
    /// Default request content types.
    pub consumes: Vec<String>,
    /// Default answer content types.
    pub produces: Vec<String>,
    /// Operations by path.
    pub paths: IndexMap<String, PathItem>,
    /// Named schemas.
    pub definitions: IndexMap<String, Schema>,
    /// Shared parameters (none emitted, kept for the shape).
    pub parameters: IndexMap<String, Parameter>,
    /// Shared responses (none emitted, kept for the shape).
    pub responses: IndexMap<String, Response>,
    /// Authentication schemes.
    #[serde(
        rename = "securityDefinitions",
        skip_serializing_if = "IndexMap::is_empty"
    )]
    pub security_definitions: IndexMap<String, SecurityScheme>,
    /// Schemes every operation needs.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub security: Vec<IndexMap<String, Vec<String>>>,
    /// Tag descriptions.
    pub tags: Vec<Tag>,
    /// Website, privacy policy and categories.
    #[serde(rename = "x-ms-connector-metadata")]
    pub connector_metadata: Vec<MetadataEntry>,
    /// Other vendor extensions kept from the spec.
    #[serde(flatten)]
    pub extensions: IndexMap<String, Value>,
}

/// `info`.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Info {
    /// Connector title.
    pub title: String,
    /// Connector description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Version.
    pub version: String,
    /// Support contact.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact: Option<Contact>,
}

/// `info.contact`.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Contact {
    /// Name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Email.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

/// One `x-ms-connector-metadata` entry.
#[derive(Clone, Debug, Serialize)]
pub struct MetadataEntry {
    /// `Website`, `Privacy policy` or `Categories`.
    #[serde(rename = "propertyName")]
    pub property_name: String,
    /// The value (categories separated by `;`).
    #[serde(rename = "propertyValue")]
    pub property_value: String,
}

/// A tag.
#[derive(Clone, Debug, Serialize)]
pub struct Tag {
    /// Name.
    pub name: String,
}

/// The operations of one path.
#[derive(Clone, Debug, Default, Serialize)]
pub struct PathItem {
    /// GET.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub get: Option<Box<Operation>>,
    /// PUT.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub put: Option<Box<Operation>>,
    /// POST.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub post: Option<Box<Operation>>,
    /// PATCH.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub patch: Option<Box<Operation>>,
    /// DELETE.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delete: Option<Box<Operation>>,
    /// HEAD.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub head: Option<Box<Operation>>,
    /// OPTIONS.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub options: Option<Box<Operation>>,
    /// The payload a webhook trigger subscribed here receives.
    #[serde(
        rename = "x-ms-notification-content",
        skip_serializing_if = "Option::is_none"
    )]
    pub notification_content: Option<Box<NotificationContent>>,
}

impl PathItem {
    /// The slot for `method`.
    pub fn slot(&mut self, method: crate::ir::Method) -> &mut Option<Box<Operation>> {
        use crate::ir::Method;
        match method {
            Method::Get => &mut self.get,
            Method::Put => &mut self.put,
            Method::Post => &mut self.post,
            Method::Patch => &mut self.patch,
            Method::Delete => &mut self.delete,
            Method::Head => &mut self.head,
            Method::Options => &mut self.options,
        }
    }
}

/// `x-ms-notification-content`.
#[derive(Clone, Debug, Serialize)]
pub struct NotificationContent {
    /// What the payload is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Its schema.
    pub schema: Schema,
}

/// An operation: an action or a trigger.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Operation {
    /// Short sentence.
    pub summary: String,
    /// Longer text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Unique PascalCase id.
    #[serde(rename = "operationId")]
    pub operation_id: String,
    /// Tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Request content types.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub consumes: Vec<String>,
    /// Answer content types.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub produces: Vec<String>,
    /// Parameters.
    pub parameters: Vec<Parameter>,
    /// Answers by status code.
    pub responses: IndexMap<String, Response>,
    /// Deprecated, when the spec says either way.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deprecated: Option<bool>,
    /// Designer visibility.
    #[serde(rename = "x-ms-visibility", skip_serializing_if = "Option::is_none")]
    pub visibility: Option<Visibility>,
    /// `batch` (polling) or `single` (webhook) for triggers.
    #[serde(rename = "x-ms-trigger", skip_serializing_if = "Option::is_none")]
    pub trigger: Option<TriggerKind>,
    /// Polling metadata.
    #[serde(
        rename = "x-ms-trigger-metadata",
        skip_serializing_if = "Option::is_none"
    )]
    pub trigger_metadata: Option<TriggerMetadata>,
    /// Next-link paging.
    #[serde(rename = "x-ms-pageable", skip_serializing_if = "Option::is_none")]
    pub pageable: Option<Pageable>,
    /// Other vendor extensions kept from the spec.
    #[serde(flatten)]
    pub extensions: IndexMap<String, Value>,
}

/// `x-ms-trigger-metadata`.
#[derive(Clone, Debug, Serialize)]
pub struct TriggerMetadata {
    /// `query`.
    pub kind: TriggerMetadataKind,
    /// `polling`.
    pub mode: TriggerMode,
}

/// `x-ms-pageable`.
#[derive(Clone, Debug, Serialize)]
pub struct Pageable {
    /// `nextLink` or `@odata.nextLink`.
    #[serde(rename = "nextLinkName")]
    pub next_link_name: String,
}

/// A parameter: body, path, query, header or form field.
#[derive(Clone, Debug, Serialize)]
pub struct Parameter {
    /// Wire name.
    pub name: String,
    /// `body`, `path`, `query`, `header` or `formData`.
    #[serde(rename = "in")]
    pub location: ParamIn,
    /// Required.
    pub required: bool,
    /// Description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Designer label.
    #[serde(rename = "x-ms-summary", skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// Body schema (body parameters only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schema: Option<Box<Schema>>,
    /// Type and constraints (other parameters).
    #[serde(flatten)]
    pub simple: SimpleType,
    /// Designer visibility.
    #[serde(rename = "x-ms-visibility", skip_serializing_if = "Option::is_none")]
    pub visibility: Option<Visibility>,
    /// Path encoding.
    #[serde(rename = "x-ms-url-encoding", skip_serializing_if = "Option::is_none")]
    pub url_encoding: Option<UrlEncoding>,
    /// Choices from another operation.
    #[serde(
        rename = "x-ms-dynamic-values",
        skip_serializing_if = "Option::is_none"
    )]
    pub dynamic_values: Option<DynamicValues>,
    /// Other vendor extensions kept from the spec.
    #[serde(flatten)]
    pub extensions: IndexMap<String, Value>,
}

impl Parameter {
    /// A parameter called `name` travelling in `location`, optional, with nothing else said.
    pub fn new(name: impl Into<String>, location: ParamIn) -> Parameter {
        Parameter {
            name: name.into(),
            location,
            required: false,
            description: None,
            summary: None,
            schema: None,
            simple: SimpleType::default(),
            visibility: None,
            url_encoding: None,
            dynamic_values: None,
            extensions: IndexMap::new(),
        }
    }
}

/// The type keywords of a non-body parameter or of `items`.
#[derive(Clone, Debug, Default, Serialize)]
pub struct SimpleType {
    /// Type.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub ty: Option<SchemaType>,
    /// Format.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// Items of an array.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items: Option<Box<Items>>,
    /// How arrays are written.
    #[serde(rename = "collectionFormat", skip_serializing_if = "Option::is_none")]
    pub collection_format: Option<CollectionFormat>,
    /// Default value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<Value>,
    /// Allowed values.
    #[serde(rename = "enum", skip_serializing_if = "Vec::is_empty")]
    pub enum_values: Vec<Value>,
    /// Constraints.
    #[serde(flatten)]
    pub constraints: Constraints,
}

/// The items of a non-body list: their type keywords, and what the spec says of them.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Items {
    /// Description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Designer label.
    #[serde(rename = "x-ms-summary", skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// Designer visibility.
    #[serde(rename = "x-ms-visibility", skip_serializing_if = "Option::is_none")]
    pub visibility: Option<Visibility>,
    /// Type and constraints.
    #[serde(flatten)]
    pub simple: SimpleType,
    /// Other vendor extensions kept from the spec.
    #[serde(flatten)]
    pub extensions: IndexMap<String, Value>,
}

/// Validation keywords.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Constraints {
    /// Largest number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum: Option<serde_json::Number>,
    /// Smallest number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum: Option<serde_json::Number>,
    /// Longest string.
    #[serde(rename = "maxLength", skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u64>,
    /// Shortest string.
    #[serde(rename = "minLength", skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u64>,
    /// Regular expression.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// Most items.
    #[serde(rename = "maxItems", skip_serializing_if = "Option::is_none")]
    pub max_items: Option<u64>,
    /// Fewest items.
    #[serde(rename = "minItems", skip_serializing_if = "Option::is_none")]
    pub min_items: Option<u64>,
}

/// `x-ms-dynamic-values`.
#[derive(Clone, Debug, Serialize)]
pub struct DynamicValues {
    /// The operation listing the choices.
    #[serde(rename = "operationId")]
    pub operation_id: String,
    /// Its arguments.
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub parameters: IndexMap<String, DynamicArgument>,
    /// Path of the items array.
    #[serde(rename = "value-collection", skip_serializing_if = "Option::is_none")]
    pub value_collection: Option<String>,
    /// Field that is the value.
    #[serde(rename = "value-path")]
    pub value_path: String,
    /// Field shown as the label.
    #[serde(rename = "value-title", skip_serializing_if = "Option::is_none")]
    pub value_title: Option<String>,
}

/// An argument of a dynamic call: a fixed value or another parameter of the operation.
#[derive(Clone, Debug, Serialize)]
#[serde(untagged)]
pub enum DynamicArgument {
    /// `{"parameter": "name"}`.
    Parameter {
        /// The parameter whose value is passed.
        parameter: String,
    },
    /// `{"value": …}`.
    Value {
        /// The fixed value.
        value: Value,
    },
}

/// One value label of `x-ms-enum-values`.
#[derive(Clone, Debug, Serialize)]
pub struct EnumLabel {
    /// The wire value.
    pub value: Value,
    /// The label.
    #[serde(rename = "displayName")]
    pub display_name: String,
}

/// A JSON schema in Swagger's dialect.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Schema {
    /// A reference to `#/definitions/…`; nothing else is set then.
    #[serde(rename = "$ref", skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Type.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub ty: Option<SchemaType>,
    /// Format.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// Description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Designer label.
    #[serde(rename = "x-ms-summary", skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// Required property names.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub required: Vec<String>,
    /// Object properties.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub properties: Option<IndexMap<String, Schema>>,
    /// Map values.
    #[serde(
        rename = "additionalProperties",
        skip_serializing_if = "Option::is_none"
    )]
    pub additional_properties: Option<Box<Schema>>,
    /// List items.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items: Option<Box<Schema>>,
    /// Allowed values.
    #[serde(rename = "enum", skip_serializing_if = "Vec::is_empty")]
    pub enum_values: Vec<Value>,
    /// Labels of the allowed values.
    #[serde(rename = "x-ms-enum-values", skip_serializing_if = "Vec::is_empty")]
    pub enum_labels: Vec<EnumLabel>,
    /// Default value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<Value>,
    /// Example value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub example: Option<Value>,
    /// Set by the server only.
    #[serde(rename = "readOnly", skip_serializing_if = "std::ops::Not::not")]
    pub read_only: bool,
    /// Whether `null` is allowed.
    #[serde(rename = "x-nullable", skip_serializing_if = "Option::is_none")]
    pub nullable: Option<bool>,
    /// Constraints.
    #[serde(flatten)]
    pub constraints: Constraints,
    /// Designer visibility.
    #[serde(rename = "x-ms-visibility", skip_serializing_if = "Option::is_none")]
    pub visibility: Option<Visibility>,
    /// Marks the webhook callback URL property.
    #[serde(
        rename = "x-ms-notification-url",
        skip_serializing_if = "Option::is_none"
    )]
    pub notification_url: Option<bool>,
    /// Choices from another operation.
    #[serde(
        rename = "x-ms-dynamic-values",
        skip_serializing_if = "Option::is_none"
    )]
    pub dynamic_values: Option<Box<DynamicValues>>,
    /// A schema answered by another operation.
    #[serde(
        rename = "x-ms-dynamic-schema",
        skip_serializing_if = "Option::is_none"
    )]
    pub dynamic_schema: Option<Box<DynamicSchema>>,
    /// The same in the platform's newer form.
    #[serde(
        rename = "x-ms-dynamic-properties",
        skip_serializing_if = "Option::is_none"
    )]
    pub dynamic_properties: Option<Box<DynamicProperties>>,
    /// Other vendor extensions kept from the spec.
    #[serde(flatten)]
    pub extensions: IndexMap<String, Value>,
}

/// `x-ms-dynamic-schema`.
#[derive(Clone, Debug, Serialize)]
pub struct DynamicSchema {
    /// The operation answering with the schema.
    #[serde(rename = "operationId")]
    pub operation_id: String,
    /// Its arguments.
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub parameters: IndexMap<String, DynamicArgument>,
    /// Path of the schema in its answer.
    #[serde(rename = "value-path", skip_serializing_if = "Option::is_none")]
    pub value_path: Option<String>,
}

/// `x-ms-dynamic-properties`.
#[derive(Clone, Debug, Serialize)]
pub struct DynamicProperties {
    /// The operation answering with the schema.
    #[serde(rename = "operationId")]
    pub operation_id: String,
    /// Its arguments.
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub parameters: IndexMap<String, DynamicReference>,
    /// Path of the schema in its answer.
    #[serde(rename = "itemValuePath", skip_serializing_if = "Option::is_none")]
    pub item_value_path: Option<String>,
}

/// An argument of `x-ms-dynamic-properties`: a fixed value or another parameter.
#[derive(Clone, Debug, Serialize)]
#[serde(untagged)]
pub enum DynamicReference {
    /// `{"parameterReference": "name"}`.
    Parameter {
        /// The parameter whose value is passed.
        #[serde(rename = "parameterReference")]
        parameter_reference: String,
    },
    /// `{"value": …}`.
    Value {
        /// The fixed value.
        value: Value,
    },
}

impl Schema {
    /// A `$ref` to a definition.
    pub fn reference(name: &str) -> Schema {
        Schema {
            reference: Some(format!("#/definitions/{}", escape_pointer(name))),
            ..Schema::default()
        }
    }

    /// A schema of one type.
    pub fn of_type(ty: SchemaType, format: Option<&str>) -> Schema {
        Schema {
            ty: Some(ty),
            format: format.map(str::to_owned),
            ..Schema::default()
        }
    }
}

/// Escapes a JSON Pointer segment.
pub fn escape_pointer(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

/// An answer.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Response {
    /// Description.
    pub description: String,
    /// Body schema.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schema: Option<Schema>,
    /// Headers worth reading.
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub headers: IndexMap<String, Header>,
}

/// An answer header: the same keywords as a non-body list's items.
pub type Header = Items;

/// A security scheme.
#[derive(Clone, Debug, Serialize)]
pub struct SecurityScheme {
    /// `oauth2`, `apiKey` or `basic`.
    #[serde(rename = "type")]
    pub ty: SecurityType,
    /// OAuth flow (`accessCode`, `application`, `password`, `implicit`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flow: Option<OAuthFlow>,
    /// Sign-in URL.
    #[serde(rename = "authorizationUrl", skip_serializing_if = "Option::is_none")]
    pub authorization_url: Option<String>,
    /// Token URL.
    #[serde(rename = "tokenUrl", skip_serializing_if = "Option::is_none")]
    pub token_url: Option<String>,
    /// Scopes with descriptions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scopes: Option<IndexMap<String, String>>,
    /// API key header or query name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// API key location.
    #[serde(rename = "in", skip_serializing_if = "Option::is_none")]
    pub location: Option<KeyIn>,
}

impl SecurityScheme {
    /// A scheme of kind `ty` with nothing else said.
    pub fn of(ty: SecurityType) -> SecurityScheme {
        SecurityScheme {
            ty,
            flow: None,
            authorization_url: None,
            token_url: None,
            scopes: None,
            name: None,
            location: None,
        }
    }
}

/// Vendor extensions from the IR without the keys a typed field already writes.
pub fn extra_extensions(
    extensions: &IndexMap<String, Value>,
    typed: &[&str],
) -> IndexMap<String, Value> {
    extensions
        .iter()
        .filter(|(k, _)| k.starts_with("x-") && !typed.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// The `x-` keys [`Schema`] writes itself.
/// (`x-ms-dynamic-values` is written from the typed field when there is one, else as kept;
/// `x-ms-notification-url` is typed on a webhook's one callback field, and kept as written on
/// any other field an import marked with it.)
pub const SCHEMA_KEYS: &[&str] = &["x-ms-summary", "x-ms-visibility"];
/// The `x-` keys [`Parameter`] writes itself.
/// (`x-ms-dynamic-values` is written from the typed field when there is one, else as kept.)
pub const PARAMETER_KEYS: &[&str] = &["x-ms-summary", "x-ms-visibility", "x-ms-url-encoding"];
/// The `x-` keys [`Header`] and [`Items`] write themselves.
pub const HEADER_KEYS: &[&str] = &["x-ms-summary", "x-ms-visibility"];
/// The `x-` keys [`Operation`] writes itself.
pub const OPERATION_KEYS: &[&str] = &[
    "x-ms-visibility",
    "x-ms-trigger",
    "x-ms-trigger-metadata",
    "x-ms-pageable",
];
/// The `x-` keys [`Swagger`] writes itself.
pub const ROOT_KEYS: &[&str] = &["x-ms-connector-metadata"];
