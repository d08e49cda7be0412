//! JSON schemas (Swagger 2.0 and OpenAPI 3.0 dialects) → spec type definitions, built as the
//! spec model's [`TypeDef`]s: `$ref`s become object names, `allOf` is merged, sloppy keywords
//! are repaired with a warning, and what has no typed place rides along as written among a
//! definition's extensions.

use std::collections::{HashMap, HashSet};

use codegen::spec::{
    DynamicSchema, DynamicValues, EnumValue, EnumValues, NamedMap, Span, Spanned, TypeBody,
    TypeDef, Visibility,
};
use indexmap::IndexMap;
use serde_json::{json, Map, Value};

use super::typed::{text, type_def};
use super::{escape, push_segment, Warnings};
use crate::emit::openapi_kept::{OPENAPI_UNION, SHAPE_KEYWORDS};
use crate::emit::powerplatform::schema::{is_platform_format, KEPT_KEYWORDS};

/// How deep `$ref`s into non-definition places and nested schemas are followed.
const MAX_DEPTH: usize = 48;

/// The most nodes [`Schemas::inline`] writes for one value (a guard against `$ref` fan-out).
const INLINE_BUDGET: usize = 20_000;

/// How deep `allOf` parts are merged into one another (each level a schema extending the
/// next); deeper parts, and those in a cycle, are left out with a warning.
const MAX_ALL_OF_DEPTH: usize = 256;

/// Whether a schema is a composition (`allOf`, `oneOf`, `anyOf` or `not`), which the spec
/// reads as its nearest type and keeps as written beside it.
fn is_composition(schema: &Map<String, Value>) -> bool {
    ["oneOf", "anyOf", "allOf", "not"]
        .iter()
        .any(|k| has_field(schema, k))
}

/// The state of one [`Schemas::inline`] copy: the references being expanded (a cycle stays a
/// `$ref`), those expanded once already (a named schema met again stays a `$ref`, so schemas
/// shared along many paths are written once per copy, not once per path), and the nodes left.
struct Copy {
    open: Vec<String>,
    expanded: HashSet<String>,
    budget: usize,
    /// Whether a named schema that keeps a composition of its own stays a `$ref`
    /// ([`Schemas::inline_composition`]).
    keep_composed: bool,
}

/// Converts the schemas of one document.
pub(crate) struct Schemas<'a> {
    /// The whole document, for `$ref` resolution.
    pub root: &'a Value,
    /// Where named schemas live (`#/definitions/` or `#/components/schemas/`).
    pub prefix: &'static str,
    /// Definition name → object name.
    pub names: IndexMap<String, String>,
    /// Operation ids that dynamic values may call.
    pub operations: HashSet<String>,
    /// Repairs made.
    pub warnings: Warnings,
    /// Whether misspelt formats are corrected and prose or type names in `format` dropped
    /// ([`repair_format`]). OpenAPI documents only: a Power Platform connector's formats are
    /// kept as written, so that its round trip stays exact.
    pub repair_formats: bool,
    /// What happens to formats the platform does not list.
    pub unlisted_formats: FormatPolicy,
    /// Whether keywords whose value does not fit the schema's type (a format that does not
    /// apply, a default or enum values of another type, a `minimum` on a string) are kept as
    /// written among the extensions instead of repaired or dropped (Power Platform connectors,
    /// whose round trip is exact).
    pub keep_misfits: bool,
    /// Named schemas that are only a `$ref` to one that leads back to them
    /// ([`Schemas::only_names_itself`]), found once for all.
    self_naming: HashSet<String>,
    /// Named schemas that lead back to themselves through `$ref`s
    /// ([`super::ref_cycles::recursive_names`]), found once for all.
    recursive: HashSet<String>,
    /// A range a format mapping took away, for the description of the schema being converted.
    range_note: Option<String>,
    /// Each `allOf` part met as a `$ref`, merged ([`Schemas::flatten_part`]), so that a
    /// chain of schemas each extending the last is merged once per schema, not once per use.
    flattened: HashMap<String, Value>,
}

/// What happens to a format the platform does not list ([`PLATFORM_FORMATS`]).
///
/// [`PLATFORM_FORMATS`]: crate::emit::powerplatform::schema::PLATFORM_FORMATS
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FormatPolicy {
    /// Kept as written, silently (Power Platform connectors, whose round trip is exact).
    Keep,
    /// Kept as written, with a warning naming the format `--fix` would use.
    Warn,
    /// Mapped to the nearest listed format, the range it loses kept in the description.
    Map,
}

/// What a schema converted to, with facts the caller needs.
pub(crate) struct Converted {
    /// The type definition.
    pub def: TypeDef,
    /// Whether a property said `required: true` (a Swagger mistake the caller honours).
    pub required_flag: bool,
}

impl<'a> Schemas<'a> {
    /// A converter for `root`, whose named schemas are the object under `prefix`.
    pub fn new(root: &'a Value, prefix: &'static str) -> Self {
        let mut schemas = Schemas {
            root,
            prefix,
            names: IndexMap::new(),
            operations: HashSet::new(),
            warnings: Warnings::default(),
            repair_formats: false,
            unlisted_formats: FormatPolicy::Keep,
            keep_misfits: false,
            range_note: None,
            self_naming: HashSet::new(),
            recursive: HashSet::new(),
            flattened: HashMap::new(),
        };
        schemas.self_naming = schemas.find_self_naming();
        if let Some(definitions) = schemas.named_schemas() {
            schemas.recursive = super::ref_cycles::recursive_names(definitions, |r| {
                r.strip_prefix(prefix).map(unescape)
            });
        }
        let mut taken: HashSet<String> = HashSet::new();
        for name in schemas.definitions().keys() {
            let mut object = name.trim().to_owned();
            if object.is_empty() || codegen::check::scalar_type_names().any(|n| n == object) {
                object = format!("{object}Object");
            }
            while taken.contains(&object) {
                object.push('_');
            }
            taken.insert(object.clone());
            schemas.names.insert(name.clone(), object);
        }
        schemas
    }

    /// A converter that reads as this one does, with no warnings yet, for work done beside it
    /// on another thread.
    pub fn helper(&self) -> Self {
        Schemas {
            root: self.root,
            prefix: self.prefix,
            names: self.names.clone(),
            operations: self.operations.clone(),
            warnings: Warnings::default(),
            repair_formats: self.repair_formats,
            unlisted_formats: self.unlisted_formats,
            keep_misfits: self.keep_misfits,
            self_naming: self.self_naming.clone(),
            recursive: self.recursive.clone(),
            range_note: None,
            flattened: HashMap::new(),
        }
    }

    /// The same converter with [`Schemas::keep_misfits`] set.
    pub fn keeping_misfits(mut self) -> Self {
        self.keep_misfits = true;
        self
    }

    /// The named schemas of the document.
    pub fn definitions(&self) -> Map<String, Value> {
        self.named_schemas().cloned().unwrap_or_default()
    }

