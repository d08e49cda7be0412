//! Parameters: path, query and header parameters, JSON bodies and form fields.

use indexmap::IndexMap;
use serde_json::Value;

use super::kept::{derives_encodings, derives_labels};
use super::schema::{
    constraints, drop_shadowed, dynamic_values, keep_visibility_spelling, kept_keys, scalar_type,
    summary_of, visibility, Schemas, Written,
};
use super::swagger::{
    CollectionFormat, Header, Items, ParamIn, Parameter, Schema, SchemaType, SimpleType,
    UrlEncoding, Visibility, HEADER_KEYS, PARAMETER_KEYS,
};
use crate::ir::{
    ArrayStyle, Body, BodyEncoding, Connector, Field, Param, ParamLocation, ScalarKind, Type,
    TypeDocs,
};

/// The content type a body is sent with.
pub fn content_type(body: &Body) -> String {
    if let Some(ct) = &body.content_type {
        return ct.clone();
    }
    match body.encoding {
        // XML bodies are JSON to the platform; the custom code writes the XML.
        BodyEncoding::Json | BodyEncoding::Xml => "application/json",
        BodyEncoding::Form => "application/x-www-form-urlencoded",
        BodyEncoding::Multipart => "multipart/form-data",
        BodyEncoding::Binary => "application/octet-stream",
        BodyEncoding::Text => "text/plain",
    }
    .to_owned()
}

/// A non-body parameter's type keywords.
pub fn simple_type(connector: &Connector, ty: &Type, in_form: bool) -> SimpleType {
    match connector.resolve(ty) {
        Type::Scalar(scalar) if scalar.kind == ScalarKind::File && in_form => SimpleType {
            ty: Some(SchemaType::File),
            format: scalar.format.clone(),
            ..SimpleType::default()
        },
        Type::Scalar(scalar) => match scalar_type(scalar) {
            Some((SchemaType::Object, _)) | None => SimpleType {
                ty: Some(SchemaType::String),
                ..SimpleType::default()
            },
            Some((name, format)) => SimpleType {
                ty: Some(name),
                format: format.map(str::to_owned),
                ..SimpleType::default()
            },
        },
        Type::Enum(e) => {
            let (name, format) = scalar_type(&e.base).unwrap_or((SchemaType::String, None));
            SimpleType {
                ty: Some(name),
                format: format.map(str::to_owned),
                enum_values: e.values.iter().map(|v| v.value.clone()).collect(),
                ..SimpleType::default()
            }
        }
        Type::List { item, docs } => SimpleType {
            ty: Some(SchemaType::Array),
            items: Some(Box::new(items(connector, item, docs))),
            ..SimpleType::default()
        },
        Type::Named(_) | Type::Map { .. } | Type::Object(_) => SimpleType {
            ty: Some(SchemaType::String),
            ..SimpleType::default()
        },
    }
}

/// A path, query or header parameter.
pub fn param(connector: &Connector, p: &Param) -> Parameter {
    let field = &p.field;
    let location = match p.location {
        ParamLocation::Path => ParamIn::Path,
        ParamLocation::Query => ParamIn::Query,
        ParamLocation::Header => ParamIn::Header,
    };
    let mut out = simple_field(connector, field, location, false);
    let derive = derives_encodings(connector);
    out.url_encoding = match p.url_encoding {
        Some(crate::ir::UrlEncoding::Double) => Some(UrlEncoding::Double),
        Some(crate::ir::UrlEncoding::Single) => Some(UrlEncoding::Single),
        None if derive && p.location == ParamLocation::Path => Some(UrlEncoding::Single),
        None => None,
    };
    if p.location == ParamLocation::Path {
        out.required = true;
        // Only query and form fields may be written with `multi`.
        if derive && out.simple.collection_format == Some(CollectionFormat::Multi) {
            out.simple.collection_format = Some(CollectionFormat::Csv);
        }
    }
    out
}

