//! Named objects instead of repeated inline schemas: an inline object whose fields appear at
//! least twice in the spec becomes an entry of `objects` and every copy becomes its name.

use std::collections::{HashMap, HashSet};

use codegen::spec::{ConnectorSpec, TypeBody, TypeDef};
use indexmap::IndexMap;
use serde_json::Value;

use super::numbered::UniqueNames;
use super::typed::{text, type_def};
use crate::emit::openapi_kept::IN_PLACE;

/// Objects with fewer fields stay inline.
const MIN_FIELDS: usize = 2;

/// Kept extensions (`x-…` keys as written).
type Extensions = IndexMap<String, Value>;

/// Hoists repeated inline objects of `spec` into `objects`.
pub(crate) fn hoist(spec: &mut ConnectorSpec) {
    let repeated = repeated(spec);
    if repeated.is_empty() {
        return;
    }
    let taken = UniqueNames::new(spec.objects.keys().map(str::to_owned));
    let mut hoisted = Hoisted::default();
    hoisted.name_copies(spec, &repeated, taken);
    hoisted.name_nested_copies();
    for (name, def) in hoisted.created {
        spec.objects.push(text(name), def);
    }
}

/// Inline objects this many levels (of objects, lists and maps) below the place their type is
/// written are named by [`name_deep_objects`].
const DEEP_LEVELS: usize = 8;

/// Names the inline objects of `spec` that sit [`DEEP_LEVELS`] levels or more below the place
/// their type is written, and those as deep inside the objects so named, so that a schema nested
/// deeper than a spec file may nest is written as a chain of named objects instead of being
/// dropped. Whether any object was named.
pub(crate) fn name_deep_objects(spec: &mut ConnectorSpec) -> bool {
    let mut taken = UniqueNames::new(spec.objects.keys().map(str::to_owned));
    let mut created: Vec<(String, TypeDef)> = Vec::new();
    let mut cut = |def: &mut TypeDef, hint: &str| {
        name_below(def, hint, 0, &mut taken, &mut created);
    };
    for (name, def) in spec.objects.iter_mut() {
        cut(def, name.get());
    }
    visit_spec_roots(spec, &mut cut);
    let mut index = 0;
    while index < created.len() {
        let name = created[index].0.clone();
        let mut def = std::mem::replace(&mut created[index].1, type_def(TypeBody::default()));
        name_below(&mut def, &name, 0, &mut taken, &mut created);
        created[index].1 = def;
        index += 1;
    }
    let named = !created.is_empty();
    for (name, def) in created {
        spec.objects.push(text(name), def);
    }
    named
}

/// Names each inline object under `def` (itself `level` levels below where its type is
/// written) that sits [`DEEP_LEVELS`] levels down, leaving its name in its place.
fn name_below(
    def: &mut TypeDef,
    hint: &str,
    level: usize,
    taken: &mut UniqueNames,
    created: &mut Vec<(String, TypeDef)>,
) {
    if level >= DEEP_LEVELS && def.body.fields.is_some() {
        let name = unique_name(hint, taken);
        let (object, kept) = object_with_extensions(def);
        *def = reference(def, &name, kept.as_ref());
        created.push((name, object));
        return;
    }
    let body = &mut *def.body;
    for (name, d) in body.fields.iter_mut().flat_map(|fields| fields.iter_mut()) {
        name_below(d, name.get(), level + 1, taken, created);
    }
    for d in [body.list.as_mut(), body.map.as_mut()]
        .into_iter()
        .flatten()
    {
        name_below(d, hint, level + 1, taken, created);
    }
}

/// The fields keys of the inline objects that appear more than once in `spec`.
fn repeated(spec: &mut ConnectorSpec) -> HashSet<String> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    visit_spec(spec, &mut |def, _| {
        if let Some(key) = fields_key(def) {
            *counts.entry(key).or_default() += 1;
        }
        true
    });
    counts
        .into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|(k, _)| k)
        .collect()
}

/// The objects hoisting makes.
#[derive(Default)]
struct Hoisted {
    /// The object's name by fields key.
    named: HashMap<String, String>,
    /// The new objects, in the order they were made.
    created: Vec<(String, TypeDef)>,
    /// The kept extensions each new object took from its first copy.
    object_extensions: HashMap<String, Option<Extensions>>,
}

impl Hoisted {
    /// Replaces each copy of a `repeated` object in `spec` by a reference, making the object
    /// (named clear of `taken`) at its first copy.
    fn name_copies(
        &mut self,
        spec: &mut ConnectorSpec,
        repeated: &HashSet<String>,
        mut taken: UniqueNames,
    ) {
        visit_spec(spec, &mut |def, hint| {
            let Some(key) = fields_key(def) else {
                return true;
            };
            if !repeated.contains(&key) {
                return true;
            }
            let name = match self.named.get(&key) {
                Some(name) => name.clone(),
                None => {
                    let name = unique_name(hint, &mut taken);
                    self.named.insert(key.clone(), name.clone());
                    // What the first copy keeps as written (its title) describes the object.
                    let (object, kept) = object_with_extensions(def);
                    self.object_extensions.insert(name.clone(), kept);
                    self.created.push((name.clone(), object));
                    name
                }
            };
            let kept = self.object_extensions.get(&name).cloned().flatten();
            *def = reference(def, &name, kept.as_ref());
            false
        });
    }

