//! Named objects instead of repeated inline schemas: an inline object whose fields appear at
//! least twice in the spec becomes an entry of `objects` and every copy becomes its name.

use std::collections::{HashMap, HashSet};

use serde_json::{json, Map, Value};

use super::schema::expand;
use crate::emit::openapi_kept::IN_PLACE;

/// Objects with fewer fields stay inline.
const MIN_FIELDS: usize = 2;

/// Hoists repeated inline objects of `spec` (an ordered spec value) into `objects`.
pub(crate) fn hoist(spec: &mut Value) {
    let repeated = repeated(spec);
    if repeated.is_empty() {
        return;
    }
    let taken: HashSet<String> = spec
        .get("objects")
        .and_then(Value::as_object)
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default();
    let mut hoisted = Hoisted::default();
    hoisted.name_copies(spec, &repeated, taken);
    hoisted.name_nested_copies();
    let created = hoisted.created;
    if let Some(Value::Object(objects)) = spec.get_mut("objects") {
        for (name, def) in created {
            objects.insert(name, def);
        }
    } else if let Some(map) = spec.as_object_mut() {
        map.insert(
            "objects".into(),
            Value::Object(created.into_iter().collect()),
        );
    }
}

/// The fields keys of the inline objects that appear more than once in `spec`.
fn repeated(spec: &mut Value) -> HashSet<String> {
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
    created: Vec<(String, Value)>,
    /// The kept extensions each new object took from its first copy.
    object_extensions: HashMap<String, Option<Value>>,
}

impl Hoisted {
    /// Replaces each copy of a `repeated` object in `spec` by a reference, making the object
    /// (named clear of `taken`) at its first copy.
    fn name_copies(
        &mut self,
        spec: &mut Value,
        repeated: &HashSet<String>,
        mut taken: HashSet<String>,
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
                    let mut object = object_part(def);
                    // What the first copy keeps as written (its title) describes the object.
                    if let Some(kept) = def.get("extensions") {
                        object["extensions"] = kept.clone();
                    }
                    self.object_extensions
                        .insert(name.clone(), object.get("extensions").cloned());
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
fn reference(def: &Value, name: &str, object_extensions: Option<&Value>) -> Value {
    let mut rest = expand(def.clone());
    rest.remove("fields");
    rest.remove("map");
    if object_extensions.is_some() && rest.get("extensions") == object_extensions {
        rest.remove("extensions");
    }
    if rest.is_empty() {
        json!(name)
    } else {
        // The copy says more than the object: it was written in place, and is again.
        let kept = rest.entry("extensions").or_insert_with(|| json!({}));
        if let Value::Object(kept) = kept {
            kept.insert(IN_PLACE.into(), json!(true));
        }
        let mut m = Map::new();
        m.insert("type".into(), json!(name));
        m.extend(rest);
        super::schema::compact(m)
    }
}

/// The identity of an inline object: its fields and the type of its extra keys, written out.
fn fields_key(def: &Value) -> Option<String> {
    let fields = def.get("fields")?.as_object()?;
    if fields.len() < MIN_FIELDS {
        return None;
    }
    serde_json::to_string(&object_part(def)).ok()
}

/// What a hoisted object takes from an inline definition: its fields, and its extra keys'
/// type (`map`) when it has one, since `type` cannot stand beside `map`.
fn object_part(def: &Value) -> Value {
    let mut object = Map::new();
    object.insert(
        "fields".into(),
        def.get("fields").cloned().unwrap_or(json!({})),
    );
    if let Some(map) = def.get("map") {
        object.insert("map".into(), map.clone());
    }
    Value::Object(object)
}

fn unique_name(hint: &str, taken: &mut HashSet<String>) -> String {
    let base = crate::names::pascal_ident(hint);
    let base = if base.is_empty() {
        "Object".to_owned()
    } else {
        base
    };
    let mut name = base.clone();
    let mut n = 2;
    while taken.contains(&name) {
        name = format!("{base}{n}");
        n += 1;
    }
    taken.insert(name.clone());
    name
}

/// Calls `f` on every type definition of the spec, outermost first, with a name hint; `f`
/// returns whether to descend into the definition.
fn visit_spec(spec: &mut Value, f: &mut dyn FnMut(&mut Value, &str) -> bool) {
    if let Some(Value::Object(objects)) = spec.get_mut("objects") {
        for (name, def) in objects.iter_mut() {
            // A named object is not replaced by itself, only searched.
            visit_def(def, name, f, true);
        }
    }
    for section in ["actions", "triggers"] {
        let Some(Value::Object(ops)) = spec.get_mut(section) else {
            continue;
        };
        for (op_name, op) in ops.iter_mut() {
            let Some(op) = op.as_object_mut() else {
                continue;
            };
            if let Some(Value::Object(params)) = op.get_mut("params") {
                for (name, def) in params.iter_mut() {
                    visit_def(def, name, f, false);
                }
            }
            if let Some(body) = op.get_mut("body") {
                visit_container(body, &format!("{op_name}Body"), f);
            }
            if let Some(returns) = op.get_mut("returns") {
                visit_def(returns, &format!("{op_name}Response"), f, false);
            }
            if let Some(response) = op.get_mut("response") {
                visit_container(response, &format!("{op_name}Response"), f);
            }
        }
    }
}

/// A body or response: `type`, or `fields` of an inline object.
fn visit_container(container: &mut Value, hint: &str, f: &mut dyn FnMut(&mut Value, &str) -> bool) {
    if let Some(ty) = container.get_mut("type") {
        visit_def(ty, hint, f, false);
    }
    if let Some(Value::Object(fields)) = container.get_mut("fields") {
        for (name, def) in fields.iter_mut() {
            visit_def(def, name, f, false);
        }
    }
}

fn visit_def(def: &mut Value, hint: &str, f: &mut dyn FnMut(&mut Value, &str) -> bool, root: bool) {
    if !root && !f(def, hint) {
        return;
    }
    match def {
        Value::Array(items) => {
            for item in items.iter_mut() {
                visit_def(item, hint, f, false);
            }
        }
        Value::Object(map) => {
            if let Some(Value::Object(fields)) = map.get_mut("fields") {
                for (name, d) in fields.iter_mut() {
                    visit_def(d, name, f, false);
                }
            }
            for key in ["list", "map"] {
                if let Some(d) = map.get_mut(key) {
                    visit_def(d, hint, f, false);
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A kept title describes the inline schema, so it moves with it into the hoisted object;
    /// a copy with another title keeps its own beside the name, marked as written in place.
    #[test]
    fn kept_extensions_move_into_the_hoisted_object() {
        let fields = json!({ "id": "string", "name": "string" });
        let titled = |title: &str| json!({ "fields": fields, "extensions": { "title": title } });
        let mut spec = json!({ "actions": {
            "GetA": { "request": "GET /a", "returns": titled("Thing") },
            "GetB": { "request": "GET /b", "returns": titled("Thing") },
            "GetC": { "request": "GET /c", "returns": titled("Other") },
        }});
        hoist(&mut spec);
        let object = &spec["objects"]["GetAResponse"];
        assert_eq!(object["extensions"], json!({ "title": "Thing" }), "{spec}");
        assert_eq!(spec["actions"]["GetA"]["returns"], json!("GetAResponse"));
        assert_eq!(spec["actions"]["GetB"]["returns"], json!("GetAResponse"));
        assert_eq!(
            spec["actions"]["GetC"]["returns"],
            json!({ "type": "GetAResponse", "extensions": { "title": "Other", IN_PLACE: true } })
        );
    }
}