/// A non-body parameter from a field.
fn simple_field(
    connector: &Connector,
    field: &Field,
    location: ParamIn,
    in_form: bool,
) -> Parameter {
    let mut simple = simple_type(connector, &field.ty, in_form);
    simple.default = field.default.clone();
    simple.constraints = constraints(&field.constraints);
    if simple.ty == Some(SchemaType::Array) {
        simple.collection_format = match field.array_style {
            Some(style) => Some(collection_format(style)),
            None => derives_encodings(connector).then_some(CollectionFormat::Csv),
        };
    }
    let mut out = Parameter {
        required: field.required,
        description: field.description.clone(),
        summary: field
            .summary
            .clone()
            .or_else(|| derives_labels(connector).then(|| summary_of(field))),
        simple,
        visibility: visibility(field.visibility),
        dynamic_values: field
            .dynamic
            .as_deref()
            .or_else(|| named_dynamic(connector, &field.ty))
            .map(dynamic_values),
        extensions: kept_keys(&field.extensions, PARAMETER_KEYS),
        ..Parameter::new(field.wire_name.clone(), location)
    };
    if field.nullable {
        out.extensions
            .insert("x-nullable".into(), Value::Bool(true));
    }
    if let Some(value) = &field.value {
        fix(&mut out, value.clone());
    }
    if out.dynamic_values.is_some() {
        out.extensions.shift_remove("x-ms-dynamic-values");
    }
    let words = [out.description.is_some(), out.summary.is_some()];
    settle_kept(&mut out.visibility, &mut out.extensions, &out.simple, words);
    out
}

/// An answer header, with what the spec says of it.
pub fn header(connector: &Connector, field: &Field) -> Header {
    let mut simple = simple_type(connector, &field.ty, false);
    simple.default = field.default.clone();
    simple.constraints = constraints(&field.constraints);
    if simple.ty == Some(SchemaType::Array) {
        simple.collection_format = field.array_style.map(collection_format);
    }
    let out = Header {
        description: field.description.clone(),
        summary: field.summary.clone(),
        simple,
        visibility: visibility(field.visibility),
        extensions: kept_keys(&field.extensions, HEADER_KEYS),
    };
    settled(out, field.nullable)
}

/// The items of a non-body list, with what the spec says of them.
fn items(connector: &Connector, item: &Type, docs: &TypeDocs) -> Items {
    let mut simple = simple_type(connector, item, false);
    simple.default = docs.default.clone().or(simple.default);
    simple.constraints = constraints(&docs.constraints);
    let mut out = Items {
        description: docs.description.clone(),
        summary: docs.summary.clone(),
        visibility: visibility(docs.visibility),
        simple,
        extensions: kept_keys(&docs.extensions, HEADER_KEYS),
    };
    if let Some(dynamic) = &docs.dynamic {
        let written = serde_json::to_value(dynamic_values(dynamic)).unwrap_or(Value::Null);
        out.extensions.insert("x-ms-dynamic-values".into(), written);
    }
    settled(out, docs.nullable)
}

/// A header or items with its `x-nullable` mark, and its kept keys settled against what it
/// writes typed ([`settle_kept`]).
fn settled(mut out: Items, nullable: bool) -> Items {
    if nullable {
        out.extensions
            .insert("x-nullable".into(), Value::Bool(true));
    }
    let words = [out.description.is_some(), out.summary.is_some()];
    settle_kept(&mut out.visibility, &mut out.extensions, &out.simple, words);
    out
}

/// Keeps a kept visibility's spelling while it names the typed word, and drops kept copies of
/// what is written typed (given whether a description and a label are).
fn settle_kept(
    visibility: &mut Option<Visibility>,
    extensions: &mut IndexMap<String, Value>,
    simple: &SimpleType,
    [description, summary]: [bool; 2],
) {
    keep_visibility_spelling(visibility, extensions);
    let written = written(simple, [description, summary, visibility.is_some()]);
    drop_shadowed(extensions, &written);
}

/// Which typed places a non-body parameter, header or items writes, given whether it writes
/// its description, label and visibility.
fn written(simple: &SimpleType, [description, summary, visibility]: [bool; 3]) -> Written<'_> {
    Written {
        default: simple.default.is_some(),
        enum_values: !simple.enum_values.is_empty(),
        format: simple.format.is_some(),
        description,
        summary,
        visibility,
        items: simple.items.is_some(),
        collection_format: simple.collection_format.is_some(),
        constraints: &simple.constraints,
    }
}

