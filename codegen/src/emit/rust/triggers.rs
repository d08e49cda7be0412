//! The client methods of triggers: `<trigger>_poller` for a polling trigger (whether its
//! listing is an action or a request of its own), and `<trigger>_subscribe`,
//! `<trigger>_unsubscribe` and `<trigger>_receive` for a webhook trigger.
//!
//! Every request a trigger method builds goes through the runtime client like an action's
//! (authentication, retries) and is marked as a call of the trigger, so the spec's trigger
//! limits count it.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use super::actions::{argument_type, body_argument_type, connection_value, encode_body, json_text};
use super::client::{error_rule, method_tokens};
use super::types::rust_type;
use super::{docs, Ctx};
use crate::ir::{
    Field, ItemOrder as IrItemOrder, Param, ParamLocation, Poll, PollSource, ResponseEncoding,
    SignatureAlgorithm, SignatureEncoding, SubscriptionId, Template, TemplatePart, Trigger,
    TriggerKind, Type, Webhook,
};
use crate::names::{snake_ident, Scope};

/// The methods of one trigger.
pub(crate) fn emit_trigger(ctx: &Ctx, trigger: &Trigger) -> TokenStream {
    match &trigger.kind {
        TriggerKind::Poll(poll) => emit_poller(ctx, trigger, poll),
        TriggerKind::Webhook(webhook) => emit_webhook(ctx, trigger, webhook),
    }
}

/// The method names of every trigger, unique among the client's methods: `(suffix, name)` per
/// trigger, in the connector's order.
fn method_names(ctx: &Ctx) -> Vec<Vec<(&'static str, String)>> {
    let mut scope = Scope::new();
    for action in &ctx.connector.actions {
        scope.claim(action.rust_name.clone());
        if action.paginate.is_some() {
            scope.claim(format!("{}_stream", action.rust_name));
        }
    }
    ctx.connector
        .triggers
        .iter()
        .map(|trigger| {
            let suffixes: &[&'static str] = match &trigger.kind {
                TriggerKind::Poll(_) => &["poller"],
                TriggerKind::Webhook(_) => &["subscribe", "unsubscribe", "receive"],
            };
            suffixes
                .iter()
                .map(|suffix| {
                    // `snake_ident` joins `type_` and `poller` without a double underscore.
                    let base = snake_ident(&format!("{} {suffix}", trigger.rust_name));
                    (*suffix, scope.claim(base).0)
                })
                .collect()
        })
        .collect()
}

/// The name of `trigger`'s method with `suffix` (`poller`, `subscribe`, …).
fn method_ident(ctx: &Ctx, trigger: &Trigger, suffix: &str) -> Ident {
    let index = ctx
        .connector
        .triggers
        .iter()
        .position(|t| t.name == trigger.name)
        .unwrap_or_default();
    let name = method_names(ctx)
        .into_iter()
        .nth(index)
        .and_then(|names| names.into_iter().find(|(s, _)| *s == suffix))
        .map(|(_, name)| name)
        .unwrap_or_else(|| snake_ident(&format!("{} {suffix}", trigger.rust_name)));
    format_ident!("{}", name)
}

/// The trigger's parameters as method arguments (required ones as values, optional ones as
/// `Option`s), and the expression of each parameter's value by wire name.
struct Args {
    args: Vec<TokenStream>,
    values: Vec<(String, TokenStream)>,
}

