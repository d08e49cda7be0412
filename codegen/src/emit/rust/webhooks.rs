//! The methods of a webhook trigger: `<trigger>_subscribe` (the notification URL written into
//! the subscription body), `<trigger>_unsubscribe` when the spec has an unsubscribe request, and
//! `<trigger>_receive` (the signature checked, then the payload decoded).

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::inputs::{is_text, value_type};
use super::requests::request_statements;
use super::trigger_args::{method_doc, trigger_inputs};
use super::typeref::rust_type;
use super::values::{connection_text, json_text};
use super::Ctx;
use crate::fast_hash::Set as HashSet;
use crate::ir::{
    Method, Param, Signature, SignatureAlgorithm, SignatureEncoding, SubscriptionId, Template,
    Trigger, Type, Webhook,
};
use crate::names::Scope;

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

/// `<trigger>_subscribe`, `<trigger>_unsubscribe` (when the spec has an unsubscribe request)
/// and `<trigger>_receive` of a webhook trigger.
pub(crate) fn emit_webhook(ctx: &Ctx, trigger: &Trigger, webhook: &Webhook) -> TokenStream {
    let subscribe = subscribe(ctx, trigger, webhook);
    let unsubscribe = match &webhook.unsubscribe {
        None => TokenStream::new(),
        Some((method, template)) => unsubscribe(ctx, trigger, *method, template),
    };
    let receive = receive(ctx, trigger, webhook);
    quote! {
        #subscribe
        #unsubscribe
        #receive
    }
}

/// `<trigger>_subscribe`.
fn subscribe(ctx: &Ctx, trigger: &Trigger, webhook: &Webhook) -> TokenStream {
    let rt = &ctx.rt;
    let name = Literal::string(&trigger.name);

    // Subscribe: the trigger's parameters fill the request line, the body gets the fixed values
    // and the notification URL.
    let declared = trigger_inputs(ctx, trigger, &["notification_url", "connection"]);
    let value_of = |param: &Param| -> Option<TokenStream> {
        if let Some(value) = &param.field.value {
            return Some(json_text(value));
        }
        declared.param(param).map(|b| b.reference.clone())
    };
    let request = request_statements(
        ctx,
        webhook.subscribe_method,
        &webhook.subscribe_path,
        &trigger.params,
        &value_of,
        &|_| None,
        &quote!(self.connection),
    );
    let mut fixed = Vec::new();
    if let Some(body) = &webhook.body {
        fixed_values(ctx, &body.ty, "", 0, &mut fixed);
    }
    let fixed_paths = fixed.iter().map(|(p, _)| Literal::string(p));
    let fixed_json = fixed.iter().map(|(_, v)| Literal::string(v));
    let body_value = match declared.body() {
        Some(binding) => binding.reference.clone(),
        None => quote!(&()),
    };
    let user_body = declared.body().is_some();
    let url_field = Literal::string(&webhook.notification_url);
    let subscribe_doc = subscribe_doc(trigger, webhook, user_body);
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
    let subscribe_ident = format_ident!("{}", ctx.names.trigger_method(&trigger.name, "subscribe"));
    let trigger_args = &declared.args;
    quote! {
        #subscribe_doc
        pub async fn #subscribe_ident(
            &self,
            #(#trigger_args,)*
            notification_url: &str,
        ) -> ::std::result::Result<#rt::webhook::Subscription, #rt::Error> {
            #request
            __request.trigger(#name);
            let __body = #rt::webhook::subscription_body(#body_value, &[#((#fixed_paths, #fixed_json)),*])?;
            #rt::webhook::subscribe(&self.inner, __request, &__body, #url_field, notification_url, #id_at).await
        }
    }
}

/// The doc comment of `<trigger>_subscribe`.
fn subscribe_doc(trigger: &Trigger, webhook: &Webhook, user_body: bool) -> TokenStream {
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
        " The body is sent as JSON with the spec's fixed values written over it.".to_owned()
    } else {
        String::new()
    };
    method_doc(
        trigger,
        &format!(
            "Subscribes to `{}`: sends {request_line} with `notification_url` in the body \
             field `{}`, and returns the subscription with its id read from {id_text}.{body_text} \
             The call counts as a call of `{}` in the client's limits.",
            trigger.name,
            webhook.notification_url.replace('`', "'"),
            trigger.name
        ),
    )
}

