//! Operations that become triggers: polls (with their `pollingtrigger` policy) and webhooks.

use codegen::spec::{
    BodyDef, Identity, NamedMap, PollCursor, PollDef, Spanned, TriggerDef, TypeBody, TypeDef,
    WebhookDef,
};
use indexmap::IndexMap;
use serde_json::{json, Map, Value};

use crate::import::escape;
use crate::import::typed::{text, type_def};

use super::importer::{Importer, Op};
use super::model::{answer_of, is_true, named, type_named};
use super::operations::{deprecation, Shape};

impl<'a> Importer<'a> {
    /// The trigger an operation becomes: a webhook when its body has a field marked
    /// `x-ms-notification-url`, a poll otherwise.
    pub(super) fn trigger(&mut self, op: &Op) -> TriggerDef {
        let docs = self.op_docs(op);
        let (params, body, line) = self.request(op);
        let notification = body.as_ref().and_then(|b| self.notification_url(b));
        let mut trigger = TriggerDef {
            summary: docs.summary,
            description: docs.description,
            visibility: docs.visibility,
            params: NamedMap::default(),
            poll: None,
            webhook: None,
            deprecated: deprecation(op),
            extensions: IndexMap::new(),
        };
        let shape = if let (Some(body), Some(url)) = (body.clone(), notification) {
            let hook = self.webhook(op, line, body, url, &mut trigger.extensions);
            trigger.webhook = Some(Spanned::unlocated(hook));
            Shape::Webhook
        } else {
            let single = op.op.get("x-ms-trigger").and_then(Value::as_str) == Some("single");
            let mut poll = self.poll(op, line, &params, single);
            poll.body = body;
            trigger.poll = Some(Spanned::unlocated(poll));
            Shape::Poll
        };
        trigger.params = named(params);
        let handled = ["x-ms-visibility", "x-ms-trigger", "x-ms-trigger-metadata"];
        self.op_extensions(op, &mut trigger.extensions, shape, &handled);
        // The emitter writes a poll's cursor parameter last.
        let key = crate::emit::powerplatform::kept::PARAMETER_ORDER;
        let kept = trigger.extensions.contains_key(key);
        let written = self.written_order(op);
        let cursor = trigger.poll.as_ref().is_some_and(|p| p.cursor.is_some());
        if !kept && written.len() > 1 && cursor {
            trigger.extensions.insert(key.into(), json!(written));
        }
        keep_trigger_keys(op, &mut trigger);
        trigger
    }

    /// A webhook subscribed with the request `line` and `body`, whose field `url` takes the
    /// notification URL; the keys beside its payload's schema go to `out` as written.
    pub(super) fn webhook(
        &mut self,
        op: &Op,
        line: String,
        mut body: BodyDef,
        url: String,
        out: &mut IndexMap<String, Value>,
    ) -> WebhookDef {
        let payload = self.payload(op);
        if let Some(field) = body.fields.as_mut().and_then(|f| f.get_mut(&url)) {
            // `notification_url` says it.
            field.body.extensions.swap_remove("x-ms-notification-url");
        }
        if let Some(Value::Object(content)) = op.item.get("x-ms-notification-content") {
            // The keys beside the payload's schema, as written; the emitter's own
            // description (the trigger's) is dropped when the original has none.
            let mut kept: Map<String, Value> = content
                .iter()
                .filter(|(k, _)| *k != "schema")
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            kept.entry("description").or_insert(Value::Null);
            let key = crate::emit::powerplatform::kept::NOTIFICATION_KEYS;
            out.insert(key.into(), Value::Object(kept));
        }
        self.webhook_paths.insert(op.path.clone());
        WebhookDef {
            subscribe: text(line),
            body: Some(body),
            notification_url: text(url),
            subscription_id: None,
            unsubscribe: None,
            payload,
            signature: None,
        }
    }

    /// The type of a webhook's payload (`x-ms-notification-content` on its path); any value
    /// when there is none.
    pub(super) fn payload(&mut self, op: &Op) -> TypeDef {
        match op.item.get("x-ms-notification-content") {
            Some(content) => {
                let ptr = format!(
                    "/paths/{}/x-ms-notification-content/schema",
                    escape(&op.path)
                );
                match content.get("schema") {
                    Some(s) => self.convert(s, &ptr),
                    None => type_named("any"),
                }
            }
            None => {
                self.warnings.push(&op.ptr, "a webhook trigger without `x-ms-notification-content`; the payload is any value");
                type_named("any")
            }
        }
    }

    /// The dotted path of the body field marked `x-ms-notification-url`.
    pub(super) fn notification_url(&self, body: &BodyDef) -> Option<String> {
        let ty = body.type_def.clone().or_else(|| {
            body.fields.clone().map(|fields| {
                type_def(TypeBody {
                    fields: Some(fields),
                    ..TypeBody::default()
                })
            })
        })?;
        self.find_marked(&ty, 0)
    }