    /// The object holding the named schemas, borrowed (cloning it per schema would make a
    /// pass over every schema quadratic).
    fn named_schemas(&self) -> Option<&'a Map<String, Value>> {
        let path: Vec<&str> = self
            .prefix
            .trim_start_matches("#/")
            .trim_end_matches('/')
            .split('/')
            .collect();
        let mut at = self.root;
        for key in path {
            at = at.get(key)?;
        }
        at.as_object()
    }

    /// The object name of a `$ref`, when it names a definition.
    fn named(&self, reference: &str) -> Option<&String> {
        let name = reference.strip_prefix(self.prefix)?;
        let name = unescape(name);
        self.names.get(&name)
    }

    /// Follows a local `$ref` to its target.
    pub fn follow(&self, reference: &str) -> Option<&'a Value> {
        crate::powerplatform::refs::follow(self.root, reference)
    }

    /// A copy of `value` with every local `$ref` replaced by what it points at, so the copy
    /// stands alone, with the keys written beside a `$ref` over its target's. A reference that
    /// cannot be followed, or that leads back into itself, stays as written; so does everything once the copy holds [`INLINE_BUDGET`] nodes. So
    /// does a reference to a named schema on a `$ref` cycle that is written back under its own
    /// name, with or without `--fix`: inlining it would unroll the cycle once at every place
    /// that uses it (along every path through distinct names, which grows far beyond the
    /// document). A named schema written back under its own name is expanded once per copy;
    /// where the copy meets it again it stays a `$ref`, so a schema shared along many paths
    /// cannot grow the copy beyond the document.
    pub fn inline(&self, value: &Value) -> Value {
        self.inline_keeping(value, false)
    }

    /// [`Schemas::inline`] for a composition kept as written: a reference to a named schema,
    /// written back under its own name, that keeps a composition of its own stays a `$ref`.
    /// Its own record brings that composition back; expanding it here would copy it, and the
    /// compositions it names, into every schema of an `allOf` chain, nested as deep as the
    /// chain is long.
    pub fn inline_composition(&self, value: &Value) -> Value {
        self.inline_keeping(value, true)
    }

    fn inline_keeping(&self, value: &Value, keep_composed: bool) -> Value {
        let mut copy = Copy {
            open: Vec::new(),
            expanded: HashSet::new(),
            budget: INLINE_BUDGET,
            keep_composed,
        };
        self.inline_within(value, &mut copy)
    }

    /// Whether `reference` leads to a schema that keeps a composition (`allOf`, `oneOf`,
    /// `anyOf` or `not`) as written.
    fn is_composed(&self, reference: &str) -> bool {
        self.follow(reference)
            .and_then(Value::as_object)
            .is_some_and(is_composition)
    }

    fn inline_within(&self, value: &Value, copy: &mut Copy) -> Value {
        if copy.budget == 0 {
            return value.clone();
        }
        copy.budget -= 1;
        match value {
            Value::Object(map) => {
                if let Some(reference) = field(map, "$ref").and_then(Value::as_str) {
                    if self.keeps_reference(reference)
                        || ((copy.expanded.contains(reference)
                            || (copy.keep_composed && self.is_composed(reference)))
                            && self.is_written_named(reference))
                    {
                        return value.clone();
                    }
                    if !copy.open.iter().any(|r| r == reference) {
                        if let Some(target) = self.follow(reference) {
                            copy.open.push(reference.to_owned());
                            copy.expanded.insert(reference.to_owned());
                            let mut inlined = self.inline_within(target, copy);
                            copy.open.pop();
                            // Keys written beside the `$ref` stay, over the target's.
                            if let Value::Object(inlined) = &mut inlined {
                                for (k, v) in map.iter().filter(|(k, _)| *k != "$ref") {
                                    inlined.insert(k.clone(), self.inline_within(v, copy));
                                }
                            }
                            return inlined;
                        }
                    }
                    return value.clone();
                }
                let inlined = map
                    .iter()
                    .map(|(k, v)| (k.clone(), self.inline_within(v, copy)))
                    .collect();
                Value::Object(inlined)
            }
            Value::Array(items) => {
                Value::Array(items.iter().map(|v| self.inline_within(v, copy)).collect())
            }
            _ => value.clone(),
        }
    }

    /// Whether `reference` names a schema written back under its own name.
    fn is_written_named(&self, reference: &str) -> bool {
        let Some(name) = reference.strip_prefix(self.prefix).map(unescape) else {
            return false;
        };
        self.names.get(&name) == Some(&name)
    }

    /// A copy of `value` whose `$ref`s to definitions the spec names otherwise lead to those
    /// names, where the emitters write them: a value kept as written still leads where it led.
    pub fn renamed_refs(&self, value: &Value) -> Value {
        match value {
            Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, v)| {
                        let renamed = (k == "$ref")
                            .then(|| v.as_str())
                            .flatten()
                            .and_then(|r| r.strip_prefix(self.prefix))
                            .map(unescape)
                            .and_then(|def| self.names.get(&def).filter(|name| **name != def));
                        match renamed {
                            Some(name) => (
                                k.clone(),
                                Value::from(format!("{}{}", self.prefix, escape(name))),
                            ),
                            None => (k.clone(), self.renamed_refs(v)),
                        }
                    })
                    .collect(),
            ),
            Value::Array(items) => {
                Value::Array(items.iter().map(|v| self.renamed_refs(v)).collect())
            }
            other => other.clone(),
        }
    }

    /// Whether [`Schemas::inline`] keeps `reference` as written.
    fn keeps_reference(&self, reference: &str) -> bool {
        let Some(name) = reference.strip_prefix(self.prefix).map(unescape) else {
            return false;
        };
        self.recursive.contains(&name) && self.names.get(&name) == Some(&name)
    }

    /// Resolves `$ref` chains of a schema (at most a few hops) to the schema itself.
    pub fn resolve<'v>(&self, schema: &'v Value) -> &'v Value
    where
        'a: 'v,
    {
        let mut current = schema;
        for _ in 0..16 {
            let reference = current.as_object().and_then(|map| field(map, "$ref"));
            match reference.and_then(Value::as_str) {
                Some(r) => match self.follow(r) {
                    Some(target) => current = target,
                    None => return current,
                },
                None => return current,
            }
        }
        current
    }

    /// Whether the named schema `name` is only a `$ref` (alone or as the one part of an
    /// `allOf`) to a named schema that leads back to it without ever saying what a value is.
    pub fn only_names_itself(&self, name: &str) -> bool {
        self.self_naming.contains(name)
    }

    /// The named schema that `name` is only a `$ref` to, if it is nothing else.
    fn only_names(&self, definitions: &Map<String, Value>, name: &str) -> Option<String> {
        let schema = definitions.get(name)?.as_object()?;
        let reference = match (schema.get("$ref"), schema.get("allOf")) {
            (Some(r), _) => r.as_str(),
            (None, Some(Value::Array(parts)))
                if parts.len() == 1 && !schema.contains_key("properties") =>
            {
                parts[0].get("$ref").and_then(Value::as_str)
            }
            _ => None,
        };
        reference
            .and_then(|r| r.strip_prefix(self.prefix))
            .map(unescape)
    }

    /// Every named schema on a loop of schemas that are only `$ref`s to the next. Each schema
    /// names at most one other, so one walk along each chain finds every loop, visiting each
    /// schema once (following the chain from every schema would be quadratic in its length).
    fn find_self_naming(&self) -> HashSet<String> {
        let mut on_loop = HashSet::new();
        let Some(definitions) = self.named_schemas() else {
            return on_loop;
        };
        let mut done: HashSet<String> = HashSet::new();
        for start in definitions.keys() {
            // The chain walked from `start`, and where each of its schemas is in it.
            let mut chain: Vec<String> = Vec::new();
            let mut position: HashMap<String, usize> = HashMap::new();
            let mut current = Some(start.clone());
            while let Some(name) = current {
                if done.contains(&name) || !definitions.contains_key(&name) {
                    break;
                }
                if let Some(&first) = position.get(&name) {
                    on_loop.extend(chain[first..].iter().cloned());
                    break;
                }
                current = self.only_names(definitions, &name);
                position.insert(name.clone(), chain.len());
                chain.push(name);
            }
            done.extend(chain);
        }
        on_loop
    }

    /// Converts the schema at `ptr` into a type definition.
    pub fn convert(&mut self, schema: &Value, ptr: &str) -> Converted {
        self.convert_at(schema, ptr, 0)
    }

    fn convert_at(&mut self, schema: &Value, ptr: &str, depth: usize) -> Converted {
        let Some(map) = schema.as_object() else {
            if schema != &Value::Bool(true) {
                self.warnings
                    .push(ptr, "a schema must be an object; read as any value");
            }
            return Converted {
                def: type_def(named("any")),
                required_flag: false,
            };
        };
        if depth > MAX_DEPTH {
            self.warnings
                .push(ptr, "schema nested too deeply; read as any value");
            return Converted {
                def: type_def(named("any")),
                required_flag: false,
            };
        }
        let mut out = TypeBody::default();
        let required_flag = match field(map, "required") {
            Some(Value::Bool(flag)) => {
                self.warnings.push(
                    &format!("{ptr}/required"),
                    "`required` on a property must be a list in its parent; read as the parent's list",
                );
                *flag
            }
            _ => false,
        };
        if let Some(name) = self.ref_with_siblings(map) {
            // What sits beside a `$ref` to a definition (which Swagger 2.0 ignores and the
            // designer reads) rides along as written.
            out.type_name = Some(text(name));
            for (key, value) in map {
                if key != "$ref" && !(key == "required" && value.is_boolean()) {
                    keep(&mut out, key, value.clone());
                }
            }
            return Converted {
                def: type_def(out),
                required_flag,
            };
        }
        self.range_note = None;
        self.shape(map, ptr, depth, &mut out);
        if self.keep_misfits {
            keep_misfit_constraints(map, &mut out);
        }
        self.docs(map, ptr, &mut out);
        // `required: true` on a property is read as the parent's list; as written, it rides along.
        if let (true, Some(flag @ Value::Bool(_))) = (self.keep_misfits, field(map, "required")) {
            keep(&mut out, "required", flag.clone());
        }
        self.keep_composition(map, ptr, &mut out);
        if let Some(note) = self.range_note.take() {
            let described = match &out.description {
                Some(d) => format!("{} {note}", d.value.trim_end()),
                None => note,
            };
            out.description = Some(text(described));
        }
        Converted {
            def: type_def(out),
            required_flag,
        }
    }

    /// A union (or `allOf`, or `not`) is read as the nearest type; its shape rides along as
    /// written. `not` is warned about: it only validates values.
    fn keep_composition(&mut self, map: &Map<String, Value>, ptr: &str, out: &mut TypeBody) {
        if self.keep_misfits && is_composition(map) {
            let shape: Map<String, Value> = SHAPE_KEYWORDS
                .iter()
                .filter_map(|k| {
                    field(map, k).map(|v| ((*k).to_owned(), self.inline_composition(v)))
                })
                .collect();
            keep(out, OPENAPI_UNION, Value::Object(shape));
        }
        if has_field(map, "not") {
            let what = if self.keep_misfits {
                "`not` only validates values and has no spec equivalent; the OpenAPI document \
                 keeps it as written"
            } else {
                "`not` only validates values and has no spec equivalent; dropped"
            };
            self.warnings.push(&format!("{ptr}/not"), what);
        }
    }

    /// `type`/`fields`/`list`/`map`/`enum` and the type's constraints.
    fn shape(&mut self, map: &Map<String, Value>, ptr: &str, depth: usize, out: &mut TypeBody) {
        if let Some(reference) = field(map, "$ref").and_then(Value::as_str) {
            self.reference_shape(reference, ptr, depth, out);
            return;
        }
        if let Some(parts) = field(map, "allOf").and_then(Value::as_array) {
            let merged = self.merge_all_of(map, parts, ptr);
            if let Some(single) = merged {
                let converted = self.convert_at(&single, ptr, depth + 1);
                set_shape(out, converted.def);
                self.keep_all_of(map, parts, &single, out);
                return;
            }
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(parts) = field(map, key).and_then(Value::as_array) {
                let alternatives = Alternatives { key, parts };
                if self.alternatives_shape(map, alternatives, ptr, depth, out) {
                    return;
                }
            }
        }
        let ty = self.type_name(map, ptr, out);
        // An empty format, or one on a type without formats, rides along as written.
        if let Some(written) = field(map, "format").filter(|_| self.keep_misfits) {
            let scalar = matches!(
                ty.as_deref(),
                Some("string" | "integer" | "number" | "boolean" | "file")
            );
            if written.as_str() == Some("") || !written.is_string() || !scalar {
                keep(out, "format", written.clone());
            }
        }
        match ty.as_deref() {
            Some("object") => {
                self.object(map, ptr, depth, out);
                // Enum values of an object ride along as written: the spec types only
                // scalars' values.
                if let Some(values) = field(map, "enum").filter(|_| self.keep_misfits) {
                    keep(out, "enum", values.clone());
                }
                // So do items of an object, which is not a list.
                if let Some(items) = field(map, "items").filter(|_| self.keep_misfits) {
                    keep(out, "items", self.inline(items));
                }
            }
            Some("array") => self.list_shape(map, ptr, depth, out),
            Some(scalar @ ("string" | "integer" | "number" | "boolean" | "file")) => {
                self.scalar_shape(map, ptr, scalar, out);
            }
            Some("null") => {
                out.type_name = Some(text("any"));
                out.nullable = Some(true);
            }
            Some(other) => {
                self.warnings.push(
                    &format!("{ptr}/type"),
                    format!("unknown type `{other}`; read as any value"),
                );
                out.type_name = Some(text("any"));
            }
            None => out.type_name = Some(text("any")),
        }
    }

    /// The shape of a `$ref`: the object it names, or the schema it leads to read in place;
    /// any value when it leads nowhere.
    fn reference_shape(&mut self, reference: &str, ptr: &str, depth: usize, out: &mut TypeBody) {
        if let Some(name) = self.named(reference) {
            out.type_name = Some(text(name.as_str()));
            return;
        }
        match self.follow(reference) {
            Some(target) if depth < MAX_DEPTH => {
                let converted = self.convert_at(target, ptr, depth + 1);
                set_shape(out, converted.def);
            }
            _ => {
                self.warnings.push(
                    &format!("{ptr}/$ref"),
                    format!("`{reference}` cannot be resolved; read as any value"),
                );
                out.type_name = Some(text("any"));
                // As written, it rides along as the value's shape.
                if self.keep_misfits {
                    keep(out, OPENAPI_UNION, json!({ "$ref": reference }));
                }
            }
        }
    }

    /// The shape of a `oneOf` or `anyOf`, when the alternatives decide it (`true`); `false`
    /// when the schema's own `type` does, after a warning if alternatives are ignored.
    fn alternatives_shape(
        &mut self,
        map: &Map<String, Value>,
        alternatives: Alternatives,
        ptr: &str,
        depth: usize,
        out: &mut TypeBody,
    ) -> bool {
        let Alternatives { key, parts } = alternatives;
        let concrete: Vec<&Value> = parts
            .iter()
            .filter(|p| p.get("type").and_then(Value::as_str) != Some("null"))
            .collect();
        let converted = if concrete.len() == 1 && !has_field(map, "type") {
            Some(self.convert_at(concrete[0], &format!("{ptr}/{key}/0"), depth + 1))
        } else {
            self.merged_alternatives(map, key, &concrete, ptr)
                .map(|merged| self.convert_at(&merged, ptr, depth + 1))
        };
        if let Some(converted) = converted {
            set_shape(out, converted.def);
            if concrete.len() < parts.len() {
                out.nullable = Some(true);
            }
            return true;
        }
        if !has_field(map, "type") && !has_field(map, "properties") {
            self.warnings.push(
                &format!("{ptr}/{key}"),
                format!(
                    "`{key}` with several alternatives has no spec equivalent; read as any value"
                ),
            );
            out.type_name = Some(text("any"));
            return true;
        }
        // Beside a type, alternatives that only narrow it (a format, an enum) lose
        // nothing; others are read as the parent alone, which must be said.
        let parent = field(map, "type");
        let shaped = |p: &&Value| {
            ["properties", "items", "$ref", "allOf", "oneOf", "anyOf"]
                .iter()
                .any(|k| p.get(*k).is_some())
                || p.get("type").is_some_and(|t| Some(t) != parent)
        };
        if concrete.len() > 1 && concrete.iter().any(shaped) {
            self.warnings.push(
                &format!("{ptr}/{key}"),
                format!(
                    "`{key}` beside `type` with several alternatives has no spec \
                     equivalent; its {} alternatives are ignored",
                    concrete.len()
                ),
            );
        }
        false
    }

    /// Several alternatives read as one schema, with a warning: all of one scalar type, or all
    /// objects.
    fn merged_alternatives(
        &mut self,
        map: &Map<String, Value>,
        key: &str,
        concrete: &[&Value],
        ptr: &str,
    ) -> Option<Value> {
        // Alternatives that are all the same scalar type (Zoom's user id: any string, an
        // email, or `me`) are that type; what tells them apart is not kept.
        if let Some(scalar) = common_scalar(concrete).filter(|_| !has_field(map, "type")) {
            self.warnings.push(
                &format!("{ptr}/{key}"),
                format!(
                    "`{key}` of {} `{scalar}` alternatives read as one `{scalar}`",
                    concrete.len()
                ),
            );
            let mut single = Map::new();
            single.insert("type".into(), json!(scalar));
            return Some(Value::Object(single));
        }
        // Alternatives that are all objects (Zoom's settings, chosen by a parameter) are
        // read as one object: every property the parent or any alternative has, required
        // only when the parent or every alternative requires it.
        let merged = self.merge_alternatives(map, concrete, key)?;
        self.warnings.push(
            &format!("{ptr}/{key}"),
            format!(
                "`{key}` with several alternatives has no spec equivalent; read as one \
                 object with the properties of all {} (optional unless all require them)",
                concrete.len()
            ),
        );
        Some(merged)
    }

    /// The schema's type name: as written (the first of a list but `null`, which makes it
    /// nullable), or what its other keywords say it is.
    fn type_name(
        &mut self,
        map: &Map<String, Value>,
        ptr: &str,
        out: &mut TypeBody,
    ) -> Option<String> {
        let ty = match field(map, "type") {
            Some(Value::String(t)) => Some(t.clone()),
            Some(Value::Array(types)) => {
                let concrete: Vec<&str> = types
                    .iter()
                    .filter_map(Value::as_str)
                    .filter(|t| *t != "null")
                    .collect();
                if concrete.len() < types.len() {
                    out.nullable = Some(true);
                }
                concrete.first().map(|t| (*t).to_owned())
            }
            Some(other) => {
                self.warnings.push(
                    &format!("{ptr}/type"),
                    format!("`{other}` is not a type name; ignored"),
                );
                None
            }
            None => None,
        };
        if ty.is_none() && self.keep_misfits && !has_field(map, "type") {
            // What the value is comes from its other keywords; `type: null` among the
            // extensions says that no `type` was written.
            keep(out, "type", Value::Null);
        }
        ty.or_else(|| implied_type(map))
    }

    /// A list's item type and its counts.
    fn list_shape(
        &mut self,
        map: &Map<String, Value>,
        ptr: &str,
        depth: usize,
        out: &mut TypeBody,
    ) {
        let item = match field(map, "items") {
            Some(Value::Array(tuple)) if !tuple.is_empty() => {
                self.warnings.push(
                    &format!("{ptr}/items"),
                    "tuple `items` are not supported; the first item type is used",
                );
                self.convert_at(&tuple[0], &format!("{ptr}/items/0"), depth + 1)
                    .def
            }
            Some(items) => {
                self.convert_at(items, &format!("{ptr}/items"), depth + 1)
                    .def
            }
            None => {
                self.warnings
                    .push(ptr, "an array without `items`; items read as any value");
                type_def(named("any"))
            }
        };
        out.list = Some(item);
        out.min_items = self
            .count(map, "minItems", ptr)
            .map(Box::new)
            .or(out.min_items.take());
        out.max_items = self
            .count(map, "maxItems", ptr)
            .map(Box::new)
            .or(out.max_items.take());
    }

    /// A scalar's type name with its format, enum values and constraints.
    fn scalar_shape(
        &mut self,
        map: &Map<String, Value>,
        ptr: &str,
        scalar: &str,
        out: &mut TypeBody,
    ) {
        let written = field(map, "format")
            .and_then(Value::as_str)
            .filter(|f| !f.is_empty());
        let format = self.scalar_format(written, scalar, ptr);
        let name = match scalar_name(scalar, format) {
            ScalarName::WithFormat(base, format)
                if self.unlisted_formats != FormatPolicy::Keep && !is_platform_format(&format) =>
            {
                self.unlisted(base, format, ptr)
            }
            ScalarName::Dropped(base, format)
                if self.unlisted_formats == FormatPolicy::Map
                    && nearest_format(base, &format).1.is_some() =>
            {
                self.unlisted(base, format, ptr)
            }
            other => other,
        };
        self.write_scalar_name(name, scalar, ptr, out);
        // A file has no format of its own: one written rides along.
        if let (true, "file", Some(f)) = (self.keep_misfits, scalar, format) {
            keep(out, "format", Value::from(f));
        }
        // Items of a value that is not a list ride along as written.
        if let Some(items) = field(map, "items").filter(|_| self.keep_misfits) {
            keep(out, "items", self.inline(items));
        }
        self.enum_values(map, ptr, scalar, out);
        self.constraints(map, ptr, scalar, out);
    }

    /// The format a scalar is read with: repaired with `--fix`; otherwise as written, with a
    /// warning that says what `--fix` would do.
    fn scalar_format<'f>(
        &mut self,
        format: Option<&'f str>,
        scalar: &str,
        ptr: &str,
    ) -> Option<&'f str> {
        match format {
            Some(f) if self.repair_formats => match repair_format(scalar, f) {
                FormatRepair::Keep => Some(f),
                FormatRepair::Replace(to) => {
                    self.warnings.push(
                        &format!("{ptr}/format"),
                        format!("format `{f}` is a misspelling of `{to}`; read as `{to}`"),
                    );
                    Some(to)
                }
                FormatRepair::Drop(why) => {
                    self.warnings.push(
                        &format!("{ptr}/format"),
                        format!("format `{f}` {why}; dropped"),
                    );
                    None
                }
            },
            // A faithful import keeps the format as written and says what `--fix` does.
            Some(f) if self.keep_misfits => {
                let fix = match repair_format(scalar, f) {
                    FormatRepair::Keep => None,
                    FormatRepair::Replace(to) => {
                        Some(format!("is a misspelling of `{to}`; `--fix` reads it so"))
                    }
                    FormatRepair::Drop(why) => Some(format!("{why}; `--fix` drops it")),
                };
                if let Some(fix) = fix {
                    self.warnings
                        .push(&format!("{ptr}/format"), format!("format `{f}` {fix}"));
                }
                Some(f)
            }
            other => other,
        }
    }

    /// Writes a scalar's type name (and format) into `out`; a format that does not apply is
    /// kept as written or dropped, with a warning.
    fn write_scalar_name(&mut self, name: ScalarName, scalar: &str, ptr: &str, out: &mut TypeBody) {
        match name {
            ScalarName::Short(short) => out.type_name = Some(text(short)),
            ScalarName::WithFormat(base, format) => {
                out.type_name = Some(text(base));
                out.format = Some(text(format));
            }
            ScalarName::Dropped(base, format) if self.keep_misfits => {
                self.warnings.push(
                    &format!("{ptr}/format"),
                    format!("format `{format}` does not apply to `{scalar}`; kept as written"),
                );
                out.type_name = Some(text(base));
                keep(out, "format", Value::from(format));
            }
            ScalarName::Dropped(base, format) => {
                self.warnings.push(
                    &format!("{ptr}/format"),
                    format!("format `{format}` does not apply to `{scalar}`; dropped"),
                );
                out.type_name = Some(text(base));
            }
        }
    }

    /// The object name of a `$ref` to a definition with other keys beside it, when those are
    /// kept as written ([`Schemas::keep_misfits`]).
    fn ref_with_siblings(&self, map: &Map<String, Value>) -> Option<String> {
        if !self.keep_misfits || map.len() < 2 {
            return None;
        }
        let reference = field(map, "$ref").and_then(Value::as_str)?;
        self.named(reference).cloned()
    }

    /// A format the platform does not list: warned about, or mapped to the nearest listed one.
    fn unlisted(&mut self, base: &'static str, format: String, ptr: &str) -> ScalarName {
        let (nearest, range) = nearest_format(base, &format);
        let at = format!("{ptr}/format");
        if self.unlisted_formats == FormatPolicy::Warn {
            self.warnings.push(
                &at,
                format!(
                    "format `{format}` is not one the platform lists; kept (`--fix` reads it as `{nearest}`)"
                ),
            );
            return ScalarName::WithFormat(base, format);
        }
        let kept = match &range {
            Some(range) => format!(", the range {range} kept in the description"),
            None => String::new(),
        };
        self.warnings.push(
            &at,
            format!("format `{format}` is not one the platform lists; read as `{nearest}`{kept}"),
        );
        if let Some(range) = range {
            self.range_note = Some(format!("Values from {range} (`{format}`)."));
        }
        ScalarName::Short(nearest)
    }

    /// Keeps the composition `parts` merged into `single` as written, in a Swagger document
    /// whose values are kept ([`Schemas::keep_misfits`]) where the outer schema has no
    /// properties of its own: the Power Platform emitter writes it back in place of the merged
    /// shape while they agree.
    fn keep_all_of(
        &self,
        outer: &Map<String, Value>,
        parts: &[Value],
        single: &Value,
        out: &mut TypeBody,
    ) {
        // An OpenAPI document's composition rides along in its union shape (`OPENAPI_UNION`).
        let swagger = self.prefix == "#/definitions/";
        if !self.keep_misfits
            || !swagger
            || outer.contains_key("properties")
            || outer.contains_key("required")
        {
            return;
        }
        keep(out, "allOf", Value::Array(parts.to_vec()));
        if single.get("$ref").is_none() && !outer.contains_key("type") {
            keep(out, "type", Value::Null);
        }
    }

    /// Merges `allOf` parts into one schema; `None` when nothing could be merged.
    fn merge_all_of(
        &mut self,
        outer: &Map<String, Value>,
        parts: &[Value],
        ptr: &str,
    ) -> Option<Value> {
        // `allOf: [$ref]` with documentation beside it is a reference.
        if parts.len() == 1 && parts[0].get("$ref").is_some() && !outer.contains_key("properties") {
            let mut single = Map::new();
            single.insert("$ref".into(), parts[0]["$ref"].clone());
            return Some(Value::Object(single));
        }
        // A composition kept as written keeps its parts' documentation and `x-` keys in the
        // parts: an OpenAPI document's always rides along (`OPENAPI_UNION`), a Swagger one's
        // where the outer schema has no properties of its own (`keep_all_of`).
        let openapi = self.prefix != "#/definitions/";
        let kept = self.keep_misfits
            && (openapi || (!outer.contains_key("properties") && !outer.contains_key("required")));
        let mut merged = Map::new();
        let mut properties = Map::new();
        let mut required: Vec<Value> = Vec::new();
        let mut absorb = |schema: &Map<String, Value>,
                          merged: &mut Map<String, Value>,
                          part: bool| {
            if let Some(Value::Object(props)) = schema.get("properties") {
                for (k, v) in props {
                    properties.insert(k.clone(), v.clone());
                }
            }
            if let Some(Value::Array(req)) = schema.get("required") {
                for r in req {
                    if !required.contains(r) {
                        required.push(r.clone());
                    }
                }
            }
            for (k, v) in schema {
                let structure = matches!(k.as_str(), "properties" | "required" | "allOf" | "$ref");
                let left_in_part = part && kept && (untyped_in_merge(k) || k.starts_with("x-"));
                if !structure && !left_in_part {
                    merged.entry(k.clone()).or_insert_with(|| v.clone());
                }
            }
        };
        for (index, part) in parts.iter().enumerate() {
            let resolved = self.flatten_part(part, 0);
            match resolved.as_object() {
                Some(obj) => absorb(obj, &mut merged, true),
                None => self.warnings.push(
                    &format!("{ptr}/allOf/{index}"),
                    "an `allOf` part is not a schema; skipped",
                ),
            }
        }
        let mut outer_rest = outer.clone();
        outer_rest.remove("allOf");
        absorb(&outer_rest, &mut merged, false);
        if !properties.is_empty() {
            merged.insert("properties".into(), Value::Object(properties));
            merged.entry("type".to_owned()).or_insert(json!("object"));
        }
        if !required.is_empty() {
            merged.insert("required".into(), Value::Array(required));
        }
        Some(Value::Object(merged))
    }

    /// `outer` with the alternatives of its `key` (`oneOf`/`anyOf`) merged in, when the outer
    /// schema is an object (or untyped) and every alternative is an object: the union of the
    /// properties (the first definition of a name wins), and as required the outer schema's
    /// requirements plus those every alternative shares. `None` otherwise.
    fn merge_alternatives(
        &mut self,
        outer: &Map<String, Value>,
        alternatives: &[&Value],
        key: &str,
    ) -> Option<Value> {
        if outer
            .get("type")
            .is_some_and(|t| t.as_str() != Some("object"))
            || alternatives.len() < 2
        {
            return None;
        }
        let mut shapes = Vec::new();
        for alternative in alternatives {
            let flat = self.flatten_part(alternative, 0);
            let object = flat.as_object()?;
            let is_object = object.get("type").and_then(Value::as_str) == Some("object")
                || object.get("properties").is_some_and(Value::is_object);
            if !is_object || object.contains_key("oneOf") || object.contains_key("anyOf") {
                return None;
            }
            shapes.push(object.clone());
        }
        let names = |schema: &Map<String, Value>| -> Vec<Value> {
            schema
                .get("required")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default()
        };
        let mut merged = outer.clone();
        merged.remove(key);
        merged.insert("type".into(), json!("object"));
        let mut properties = outer
            .get("properties")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        for shape in &shapes {
            if let Some(Value::Object(props)) = shape.get("properties") {
                for (name, schema) in props {
                    properties
                        .entry(name.clone())
                        .or_insert_with(|| schema.clone());
                }
            }
        }
        let mut required = names(outer);
        for name in names(&shapes[0]) {
            if shapes[1..].iter().all(|s| names(s).contains(&name)) && !required.contains(&name) {
                required.push(name);
            }
        }
        merged.insert("properties".into(), Value::Object(properties));
        if required.is_empty() {
            merged.remove("required");
        } else {
            merged.insert("required".into(), Value::Array(required));
        }
        Some(Value::Object(merged))
    }

    /// An `allOf` part with its own `$ref`s and `allOf`s resolved.
    fn flatten_part(&mut self, part: &Value, depth: usize) -> Value {
        let reference = part.get("$ref").and_then(Value::as_str);
        if let Some(done) = reference.and_then(|r| self.flattened.get(r)) {
            return done.clone();
        }
        if depth > MAX_ALL_OF_DEPTH {
            let at = reference.map_or("#", |r| r.trim_start_matches('#'));
            self.warnings.push(
                at,
                format!(
                    "`allOf` parts nested more than {MAX_ALL_OF_DEPTH} deep (or in a cycle) are \
                     not merged: the fields below are missing from the spec's object"
                ),
            );
            return json!({});
        }
        let merged = self.merge_part(part, depth);
        if let Some(reference) = reference {
            self.flattened.insert(reference.to_owned(), merged.clone());
        }
        merged
    }

    /// [`Schemas::flatten_part`] without the memory of parts merged before.
    fn merge_part(&mut self, part: &Value, depth: usize) -> Value {
        let resolved = self.resolve(part);
        match resolved.get("allOf").and_then(Value::as_array) {
            Some(parts) => {
                let mut merged = Map::new();
                let mut props = Map::new();
                let mut required = Vec::new();
                for p in parts {
                    let flat = self.flatten_part(p, depth + 1);
                    if let Some(obj) = flat.as_object() {
                        if let Some(Value::Object(pp)) = obj.get("properties") {
                            props.extend(pp.clone());
                        }
                        if let Some(Value::Array(r)) = obj.get("required") {
                            required.extend(r.clone());
                        }
                        for (k, v) in obj {
                            if k != "properties" && k != "required" {
                                merged.entry(k.clone()).or_insert_with(|| v.clone());
                            }
                        }
                    }
                }
                if let Some(obj) = resolved.as_object() {
                    for (k, v) in obj {
                        match k.as_str() {
                            "allOf" => {}
                            "properties" => {
                                if let Value::Object(pp) = v {
                                    props.extend(pp.clone());
                                }
                            }
                            "required" => {
                                if let Value::Array(r) = v {
                                    required.extend(r.clone());
                                }
                            }
                            _ => {
                                merged.insert(k.clone(), v.clone());
                            }
                        }
                    }
                }
                if !props.is_empty() {
                    merged.insert("properties".into(), Value::Object(props));
                }
                if !required.is_empty() {
                    merged.insert("required".into(), Value::Array(required));
                }
                Value::Object(merged)
            }
            None => resolved.clone(),
        }
    }

    fn object(&mut self, map: &Map<String, Value>, ptr: &str, depth: usize, out: &mut TypeBody) {
        let properties = field(map, "properties").and_then(Value::as_object);
        let required: Vec<String> = match field(map, "required") {
            Some(Value::Array(list)) => list
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
            _ => Vec::new(),
        };
        match properties {
            Some(props) if !props.is_empty() => {
                let mut fields = NamedMap::default();
                // One buffer for the properties' pointers, cut back for each.
                let mut at = format!("{ptr}/properties");
                let base = at.len();
                for (name, prop) in props {
                    at.truncate(base);
                    push_segment(&mut at, name);
                    if name.is_empty() {
                        self.warnings
                            .push(&at, "a property without a name; dropped");
                        continue;
                    }
                    let mut converted = self.convert_at(prop, &at, depth + 1);
                    if required.contains(name) || converted.required_flag {
                        converted.def.body.required = Some(Spanned::unlocated(true));
                    }
                    fields.push(text(name.as_str()), converted.def);
                }
                for name in &required {
                    if !props.contains_key(name) {
                        self.warnings.push(
                            &format!("{ptr}/required"),
                            format!("`{name}` is required but not a property; ignored"),
                        );
                    }
                }
                out.fields = Some(fields);
                // Extra keys of a declared type beside the fields (`{}` allows any, as absence does).
                if let Some(extra @ Value::Object(schema)) = field(map, "additionalProperties") {
                    if !schema.is_empty() {
                        let at = format!("{ptr}/additionalProperties");
                        out.map = Some(self.convert_at(extra, &at, depth + 1).def);
                    }
                }
            }
            _ => match field(map, "additionalProperties") {
                Some(extra @ Value::Object(_)) => {
                    let at = format!("{ptr}/additionalProperties");
                    out.map = Some(self.convert_at(extra, &at, depth + 1).def);
                }
                _ => out.type_name = Some(text("object")),
            },
        }
    }

    fn enum_values(
        &mut self,
        map: &Map<String, Value>,
        ptr: &str,
        scalar: &str,
        out: &mut TypeBody,
    ) {
        let Some(values) = field(map, "enum") else {
            return;
        };
        let Some(values) = values.as_array() else {
            self.warnings
                .push(&format!("{ptr}/enum"), "`enum` is not a list; ignored");
            return;
        };
        if self.keep_misfits && !enum_fits(values, scalar) {
            self.warnings.push(
                &format!("{ptr}/enum"),
                format!("the enum's values are not all distinct values of type `{scalar}`; kept as written"),
            );
            keep(out, "enum", Value::Array(values.clone()));
            return;
        }
        let kept = self.kept_enum_values(values, ptr, scalar);
        if kept.is_empty() || scalar == "file" {
            return;
        }
        // Labels the emitter would not write back exactly as they are (another order, other
        // keys, values that are not strings) ride along as written instead.
        if let Some(written) = field(map, "x-ms-enum-values").filter(|_| self.keep_misfits) {
            if !labels_as_derived(written, &kept) {
                keep(out, "x-ms-enum-values", written.clone());
                out.enum_values = Some(enum_of(kept, |_| None));
                return;
            }
        }
        let labels = enum_labels(map);
        let label_of = |value: &Value| labels.get(&enum_key(value)).cloned();
        // Labelled values are written as a mapping of value to label, which takes text values.
        let labelled = !labels.is_empty()
            && kept.iter().all(|v| label_of(v).is_some())
            && kept.iter().all(Value::is_string);
        out.enum_values = Some(if labelled {
            enum_of(kept, label_of)
        } else {
            enum_of(kept, |_| None)
        });
    }

    /// The enum's values that are values of `scalar`, each once; numbers and booleans of a text
    /// enum read as text. What is dropped or changed is warned about at its index.
    fn kept_enum_values(&mut self, values: &[Value], ptr: &str, scalar: &str) -> Vec<Value> {
        let mut kept: Vec<Value> = Vec::new();
        let mut listed = codegen::fast_hash::set_with_capacity(values.len());
        for (index, value) in values.iter().enumerate() {
            let fixed = match (scalar, value) {
                (_, Value::Null) => None,
                ("string", Value::String(_)) => Some(value.clone()),
                ("string", Value::Number(_) | Value::Bool(_)) => {
                    Some(Value::from(value.to_string()))
                }
                ("integer", Value::Number(n)) if n.is_i64() || n.is_u64() => Some(value.clone()),
                ("number", Value::Number(_)) => Some(value.clone()),
                ("boolean", Value::Bool(_)) => Some(value.clone()),
                _ => None,
            };
            match fixed {
                Some(v) if !listed.insert(enum_key(&v)) => self.warnings.push(
                    &format!("{ptr}/enum/{index}"),
                    format!("enum value {value} is listed twice; kept once"),
                ),
                Some(v) => {
                    if &v != value {
                        self.warnings.push(
                            &format!("{ptr}/enum/{index}"),
                            format!("enum value {value} is not a {scalar}; read as text"),
                        );
                    }
                    kept.push(v)
                }
                None if value.is_null() => {}
                None => self.warnings.push(
                    &format!("{ptr}/enum/{index}"),
                    format!("enum value {value} is not a {scalar}; dropped"),
                ),
            }
        }
        kept
    }

    fn constraints(
        &mut self,
        map: &Map<String, Value>,
        ptr: &str,
        scalar: &str,
        out: &mut TypeBody,
    ) {
        if scalar == "string" {
            if let Some(pattern) = field(map, "pattern").and_then(Value::as_str) {
                out.pattern = Some(Box::new(text(pattern)));
            }
            out.min_length = self
                .count(map, "minLength", ptr)
                .map(Box::new)
                .or(out.min_length.take());
            out.max_length = self
                .count(map, "maxLength", ptr)
                .map(Box::new)
                .or(out.max_length.take());
        }
        if matches!(scalar, "integer" | "number") {
            out.minimum = self
                .bound(map, "minimum", ptr)
                .map(Box::new)
                .or(out.minimum.take());
            out.maximum = self
                .bound(map, "maximum", ptr)
                .map(Box::new)
                .or(out.maximum.take());
        }
    }

    /// The number `key` says, as written: `90` and `90.0` stay apart.
    fn bound(
        &mut self,
        map: &Map<String, Value>,
        key: &str,
        ptr: &str,
    ) -> Option<Spanned<serde_json::Number>> {
        match field(map, key)? {
            Value::Number(n) => Some(Spanned::unlocated(n.clone())),
            other => {
                self.warnings.push(
                    &format!("{ptr}/{key}"),
                    format!("`{key}` must be a number, not {other}; dropped"),
                );
                None
            }
        }
    }

    /// The whole number `key` says (a count or a length).
    fn count(&mut self, map: &Map<String, Value>, key: &str, ptr: &str) -> Option<Spanned<u64>> {
        match field(map, key)? {
            Value::Number(n) if n.as_u64().is_some() => n.as_u64().map(Spanned::unlocated),
            other => {
                self.warnings.push(
                    &format!("{ptr}/{key}"),
                    format!("`{key}` must be a whole number, not {other}; dropped"),
                );
                None
            }
        }
    }

    /// Documentation and designer keywords shared by schemas and parameters.
    pub fn docs(&mut self, map: &Map<String, Value>, ptr: &str, out: &mut TypeBody) {
        self.summary_and_description(map, ptr, out);
        let nullable = field(map, "x-nullable").or_else(|| field(map, "nullable"));
        if nullable == Some(&Value::Bool(true)) {
            out.nullable = Some(true);
        }
        // `false` says what absence says, but it was written: it rides along.
        if let Some(written @ Value::Bool(false)) = field(map, "x-nullable") {
            keep(out, "x-nullable", written.clone());
        }
        if field(map, "readOnly") == Some(&Value::Bool(true)) {
            out.read_only = Some(true);
        }
        if field(map, "deprecated") == Some(&Value::Bool(true)) {
            out.deprecated = Some(true);
        }
        if let Some(default) = field(map, "default") {
            match self.default_value(default, out, &format!("{ptr}/default")) {
                Some(fixed) if !self.keep_misfits || &fixed == default => {
                    out.default = Some(Box::new(Spanned::unlocated(fixed)));
                }
                _ if self.keep_misfits => keep(out, "default", default.clone()),
                _ => {}
            }
        }
        // A `null` example reads as none.
        if let Some(example) = field(map, "example") {
            out.example = Some(example)
                .filter(|e| !e.is_null())
                .map(|e| Box::new(e.clone()));
        }
        if let Some(v) = field(map, "x-ms-visibility") {
            self.visibility(v, ptr, out);
        }
        self.dynamic(map, ptr, out);
        self.keep_unmodelled_keys(map, out);
    }

    /// `x-ms-dynamic-values` and `x-ms-dynamic-schema` as the spec's `dynamic` and
    /// `dynamic_schema`; a form the spec cannot say rides along as written.
    fn dynamic(&mut self, map: &Map<String, Value>, ptr: &str, out: &mut TypeBody) {
        if let Some(dynamic) = field(map, "x-ms-dynamic-values") {
            match self.dynamic_values(dynamic, &format!("{ptr}/x-ms-dynamic-values")) {
                Some(d) => out.dynamic = Some(Box::new(d)),
                None => keep(out, "x-ms-dynamic-values", dynamic.clone()),
            }
        }
        if let Some(dynamic) = field(map, "x-ms-dynamic-schema") {
            match self.dynamic_schema(dynamic, &format!("{ptr}/x-ms-dynamic-schema")) {
                Some(d) => out.dynamic_schema = Some(Box::new(d)),
                None => keep(out, "x-ms-dynamic-schema", dynamic.clone()),
            }
        }
    }

    /// The label (`x-ms-summary`, or its misspelling) and description; a blank one, written,
    /// rides along.
    fn summary_and_description(&mut self, map: &Map<String, Value>, ptr: &str, out: &mut TypeBody) {
        // A faithful import keeps the misspelt key as written (the platform does not read it).
        let misspelt = (!self.keep_misfits)
            .then(|| field(map, "x-ms-summmary"))
            .flatten();
        let summary = field(map, "x-ms-summary")
            .or(misspelt)
            .and_then(Value::as_str);
        if has_field(map, "x-ms-summmary") {
            let what = if self.keep_misfits {
                "misspelt `x-ms-summary`; kept as written"
            } else {
                "misspelt `x-ms-summary`; read as such"
            };
            self.warnings.push(&format!("{ptr}/x-ms-summmary"), what);
        }
        if let Some(summary) = summary.filter(|s| !s.trim().is_empty()) {
            out.summary = Some(text(summary));
        } else if let Some(blank) = field(map, "x-ms-summary").filter(|_| self.keep_misfits) {
            // A blank label says nothing, but it was written: it rides along.
            keep(out, "x-ms-summary", blank.clone());
        }
        if let Some(d) = field(map, "description")
            .and_then(Value::as_str)
            .filter(|s| !s.trim().is_empty())
        {
            out.description = Some(text(d));
        } else if let Some(blank) = field(map, "description").filter(|_| self.keep_misfits) {
            // A blank description says nothing, but it was written: it rides along.
            keep(out, "description", blank.clone());
        }
    }

    /// `x-ms-visibility` `v` as the spec's `visibility`; another word is kept as written or
    /// dropped, with a warning.
    fn visibility(&mut self, v: &Value, ptr: &str, out: &mut TypeBody) {
        let word = v.as_str().map(str::to_ascii_lowercase);
        let typed = match word.as_deref() {
            Some("important") => Some(Visibility::Important),
            Some("advanced") => Some(Visibility::Advanced),
            Some("internal") => Some(Visibility::Internal),
            _ => None,
        };
        match word.as_deref() {
            Some(word) if typed.is_some() => {
                out.visibility = typed.map(Spanned::unlocated);
                // Another spelling (`Advanced`) says the same and rides along.
                if self.keep_misfits && v.as_str() != Some(word) {
                    keep(out, "x-ms-visibility", v.clone());
                }
            }
            // `none` and a blank say what absence says, but they were written.
            Some("none") | Some("") if self.keep_misfits => {
                keep(out, "x-ms-visibility", v.clone());
            }
            Some("none") | Some("") => {}
            _ if self.keep_misfits => {
                self.warnings.push(
                    &format!("{ptr}/x-ms-visibility"),
                    format!(
                        "visibility {v} is not important, advanced or internal; kept as written"
                    ),
                );
                keep(out, "x-ms-visibility", v.clone());
            }
            _ => self.warnings.push(
                &format!("{ptr}/x-ms-visibility"),
                format!("visibility {v} is not important, advanced or internal; dropped"),
            ),
        }
    }

    /// The keys the spec has no typed place for ride along as written: unread `x-` keys and
    /// schema keywords that do not fit where they are written.
    fn keep_unmodelled_keys(&mut self, map: &Map<String, Value>, out: &mut TypeBody) {
        let labelled = out
            .enum_values
            .as_ref()
            .is_some_and(|e| e.values.iter().any(|v| v.label.is_some()));
        for (key, value) in map {
            let handled = matches!(
                key.as_str(),
                "x-ms-summary"
                    | "x-ms-visibility"
                    | "x-ms-dynamic-values"
                    | "x-ms-dynamic-schema"
                    | "x-ms-enum-values"
                    | "x-nullable"
            ) || (key == "x-ms-url-encoding" && !self.keep_misfits)
                // Read as the enum's labels; a faithful import also keeps the key as written.
                || (matches!(key.as_str(), "x-enum-descriptions" | "x-enumDescriptions")
                    && labelled
                    && !self.keep_misfits);
            let kept = kept_keyword(key, value, map, self.keep_misfits);
            // Required names that are not among the properties have no typed place either.
            if let (true, "required", Some(Value::Array(names)), Some(Value::Object(props))) = (
                self.keep_misfits,
                key.as_str(),
                Some(value),
                field(map, "properties"),
            ) {
                let strays: Vec<Value> = names
                    .iter()
                    .filter(|n| n.as_str().is_some_and(|n| !props.contains_key(n)))
                    .cloned()
                    .collect();
                if !strays.is_empty() {
                    keep(out, key, Value::Array(strays));
                }
            }
            let misspelt_read = key == "x-ms-summmary" && !self.keep_misfits;
            if (key.starts_with("x-") && !handled && !misspelt_read) || kept {
                keep(out, key, self.renamed_refs(value));
            }
        }
    }

    /// A default value that fits the definition's type, repaired when it can be.
    fn default_value(&mut self, default: &Value, def: &TypeBody, ptr: &str) -> Option<Value> {
        if default.is_null() {
            return None;
        }
        let ty = def.type_name.as_ref().map_or("", |t| t.value.as_str());
        let kind = match ty {
            "integer" | "int32" | "int64" => "integer",
            "number" | "float" | "double" => "number",
            "boolean" => "boolean",
            "any" | "object" => return Some(default.clone()),
            _ if def.fields.is_some() || def.map.is_some() => return Some(default.clone()),
            _ if def.list.is_some() => {
                return default.is_array().then(|| default.clone());
            }
            _ => "string",
        };
        let fixed = default_of_kind(kind, default);
        match &fixed {
            _ if self.keep_misfits && fixed.as_ref() != Some(default) => {
                self.warnings.push(
                    ptr,
                    format!("default {default} is not a {kind}; kept as written"),
                );
                return None;
            }
            Some(v) if v != default => self.warnings.push(
                ptr,
                format!("default {default} is not a {kind}; read as {v}"),
            ),
            None => self
                .warnings
                .push(ptr, format!("default {default} is not a {kind}; dropped")),
            _ => {}
        }
        let fixed = fixed?;
        if let Some(values) = &def.enum_values {
            // A mapping of labels holds its values as text.
            let labelled = values.values.iter().any(|v| v.label.is_some());
            let allowed = values.values.iter().any(|v| {
                if labelled {
                    key_text(&v.value.value) == key_text(&fixed)
                } else {
                    v.value.value == fixed
                }
            });
            if !allowed {
                self.warnings.push(
                    ptr,
                    format!("default {fixed} is not one of the enum's values; dropped"),
                );
                return None;
            }
        }
        Some(fixed)
    }

    fn dynamic_values(&mut self, d: &Value, ptr: &str) -> Option<DynamicValues> {
        let operation = d.get("operationId").and_then(Value::as_str)?;
        if !self.operations.contains(operation) {
            self.warnings.push(
                ptr,
                format!("dynamic values come from `{operation}`, which is not an operation of this connector; kept as an extension"),
            );
            return None;
        }
        let value = d.get("value-path").and_then(Value::as_str)?;
        let items = d
            .get("value-collection")
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty());
        let label = d.get("value-title").and_then(Value::as_str);
        let params = dynamic_params(d.get("parameters"))?;
        for key in d.as_object()?.keys() {
            if !matches!(
                key.as_str(),
                "operationId" | "value-path" | "value-collection" | "value-title" | "parameters"
            ) {
                return None;
            }
        }
        Some(DynamicValues {
            action: text(operation),
            items: items.map(text),
            value: text(value),
            label: label.map(text),
            params,
        })
    }

    fn dynamic_schema(&mut self, d: &Value, ptr: &str) -> Option<DynamicSchema> {
        let operation = d.get("operationId").and_then(Value::as_str)?;
        if !self.operations.contains(operation) {
            self.warnings.push(
                ptr,
                format!("the dynamic schema comes from `{operation}`, which is not an operation of this connector; kept as an extension"),
            );
            return None;
        }
        let path = d
            .get("value-path")
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty());
        let params = dynamic_params(d.get("parameters"))?;
        for key in d.as_object()?.keys() {
            if !matches!(key.as_str(), "operationId" | "value-path" | "parameters") {
                return None;
            }
        }
        Some(DynamicSchema {
            action: text(operation),
            path: path.map(text),
            params,
            form: None,
        })
    }
}

