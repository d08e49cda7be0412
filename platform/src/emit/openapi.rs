//! The OpenAPI 3.0 document of a connector, built with the `openapiv3` types and written as
//! YAML (`generated/<id>/openapi.yaml`).
//!
//! Everything OpenAPI can say is said natively: servers with variables for connection
//! parameters, security schemes, parameters, request bodies per content type, responses and
//! component schemas. Webhook triggers become callbacks of their subscribe operation, with an
//! operation of its own for unsubscribing; polling triggers with a request of their own are
//! operations too. Every operation documents its answer headers and its error answers (`default`
//! with the spec's error type, `429` when the connector has rate limits). Polling triggers and
//! rate limits, which OpenAPI has no words for, are also kept as `x-` extensions.

use codegen::fast_hash::{Map as HashMap, Set as HashSet};
use indexmap::IndexMap;
use openapiv3::{
    APIKeyLocation, AdditionalProperties, AnySchema, ArrayType, AuthorizationCodeOAuth2Flow,
    BooleanType, Callback, ClientCredentialsOAuth2Flow, Components, Contact, Header,
    ImplicitOAuth2Flow, Info, IntegerType, MediaType, NumberType, OAuth2Flows, ObjectType, OpenAPI,
    Operation, Parameter, ParameterData, ParameterSchemaOrContent, PasswordOAuth2Flow, PathItem,
    Paths, ReferenceOr, RequestBody, Response, Responses, Schema, SchemaData, SchemaKind,
    SecurityScheme, Server, ServerVariable, StatusCode, StringType, Tag, VariantOrUnknownOrEmpty,
};
use serde_json::{json, Value};

use super::openapi_item::{ItemParts, OperationValue};

use crate::ir::{
    Action, Auth, Body, BodyEncoding, Connector, EnumType, Field, ItemOrder, KeyLocation,
    LimitScope, Method, OAuth2, OAuth2Flow, Param, ParamLocation, PollSource, ResponseEncoding,
    Scalar, ScalarKind, SubscriptionId, Trigger, TriggerKind, Type, TypeDocs, Webhook,
};

/// The name of the security scheme in `components.securitySchemes`.
const SCHEME: &str = "auth";

/// Builds the OpenAPI document of `connector`.
pub fn document(connector: &Connector) -> OpenAPI {
    let (mut doc, paths, _) = built(connector, |operation| operation);
    doc.paths.paths = paths
        .into_iter()
        .map(|(k, v)| (k, ReferenceOr::Item(v.into_item())))
        .collect();
    doc
}

/// The parameters whose `style` an import found written, by path, then by place (a method, or
/// empty for the path item), location and name: their style is written even where it is the
/// default. Keyed by path first so that a long path is looked up once per path item, not
/// copied once per parameter.
type WrittenStyles = HashMap<String, HashSet<(String, String, String)>>;

/// The path items by path, their operations held as `Op`.
type PathItems<Op> = IndexMap<String, ItemParts<Op>>;

/// The document of `connector` without its path items, which come apart (so that writing the
/// document can turn them into text one at a time), and the parameters whose style was written.
/// Each operation is turned into its held form (`form`) as soon as it is made.
fn built<Op>(
    connector: &Connector,
    form: fn(Operation) -> Op,
) -> (OpenAPI, PathItems<Op>, WrittenStyles) {
    let (mut schemes, mut security) = security(&connector.auth);
    let scheme =
        super::openapi_kept::security(&mut schemes, &mut security, SCHEME, &connector.extensions);
    let mut b = Builder {
        connector,
        paths: IndexMap::with_capacity(connector.actions.len()),
        scheme,
        written_styles: WrittenStyles::default(),
        form,
    };
    for action in &connector.actions {
        b.action(action);
    }
    b.webhooks();
    b.poll_requests();
    let written_styles = std::mem::take(&mut b.written_styles);
    let extensions = document_extensions(connector);
    let mut doc = OpenAPI {
        openapi: "3.0.3".into(),
        info: Info {
            title: connector.title.clone(),
            description: connector.description.clone(),
            version: connector.version.clone().unwrap_or_else(|| "1.0".into()),
            contact: contact(connector),
            ..Info::default()
        },
        servers: vec![server(connector)],
        paths: Paths::default(),
        components: Some(Components {
            schemas: connector
                .objects
                .iter()
                .map(|o| (o.name.clone(), ReferenceOr::Item(component(connector, o))))
                .collect(),
            security_schemes: schemes,
            ..Components::default()
        }),
        security,
        tags: tags(connector),
        extensions,
        ..OpenAPI::default()
    };
    super::openapi_kept::apply(&mut doc, &connector.extensions);
    super::openapi_kept::contact(&mut doc, &connector.extensions, &connector.metadata);
    (doc, b.paths, written_styles)
}

/// The contact of the service: the publisher with the website, and the contact e-mail.
fn contact(connector: &Connector) -> Option<Contact> {
    let m = &connector.metadata;
    let email = m.contact.clone().filter(|c| c.contains('@'));
    if m.website.is_none() && email.is_none() {
        return None;
    }
    Some(Contact {
        name: m.publisher.clone(),
        url: m.website.clone(),
        email,
        ..Contact::default()
    })
}

/// The document as YAML.
pub fn to_yaml(connector: &Connector) -> String {
    let (doc, paths, written_styles) = built(connector, serde_json::to_value);
    let header = format!(
        "# @generated by connectorc from the `{}` connector spec. Do not edit.\n",
        connector.id.replace(['\n', '\r'], " ")
    );
    let mut value = match document_value(doc, paths) {
        Ok(value) => value,
        Err(e) => return format!("{header}# cannot serialise: {e}\n"),
    };
    without_default_styles(&mut value, &written_styles);
    match codegen::yaml_out::to_string(&value, None) {
        Ok(yaml) => header + &yaml,
        Err(e) => format!("{header}# cannot serialise: {e}\n"),
    }
}

/// `serde_json::to_value` of the whole document (`doc` with `paths`), each path item's value
/// put together from its operations' values, which were made as the operations were.
fn document_value(
    doc: OpenAPI,
    paths: PathItems<OperationValue>,
) -> Result<Value, serde_json::Error> {
    let overwritten = doc.extensions.contains_key("paths");
    let mut value = serde_json::to_value(&doc)?;
    drop(doc);
    let items = paths
        .into_iter()
        .map(|(path, item)| Ok((path, item.into_value()?)));
    if overwritten {
        // A document extension named `paths` is written over the member: the items are not
        // written, but one that cannot be is still the document's error.
        for item in items {
            item?;
        }
        return Ok(value);
    }
    super::item_values::fill(&mut value, "paths", items)?;
    Ok(value)
}