    /// The dotted path of the field marked `x-ms-notification-url` in `def`, at most six
    /// levels down.
    pub(super) fn find_marked(&self, def: &TypeDef, depth: usize) -> Option<String> {
        if depth > 6 {
            return None;
        }
        let fields = self.fields_of(def)?;
        for (name, field) in fields.iter() {
            if field.body.extensions.contains_key("x-ms-notification-url") {
                return Some(name.value.clone());
            }
        }
        for (name, field) in fields.iter() {
            if let Some(inner) = self.find_marked(field, depth + 1) {
                return Some(format!("{}.{inner}", name.value));
            }
        }
        None
    }

    /// A poll with the request `line`: its answer, items, identity and cursor.
    pub(super) fn poll(
        &mut self,
        op: &Op,
        line: String,
        params: &IndexMap<String, TypeDef>,
        single: bool,
    ) -> PollDef {
        let mut poll = PollDef {
            action: None,
            request: Some(text(line)),
            body: None,
            returns: None,
            single: None,
            items: None,
            identity: identity_of("id"),
            cursor: None,
            order: None,
            args: NamedMap::default(),
        };
        let (returns, response) = self.response(op);
        let answer = returns.or_else(|| response.as_ref().and_then(answer_of));
        if single {
            self.single_poll(answer, &mut poll);
            return poll;
        }
        let policy = self.polling_policy(op);
        let Some(answer) = answer else {
            self.warnings.push(
                &op.ptr,
                "a polling trigger without an answer schema; items are read as any value",
            );
            poll.returns = Some(type_def(TypeBody {
                list: Some(type_named("any")),
                ..TypeBody::default()
            }));
            return poll;
        };
        let Some((items_path, item)) = self.poll_items(&answer, policy.items_path) else {
            self.warnings.push(
                &op.ptr,
                "a polling trigger whose answer is one item, not a list; the spec language cannot say it, so the answer is read as a free-form object",
            );
            poll.returns = Some(type_named("object"));
            return poll;
        };
        poll.returns = Some(answer);
        poll.items = items_path.filter(|p| !p.is_empty()).map(text);
        let item_fields = self.fields_of(&item).cloned().unwrap_or_default();
        let plain_items = item_fields.is_empty() && self.plain(&item);
        let identity = if plain_items {
            ".".to_owned()
        } else {
            identity(&item_fields)
        };
        poll.identity = identity_of(&identity);
        if let Some((param, from)) = policy.cursor {
            if (item_fields.contains(&from) || item_fields.is_empty())
                && params.contains_key(&param)
            {
                poll.cursor = Some(PollCursor {
                    param: text(param),
                    from: text(from),
                    initial: None,
                });
            }
        }
        if let Some(index) = policy.index {
            // The emitter writes the policy again from `items` and `cursor`.
            self.policies.remove(index);
        }
        poll
    }

    /// A poll whose every answer is the event itself; with no answer schema it is any value.
    pub(super) fn single_poll(&self, answer: Option<TypeDef>, poll: &mut PollDef) {
        poll.single = Some(Spanned::unlocated(true));
        let fields = answer
            .as_ref()
            .and_then(|a| self.fields_of(a))
            .cloned()
            .unwrap_or_default();
        poll.identity = identity_of(&identity(&fields));
        poll.returns = answer;
    }

    /// What the `pollingtrigger` policy naming the operation says: where the items are and
    /// which answer field fills which parameter next time.
    pub(super) fn polling_policy(&self, op: &Op) -> PollingPolicy {
        let index = self.policies.iter().position(|p| {
            p.get("templateId").and_then(Value::as_str) == Some("pollingtrigger")
                && p.pointer("/parameters/x-ms-apimTemplate-operationName")
                    .and_then(Value::as_array)
                    .is_some_and(|ops| ops.iter().any(|o| o.as_str() == Some(op.id.as_str())))
        });
        let mut policy = PollingPolicy {
            index,
            items_path: None,
            cursor: None,
        };
        let Some(index) = index else {
            return policy;
        };
        let p = self.policies[index]
            .get("parameters")
            .cloned()
            .unwrap_or(json!({}));
        policy.items_path = p
            .get("x-ms-apimTemplateParameter.triggerDataPath")
            .and_then(Value::as_str)
            .and_then(|d| d.strip_prefix("@triggerBody()"))
            .map(|d| d.trim_start_matches('.').replace("?.", ".").to_owned());
        if let Some(Value::Object(config)) = p.get("x-ms-apimTemplateParameter.triggerConfig") {
            if let Some((param, Value::String(expr))) = config.iter().next() {
                if let Some(from) = expr
                    .rsplit_once("].")
                    .map(|(_, f)| f.trim_end_matches('}').to_owned())
                {
                    policy.cursor = Some((param.clone(), from));
                }
            }
        }
        policy
    }