/// `default` as a value of `kind` (`string`, `integer`, `number` or `boolean`): as written when
/// it is one, read from its text when it says one, `None` otherwise.
fn default_of_kind(kind: &str, default: &Value) -> Option<Value> {
    match (kind, default) {
        ("string", Value::String(_)) => Some(default.clone()),
        ("string", Value::Bool(_) | Value::Number(_)) => Some(Value::from(default.to_string())),
        ("integer", Value::Number(n)) if n.is_i64() || n.is_u64() => Some(default.clone()),
        ("integer", Value::String(s)) => s.trim().parse::<i64>().ok().map(Value::from),
        ("number", Value::Number(_)) => Some(default.clone()),
        ("number", Value::String(s)) => s.trim().parse::<f64>().ok().map(Value::from),
        ("boolean", Value::Bool(_)) => Some(default.clone()),
        ("boolean", Value::String(s)) => match s.trim().to_ascii_lowercase().as_str() {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            _ => None,
        },
        _ => None,
    }
}

/// `{name: {parameter: other}}` → `{name: "{other}"}`, `{value: v}` and bare values kept;
/// `None` when a form has no spec equivalent.
fn dynamic_params(params: Option<&Value>) -> Option<NamedMap<Spanned<Value>>> {
    let mut out = NamedMap::default();
    let Some(params) = params else {
        return Some(out);
    };
    for (name, arg) in params.as_object()? {
        let value = match arg {
            Value::Object(obj) => {
                if let Some(p) = obj.get("parameter").and_then(Value::as_str) {
                    if obj.len() > 1 {
                        return None;
                    }
                    Value::from(format!("{{{p}}}"))
                } else if let Some(v) = obj.get("value") {
                    if obj.len() > 1 {
                        return None;
                    }
                    if v.as_str()
                        .is_some_and(|s| s.starts_with('{') && s.ends_with('}'))
                    {
                        return None;
                    }
                    v.clone()
                } else {
                    return None;
                }
            }
            // A bare value (`"api": "constituent"`) means `{value: …}`, but it is written the
            // short way: only the extension kept as written says so.
            _ => return None,
        };
        out.push(text(name.as_str()), Spanned::unlocated(value));
    }
    Some(out)
}