/// Removes a parameter's `style` where it is OpenAPI 3.0's default for its location (`simple`
/// in paths and headers, `form` in queries and cookies) and the original did not write it
/// (`written`), and an answer header's `simple` (the only style a header has), which
/// `openapiv3` always writes; and a server variable's `description: null`.
fn without_default_styles(doc: &mut Value, written: &WrittenStyles) {
    for server in doc
        .get_mut("servers")
        .and_then(Value::as_array_mut)
        .into_iter()
        .flatten()
    {
        let variables = server
            .get_mut("variables")
            .and_then(Value::as_object_mut)
            .into_iter()
            .flat_map(|v| v.values_mut())
            .filter_map(Value::as_object_mut);
        for variable in variables {
            if variable.get("description") == Some(&Value::Null) {
                variable.remove("description");
            }
        }
    }
    let items = doc
        .get_mut("paths")
        .and_then(Value::as_object_mut)
        .into_iter()
        .flat_map(|paths| paths.iter_mut())
        .filter_map(|(path, item)| Some((path, item.as_object_mut()?)));
    for (path, item) in items {
        let written_here = written.get(path.as_str());
        let kept = |place: &str, param: &serde_json::Map<String, Value>| {
            let Some(written_here) = written_here else {
                return false;
            };
            let text = |key: &str| param.get(key).and_then(Value::as_str).unwrap_or("");
            let key = (
                place.to_owned(),
                text("in").to_owned(),
                text("name").to_owned(),
            );
            written_here.contains(&key)
        };
        without_default_parameter_styles(item, |p| kept("", p));
        for (method, operation) in item.iter_mut() {
            let Some(operation) = operation.as_object_mut() else {
                continue;
            };
            without_default_parameter_styles(operation, |p| kept(method, p));
            let headers = operation
                .get_mut("responses")
                .and_then(Value::as_object_mut)
                .into_iter()
                .flat_map(|r| r.values_mut())
                .filter_map(|r| r.get_mut("headers").and_then(Value::as_object_mut))
                .flat_map(|h| h.values_mut())
                .filter_map(Value::as_object_mut);
            for header in headers {
                if header.get("style").and_then(Value::as_str) == Some("simple") {
                    header.remove("style");
                }
            }
        }
    }
}

/// [`without_default_styles`] for the `parameters` of a path item or operation; `written`
/// says whether a parameter's style was written.
fn without_default_parameter_styles(
    holder: &mut serde_json::Map<String, Value>,
    written: impl Fn(&serde_json::Map<String, Value>) -> bool,
) {
    let params = holder
        .get_mut("parameters")
        .and_then(Value::as_array_mut)
        .into_iter()
        .flatten()
        .filter_map(Value::as_object_mut);
    for param in params {
        let default_style = match param.get("in").and_then(Value::as_str) {
            Some("path" | "header") => "simple",
            _ => "form",
        };
        if param.get("style").and_then(Value::as_str) == Some(default_style) && !written(param) {
            param.remove("style");
        }
    }
}

