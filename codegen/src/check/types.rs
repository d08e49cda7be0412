//! Lowers type definitions into IR types: scalars, named references, inline objects and enums,
//! with every inline type given a unique Rust name.

use crate::fast_hash::{Map as HashMap, Set as HashSet};
use std::borrow::Cow;

use serde_json::Value;

use super::Checker;
use crate::diag::Code;
use crate::ir::{
    self, EnumType, EnumVariant, Field, ObjectType, Scalar, ScalarKind, Type, TypeDocs,
};
use crate::names::{pascal_ident, snake_ident, Scope};
use crate::spec::{NamedMap, Spanned, TypeBody, TypeDef};

/// The scalar type names a spec can use, with their kind and format.
pub(crate) const SCALARS: &[(&str, ScalarKind, Option<&str>)] = &[
    ("string", ScalarKind::String, None),
    ("integer", ScalarKind::Integer, None),
    ("int32", ScalarKind::Integer, Some("int32")),
    ("int64", ScalarKind::Integer, Some("int64")),
    ("number", ScalarKind::Number, None),
    ("float", ScalarKind::Number, Some("float")),
    ("double", ScalarKind::Number, Some("double")),
    ("boolean", ScalarKind::Boolean, None),
    ("datetime", ScalarKind::String, Some("date-time")),
    ("date-time", ScalarKind::String, Some("date-time")),
    ("date", ScalarKind::String, Some("date")),
    ("email", ScalarKind::String, Some("email")),
    ("uri", ScalarKind::String, Some("uri")),
    ("uuid", ScalarKind::String, Some("uuid")),
    ("binary", ScalarKind::String, Some("binary")),
    ("byte", ScalarKind::String, Some("byte")),
    ("password", ScalarKind::String, Some("password")),
    ("file", ScalarKind::File, None),
    ("any", ScalarKind::Any, None),
    ("object", ScalarKind::Object, None),
];

/// The names of the spec language's scalar types (`string`, `int64`, `date-time`, …).
pub fn scalar_type_names() -> impl Iterator<Item = &'static str> {
    SCALARS.iter().map(|(name, _, _)| *name)
}

fn scalar_named(name: &str) -> Option<Scalar> {
    SCALARS
        .iter()
        .find(|(n, _, _)| *n == name)
        .map(|(_, kind, format)| Scalar::new(*kind, *format))
}

/// How the Rust name of a lowered object or enum is chosen.
#[derive(Clone)]
pub(crate) enum TypeName<'n> {
    /// Already claimed (a named object's own name).
    Claimed(String),
    /// Claim a name derived from this hint if an inline type is found.
    Hint(String),
    /// The hint of a field's type: the owner's name and the field's PascalCase name, built
    /// only when an inline type needs it (most fields are scalars); borrowed, so a scalar
    /// field costs no copies.
    Field(&'n str, &'n str),
}

impl TypeName<'_> {
    fn hint(&self) -> Cow<'_, str> {
        match self {
            TypeName::Claimed(name) | TypeName::Hint(name) => Cow::Borrowed(name),
            TypeName::Field(owner, key) => Cow::Owned(format!("{owner}{}", pascal_ident(key))),
        }
    }
}