/// Labels by value (see [`enum_key`]) from `x-enum-descriptions` or `x-ms-enum-values`; the
/// first label a value is given wins.
fn enum_labels(map: &Map<String, Value>) -> codegen::fast_hash::Map<String, String> {
    let mut out = codegen::fast_hash::Map::default();
    // `x-enum-descriptions` (and `x-enumDescriptions`): one label per value, in order.
    let values = field(map, "enum").and_then(Value::as_array);
    for key in ["x-enum-descriptions", "x-enumDescriptions"] {
        if let (Some(values), Some(Value::Array(labels))) = (values, field(map, key)) {
            if labels.len() == values.len() && labels.iter().all(Value::is_string) {
                for (v, l) in values.iter().zip(labels) {
                    let label = l.as_str().unwrap_or_default();
                    out.entry(enum_key(v)).or_insert_with(|| label.to_owned());
                }
            }
        }
    }
    if let Some(Value::Array(list)) = field(map, "x-ms-enum-values") {
        for entry in list {
            if let (Some(v), Some(label)) = (
                entry.get("value"),
                entry.get("displayName").and_then(Value::as_str),
            ) {
                out.entry(enum_key(v)).or_insert_with(|| label.to_owned());
            }
        }
    }
    out
}

/// Whether `written` (`x-ms-enum-values`) is what the emitter derives from labelled `values`:
/// one `{value, displayName}` per value, in their order, all strings.
fn labels_as_derived(written: &Value, values: &[Value]) -> bool {
    let Some(entries) = written.as_array() else {
        return false;
    };
    entries.len() == values.len()
        && entries.iter().zip(values).all(|(entry, value)| {
            let Some(entry) = entry.as_object() else {
                return false;
            };
            entry.len() == 2
                && value.is_string()
                && entry.get("value") == Some(value)
                && entry.get("displayName").is_some_and(Value::is_string)
        })
}

