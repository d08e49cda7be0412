//! Random connector specs whose names come from a hostile alphabet: keywords, digits, unicode,
//! quotes, comment terminators and names equal to the generated client's own methods, with
//! bidirectional controls in their descriptions (the checker refuses them in names). Every spec that checks clean must generate Rust that compiles clean;
//! a spec that does not is a bug in the checker or the emitter.

use serde_json::{json, Map, Value};

/// Names that have broken generated code, or could.
const HOSTILE: &[&str] = &[
    "type",
    "self",
    "Self",
    "super",
    "crate",
    "fn",
    "async",
    "new",
    "with_limits",
    "with_base_url",
    "limit_defs",
    "connection",
    "runtime",
    "clone",
    "next",
    "default",
    "from_text",
    "into_parts",
    "List",
    "ListStream",
    "list_stream",
    "Unknown",
    "unknown",
    "2fa",
    "10",
    "a b",
    "a-b",
    "a.b",
    "prénom",
    "名前",
    "quote\"d",
    "*/",
    "/*",
    "back\\slash",
    "params",
    "body",
    "store",
    "options",
    "notification_url",
    "request",
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "types",
    "requests",
];

/// A small deterministic generator (no dependency beyond the standard library).
pub struct Rng(u64);

impl Rng {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407))
    }

    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(2685821657736338717)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// A hostile name, sometimes with a suffix so that siblings rarely repeat exactly.
    fn name(&mut self) -> String {
        let base = self.pick(HOSTILE).to_string();
        if self.chance(30) {
            format!("{base}{}", self.below(3))
        } else {
            base
        }
    }
}

/// A type for a field or parameter: a scalar, a list, a map, an enum or another object.
fn field_type(rng: &mut Rng, objects: &[String], depth: usize) -> Value {
    match rng.below(if depth > 1 { 6 } else { 9 }) {
        0 => json!({ "type": "string" }),
        1 => json!({ "type": "integer" }),
        2 => json!({ "type": "number" }),
        3 => json!({ "type": "boolean" }),
        4 => json!({ "type": "datetime" }),
        5 => json!({ "type": "any" }),
        6 if !objects.is_empty() => json!({ "type": rng.pick(objects).clone() }),
        6 | 7 => json!({ "list": field_type(rng, objects, depth + 1) }),
        _ => {
            let values: Vec<Value> = (0..1 + rng.below(3)).map(|_| json!(rng.name())).collect();
            json!({ "enum": values })
        }
    }
}

fn fields(rng: &mut Rng, objects: &[String]) -> Value {
    let mut out = Map::new();
    for _ in 0..1 + rng.below(4) {
        let mut field = field_type(rng, objects, 0);
        if rng.chance(40) {
            field["required"] = json!(true);
        }
        if rng.chance(20) {
            field["nullable"] = json!(true);
        }
        if rng.chance(50) {
            field["summary"] = json!(rng.name());
        }
        out.insert(rng.name(), field);
    }
    Value::Object(out)
}

/// One random spec as JSON text (which is YAML), with `title`.
pub fn spec(rng: &mut Rng, title: &str) -> String {
    let mut objects = Map::new();
    let mut object_names: Vec<String> = Vec::new();
    for _ in 0..1 + rng.below(3) {
        let name = rng.name();
        let body = json!({ "summary": rng.name(), "fields": fields(rng, &object_names) });
        objects.insert(name.clone(), body);
        if !object_names.contains(&name) {
            object_names.push(name);
        }
    }
    let mut actions = Map::new();
    let mut listings: Vec<(String, String)> = Vec::new();
    for index in 0..1 + rng.below(5) {
        let name = rng.name();
        let method = *rng.pick(&["GET", "POST", "PUT", "DELETE"]);
        let path_param = rng.name();
        let mut params = Map::new();
        params.insert(
            path_param.clone(),
            json!({ "in": "path", "type": "string", "required": true, "summary": rng.name() }),
        );
        for _ in 0..rng.below(7) {
            let mut param = field_type(rng, &[], 1);
            param["in"] = json!(*rng.pick(&["query", "header"]));
            if rng.chance(50) {
                param["required"] = json!(true);
            }
            if param.get("list").is_some() && param["in"] == "query" {
                param["array_style"] = json!(*rng.pick(&["csv", "multi", "pipes", "ssv"]));
            }
            params.insert(rng.name(), param);
        }
        let item = rng.pick(&object_names).clone();
        let mut action = json!({
            "summary": rng.name(),
            "description": format!("{} */ and \u{202e} text", rng.name()),
            "request": format!("{method} /r{index}/{{{path_param}}}"),
            "params": params,
        });
        if method != "GET" && method != "DELETE" && rng.chance(60) {
            action["body"] =
                json!({ "type": rng.pick(&object_names).clone(), "required": rng.chance(50) });
        }
        if rng.chance(40) {
            // A paged listing: its items under `items`, the next token under `next`.
            let token = format!("t{index}");
            action["params"][&token] = json!({ "in": "query", "type": "string" });
            action["returns"] = json!({ "fields": {
                "items": { "list": item.clone() },
                "next": { "type": "string" }
            }});
            action["paginate"] =
                json!({ "cursor": { "param": token, "next": "next", "items": "items" } });
            if method == "GET" {
                listings.push((name.clone(), item.clone()));
            }
        } else if rng.chance(50) {
            action["returns"] = json!({ "list": item });
        } else {
            action["returns"] = json!(item);
        }
        actions.insert(name, action);
    }
    let mut triggers = Map::new();
    for (action, item) in listings {
        // The item's first field tells items apart.
        let identity = objects[&item]["fields"]
            .as_object()
            .and_then(|f| f.keys().next().cloned());
        if let (Some(identity), true) = (identity, rng.chance(70)) {
            triggers.insert(
                rng.name(),
                json!({ "summary": rng.name(), "poll": { "action": action, "identity": identity } }),
            );
        }
    }
    let spec = json!({
        "title": title,
        "base_url": "https://api.example.com",
        "objects": objects,
        "actions": actions,
        "triggers": triggers,
    });
    serde_json::to_string_pretty(&spec).unwrap()
}
