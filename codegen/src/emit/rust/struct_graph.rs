//! The analyses over the graph of structs holding structs: which structs can derive `Eq` and
//! `Hash`, and which fields are boxed against recursion. Each is one pass over the graph, so a
//! long chain of structs costs no more per struct than a short one.

use crate::fast_hash::{Map as HashMap, Set as HashSet};

use super::inventory::Decl;
use crate::ir::{Connector, ObjectType, ScalarKind, Type};

/// The structs of the inventory, numbered in declaration order, with a number per Rust name.
struct Structs<'a> {
    objects: Vec<&'a ObjectType>,
    number: HashMap<&'a str, usize>,
}

impl<'a> Structs<'a> {
    fn of(decls: &[Decl<'a>]) -> Structs<'a> {
        let objects: Vec<&ObjectType> = decls
            .iter()
            .filter_map(|decl| match *decl {
                Decl::Struct(object, _) => Some(object),
                _ => None,
            })
            .collect();
        let mut number = crate::fast_hash::map_with_capacity(objects.len());
        for (at, object) in objects.iter().enumerate() {
            number.entry(object.rust_name.as_str()).or_insert(at);
        }
        Structs { objects, number }
    }
}

/// Which struct fields need a `Box` because their struct contains itself through them.
///
/// A field of `owner` holding `target` directly is boxed when `owner` can be reached from
/// `target`: since `owner` reaches `target` through the field, that is when both lie in one
/// strongly connected component of the graph of structs held directly (not through a list or
/// a map, which already put their items behind a pointer).
pub(crate) struct Recursion {
    /// Struct name → its strongly connected component.
    component: HashMap<String, usize>,
}

impl Recursion {
    /// The containment graph of the connector's structs (`decls` is its
    /// [`inventory`](super::inventory::inventory)), split into its components.
    pub(crate) fn of(connector: &Connector, decls: &[Decl]) -> Recursion {
        let structs = Structs::of(decls);
        let edges: Vec<Vec<usize>> = structs
            .objects
            .iter()
            .map(|object| {
                object
                    .fields
                    .iter()
                    .filter_map(|f| direct_struct(connector, &f.ty))
                    .filter_map(|name| structs.number.get(name).copied())
                    .collect()
            })
            .collect();
        let components = crate::graph::strongly_connected(&edges);
        let component = structs
            .number
            .iter()
            .map(|(&name, &at)| (name.to_owned(), components[at]))
            .collect();
        Recursion { component }
    }

    /// Whether a field of type `ty` in struct `owner` must be boxed.
    pub(crate) fn needs_box(&self, connector: &Connector, owner: &str, ty: &Type) -> bool {
        let Some(target) = direct_struct(connector, ty) else {
            return false;
        };
        target == owner
            || matches!(
                (self.component.get(owner), self.component.get(target)),
                (Some(a), Some(b)) if a == b
            )
    }
}

/// The struct a field of type `ty` holds directly, if any.
fn direct_struct<'a>(connector: &'a Connector, ty: &'a Type) -> Option<&'a str> {
    match connector.resolve(ty) {
        Type::Object(object) => Some(&object.rust_name),
        _ => None,
    }
}

/// Which structs can derive `Eq` and `Hash`: those that hold no floating-point number, directly
/// or through the types they hold.
pub(crate) struct Hashable {
    /// Structs (by Rust name) that cannot.
    not: HashSet<String>,
}

impl Hashable {
    /// The structs of `connector` that can (`decls` is its
    /// [`inventory`](super::inventory::inventory)).
    ///
    /// A struct that holds a number cannot, nor can any struct that holds one that cannot: the
    /// structs that cannot are those from which a number is reached, found by walking back
    /// from the numbers' holders along "is held by", each struct once.
    pub(crate) fn of(connector: &Connector, decls: &[Decl]) -> Hashable {
        let structs = Structs::of(decls);
        let mut held_by: Vec<Vec<usize>> = vec![Vec::new(); structs.objects.len()];
        let mut cannot = vec![false; structs.objects.len()];
        let mut found: Vec<usize> = Vec::new();
        for (at, object) in structs.objects.iter().enumerate() {
            let mut holds_number = false;
            let mut note = |held: Held| match held {
                Held::Number => holds_number = true,
                Held::Struct(name) => {
                    if let Some(&held) = structs.number.get(name) {
                        held_by[held].push(at);
                    }
                }
            };
            for field in &object.fields {
                held(connector, &field.ty, &mut note);
            }
            if let Some(value) = &object.additional {
                held(connector, value, &mut note);
            }
            if holds_number && !cannot[at] {
                cannot[at] = true;
                found.push(at);
            }
        }
        while let Some(at) = found.pop() {
            for &holder in &held_by[at] {
                if !cannot[holder] {
                    cannot[holder] = true;
                    found.push(holder);
                }
            }
        }
        let not = structs
            .objects
            .iter()
            .zip(&cannot)
            .filter(|(_, &cannot)| cannot)
            .map(|(object, _)| object.rust_name.clone())
            .collect();
        Hashable { not }
    }

    /// Whether the struct `object` can derive `Eq` and `Hash`.
    pub(crate) fn object(&self, object: &ObjectType) -> bool {
        !self.not.contains(&object.rust_name)
    }
}

/// What a type holds that decides whether its holder can be hashed.
enum Held<'a> {
    Number,
    Struct(&'a str),
}

/// Reports what `ty` holds in place: a floating-point number, or a struct (whose own fields
/// are its own affair), through lists and maps and names.
fn held<'a>(connector: &'a Connector, ty: &'a Type, note: &mut impl FnMut(Held<'a>)) {
    match connector.resolve(ty) {
        Type::Scalar(scalar) if scalar.kind == ScalarKind::Number => note(Held::Number),
        Type::List { item, .. } => held(connector, item, note),
        Type::Map { value, .. } => held(connector, value, note),
        Type::Object(object) => note(Held::Struct(&object.rust_name)),
        Type::Scalar(_) | Type::Enum(_) | Type::Named(_) => {}
    }
}

