//! Triggers: polls over actions or requests of their own (identity, cursor, order) and webhooks.

use super::types::{text, TypeName};
use super::Checker;
use crate::diag::Code;
use crate::ir::{self, ItemOrder, Param, Template, Type};
use crate::names::{pascal_ident, snake_ident, Scope};
use crate::spec::{PollCursor, PollDef, Spanned, TriggerDef, WebhookDef};

/// What a poll lists, before its items are looked at.
struct Listing {
    /// The action or the request of its own.
    source: ir::PollSource,
    /// The listing's parameters.
    params: Vec<Param>,
    /// Its answer.
    response: ir::Response,
    /// The items path of the action's paging, if any.
    paging_items: Option<String>,
}

impl Checker<'_> {
    pub(crate) fn triggers(&mut self, actions: &[ir::Action]) -> Vec<ir::Trigger> {
        let spec = self.spec;
        let mut methods = Scope::new();
        for (at, action) in actions.iter().enumerate() {
            methods.claim(action.rust_name.clone());
            self.action_index.entry(action.name.clone()).or_insert(at);
        }
        let mut triggers: Vec<ir::Trigger> = Vec::new();
        for (position, (name, def)) in spec.triggers.iter().enumerate() {
            if !spec.triggers.is_first(position) {
                continue;
            }
            let rust_name = methods.claim(snake_ident(&name.value)).0;
            if let Some(trigger) = self.trigger(name, def, rust_name, actions) {
                triggers.push(trigger);
            }
        }
        triggers
    }

    fn trigger(
        &mut self,
        name: &Spanned<String>,
        def: &TriggerDef,
        rust_name: String,
        actions: &[ir::Action],
    ) -> Option<ir::Trigger> {
        self.check_summary(def.summary.as_ref());
        let owner = pascal_ident(&name.value);
        let (params, kind) = match (&def.poll, &def.webhook) {
            (Some(poll), None) => self.poll(def, poll, &owner, actions)?,
            (None, Some(webhook)) => {
                let (method, path) = self.request_line(&webhook.subscribe);
                let params = self.params(&def.params, &path, &webhook.subscribe, &owner);
                (
                    params,
                    ir::TriggerKind::Webhook(self.webhook(webhook, &owner, method, path, def)),
                )
            }
            (Some(_), Some(_)) => {
                self.error(
                    Code::TriggerKind,
                    name.span,
                    format!("trigger `{}` is both a poll and a webhook", name.value),
                )
                .help = Some("keep `poll:` or `webhook:`, not both".into());
                return None;
            }
            (None, None) => {
                self.error(Code::TriggerKind, name.span, format!("trigger `{}` says neither `poll:` nor `webhook:`", name.value))
                    .help = Some("a trigger lists items (`poll: { action: …, identity: … }`) or receives callbacks (`webhook:`)".into());
                return None;
            }
        };
        Some(ir::Trigger {
            name: name.value.clone(),
            rust_name,
            summary: text(&def.summary),
            description: self.prose(&def.description),
            visibility: def.visibility.as_ref().map(|v| v.value),
            params,
            kind,
            deprecated: def.deprecated,
            limits: Vec::new(),
            extensions: super::text::clean_extensions(&def.extensions),
        })
    }

    fn poll(
        &mut self,
        def: &TriggerDef,
        poll: &Spanned<PollDef>,
        owner: &str,
        actions: &[ir::Action],
    ) -> Option<(Vec<Param>, ir::TriggerKind)> {
        if poll.identity.fields.is_empty() {
            self.error(
                Code::InvalidValue,
                poll.span,
                "a poll needs at least one identity field",
            )
            .help = Some(
                "name the item field that tells items apart, e.g. `identity: webinarKey`".into(),
            );
        }
        let listing = self.poll_listing(def, poll, owner, actions)?;
        let single = poll.single.as_ref().is_some_and(|s| s.value);
        let (items, item_type) =
            self.poll_items(poll, &listing.response, listing.paging_items, single)?;
        // `.` is the item itself, for lists of plain values.
        for field in poll.identity.fields.iter().filter(|f| f.value != ".") {
            self.check_path(
                &item_type,
                field,
                true,
                Code::UnknownIdentityField,
                "item field",
            );
        }
        let cursor = poll
            .cursor
            .as_ref()
            .map(|cursor| self.poll_cursor(cursor, &listing.params, &item_type));
        self.check_poll_args(poll, &listing.params);
        let trigger_params: Vec<Param> = listing
            .params
            .into_iter()
            .filter(|p| {
                cursor.as_ref().is_none_or(|c| c.param != p.field.wire_name)
                    && !fixes_value(poll.args.get(&p.field.wire_name))
            })
            .collect();
        let poll = ir::Poll {
            source: listing.source,
            items,
            item_type,
            identity: poll
                .identity
                .fields
                .iter()
                .map(|f| f.value.clone())
                .collect(),
            cursor,
            order: poll
                .order
                .as_ref()
                .map(|o| o.value)
                .unwrap_or(ItemOrder::Unordered),
            args: poll
                .args
                .iter()
                .map(|(k, v)| (k.value.clone(), v.value.clone()))
                .collect(),
            single,
        };
        Some((trigger_params, ir::TriggerKind::Poll(poll)))
    }

    /// What a poll lists: an action, or a request of its own.
    fn poll_listing(
        &mut self,
        def: &TriggerDef,
        poll: &Spanned<PollDef>,
        owner: &str,
        actions: &[ir::Action],
    ) -> Option<Listing> {
        match (&poll.action, &poll.request) {
            (Some(action_name), None) => {
                self.poll_over_action(def, poll, action_name, owner, actions)
            }
            (None, Some(request)) => Some(self.poll_request(def, poll, request, owner)),
            (Some(action), Some(_)) => {
                self.error(
                    Code::PollSource,
                    action.span,
                    "a poll lists either an `action` or a `request` of its own, not both",
                );
                None
            }
            (None, None) => {
                self.error(
                    Code::PollSource,
                    poll.span,
                    "a poll needs `action:` (an action that lists items) or `request:`",
                )
                .help = Some("e.g. `poll: { action: ListWebinars, identity: webinarKey }`".into());
                None
            }
        }
    }

    fn poll_over_action(
        &mut self,
        def: &TriggerDef,
        poll: &PollDef,
        action_name: &Spanned<String>,
        owner: &str,
        actions: &[ir::Action],
    ) -> Option<Listing> {
        if !self.check_action_ref(action_name) {
            return None;
        }
        let action = &actions[*self.action_index.get(&action_name.value)?];
        if let Some(body) = &poll.body {
            let span = body
                .type_def
                .as_ref()
                .map(|t| t.span)
                .unwrap_or(action_name.span);
            self.error(
                Code::PollSource,
                span,
                "a poll over an action sends that action's body; `body` is for a `request` of its own",
            );
        }
        let params = if def.params.is_empty() {
            action.params.clone()
        } else {
            self.params(&def.params, &action.path, action_name, owner)
        };
        Some(Listing {
            source: ir::PollSource::Action(action.name.clone()),
            params,
            response: action.response.clone(),
            paging_items: action
                .paginate
                .as_ref()
                .and_then(|p| p.items().map(str::to_owned)),
        })
    }

    fn poll_request(
        &mut self,
        def: &TriggerDef,
        poll: &PollDef,
        request: &Spanned<String>,
        owner: &str,
    ) -> Listing {
        let (method, path) = self.request_line(request);
        let params = self.params(&def.params, &path, request, owner);
        let body = poll
            .body
            .as_ref()
            .map(|b| self.body(b, method, request, &format!("{owner}Body")));
        let response = self.response(
            poll.returns.as_ref(),
            None,
            request.span,
            &format!("{owner}Response"),
        );
        Listing {
            source: ir::PollSource::Request {
                method,
                path,
                body,
                response: response.clone(),
            },
            params,
            response,
            paging_items: None,
        }
    }

    /// The path of the items in the answer (none for a `single` poll) and the type of one item.
    fn poll_items(
        &mut self,
        poll: &Spanned<PollDef>,
        response: &ir::Response,
        paging_items: Option<String>,
        single: bool,
    ) -> Option<(Option<String>, Type)> {
        let answer = match response.ty.clone() {
            Some(answer) => answer,
            // A single event with no declared shape: any value.
            None if single => Type::Scalar(ir::Scalar::new(ir::ScalarKind::Any, None)),
            None => {
                self.error(
                    Code::PollNotAList,
                    poll.span,
                    "the polled listing has no answer type, so items cannot be told apart",
                );
                return None;
            }
        };
        if let (true, Some(items)) = (single, &poll.items) {
            self.error(
                Code::PollSource,
                items.span,
                "a `single` poll's answer is the event itself, so it has no `items` path",
            );
        }
        let items = poll
            .items
            .as_ref()
            .map(|i| i.value.clone())
            .or(paging_items)
            .filter(|_| !single);
        let list = match &items {
            _ if single => Some(Type::list(answer.clone())),
            Some(path) => match self.type_at(&answer, path, false) {
                Ok(found) => found.cloned(),
                Err(_) => {
                    if let Some(items) = &poll.items {
                        self.check_path(&answer, items, false, Code::UnknownField, "answer field");
                    }
                    return None;
                }
            },
            None => Some(self.resolve_named(&answer).clone()),
        };
        let item_type = self.poll_item_type(poll, list)?;
        Some((items, item_type))
    }

    /// The item type of the polled list; `None` (reported) when the answer is not a list.
    fn poll_item_type(&mut self, poll: &PollDef, list: Option<Type>) -> Option<Type> {
        match list {
            Some(Type::List { item, .. }) => Some(*item),
            // Free-form (or already reported as unknown): nothing to check against.
            None => Some(Type::Scalar(ir::Scalar::new(ir::ScalarKind::Any, None))),
            Some(Type::Scalar(s))
                if matches!(s.kind, ir::ScalarKind::Any | ir::ScalarKind::Object) =>
            {
                Some(Type::Scalar(ir::Scalar::new(ir::ScalarKind::Any, None)))
            }
            Some(_) => {
                let first_identity = poll
                    .identity
                    .fields
                    .first()
                    .map(|f| f.span)
                    .unwrap_or_default();
                let span = poll
                    .items
                    .as_ref()
                    .map(|i| i.span)
                    .or(poll.action.as_ref().map(|a| a.span))
                    .unwrap_or(first_identity);
                self.error(
                    Code::PollNotAList,
                    span,
                    "the polled answer is not a list of items",
                )
                .help = Some("point `items:` at the list inside the answer".into());
                None
            }
        }
    }

    fn poll_cursor(
        &mut self,
        cursor: &PollCursor,
        listing_params: &[Param],
        item_type: &Type,
    ) -> ir::PollCursor {
        let declared = listing_params
            .iter()
            .find(|p| p.field.wire_name == cursor.param.value)
            .cloned()
            .map(Box::new);
        if declared.is_none() {
            self.unknown(
                Code::UnknownParam,
                cursor.param.span,
                "listing parameter",
                &cursor.param.value,
                listing_params.iter().map(|p| p.field.wire_name.as_str()),
            );
        }
        self.check_path(
            item_type,
            &cursor.from,
            true,
            Code::UnknownField,
            "item field",
        );
        ir::PollCursor {
            param: cursor.param.value.clone(),
            from: cursor.from.value.clone(),
            initial: text(&cursor.initial),
            declared,
        }
    }

    /// Each fixed argument names a parameter of the listing.
    fn check_poll_args(&mut self, poll: &PollDef, listing_params: &[Param]) {
        let known: crate::fast_hash::Set<&str> = listing_params
            .iter()
            .map(|p| p.field.wire_name.as_str())
            .collect();
        for (arg, _) in poll.args.iter() {
            if !known.contains(arg.value.as_str()) {
                self.unknown(
                    Code::UnknownParam,
                    arg.span,
                    "listing parameter",
                    &arg.value,
                    listing_params.iter().map(|p| p.field.wire_name.as_str()),
                );
            }
        }
    }

    fn webhook(
        &mut self,
        webhook: &WebhookDef,
        owner: &str,
        method: ir::Method,
        path: Template,
        def: &TriggerDef,
    ) -> ir::Webhook {
        let body = webhook.body.as_ref().map(|b| {
            self.body(
                b,
                method,
                &webhook.subscribe,
                &format!("{owner}Subscription"),
            )
        });
        match &body {
            Some(body) => {
                self.check_path(
                    &body.ty.clone(),
                    &webhook.notification_url,
                    false,
                    Code::UnknownField,
                    "body field",
                );
            }
            None => {
                self.error(
                    Code::InvalidBody,
                    webhook.notification_url.span,
                    "the notification URL goes into the subscription body, which is not described",
                )
                .help = Some(
                    "add `body:` to the webhook with the field that carries the callback URL"
                        .into(),
                );
            }
        }
        let subscription_id = self.subscription_id(webhook);
        let unsubscribe = webhook
            .unsubscribe
            .as_ref()
            .map(|line| self.unsubscribe(line, def));
        let payload = self.lower_type(
            &webhook.payload,
            TypeName::Hint(format!("{owner}Payload")),
            None,
        );
        let signature = webhook.signature.as_ref().map(|s| {
            self.check_connection_ref(&s.secret);
            ir::Signature {
                header: s.header.value.clone(),
                algorithm: s.algorithm.value,
                secret: s.secret.value.clone(),
                encoding: s
                    .encoding
                    .as_ref()
                    .map(|e| e.value)
                    .unwrap_or(ir::SignatureEncoding::Hex),
                prefix: text(&s.prefix),
            }
        });
        ir::Webhook {
            subscribe_method: method,
            subscribe_path: path,
            body,
            notification_url: webhook.notification_url.value.clone(),
            subscription_id,
            unsubscribe,
            payload,
            payload_docs: self.type_docs(&webhook.payload),
            signature,
        }
    }

    /// Where the subscription id is read: the `Location` header unless the spec says otherwise.
    fn subscription_id(&mut self, webhook: &WebhookDef) -> ir::SubscriptionId {
        match &webhook.subscription_id {
            Some(id) => match id.value.strip_prefix("header:") {
                Some(header) => ir::SubscriptionId::Header(header.trim().to_owned()),
                None => {
                    self.warning(
                        Code::WebhookIdFromBody,
                        id.span,
                        format!(
                            "the subscription id comes from the answer's `{}`, but the platform deletes a webhook subscription only at the URL in the subscribe answer's `Location` header",
                            id.value
                        ),
                    )
                    .help = Some(
                        "if the service sends `Location`, write `subscription_id: header:Location`; otherwise flows turned off on the platform leave their subscriptions behind".into(),
                    );
                    ir::SubscriptionId::Body(id.value.clone())
                }
            },
            None => ir::SubscriptionId::Header("Location".into()),
        }
    }

    /// The unsubscribe request; its placeholders are `{id}`, trigger or connection parameters.
    fn unsubscribe(&mut self, line: &Spanned<String>, def: &TriggerDef) -> (ir::Method, Template) {
        let (method, path) = self.request_line(line);
        for name in path.params() {
            let known =
                name == "id" || def.params.contains(name) || self.spec.connection.contains(name);
            if !known {
                let span = self.sub_span(line.span, &format!("{{{name}}}"));
                self.error(Code::PathPlaceholderWithoutParam, span, format!("placeholder `{{{name}}}` is not `{{id}}`, a trigger parameter or a connection parameter"));
            }
        }
        (method, path)
    }
}

/// Whether a poll argument fixes a listing parameter (a literal) rather than forwarding a trigger
/// parameter (`"{name}"`), which keeps the parameter visible on the trigger.
fn fixes_value(arg: Option<&Spanned<serde_json::Value>>) -> bool {
    match arg.map(|a| &a.value) {
        None => false,
        Some(serde_json::Value::String(text)) => !(text.starts_with('{') && text.ends_with('}')),
        Some(_) => true,
    }
}
