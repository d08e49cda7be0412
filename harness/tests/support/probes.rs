//! Marks every object of a Swagger 2.0 document that may carry vendor extensions with an
//! `x-probe` key of its own, so a round trip shows each place where an extension the importer
//! has never heard of is lost. Real connectors carry extensions nobody has listed (new platform
//! keys, a publisher's own); a faithful import keeps them wherever they stand.
//!
//! Parameters, schemas, items and headers that have no `description` or `x-ms-summary` also get
//! one each, so a label is seen to survive wherever it may be written; query parameters get
//! `allowEmptyValue`, and schemas the Swagger keywords the spec language has no place for
//! (`title`, `externalDocs`, and by type `xml`, `multipleOf`, `uniqueItems`, `maxProperties`).
//!
//! Objects beside a `$ref` are left alone (the platform reads nothing there), and so are values
//! that are data: `example`, `default`, `enum` and the values of other `x-` keys.

use serde_json::{json, Map, Value};

/// The key every probe is written under.
pub const PROBE: &str = "x-probe";

/// Probes `doc` in place; returns how many probes were written.
pub fn probe_document(doc: &mut Value) -> usize {
    let mut probes = Probes(0);
    probes.root(doc);
    probes.0
}

/// Probes an `apiProperties.json` in place: its root, its `properties`, each connection
/// parameter with its UI definition, constraints and OAuth settings, and each policy; returns
/// how many probes were written.
pub fn probe_properties(doc: &mut Value, first: usize) -> usize {
    let mut probes = Probes(first);
    let Some(root) = doc.as_object_mut() else {
        return 0;
    };
    if let Some(properties) = root.get_mut("properties").and_then(Value::as_object_mut) {
        for parameter in Probes::named(properties.get_mut("connectionParameters")) {
            let Some(parameter) = parameter.as_object_mut() else {
                continue;
            };
            if let Some(ui) = parameter
                .get_mut("uiDefinition")
                .and_then(Value::as_object_mut)
            {
                if let Some(c) = ui.get_mut("constraints").and_then(Value::as_object_mut) {
                    probes.mark(c);
                }
                probes.mark(ui);
            }
            if let Some(o) = parameter
                .get_mut("oAuthSettings")
                .and_then(Value::as_object_mut)
            {
                probes.mark(o);
            }
            probes.mark(parameter);
        }
        for policy in properties
            .get_mut("policyTemplateInstances")
            .and_then(Value::as_array_mut)
            .into_iter()
            .flatten()
        {
            if let Some(policy) = policy.as_object_mut() {
                probes.mark(policy);
            }
        }
        probes.mark(properties);
    }
    probes.mark(root);
    probes.0 - first
}

/// The count of probes written so far, which also numbers them.
struct Probes(usize);

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch"];

impl Probes {
    fn mark(&mut self, object: &mut Map<String, Value>) {
        object.insert(PROBE.into(), json!({ "at": self.0 }));
        self.0 += 1;
    }

    /// [`Probes::mark`], and a description and a label where there are none.
    fn mark_with_words(&mut self, object: &mut Map<String, Value>) {
        for (key, word) in [
            ("description", "Probe description"),
            ("x-ms-summary", "Probe"),
        ] {
            if !object.contains_key(key) {
                object.insert(key.into(), json!(format!("{word} {}", self.0)));
            }
        }
        self.mark(object);
    }

    /// The object `value` is, unless it is a reference (or not an object).
    fn own(value: &mut Value) -> Option<&mut Map<String, Value>> {
        value.as_object_mut().filter(|o| !o.contains_key("$ref"))
    }

    /// The entries of a map of named things, without its own extensions.
    fn named(map: Option<&mut Value>) -> impl Iterator<Item = &mut Value> {
        map.and_then(Value::as_object_mut)
            .into_iter()
            .flat_map(|m| m.iter_mut())
            .filter(|(k, _)| !k.starts_with("x-"))
            .map(|(_, v)| v)
    }