impl Checker<'_> {
    /// Lowers `objects:`; every object's Rust name is claimed before any inline type's.
    pub(crate) fn named_objects(&mut self) -> Vec<ir::NamedType> {
        let spec = self.spec;
        let rust_names: Vec<String> = spec
            .objects
            .iter()
            .map(|(name, _)| self.claim_type_name(&name.value))
            .collect();
        let mut objects = Vec::new();
        for ((name, def), rust_name) in spec.objects.iter().zip(rust_names) {
            let body = &*def.body;
            if name.value.trim().is_empty() {
                self.error(
                    Code::InvalidName,
                    name.span,
                    "an object needs a non-empty name",
                )
                .label = Some("empty name".into());
            }
            self.check_summary(body.summary.as_ref());
            let ty = self.lower_type(def, TypeName::Claimed(rust_name.clone()), None);
            for value in [&body.default, &body.value].into_iter().flatten() {
                self.check_value_fits(value, &ty);
            }
            objects.push(ir::NamedType {
                name: name.value.clone(),
                rust_name,
                visibility: body.visibility.as_ref().map(|v| v.value),
                summary: text(&body.summary),
                description: self.prose(&body.description),
                ty,
                example: body.example.as_ref().map(|e| self.clean_json(e, name.span)),
                default: body.default.as_ref().map(|v| v.value.clone()),
                nullable: body.nullable.unwrap_or(false),
                constraints: constraints(body),
                dynamic: body.dynamic.as_ref().map(|d| self.dynamic_values(d)),
                dynamic_schema: body.dynamic_schema.as_ref().map(|d| self.dynamic_schema(d)),
                extensions: super::text::clean_extensions(&body.extensions),
            });
        }
        self.check_alias_cycles(&objects);
        objects
    }

    /// Objects that only name each other (`A: B`, `B: A`) never say what they are.
    ///
    /// Aliases form chains where each object names at most one other, so one walk that marks
    /// every object it has finished visits each object once, however long the chains are.
    fn check_alias_cycles(&mut self, objects: &[ir::NamedType]) {
        #[derive(Clone, Copy, PartialEq)]
        enum Mark {
            Unvisited,
            OnPath,
            Done,
        }
        let mut by_name: HashMap<&str, usize> = crate::fast_hash::map_with_capacity(objects.len());
        for (at, object) in objects.iter().enumerate() {
            by_name.entry(object.name.as_str()).or_insert(at);
        }
        let next_of = |at: usize| match &objects[at].ty {
            Type::Named(next) => by_name.get(next.as_str()).copied(),
            _ => None,
        };
        let mut marks = vec![Mark::Unvisited; objects.len()];
        let mut cycles: Vec<Vec<usize>> = Vec::new();
        for start in 0..objects.len() {
            let mut path: Vec<usize> = Vec::new();
            let mut current = Some(start);
            while let Some(at) = current {
                match marks[at] {
                    Mark::Done => break,
                    Mark::OnPath => {
                        let from = path.iter().position(|&p| p == at).unwrap_or(0);
                        let mut cycle = path[from..].to_vec();
                        // Named from its first declared member, as a reader meets it.
                        let first = (0..cycle.len()).min_by_key(|&i| cycle[i]).unwrap_or(0);
                        cycle.rotate_left(first);
                        cycles.push(cycle);
                        break;
                    }
                    Mark::Unvisited => {
                        marks[at] = Mark::OnPath;
                        path.push(at);
                        current = next_of(at);
                    }
                }
            }
            for at in path {
                marks[at] = Mark::Done;
            }
        }
        let spec = self.spec;
        for cycle in cycles {
            let first = &objects[cycle[0]].name;
            let span = spec
                .objects
                .get_entry(first)
                .map(|(k, _)| k.span)
                .unwrap_or_default();
            let names: Vec<String> = cycle
                .iter()
                .map(|&at| format!("`{}`", objects[at].name))
                .collect();
            self.error(
                Code::InvalidType,
                span,
                format!("objects {} only name each other", names.join(" → ")),
            )
            .help = Some("give one of them `fields`, a `list`, a `map` or a scalar type".into());
        }
    }

    /// Lowers a type definition.
    pub(crate) fn lower_type(
        &mut self,
        def: &TypeDef,
        name: TypeName<'_>,
        xml_prefix: Option<&str>,
    ) -> Type {
        let body = &*def.body;
        self.check_one_shape(def);
        if let Some(enum_values) = &body.enum_values {
            return Type::Enum(self.lower_enum(body, enum_values, name));
        }
        if let Some(fields) = &body.fields {
            return self.lower_object(body, fields, name, xml_prefix);
        }
        if let Some(item) = &body.list {
            let hint = TypeName::Hint(format!("{}Item", name.hint()));
            return Type::List {
                item: Box::new(self.lower_type(item, hint, xml_prefix)),
                docs: self.type_docs(item),
            };
        }
        if let Some(value) = &body.map {
            let hint = TypeName::Hint(format!("{}Value", name.hint()));
            return Type::Map {
                value: Box::new(self.lower_type(value, hint, xml_prefix)),
                docs: self.type_docs(value),
            };
        }
        match &body.type_name {
            Some(type_name) => self.resolve_type_name(type_name, body.format.as_ref()),
            None => Type::Scalar(
                self.apply_format(Scalar::new(ScalarKind::String, None), body.format.as_ref()),
            ),
        }
    }

    /// At most one of `type`, `fields`, `list` and `map` (but `fields` with `map`).
    fn check_one_shape(&mut self, def: &TypeDef) {
        let body = &*def.body;
        let shapes = [
            body.type_name.is_some(),
            body.fields.is_some(),
            body.list.is_some(),
            body.map.is_some(),
        ];
        // `fields` with `map` is an object with extra keys besides its fields.
        let fields_and_map = shapes == [false, true, false, true];
        if shapes.iter().filter(|set| **set).count() > 1 && !fields_and_map {
            let spans = [
                body.type_name.as_ref().map(|t| t.span),
                body.fields
                    .as_ref()
                    .and_then(|f| f.entries().first().map(|(k, _)| k.span)),
                body.list.as_ref().map(|l| l.span),
                body.map.as_ref().map(|m| m.span),
            ];
            let second = spans.into_iter().flatten().nth(1).unwrap_or(def.span);
            self.error(
                Code::InvalidType,
                second,
                "`type`, `fields`, `list` and `map` cannot be combined",
            )
            .help = Some(
                "say what the value is with one of them (`fields` may add `map` for extra keys)"
                    .into(),
            );
        }
    }

    /// An inline object: its fields, and its extra keys when `map` is beside them.
    fn lower_object(
        &mut self,
        body: &TypeBody,
        fields: &NamedMap<TypeDef>,
        name: TypeName<'_>,
        xml_prefix: Option<&str>,
    ) -> Type {
        let rust_name = self.type_name(&name);
        let prefix = body
            .xml
            .as_ref()
            .and_then(|x| x.prefix.as_ref())
            .map(|p| p.value.as_str())
            .or(xml_prefix);
        let prefix = prefix.map(str::to_owned);
        if let Some(xml) = &body.xml {
            if let Some(p) = &xml.prefix {
                self.check_namespace(p);
            }
        }
        let fields = self.lower_fields(fields, &rust_name, prefix.as_deref());
        let additional = body.map.as_ref().map(|value| {
            let hint = TypeName::Hint(format!("{}Value", name.hint()));
            Box::new(self.lower_type(value, hint, prefix.as_deref()))
        });
        let additional_docs = body
            .map
            .as_ref()
            .map(|m| self.type_docs(m))
            .unwrap_or_default();
        Type::Object(ObjectType {
            rust_name,
            fields,
            additional,
            additional_docs,
            xml_prefix: prefix,
        })
    }

    fn type_name(&mut self, name: &TypeName<'_>) -> String {
        match name {
            TypeName::Claimed(claimed) => claimed.clone(),
            TypeName::Hint(hint) => self.claim_type_name(hint),
            TypeName::Field(..) => self.claim_type_name(&name.hint()),
        }
    }

    fn resolve_type_name(
        &mut self,
        type_name: &Spanned<String>,
        format: Option<&Spanned<String>>,
    ) -> Type {
        if let Some(scalar) = scalar_named(&type_name.value) {
            return Type::Scalar(self.apply_format(scalar, format));
        }
        let spec = self.spec;
        if spec.objects.contains(&type_name.value) {
            return Type::Named(type_name.value.clone());
        }
        let candidates: Vec<&str> = spec
            .objects
            .keys()
            .chain(SCALARS.iter().map(|(name, _, _)| *name))
            .collect();
        self.unknown(
            Code::UnknownObject,
            type_name.span,
            "object",
            &type_name.value,
            candidates.iter().copied(),
        );
        if let Some(last) = self.diagnostics.last_mut() {
            let listed = type_name
                .value
                .strip_prefix('[')
                .and_then(|rest| rest.strip_suffix(']'));
            if let Some(item) = listed {
                last.help = Some(format!(
                    "a list is `list: {item}` in the full form, or `[{item}]` as the whole value"
                ));
            } else if last.help.is_none() {
                last.help = Some("declare it under `objects:`, or use a scalar type such as `string` or `datetime`".into());
            }
        }
        Type::Scalar(Scalar::new(ScalarKind::Any, None))
    }

    fn apply_format(&mut self, mut scalar: Scalar, format: Option<&Spanned<String>>) -> Scalar {
        let Some(format) = format else { return scalar };
        let fits = match scalar.kind {
            ScalarKind::Integer => matches!(
                format.value.as_str(),
                "int32" | "int64" | "int8" | "int16" | "uint32" | "uint64"
            ),
            ScalarKind::Number => matches!(format.value.as_str(), "float" | "double" | "decimal"),
            ScalarKind::Boolean => false,
            _ => true,
        };
        if !fits {
            self.error(Code::InvalidType, format.span, format!("format `{}` does not apply to this type", format.value))
                .help = Some("integers take int32/int64, numbers float/double; string formats need `type: string`".into());
            return scalar;
        }
        scalar.format = Some(format.value.clone());
        scalar
    }

    /// Lowers the fields of an object, giving each a unique Rust name.
    pub(crate) fn lower_fields(
        &mut self,
        fields: &NamedMap<TypeDef>,
        owner: &str,
        xml_prefix: Option<&str>,
    ) -> Vec<Field> {
        self.check_duplicates(fields, "field");
        let mut scope = Scope::new();
        // Fields are large, and the IR of a big API holds hundreds of thousands of them: no
        // spare capacity from growing the list.
        let mut lowered = Vec::with_capacity(fields.len());
        for (position, (key, def)) in fields.iter().enumerate() {
            if !fields.is_first(position) {
                continue;
            }
            lowered.push(self.lower_field(key, def, owner, &mut scope, xml_prefix));
        }
        lowered
    }

    /// Lowers one field, parameter or connection parameter.
    pub(crate) fn lower_field(
        &mut self,
        key: &Spanned<String>,
        def: &TypeDef,
        owner: &str,
        scope: &mut Scope,
        xml_prefix: Option<&str>,
    ) -> Field {
        let body = &*def.body;
        let wire_name = body
            .name
            .as_ref()
            .map(|n| n.value.clone())
            .unwrap_or_else(|| key.value.clone());
        if wire_name.is_empty() {
            self.error(
                Code::InvalidName,
                key.span,
                "a field needs a non-empty name",
            );
        }
        let (rust_name, renamed) = scope.claim(snake_ident(&wire_name));
        if renamed {
            self.warning(
                Code::NameCollision,
                key.span,
                format!("`{wire_name}` becomes the Rust name `{rust_name}` because a sibling already took `{}`", snake_ident(&wire_name)),
            );
        }
        self.check_summary(body.summary.as_ref());
        let hint = TypeName::Field(owner, &key.value);
        let ty = self.lower_type(def, hint, xml_prefix);
        for value in [&body.default, &body.value].into_iter().flatten() {
            self.check_value_fits(value, &ty);
        }
        if let Some(xml) = &body.xml {
            if let Some(prefix) = &xml.prefix {
                self.check_namespace(prefix);
            }
        }
        let dynamic = body
            .dynamic
            .as_ref()
            .map(|d| Box::new(self.dynamic_values(d)));
        let dynamic_schema = body
            .dynamic_schema
            .as_ref()
            .map(|d| Box::new(self.dynamic_schema(d)));
        let xml = xml_name(body, xml_prefix);
        Field {
            wire_name,
            rust_name,
            ty,
            required: body.required.as_ref().is_some_and(|r| r.value),
            nullable: body.nullable.unwrap_or(false),
            read_only: body.read_only.unwrap_or(false),
            deprecated: body.deprecated.unwrap_or(false),
            secret: body.secret.as_ref().is_some_and(|s| s.value),
            summary: text(&body.summary),
            description: self.prose(&body.description),
            default: body.default.as_ref().map(|v| v.value.clone()),
            value: body.value.as_ref().map(|v| v.value.clone()),
            example: body.example.as_ref().map(|e| self.clean_json(e, key.span)),
            visibility: body.visibility.as_ref().map(|v| v.value),
            xml: xml.into(),
            constraints: constraints(body).into(),
            dynamic,
            dynamic_schema,
            array_style: body.array_style.as_ref().map(|s| s.value),
            content_type: text(&body.content_type),
            extensions: super::text::clean_extensions(&body.extensions),
        }
    }

    /// Choices from another action's answer.
    fn dynamic_values(&mut self, d: &crate::spec::DynamicValues) -> ir::DynamicValues {
        self.check_action_ref(&d.action);
        ir::DynamicValues {
            action: d.action.value.clone(),
            items: text(&d.items),
            value: d.value.value.clone(),
            label: text(&d.label),
            params: d
                .params
                .iter()
                .map(|(k, v)| (k.value.clone(), v.value.clone()))
                .collect(),
        }
    }

    pub(crate) fn check_action_ref(&mut self, action: &Spanned<String>) -> bool {
        let spec = self.spec;
        if spec.actions.contains(&action.value) {
            return true;
        }
        self.unknown(
            Code::UnknownAction,
            action.span,
            "action",
            &action.value,
            spec.actions.keys(),
        );
        false
    }

    pub(crate) fn check_namespace(&mut self, prefix: &Spanned<String>) {
        let spec = self.spec;
        if spec
            .xml
            .as_ref()
            .is_some_and(|xml| xml.namespaces.contains(&prefix.value))
        {
            return;
        }
        let declared: Vec<&str> = match &spec.xml {
            Some(xml) => xml.namespaces.keys().collect(),
            None => Vec::new(),
        };
        self.unknown(
            Code::UnknownNamespace,
            prefix.span,
            "XML namespace prefix",
            &prefix.value,
            declared.iter().copied(),
        );
    }

    fn lower_enum(
        &mut self,
        body: &TypeBody,
        values: &crate::spec::EnumValues,
        name: TypeName<'_>,
    ) -> EnumType {
        let base = self.enum_base(body, values);
        let base = self.apply_format(base, body.format.as_ref());
        if values.values.is_empty() {
            self.error(
                Code::InvalidEnum,
                values.span,
                "an enum needs at least one value",
            );
        }
        let rust_name = self.type_name(&name);
        let mut scope = Scope::new();
        let mut variants: Vec<EnumVariant> = Vec::new();
        let mut listed: HashSet<String> = crate::fast_hash::set_with_capacity(values.values.len());
        for entry in &values.values {
            let value = &entry.value;
            if !fits_scalar(&value.value, &base) {
                self.error(
                    Code::InvalidEnum,
                    value.span,
                    format!(
                        "`{}` is not {} like the enum's type",
                        shown(&value.value),
                        with_article(kind_name(&base))
                    ),
                );
                if base.kind == ScalarKind::String {
                    self.add_yaml11_hint(value);
                }
                continue;
            }
            if !listed.insert(value.value.to_string()) {
                self.error(
                    Code::InvalidEnum,
                    value.span,
                    format!("enum value `{}` is listed twice", value.value),
                );
                continue;
            }
            let ident = variant_ident(variant_name(&value.value, entry.label.as_deref()));
            variants.push(EnumVariant {
                value: value.value.clone(),
                rust_name: scope.claim(ident).0,
                label: entry.label.as_deref().map(super::text::clean_prose),
            });
        }
        for value in [&body.default, &body.value].into_iter().flatten() {
            if !variants.iter().any(|v| v.value == value.value) && !value.value.is_null() {
                self.error(
                    Code::ValueTypeMismatch,
                    value.span,
                    format!("`{}` is not one of the enum's values", shown(&value.value)),
                )
                .help = Some(format!("its values: {}", listed_values(&variants)));
                self.add_yaml11_hint(value);
            }
        }
        EnumType {
            rust_name,
            base,
            values: variants,
        }
    }

    /// The scalar an enum's values have: its `type`, or integer when every value is one.
    fn enum_base(&mut self, body: &TypeBody, values: &crate::spec::EnumValues) -> Scalar {
        match &body.type_name {
            Some(type_name) => match scalar_named(&type_name.value) {
                Some(scalar)
                    if matches!(
                        scalar.kind,
                        ScalarKind::String
                            | ScalarKind::Integer
                            | ScalarKind::Number
                            | ScalarKind::Boolean
                    ) =>
                {
                    scalar
                }
                _ => {
                    self.error(
                        Code::InvalidEnum,
                        type_name.span,
                        format!("an enum's values cannot be `{}`", type_name.value),
                    )
                    .help = Some("enums are strings, integers, numbers or booleans".into());
                    Scalar::new(ScalarKind::String, None)
                }
            },
            None if values
                .values
                .iter()
                .all(|v| v.value.value.is_i64() || v.value.value.is_u64())
                && !values.values.is_empty() =>
            {
                Scalar::new(ScalarKind::Integer, None)
            }
            None => Scalar::new(ScalarKind::String, None),
        }
    }

    fn check_value_fits(&mut self, value: &Spanned<Value>, ty: &Type) {
        if value.value.is_null() {
            return;
        }
        let ok = match ty {
            Type::Scalar(scalar) => fits_scalar(&value.value, scalar),
            Type::List { .. } => value.value.is_array(),
            Type::Map { .. } | Type::Object(_) => value.value.is_object(),
            Type::Named(name) => {
                // Named objects are lowered one by one; their values are checked once all are.
                self.pending_values.push((value.clone(), name.clone()));
                true
            }
            Type::Enum(_) => true,
        };
        if !ok {
            let expected = match ty {
                Type::Scalar(scalar) => kind_name(scalar),
                Type::List { .. } => "list",
                _ => "mapping",
            };
            self.error(
                Code::ValueTypeMismatch,
                value.span,
                format!(
                    "`{}` is not {}",
                    shown(&value.value),
                    with_article(expected)
                ),
            )
            .label = Some(format!("the type here is {expected}"));
            if expected == "string" {
                self.add_yaml11_hint(value);
            }
        }
    }

    /// Checks the defaults and fixed values whose type is a named object, now that every named
    /// object is lowered: a named enum's default must be one of its values.
    pub(crate) fn check_pending_values(&mut self) {
        let pending = std::mem::take(&mut self.pending_values);
        for (value, name) in pending {
            let mut target = name.as_str();
            let mut resolved = None;
            // Aliases (`A: B`) are followed, at most once per object, so cycles end.
            for _ in 0..=self.objects.len() {
                match self.object_named(target).map(|o| &o.ty) {
                    Some(Type::Named(next)) => target = next,
                    Some(ty) => {
                        resolved = Some(ty.clone());
                        break;
                    }
                    None => break,
                }
            }
            match resolved {
                Some(Type::Enum(enum_type))
                    if !enum_type.values.iter().any(|v| v.value == value.value) =>
                {
                    self.error(
                        Code::ValueTypeMismatch,
                        value.span,
                        format!(
                            "`{}` is not one of the values of `{name}`",
                            shown(&value.value)
                        ),
                    )
                    .help = Some(format!("its values: {}", listed_values(&enum_type.values)));
                    self.add_yaml11_hint(&value);
                }
                Some(Type::Enum(_)) => {}
                Some(ty) => self.check_value_fits(&value, &ty),
                None => {}
            }
        }
    }

    /// YAML 1.1 reads `on`, `off`, `yes`, `no`, `y` and `n` as booleans: when a boolean was
    /// written as one of those words where text belongs, the help says to quote it.
    fn add_yaml11_hint(&mut self, value: &Spanned<Value>) {
        if !value.value.is_boolean() {
            return;
        }
        let text = &self.file.text;
        let written = text
            .get(value.span.start()..value.span.end())
            .unwrap_or("")
            .trim();
        let words = ["on", "off", "yes", "no", "y", "n"];
        if !words.iter().any(|w| written.eq_ignore_ascii_case(w)) {
            return;
        }
        let hint = format!(
            "YAML 1.1 reads `{written}` as the boolean `{}`; quote it (\"{written}\") to mean the text",
            value.value
        );
        if let Some(last) = self.diagnostics.last_mut() {
            last.help = Some(match last.help.take() {
                Some(help) => format!("{hint}\n{help}"),
                None => hint,
            });
        }
    }
}