    /// The new objects may hold copies of other repeated objects: those become references too.
    fn name_nested_copies(&mut self) {
        let mut index = 0;
        while index < self.created.len() {
            let (name, mut def) = self.created[index].clone();
            visit_def(
                &mut def,
                &name,
                &mut |d, _| {
                    let Some(key) = fields_key(d) else {
                        return true;
                    };
                    let Some(existing) = self.named.get(&key).cloned() else {
                        return true;
                    };
                    let kept = self.object_extensions.get(&existing).cloned().flatten();
                    *d = reference(d, &existing, kept.as_ref());
                    false
                },
                true,
            );
            self.created[index].1 = def;
            index += 1;
        }
    }
}

/// What replaces an inline copy of the object `name`: the name, with the copy's own keys
/// beside it (a description, `required`, …), except the kept extensions the object took; a
/// copy with keys of its own is marked [`IN_PLACE`].
fn reference(def: &TypeDef, name: &str, object_extensions: Option<&Extensions>) -> TypeDef {
    let mut rest = (*def.body).clone();
    rest.fields = None;
    rest.map = None;
    if object_extensions.is_some_and(|kept| *kept == rest.extensions) {
        rest.extensions.clear();
    }
    if rest.is_unset() {
        return type_def(TypeBody {
            type_name: Some(text(name)),
            ..TypeBody::default()
        });
    }
    // The copy says more than the object: it was written in place, and is again.
    rest.extensions.insert(IN_PLACE.into(), Value::Bool(true));
    rest.type_name.get_or_insert_with(|| text(name));
    type_def(rest)
}

/// The identity of an inline object: its fields and the type of its extra keys, written out
/// (from the definition itself: what [`object_part`] would copy is only read).
fn fields_key(def: &TypeDef) -> Option<String> {
    let fields = def.body.fields.as_ref()?;
    if fields.len() < MIN_FIELDS {
        return None;
    }
    serde_json::to_string(&(fields, &def.body.map)).ok()
}

/// The object hoisted from `def`, with the kept extensions of `def` (its title, …), which
/// describe the object; those extensions again when there are any, for [`reference`].
fn object_with_extensions(def: &TypeDef) -> (TypeDef, Option<Extensions>) {
    let mut object = object_part(def);
    object.body.extensions = def.body.extensions.clone();
    let kept = &object.body.extensions;
    let kept = (!kept.is_empty()).then(|| kept.clone());
    (object, kept)
}

/// What a hoisted object takes from an inline definition: its fields, and its extra keys'
/// type (`map`) when it has one, since `type` cannot stand beside `map`.
fn object_part(def: &TypeDef) -> TypeDef {
    type_def(TypeBody {
        fields: Some(def.body.fields.clone().unwrap_or_default()),
        map: def.body.map.clone(),
        ..TypeBody::default()
    })
}

fn unique_name(hint: &str, taken: &mut UniqueNames) -> String {
    let base = crate::names::pascal_ident(hint);
    taken.claim(if base.is_empty() { "Object" } else { &base })
}

/// Calls `f` on every type definition of the spec, outermost first, with a name hint; `f`
/// returns whether to descend into the definition.
fn visit_spec(spec: &mut ConnectorSpec, f: &mut dyn FnMut(&mut TypeDef, &str) -> bool) {
    for (name, def) in spec.objects.iter_mut() {
        // A named object is not replaced by itself, only searched.
        visit_def(def, name.get(), f, true);
    }
    visit_spec_roots(spec, &mut |def, hint| visit_def(def, hint, f, false));
}

/// Calls `f` on the type written at each place outside `objects` (parameters, bodies, answers),
/// with a name hint.
fn visit_spec_roots(spec: &mut ConnectorSpec, f: &mut dyn FnMut(&mut TypeDef, &str)) {
    for (op_name, op) in spec.actions.iter_mut() {
        for (name, def) in op.params.iter_mut() {
            f(def, name.get());
        }
        if let Some(body) = op.body.as_mut() {
            let hint = format!("{}Body", op_name.get());
            visit_container(body.type_def.as_mut(), body.fields.as_mut(), &hint, f);
        }
        if let Some(returns) = op.returns.as_mut() {
            f(returns, &format!("{}Response", op_name.get()));
        }
        if let Some(response) = op.response.as_mut() {
            let hint = format!("{}Response", op_name.get());
            visit_container(
                response.type_def.as_mut(),
                response.fields.as_mut(),
                &hint,
                f,
            );
        }
    }
    for (_, trigger) in spec.triggers.iter_mut() {
        for (name, def) in trigger.params.iter_mut() {
            f(def, name.get());
        }
    }
}