    fn root(&mut self, doc: &mut Value) {
        let Some(root) = doc.as_object_mut() else {
            return;
        };
        for key in ["info", "externalDocs"] {
            if let Some(object) = root.get_mut(key).and_then(Value::as_object_mut) {
                for inner in ["contact", "license"] {
                    if let Some(o) = object.get_mut(inner).and_then(Value::as_object_mut) {
                        self.mark(o);
                    }
                }
                self.mark(object);
            }
        }
        for tag in root
            .get_mut("tags")
            .and_then(Value::as_array_mut)
            .into_iter()
            .flatten()
        {
            if let Some(tag) = tag.as_object_mut() {
                self.mark(tag);
            }
        }
        for item in Self::named(root.get_mut("paths")) {
            self.path_item(item);
        }
        for p in Self::named(root.get_mut("parameters")) {
            self.parameter(p);
        }
        for r in Self::named(root.get_mut("responses")) {
            self.response(r);
        }
        for s in Self::named(root.get_mut("definitions")) {
            self.schema(s);
        }
        for scheme in Self::named(root.get_mut("securityDefinitions")) {
            if let Some(scheme) = scheme.as_object_mut() {
                self.mark(scheme);
            }
        }
        self.mark(root);
    }

    fn path_item(&mut self, item: &mut Value) {
        let Some(item) = Self::own(item) else {
            return;
        };
        for p in item
            .get_mut("parameters")
            .and_then(Value::as_array_mut)
            .into_iter()
            .flatten()
        {
            self.parameter(p);
        }
        for method in METHODS {
            if let Some(op) = item.get_mut(*method).and_then(Value::as_object_mut) {
                self.operation(op);
            }
        }
        self.mark(item);
    }

    fn operation(&mut self, op: &mut Map<String, Value>) {
        for p in op
            .get_mut("parameters")
            .and_then(Value::as_array_mut)
            .into_iter()
            .flatten()
        {
            self.parameter(p);
        }
        for r in Self::named(op.get_mut("responses")) {
            self.response(r);
        }
        self.mark(op);
    }

    fn parameter(&mut self, p: &mut Value) {
        let Some(p) = Self::own(p) else {
            return;
        };
        if p.get("in").and_then(Value::as_str) == Some("query") {
            p.entry("allowEmptyValue").or_insert(json!(false));
        }
        if let Some(schema) = p.get_mut("schema") {
            self.schema(schema);
        }
        if let Some(items) = p.get_mut("items") {
            self.items(items);
        }
        self.mark_with_words(p);
    }

    fn items(&mut self, items: &mut Value) {
        let Some(items) = Self::own(items) else {
            return;
        };
        if let Some(inner) = items.get_mut("items") {
            self.items(inner);
        }
        self.mark_with_words(items);
    }

    fn response(&mut self, r: &mut Value) {
        let Some(r) = Self::own(r) else {
            return;
        };
        if let Some(schema) = r.get_mut("schema") {
            self.schema(schema);
        }
        for header in Self::named(r.get_mut("headers")) {
            self.items(header);
        }
        self.mark(r);
    }

    fn schema(&mut self, schema: &mut Value) {
        let Some(s) = Self::own(schema) else {
            return;
        };
        let n = self.0;
        s.entry("title")
            .or_insert(json!(format!("Probe title {n}")));
        s.entry("externalDocs")
            .or_insert(json!({ "url": format!("https://docs.example/{n}") }));
        let keyword = match s.get("type").and_then(Value::as_str) {
            Some("string") => Some(("xml", json!({ "name": format!("probe{n}") }))),
            Some("integer") => Some(("multipleOf", json!(1))),
            Some("array") => Some(("uniqueItems", json!(false))),
            Some("object") => Some(("maxProperties", json!(100_000))),
            _ => None,
        };
        if let Some((key, value)) = keyword {
            s.entry(key).or_insert(value);
        }
        for property in Self::named(s.get_mut("properties")) {
            self.schema(property);
        }
        match s.get_mut("items") {
            Some(Value::Array(items)) => items.iter_mut().for_each(|i| self.schema(i)),
            Some(items) => self.schema(items),
            None => {}
        }
        if let Some(extra) = s.get_mut("additionalProperties") {
            self.schema(extra);
        }
        for key in ["allOf", "anyOf", "oneOf"] {
            for part in s
                .get_mut(key)
                .and_then(Value::as_array_mut)
                .into_iter()
                .flatten()
            {
                self.schema(part);
            }
        }
        self.mark_with_words(s);
    }
}
