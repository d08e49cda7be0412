//! OpenAPI 3.1 read as 3.0: the rest of the importer (and the `openapiv3` types it parses
//! path items, parameters and answers with) knows the 3.0 dialect, so the 3.1 forms are
//! rewritten in place first, each to its 3.0 equivalent. Forms with no equivalent are dropped
//! with a warning at their JSON pointer.
//!
//! The walk knows where schemas are (`components/schemas`, every `schema` of a parameter,
//! header or media type, and the subschemas of a schema), so property names and example values
//! are never mistaken for keywords.

use std::fmt::Write as _;

use serde_json::{json, Map, Value};

use super::repair_scan::{needs_repair, schema_needs_repair, REPAIR_DEPTH};
use super::{push_segment, Warnings};

/// The schema dialect OpenAPI 3.1 documents use when they name none.
const OAS_DIALECT: &str = "https://spec.openapis.org/oas/3.1/dialect/base";

/// Keywords of 3.1 that only validate and have no spec equivalent; dropped with a warning.
/// (`not` is 3.0's too: the schema reader keeps it as written.)
const VALIDATION_ONLY: &[&str] = &[
    "if",
    "then",
    "else",
    "dependentSchemas",
    "unevaluatedProperties",
    "unevaluatedItems",
    "contains",
    "propertyNames",
];

/// How deep schemas are followed.
const MAX_DEPTH: usize = 128;

/// Whether `version` (the `openapi` field) is 3.1 or later.
pub(crate) fn is_31(version: &str) -> bool {
    let mut parts = version.split('.');
    parts.next() == Some("3")
        && parts
            .next()
            .and_then(|minor| minor.parse::<u32>().ok())
            .is_some_and(|minor| minor >= 1)
}

/// Rewrites the schemas of `doc` into the 3.0 dialect. With `v31`, the forms that are only
/// valid in 3.1 (`type` lists with `null`, numeric exclusive bounds, `$ref` with siblings) are
/// rewritten silently; the top-level 3.1 sections the spec has no place for are warned about.
///
/// Returns what [`needs_repair`] says of the rewritten document, found in the same walk (a
/// second walk of a large document costs as much as its rewriting).
pub(crate) fn downgrade(doc: &mut Value, v31: bool, warnings: &mut Warnings) -> bool {
    downgrade_from(doc, v31, warnings, HALVES_FROM)
}

/// How many path items a document needs before they are walked in two halves at once.
const HALVES_FROM: usize = 256;

/// [`downgrade`], walking the members of `paths` in two halves from `halves_from` of them.
fn downgrade_from(doc: &mut Value, v31: bool, warnings: &mut Warnings, halves_from: usize) -> bool {
    if v31 {
        top_level(doc, warnings);
    }
    let mut walker = Walker {
        v31,
        warnings,
        needs_repair: false,
        halves_from,
    };
    walker.document(doc, &mut String::new(), 0, 0);
    walker.needs_repair
}

fn top_level(doc: &mut Value, warnings: &mut Warnings) {
    let Some(root) = doc.as_object_mut() else {
        return;
    };
    if let Some(dialect) = root.get("jsonSchemaDialect").and_then(Value::as_str) {
        if dialect != OAS_DIALECT {
            warnings.push(
                "/jsonSchemaDialect",
                format!("schemas are read in the OpenAPI dialect, not `{dialect}`"),
            );
        }
    }
    if let Some(hooks) = root.get("webhooks").and_then(Value::as_object) {
        if !hooks.is_empty() {
            let names = hooks
                .keys()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ");
            warnings.push(
                "/webhooks",
                format!(
                    "webhooks ({names}) are requests the service sends, not operations; not imported"
                ),
            );
        }
    }
}

/// Whether [`Walker::rewrite`] may change a 3.0 schema (one without the 3.1 forms), from one
/// pass over its keys: most schemas have none of the keywords it rewrites.
pub(crate) fn has_30_rewrite(map: &Map<String, Value>) -> bool {
    map.iter().any(|(k, v)| match k.as_str() {
        "type" => v.as_str() == Some("null"),
        "examples" => v.is_array(),
        "items" => v == &Value::Bool(false),
        "const" | "prefixItems" | "patternProperties" | "contentEncoding" | "contentMediaType" => {
            true
        }
        other => VALIDATION_ONLY.contains(&other),
    })
}

/// Whether `value` is an object or a list: a scalar holds no schema and needs no repair.
fn is_container(value: &Value) -> bool {
    matches!(value, Value::Object(_) | Value::Array(_))
}