/// Whether `values` are distinct values of `scalar`, each as an enum of it holds them.
fn enum_fits(values: &[Value], scalar: &str) -> bool {
    let fits = |v: &Value| match (scalar, v) {
        ("string", Value::String(_)) | ("boolean", Value::Bool(_)) => true,
        ("integer", Value::Number(n)) => n.is_i64() || n.is_u64(),
        ("number", Value::Number(_)) => true,
        _ => false,
    };
    let mut listed = codegen::fast_hash::set_with_capacity(values.len());
    values.iter().all(|v| fits(v) && listed.insert(enum_key(v)))
}

/// What tells two enum values apart: their JSON text, as the checker compares them (the values
/// an enum holds are text, numbers and booleans, whose text is one per value).
fn enum_key(value: &Value) -> String {
    value.to_string()
}

/// Validation keywords the definition has no typed place for (a `minimum` on a string, a
/// `maxLength` on a number), kept as written among its extensions.
fn keep_misfit_constraints(map: &Map<String, Value>, out: &mut TypeBody) {
    for (key, typed) in [
        ("minimum", out.minimum.is_some()),
        ("maximum", out.maximum.is_some()),
        ("minLength", out.min_length.is_some()),
        ("maxLength", out.max_length.is_some()),
        ("pattern", out.pattern.is_some()),
        ("minItems", out.min_items.is_some()),
        ("maxItems", out.max_items.is_some()),
    ] {
        if let Some(value) = field(map, key).filter(|_| !typed) {
            keep(out, key, value.clone());
        }
    }
}