    /// The items of a poll's `answer` and their path in it (`None` when the answer is the
    /// list): the answer itself when it is a list, else the field `wanted` names (a policy's
    /// path of one step), else the first field that is a list. `None` when there is no list.
    pub(super) fn poll_items(
        &self,
        answer: &TypeDef,
        wanted: Option<String>,
    ) -> Option<(Option<String>, TypeDef)> {
        if let Some(item) = self.list_item(answer) {
            return Some((None, item));
        }
        let fields = self.fields_of(answer).cloned().unwrap_or_default();
        let wanted = wanted.filter(|p| !p.is_empty() && !p.contains('.'));
        let (path, item) = match &wanted {
            Some(path) => fields
                .get(path)
                .and_then(|f| self.list_item(f))
                .map(|i| (path.clone(), i)),
            None => fields
                .iter()
                .find_map(|(name, f)| self.list_item(f).map(|i| (name.value.clone(), i))),
        }?;
        Some((Some(path), item))
    }

    /// Polling triggers whose original has no `pollingtrigger` policy: the emitter writes none
    /// for them, or with `--fix` derives one.
    pub(super) fn unwritten_polls(
        &mut self,
        ops: &[Op],
        triggers: &mut IndexMap<String, TriggerDef>,
    ) {
        let written: Vec<String> = self
            .props
            .get("policyTemplateInstances")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter(|p| {
                p.get("templateId")
                    .and_then(Value::as_str)
                    .is_some_and(|t| t.eq_ignore_ascii_case("pollingtrigger"))
            })
            .filter_map(|p| p.pointer("/parameters/x-ms-apimTemplate-operationName"))
            .filter_map(Value::as_array)
            .flatten()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect();
        for op in ops {
            let Some(trigger) = triggers.get_mut(&op.id) else {
                continue;
            };
            let Some(poll) = &trigger.poll else {
                continue;
            };
            let derives = !is_true(&poll.single) || poll.cursor.is_some();
            if !derives || written.contains(&op.id) {
                continue;
            }
            let finding = "the polling trigger has no `pollingtrigger` policy";
            if self.finding(&op.ptr, finding, "one is derived") {
                let key = crate::emit::powerplatform::kept::POLLING_POLICY;
                trigger.extensions.insert(key.into(), json!(false));
            }
        }
    }
}

/// What a `pollingtrigger` policy says of a poll.
pub(super) struct PollingPolicy {
    /// The policy's place in the policy list.
    pub(super) index: Option<usize>,
    /// The path of the items in the answer (`triggerDataPath`).
    pub(super) items_path: Option<String>,
    /// The parameter and the answer field it is filled from next time (`triggerConfig`).
    pub(super) cursor: Option<(String, String)>,
}

/// A trigger's keys the emitter would write otherwise, kept as written: its tags (a trigger
/// has none of its own in the spec), and `x-ms-trigger` and `x-ms-trigger-metadata` where the
/// original lacks them, says other metadata, or names a kind other than the derived one.
pub(super) fn keep_trigger_keys(op: &Op, trigger: &mut TriggerDef) {
    let mut own = Map::new();
    if let Some(tags) = op.op.get("tags") {
        own.insert("tags".into(), tags.clone());
    }
    if !op.op.contains_key("x-ms-trigger") {
        own.insert("x-ms-trigger".into(), Value::Null);
    }
    let metadata = op.op.get("x-ms-trigger-metadata");
    let derived = json!({"kind": "query", "mode": "polling"});
    let poll = trigger.poll.as_ref();
    if poll.is_some() && metadata != Some(&derived) {
        own.insert(
            "x-ms-trigger-metadata".into(),
            metadata.cloned().unwrap_or(Value::Null),
        );
    } else if let (None, Some(m)) = (poll, metadata) {
        own.insert("x-ms-trigger-metadata".into(), m.clone());
    }
    let single_poll = poll.is_some_and(|p| is_true(&p.single));
    let webhook = trigger.webhook.is_some();
    let extensions = &mut trigger.extensions;
    if !own.is_empty() {
        let key = crate::emit::powerplatform::kept::OPERATION_KEYS;
        match extensions.get_mut(key) {
            Some(Value::Object(kept)) => kept.extend(own),
            _ => {
                extensions.insert(key.into(), Value::Object(own));
            }
        }
    }
    if let Some(kind) = op.op.get("x-ms-trigger").and_then(Value::as_str) {
        let expected = if webhook || single_poll {
            "single"
        } else {
            "batch"
        };
        if kind != expected {
            extensions.insert("x-ms-trigger".into(), json!(kind));
        }
    }
}

/// The item field that most likely identifies an item.
pub(super) fn identity(fields: &NamedMap<TypeDef>) -> String {
    let names: Vec<&str> = fields
        .keys()
        .filter(|k| !k.contains('.') && !k.is_empty())
        .collect();
    let pick = names
        .iter()
        .find(|n| n.eq_ignore_ascii_case("id"))
        .or_else(|| {
            names.iter().find(|n| {
                let l = n.to_ascii_lowercase();
                l.ends_with("id") || l.ends_with("key")
            })
        })
        .or_else(|| names.first());
    pick.map(|s| (*s).to_owned()).unwrap_or_else(|| "id".into())
}

/// An identity of one item field.
pub(super) fn identity_of(field: &str) -> Identity {
    Identity {
        fields: vec![text(field)],
    }
}
