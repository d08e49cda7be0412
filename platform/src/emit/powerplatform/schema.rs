//! IR types → Swagger schemas: named objects become `definitions` and `$ref`s, inline types are
//! written in place, and every field carries its label, description and visibility.

use indexmap::IndexMap;
use serde_json::Value;

use super::all_of::settle_all_of;
use super::swagger::{
    self, extra_extensions, Constraints, DynamicArgument, DynamicProperties, DynamicReference,
    DynamicSchema, DynamicValues, EnumLabel, Schema, SchemaType, SCHEMA_KEYS,
};
use crate::emit::openapi_kept::without_openapi_keys;
use crate::ir::{self, Connector, Field, ScalarKind, Type, Visibility};
use crate::spec::DynamicSchemaForm;

pub use crate::powerplatform::formats::PLATFORM_FORMATS;

/// A format as written. Formats the platform does not know (`PLATFORM_FORMATS`) are kept, as real
/// connectors do; `connectorc lint` warns about them.
pub fn platform_format(format: Option<&str>) -> Option<&str> {
    format
}

pub use crate::powerplatform::formats::is_platform_format;

/// The Swagger type name and format of a scalar; `None` for "any value".
pub fn scalar_type(scalar: &ir::Scalar) -> Option<(SchemaType, Option<&str>)> {
    let format = platform_format(scalar.format.as_deref());
    Some(match scalar.kind {
        ScalarKind::String => (SchemaType::String, format),
        ScalarKind::Integer => (SchemaType::Integer, format),
        ScalarKind::Number => (SchemaType::Number, format),
        ScalarKind::Boolean => (SchemaType::Boolean, None),
        ScalarKind::File => (SchemaType::String, Some("binary")),
        ScalarKind::Object => (SchemaType::Object, None),
        ScalarKind::Any => return None,
    })
}

/// The `x-ms-visibility` word of a visibility.
pub fn visibility(v: Option<Visibility>) -> Option<swagger::Visibility> {
    match v? {
        Visibility::Important => Some(swagger::Visibility::Important),
        Visibility::Advanced => Some(swagger::Visibility::Advanced),
        Visibility::Internal => Some(swagger::Visibility::Internal),
        Visibility::None => None,
    }
}

/// Builds schemas for one connector.
pub struct Schemas<'a> {
    connector: &'a Connector,
}

impl<'a> Schemas<'a> {
    /// Schemas for `connector`.
    pub fn new(connector: &'a Connector) -> Self {
        Schemas { connector }
    }

    /// The `definitions` section: one entry per named type, in source order.
    pub fn definitions(&self) -> IndexMap<String, Schema> {
        self.connector
            .objects
            .iter()
            .map(|object| (object.name.clone(), self.definition(object)))
            .collect()
    }

    /// A named type's schema with everything said of the type itself: its definition, or
    /// what a `$ref` to it stands for where it is written in place.
    fn definition(&self, object: &ir::NamedType) -> Schema {
        // A definition may not be a bare `$ref` to another one: inline aliases.
        let mut schema = self.inline(self.connector.resolve(&object.ty));
        if schema.reference.is_none() {
            schema.description = object.description.clone().or(schema.description);
            schema.summary = object.summary.clone().or(schema.summary);
            schema.visibility = visibility(object.visibility).or(schema.visibility);
            schema.example = object.example.clone().or(schema.example);
            schema.default = object.default.clone().or(schema.default);
            schema.nullable = object.nullable.then_some(true).or(schema.nullable);
            schema.constraints = constraints(&object.constraints);
            if let Some(d) = &object.dynamic_schema {
                set_dynamic_schema(&mut schema, d);
            }
            if let Some(d) = &object.dynamic {
                schema.dynamic_values = Some(Box::new(dynamic_values(d)));
            }
            schema.extensions = kept_extensions(&object.extensions);
            settle_all_of(&mut schema, |r| self.written_definition(r));
            drop_typed_dynamic_extensions(&mut schema);
        }
        schema
    }

    /// The schema of a type, with `$ref` for named types.
    pub fn of(&self, ty: &Type) -> Schema {
        match ty {
            Type::Named(name) if self.connector.object(name).is_some() => Schema::reference(name),
            other => self.inline(other),
        }
    }