/// A definition's shape, from the schema its `$ref`, `allOf` or one alternative leads to: it is
/// the first thing written into the definition, which the keys beside it then add to.
fn set_shape(out: &mut TypeBody, shape: TypeDef) {
    debug_assert!(*out == TypeBody::default(), "a shape is set first");
    *out = *shape.body;
}

/// Keeps `value` as written among the definition's extensions, under `key`.
fn keep(out: &mut TypeBody, key: &str, value: Value) {
    out.extensions.insert(key.to_owned(), value);
}

/// A definition that is only a type name.
fn named(name: &str) -> TypeBody {
    TypeBody {
        type_name: Some(text(name)),
        ..TypeBody::default()
    }
}

/// Enum values with the labels `label_of` gives them.
fn enum_of(values: Vec<Value>, label_of: impl Fn(&Value) -> Option<String>) -> EnumValues {
    EnumValues {
        values: values
            .into_iter()
            .map(|value| EnumValue {
                label: label_of(&value),
                value: Spanned::unlocated(value),
            })
            .collect(),
        span: Span::UNKNOWN,
    }
}

/// The text form of an enum value used as a mapping key.
fn key_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Words and keywords an `allOf` merged into one shape has no typed place for.
fn untyped_in_merge(key: &str) -> bool {
    matches!(
        key,
        "description"
            | "title"
            | "x-ms-summary"
            | "example"
            | "externalDocs"
            | "xml"
            | "discriminator"
            | "uniqueItems"
            | "multipleOf"
            | "exclusiveMinimum"
            | "exclusiveMaximum"
            | "minProperties"
            | "maxProperties"
    )
}

