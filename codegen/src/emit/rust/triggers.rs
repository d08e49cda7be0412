//! The client methods of triggers: `<trigger>_poller` for a polling trigger (whether its
//! listing is an action or a request of its own), and `<trigger>_subscribe`,
//! `<trigger>_unsubscribe` and `<trigger>_receive` for a webhook trigger.
//!
//! A poller over an action gets its request from the action's builder in `requests`, so it
//! sends exactly what the action's method sends; a paged action's poller reads every page.
//! Every request a trigger method builds goes through the runtime client like an action's
//! (authentication, retries) and is marked as a call of the trigger, so the spec's trigger
//! limits count it.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::inputs::{is_text, paging_param, value_type, Binding, Declared};
use super::requests::{body_statements, builder_call, builder_inputs, request_statements};
use super::trigger_args::{method_doc_text, trigger_inputs};
use super::typeref::rust_type;
use super::values::{json_text, option_static, paging_tokens};
use super::{docs, webhooks, Ctx};
use crate::fast_hash::{Map, Set as HashSet};
use crate::ir::{
    Action, Body, ItemOrder as IrItemOrder, Method, Param, Poll, PollSource, ResponseEncoding,
    Template, Trigger, TriggerKind,
};

/// The methods of one trigger.
pub(crate) fn emit_trigger(ctx: &Ctx, trigger: &Trigger) -> TokenStream {
    match &trigger.kind {
        TriggerKind::Poll(poll) => emit_poller(ctx, trigger, poll),
        TriggerKind::Webhook(webhook) => webhooks::emit_webhook(ctx, trigger, webhook),
    }
}

/// A reference to a value of `param`'s type written in the spec as `value` (a fixed argument,
/// a cursor's initial value): text as a literal, anything else decoded from its JSON.
fn spec_value_ref(ctx: &Ctx, param: &Param, value: &serde_json::Value) -> TokenStream {
    if is_text(ctx, &param.field.ty) && !param.field.secret {
        return json_text(value);
    }
    let owned = spec_value_owned(ctx, param, value);
    quote!(&#owned)
}

/// An owned value of `param`'s type written in the spec as `value`.
fn spec_value_owned(ctx: &Ctx, param: &Param, value: &serde_json::Value) -> TokenStream {
    let rt = &ctx.rt;
    let ty = value_type(ctx, &param.field.ty, param.field.secret, &quote!(types::));
    let json = Literal::string(&value.to_string());
    quote! {
        #rt::serde_json::from_str::<#ty>(#json).map_err(|e| #rt::Error::Encode {
            message: ::std::string::ToString::to_string(&e),
        })?
    }
}

/// The value a poller gives the listing's parameter `param` that no input of the trigger
/// fills: a fixed argument, the cursor's initial value, or the first page (the runtime sets
/// cursor and paging parameters on every listing itself). `args` are the poll's fixed
/// arguments by name ([`Poll::args_by_name`]).
fn listing_value(
    poll: &Poll,
    args: &Map<&str, &serde_json::Value>,
    action: &Action,
    param: &Param,
) -> Option<serde_json::Value> {
    let wire = param.field.wire_name.as_str();
    if let Some(value) = args.get(wire) {
        let reference =
            matches!(value, serde_json::Value::String(s) if s.starts_with('{') && s.ends_with('}'));
        if !reference {
            return Some((*value).clone());
        }
    }
    if !param.field.required {
        return None;
    }
    if let Some(cursor) = poll.cursor.as_ref().filter(|c| c.param == wire) {
        return Some(serde_json::Value::String(
            cursor.initial.clone().unwrap_or_default(),
        ));
    }
    if paging_param(action) == Some(wire) {
        use crate::ir::Pagination;
        return Some(match &action.paginate {
            Some(Pagination::PageNumber { first_page, .. }) => (*first_page).into(),
            Some(Pagination::Offset { .. }) => 0.into(),
            _ => serde_json::Value::String(String::new()),
        });
    }
    None
}