/// `<trigger>_unsubscribe`: `{id}` is the subscription's id; other placeholders are trigger
/// parameters (asked for again) or connection parameters.
fn unsubscribe(ctx: &Ctx, trigger: &Trigger, method: Method, template: &Template) -> TokenStream {
    let rt = &ctx.rt;
    let name = Literal::string(&trigger.name);
    let placeholders: HashSet<&str> = template.params().collect();
    let mut scope = Scope::new();
    scope.claim("connection".into());
    let mut args = Vec::new();
    let mut values: Vec<(String, TokenStream)> = Vec::new();
    for param in trigger.params.iter().filter(|p| {
        p.field.wire_name != "id"
            && p.field.value.is_none()
            && placeholders.contains(p.field.wire_name.as_str())
    }) {
        let ident = format_ident!("{}", scope.claim(param.field.rust_name.clone()).0);
        if is_text(ctx, &param.field.ty) && !param.field.secret {
            args.push(quote!(#ident: &str));
            values.push((param.field.wire_name.clone(), quote!(#ident)));
        } else {
            let ty = value_type(ctx, &param.field.ty, param.field.secret, &quote!(types::));
            args.push(quote!(#ident: &#ty));
            values.push((param.field.wire_name.clone(), quote!(#ident)));
        }
    }
    let subscription = format_ident!("{}", scope.claim("subscription".into()).0);
    // Placeholders are the subscription's id, then the trigger's parameters.
    let request = request_statements(
        ctx,
        method,
        template,
        &[],
        &|_| None,
        &|name| {
            if name == "id" {
                return Some(quote!(&#subscription.id));
            }
            values
                .iter()
                .find(|(w, _)| w == name)
                .map(|(_, v)| v.clone())
        },
        &quote!(self.connection),
    );
    let ident = format_ident!("{}", ctx.names.trigger_method(&trigger.name, "unsubscribe"));
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
    quote! {
        #doc
        pub async fn #ident(
            &self,
            #(#args,)*
            #subscription: &#rt::webhook::Subscription,
        ) -> ::std::result::Result<(), #rt::Error> {
            #request
            __request.trigger(#name);
            #rt::webhook::unsubscribe(&self.inner, __request).await
        }
    }
}

/// `<trigger>_receive`: the signature first, then the payload.
fn receive(ctx: &Ctx, trigger: &Trigger, webhook: &Webhook) -> TokenStream {
    let rt = &ctx.rt;
    let payload = rust_type(ctx, &webhook.payload, &quote!(types::));
    let receive_ident = format_ident!("{}", ctx.names.trigger_method(&trigger.name, "receive"));
    let (check, check_text) = match &webhook.signature {
        None => (
            quote!(#rt::webhook::receive(::std::option::Option::None, headers, body)),
            "The spec declares no signature, so the notification is not checked: make sure it \
             comes from the service some other way."
                .to_owned(),
        ),
        Some(signature) => signature_check(ctx, signature),
    };
    let receive_doc = method_doc(
        trigger,
        &format!(
            "Reads a notification of `{}` from its headers and raw body (the bytes as \
             received) and decodes the payload. {check_text}",
            trigger.name
        ),
    );
    quote! {
        #receive_doc
        pub fn #receive_ident(
            &self,
            headers: &#rt::reqwest::header::HeaderMap,
            body: &[u8],
        ) -> ::std::result::Result<#payload, #rt::Error> {
            #check
        }
    }
}

/// The statements checking a notification's signature, and the doc text saying how.
fn signature_check(ctx: &Ctx, signature: &Signature) -> (TokenStream, String) {
    let rt = &ctx.rt;
    let header = Literal::string(&signature.header);
    let (algorithm, algorithm_text) = match signature.algorithm {
        SignatureAlgorithm::HmacSha256 => {
            (quote!(#rt::webhook::HmacAlgorithm::Sha256), "HMAC-SHA256")
        }
        SignatureAlgorithm::HmacSha1 => (quote!(#rt::webhook::HmacAlgorithm::Sha1), "HMAC-SHA1"),
    };
    let (encoding, encoding_text) = match signature.encoding {
        SignatureEncoding::Hex => (quote!(#rt::webhook::SignatureEncoding::Hex), "hex"),
        SignatureEncoding::Base64 => (quote!(#rt::webhook::SignatureEncoding::Base64), "base64"),
    };
    let prefix_value = match &signature.prefix {
        Some(prefix) => {
            let lit = Literal::string(prefix);
            quote!(::std::option::Option::Some(#lit))
        }
        None => quote!(::std::option::Option::None),
    };
    let secret = connection_text(ctx, &signature.secret, &quote!(self.connection));
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