/// Whether a schema keyword with no place in the spec language rides along as written;
/// keywords with a typed place are kept only where they do not fit it.
fn kept_keyword(key: &str, value: &Value, map: &Map<String, Value>, keep_misfits: bool) -> bool {
    match key {
        "readOnly" => value == &Value::Bool(false),
        // A schema of extra keys where the type is not an object has no typed place.
        "additionalProperties" => {
            value == &Value::Bool(false)
                || (value.as_object().is_some_and(|o| !o.is_empty())
                    && map
                        .get("type")
                        .and_then(Value::as_str)
                        .is_some_and(|t| t != "object"))
        }
        // A `required` list where there are no properties to require (beside `items`,
        // on a free-form object) has no typed place.
        "required" => keep_misfits && value.is_array() && !has_field(map, "properties"),
        // (`type` is kept only as a `null` saying none was written, by `shape`.)
        "type" => false,
        // Kept by `keep_all_of`, where the composition can be written back.
        "allOf" => false,
        other => KEPT_KEYWORDS.contains(&other),
    }
}

/// A schema's `oneOf` or `anyOf`: the keyword and its alternatives.
struct Alternatives<'v> {
    /// `oneOf` or `anyOf`.
    key: &'static str,
    /// The alternatives as written.
    parts: &'v [Value],
}

/// What a schema without a `type` is, as its other keywords say: properties make an object,
/// items a list, a format or the first enum value its scalar.
fn implied_type(map: &Map<String, Value>) -> Option<String> {
    if has_field(map, "properties") {
        Some("object".into())
    } else if has_field(map, "items") {
        Some("array".into())
    } else if let Some(base) = map
        .get("format")
        .and_then(Value::as_str)
        .and_then(type_of_format)
    {
        // A format says what the value is when the type is left out.
        Some(base.to_owned())
    } else if let Some(values) = field(map, "enum").and_then(Value::as_array) {
        values.iter().find(|v| !v.is_null()).map(|v| {
            match v {
                Value::Bool(_) => "boolean",
                Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
                Value::Number(_) => "number",
                _ => "string",
            }
            .to_owned()
        })
    } else {
        None
    }
}

/// What to do with a format a document wrote.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum FormatRepair {
    /// A format, known or not; kept as written.
    Keep,
    /// A misspelling of a known format.
    Replace(&'static str),
    /// Not a format at all; the reason.
    Drop(&'static str),
}

/// Recognises formats that are misspellings of well-known ones (`datetime` → `date-time`,
/// `url` → `uri`), that repeat the type (`string` on a string) or that are prose (`Hex color
/// code`). Other unknown formats are kept: they may mean something to someone.
pub(crate) fn repair_format(ty: &str, format: &str) -> FormatRepair {
    let squashed: String = format
        .chars()
        .filter(|c| !matches!(c, '-' | '_' | ' '))
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if squashed == ty {
        return FormatRepair::Drop("repeats the type");
    }
    if format.chars().any(char::is_whitespace) {
        return FormatRepair::Drop("is a description, not a format");
    }
    if ty != "string" {
        return FormatRepair::Keep;
    }
    let known = match squashed.as_str() {
        "datetime" => "date-time",
        "url" | "uri" => "uri",
        "email" | "mail" => "email",
        "uuid" | "guid" => "uuid",
        _ => return FormatRepair::Keep,
    };
    if format == known {
        FormatRepair::Keep
    } else {
        FormatRepair::Replace(known)
    }
}

/// The nearest type the platform lists for an unlisted format, and the range the format
/// promised when the nearest type is wider.
fn nearest_format(base: &str, format: &str) -> (&'static str, Option<&'static str>) {
    match (base, format.to_ascii_lowercase().as_str()) {
        ("integer", "int8") => ("int32", Some("-128 to 127")),
        ("integer", "int16") => ("int32", Some("-32768 to 32767")),
        ("integer", "uint8") => ("int32", Some("0 to 255")),
        ("integer", "uint16") => ("int32", Some("0 to 65535")),
        ("integer", "uint32") => ("int64", Some("0 to 4294967295")),
        ("integer", "uint64") => ("int64", Some("0 to 18446744073709551615")),
        ("integer", _) => ("integer", None),
        ("number", "decimal" | "double-precision") => ("double", None),
        ("number", _) => ("number", None),
        (_, "uri-reference" | "iri" | "iri-reference" | "url") => ("uri", None),
        (_, "idn-email") => ("email", None),
        _ => ("string", None),
    }
}

enum ScalarName {
    Short(&'static str),
    WithFormat(&'static str, String),
    Dropped(&'static str, String),
}

/// The spec's name for a JSON schema scalar.
fn scalar_name(ty: &str, format: Option<&str>) -> ScalarName {
    use ScalarName::*;
    match (ty, format) {
        ("string", None) => Short("string"),
        ("string", Some("date-time")) => Short("datetime"),
        (
            "string",
            Some(f @ ("date" | "email" | "uri" | "uuid" | "binary" | "byte" | "password")),
        ) => Short(match f {
            "date" => "date",
            "email" => "email",
            "uri" => "uri",
            "uuid" => "uuid",
            "binary" => "binary",
            "byte" => "byte",
            _ => "password",
        }),
        ("string", Some(f)) => WithFormat("string", f.to_owned()),
        ("integer", None) => Short("integer"),
        ("integer", Some("int32")) => Short("int32"),
        ("integer", Some("int64")) => Short("int64"),
        ("integer", Some(f @ ("int8" | "int16" | "uint32" | "uint64"))) => {
            WithFormat("integer", f.to_owned())
        }
        ("integer", Some(f)) => Dropped("integer", f.to_owned()),
        ("number", None) => Short("number"),
        ("number", Some("float")) => Short("float"),
        ("number", Some("double")) => Short("double"),
        ("number", Some("decimal")) => WithFormat("number", "decimal".into()),
        ("number", Some(f)) => Dropped("number", f.to_owned()),
        ("boolean", None) => Short("boolean"),
        ("boolean", Some(f)) => Dropped("boolean", f.to_owned()),
        ("file", _) => Short("file"),
        _ => Short("any"),
    }
}

fn unescape(name: &str) -> String {
    crate::powerplatform::refs::token_name(name)
}

/// The scalar type every alternative of a union has (`string`, `integer`, …), when they all have
/// the same one and nothing more (no properties or items).
fn common_scalar(parts: &[&Value]) -> Option<&'static str> {
    let mut common = None;
    for part in parts {
        let ty = match part.get("type").and_then(Value::as_str)? {
            "string" => "string",
            "integer" => "integer",
            "number" => "number",
            "boolean" => "boolean",
            _ => return None,
        };
        if common.is_some_and(|c| c != ty) {
            return None;
        }
        common = Some(ty);
    }
    common
}

/// The JSON type a format belongs to, for schemas that give a format but no type.
fn type_of_format(format: &str) -> Option<&'static str> {
    Some(match format {
        "int32" | "int64" => "integer",
        "float" | "double" => "number",
        "byte" | "binary" | "date" | "date-time" | "email" | "uri" | "uuid" | "password" => {
            "string"
        }
        _ => return None,
    })
}

/// The value of `key` in the schema object `map`. Most schema objects have a handful of
/// keywords and are asked for many; going through so few costs less than hashing the key.
pub(crate) fn field<'m>(map: &'m Map<String, Value>, key: &str) -> Option<&'m Value> {
    if map.len() <= 8 {
        map.iter().find(|(k, _)| k.as_str() == key).map(|(_, v)| v)
    } else {
        map.get(key)
    }
}