/// The statements that build `__request` for a poll over `action`: the action's own builder,
/// called with the trigger's inputs, the poll's fixed arguments and the cursor's and paging's
/// starting values.
fn action_request(
    ctx: &Ctx,
    poll: &Poll,
    action: &Action,
    trigger_inputs: &Declared,
) -> TokenStream {
    let (_, builder) = builder_inputs(ctx, action);
    let call = builder_call(ctx, action);
    let action_params = format_ident!("__listing");
    let mut fields = Vec::new();
    let mut args = Vec::new();
    if call.connection {
        args.push(quote!(&self.connection));
    }
    let find = |input: &Binding| -> Option<&Binding> {
        match input.input {
            super::inputs::Input::Param(param) => trigger_inputs.param(param),
            super::inputs::Input::Body(_) => trigger_inputs.body(),
        }
    };
    let poll_args = poll.args_by_name();
    for binding in &builder.bindings {
        let from_trigger = find(binding);
        let param = match binding.input {
            super::inputs::Input::Param(param) => Some(param),
            super::inputs::Input::Body(_) => None,
        };
        let fixed = param.and_then(|p| listing_value(poll, &poll_args, action, p).map(|v| (p, v)));
        if binding.positional {
            let value = match (from_trigger, &fixed) {
                (Some(input), _) => input.reference.clone(),
                (None, Some((param, value))) => spec_value_ref(ctx, param, value),
                // Nothing fills it: the checker lets no such listing through.
                (None, None) => continue,
            };
            args.push(value);
        } else {
            let Some(field) = &binding.field else {
                continue;
            };
            let required = param.map_or_else(
                || action.body.as_ref().is_some_and(|b| b.required),
                |p| p.field.required,
            );
            let value = match (from_trigger, &fixed) {
                (Some(input), _) => input.owned.clone(),
                (None, Some((param, value))) => {
                    let owned = spec_value_owned_or_text(ctx, param, value);
                    if required {
                        owned
                    } else {
                        quote!(::std::option::Option::Some(#owned))
                    }
                }
                (None, None) => quote!(::std::option::Option::None),
            };
            fields.push(quote!(#field: #value));
        }
    }
    let mut statements = TokenStream::new();
    if let Some(name) = &ctx.names.action(&action.name).params {
        let ty = format_ident!("{}", name);
        statements.extend(quote! {
            let #action_params = params::#ty { #(#fields),* };
        });
        args.push(quote!(&#action_params));
    }
    let path = &call.path;
    statements.extend(quote!(let mut __request = #path(#(#args),*)?;));
    statements
}

/// An owned value for a struct field: text as a `String`, anything else decoded.
fn spec_value_owned_or_text(ctx: &Ctx, param: &Param, value: &serde_json::Value) -> TokenStream {
    if is_text(ctx, &param.field.ty) && !param.field.secret {
        let text = json_text(value);
        return quote!(::std::string::String::from(#text));
    }
    spec_value_owned(ctx, param, value)
}

/// What a poller lists: the statements building its request, how its doc names the listing,
/// where the items are in the answer and the paging it reads the listing with.
struct Listing<'a> {
    build: TokenStream,
    listing: String,
    items: Option<&'a str>,
    paging: Option<TokenStream>,
}

/// The listing of `poll`; none when it is not a JSON listing (the trigger has no poller).
fn listing<'a>(
    ctx: &Ctx<'a>,
    trigger: &Trigger,
    poll: &'a Poll,
    declared: &Declared,
) -> Option<Listing<'a>> {
    match &poll.source {
        PollSource::Action(source) => action_listing(ctx, poll, source, declared),
        PollSource::Request {
            method,
            path,
            body,
            response,
        } => {
            if response.encoding != ResponseEncoding::Json {
                return None;
            }
            request_listing(ctx, trigger, poll, (*method, path, body.as_ref()), declared)
        }
    }
}

/// The listing of a poll over the action named `source`.
fn action_listing<'a>(
    ctx: &Ctx<'a>,
    poll: &'a Poll,
    source: &str,
    declared: &Declared,
) -> Option<Listing<'a>> {
    let action = ctx.connector.action(source)?;
    if action.response.encoding != ResponseEncoding::Json {
        return None;
    }
    let items = poll
        .items
        .as_deref()
        .or(action.paginate.as_ref().and_then(|p| p.items()));
    let paging = action
        .paginate
        .as_ref()
        .filter(|_| !poll.single)
        .map(|p| paging_tokens(ctx, p));
    Some(Listing {
        build: action_request(ctx, poll, action, declared),
        listing: format!("`{}`", ctx.names.action(&action.name).method),
        items,
        paging,
    })
}

/// The listing of a poll with a request of its own.
fn request_listing<'a>(
    ctx: &Ctx,
    trigger: &Trigger,
    poll: &'a Poll,
    (method, path, body): (Method, &Template, Option<&Body>),
    declared: &Declared,
) -> Option<Listing<'a>> {
    let rt = &ctx.rt;
    let placeholders: HashSet<&str> = path.params().collect();
    let shown_names: HashSet<&str> = trigger
        .params
        .iter()
        .map(|p| p.field.wire_name.as_str())
        .collect();
    let shown = |name: &str| shown_names.contains(name);
    let args = poll.args_by_name();
    let value_of = |param: &Param| -> Option<TokenStream> {
        if let Some(value) = &param.field.value {
            return Some(json_text(value));
        }
        declared.param(param).map(|b| b.reference.clone())
    };
    let fixed = |name: &str| -> Option<TokenStream> {
        if shown(name) {
            return None;
        }
        args.get(name).map(|value| json_text(value))
    };
    let mut statements = request_statements(
        ctx,
        method,
        path,
        &trigger.params,
        &value_of,
        &fixed,
        &quote!(self.connection),
    );
    // Fixed arguments of parameters the trigger does not show: query parameters unless
    // the path names them.
    for (name, value) in &poll.args {
        if shown(name) || placeholders.contains(name.as_str()) {
            continue;
        }
        let wire = Literal::string(name);
        let value = json_text(value);
        statements.extend(quote!(__request.query(#wire, #value, #rt::ArrayStyle::Csv)?;));
    }
    if let (Some(body), Some(binding)) = (body, declared.body()) {
        statements.extend(body_statements(
            ctx,
            body,
            &binding.reference,
            body.required,
        ));
    }
    Some(Listing {
        build: statements,
        listing: format!("`{} {}`", method.as_str(), path.raw.replace('`', "'")),
        items: poll.items.as_deref(),
        paging: None,
    })
}

/// The poll's `CursorSpec` and the cursor parameter the source sets.
fn cursor_tokens(ctx: &Ctx, poll: &Poll) -> (TokenStream, TokenStream) {
    let rt = &ctx.rt;
    match &poll.cursor {
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
    }
}

/// The poller's doc comment, and the line saying how to decode a delivery.
fn poller_doc(
    ctx: &Ctx,
    trigger: &Trigger,
    poll: &Poll,
    listing: &Listing,
) -> (TokenStream, TokenStream) {
    let (doc, item_doc) = poller_doc_text(
        ctx,
        trigger,
        poll,
        &listing.listing,
        listing.paging.is_some(),
    );
    (docs::lines(&doc), docs::lines(&item_doc))
}

/// The text of the poller's doc comment (`listing` names what it lists, `paged` says whether
/// it reads every page) and of the line saying how to decode a delivery.
pub(crate) fn poller_doc_text(
    ctx: &Ctx,
    trigger: &Trigger,
    poll: &Poll,
    listing: &str,
    paged: bool,
) -> (String, String) {
    let item = rust_type(ctx, &poll.item_type, &quote!(types::));
    let pages_text = if paged {
        " Each listing reads every page (up to `options.max_pages`) before any item is handed \
         out, so no page is skipped."
    } else {
        ""
    };
    let doc = method_doc_text(
        trigger,
        &format!(
            "Polls {listing} and hands out each new item once (at-least-once with \
             acknowledgement; see the runtime's `poll` module), its checkpoint kept in `store`.\
             {pages_text} Every listing counts as a poll of `{}` in the client's limits; \
             `options.limits` is not used. The interval runs on the client's clock (see \
             `Client::with_clock`) unless `options.clock` sets another.",
            trigger.name
        ),
    );
    let item_doc = format!(
        "Decode each delivery with `delivery.decode::<{}>()`.",
        item.to_string().replace(' ', "")
    );
    (doc, item_doc)
}

/// The poller of a polling trigger, over an action or over a request of its own. Listings
/// that are not JSON get none.
fn emit_poller(ctx: &Ctx, trigger: &Trigger, poll: &Poll) -> TokenStream {
    let rt = &ctx.rt;
    let declared = trigger_inputs(ctx, trigger, &["store", "options", "connection"]);
    let Some(listing) = listing(ctx, trigger, poll, &declared) else {
        return TokenStream::new();
    };
    let (doc, item_doc) = poller_doc(ctx, trigger, poll, &listing);
    let Listing {
        build,
        items,
        paging,
        ..
    } = listing;
    let method_ident = format_ident!("{}", ctx.names.trigger_method(&trigger.name, "poller"));
    let name = Literal::string(&trigger.name);
    let identity = poll.identity.iter().map(|p| Literal::string(p));
    let order = match poll.order {
        IrItemOrder::NewestFirst => quote!(#rt::poll::ItemOrder::NewestFirst),
        IrItemOrder::OldestFirst => quote!(#rt::poll::ItemOrder::OldestFirst),
        IrItemOrder::Unordered => quote!(#rt::poll::ItemOrder::Unordered),
    };
    let (cursor, cursor_param) = cursor_tokens(ctx, poll);
    let items = option_static(items);
    let mut source_options = TokenStream::new();
    if let Some(paging) = &paging {
        source_options.extend(quote!(.paged(#paging, options.max_pages)));
    }
    if poll.single {
        source_options.extend(quote!(.single()));
    }
    let args = &declared.args;
    quote! {
        #doc
        ///
        #item_doc
        pub fn #method_ident(
            &self,
            #(#args,)*
            store: ::std::sync::Arc<dyn #rt::poll::CheckpointStore>,
            options: #rt::poll::PollerOptions,
        ) -> ::std::result::Result<#rt::poll::Poller<#rt::poll::ClientSource>, #rt::poll::PollError> {
            #build
            __request.trigger(#name);
            let source = #rt::poll::ClientSource::new(self.inner.clone(), __request, #cursor_param, #items)#source_options;
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