    /// The schema of a type written in place (a named type is resolved one level).
    pub fn inline(&self, ty: &Type) -> Schema {
        match ty {
            Type::Scalar(scalar) => match scalar_type(scalar) {
                Some((name, format)) => Schema::of_type(name, format),
                None => Schema::default(),
            },
            Type::Named(name) => match self.connector.object(name) {
                Some(object) => self.definition(object),
                None => Schema::default(),
            },
            Type::List { item, docs } => Schema {
                ty: Some(SchemaType::Array),
                items: Some(Box::new(self.documented(item, docs))),
                ..Schema::default()
            },
            Type::Map { value, docs } => Schema {
                ty: Some(SchemaType::Object),
                additional_properties: Some(Box::new(self.documented(value, docs))),
                ..Schema::default()
            },
            Type::Object(object) => {
                let mut schema = self.object(&object.fields);
                schema.additional_properties = object
                    .additional
                    .as_ref()
                    .map(|value| Box::new(self.documented(value, &object.additional_docs)));
                schema
            }
            Type::Enum(e) => {
                let (name, format) = scalar_type(&e.base).unwrap_or((SchemaType::String, None));
                let labels: Vec<EnumLabel> = e
                    .values
                    .iter()
                    .filter_map(|v| {
                        v.label.as_ref().map(|label| EnumLabel {
                            value: v.value.clone(),
                            display_name: label.clone(),
                        })
                    })
                    .collect();
                Schema {
                    enum_values: e.values.iter().map(|v| v.value.clone()).collect(),
                    enum_labels: if labels.len() == e.values.len() {
                        labels
                    } else {
                        Vec::new()
                    },
                    ..Schema::of_type(name, format)
                }
            }
        }
    }

    /// The schema of a type with labels of its own.
    pub fn documented(&self, ty: &Type, docs: &ir::TypeDocs) -> Schema {
        self.labelled(self.of(ty), docs)
    }

    /// An object schema with these fields.
    pub fn object(&self, fields: &[Field]) -> Schema {
        let properties: IndexMap<String, Schema> = fields
            .iter()
            .map(|f| (f.wire_name.clone(), self.field(f)))
            .collect();
        Schema {
            ty: Some(SchemaType::Object),
            required: fields
                .iter()
                .filter(|f| f.required)
                .map(|f| f.wire_name.clone())
                .collect(),
            properties: Some(properties),
            ..Schema::default()
        }
    }

    /// A field's schema with its documentation (none beside a `$ref`).
    pub fn field(&self, field: &Field) -> Schema {
        let mut schema = self.of(&field.ty);
        if schema.reference.is_some() {
            // Only keys an import kept as written sit beside a `$ref`.
            schema.extensions = without_openapi_keys(&field.extensions);
            settle_all_of(&mut schema, |r| self.written_definition(r));
            if schema.reference.is_none() {
                // An `allOf` around the `$ref` carries the field's own words.
                field_docs(&mut schema, field);
            }
            return schema;
        }
        field_docs(&mut schema, field);
        schema.extensions = kept_extensions(&field.extensions);
        settle_all_of(&mut schema, |r| self.written_definition(r));
        drop_typed_dynamic_extensions(&mut schema);
        schema
    }

    /// The schema a type written for `#/definitions/…` (the definitions section's entry).
    fn written_definition(&self, reference: &str) -> Option<Schema> {
        let token = reference.strip_prefix("#/definitions/")?;
        let name = token.replace("~1", "/").replace("~0", "~");
        // The type's shape only: an `allOf` part is compared by its properties.
        Some(self.inline(&self.connector.object(&name)?.ty))
    }

    /// A schema with the labels of `docs` (none beside a `$ref`, which the platform ignores
    /// there).
    pub fn labelled(&self, mut schema: Schema, docs: &ir::TypeDocs) -> Schema {
        schema = with_docs(schema, docs);
        settle_all_of(&mut schema, |r| self.written_definition(r));
        if schema.reference.is_none() {
            drop_typed_dynamic_extensions(&mut schema);
        }
        schema
    }
}