/// `a, b, c` (at most twelve values, then `…`).
fn listed_values(variants: &[EnumVariant]) -> String {
    let mut shown_values: Vec<String> = variants.iter().take(12).map(|v| shown(&v.value)).collect();
    if variants.len() > 12 {
        shown_values.push("…".into());
    }
    shown_values.join(", ")
}

fn fits_scalar(value: &Value, scalar: &Scalar) -> bool {
    match scalar.kind {
        ScalarKind::String => value.is_string(),
        ScalarKind::Integer => value.is_i64() || value.is_u64(),
        ScalarKind::Number => value.is_number(),
        ScalarKind::Boolean => value.is_boolean(),
        ScalarKind::Object => value.is_object(),
        ScalarKind::File | ScalarKind::Any => true,
    }
}

fn kind_name(scalar: &Scalar) -> &'static str {
    match scalar.kind {
        ScalarKind::String => "string",
        ScalarKind::Integer => "integer",
        ScalarKind::Number => "number",
        ScalarKind::Boolean => "boolean",
        ScalarKind::Object => "mapping",
        ScalarKind::File => "file",
        ScalarKind::Any => "value",
    }
}

fn constraints(body: &TypeBody) -> ir::Constraints {
    ir::Constraints {
        pattern: body.pattern.as_ref().map(|v| v.value.clone()),
        minimum: body.minimum.as_ref().map(|v| v.value.clone()),
        maximum: body.maximum.as_ref().map(|v| v.value.clone()),
        min_length: body.min_length.as_ref().map(|v| v.value),
        max_length: body.max_length.as_ref().map(|v| v.value),
        min_items: body.min_items.as_ref().map(|v| v.value),
        max_items: body.max_items.as_ref().map(|v| v.value),
    }
}