#[cfg(test)]
#[path = "../../../tests/support/lcg.rs"]
mod lcg;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::rust::inventory::inventory;

    use super::lcg::Lcg;

    /// A spec of `n` objects whose fields hold each other directly, in lists and maps, inside
    /// inline objects and through aliases, with numbers here and there.
    fn spec(rng: &mut Lcg) -> String {
        let n = 1 + rng.below(9);
        let mut out = String::from("title: Graph\nbase_url: https://api.example.com\nobjects:\n");
        for i in 0..n {
            out.push_str(&format!("  O{i}:\n    fields:\n"));
            for f in 0..rng.below(4) {
                let other = rng.below(n);
                let ty = match rng.below(8) {
                    0 => "number".to_owned(),
                    1 => "string".to_owned(),
                    2 => format!("{{ list: O{other} }}"),
                    3 => format!("{{ map: O{other} }}"),
                    4 => format!("{{ fields: {{ inner: O{other} }} }}"),
                    5 => format!("A{other}"),
                    _ => format!("O{other}"),
                };
                out.push_str(&format!("      f{f}: {ty}\n"));
            }
        }
        for i in 0..n {
            out.push_str(&format!("  A{i}: O{i}\n"));
        }
        out.push_str(
            "actions:\n  Get:\n    summary: Get\n    request: GET /g\n    response: { type: O0 }\n",
        );
        out
    }

    /// The structs each struct holds directly, as a plain reading of its fields.
    fn direct(connector: &Connector, object: &ObjectType) -> Vec<String> {
        object
            .fields
            .iter()
            .filter_map(|f| direct_struct(connector, &f.ty).map(str::to_owned))
            .collect()
    }

    /// Whether `owner` can be reached from `target` through structs held directly.
    fn reaches(
        by_name: &HashMap<&str, &ObjectType>,
        connector: &Connector,
        target: &str,
        owner: &str,
    ) -> bool {
        let mut todo = vec![target.to_owned()];
        let mut seen = HashSet::default();
        while let Some(name) = todo.pop() {
            if name == owner {
                return true;
            }
            if seen.insert(name.clone()) {
                if let Some(object) = by_name.get(name.as_str()) {
                    todo.extend(direct(connector, object));
                }
            }
        }
        false
    }

    /// Whether a type holds a number, or a struct in `not`, in place.
    fn spoils(connector: &Connector, ty: &Type, not: &HashSet<String>) -> bool {
        match connector.resolve(ty) {
            Type::Scalar(s) => s.kind == ScalarKind::Number,
            Type::List { item, .. } => spoils(connector, item, not),
            Type::Map { value, .. } => spoils(connector, value, not),
            Type::Object(o) => not.contains(&o.rust_name),
            Type::Enum(_) | Type::Named(_) => false,
        }
    }

    #[test]
    fn the_graph_passes_answer_as_plain_readings_do() {
        let mut rng = Lcg(0x6ea4);
        let mut boxed = 0;
        let mut unhashable = 0;
        for case in 0..600 {
            let text = spec(&mut rng);
            let outcome = crate::check_source("graph.yaml", text.clone(), &Default::default());
            let connector = outcome.connector.expect("the random spec checks");
            let decls = inventory(&connector);
            let recursion = Recursion::of(&connector, &decls);
            let hashable = Hashable::of(&connector, &decls);
            let objects = Structs::of(&decls).objects;
            let by_name: HashMap<&str, &ObjectType> =
                objects.iter().map(|o| (o.rust_name.as_str(), *o)).collect();
            for object in &objects {
                for field in &object.fields {
                    let plain = direct_struct(&connector, &field.ty).is_some_and(|target| {
                        reaches(&by_name, &connector, target, &object.rust_name)
                    });
                    boxed += usize::from(plain);
                    assert_eq!(
                        recursion.needs_box(&connector, &object.rust_name, &field.ty),
                        plain,
                        "case {case}: {}.{} in\n{text}",
                        object.rust_name,
                        field.rust_name
                    );
                }
            }
            // Until nothing changes: a struct holding one that cannot, cannot either.
            let mut not: HashSet<String> = HashSet::default();
            loop {
                let before = not.len();
                for object in &objects {
                    let spoilt = object
                        .fields
                        .iter()
                        .any(|f| spoils(&connector, &f.ty, &not))
                        || object
                            .additional
                            .as_ref()
                            .is_some_and(|v| spoils(&connector, v, &not));
                    if spoilt {
                        not.insert(object.rust_name.clone());
                    }
                }
                if not.len() == before {
                    break;
                }
            }
            for object in &objects {
                unhashable += usize::from(not.contains(&object.rust_name));
                assert_eq!(
                    hashable.object(object),
                    !not.contains(&object.rust_name),
                    "case {case}: {} in\n{text}",
                    object.rust_name
                );
            }
        }
        // The cases exercise both answers.
        assert!(
            boxed > 100 && unhashable > 100,
            "{boxed} boxed, {unhashable} unhashable"
        );
    }
}