/// Gives `schema` what `field` says of its value: labels, default, constraints and choices.
fn field_docs(schema: &mut Schema, field: &Field) {
    schema.description = field.description.clone().or(schema.description.take());
    // Parameters always get a label (certification asks for one); properties keep theirs.
    schema.summary = field.summary.clone();
    schema.visibility = visibility(field.visibility);
    schema.default = field.default.clone().or_else(|| field.value.clone());
    schema.example = field.example.clone();
    schema.read_only = field.read_only;
    schema.constraints = constraints(&field.constraints);
    schema.dynamic_values = field.dynamic.as_ref().map(|d| Box::new(dynamic_values(d)));
    if let Some(d) = &field.dynamic_schema {
        set_dynamic_schema(schema, d);
    }
    if field.value.is_some() {
        schema.visibility = Some(swagger::Visibility::Internal);
    }
    schema.nullable = field.nullable.then_some(true);
}

/// Gives `schema` the labels of `docs` (none beside a `$ref`, which the platform ignores
/// there).
fn with_docs(mut schema: Schema, docs: &ir::TypeDocs) -> Schema {
    if schema.reference.is_some() {
        // Only keys an import kept as written sit beside a `$ref`.
        schema.extensions = without_openapi_keys(&docs.extensions);
    } else {
        schema.summary = docs.summary.clone().or(schema.summary);
        schema.description = docs.description.clone().or(schema.description);
        schema.visibility = visibility(docs.visibility).or(schema.visibility);
        if let Some(d) = &docs.dynamic_schema {
            set_dynamic_schema(&mut schema, d);
        }
        if let Some(d) = &docs.dynamic {
            schema.dynamic_values = Some(Box::new(dynamic_values(d)));
        }
        schema.nullable = docs.nullable.then_some(true).or(schema.nullable);
        schema.read_only |= docs.read_only;
        schema.default = docs.default.clone().or(schema.default);
        schema.example = docs.example.clone().or(schema.example);
        let own = constraints(&docs.constraints);
        schema.constraints = merged_constraints(own, std::mem::take(&mut schema.constraints));
        for (key, value) in kept_extensions(&docs.extensions) {
            schema.extensions.insert(key, value);
        }
    }
    schema
}

/// `own` constraints, with `base`'s where `own` says nothing.
fn merged_constraints(own: Constraints, base: Constraints) -> Constraints {
    Constraints {
        maximum: own.maximum.or(base.maximum),
        minimum: own.minimum.or(base.minimum),
        max_length: own.max_length.or(base.max_length),
        min_length: own.min_length.or(base.min_length),
        pattern: own.pattern.or(base.pattern),
        max_items: own.max_items.or(base.max_items),
        min_items: own.min_items.or(base.min_items),
    }
}

/// A typed dynamic schema (or `nullable`, or a typed keyword) replaces the same extension kept
/// as written.
fn drop_typed_dynamic_extensions(schema: &mut Schema) {
    drop_shadowed_schema(schema);
    if !schema.enum_labels.is_empty() {
        schema.extensions.shift_remove("x-ms-enum-values");
    }
    if let Some(written) = schema.extensions.shift_remove("type") {
        if written.is_null() {
            schema.ty = None;
        }
    }
    if schema.dynamic_values.is_some() {
        schema.extensions.shift_remove("x-ms-dynamic-values");
    }
    if schema.nullable.is_some() {
        schema.extensions.shift_remove("x-nullable");
    }
    if schema.dynamic_schema.is_some() {
        schema.extensions.shift_remove("x-ms-dynamic-schema");
    }
    if schema.dynamic_properties.is_some() {
        schema.extensions.shift_remove("x-ms-dynamic-properties");
    }
}

/// Writes `x-ms-dynamic-schema` and/or `x-ms-dynamic-properties`, as the spec's form says.
fn set_dynamic_schema(schema: &mut Schema, d: &ir::DynamicSchema) {
    let (schema_form, properties_form) = match d.form {
        DynamicSchemaForm::Schema => (true, false),
        DynamicSchemaForm::Properties => (false, true),
        DynamicSchemaForm::Both => (true, true),
    };
    schema.dynamic_schema = schema_form.then(|| Box::new(dynamic_schema(d)));
    schema.dynamic_properties = properties_form.then(|| Box::new(dynamic_properties(d)));
}