impl Checker<'_> {
    /// The designer labels (and dynamic schema) written on a type definition that is not a
    /// field (list items, the root of a body, answer or payload).
    pub(crate) fn type_docs(&mut self, def: &TypeDef) -> ir::Docs {
        let body = &*def.body;
        ir::Docs::new(TypeDocs {
            summary: super::text::clean_text(&body.summary),
            description: super::text::clean_text(&body.description),
            visibility: body.visibility.as_ref().map(|v| v.value),
            dynamic_schema: body.dynamic_schema.as_ref().map(|d| self.dynamic_schema(d)),
            dynamic: body.dynamic.as_ref().map(|d| self.dynamic_values(d)),
            nullable: body.nullable.unwrap_or(false),
            read_only: body.read_only.unwrap_or(false),
            default: body.default.as_ref().map(|v| v.value.clone()),
            example: body.example.as_ref().map(|e| self.clean_json(e, def.span)),
            constraints: constraints(body),
            extensions: super::text::clean_extensions(&body.extensions),
        })
    }

    /// A dynamic schema, its action checked.
    pub(crate) fn dynamic_schema(&mut self, d: &crate::spec::DynamicSchema) -> ir::DynamicSchema {
        self.check_action_ref(&d.action);
        ir::DynamicSchema {
            action: d.action.value.clone(),
            path: text(&d.path),
            params: d
                .params
                .iter()
                .map(|(k, v)| (k.value.clone(), v.value.clone()))
                .collect(),
            form: d.form.as_ref().map(|f| f.value).unwrap_or_default(),
        }
    }
}

