//! The swagger's operations, their parameters and content types, and the operation keys kept as written.

use codegen::spec::{Spanned, Visibility};
use indexmap::IndexMap;
use serde_json::{json, Map, Value};

use crate::import::typed::text;
use crate::import::{escape, generated_id, non_blank};

use super::importer::{Importer, Op};
use super::model::visibility;

impl<'a> Importer<'a> {
    /// Every operation, with a unique operation id that is also unique as a Rust method.
    pub(super) fn operations(&mut self) -> Vec<Op<'a>> {
        let mut out = Vec::new();
        let Some(paths) = self.swagger.get("paths").and_then(Value::as_object) else {
            self.warnings
                .push("/paths", "the document has no operations");
            return out;
        };
        let mut ids = crate::import::OperationIds::default();
        for (path, item) in paths {
            let Some(item) = item.as_object() else {
                continue;
            };
            for (method, op) in item {
                let lower = method.to_ascii_lowercase();
                if !METHODS.contains(&lower.as_str()) {
                    continue;
                }
                let ptr = format!("/paths/{}/{}", escape(path), method);
                let Some(op) = op.as_object() else {
                    self.warnings
                        .push(&ptr, "an operation must be an object; skipped");
                    continue;
                };
                let id = op
                    .get("operationId")
                    .and_then(Value::as_str)
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .unwrap_or_else(|| {
                        let made = generated_id(&lower, path);
                        self.warnings
                            .push(&ptr, format!("no operationId; `{made}` is used"));
                        made
                    });
                let wanted = id;
                let id = ids.claim(&wanted);
                if id != wanted {
                    self.warnings.push(
                        &format!("{ptr}/operationId"),
                        format!("operation id `{wanted}` repeats another one (or its Rust method name); renamed `{id}`"),
                    );
                }
                out.push(Op {
                    path: path.clone(),
                    method: lower,
                    op,
                    item,
                    ptr,
                    id,
                });
            }
        }
        out
    }

    /// The operation's parameters (path-level ones first, overridden by the operation's).
    pub(super) fn parameters(&mut self, op: &Op) -> Vec<(Map<String, Value>, String)> {
        let mut out: Vec<(Map<String, Value>, String)> = Vec::new();
        let lists = [
            (
                op.item.get("parameters"),
                format!("/paths/{}/parameters", escape(&op.path)),
            ),
            (op.op.get("parameters"), format!("{}/parameters", op.ptr)),
        ];
        for (list, base) in lists {
            let Some(list) = list else { continue };
            let Some(list) = list.as_array() else {
                self.warnings
                    .push(&base, "`parameters` must be a list; ignored");
                continue;
            };
            for (index, p) in list.iter().enumerate() {
                let ptr = format!("{base}/{index}");
                let resolved = self.schemas.resolve(p);
                let Some(map) = resolved.as_object() else {
                    self.warnings.push(
                        &ptr,
                        "a parameter must be an object (or an unresolvable $ref); skipped",
                    );
                    continue;
                };
                let name = map.get("name").and_then(Value::as_str).unwrap_or("");
                let location = map.get("in").and_then(Value::as_str).unwrap_or("");
                if name.is_empty() || location.is_empty() {
                    self.warnings
                        .push(&ptr, "a parameter needs `name` and `in`; skipped");
                    continue;
                }
                out.retain(|(m, _)| {
                    !(m.get("name") == map.get("name") && m.get("in") == map.get("in"))
                });
                out.push((map.clone(), ptr));
            }
        }
        out
    }

    /// The content types the operation's request may have.
    pub(super) fn consumes(&self, op: &Op) -> Vec<String> {
        self.content_types(op, "consumes")
    }

    /// The content types the operation's answer may have.
    pub(super) fn produces(&self, op: &Op) -> Vec<String> {
        self.content_types(op, "produces")
    }

    /// The operation's own `consumes` or `produces` list (`key`), else the document's, lower-cased.
    pub(super) fn content_types(&self, op: &Op, key: &str) -> Vec<String> {
        op.op
            .get(key)
            .or_else(|| self.swagger.get(key))
            .and_then(Value::as_array)
            .map(|l| {
                l.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_ascii_lowercase)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The answer the spec models: the first success (one with a schema before one without),
    /// else a `default` answer with a schema.
    pub(super) fn chosen_response<'o>(&self, op: &Op<'o>) -> Option<(&'o String, &'o Value)> {
        let responses = op.op.get("responses").and_then(Value::as_object)?;
        let mut chosen: Option<(&String, &Value)> = None;
        for (code, r) in responses {
            if code.starts_with('2') {
                let has_schema = self.schemas.resolve(r).get("schema").is_some();
                match chosen {
                    None => chosen = Some((code, r)),
                    Some((_, prev))
                        if has_schema && self.schemas.resolve(prev).get("schema").is_none() =>
                    {
                        chosen = Some((code, r))
                    }
                    _ => {}
                }
            }
        }
        // Without a success, the `default` answer (with a schema, or the only answer).
        if chosen.is_none() {
            if let Some(r) = responses.get("default") {
                if self.schemas.resolve(r).get("schema").is_some() || responses.len() == 1 {
                    chosen = Some((
                        responses.keys().find(|k| *k == "default").expect("present"),
                        r,
                    ));
                }
            }
        }
        chosen
    }

    /// The operation's summary, description and designer visibility (an unknown one is
    /// warned about and dropped).
    pub(super) fn op_docs(&mut self, op: &Op) -> Docs {
        let mut docs = Docs {
            summary: non_blank(op.op.get("summary")).map(|s| text(s.trim())),
            description: non_blank(op.op.get("description")).map(text),
            visibility: None,
        };
        if let Some(v) = op.op.get("x-ms-visibility").and_then(Value::as_str) {
            match v.to_ascii_lowercase().as_str() {
                "none" | "" => {}
                _ => match visibility(v) {
                    Some(word) => docs.visibility = Some(word),
                    None => self.warnings.push(
                        &format!("{}/x-ms-visibility", op.ptr),
                        format!("visibility `{v}` is not known; dropped"),
                    ),
                },
            }
        }
        docs
    }

    /// The answers the spec does not model (errors, `default`, other successes), kept as
    /// written with their `$ref`s inlined, for the emitter to write back beside the modelled one.
    pub(super) fn keep_other_responses(
        &mut self,
        op: &Op,
        out: &mut IndexMap<String, Value>,
        shape: Shape,
    ) {
        let Some(responses) = op.op.get("responses").and_then(Value::as_object) else {
            return;
        };
        // A webhook's subscription models no answer: all of them are kept.
        let webhook = shape == Shape::Webhook;
        let chosen = self
            .chosen_response(op)
            .filter(|_| !webhook)
            .map(|(code, _)| code);
        if let Some(code) = chosen {
            // What the modelled answer says beyond its description, schema and headers.
            let answer = self.schemas.resolve(&responses[code]);
            // A poll has no place for its answer's description; the emitter's own word for
            // a blank one is `Success`.
            let description = answer.get("description").and_then(Value::as_str);
            let keep_description = description
                .is_some_and(|d| d.trim().is_empty() || (shape == Shape::Poll && d != "Success"));
            let extra: Map<String, Value> = answer
                .as_object()
                .into_iter()
                .flatten()
                .filter(|(k, v)| match k.as_str() {
                    "description" => keep_description,
                    // Swagger 2.0's `type: file` answer, which the spec reads as a binary
                    // answer the emitter writes as a binary string: kept as written.
                    "schema" => {
                        self.schemas.resolve(v).get("type").and_then(Value::as_str) == Some("file")
                    }
                    "headers" => false,
                    _ => true,
                })
                .map(|(k, v)| (k.clone(), self.schemas.inline(v)))
                .collect();
            if !extra.is_empty() {
                let key = crate::emit::powerplatform::kept::RESPONSE_KEYS;
                out.insert(key.into(), Value::Object(extra));
            }
        }
        if chosen.is_some_and(|code| code == "default") {
            let key = crate::emit::powerplatform::kept::RESPONSE_KEY;
            out.insert(key.into(), json!("default"));
        }
        let others: Map<String, Value> = responses
            .iter()
            .filter(|(code, _)| Some(*code) != chosen)
            .map(|(code, r)| (code.clone(), self.schemas.inline(r)))
            .collect();
        if !others.is_empty() || webhook {
            let key = crate::emit::powerplatform::kept::OTHER_RESPONSES;
            out.insert(key.into(), Value::Object(others));
        }
    }

    /// The operation's parameters as `in/name`, in the order written (path-level ones first,
    /// overridden by the operation's).
    pub(super) fn written_order(&self, op: &Op) -> Vec<String> {
        let mut order: Vec<String> = Vec::new();
        for list in [op.item.get("parameters"), op.op.get("parameters")] {
            for key in self.order_of(list) {
                order.retain(|k| *k != key);
                order.push(key);
            }
        }
        order
    }

    /// A parameter list's `in/name` keys.
    pub(super) fn order_of(&self, list: Option<&Value>) -> Vec<String> {
        let mut order = Vec::new();
        for p in list.and_then(Value::as_array).into_iter().flatten() {
            let p = self.schemas.resolve(p);
            if let (Some(name), Some(location)) = (
                p.get("name").and_then(Value::as_str),
                p.get("in").and_then(Value::as_str),
            ) {
                order.push(format!("{location}/{name}"));
            }
        }
        order
    }

    /// The operation's keys the spec has no place for, kept as written among `out`, the
    /// extensions of the action or trigger of shape `shape`.
    pub(super) fn op_extensions(
        &mut self,
        op: &Op,
        out: &mut IndexMap<String, Value>,
        shape: Shape,
        handled: &[&str],
    ) {
        // As written, with `$ref`s inlined: their targets are not written back as they were.
        for (k, v) in op.op {
            if k.starts_with("x-") && !handled.contains(&k.as_str()) {
                out.insert(k.clone(), self.schemas.inline(v));
            }
        }
        if let Some(keys) = self.body_keys.take() {
            out.insert(crate::emit::powerplatform::kept::BODY_KEYS.into(), keys);
        }
        let unplaced = std::mem::take(&mut self.unplaced);
        if !unplaced.is_empty() {
            let key = crate::emit::powerplatform::kept::KEPT_PARAMETERS;
            out.insert(key.into(), Value::Array(unplaced));
        }
        // Parameters written once for the whole path item stay there.
        if op.item.get("parameters").is_some() {
            let own: Vec<String> = self.order_of(op.op.get("parameters"));
            let inherited: Vec<String> = self
                .order_of(op.item.get("parameters"))
                .into_iter()
                .filter(|k| !own.contains(k))
                .collect();
            if !inherited.is_empty() {
                let key = crate::emit::powerplatform::kept::PATH_PARAMETERS;
                out.insert(key.into(), json!(inherited));
            }
        }
        // The emitter writes a body or form fields after the other parameters; an original
        // written in another order keeps it.
        let written = self.written_order(op);
        let is_body = |k: &String| k.starts_with("body/") || k.starts_with("formData/");
        let mut derived: Vec<String> = written.iter().filter(|k| !is_body(k)).cloned().collect();
        derived.extend(written.iter().filter(|k| is_body(k)).cloned());
        if derived != written {
            let key = crate::emit::powerplatform::kept::PARAMETER_ORDER;
            out.insert(key.into(), json!(written));
        }
        self.keep_other_responses(op, out, shape);
        // Content types as written, when the operation lists its own (the connector's
        // `operation_keys` says the others list none).
        let mut kept = Map::new();
        if op.op.contains_key("consumes") || op.op.contains_key("produces") {
            for key in ["consumes", "produces"] {
                let value = op.op.get(key).cloned().unwrap_or(Value::Null);
                kept.insert(key.to_owned(), value);
            }
        }
        // Keys the spec language has no place for, as written: the operation's own security
        // requirement, its documentation link and transfer protocols.
        for key in ["security", "externalDocs", "schemes"] {
            if let Some(value) = op.op.get(key) {
                kept.insert(key.to_owned(), value.clone());
            }
        }
        // The emitter names an operation without a summary by its id; the original has none.
        if !op.op.contains_key("summary") {
            kept.insert("summary".to_owned(), Value::Null);
        }
        if !kept.is_empty() {
            let key = crate::emit::powerplatform::kept::OPERATION_KEYS;
            out.insert(key.into(), Value::Object(kept));
        }
    }
}

/// The HTTP methods a path item may hold operations for.
pub(super) const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch"];

/// What an operation becomes; its kept keys depend on it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Shape {
    /// An action.
    Action,
    /// A polling trigger.
    Poll,
    /// A webhook trigger.
    Webhook,
}

/// An operation's designer texts.
pub(super) struct Docs {
    pub(super) summary: Option<Spanned<String>>,
    pub(super) description: Option<Spanned<String>>,
    pub(super) visibility: Option<Spanned<Visibility>>,
}

/// The operation's `deprecated` as written, `false` included.
pub(super) fn deprecation(op: &Op) -> Option<bool> {
    op.op.get("deprecated").and_then(Value::as_bool)
}