struct Walker<'w> {
    v31: bool,
    warnings: &'w mut Warnings,
    /// Whether [`needs_repair`] is true of some part walked so far, as rewritten.
    needs_repair: bool,
    /// How many members `paths` needs before they are walked in two halves at once.
    halves_from: usize,
}

impl Walker<'_> {
    /// Any part of the document outside schemas. `ptr` is the pointer of `value`, extended and
    /// cut back in place for each child; `tree` is how deep `value` is in the document.
    ///
    /// Every value of the document is either walked or handed to [`Walker::rest`], and each
    /// object or list walked is asked about repairs once what is under it is rewritten (a
    /// rewrite changes only the schema it is of and what is under it).
    fn document(&mut self, value: &mut Value, ptr: &mut String, depth: usize, tree: usize) {
        if depth > MAX_DEPTH {
            self.rest(value, tree);
            return;
        }
        let len = ptr.len();
        match value {
            Value::Object(map) => {
                let components = ptr == "/components";
                if depth == 1 && ptr == "/paths" && map.len() >= self.halves_from {
                    self.members_in_halves(map, ptr, depth, tree);
                } else {
                    for (key, child) in map.iter_mut() {
                        self.member(components, key, child, ptr, depth, tree);
                    }
                }
                self.object_walked(map, tree);
            }
            Value::Array(items) => {
                for (index, item) in items.iter_mut().enumerate() {
                    let _ = write!(ptr, "/{index}");
                    self.document(item, ptr, depth + 1, tree + 1);
                    ptr.truncate(len);
                }
                self.list_walked(tree);
            }
            _ => {}
        }
    }

    /// The member `key` of an object outside schemas, `ptr` the object's pointer (left as it
    /// was); `components`: whether the object is the document's `components`.
    fn member(
        &mut self,
        components: bool,
        key: &str,
        child: &mut Value,
        ptr: &mut String,
        depth: usize,
        tree: usize,
    ) {
        if !is_container(child) {
            // Nothing to rewrite, nor to repair ([`needs_repair`] of a scalar).
            return;
        }
        if key.starts_with("x-") || key == "example" || key == "examples" {
            self.rest(child, tree + 1);
            return;
        }
        let len = ptr.len();
        push_segment(ptr, key);
        if key == "schema" && child.is_object() {
            self.schema(child, ptr, depth + 1, tree + 1);
        } else if key == "schemas" && components {
            self.named_schemas(child, ptr, depth, tree);
        } else {
            self.document(child, ptr, depth + 1, tree + 1);
        }
        ptr.truncate(len);
    }

    /// The members of `paths`, the first half here and the second on another thread, as
    /// [`Walker::member`] walks them in order: the second half's warnings follow the first's.
    fn members_in_halves(
        &mut self,
        paths: &mut Map<String, Value>,
        ptr: &mut String,
        depth: usize,
        tree: usize,
    ) {
        let mut members: Vec<(&String, &mut Value)> = paths.iter_mut().collect();
        let half = members.len() / 2;
        let (first, second) = members.split_at_mut(half);
        let (v31, halves_from) = (self.v31, self.halves_from);
        let at = ptr.clone();
        let (_, (warnings, needs_repair)) = codegen::join::join(
            "import-downgrade",
            || {
                for (key, child) in first.iter_mut() {
                    self.member(false, key, child, ptr, depth, tree);
                }
            },
            move || {
                let mut warnings = Warnings::default();
                let mut walker = Walker {
                    v31,
                    warnings: &mut warnings,
                    needs_repair: false,
                    halves_from,
                };
                let mut ptr = at;
                for (key, child) in second.iter_mut() {
                    walker.member(false, key, child, &mut ptr, depth, tree);
                }
                let needs_repair = walker.needs_repair;
                (warnings, needs_repair)
            },
        );
        self.warnings.items.extend(warnings.items);
        self.needs_repair |= needs_repair;
    }

    /// A schema and its subschemas; `ptr` and `tree` as for [`Walker::document`].
    fn schema(&mut self, value: &mut Value, ptr: &mut String, depth: usize, tree: usize) {
        if depth > MAX_DEPTH {
            self.rest(value, tree);
            return;
        }
        let Value::Object(map) = value else {
            self.rest(value, tree);
            return;
        };
        self.rewrite(map, ptr);
        let len = ptr.len();
        for (key, child) in map.iter_mut() {
            if !is_container(child) {
                continue;
            }
            match key.as_str() {
                "properties" | "patternProperties" | "$defs" | "definitions" => {
                    if child.is_object() {
                        push_segment(ptr, key);
                    }
                    self.named_schemas(child, ptr, depth, tree);
                }
                "items" | "additionalProperties" | "not" => {
                    push_segment(ptr, key);
                    self.schema(child, ptr, depth + 1, tree + 1);
                }
                "allOf" | "oneOf" | "anyOf" => {
                    if let Value::Array(parts) = child {
                        push_segment(ptr, key);
                        let at = ptr.len();
                        for (index, part) in parts.iter_mut().enumerate() {
                            let _ = write!(ptr, "/{index}");
                            self.schema(part, ptr, depth + 1, tree + 2);
                            ptr.truncate(at);
                        }
                        self.list_walked(tree + 1);
                    } else {
                        self.rest(child, tree + 1);
                    }
                }
                _ => self.rest(child, tree + 1),
            }
            ptr.truncate(len);
        }
        self.object_walked(map, tree);
    }

    /// `child`, a map of named schemas (`ptr` its pointer) one below a value `tree` deep:
    /// each schema walked, or the whole handed on when it is not a map.
    fn named_schemas(&mut self, child: &mut Value, ptr: &mut String, depth: usize, tree: usize) {
        let Value::Object(named) = child else {
            self.rest(child, tree + 1);
            return;
        };
        let at = ptr.len();
        for (name, schema) in named.iter_mut() {
            push_segment(ptr, name);
            self.schema(schema, ptr, depth + 1, tree + 2);
            ptr.truncate(at);
        }
        self.object_walked(named, tree + 1);
    }

    /// A part the walk does not rewrite, `tree` deep: asked about repairs as a whole.
    fn rest(&mut self, value: &Value, tree: usize) {
        if !self.needs_repair {
            self.needs_repair = needs_repair(value, tree);
        }
    }

    /// An object whose children were walked or handed on: asked about repairs on its own.
    fn object_walked(&mut self, map: &Map<String, Value>, tree: usize) {
        if !self.needs_repair {
            self.needs_repair = tree > REPAIR_DEPTH || schema_needs_repair(map);
        }
    }

    /// A list whose items were walked or handed on.
    fn list_walked(&mut self, tree: usize) {
        self.needs_repair |= tree > REPAIR_DEPTH;
    }

    /// The rewrites of one schema object.
    fn rewrite(&mut self, map: &mut Map<String, Value>, ptr: &str) {
        if self.v31 || has_30_rewrite(map) {
            self.rewrite_always(map, ptr);
        }
    }

    /// [`Walker::rewrite`] without the check that skips most 3.0 schemas.
    fn rewrite_always(&mut self, map: &mut Map<String, Value>, ptr: &str) {
        if self.v31 {
            self.ref_siblings(map);
            self.type_list(map, ptr);
            for (key, bound) in [
                ("exclusiveMinimum", "minimum"),
                ("exclusiveMaximum", "maximum"),
            ] {
                if let Some(Value::Number(n)) = map.get(key).cloned() {
                    map.insert(bound.into(), Value::Number(n));
                    map.insert(key.into(), json!(true));
                }
            }
        }
        if map.get("type").and_then(Value::as_str) == Some("null") {
            map.remove("type");
            map.insert("nullable".into(), json!(true));
        }
        if let Some(value) = map.remove("const") {
            if map.contains_key("enum") {
                self.warnings.push(
                    &format!("{ptr}/const"),
                    "`const` beside `enum`; the enum is kept",
                );
            } else {
                map.insert("enum".into(), json!([value]));
            }
        }
        if let Some(Value::Array(examples)) = map.get("examples").cloned() {
            map.remove("examples");
            if let Some(first) = examples.into_iter().next() {
                map.entry("example").or_insert(first);
            }
        }
        self.prefix_items(map, ptr);
        if map.get("items") == Some(&Value::Bool(false)) {
            map.remove("items");
        }
        self.pattern_properties(map, ptr);
        if map.get("type").and_then(Value::as_str) == Some("string") && !map.contains_key("format")
        {
            if map.get("contentEncoding").and_then(Value::as_str) == Some("base64") {
                map.insert("format".into(), json!("byte"));
            } else if map
                .get("contentMediaType")
                .and_then(Value::as_str)
                .is_some_and(|m| !m.starts_with("text/") && !m.contains("json"))
            {
                map.insert("format".into(), json!("binary"));
            }
        }
        let dropped: Vec<&str> = VALIDATION_ONLY
            .iter()
            .copied()
            .filter(|k| map.contains_key(*k))
            .collect();
        for key in dropped {
            map.remove(key);
            self.warnings.push(
                &format!("{ptr}/{key}"),
                format!("`{key}` only validates values and has no spec equivalent; dropped"),
            );
        }
    }

    /// Tuple items (`prefixItems`): read as a list of the first item's type where there is no
    /// `items`, else dropped.
    fn prefix_items(&mut self, map: &mut Map<String, Value>, ptr: &str) {
        if let Some(items) = map.remove("prefixItems") {
            let first = items.as_array().and_then(|i| i.first()).cloned();
            let has_items = map.get("items").is_some_and(Value::is_object);
            self.warnings.push(
                &format!("{ptr}/prefixItems"),
                if has_items || first.is_none() {
                    "tuple items (`prefixItems`) have no spec equivalent; dropped"
                } else {
                    "tuple items (`prefixItems`) have no spec equivalent; read as a list of the first item's type"
                },
            );
            if let (false, Some(first)) = (has_items, first) {
                map.insert("items".into(), first);
            }
        }
    }

    /// `patternProperties`: the first pattern's schema becomes the extra keys' type, unless
    /// `additionalProperties` says it.
    fn pattern_properties(&mut self, map: &mut Map<String, Value>, ptr: &str) {
        if let Some(Value::Object(patterns)) = map.remove("patternProperties") {
            let first = patterns.into_iter().next();
            match first {
                Some((pattern, schema)) if !map.contains_key("additionalProperties") => {
                    self.warnings.push(
                        &format!("{ptr}/patternProperties"),
                        format!(
                            "keys matching `{pattern}` have no spec equivalent; read as extra keys of that type"
                        ),
                    );
                    map.insert("additionalProperties".into(), schema);
                }
                Some(_) => self.warnings.push(
                    &format!("{ptr}/patternProperties"),
                    "`patternProperties` beside `additionalProperties` has no spec equivalent; dropped",
                ),
                None => {}
            }
        }
    }

    /// `{$ref, …}`: in 3.1 the siblings apply too, as `allOf` with the reference.
    fn ref_siblings(&mut self, map: &mut Map<String, Value>) {
        if !map.contains_key("$ref") || map.len() == 1 {
            return;
        }
        let Some(reference) = map.remove("$ref") else {
            return;
        };
        let mut part = Map::new();
        part.insert("$ref".into(), reference);
        let mut parts = vec![Value::Object(part)];
        if let Some(Value::Array(more)) = map.remove("allOf") {
            parts.extend(more);
        }
        map.insert("allOf".into(), Value::Array(parts));
    }

    /// `type: [T, "null"]` → `T` with `nullable`; several types → any value.
    fn type_list(&mut self, map: &mut Map<String, Value>, ptr: &str) {
        let Some(Value::Array(types)) = map.get("type").cloned() else {
            return;
        };
        let concrete: Vec<&str> = types
            .iter()
            .filter_map(Value::as_str)
            .filter(|t| *t != "null")
            .collect();
        if concrete.len() < types.len() {
            map.insert("nullable".into(), json!(true));
        }
        match concrete.as_slice() {
            [single] => {
                map.insert("type".into(), json!(single));
            }
            [] => {
                map.remove("type");
            }
            several => {
                self.warnings.push(
                    &format!("{ptr}/type"),
                    format!(
                        "a value of several types ({}) has no spec equivalent; read as any value",
                        several.join(", ")
                    ),
                );
                map.remove("type");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A path item whose two schemas are of `kind`: 3.1 forms that are rewritten or dropped
    /// with a warning, forms that need repairs, and forms with neither.
    fn path_item(kind: usize) -> Value {
        let schema = match kind % 7 {
            0 => json!({"type": ["string", "null"], "const": "x"}),
            1 => json!({"type": "object", "if": {}, "contains": {},
                "properties": {"a": {"type": "integer", "exclusiveMinimum": 1}}}),
            2 => json!({"prefixItems": [{"type": "string"}], "examples": [1, 2]}),
            3 => json!({"type": "string", "minLength": "3"}),
            4 => {
                json!({"type": "object", "properties": {"p": {"type": "string", "required": true}}})
            }
            5 => json!({"type": "string"}),
            _ => json!({"$ref": "#/components/schemas/A", "description": "d"}),
        };
        json!({"get": {
            "parameters": [{"name": "p", "in": "query", "schema": schema.clone()}],
            "x-note": {"const": 1},
            "responses": {"200": {"description": "ok",
                "content": {"application/json": {"schema": schema}}}}}})
    }

    /// The same document downgraded in one walk and with `paths` in halves from `halves_from`.
    fn both_ways(doc: &Value, v31: bool, halves_from: usize) {
        let (mut whole, mut halves) = (doc.clone(), doc.clone());
        let (mut whole_warnings, mut halves_warnings) = (Warnings::default(), Warnings::default());
        let whole_repair = downgrade_from(&mut whole, v31, &mut whole_warnings, usize::MAX);
        let halves_repair = downgrade_from(&mut halves, v31, &mut halves_warnings, halves_from);
        assert_eq!(whole_repair, halves_repair);
        assert!(whole == halves);
        assert_eq!(whole_warnings, halves_warnings);
    }

    /// `paths` walked in two halves at once rewrites, warns and finds repairs as one walk
    /// does, in the same order: with the forms in either half or both, and on the corpus.
    #[test]
    fn paths_walked_in_halves_are_walked_as_in_one_walk() {
        let mut seed = 5u64;
        let (mut repairs, mut clean) = (0, 0);
        for case in 0..300 {
            let count = 2 + case % 11;
            let mut paths = Map::new();
            for i in 0..count {
                seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                // Most items have nothing to do, so that repairs are in one half only.
                let kind = if (seed >> 40) % 4 == 0 {
                    (seed >> 20) as usize
                } else {
                    5
                };
                paths.insert(format!("/p{i}"), path_item(kind));
            }
            paths.insert("x-paths".into(), json!({"const": 2}));
            paths.insert("schema".into(), path_item(case));
            for v31 in [false, true] {
                let version = if v31 { "3.1.0" } else { "3.0.3" };
                let doc = json!({"openapi": version, "paths": paths,
                    "components": {"schemas": {"A": {"const": 3}}}});
                both_ways(&doc, v31, 2);
                let mut warnings = Warnings::default();
                if downgrade(&mut doc.clone(), v31, &mut warnings) {
                    repairs += 1;
                } else {
                    clean += 1;
                }
            }
        }
        assert!(
            repairs > 20 && clean > 20,
            "{repairs} with repairs, {clean} without"
        );
        let corpus =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/openapi");
        let Ok(entries) = std::fs::read_dir(&corpus) else {
            println!("skipped the corpus: ../shared/corpus/openapi is absent");
            return;
        };
        for entry in entries.flatten() {
            let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
            let limits = super::super::ImportLimits::default();
            let read =
                super::super::document_read::parse_any(&text, &limits, &mut Warnings::default());
            if let Ok(doc) = read {
                for v31 in [false, true] {
                    both_ways(&doc, v31, 2);
                }
            }
        }
    }

    #[test]
    fn versions() {
        assert!(is_31("3.1.0"));
        assert!(is_31("3.2"));
        assert!(!is_31("3.0.3"));
        assert!(!is_31("2.0"));
    }

    #[test]
    fn schemas_are_rewritten_and_names_are_not() {
        let mut doc = json!({
            "openapi": "3.1.0",
            "components": { "schemas": { "A": {
                "type": "object",
                "properties": {
                    "const": { "const": "x" },
                    "n": { "type": ["integer", "null"], "exclusiveMinimum": 0 },
                    "r": { "$ref": "#/components/schemas/B", "description": "The B." },
                    "u": { "type": ["string", "integer"] }
                },
                "examples": [{ "const": {} }]
            } } }
        });
        let mut warnings = Warnings::default();
        downgrade(&mut doc, true, &mut warnings);
        let a = &doc["components"]["schemas"]["A"];
        assert_eq!(a["properties"]["const"], json!({ "enum": ["x"] }));
        assert_eq!(
            a["properties"]["n"],
            json!({ "type": "integer", "nullable": true, "minimum": 0, "exclusiveMinimum": true })
        );
        assert_eq!(
            a["properties"]["r"],
            json!({ "description": "The B.", "allOf": [{ "$ref": "#/components/schemas/B" }] })
        );
        assert!(a["properties"]["u"].get("type").is_none());
        assert_eq!(a["example"], json!({ "const": {} }));
        assert_eq!(warnings.items.len(), 1, "{:?}", warnings.items);
        assert_eq!(
            warnings.items[0].pointer,
            "/components/schemas/A/properties/u/type"
        );
    }

    /// What the walk says of repairs is what a walk of the rewritten document says, for
    /// schemas in every kind of place, those the rewrite changes or not, in 3.0 and 3.1, and
    /// below the depths the walk and the repairs stop at.
    #[test]
    fn the_walk_finds_repairs_as_a_second_walk_would() {
        let schemas = [
            json!({"type": "string"}),
            json!({"type": "integer", "enum": ["a"]}),
            json!({"type": "integer", "const": "a"}),
            json!({"type": "null", "enum": [1]}),
            json!({"type": ["string", "null"]}),
            json!({"type": "integer", "exclusiveMinimum": 1}),
            json!({"properties": {"p": {"type": "string", "required": true}}}),
            json!({"type": "object", "prefixItems": [{"type": "integer", "enum": ["x"]}]}),
            json!({"type": "string", "maxLength": "5"}),
            json!([{"type": ["integer"]}]),
            json!({"name": "n", "in": "query", "type": ["string"]}),
        ];
        let deep = |inner: Value, levels: usize| {
            (0..levels).fold(inner, |v, _| json!({ "items": v, "type": "array" }))
        };
        let mut places: Vec<Box<dyn Fn(Value) -> Value>> = vec![
            Box::new(|s| json!({"components": {"schemas": {"A": s}}})),
            Box::new(|s| json!({"components": {"schemas": s}})),
            Box::new(|s| json!({"paths": {"/a": {"get": {"parameters": [{"schema": s}]}}}})),
            Box::new(|s| json!({"paths": {"/a": {"x-kept": s}}})),
            Box::new(|s| json!({"paths": {"/a": {"get": {"examples": [s]}}}})),
            Box::new(|s| json!({"info": {"schema": s}})),
            Box::new(|s| json!({"components": {"schemas": {"A": {"properties": {"p": s}}}}})),
            Box::new(|s| json!({"components": {"schemas": {"A": {"properties": s}}}})),
            Box::new(|s| json!({"components": {"schemas": {"A": {"allOf": [s]}}}})),
            Box::new(|s| json!({"components": {"schemas": {"A": {"oneOf": s}}}})),
            Box::new(|s| json!({"components": {"schemas": {"A": {"default": s}}}})),
        ];
        for levels in [126, 130, 260] {
            places.push(Box::new(
                move |s| json!({"components": {"schemas": {"A": deep(s, levels)}}}),
            ));
        }
        let (mut yes, mut no) = (0, 0);
        for v31 in [false, true] {
            for place in &places {
                for schema in &schemas {
                    let mut doc = place(schema.clone());
                    let mut warnings = Warnings::default();
                    let said = downgrade(&mut doc, v31, &mut warnings);
                    assert_eq!(said, needs_repair(&doc, 0), "v31 {v31}: {doc}");
                    if said {
                        yes += 1;
                    } else {
                        no += 1;
                    }
                }
            }
        }
        assert!(yes > 20 && no > 20, "{yes} / {no}");
    }

    /// The check that skips most 3.0 schemas never skips one the rewrite changes.
    #[test]
    fn a_30_schema_said_to_need_no_rewrite_is_left_alone() {
        let keys = [
            "type",
            "const",
            "examples",
            "prefixItems",
            "items",
            "patternProperties",
            "contentEncoding",
            "contentMediaType",
            "if",
            "propertyNames",
            "format",
            "additionalProperties",
        ];
        let values = [
            json!("null"),
            json!("string"),
            json!("base64"),
            json!("image/png"),
            json!(false),
            json!(true),
            json!([1]),
            json!({"a": {}}),
            json!(null),
        ];
        let (mut skipped, mut tried) = (0, 0);
        for (i, first) in keys.iter().enumerate() {
            for second in &keys[i..] {
                for a in &values {
                    for b in &values {
                        let mut map = Map::new();
                        map.insert((*first).into(), a.clone());
                        map.insert((*second).into(), b.clone());
                        let before = map.clone();
                        let mut warnings = Warnings::default();
                        let mut walker = Walker {
                            v31: false,
                            warnings: &mut warnings,
                            needs_repair: false,
                            halves_from: HALVES_FROM,
                        };
                        let skip = !has_30_rewrite(&map);
                        walker.rewrite_always(&mut map, "");
                        tried += 1;
                        if skip {
                            skipped += 1;
                            assert_eq!(map, before);
                            assert!(warnings.items.is_empty(), "{before:?}");
                        }
                    }
                }
            }
        }
        assert!(skipped > 0 && skipped < tried, "{skipped} of {tried}");
    }
}