/// How a list style is written in a parameter.
fn collection_format(style: ArrayStyle) -> CollectionFormat {
    match style {
        ArrayStyle::Multi | ArrayStyle::Brackets => CollectionFormat::Multi,
        ArrayStyle::Ssv => CollectionFormat::Ssv,
        ArrayStyle::Pipes => CollectionFormat::Pipes,
        ArrayStyle::Csv => CollectionFormat::Csv,
    }
}

/// The choices of a named type (`objects: { StoreId: { dynamic: … } }`): a parameter is written
/// in place, not as a `$ref` to the definition that carries them, so it carries them itself.
fn named_dynamic<'c>(connector: &'c Connector, ty: &Type) -> Option<&'c crate::ir::DynamicValues> {
    match ty {
        Type::Named(name) => connector.object(name)?.dynamic.as_ref(),
        _ => None,
    }
}

/// Makes a parameter carry a fixed value: internal, required, with the value as default.
pub fn fix(p: &mut Parameter, value: Value) {
    p.required = true;
    p.visibility = Some(Visibility::Internal);
    match &mut p.schema {
        Some(schema) => schema.default = Some(value),
        None => p.simple.default = Some(value),
    }
}

/// The parameters carrying a body: one `body` parameter, or form fields.
pub fn body(connector: &Connector, body: &Body, schema: Option<Schema>) -> Vec<Parameter> {
    let schemas = Schemas::new(connector);
    match body.encoding {
        BodyEncoding::Form | BodyEncoding::Multipart => {
            let multipart = body.encoding == BodyEncoding::Multipart;
            let mut out = Vec::new();
            form_fields(connector, &body.ty, "", multipart, body.required, &mut out);
            out
        }
        BodyEncoding::Binary | BodyEncoding::Text => vec![Parameter {
            required: body.required,
            description: body.description.clone(),
            summary: body
                .summary
                .clone()
                .or_else(|| derives_labels(connector).then(|| "Content".into())),
            visibility: visibility(body.visibility),
            schema: Some(Box::new(schemas.labelled(
                Schema::of_type(
                    SchemaType::String,
                    (body.encoding == BodyEncoding::Binary).then_some("binary"),
                ),
                &body.schema_docs,
            ))),
            ..Parameter::new(body.name.clone(), ParamIn::Body)
        }],
        BodyEncoding::Json | BodyEncoding::Xml => vec![Parameter {
            required: body.required,
            description: body.description.clone(),
            summary: body
                .summary
                .clone()
                .or_else(|| derives_labels(connector).then(|| "Body".into())),
            visibility: visibility(body.visibility),
            schema: Some(Box::new(schemas.labelled(
                schema.unwrap_or_else(|| schemas.of(&body.ty)),
                &body.schema_docs,
            ))),
            ..Parameter::new(body.name.clone(), ParamIn::Body)
        }],
    }
}

/// Flattens an object into form fields with bracketed names (`settings[lobby]`).
fn form_fields(
    connector: &Connector,
    ty: &Type,
    prefix: &str,
    multipart: bool,
    parent_required: bool,
    out: &mut Vec<Parameter>,
) {
    let Type::Object(object) = connector.resolve(ty) else {
        if !prefix.is_empty() {
            return;
        }
        // A body that is not an object: one field called `body`.
        out.push(Parameter {
            required: parent_required,
            summary: derives_labels(connector).then(|| "Body".into()),
            simple: simple_type(connector, ty, multipart),
            ..Parameter::new("body", ParamIn::FormData)
        });
        return;
    };
    for field in &object.fields {
        let name = if prefix.is_empty() {
            field.wire_name.clone()
        } else {
            format!("{prefix}[{}]", field.wire_name)
        };
        if matches!(connector.resolve(&field.ty), Type::Object(_)) {
            form_fields(
                connector,
                &field.ty,
                &name,
                multipart,
                parent_required && field.required,
                out,
            );
            continue;
        }
        let mut p = simple_field(connector, field, ParamIn::FormData, multipart);
        p.name = name;
        p.required = p.required && parent_required;
        out.push(p);
    }
}