/// Schema keywords the spec language has no place for; an import keeps them among a type's
/// extensions as written, and they are written back unchanged.
/// - `title`: a name for documentation only.
/// - `additionalProperties` (only `false`; a schema for extra keys is `map`): no extra keys.
/// - `readOnly` (only `false`, which says what absence says; `true` is `read_only`).
/// - `xml`: how the value is written in XML (the Power Platform files do not use it).
/// - `uniqueItems`: a list's items differ.
/// - `discriminator`, `externalDocs`: documentation of variants and of the type.
/// - `writeOnly` (OpenAPI 3.0): sent, never answered.
/// - `multipleOf`, `exclusiveMinimum`, `exclusiveMaximum`, `minProperties`, `maxProperties`:
///   limits the spec language does not type.
/// - `allowEmptyValue` (of a query or form parameter): an empty value may be sent.
/// - `type`, only as `null`: the original wrote no `type` (its properties, items, format or
///   enum say what the value is), so none is written.
/// - `required` as a list where there are no properties to require (beside `items`).
/// - `allOf`: a composition the import merged into one shape; written in its place while the
///   shape still says the same ([`settle_all_of`]).
///
/// [`MISFIT_KEYWORDS`] are kept too, but only where the value does not fit its typed place.
pub const KEPT_KEYWORDS: &[&str] = &[
    "title",
    "type",
    "additionalProperties",
    "readOnly",
    "xml",
    "uniqueItems",
    "discriminator",
    "externalDocs",
    "required",
    "writeOnly",
    "multipleOf",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minProperties",
    "maxProperties",
    "allowEmptyValue",
    "allOf",
];

/// Keywords with a typed place that an import keeps as written only where the value does not
/// fit it (a blank description or label, a format that does not apply, a default or enum values
/// of another type, a `minimum` on a string, `items` or a `collectionFormat` on a value that is
/// not a list); a typed value always wins over a kept one ([`drop_shadowed`]).
pub const MISFIT_KEYWORDS: &[&str] = &[
    "description",
    "default",
    "enum",
    "format",
    "minimum",
    "maximum",
    "minLength",
    "maxLength",
    "pattern",
    "minItems",
    "maxItems",
    "x-ms-summary",
    "x-ms-visibility",
    "items",
    "collectionFormat",
];

/// Vendor extensions except the `typed` ones, and [`KEPT_KEYWORDS`] and [`MISFIT_KEYWORDS`]
/// kept as written by an import.
pub fn kept_keys(extensions: &IndexMap<String, Value>, typed: &[&str]) -> IndexMap<String, Value> {
    if extensions.is_empty() {
        // Most fields keep nothing: no need to look up every keyword.
        return IndexMap::new();
    }
    let mut out = extra_extensions(extensions, typed);
    for key in KEPT_KEYWORDS.iter().chain(MISFIT_KEYWORDS) {
        if let Some(value) = extensions.get(*key) {
            out.insert((*key).into(), value.clone());
        }
    }
    out
}

/// A schema's vendor extensions, and its [`KEPT_KEYWORDS`] kept as written by an import.
fn kept_extensions(extensions: &IndexMap<String, Value>) -> IndexMap<String, Value> {
    kept_keys(extensions, SCHEMA_KEYS)
}

/// Which typed places a schema or parameter writes: a kept copy of the same keyword
/// ([`MISFIT_KEYWORDS`]) gives way to each of them.
pub struct Written<'a> {
    /// `default`.
    pub default: bool,
    /// `enum`.
    pub enum_values: bool,
    /// `format`.
    pub format: bool,
    /// `description`.
    pub description: bool,
    /// `x-ms-summary`.
    pub summary: bool,
    /// `x-ms-visibility`.
    pub visibility: bool,
    /// `items`.
    pub items: bool,
    /// `collectionFormat`.
    pub collection_format: bool,
    /// The limits.
    pub constraints: &'a Constraints,
}

