//! The one place that turns an action and its arguments into a request: a private `requests`
//! module with one function per action, which the action's method, its `_stream` method and
//! every poller over it call. Webhook and request-poll calls build theirs with the same
//! statements ([`request_statements`]), so a parameter is encoded one way everywhere.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use super::inputs::{declare, Declared, Inputs, Style};
use super::marker::{marker, Section};
use super::short::runtime_alias;
use super::typeref::is_tri_state;
use super::values::{error_rule, json_text, method_tokens, push_literal};
use super::Ctx;
use crate::ir::{
    Action, ArrayStyle, Body, BodyEncoding, Method, Param, ParamLocation, ScalarKind, Template,
    TemplatePart, Type, UrlEncoding,
};

/// The `requests` module: one request builder per action.
pub(crate) fn emit_requests_module(ctx: &Ctx) -> TokenStream {
    if ctx.connector.actions.is_empty() {
        return TokenStream::new();
    }
    let builders: Vec<TokenStream> = if ctx.splice {
        vec![marker(Section::Requests)]
    } else {
        ctx.connector
            .actions
            .iter()
            .map(|action| builder(ctx, action))
            .collect()
    };
    let alias = runtime_alias(&ctx.short);
    quote! {
        /// The request of each action, built in one place for its method, its stream and the
        /// pollers over it.
        // A list parameter is read through `&Vec<T>` exactly as the method's caller gave it.
        #[allow(clippy::ptr_arg)]
        mod requests {
            #alias
            #(#builders)*
        }
    }
}

/// Whether a template names a connection parameter that no parameter of `params` fills.
pub(crate) fn uses_connection(ctx: &Ctx, template: &Template, params: &[Param]) -> bool {
    let mut placeholders = template.params().peekable();
    if placeholders.peek().is_none() {
        return false;
    }
    let filled = crate::ir::path_params_by_name(params);
    placeholders.any(|name| {
        !filled.contains_key(name) && ctx.connector.connection.iter().any(|f| f.wire_name == name)
    })
}

/// How a caller reaches an action's request builder.
pub(crate) struct BuilderCall {
    /// The builder's path, `requests::<name>`.
    pub path: TokenStream,
    /// Whether it takes the connection first.
    pub connection: bool,
}

/// The builder of `action`.
pub(crate) fn builder_call(ctx: &Ctx, action: &Action) -> BuilderCall {
    let name = format_ident!("{}", ctx.names.action(&action.name).method);
    BuilderCall {
        path: quote!(requests::#name),
        connection: uses_connection(ctx, &action.path, &action.params),
    }
}

/// The inputs of `action` as its builder declares them.
pub(crate) fn builder_inputs<'a>(ctx: &Ctx, action: &'a Action) -> (Inputs<'a>, Declared<'a>) {
    let inputs = Inputs::of_action(ctx.connector, action);
    let struct_name = ctx.names.action(&action.name).params.clone();
    let declared = declare(
        ctx,
        &inputs,
        &["connection"],
        struct_name.as_deref(),
        Style::Borrowed,
    );
    (inputs, declared)
}