/// The value of an optional spanned string.
pub(crate) fn text(value: &Option<Spanned<String>>) -> Option<String> {
    value.as_ref().map(|v| v.value.clone())
}

/// A value as the user wrote it: strings without JSON quotes.
fn shown(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// `an integer`, `a string`.
fn with_article(noun: &str) -> String {
    let article = if noun.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {noun}")
}

/// A variant name that stays camel case and clear of the generated `Unknown` fallback: a
/// keyword (`Self_`) or `Unknown` gets `Value` appended instead of an underscore.
fn variant_ident(ident: String) -> String {
    match ident.strip_suffix('_') {
        Some(keyword) => format!("{keyword}Value"),
        None if ident == "Unknown" => "UnknownValue".to_owned(),
        None => ident,
    }
}

/// How a field is named in XML; its prefix is the object's unless it names one.
fn xml_name(body: &TypeBody, xml_prefix: Option<&str>) -> ir::XmlName {
    match &body.xml {
        Some(x) => ir::XmlName {
            name: text(&x.name),
            prefix: text(&x.prefix).or_else(|| xml_prefix.map(str::to_owned)),
            attribute: x.attribute.unwrap_or(false),
            item: text(&x.item),
        },
        None => ir::XmlName {
            prefix: xml_prefix.map(str::to_owned),
            ..Default::default()
        },
    }
}

/// The Rust name of an enum value: a number by its label (`1: Low` is `Low`) or its digits.
fn variant_name(value: &Value, label: Option<&str>) -> String {
    let label = label.filter(|l| l.chars().any(char::is_alphanumeric));
    match (value, label) {
        // A number is named by its label (`1: Low` is `Low`), else by its digits.
        (Value::Number(_), Some(label)) => pascal_ident(label),
        (Value::Number(n), None) => {
            format!("V{}", n.to_string().replace('-', "Minus").replace('.', "_"))
        }
        (Value::String(s), _) if s.is_empty() => "Empty".to_owned(),
        (Value::String(s), _) => pascal_ident(s),
        (Value::Bool(true), _) => "True".to_owned(),
        (Value::Bool(false), _) => "False".to_owned(),
        (other, _) => pascal_ident(&other.to_string()),
    }
}