/// A body or response: `type`, or `fields` of an inline object.
fn visit_container(
    ty: Option<&mut TypeDef>,
    fields: Option<&mut codegen::spec::NamedMap<TypeDef>>,
    hint: &str,
    f: &mut dyn FnMut(&mut TypeDef, &str),
) {
    if let Some(ty) = ty {
        f(ty, hint);
    }
    for (name, def) in fields.into_iter().flat_map(|fields| fields.iter_mut()) {
        f(def, name.get());
    }
}

fn visit_def(
    def: &mut TypeDef,
    hint: &str,
    f: &mut dyn FnMut(&mut TypeDef, &str) -> bool,
    root: bool,
) {
    if !root && !f(def, hint) {
        return;
    }
    let body = &mut *def.body;
    for (name, d) in body.fields.iter_mut().flat_map(|fields| fields.iter_mut()) {
        visit_def(d, name.get(), f, false);
    }
    for d in [body.list.as_mut(), body.map.as_mut()]
        .into_iter()
        .flatten()
    {
        visit_def(d, hint, f, false);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A kept title describes the inline schema, so it moves with it into the hoisted object;
    /// a copy with another title keeps its own beside the name, marked as written in place.
    #[test]
    fn kept_extensions_move_into_the_hoisted_object() {
        let fields = json!({ "id": "string", "name": "string" });
        let titled = |title: &str| json!({ "fields": fields, "extensions": { "title": title } });
        let mut spec: ConnectorSpec = super::super::typed::from_tree(json!({
            "title": "T", "base_url": "https://example.com",
            "actions": {
                "GetA": { "request": "GET /a", "returns": titled("Thing") },
                "GetB": { "request": "GET /b", "returns": titled("Thing") },
                "GetC": { "request": "GET /c", "returns": titled("Other") },
            }
        }))
        .expect("a spec");
        hoist(&mut spec);
        let spec = super::super::typed::to_tree(&spec);
        let object = &spec["objects"]["GetAResponse"];
        assert_eq!(object["extensions"], json!({ "title": "Thing" }), "{spec}");
        assert_eq!(spec["actions"]["GetA"]["returns"], json!("GetAResponse"));
        assert_eq!(spec["actions"]["GetB"]["returns"], json!("GetAResponse"));
        assert_eq!(
            spec["actions"]["GetC"]["returns"],
            json!({ "type": "GetAResponse", "extensions": { "title": "Other", IN_PLACE: true } })
        );
    }

    /// Fields `f{levels-1}` … `f0` each holding the next as an inline object; `f0` is text.
    fn chain(levels: usize) -> serde_json::Value {
        let mut def = json!("string");
        for level in 0..levels {
            def = json!({ "fields": { format!("f{level}"): def, "note": "string" } });
        }
        def
    }

    /// The field names met going down `def` through inline and named objects, deepest last, and
    /// the most levels of inline objects met under one written type.
    fn walk_chain(spec: &serde_json::Value, def: &serde_json::Value) -> (Vec<String>, usize) {
        let (mut names, mut deepest, mut inline) = (Vec::new(), 0, 0);
        let mut at = def.clone();
        loop {
            if let Some(name) = at.as_str().filter(|n| *n != "string") {
                at = spec["objects"][name].clone();
                inline = 0;
                continue;
            }
            let Some(fields) = at.get("fields").and_then(|f| f.as_object()) else {
                return (names, deepest);
            };
            inline += 1;
            deepest = deepest.max(inline);
            let (name, next) = fields
                .iter()
                .find(|(name, _)| *name != "note")
                .expect("a chained field");
            names.push(name.clone());
            at = next.clone();
        }
    }

    #[test]
    fn a_deep_schema_becomes_a_chain_of_named_objects_that_keeps_every_level() {
        let mut spec: ConnectorSpec = super::super::typed::from_tree(json!({
            "title": "T", "base_url": "https://example.com",
            "objects": { "F3": { "fields": { "a": "string", "b": "string" } } },
            "actions": { "GetDeep": { "request": "GET /deep", "returns": chain(40) } }
        }))
        .expect("a spec");
        assert!(name_deep_objects(&mut spec));
        let tree = super::super::typed::to_tree(&spec);
        let (names, deepest) = walk_chain(&tree, &tree["actions"]["GetDeep"]["returns"]);
        let expected: Vec<String> = (0..40).rev().map(|l| format!("f{l}")).collect();
        assert_eq!(names, expected, "{tree}");
        assert!(deepest <= DEEP_LEVELS, "{deepest} levels inline: {tree}");
        assert_eq!(
            tree["objects"]["F3"],
            json!({ "fields": { "a": "string", "b": "string" } }),
            "an object of the same name is not replaced"
        );
        let mut shallow: ConnectorSpec = super::super::typed::from_tree(json!({
            "title": "T", "base_url": "https://example.com",
            "actions": { "GetA": { "request": "GET /a", "returns": chain(DEEP_LEVELS) } }
        }))
        .expect("a spec");
        let before = shallow.clone();
        assert!(!name_deep_objects(&mut shallow));
        assert_eq!(shallow, before);
    }
}