/// The request builder of `action`.
pub(crate) fn builder(ctx: &Ctx, action: &Action) -> TokenStream {
    let rt = &ctx.rt;
    let call = builder_call(ctx, action);
    let name = format_ident!("{}", ctx.names.action(&action.name).method);
    let (_, declared) = builder_inputs(ctx, action);
    let connection_arg = if call.connection {
        quote!(connection: &super::Connection,)
    } else {
        TokenStream::new()
    };
    let args = &declared.args;
    let value_of = |param: &Param| -> Option<TokenStream> {
        if let Some(value) = &param.field.value {
            return Some(json_text(value));
        }
        declared.param(param).map(|b| b.reference.clone())
    };
    let mut statements = request_statements(
        ctx,
        action.method,
        &action.path,
        &action.params,
        &value_of,
        &|_| None,
        &quote!(connection),
    );
    if let (Some(body), Some(binding)) = (&action.body, declared.body()) {
        statements.extend(body_statements(
            ctx,
            body,
            &binding.reference,
            body.required,
        ));
    }
    if action.errors != ctx.connector.errors {
        let rule = error_rule(ctx, &action.errors);
        statements.extend(quote!(__request.errors(#rule);));
    }
    if action.idempotent {
        statements.extend(quote!(__request.idempotent(true);));
    }
    // What the call counts as for the limits, with the values of per-value limits.
    let spec_name = Literal::string(&action.name);
    let label = match &action.rate_label {
        Some(label) => {
            let lit = Literal::string(label);
            quote!(::std::option::Option::Some(#lit))
        }
        None => quote!(::std::option::Option::None),
    };
    statements.extend(quote!(__request.action(#spec_name, #label);));
    statements.extend(limit_values(ctx, action, &value_of));
    // No doc: the builder is private and named as the client method it builds for.
    let gate = ctx.gates.action(&action.name);
    quote! {
        #gate
        pub(super) fn #name(#connection_arg #(#args),*) -> ::std::result::Result<#rt::Request, #rt::Error> {
            #statements
            ::std::result::Result::Ok(__request)
        }
    }
}

/// `__request.limit_value(…)` for each parameter a per-value limit of `action` is split by.
fn limit_values(
    ctx: &Ctx,
    action: &Action,
    value_of: &dyn Fn(&Param) -> Option<TokenStream>,
) -> TokenStream {
    let mut out = TokenStream::new();
    for (name, param) in limit_partitions(ctx, action) {
        if let Some(value) = value_of(param) {
            let lit = Literal::string(name);
            out.extend(quote!(__request.limit_value(#lit, #value);));
        }
    }
    out
}

/// The parameters the per-value limits of `action` are split by, once each in the order of
/// its limits, with their wire names.
pub(crate) fn limit_partitions<'a>(ctx: &'a Ctx, action: &'a Action) -> Vec<(&'a str, &'a Param)> {
    let mut split_by: Vec<(&str, &Param)> = Vec::new();
    for &index in &action.limits {
        let Some(name) = ctx
            .connector
            .limits
            .get(index)
            .and_then(|l| l.per_value_of.as_deref())
        else {
            continue;
        };
        if split_by.iter().any(|(known, _)| *known == name) {
            continue;
        }
        if let Some(param) = action.params.iter().find(|p| p.field.wire_name == name) {
            split_by.push((name, param));
        }
    }
    split_by
}

/// The statements that declare `__request` for `method` and `path` and send every parameter
/// that has a value: `value_of` gives a reference to a parameter's value (`None`: not sent),
/// `placeholder` the value of a path placeholder no parameter fills, and `connection` is the
/// expression of the connection (for placeholders naming its parameters).
pub(crate) fn request_statements(
    ctx: &Ctx,
    method: Method,
    path: &Template,
    params: &[Param],
    value_of: &dyn Fn(&Param) -> Option<TokenStream>,
    placeholder: &dyn Fn(&str) -> Option<TokenStream>,
    connection: &TokenStream,
) -> TokenStream {
    let rt = &ctx.rt;
    // A leading literal starts the path: `String::from("/users/")`.
    let (binding, rest) = match path.parts.split_first() {
        Some((TemplatePart::Literal(text), rest)) => {
            let text = Literal::string(text);
            if rest.is_empty() {
                (
                    quote!(let __path = ::std::string::String::from(#text);),
                    rest,
                )
            } else {
                (
                    quote!(let mut __path = ::std::string::String::from(#text);),
                    rest,
                )
            }
        }
        Some(_) => (
            quote!(let mut __path = ::std::string::String::new();),
            &path.parts[..],
        ),
        None => (
            quote!(let __path = ::std::string::String::new();),
            &path.parts[..],
        ),
    };
    let by_name = crate::ir::path_params_by_name(params);
    let pieces = rest.iter().map(|part| match part {
        TemplatePart::Literal(text) => push_text(text),
        TemplatePart::Param(name) => {
            let param = by_name.get(name.as_str()).copied();
            let value = param
                .and_then(value_of)
                .or_else(|| placeholder(name))
                .or_else(|| connection_value(ctx, name, connection));
            let Some(value) = value else {
                return push_text(&format!("{{{name}}}"));
            };
            if param.is_some_and(|p| p.url_encoding == Some(UrlEncoding::Double)) {
                // Encoded twice, for values that may hold `/` (`x-ms-url-encoding: double`).
                quote!(__path.push_str(&#rt::encode::path_segment(&#rt::encode::path_segment(&#rt::encode::text(#value))));)
            } else {
                quote!(__path.push_str(&#rt::encode::path_segment(&#rt::encode::text(#value)));)
            }
        }
    });
    let method = method_tokens(ctx, method);
    let mut sends = Vec::new();
    for param in params {
        let Some(value) = value_of(param) else {
            continue;
        };
        let wire = Literal::string(&param.field.wire_name);
        match param.location {
            ParamLocation::Path => {}
            ParamLocation::Query => {
                let style = array_style(ctx, param.field.array_style);
                sends.push(quote!(__request.query(#wire, #value, #style)?;));
            }
            ParamLocation::Header => sends.push(quote!(__request.header(#wire, #value)?;)),
        }
    }
    quote! {
        #binding
        #(#pieces)*
        let mut __request = #rt::Request::new(#method, __path);
        #(#sends)*
    }
}

/// `__path.push_str("…")`, or `push('…')` for one character.
fn push_text(text: &str) -> TokenStream {
    push_literal(&format_ident!("__path"), text)
}

fn array_style(ctx: &Ctx, style: Option<ArrayStyle>) -> TokenStream {
    let rt = &ctx.rt;
    match style {
        Some(ArrayStyle::Multi) => quote!(#rt::ArrayStyle::Multi),
        Some(ArrayStyle::Brackets) => quote!(#rt::ArrayStyle::Brackets),
        Some(ArrayStyle::Ssv) => quote!(#rt::ArrayStyle::Ssv),
        Some(ArrayStyle::Pipes) => quote!(#rt::ArrayStyle::Pipes),
        Some(ArrayStyle::Csv) | None => quote!(#rt::ArrayStyle::Csv),
    }
}

/// `&<connection>.<field>` for a path placeholder that names a connection parameter.
fn connection_value(ctx: &Ctx, name: &str, connection: &TokenStream) -> Option<TokenStream> {
    let field = ctx
        .connector
        .connection
        .iter()
        .find(|f| f.wire_name == name)?;
    let ident = format_ident!("{}", field.rust_name);
    Some(quote!(&#connection.#ident))
}

/// The statements that put a body into `__request`: `value` is a reference to it (to an
/// `Option` of it when `required` is false), and its content type when the spec sets one.
pub(crate) fn body_statements(
    ctx: &Ctx,
    body: &Body,
    value: &TokenStream,
    required: bool,
) -> TokenStream {
    let encode = encode_body(ctx, body, &format_ident!("__body"));
    let mut out = if required {
        quote! {
            let __body = #value;
            #encode
        }
    } else {
        quote! {
            if let ::std::option::Option::Some(__body) = #value {
                #encode
            }
        }
    };
    if let Some(content_type) = &body.content_type {
        let lit = Literal::string(content_type);
        out.extend(quote!(__request.content_type(#lit);));
    }
    out
}

/// The statements that encode the body `value` (a reference) into `__request`.
fn encode_body(ctx: &Ctx, body: &Body, value: &Ident) -> TokenStream {
    let rt = &ctx.rt;
    match body.encoding {
        BodyEncoding::Json => quote!(__request.json(#value)?;),
        BodyEncoding::Form => quote!(__request.form(#value)?;),
        BodyEncoding::Xml => {
            let xsi = match &body.xml_type {
                Some(t) => {
                    let lit = Literal::string(t);
                    quote!(::std::option::Option::Some(#lit))
                }
                None => quote!(::std::option::Option::None),
            };
            quote!(__request.xml(#xsi, #value)?;)
        }
        BodyEncoding::Binary => quote!(__request.bytes(#value);),
        BodyEncoding::Text => quote!(__request.text(#value);),
        BodyEncoding::Multipart => match ctx.connector.resolve(&body.ty) {
            Type::Object(object) => {
                let parts = object.fields.iter().map(|field| {
                    let ident = format_ident!("{}", field.rust_name);
                    let wire = Literal::string(&field.wire_name);
                    let is_file = matches!(ctx.connector.resolve(&field.ty), Type::Scalar(s) if s.kind == ScalarKind::File || s.format.as_deref() == Some("binary"));
                    match (is_file, field.required && !field.nullable) {
                        (true, true) => quote!(__request.part_file(#wire, &#value.#ident);),
                        (true, false) if is_tri_state(field) => quote! {
                            if let #rt::Nullable::Value(__file) = &#value.#ident {
                                __request.part_file(#wire, __file);
                            }
                        },
                        (true, false) => quote! {
                            if let ::std::option::Option::Some(__file) = &#value.#ident {
                                __request.part_file(#wire, __file);
                            }
                        },
                        (false, _) => quote!(__request.part_text(#wire, &#value.#ident)?;),
                    }
                });
                quote!(#(#parts)*)
            }
            _ => {
                let lit = Literal::string(&body.name);
                quote!(__request.part_text(#lit, #value)?;)
            }
        },
    }
}