/// Whether the schema object `map` has `key` ([`field`]).
fn has_field(map: &Map<String, Value>, key: &str) -> bool {
    field(map, key).is_some()
}

#[cfg(test)]
mod tests {
    use super::{repair_format, FormatRepair::*};
    use crate::import::typed::to_tree;

    #[test]
    fn misspelt_formats_are_mapped_and_non_formats_dropped() {
        assert_eq!(repair_format("string", "datetime"), Replace("date-time"));
        assert_eq!(repair_format("string", "dateTime"), Replace("date-time"));
        assert_eq!(repair_format("string", "url"), Replace("uri"));
        assert_eq!(repair_format("string", "URL"), Replace("uri"));
        assert_eq!(repair_format("string", "e-mail"), Replace("email"));
        assert_eq!(repair_format("string", "guid"), Replace("uuid"));
        assert_eq!(repair_format("string", "string"), Drop("repeats the type"));
        assert_eq!(
            repair_format("integer", "Integer"),
            Drop("repeats the type")
        );
        assert_eq!(
            repair_format("string", "Hex color code"),
            Drop("is a description, not a format")
        );
        // Correct and unknown-but-plausible formats stay as written.
        for kept in [
            "date-time",
            "uri",
            "email",
            "uuid",
            "hostname",
            "ipv4",
            "binary",
        ] {
            assert_eq!(repair_format("string", kept), Keep, "{kept}");
        }
        assert_eq!(repair_format("integer", "int64"), Keep);
    }

    #[test]
    fn a_union_of_one_scalar_type_is_that_type() {
        let root = serde_json::json!({});
        let mut schemas = super::Schemas::new(&root, "#/components/schemas/");
        let user_id = serde_json::json!({ "oneOf": [
            { "type": "string" },
            { "type": "string", "format": "email" },
            { "type": "string", "enum": ["me"] },
        ] });
        let converted = schemas.convert(&user_id, "/p");
        assert_eq!(to_tree(&converted.def), serde_json::json!("string"));
        // Mixed scalar types stay a value of any kind.
        let mixed = serde_json::json!({ "anyOf": [{ "type": "string" }, { "type": "integer" }] });
        assert_eq!(
            to_tree(&schemas.convert(&mixed, "/q").def),
            serde_json::json!("any")
        );
    }

    #[test]
    fn a_schema_converts_to_the_models_type_values() {
        use codegen::spec::{Spanned, Visibility};
        use serde_json::json;
        let root = json!({ "definitions": { "Colour": { "type": "string" } } });
        let mut schemas = super::Schemas::new(&root, "#/definitions/").keeping_misfits();
        schemas.operations.insert("ListShades".into());
        let schema = json!({ "type": "object", "required": ["shade"], "properties": {
            "shade": { "type": "string", "enum": ["r", "g"], "default": "g",
                "x-ms-enum-values": [{ "value": "r", "displayName": "Red" },
                                     { "value": "g", "displayName": "Green" }],
                "x-ms-visibility": "Advanced",
                "x-ms-dynamic-values": { "operationId": "ListShades", "value-path": "id",
                                         "parameters": { "kind": { "parameter": "k" } } } },
            "size": { "type": "integer", "format": "int32", "minimum": 1, "maxLength": 3 },
            "tags": { "type": "array", "items": { "$ref": "#/definitions/Colour" },
                      "maxItems": 4 }
        } });
        let def = schemas.convert(&schema, "/s").def;
        let fields = def.body.fields.as_ref().expect("an object");
        let shade = &fields.get("shade").expect("shade").body;
        assert_eq!(shade.required, Some(Spanned::unlocated(true)));
        let labels: Vec<_> = shade
            .enum_values
            .iter()
            .flat_map(|e| &e.values)
            .map(|v| v.label.as_deref())
            .collect();
        assert_eq!(labels, [Some("Red"), Some("Green")]);
        assert_eq!(
            shade.default,
            Some(Box::new(Spanned::unlocated(json!("g"))))
        );
        assert_eq!(
            shade.visibility,
            Some(Spanned::unlocated(Visibility::Advanced))
        );
        // Another spelling of the visibility rides along as written.
        assert_eq!(
            shade.extensions.get("x-ms-visibility"),
            Some(&json!("Advanced"))
        );
        let dynamic = shade.dynamic.as_ref().expect("dynamic values");
        assert_eq!(dynamic.action.value, "ListShades");
        assert_eq!(
            dynamic.params.get("kind"),
            Some(&Spanned::unlocated(json!("{k}")))
        );
        let size = &fields.get("size").expect("size").body;
        assert_eq!(
            size.type_name.as_ref().map(|t| t.value.as_str()),
            Some("int32")
        );
        assert_eq!(
            size.minimum.as_ref().map(|m| m.value.to_string()),
            Some("1".into())
        );
        // A length on a number has no typed place: it rides along as written.
        assert_eq!(size.max_length, None);
        assert_eq!(size.extensions.get("maxLength"), Some(&json!(3)));
        let tags = &fields.get("tags").expect("tags").body;
        let item = tags.list.as_ref().expect("a list");
        assert_eq!(
            item.body.type_name.as_ref().map(|t| t.value.as_str()),
            Some("Colour")
        );
        assert_eq!(tags.max_items, Some(Box::new(Spanned::unlocated(4))));
    }

    #[test]
    fn an_enum_keeps_each_value_once_with_its_first_label() {
        use serde_json::json;
        let root = json!({});
        let mut schemas = super::Schemas::new(&root, "#/components/schemas/");
        let schema = json!({ "type": "string", "enum": ["b", "a", "b", "c", "a"],
            "x-enum-descriptions": ["Bee", "Ay", "Bee again", "Sea", "Ay again"],
            "x-ms-enum-values": [{ "value": "c", "displayName": "Not this one" }] });
        let def = schemas.convert(&schema, "/s").def;
        let values: Vec<_> = def
            .body
            .enum_values
            .iter()
            .flat_map(|e| &e.values)
            .map(|v| (v.value.value.clone(), v.label.clone()))
            .collect();
        let label = |l: &str| Some(l.to_owned());
        assert_eq!(
            values,
            [
                (json!("b"), label("Bee")),
                (json!("a"), label("Ay")),
                (json!("c"), label("Sea"))
            ]
        );
        let pointers: Vec<_> = schemas.warnings.items.iter().map(|w| &w.pointer).collect();
        assert_eq!(pointers, ["/s/enum/2", "/s/enum/4"]);
        // Under `keep_misfits` a repeated value keeps the enum as written.
        let mut keeping = super::Schemas::new(&root, "#/components/schemas/").keeping_misfits();
        let def = keeping
            .convert(&json!({ "type": "integer", "enum": [1, 2, 1] }), "/k")
            .def;
        assert!(def.body.enum_values.is_none());
        assert_eq!(def.body.extensions.get("enum"), Some(&json!([1, 2, 1])));
        let def = keeping
            .convert(&json!({ "type": "integer", "enum": [1, 2, 3] }), "/f")
            .def;
        assert_eq!(def.body.enum_values.map(|e| e.values.len()), Some(3));
    }

    #[test]
    fn a_converted_definition_is_what_the_language_reads_from_its_writing() {
        use serde_json::json;
        let root = json!({ "definitions": { "Pet": { "type": "object" } } });
        let schemas = [
            json!({ "type": "number", "minimum": 90.0, "maximum": 1e300, "default": 0.5 }),
            json!({ "type": "string", "enum": ["1", "true", "null", "a: b"],
                    "x-enum-descriptions": ["One", "", "Null", "Colon"] }),
            json!({ "type": "integer", "enum": [3, 1], "x-ms-visibility": "internal",
                    "x-kept": { "a": [null, {}], "b": "" } }),
            json!({ "type": "array", "items": { "type": "array",
                    "items": { "$ref": "#/definitions/Pet", "description": "A pet" } } }),
            json!({ "type": "object", "additionalProperties": { "type": "string",
                    "format": "hostname", "x-ms-dynamic-schema": { "operationId": "Get",
                    "value-path": "schema", "parameters": { "n": { "value": 3 } } } } }),
            json!({ "type": "object", "properties": { "note": { "type": "string",
                    "pattern": "^a+$", "minLength": 1, "example": { "x": [1] } },
                    "gone": { "type": "boolean", "example": null, "default": null } } }),
        ];
        for schema in schemas {
            let mut converter = super::Schemas::new(&root, "#/definitions/").keeping_misfits();
            converter.operations.insert("Get".into());
            let def = converter.convert(&schema, "/s").def;
            let written = serde_saphyr::to_string(&def).expect("writes");
            let read: codegen::spec::TypeDef = serde_saphyr::from_str(&written).expect("reads");
            assert_eq!(read, def, "{schema} was written as\n{written}");
            let order =
                |d: &codegen::spec::TypeDef| d.body.extensions.keys().cloned().collect::<Vec<_>>();
            assert_eq!(order(&read), order(&def), "{schema}");
        }
    }

    #[test]
    fn schemas_on_a_loop_of_refs_name_themselves_and_those_leading_in_do_not() {
        let r = |to: &str| serde_json::json!({ "$ref": format!("#/components/schemas/{to}") });
        let mut named = serde_json::Map::new();
        named.insert("Own".into(), r("Own"));
        for (from, to) in [
            ("A", "B"),
            ("B", "C"),
            ("C", "A"),
            ("In", "A"),
            ("In2", "In"),
        ] {
            named.insert(from.into(), r(to));
        }
        named.insert("Wrap".into(), serde_json::json!({ "allOf": [r("Wrap2")] }));
        named.insert("Wrap2".into(), r("Wrap"));
        named.insert("Ends".into(), r("Real"));
        named.insert("Real".into(), serde_json::json!({ "type": "object" }));
        named.insert("Dangling".into(), r("Missing"));
        // A loop far longer than any hop limit.
        for i in 0..500 {
            named.insert(format!("L{i}"), r(&format!("L{}", (i + 1) % 500)));
        }
        let root = serde_json::json!({ "components": { "schemas": named } });
        let schemas = super::Schemas::new(&root, "#/components/schemas/");
        for name in ["Own", "A", "B", "C", "Wrap", "Wrap2", "L0", "L250", "L499"] {
            assert!(schemas.only_names_itself(name), "{name}");
        }
        for name in ["In", "In2", "Ends", "Real", "Dangling", "Missing"] {
            assert!(!schemas.only_names_itself(name), "{name}");
        }
    }
}