/// Gives the typed visibility's place to a kept `x-ms-visibility` that spells the same word
/// another way (`Advanced` for `advanced`): the platform reads the word without regard to
/// case, and the import keeps the spelling it found.
pub fn keep_visibility_spelling(
    typed: &mut Option<swagger::Visibility>,
    extensions: &IndexMap<String, Value>,
) {
    if let (Some(word), Some(Value::String(kept))) = (*typed, extensions.get("x-ms-visibility")) {
        if kept.eq_ignore_ascii_case(word.as_str()) {
            *typed = None;
        }
    }
}

/// Removes the kept keywords whose typed place is already written.
pub fn drop_shadowed(extensions: &mut IndexMap<String, Value>, written: &Written) {
    let c = written.constraints;
    let typed = [
        ("default", written.default),
        ("enum", written.enum_values),
        ("format", written.format),
        ("description", written.description),
        ("x-ms-summary", written.summary),
        ("x-ms-visibility", written.visibility),
        ("items", written.items),
        ("collectionFormat", written.collection_format),
        ("minimum", c.minimum.is_some()),
        ("maximum", c.maximum.is_some()),
        ("minLength", c.min_length.is_some()),
        ("maxLength", c.max_length.is_some()),
        ("pattern", c.pattern.is_some()),
        ("minItems", c.min_items.is_some()),
        ("maxItems", c.max_items.is_some()),
    ];
    for (key, written) in typed {
        if written {
            extensions.shift_remove(key);
        }
    }
}

/// [`drop_shadowed`] for a schema; a kept `required` list (with nothing to require) gives way
/// to a written one too.
fn drop_shadowed_schema(schema: &mut Schema) {
    keep_visibility_spelling(&mut schema.visibility, &schema.extensions);
    let written = Written {
        default: schema.default.is_some(),
        enum_values: !schema.enum_values.is_empty(),
        format: schema.format.is_some(),
        description: schema.description.is_some(),
        summary: schema.summary.is_some(),
        visibility: schema.visibility.is_some(),
        items: schema.items.is_some(),
        collection_format: false,
        constraints: &schema.constraints,
    };
    drop_shadowed(&mut schema.extensions, &written);
    if !schema.required.is_empty() {
        schema.extensions.shift_remove("required");
    }
}

/// A field's designer label: its summary, or its wire name in words.
pub fn summary_of(field: &Field) -> String {
    field
        .summary
        .clone()
        .unwrap_or_else(|| humanise(&field.wire_name))
}

/// `webinarKey` → `Webinar key`, `start_time` → `Start time`.
pub fn humanise(name: &str) -> String {
    if name.is_ascii() {
        humanise_ascii(name)
    } else {
        humanise_text(name)
    }
}

/// [`humanise`] of an ASCII name, written into one string: every field's label goes through
/// here, and the general version allocates a string per word.
fn humanise_ascii(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    let mut first = true;
    let mut word = |w: &str| {
        if first {
            first = false;
            let (head, tail) = w.split_at(1);
            out.push_str(&head.to_ascii_uppercase());
            out.push_str(tail);
            return;
        }
        out.push(' ');
        if w.bytes().all(|b| b.is_ascii_uppercase()) {
            out.push_str(w);
        } else {
            out.extend(w.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        }
    };
    let bytes = name.as_bytes();
    let mut start = 0;
    let mut prev_lower = false;
    for (i, &b) in bytes.iter().enumerate() {
        if matches!(b, b'_' | b'-' | b' ' | b'.') {
            if start < i {
                word(&name[start..i]);
            }
            start = i + 1;
            prev_lower = false;
            continue;
        }
        if b.is_ascii_uppercase() && prev_lower && start < i {
            word(&name[start..i]);
            start = i;
        }
        prev_lower = b.is_ascii_lowercase() || b.is_ascii_digit();
    }
    if start < bytes.len() {
        word(&name[start..]);
    }
    if out.is_empty() {
        name.to_owned()
    } else {
        out
    }
}

/// [`humanise`] of any text.
fn humanise_text(name: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut prev_lower = false;
    for ch in name.chars() {
        if ch == '_' || ch == '-' || ch == ' ' || ch == '.' {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            prev_lower = false;
            continue;
        }
        if ch.is_uppercase() && prev_lower && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        prev_lower = ch.is_lowercase() || ch.is_ascii_digit();
        current.push(ch);
    }
    if !current.is_empty() {
        words.push(current);
    }
    let text = words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            if i == 0 {
                let mut chars = w.chars();
                chars
                    .next()
                    .map(|c| c.to_uppercase().chain(chars).collect::<String>())
                    .unwrap_or_default()
            } else if w.chars().all(|c| c.is_uppercase()) {
                w.clone()
            } else {
                w.to_lowercase()
            }
        })
        .collect::<Vec<_>>()
        .join(" ");
    if text.is_empty() {
        name.to_owned()
    } else {
        text
    }
}