impl Args {
    /// Arguments for `params` (fixed values are sent as they are), after the names in
    /// `reserved`, which the method's own arguments use.
    fn new<'a>(
        ctx: &Ctx,
        params: impl IntoIterator<Item = &'a Param>,
        reserved: &[&str],
    ) -> (Args, Scope) {
        let prefix = quote!(types::);
        let mut scope = Scope::new();
        for name in reserved {
            scope.claim((*name).into());
        }
        let mut args = Vec::new();
        let mut values = Vec::new();
        for param in params {
            let field = &param.field;
            if let Some(value) = &field.value {
                values.push((field.wire_name.clone(), json_text(value)));
                continue;
            }
            let ident = format_ident!("{}", scope.claim(field.rust_name.clone()).0);
            let ty = argument_type(ctx, &field.ty, field.secret, &prefix);
            if field.required {
                args.push(quote!(#ident: #ty));
            } else {
                args.push(quote!(#ident: ::std::option::Option<#ty>));
            }
            values.push((field.wire_name.clone(), quote!(&#ident)));
        }
        (Args { args, values }, scope)
    }

    fn value(&self, wire: &str) -> Option<TokenStream> {
        self.values
            .iter()
            .find(|(n, _)| n == wire)
            .map(|(_, v)| v.clone())
    }
}

/// The statements that build `__path` from `template`: each placeholder from `value_of`, else a
/// connection parameter, else kept as written.
fn path_statements(
    ctx: &Ctx,
    template: &Template,
    value_of: impl Fn(&str) -> Option<TokenStream>,
) -> TokenStream {
    let rt = &ctx.rt;
    let pieces = template.parts.iter().map(|part| match part {
        TemplatePart::Literal(text) => {
            let lit = Literal::string(text);
            quote!(__path.push_str(#lit);)
        }
        TemplatePart::Param(name) => {
            let Some(value) = value_of(name).or_else(|| connection_value(ctx, name)) else {
                let lit = Literal::string(&format!("{{{name}}}"));
                return quote!(__path.push_str(#lit););
            };
            quote!(__path.push_str(&#rt::encode::path_segment(&#rt::encode::text(#value)));)
        }
    });
    let binding = if template.parts.is_empty() {
        quote!(let __path = ::std::string::String::new();)
    } else {
        quote!(let mut __path = ::std::string::String::new();)
    };
    quote! {
        #binding
        #(#pieces)*
    }
}

/// The statement that sends one query or header parameter (nothing for a path parameter).
fn send_statement(
    ctx: &Ctx,
    wire: &str,
    location: ParamLocation,
    value: TokenStream,
) -> TokenStream {
    let rt = &ctx.rt;
    let wire = Literal::string(wire);
    match location {
        ParamLocation::Path => TokenStream::new(),
        ParamLocation::Query => quote!(__request.query(#wire, #value, #rt::ArrayStyle::Csv)?;),
        ParamLocation::Header => quote!(__request.header(#wire, #value)?;),
    }
}

/// The doc comment of a trigger method: the trigger's summary, then `text`.
fn method_doc(trigger: &Trigger, text: &str) -> TokenStream {
    let mut doc = String::new();
    if let Some(summary) = &trigger.summary {
        doc.push_str(summary.trim());
        doc.push_str("\n\n");
    }
    doc.push_str(text);
    docs::lines(&doc)
}

/// The poller of a polling trigger, over an action or over a request of its own. Listings
/// that are not JSON get none.
fn emit_poller(ctx: &Ctx, trigger: &Trigger, poll: &Poll) -> TokenStream {
    let rt = &ctx.rt;
    let prefix = quote!(types::);
    let (mut args, mut scope) = Args::new(ctx, &trigger.params, &["store", "options"]);
    for (name, value) in &poll.args {
        if args.value(name).is_none() {
            args.values.push((name.clone(), json_text(value)));
        }
    }
    let (build, listing, items) = match &poll.source {
        PollSource::Action(source) => {
            let Some(action) = ctx.connector.actions.iter().find(|a| &a.name == source) else {
                return TokenStream::new();
            };
            if action.response.encoding != ResponseEncoding::Json {
                return TokenStream::new();
            }
            let value_of = |param: &Param| -> Option<TokenStream> {
                args.value(&param.field.wire_name)
                    .or_else(|| param.field.value.as_ref().map(json_text))
            };
            let path = path_statements(ctx, &action.path, |name| {
                action
                    .params
                    .iter()
                    .find(|p| p.location == ParamLocation::Path && p.field.wire_name == name)
                    .and_then(value_of)
            });
            let mut sends: Vec<TokenStream> = Vec::new();
            for param in &action.params {
                if let Some(value) = value_of(param) {
                    sends.push(send_statement(
                        ctx,
                        &param.field.wire_name,
                        param.location,
                        value,
                    ));
                }
            }
            if action.errors != ctx.connector.errors {
                let rule = error_rule(ctx, &action.errors);
                sends.push(quote!(__request.errors(#rule);));
            }
            if action.idempotent {
                sends.push(quote!(__request.idempotent(true);));
            }
            let method = method_tokens(ctx, action.method);
            let items = poll
                .items
                .as_deref()
                .or(action.paginate.as_ref().and_then(|p| p.items()));
            (
                quote! {
                    #path
                    let mut __request = #rt::Request::new(#method, __path);
                    #(#sends)*
                },
                format!("`{}`", action.rust_name),
                items,
            )
        }
        PollSource::Request {
            method,
            path,
            body,
            response,
        } => {
            if response.encoding != ResponseEncoding::Json {
                return TokenStream::new();
            }
            let placeholders: Vec<&str> = path.params().collect();
            let path_tokens = path_statements(ctx, path, |name| args.value(name));
            let mut sends: Vec<TokenStream> = Vec::new();
            let mut sent: Vec<&str> = Vec::new();
            for param in &trigger.params {
                if let Some(value) = args.value(&param.field.wire_name) {
                    sends.push(send_statement(
                        ctx,
                        &param.field.wire_name,
                        param.location,
                        value,
                    ));
                    sent.push(&param.field.wire_name);
                }
            }
            // Fixed arguments of parameters the trigger does not show: query parameters unless
            // the path names them.
            for (name, value) in &poll.args {
                if sent.contains(&name.as_str()) || placeholders.contains(&name.as_str()) {
                    continue;
                }
                let value = args.value(name).unwrap_or_else(|| json_text(value));
                sends.push(send_statement(ctx, name, ParamLocation::Query, value));
            }
            if let Some(body) = body {
                let ident = format_ident!("{}", scope.claim("body".into()).0);
                let ty = body_argument_type(ctx, body, &prefix);
                if body.required {
                    args.args.push(quote!(#ident: #ty));
                    sends.push(encode_body(ctx, body, quote!(#ident)));
                } else {
                    args.args.push(quote!(#ident: ::std::option::Option<#ty>));
                    let encode = encode_body(ctx, body, quote!(__body));
                    sends.push(quote! {
                        if let ::std::option::Option::Some(__body) = #ident {
                            #encode
                        }
                    });
                }
                if let Some(content_type) = &body.content_type {
                    let lit = Literal::string(content_type);
                    sends.push(quote!(__request.content_type(#lit);));
                }
            }
            let method_value = method_tokens(ctx, *method);
            (
                quote! {
                    #path_tokens
                    let mut __request = #rt::Request::new(#method_value, __path);
                    #(#sends)*
                },
                format!("`{} {}`", method.as_str(), path.raw.replace('`', "'")),
                poll.items.as_deref(),
            )
        }
    };
    let method_ident = method_ident(ctx, trigger, "poller");
    let name = Literal::string(&trigger.name);
    let identity = poll.identity.iter().map(|p| Literal::string(p));
    let order = match poll.order {
        IrItemOrder::NewestFirst => quote!(#rt::poll::ItemOrder::NewestFirst),
        IrItemOrder::OldestFirst => quote!(#rt::poll::ItemOrder::OldestFirst),
        IrItemOrder::Unordered => quote!(#rt::poll::ItemOrder::Unordered),
    };
    let (cursor, cursor_param) = match &poll.cursor {
        Some(cursor) => {
            let param = Literal::string(&cursor.param);
            let from = Literal::string(&cursor.from);
            let initial = match &cursor.initial {
                Some(initial) => {
                    let lit = Literal::string(initial);
                    quote!(::std::option::Option::Some(::std::string::String::from(#lit)))
                }
                None => quote!(::std::option::Option::None),
            };
            (
                quote!(::std::option::Option::Some(#rt::poll::CursorSpec {
                    param: ::std::string::String::from(#param),
                    from: ::std::string::String::from(#from),
                    initial: #initial,
                })),
                quote!(::std::option::Option::Some(::std::string::String::from(#param))),
            )
        }
        None => (
            quote!(::std::option::Option::None),
            quote!(::std::option::Option::None),
        ),
    };
    let items = match items {
        Some(path) => {
            let lit = Literal::string(path);
            quote!(::std::option::Option::Some(#lit))
        }
        None => quote!(::std::option::Option::None),
    };
    let single = if poll.single {
        quote!(.single())
    } else {
        TokenStream::new()
    };
    let item = rust_type(ctx, &poll.item_type, &prefix);
    let doc = method_doc(
        trigger,
        &format!(
            "Polls {listing} and hands out each new item once (at-least-once with \
             acknowledgement; see the runtime's `poll` module), its checkpoint kept in `store`. \
             Every listing counts as a poll of `{}` in the client's limits; `options.limits` is \
             not used. The interval runs on the client's clock (see `Client::with_clock`) \
             unless `options.clock` sets another.",
            trigger.name
        ),
    );
    let item_doc = docs::lines(&format!(
        "Decode each delivery with `delivery.decode::<{}>()`.",
        item.to_string().replace(' ', "")
    ));
    let trigger_args = &args.args;
    quote! {
        #doc
        ///
        #item_doc
        pub fn #method_ident(
            &self,
            #(#trigger_args,)*
            store: ::std::sync::Arc<dyn #rt::poll::CheckpointStore>,
            options: #rt::poll::PollerOptions,
        ) -> ::std::result::Result<#rt::poll::Poller<#rt::poll::ClientSource>, #rt::poll::PollError> {
            #build
            __request.trigger(#name);
            let source = #rt::poll::ClientSource::new(self.inner.clone(), __request, #cursor_param, #items)#single;
            let spec = #rt::poll::PollSpec {
                trigger: ::std::string::String::from(#name),
                identity: ::std::vec![#(::std::string::String::from(#identity)),*],
                cursor: #cursor,
                order: #order,
            };
            let options = #rt::poll::PollerOptions {
                limits: ::std::option::Option::None,
                clock: options.clock.or_else(|| ::std::option::Option::Some(self.inner.clock().clone())),
                ..options
            };
            #rt::poll::Poller::start(spec, source, store, options)
        }
    }
}

/// The fixed values inside a subscription body, as dotted paths and JSON texts; `depth` stops
/// at recursive types.
fn fixed_values(ctx: &Ctx, ty: &Type, at: &str, depth: usize, out: &mut Vec<(String, String)>) {
    if depth > 8 {
        return;
    }
    let Type::Object(object) = ctx.connector.resolve(ty) else {
        return;
    };
    for field in &object.fields {
        let path = if at.is_empty() {
            field.wire_name.clone()
        } else {
            format!("{at}.{}", field.wire_name)
        };
        match &field.value {
            Some(value) => out.push((path, value.to_string())),
            None => fixed_values(ctx, &field.ty, &path, depth + 1, out),
        }
    }
}

/// Whether the caller has anything to put in the subscription body: a field that is neither
/// fixed nor the notification URL (or an object holding it).
fn has_user_fields(ctx: &Ctx, webhook: &Webhook) -> bool {
    let Some(body) = &webhook.body else {
        return false;
    };
    let Type::Object(object) = ctx.connector.resolve(&body.ty) else {
        return false;
    };
    let url_top = webhook
        .notification_url
        .split(['.', '/'])
        .find(|s| !s.is_empty())
        .unwrap_or_default();
    object
        .fields
        .iter()
        .any(|f: &Field| f.value.is_none() && f.wire_name != url_top)
}

/// `<trigger>_subscribe`, `<trigger>_unsubscribe` (when the spec has an unsubscribe request)
/// and `<trigger>_receive` of a webhook trigger.
fn emit_webhook(ctx: &Ctx, trigger: &Trigger, webhook: &Webhook) -> TokenStream {
    let rt = &ctx.rt;
    let prefix = quote!(types::);
    let name = Literal::string(&trigger.name);

    // Subscribe: the trigger's parameters fill the request line, the body gets the fixed values
    // and the notification URL.
    let user_body = has_user_fields(ctx, webhook);
    let (args, mut scope) = Args::new(ctx, &trigger.params, &["notification_url"]);
    let body_ident = format_ident!("{}", scope.claim("body".into()).0);
    let path = path_statements(ctx, &webhook.subscribe_path, |name| args.value(name));
    let sends = trigger.params.iter().filter_map(|param| {
        args.value(&param.field.wire_name)
            .map(|value| send_statement(ctx, &param.field.wire_name, param.location, value))
    });
    let mut fixed = Vec::new();
    if let Some(body) = &webhook.body {
        fixed_values(ctx, &body.ty, "", 0, &mut fixed);
    }
    let fixed_paths = fixed.iter().map(|(p, _)| Literal::string(p));
    let fixed_json = fixed.iter().map(|(_, v)| Literal::string(v));
    let (body_arg, body_value) = match (&webhook.body, user_body) {
        (Some(body), true) => {
            let ty = rust_type(ctx, &body.ty, &prefix);
            (quote!(#body_ident: &#ty,), quote!(#body_ident))
        }
        _ => (TokenStream::new(), quote!(&())),
    };
    let url_field = Literal::string(&webhook.notification_url);
    let id_at = match &webhook.subscription_id {
        SubscriptionId::Body(path) => {
            let lit = Literal::string(path);
            quote!(#rt::webhook::SubscriptionIdAt::Body(#lit))
        }
        SubscriptionId::Header(header) => {
            let lit = Literal::string(header);
            quote!(#rt::webhook::SubscriptionIdAt::Header(#lit))
        }
    };
    let method = method_tokens(ctx, webhook.subscribe_method);
    let request_line = format!(
        "`{} {}`",
        webhook.subscribe_method.as_str(),
        webhook.subscribe_path.raw.replace('`', "'")
    );
    let id_text = match &webhook.subscription_id {
        SubscriptionId::Body(path) => format!("the answer's `{}`", path.replace('`', "'")),
        SubscriptionId::Header(header) if header.eq_ignore_ascii_case("location") => {
            "the last segment of the answer's `Location` header".to_owned()
        }
        SubscriptionId::Header(header) => {
            format!("the answer's `{}` header", header.replace('`', "'"))
        }
    };
    let body_text = if user_body {
        format!(" `{body_ident}` is sent as JSON with the spec's fixed values written over it.")
    } else {
        String::new()
    };
    let subscribe_doc = method_doc(
        trigger,
        &format!(
            "Subscribes to `{}`: sends {request_line} with `notification_url` in the body \
             field `{}`, and returns the subscription with its id read from {id_text}.{body_text} \
             The call counts as a call of `{}` in the client's limits.",
            trigger.name,
            webhook.notification_url.replace('`', "'"),
            trigger.name
        ),
    );
    let subscribe_ident = method_ident(ctx, trigger, "subscribe");
    let trigger_args = &args.args;
    let subscribe = quote! {
        #subscribe_doc
        pub async fn #subscribe_ident(
            &self,
            #(#trigger_args,)*
            #body_arg
            notification_url: &str,
        ) -> ::std::result::Result<#rt::webhook::Subscription, #rt::Error> {
            #path
            let mut __request = #rt::Request::new(#method, __path);
            #(#sends)*
            __request.trigger(#name);
            let __body = #rt::webhook::subscription_body(#body_value, &[#((#fixed_paths, #fixed_json)),*])?;
            #rt::webhook::subscribe(&self.inner, __request, &__body, #url_field, notification_url, #id_at).await
        }
    };

    // Unsubscribe: `{id}` is the subscription's id; other placeholders are trigger parameters
    // (asked for again) or connection parameters.
    let unsubscribe = match &webhook.unsubscribe {
        None => TokenStream::new(),
        Some((method, template)) => {
            let placeholders: Vec<&str> = template.params().collect();
            let (args, mut scope) = Args::new(
                ctx,
                trigger
                    .params
                    .iter()
                    .filter(|p| p.field.wire_name != "id")
                    .filter(|p| placeholders.contains(&p.field.wire_name.as_str())),
                &[],
            );
            let subscription = format_ident!("{}", scope.claim("subscription".into()).0);
            let path = path_statements(ctx, template, |name| {
                if name == "id" {
                    Some(quote!(&#subscription.id))
                } else {
                    args.value(name)
                }
            });
            let method_value = method_tokens(ctx, *method);
            let ident = method_ident(ctx, trigger, "unsubscribe");
            let doc = method_doc(
                trigger,
                &format!(
                    "Ends a subscription to `{}`: sends `{} {}`. A 404 counts as done. The call \
                     counts as a call of `{}` in the client's limits.",
                    trigger.name,
                    method.as_str(),
                    template.raw.replace('`', "'"),
                    trigger.name
                ),
            );
            let trigger_args = &args.args;
            quote! {
                #doc
                pub async fn #ident(
                    &self,
                    #(#trigger_args,)*
                    #subscription: &#rt::webhook::Subscription,
                ) -> ::std::result::Result<(), #rt::Error> {
                    #path
                    let mut __request = #rt::Request::new(#method_value, __path);
                    __request.trigger(#name);
                    #rt::webhook::unsubscribe(&self.inner, __request).await
                }
            }
        }
    };

    // Receive: the signature first, then the payload.
    let payload = rust_type(ctx, &webhook.payload, &prefix);
    let receive_ident = method_ident(ctx, trigger, "receive");
    let (check, check_text) = match &webhook.signature {
        None => (
            quote!(#rt::webhook::receive(::std::option::Option::None, headers, body)),
            "The spec declares no signature, so the notification is not checked: make sure it \
             comes from the service some other way."
                .to_owned(),
        ),
        Some(signature) => {
            let header = Literal::string(&signature.header);
            let (algorithm, algorithm_text) = match signature.algorithm {
                SignatureAlgorithm::HmacSha256 => {
                    (quote!(#rt::webhook::HmacAlgorithm::Sha256), "HMAC-SHA256")
                }
                SignatureAlgorithm::HmacSha1 => {
                    (quote!(#rt::webhook::HmacAlgorithm::Sha1), "HMAC-SHA1")
                }
            };
            let (encoding, encoding_text) = match signature.encoding {
                SignatureEncoding::Hex => (quote!(#rt::webhook::SignatureEncoding::Hex), "hex"),
                SignatureEncoding::Base64 => {
                    (quote!(#rt::webhook::SignatureEncoding::Base64), "base64")
                }
            };
            let prefix_value = match &signature.prefix {
                Some(prefix) => {
                    let lit = Literal::string(prefix);
                    quote!(::std::option::Option::Some(#lit))
                }
                None => quote!(::std::option::Option::None),
            };
            let secret =
                super::client::connection_text(ctx, &signature.secret, &quote!(self.connection));
            let after = match &signature.prefix {
                Some(prefix) => format!(" after `{}`", prefix.replace('`', "'")),
                None => String::new(),
            };
            (
                quote! {
                    let __check = #rt::webhook::SignatureCheck {
                        header: #header,
                        algorithm: #algorithm,
                        encoding: #encoding,
                        prefix: #prefix_value,
                    };
                    let __secret = #secret;
                    #rt::webhook::receive(::std::option::Option::Some((&__check, __secret.as_bytes())), headers, body)
                },
                format!(
                    "Checks the `{}` header first: the {algorithm_text} of `body`, keyed with \
                     the connection's `{}`, written in {encoding_text}{after}, compared in \
                     constant time. A missing, malformed or wrong signature, or an empty \
                     secret, is refused with `Error::Signature`.",
                    signature.header.replace('`', "'"),
                    signature.secret.replace('`', "'")
                ),
            )
        }
    };
    let receive_doc = method_doc(
        trigger,
        &format!(
            "Reads a notification of `{}` from its headers and raw body (the bytes as \
             received) and decodes the payload. {check_text}",
            trigger.name
        ),
    );
    let receive = quote! {
        #receive_doc
        pub fn #receive_ident(
            &self,
            headers: &#rt::reqwest::header::HeaderMap,
            body: &[u8],
        ) -> ::std::result::Result<#payload, #rt::Error> {
            #check
        }
    };
    quote! {
        #subscribe
        #unsubscribe
        #receive
    }
}