fn server(connector: &Connector) -> Server {
    let variables: IndexMap<String, ServerVariable> = connector
        .base_url
        .params()
        .map(|name| {
            let field = connector.connection.iter().find(|f| f.wire_name == name);
            let default = field
                .and_then(|f| f.default.as_ref())
                .map(|v| match v {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .unwrap_or_else(|| name.to_owned());
            (
                name.to_owned(),
                ServerVariable {
                    default,
                    description: field.and_then(|f| f.description.clone()),
                    ..ServerVariable::default()
                },
            )
        })
        .collect();
    Server {
        url: connector.base_url.raw.trim_end_matches('/').to_owned(),
        variables: (!variables.is_empty()).then_some(variables),
        ..Server::default()
    }
}

/// Security schemes by name.
type Schemes = IndexMap<String, ReferenceOr<SecurityScheme>>;
/// Security requirements.
type Requirements = Option<Vec<IndexMap<String, Vec<String>>>>;

/// The connector's security scheme and the requirement that applies it everywhere.
fn security(auth: &Auth) -> (Schemes, Requirements) {
    let scheme = match auth {
        Auth::None | Auth::XmlCredentials { .. } => None,
        Auth::ApiKey { name, location, .. } => Some(SecurityScheme::APIKey {
            location: match location {
                KeyLocation::Header => APIKeyLocation::Header,
                KeyLocation::Query => APIKeyLocation::Query,
            },
            name: name.clone(),
            description: None,
            extensions: IndexMap::new(),
        }),
        Auth::Basic { .. } => Some(http("basic", None)),
        Auth::Bearer { .. } => Some(http("bearer", None)),
        Auth::Login(login) => Some(http(
            "bearer",
            Some(format!(
                "A token from the login request {} {}, sent in the {} header as `{}`.",
                login.method.as_str(),
                login.url,
                login.header,
                login.format
            )),
        )),
        Auth::OAuth2(oauth) => {
            let flows = oauth2_flows(oauth);
            Some(SecurityScheme::OAuth2 {
                flows,
                description: None,
                extensions: IndexMap::new(),
            })
        }
    };
    match scheme {
        None => (IndexMap::new(), None),
        Some(scheme) => {
            let scopes = match auth {
                Auth::OAuth2(o) => o.scopes.clone(),
                _ => Vec::new(),
            };
            let mut schemes = IndexMap::new();
            schemes.insert(SCHEME.to_owned(), ReferenceOr::Item(scheme));
            let mut requirement = IndexMap::new();
            requirement.insert(SCHEME.to_owned(), scopes);
            (schemes, Some(vec![requirement]))
        }
    }
}

/// The OAuth 2.0 flow of `oauth`, its scopes named by themselves.
fn oauth2_flows(oauth: &OAuth2) -> OAuth2Flows {
    let scopes: IndexMap<String, String> = oauth
        .scopes
        .iter()
        .map(|s| (s.clone(), s.clone()))
        .collect();
    let mut flows = OAuth2Flows::default();
    match oauth.flow {
        OAuth2Flow::AuthorizationCode => {
            flows.authorization_code = Some(AuthorizationCodeOAuth2Flow {
                authorization_url: oauth
                    .authorization_url
                    .clone()
                    .unwrap_or_else(|| oauth.token_url.clone()),
                token_url: oauth.token_url.clone(),
                refresh_url: oauth.refresh_url.clone(),
                scopes,
                extensions: IndexMap::new(),
            })
        }
        OAuth2Flow::ClientCredentials | OAuth2Flow::AccountCredentials => {
            flows.client_credentials = Some(ClientCredentialsOAuth2Flow {
                token_url: oauth.token_url.clone(),
                refresh_url: oauth.refresh_url.clone(),
                scopes,
                extensions: IndexMap::new(),
            })
        }
        OAuth2Flow::Password => {
            flows.password = Some(PasswordOAuth2Flow {
                token_url: oauth.token_url.clone(),
                refresh_url: oauth.refresh_url.clone(),
                scopes,
                extensions: IndexMap::new(),
            })
        }
        OAuth2Flow::Implicit => {
            flows.implicit = Some(ImplicitOAuth2Flow {
                authorization_url: oauth
                    .authorization_url
                    .clone()
                    .unwrap_or_else(|| oauth.token_url.clone()),
                refresh_url: oauth.refresh_url.clone(),
                scopes,
                extensions: IndexMap::new(),
            })
        }
    }
    flows
}

fn http(scheme: &str, description: Option<String>) -> SecurityScheme {
    SecurityScheme::HTTP {
        scheme: scheme.into(),
        bearer_format: None,
        description,
        extensions: IndexMap::new(),
    }
}

fn reference(name: &str) -> ReferenceOr<Schema> {
    ReferenceOr::Reference {
        reference: format!("#/components/schemas/{name}"),
    }
}

/// The schema of a type, `$ref` for named types.
fn of(connector: &Connector, ty: &Type) -> ReferenceOr<Schema> {
    match ty {
        Type::Named(name) if connector.object(name).is_some() => reference(name),
        other => ReferenceOr::Item(inline(connector, other)),
    }
}

fn boxed(r: ReferenceOr<Schema>) -> ReferenceOr<Box<Schema>> {
    match r {
        ReferenceOr::Item(s) => ReferenceOr::Item(Box::new(s)),
        ReferenceOr::Reference { reference } => ReferenceOr::Reference { reference },
    }
}

fn kind(kind: SchemaKind) -> Schema {
    Schema {
        schema_data: SchemaData::default(),
        schema_kind: kind,
    }
}

fn format<T: std::str::FromStr>(f: Option<&str>) -> VariantOrUnknownOrEmpty<T> {
    match f {
        None => VariantOrUnknownOrEmpty::Empty,
        Some(f) => match T::from_str(f) {
            Ok(v) => VariantOrUnknownOrEmpty::Item(v),
            Err(_) => VariantOrUnknownOrEmpty::Unknown(f.to_owned()),
        },
    }
}

/// A type written in place.
fn inline(connector: &Connector, ty: &Type) -> Schema {
    use openapiv3::Type as T;
    match ty {
        Type::Scalar(s) => scalar_schema(s),
        Type::Named(_) => match connector.resolve(ty) {
            Type::Named(_) => kind(SchemaKind::Any(AnySchema::default())),
            resolved => inline(connector, resolved),
        },
        Type::List { item, docs } => kind(SchemaKind::Type(T::Array(ArrayType {
            items: Some(boxed(documented(connector, item, docs))),
            min_items: None,
            max_items: None,
            unique_items: false,
        }))),
        Type::Map { value, docs } => kind(SchemaKind::Type(T::Object(ObjectType {
            additional_properties: Some(AdditionalProperties::Schema(Box::new(documented(
                connector, value, docs,
            )))),
            ..ObjectType::default()
        }))),
        Type::Object(o) => {
            let mut schema = object(connector, &o.fields);
            if let (Some(value), SchemaKind::Type(T::Object(obj))) =
                (&o.additional, &mut schema.schema_kind)
            {
                obj.additional_properties = Some(AdditionalProperties::Schema(Box::new(
                    documented(connector, value, &o.additional_docs),
                )));
            }
            schema
        }
        Type::Enum(e) => enum_schema(e),
    }
}

/// A scalar type written in place.
fn scalar_schema(s: &Scalar) -> Schema {
    use openapiv3::Type as T;
    let f = s.format.as_deref();
    match s.kind {
        ScalarKind::String => kind(SchemaKind::Type(T::String(StringType {
            format: format(f),
            ..StringType::default()
        }))),
        ScalarKind::File => kind(SchemaKind::Type(T::String(StringType {
            format: format(Some("binary")),
            ..StringType::default()
        }))),
        ScalarKind::Integer => kind(SchemaKind::Type(T::Integer(IntegerType {
            format: format(f),
            ..IntegerType::default()
        }))),
        ScalarKind::Number => kind(SchemaKind::Type(T::Number(NumberType {
            format: format(f),
            ..NumberType::default()
        }))),
        ScalarKind::Boolean => kind(SchemaKind::Type(T::Boolean(BooleanType::default()))),
        ScalarKind::Object => kind(SchemaKind::Type(T::Object(ObjectType::default()))),
        ScalarKind::Any => kind(SchemaKind::Any(AnySchema::default())),
    }
}

/// An enum written in place, its labels (where it has any) as `x-enum-labels`.
fn enum_schema(e: &EnumType) -> Schema {
    use openapiv3::Type as T;
    let values = &e.values;
    let mut schema = match e.base.kind {
        ScalarKind::Integer => kind(SchemaKind::Type(T::Integer(IntegerType {
            format: format(e.base.format.as_deref()),
            enumeration: values.iter().map(|v| v.value.as_i64()).collect(),
            ..IntegerType::default()
        }))),
        ScalarKind::Number => kind(SchemaKind::Type(T::Number(NumberType {
            format: format(e.base.format.as_deref()),
            enumeration: values.iter().map(|v| v.value.as_f64()).collect(),
            ..NumberType::default()
        }))),
        ScalarKind::Boolean => kind(SchemaKind::Type(T::Boolean(BooleanType {
            enumeration: values.iter().map(|v| v.value.as_bool()).collect(),
        }))),
        _ => kind(SchemaKind::Type(T::String(StringType {
            format: format(e.base.format.as_deref()),
            enumeration: values
                .iter()
                .map(|v| match &v.value {
                    Value::String(s) => Some(s.clone()),
                    other => Some(other.to_string()),
                })
                .collect(),
            ..StringType::default()
        }))),
    };
    if values.iter().any(|v| v.label.is_some()) {
        let labels: Vec<Value> = values
            .iter()
            .map(|v| json!({ "value": v.value, "label": v.label }))
            .collect();
        schema
            .schema_data
            .extensions
            .insert("x-enum-labels".into(), Value::Array(labels));
    }
    schema
}

fn object(connector: &Connector, fields: &[Field]) -> Schema {
    kind(SchemaKind::Type(openapiv3::Type::Object(ObjectType {
        properties: fields
            .iter()
            .map(|f| (f.wire_name.clone(), boxed(field(connector, f))))
            .collect(),
        required: fields
            .iter()
            .filter(|f| f.required && !super::openapi_kept::required_on_itself(f))
            .map(|f| f.wire_name.clone())
            .collect(),
        ..ObjectType::default()
    })))
}

/// The schema of a list item or map value with its own labels (beside a named object's
/// `$ref`, only what an import kept as written: [`referenced`]).
fn documented(connector: &Connector, ty: &Type, docs: &TypeDocs) -> ReferenceOr<Schema> {
    if let Some(reference) = referenced(connector, ty, &docs.extensions) {
        return reference;
    }
    let mut schema = base(connector, ty, &docs.extensions);
    let data = &mut schema.schema_data;
    data.title = docs.summary.clone().or(data.title.take());
    data.description = docs.description.clone().or(data.description.take());
    data.nullable |= docs.nullable;
    data.read_only |= docs.read_only;
    data.default = docs.default.clone().or(data.default.take());
    data.example = docs.example.clone().or(data.example.take());
    constrain(&mut schema, &docs.constraints);
    placed(connector, schema, &docs.extensions)
}

/// The schema a type is written with in place: a named object's component schema, or the
/// type's own. A use whose union an import kept as written (`extensions`) writes that union
/// with its own labels, not the object's: only the object's shape is the base.
fn base(connector: &Connector, ty: &Type, extensions: &IndexMap<String, Value>) -> Schema {
    let union = extensions.contains_key(super::openapi_kept::OPENAPI_UNION)
        && !extensions.contains_key(super::openapi_kept::IN_PLACE);
    match ty {
        Type::Named(_) if union => inline(connector, ty),
        Type::Named(name) => match connector.object(name) {
            Some(o) => component(connector, o),
            None => inline(connector, ty),
        },
        other => inline(connector, other),
    }
}

/// A use of a named object is a `$ref`, with what an import kept as written beside it (the
/// original's siblings of its `$ref`); `None` for other types, and for a use an import found
/// written in place ([`IN_PLACE`](super::openapi_kept::IN_PLACE)), which is written as the
/// object's component schema with the use's own labels, since OpenAPI 3.0 ignores keys beside
/// a `$ref`. Checked before the schema is built: a `$ref` is how recursive types end.
fn referenced(
    connector: &Connector,
    ty: &Type,
    extensions: &IndexMap<String, Value>,
) -> Option<ReferenceOr<Schema>> {
    match ty {
        Type::Named(name)
            if connector.object(name).is_some()
                && !extensions.contains_key(super::openapi_kept::IN_PLACE)
                && !extensions.contains_key(super::openapi_kept::OPENAPI_UNION) =>
        {
            Some(super::openapi_kept::beside_reference(
                reference(name),
                extensions,
            ))
        }
        _ => None,
    }
}

/// `schema` with the kept keywords among `extensions` written over it.
fn placed(
    connector: &Connector,
    schema: Schema,
    extensions: &IndexMap<String, Value>,
) -> ReferenceOr<Schema> {
    ReferenceOr::Item(super::openapi_kept::schema(connector, schema, extensions))
}

/// The component schema of a named type.
fn component(connector: &Connector, o: &crate::ir::NamedType) -> Schema {
    let mut schema = inline(connector, connector.resolve(&o.ty));
    let data = &mut schema.schema_data;
    if data.description.is_none() {
        data.description = o.description.clone();
    }
    data.title = o.summary.clone();
    data.default = o.default.clone().or(data.default.take());
    data.example = o.example.clone().or(data.example.take());
    data.nullable |= o.nullable;
    constrain(&mut schema, &o.constraints);
    super::openapi_kept::schema(connector, schema, &o.extensions)
}

fn field(connector: &Connector, f: &Field) -> ReferenceOr<Schema> {
    field_schema(connector, f, false)
}

/// A field's schema; a parameter's leaves its description and deprecation to the parameter.
fn field_schema(connector: &Connector, f: &Field, parameter: bool) -> ReferenceOr<Schema> {
    if let Some(reference) = referenced(connector, &f.ty, &f.extensions) {
        return reference;
    }
    let mut schema = base(connector, &f.ty, &f.extensions);
    let data = &mut schema.schema_data;
    data.title = f.summary.clone().or(data.title.take());
    data.description = f.description.clone().or(data.description.take());
    data.nullable |= f.nullable;
    data.read_only |= f.read_only;
    data.deprecated |= f.deprecated;
    data.default = f
        .default
        .clone()
        .or_else(|| f.value.clone())
        .or(data.default.take());
    data.example = f.example.clone().or(data.example.take());
    if parameter {
        data.description = None;
        data.deprecated = false;
    }
    constrain(&mut schema, &f.constraints);
    // A kept `required: true|false` on the field itself holds while the field says the same.
    if f.extensions.get("required").and_then(Value::as_bool) == Some(!f.required) {
        let mut extensions = f.extensions.clone();
        extensions.shift_remove("required");
        return placed(connector, schema, &extensions);
    }
    placed(connector, schema, &f.extensions)
}

/// Writes the limits `c` says on `schema`. A decimal's limit written as a whole number stays
/// one (`openapiv3` holds a decimal's limits as floats, which are written `100.0`).
fn constrain(schema: &mut Schema, c: &crate::ir::Constraints) {
    set_limits(schema, c);
    let whole = |n: &Option<serde_json::Number>| n.as_ref().is_some_and(|n| !n.is_f64());
    let decimal = matches!(
        schema.schema_kind,
        SchemaKind::Type(openapiv3::Type::Number(_))
    );
    if decimal && (whole(&c.minimum) || whole(&c.maximum)) {
        if let Ok(Value::Object(mut map)) = serde_json::to_value(&*schema) {
            for (key, n) in [("minimum", &c.minimum), ("maximum", &c.maximum)] {
                if let Some(n) = n.as_ref().filter(|n| !n.is_f64()) {
                    map.insert(key.into(), Value::Number(n.clone()));
                }
            }
            *schema = super::openapi_kept::opaque(map);
        }
    }
}

fn set_limits(schema: &mut Schema, c: &crate::ir::Constraints) {
    use openapiv3::Type as T;
    if let SchemaKind::Type(t) = &mut schema.schema_kind {
        match t {
            T::String(s) => {
                s.pattern = c.pattern.clone().or(s.pattern.take());
                s.min_length = c.min_length.map(|n| n as usize).or(s.min_length);
                s.max_length = c.max_length.map(|n| n as usize).or(s.max_length);
            }
            T::Integer(i) => {
                let whole = |n: &serde_json::Number| n.as_i64().or(n.as_f64().map(|f| f as i64));
                i.minimum = c.minimum.as_ref().and_then(whole).or(i.minimum);
                i.maximum = c.maximum.as_ref().and_then(whole).or(i.maximum);
            }
            T::Number(n) => {
                n.minimum = c
                    .minimum
                    .as_ref()
                    .and_then(serde_json::Number::as_f64)
                    .or(n.minimum);
                n.maximum = c
                    .maximum
                    .as_ref()
                    .and_then(serde_json::Number::as_f64)
                    .or(n.maximum);
            }
            T::Array(a) => {
                a.min_items = c.min_items.map(|n| n as usize).or(a.min_items);
                a.max_items = c.max_items.map(|n| n as usize).or(a.max_items);
            }
            _ => {}
        }
    }
}

fn content_type(body: &Body) -> String {
    if let Some(ct) = &body.content_type {
        return ct.clone();
    }
    match body.encoding {
        BodyEncoding::Json => "application/json",
        BodyEncoding::Form => "application/x-www-form-urlencoded",
        BodyEncoding::Multipart => "multipart/form-data",
        BodyEncoding::Xml => "application/xml",
        BodyEncoding::Binary => "application/octet-stream",
        BodyEncoding::Text => "text/plain",
    }
    .to_owned()
}

struct Builder<'a, Op> {
    connector: &'a Connector,
    paths: PathItems<Op>,
    /// The name of the security scheme as an import found it written, if it is written so.
    scheme: Option<String>,
    /// The parameters of actions whose style an import found written.
    written_styles: WrittenStyles,
    /// The form an operation is held in once it is made.
    form: fn(Operation) -> Op,
}

/// A required text path parameter that is not one of the spec's own parameters.
fn string_path_param(
    connector: &Connector,
    name: &str,
    description: String,
) -> ReferenceOr<Parameter> {
    ReferenceOr::Item(Parameter::Path {
        parameter_data: ParameterData {
            name: name.to_owned(),
            description: Some(description),
            required: true,
            deprecated: None,
            format: ParameterSchemaOrContent::Schema(ReferenceOr::Item(inline(
                connector,
                &Type::string(),
            ))),
            example: None,
            examples: IndexMap::new(),
            explode: None,
            extensions: IndexMap::new(),
        },
        style: Default::default(),
    })
}

/// A parameter style kept as written, or the location's default.
fn kept_style<T: serde::de::DeserializeOwned + Default>(style: Option<Value>) -> T {
    style
        .and_then(|s| serde_json::from_value(s).ok())
        .unwrap_or_default()
}

/// The key of a path in `paths`: as written, trailing slash included (a different URL), with
/// a leading slash.
fn path_key(raw: &str) -> String {
    if raw.starts_with('/') {
        raw.to_owned()
    } else {
        format!("/{raw}")
    }
}

impl<'a, Op> Builder<'a, Op> {
    fn parameter(&self, p: &Param) -> ReferenceOr<Parameter> {
        // The description belongs to the parameter and the example to its schema, where
        // OpenAPI documents usually put them, unless an import found the example on the
        // parameter; neither is written twice. The parameter's own keys an import kept as
        // written go on the parameter.
        let (f, example, mut kept) = super::openapi_kept::parameter_parts(&p.field);
        // A blank description kept as written, while the spec gives none.
        if f.description.is_some() {
            kept.shift_remove("description");
        }
        // A style and `explode` kept as written go to their typed places.
        let explode = kept.shift_remove("explode").and_then(|v| v.as_bool());
        let style = kept.shift_remove("style");
        let schema = field_schema(self.connector, &f, true);
        let data = ParameterData {
            name: f.wire_name.clone(),
            description: f.description.clone(),
            required: f.required || p.location == ParamLocation::Path,
            deprecated: f.deprecated.then_some(true),
            format: super::openapi_kept::schema_or_content(schema, &mut kept),
            example,
            examples: IndexMap::new(),
            explode,
            extensions: kept,
        };
        ReferenceOr::Item(match p.location {
            ParamLocation::Path => Parameter::Path {
                parameter_data: data,
                style: kept_style(style),
            },
            ParamLocation::Query => Parameter::Query {
                parameter_data: data,
                allow_reserved: false,
                style: kept_style(style),
                allow_empty_value: None,
            },
            ParamLocation::Header => Parameter::Header {
                parameter_data: data,
                style: kept_style(style),
            },
        })
    }

    /// Placeholders of `path` that are not operation parameters: connection parameters.
    fn connection_params(
        &self,
        path: &crate::ir::Template,
        params: &[Param],
    ) -> Vec<ReferenceOr<Parameter>> {
        let operation_params: HashSet<&str> =
            params.iter().map(|p| p.field.wire_name.as_str()).collect();
        path.params()
            .filter(|name| !operation_params.contains(name))
            .map(|name| {
                let field = self
                    .connector
                    .connection
                    .iter()
                    .find(|f| f.wire_name == name);
                string_path_param(
                    self.connector,
                    name,
                    format!(
                        "The connection's `{name}`{}",
                        field
                            .and_then(|f| f.description.as_ref())
                            .map(|d| format!(": {d}"))
                            .unwrap_or_else(|| ".".into())
                    ),
                )
            })
            .collect()
    }

    fn request_body(&self, body: &Body) -> ReferenceOr<RequestBody> {
        let schema = match body.encoding {
            BodyEncoding::Binary => ReferenceOr::Item(inline(
                self.connector,
                &Type::Scalar(crate::ir::Scalar::new(ScalarKind::String, Some("binary"))),
            )),
            _ => documented(self.connector, &body.ty, &body.schema_docs),
        };
        let mut content = IndexMap::new();
        content.insert(
            content_type(body),
            MediaType {
                schema: Some(schema),
                ..MediaType::default()
            },
        );
        ReferenceOr::Item(RequestBody {
            description: body.description.clone(),
            content,
            required: body.required,
            ..RequestBody::default()
        })
    }

    fn responses(&self, r: &crate::ir::Response) -> Responses {
        let mut content = IndexMap::new();
        let media = match r.encoding {
            ResponseEncoding::Json => Some("application/json"),
            ResponseEncoding::Xml => Some("application/xml"),
            ResponseEncoding::Binary => Some("application/octet-stream"),
            ResponseEncoding::Text => Some("text/plain"),
            ResponseEncoding::Empty => None,
        }
        .map(|default| r.content_type.as_deref().unwrap_or(default));
        if let (Some(media), Some(ty)) = (media, &r.ty) {
            let schema = if r.encoding == ResponseEncoding::Binary {
                ReferenceOr::Item(inline(
                    self.connector,
                    &Type::Scalar(crate::ir::Scalar::new(ScalarKind::String, Some("binary"))),
                ))
            } else {
                documented(self.connector, ty, &r.schema_docs)
            };
            content.insert(
                media.to_owned(),
                MediaType {
                    schema: Some(schema),
                    ..MediaType::default()
                },
            );
        }
        let mut responses = IndexMap::new();
        responses.insert(
            StatusCode::Code(r.status),
            ReferenceOr::Item(Response {
                description: r.description.clone().unwrap_or_else(|| "Success".into()),
                headers: r
                    .headers
                    .iter()
                    .map(|h| (h.wire_name.clone(), self.header(h)))
                    .collect(),
                content,
                ..Response::default()
            }),
        );
        self.with_errors(Responses {
            responses,
            ..Responses::default()
        })
    }

    /// An answer header.
    fn header(&self, field: &Field) -> ReferenceOr<Header> {
        // The description is the header's; the example stays on the schema, where the
        // importer reads it, unless the header wrote it itself. The header's own keys an
        // import kept as written go on the header, as a parameter's do.
        let (f, example, mut own) = super::openapi_kept::parameter_parts(field);
        if f.description.is_some() {
            own.shift_remove("description");
        }
        ReferenceOr::Item(Header {
            description: f.description.clone(),
            style: Default::default(),
            required: f.required,
            deprecated: f.deprecated.then_some(true),
            format: super::openapi_kept::schema_or_content(
                field_schema(self.connector, &f, true),
                &mut own,
            ),
            example,
            examples: IndexMap::new(),
            extensions: own,
        })
    }

    /// Adds the error answers every operation can get: `default` (with the spec's error type
    /// when it has one) and `429` when the connector has rate limits.
    fn with_errors(&self, mut responses: Responses) -> Responses {
        let c = self.connector;
        if !super::openapi_kept::derives_error_answers(&c.extensions) {
            return responses;
        }
        if !c.limits.is_empty() {
            let mut headers = IndexMap::new();
            headers.insert(
                "Retry-After".to_owned(),
                ReferenceOr::Item(Header {
                    description: Some("How long to wait: seconds, or an HTTP date.".into()),
                    style: Default::default(),
                    required: false,
                    deprecated: None,
                    format: ParameterSchemaOrContent::Schema(ReferenceOr::Item(inline(
                        c,
                        &Type::string(),
                    ))),
                    example: None,
                    examples: IndexMap::new(),
                    extensions: IndexMap::new(),
                }),
            );
            responses.responses.insert(
                StatusCode::Code(429),
                ReferenceOr::Item(Response {
                    description: "Too many requests: a rate limit of the service was reached."
                        .into(),
                    headers,
                    content: self.error_content(),
                    ..Response::default()
                }),
            );
        }
        let mut description = String::from("An error");
        if let Some(code) = &c.errors.code {
            description.push_str(&format!("; its code is at `{code}`"));
        }
        if let Some(message) = &c.errors.message {
            description.push_str(&format!(", its message at `{message}`"));
        }
        description.push('.');
        if let Some(failure) = &c.errors.failure_when {
            description.push_str(&format!(
                " The service also reports failures in successful answers: `{}` other than `{}` is one.",
                failure.path, failure.success
            ));
        }
        responses.default = Some(ReferenceOr::Item(Response {
            description,
            content: self.error_content(),
            ..Response::default()
        }));
        responses
    }

    /// The media of error answers: the spec's error type in the connector's format.
    fn error_content(&self) -> IndexMap<String, MediaType> {
        let c = self.connector;
        let Some(ty) = &c.errors.ty else {
            return IndexMap::new();
        };
        let media = if c.xml.is_some() {
            "application/xml"
        } else {
            "application/json"
        };
        [(
            media.to_owned(),
            MediaType {
                schema: Some(of(c, ty)),
                ..MediaType::default()
            },
        )]
        .into_iter()
        .collect()
    }

    fn action(&mut self, action: &Action) {
        let ActionParameters {
            operation: parameters,
            item: shared,
        } = self.action_parameters(action);
        let (kept_operation, kept_item) = super::openapi_kept::operation_keys(&action.extensions);
        let extensions = operation_extensions(action, kept_operation);
        let responses = self.action_responses(action);
        let operation = Operation {
            tags: action.tags.clone(),
            summary: action.summary.clone(),
            description: action.description.clone(),
            operation_id: (!action.extensions.contains_key(super::openapi_kept::UNNAMED))
                .then(|| action.name.clone()),
            parameters,
            request_body: action.body.as_ref().map(|b| {
                let mut body = self.request_body(b);
                if let ReferenceOr::Item(body) = &mut body {
                    super::openapi_kept::body_content(&mut body.content, &action.extensions);
                }
                body
            }),
            responses,
            deprecated: action.deprecated == Some(true),
            security: self.action_security(action),
            extensions,
            ..Operation::default()
        };
        self.place(&action.path.raw, action.method, operation);
        let item = self.paths.entry(path_key(&action.path.raw)).or_default();
        for (key, value) in kept_item {
            item.extensions.entry(key).or_insert(value);
        }
        for p in shared {
            let same = |q: &ReferenceOr<Parameter>| match (q, &p) {
                (ReferenceOr::Item(q), ReferenceOr::Item(p)) => {
                    q.parameter_data_ref().name == p.parameter_data_ref().name
                        && std::mem::discriminant(q) == std::mem::discriminant(p)
                }
                _ => false,
            };
            if !item.parameters.iter().any(same) {
                item.parameters.push(p);
            }
        }
    }

    /// The parameters of the action's operation and of its path item.
    ///
    /// A path parameter the original did not declare stays undeclared; one it declared on the
    /// path item is declared there again.
    fn action_parameters(&mut self, action: &Action) -> ActionParameters {
        let declared = |p: &&Param| {
            !p.field
                .extensions
                .contains_key(super::openapi_kept::UNDECLARED)
        };
        let on_item = |p: &Param| {
            p.field
                .extensions
                .get(super::openapi_kept::PATH_ITEM_PARAMETER)
                == Some(&Value::Bool(true))
        };
        let mut parameters: Vec<ReferenceOr<Parameter>> = action
            .params
            .iter()
            .filter(declared)
            .filter(|p| !on_item(p))
            .map(|p| self.parameter(p))
            .collect();
        // The path item's parameters: those declared there only, and those the operation
        // declares again, as the item wrote them.
        let declared_params: Vec<&Param> = action.params.iter().filter(declared).collect();
        let mut shared =
            super::openapi_kept::item_parameters(&declared_params, |p| self.parameter(p));
        shared.extend(super::openapi_kept::cookies(&action.extensions, "item"));
        parameters.extend(super::openapi_kept::cookies(
            &action.extensions,
            "operation",
        ));
        self.note_written_styles(action);
        parameters.extend(self.connection_params(&action.path, &action.params));
        ActionParameters {
            operation: parameters,
            item: shared,
        }
    }

    /// The action's answers, with the answers and media types an import kept as written; a
    /// success answer that says nothing is left out when the original had none.
    fn action_responses(&mut self, action: &Action) -> Responses {
        let mut responses = self.responses(&action.response);
        let says_nothing = action.response.ty.is_none()
            && action.response.headers.is_empty()
            && action.response.description.is_none();
        if says_nothing
            && action.extensions.get(super::openapi_kept::NO_SUCCESS) == Some(&json!(true))
        {
            responses
                .responses
                .shift_remove(&StatusCode::Code(action.response.status));
        }
        super::openapi_kept::content(&mut responses, action.response.status, &action.extensions);
        super::openapi_kept::responses(&mut responses, &action.extensions);
        responses
    }

    /// The action's security requirements: as an import kept them while they still say the
    /// same, or the connector's scheme with the action's scopes.
    fn action_security(&self, action: &Action) -> Option<Vec<openapiv3::SecurityRequirement>> {
        super::openapi_kept::operation_security(
            &action.extensions,
            &action.scopes,
            self.scheme.as_deref(),
        )
        .or_else(|| {
            (!action.scopes.is_empty()).then(|| {
                let mut req = IndexMap::new();
                let name = self.scheme.as_deref().unwrap_or(SCHEME);
                req.insert(name.to_owned(), action.scopes.clone());
                vec![req]
            })
        })
    }

    /// Notes the parameters of `action` whose style an import found written, where the
    /// action's operation or its path item declares them.
    fn note_written_styles(&mut self, action: &Action) {
        let method = action.method.as_str().to_ascii_lowercase();
        let mut written = HashSet::default();
        for p in &action.params {
            let extensions = &p.field.extensions;
            let location = match p.location {
                ParamLocation::Path => "path",
                ParamLocation::Query => "query",
                ParamLocation::Header => "header",
            };
            let kept = extensions.get(super::openapi_kept::OPENAPI_PARAMETER);
            if kept.and_then(|k| k.get("style")).is_some() {
                let place = match extensions.get(super::openapi_kept::PATH_ITEM_PARAMETER) {
                    Some(Value::Bool(true)) => String::new(),
                    _ => method.clone(),
                };
                written.insert((place, location.to_owned(), p.field.wire_name.clone()));
            }
            let redeclared = extensions
                .get(super::openapi_kept::PATH_ITEM_PARAMETER)
                .and_then(|kept| kept.get("parameter"));
            if let Some(on_item) = redeclared {
                let text = |key: &str| on_item.get(key).and_then(Value::as_str);
                if let (Some(_), Some(location), Some(name)) =
                    (on_item.get("style"), text("in"), text("name"))
                {
                    written.insert((String::new(), location.to_owned(), name.to_owned()));
                }
            }
        }
        if !written.is_empty() {
            self.written_styles
                .entry(path_key(&action.path.raw))
                .or_default()
                .extend(written);
        }
    }

    /// Webhook triggers: the subscribe operation with the payload as a callback.
    fn webhooks(&mut self) {
        for trigger in &self.connector.triggers {
            let TriggerKind::Webhook(hook) = &trigger.kind else {
                continue;
            };
            let callback = self.webhook_callback(trigger, hook);
            let mut parameters: Vec<ReferenceOr<Parameter>> =
                trigger.params.iter().map(|p| self.parameter(p)).collect();
            parameters.extend(self.connection_params(&hook.subscribe_path, &trigger.params));
            let mut operation = Operation {
                summary: trigger.summary.clone(),
                description: trigger.description.clone(),
                operation_id: Some(trigger.name.clone()),
                parameters,
                request_body: hook.body.as_ref().map(|b| self.request_body(b)),
                ..Operation::default()
            };
            operation.responses.responses.insert(
                StatusCode::Code(201),
                ReferenceOr::Item(self.subscribed(hook)),
            );
            operation.responses = self.with_errors(std::mem::take(&mut operation.responses));
            operation.callbacks.insert(trigger.name.clone(), callback);
            operation
                .extensions
                .insert("x-trigger".into(), json!("webhook"));
            self.place(&hook.subscribe_path.raw, hook.subscribe_method, operation);
            if let Some((method, path)) = &hook.unsubscribe {
                let unsubscribe = self.unsubscribe(trigger, path);
                self.place(&path.raw, *method, unsubscribe);
            }
        }
    }

    /// The callback a webhook's notifications arrive at: a POST of the payload to the URL the
    /// subscription's body names.
    fn webhook_callback(&self, trigger: &Trigger, hook: &Webhook) -> Callback {
        let mut callback_op = Operation {
            summary: trigger.summary.clone(),
            description: trigger.description.clone(),
            request_body: Some(ReferenceOr::Item(RequestBody {
                content: [(
                    "application/json".to_owned(),
                    MediaType {
                        schema: Some(of(self.connector, &hook.payload)),
                        ..MediaType::default()
                    },
                )]
                .into_iter()
                .collect(),
                required: true,
                ..RequestBody::default()
            })),
            ..Operation::default()
        };
        callback_op.responses.responses.insert(
            StatusCode::Code(200),
            ReferenceOr::Item(Response {
                description: "Received".into(),
                ..Response::default()
            }),
        );
        let callback_path = PathItem {
            post: Some(callback_op),
            ..PathItem::default()
        };
        let mut callback = Callback::new();
        callback.insert(
            format!(
                "{{$request.body#/{}}}",
                hook.notification_url.replace('.', "/")
            ),
            callback_path,
        );
        callback
    }

    /// The answer to a subscription, which says where the subscription id is.
    fn subscribed(&self, hook: &Webhook) -> Response {
        let mut headers = IndexMap::new();
        if let SubscriptionId::Header(name) = &hook.subscription_id {
            headers.insert(
                name.clone(),
                ReferenceOr::Item(Header {
                    description: Some(
                        "Identifies the subscription; the platform deletes it at this URL.".into(),
                    ),
                    style: Default::default(),
                    required: true,
                    deprecated: None,
                    format: ParameterSchemaOrContent::Schema(ReferenceOr::Item(inline(
                        self.connector,
                        &Type::string(),
                    ))),
                    example: None,
                    examples: IndexMap::new(),
                    extensions: IndexMap::new(),
                }),
            );
        }
        Response {
            description: match &hook.subscription_id {
                SubscriptionId::Body(path) => {
                    format!("Subscribed; the subscription id is the answer's `{path}`.")
                }
                SubscriptionId::Header(_) => "Subscribed".into(),
            },
            headers,
            ..Response::default()
        }
    }

    /// The operation that removes a webhook subscription.
    fn unsubscribe(&self, trigger: &Trigger, path: &crate::ir::Template) -> Operation {
        let is_connection = |name: &str| {
            self.connector
                .connection
                .iter()
                .any(|f| f.wire_name == name)
        };
        let mut names: Vec<&str> = Vec::new();
        let mut seen: HashSet<&str> = HashSet::default();
        for name in path.params() {
            if seen.insert(name) {
                names.push(name);
            }
        }
        let mut parameters: Vec<ReferenceOr<Parameter>> = names
            .iter()
            .copied()
            .filter(|name| !is_connection(name))
            .map(|name| {
                string_path_param(self.connector, name, "The subscription to remove.".into())
            })
            .collect();
        parameters.extend(
            self.connection_params(path, &[])
                .into_iter()
                .filter(|p| match p {
                    ReferenceOr::Item(p) => is_connection(&p.parameter_data_ref().name),
                    ReferenceOr::Reference { .. } => false,
                }),
        );
        let mut responses = Responses::default();
        responses.responses.insert(
            StatusCode::Range(2),
            ReferenceOr::Item(Response {
                description: "Unsubscribed".into(),
                ..Response::default()
            }),
        );
        let mut operation = Operation {
            summary: Some(format!(
                "Remove the {} subscription",
                trigger.summary.as_deref().unwrap_or(&trigger.name)
            )),
            description: Some(
                "Removes a subscription made by the trigger's subscribe operation.".into(),
            ),
            operation_id: Some(format!("{}Unsubscribe", trigger.name)),
            parameters,
            responses: self.with_errors(responses),
            ..Operation::default()
        };
        operation
            .extensions
            .insert("x-unsubscribes".into(), json!(trigger.name));
        operation
    }

    /// Polling triggers with a request of their own: an operation each.
    fn poll_requests(&mut self) {
        for trigger in &self.connector.triggers {
            let TriggerKind::Poll(poll) = &trigger.kind else {
                continue;
            };
            let PollSource::Request {
                method,
                path,
                body,
                response,
            } = &poll.source
            else {
                continue;
            };
            let mut parameters: Vec<ReferenceOr<Parameter>> =
                trigger.params.iter().map(|p| self.parameter(p)).collect();
            parameters.extend(self.connection_params(path, &trigger.params));
            let mut operation = Operation {
                summary: trigger.summary.clone(),
                description: trigger.description.clone(),
                operation_id: Some(trigger.name.clone()),
                parameters,
                request_body: body.as_ref().map(|b| self.request_body(b)),
                responses: self.responses(response),
                ..Operation::default()
            };
            operation
                .extensions
                .insert("x-trigger".into(), json!("poll"));
            self.place(&path.raw, *method, operation);
        }
    }

    /// Puts `operation` at its path and method; when another operation is there already,
    /// OpenAPI cannot hold both, and the path lists the other one in `x-also-served-by`.
    fn place(&mut self, raw_path: &str, method: Method, operation: Operation) {
        let item = self.paths.entry(path_key(raw_path)).or_default();
        if !item.has(method) {
            item.put(method, (self.form)(operation));
            return;
        }
        let list = item
            .extensions
            .entry("x-also-served-by".to_owned())
            .or_insert_with(|| json!([]));
        if let (Value::Array(list), Some(id)) = (list, operation.operation_id) {
            list.push(json!(id));
        }
    }
}

/// The parameters an action's operation and its path item declare.
struct ActionParameters {
    /// The operation's own.
    operation: Vec<ReferenceOr<Parameter>>,
    /// The path item's.
    item: Vec<ReferenceOr<Parameter>>,
}

/// The operation's extensions: the keys an import kept as written (`kept`), less a blank
/// summary or description the spec now gives, with the rate label, a kept `x-ms-pageable`
/// while it still holds, and a written `deprecated: false`.
fn operation_extensions(action: &Action, kept: IndexMap<String, Value>) -> IndexMap<String, Value> {
    let mut extensions = kept;
    // A blank summary or description kept as written, while the spec gives none.
    for (key, typed) in [
        ("summary", &action.summary),
        ("description", &action.description),
    ] {
        if typed.is_some() {
            extensions.shift_remove(key);
        }
    }
    if let Some(label) = &action.rate_label {
        extensions.insert("x-rate-label".to_owned(), json!(label));
    }
    // A kept `x-ms-pageable` holds while the action still pages by the link it names.
    if let Some(pageable) = extensions.get("x-ms-pageable") {
        let named = match pageable.get("nextLinkName") {
            Some(Value::String(name)) => name.as_str(),
            _ => "nextLink",
        };
        let same = matches!(&action.paginate, Some(crate::ir::Pagination::NextLink { next, .. }) if next == named);
        if !same {
            extensions.shift_remove("x-ms-pageable");
        }
    }
    // `deprecated: false` said out loud, which the typed operation leaves out.
    if action.deprecated == Some(false) {
        extensions.insert("deprecated".to_owned(), json!(false));
    }
    extensions
}

/// The document's root extensions: polling triggers and rate limits, then the connector's
/// own `x-` keys beside them (never over them).
fn document_extensions(connector: &Connector) -> IndexMap<String, Value> {
    let mut extensions = IndexMap::new();
    let triggers = polling_triggers(connector);
    if !triggers.is_empty() {
        extensions.insert("x-polling-triggers".to_owned(), Value::Array(triggers));
    }
    if !connector.limits.is_empty() {
        extensions.insert("x-rate-limits".to_owned(), limits(connector));
    }
    for (key, value) in connector
        .extensions
        .iter()
        .filter(|(k, _)| k.starts_with("x-"))
    {
        extensions
            .entry(key.clone())
            .or_insert_with(|| value.clone());
    }
    extensions
}

/// The root tags: every action's tags, sorted, once each.
fn tags(connector: &Connector) -> Vec<Tag> {
    connector
        .tag_names()
        .into_iter()
        .map(|name| Tag {
            name,
            ..Tag::default()
        })
        .collect()
}

fn polling_triggers(connector: &Connector) -> Vec<Value> {
    connector
        .triggers
        .iter()
        .filter_map(|t| {
            let TriggerKind::Poll(poll) = &t.kind else {
                return None;
            };
            let source = match &poll.source {
                PollSource::Action(name) => json!({ "operationId": name }),
                PollSource::Request { method, path, .. } => {
                    json!({ "method": method.as_str(), "path": path.raw })
                }
            };
            Some(without_nulls(json!({
                "name": t.name,
                "summary": t.summary,
                "description": t.description,
                "poll": source,
                "items": poll.items,
                "single": poll.single.then_some(true),
                "identity": poll.identity,
                "cursor": poll.cursor.as_ref().map(|c| json!({ "param": c.param, "from": c.from })),
                "order": match poll.order {
                    ItemOrder::NewestFirst => "newest_first",
                    ItemOrder::OldestFirst => "oldest_first",
                    ItemOrder::Unordered => "unordered",
                },
            })))
        })
        .collect()
}

fn limits(connector: &Connector) -> Value {
    Value::Array(
        connector
            .limits
            .iter()
            .map(|l| {
                let applies_to = match &l.scope {
                    LimitScope::Connection => json!("connection"),
                    LimitScope::Triggers => json!("triggers"),
                    LimitScope::Actions(a) => json!({ "actions": a }),
                    LimitScope::Trigger(t) => json!({ "triggers": t }),
                    LimitScope::Label(label) => json!({ "label": label }),
                };
                without_nulls(json!({
                    "name": l.name,
                    "calls": l.calls,
                    "per": l.period_text,
                    "appliesTo": applies_to,
                    "perValueOf": l.per_value_of,
                    "description": l.description,
                }))
            })
            .collect(),
    )
}

/// Drops the `null` members of an object.
fn without_nulls(mut value: Value) -> Value {
    if let Value::Object(map) = &mut value {
        map.retain(|_, v| !v.is_null());
    }
    value
}