/// Swagger's validation keywords.
pub fn constraints(c: &ir::Constraints) -> Constraints {
    Constraints {
        maximum: c.maximum.clone(),
        minimum: c.minimum.clone(),
        max_length: c.max_length,
        min_length: c.min_length,
        pattern: c.pattern.clone(),
        max_items: c.max_items,
        min_items: c.min_items,
    }
}

/// A dynamic argument: `{name}` is another parameter of the operation, anything else a value.
fn argument(value: &Value) -> Result<String, Value> {
    match value {
        Value::String(s) if s.starts_with('{') && s.ends_with('}') && s.len() > 2 => {
            Ok(s[1..s.len() - 1].to_owned())
        }
        other => Err(other.clone()),
    }
}

/// The arguments of a dynamic call, each another parameter or a value.
fn arguments(params: &[(String, Value)]) -> IndexMap<String, DynamicArgument> {
    params
        .iter()
        .map(|(name, value)| {
            let argument = match argument(value) {
                Ok(parameter) => DynamicArgument::Parameter { parameter },
                Err(value) => DynamicArgument::Value { value },
            };
            (name.clone(), argument)
        })
        .collect()
}

/// `x-ms-dynamic-schema` of a field.
pub fn dynamic_schema(d: &ir::DynamicSchema) -> DynamicSchema {
    DynamicSchema {
        operation_id: d.action.clone(),
        parameters: arguments(&d.params),
        value_path: d.path.clone(),
    }
}

/// `x-ms-dynamic-properties` of a field.
pub fn dynamic_properties(d: &ir::DynamicSchema) -> DynamicProperties {
    DynamicProperties {
        operation_id: d.action.clone(),
        parameters: d
            .params
            .iter()
            .map(|(name, value)| {
                let argument = match argument(value) {
                    Ok(parameter_reference) => DynamicReference::Parameter {
                        parameter_reference,
                    },
                    Err(value) => DynamicReference::Value { value },
                };
                (name.clone(), argument)
            })
            .collect(),
        item_value_path: d.path.clone(),
    }
}

/// `x-ms-dynamic-values` of a field.
pub fn dynamic_values(d: &ir::DynamicValues) -> DynamicValues {
    DynamicValues {
        operation_id: d.action.clone(),
        parameters: arguments(&d.params),
        value_collection: d.items.clone(),
        value_path: d.value.clone(),
        value_title: d.label.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::{humanise, humanise_ascii, humanise_text};

    #[test]
    fn names_become_labels() {
        assert_eq!(humanise("webinarKey"), "Webinar key");
        assert_eq!(humanise("start_time"), "Start time");
        assert_eq!(humanise("ID"), "ID");
        assert_eq!(humanise("prénomDuClient"), "Prénom du client");
    }

    /// The ASCII fast path labels every string of up to five characters over an alphabet of
    /// each class (lower, upper, digit, each separator, other punctuation) as the general one.
    #[test]
    fn the_ascii_path_agrees_with_the_general_one() {
        let alphabet = ['a', 'Z', '7', '_', '-', ' ', '.', '$'];
        let mut frontier = vec![String::new()];
        for _ in 0..5 {
            let mut next = Vec::new();
            for prefix in &frontier {
                for c in alphabet {
                    let name = format!("{prefix}{c}");
                    assert_eq!(humanise_ascii(&name), humanise_text(&name), "{name:?}");
                    next.push(name);
                }
            }
            frontier = next;
        }
        for name in ["HTTPServer", "getHTTPResponse", "ab12Cd", "a.b-c d_e", "ÀB"] {
            if name.is_ascii() {
                assert_eq!(humanise_ascii(name), humanise_text(name), "{name:?}");
            }
        }
    }
}
