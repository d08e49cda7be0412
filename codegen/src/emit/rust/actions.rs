//! One async method per action (required parameters positional, optional ones in a
//! `params::XxxParams` struct with `Default`), and the `params` module holding those structs.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::client::{error_rule, method_tokens};
use super::types::{allow_case, rust_type};
use super::{docs, Ctx};
use crate::ir::{
    Action, ArrayStyle, Body, BodyEncoding, Pagination, Param, ParamLocation, ResponseEncoding,
    ScalarKind, TemplatePart, Type, UrlEncoding,
};
use crate::names::{pascal_ident, Scope};

/// The name of an action's optional-parameter struct, unique in the `params` module.
fn params_struct_names(ctx: &Ctx) -> Vec<Option<String>> {
    let mut scope = Scope::new();
    ctx.connector
        .actions
        .iter()
        .map(|action| {
            if optional_params(action).is_empty() && !optional_body(action) {
                None
            } else {
                let base = format!("{}Params", pascal_ident(&action.rust_name));
                Some(scope.claim(base).0)
            }
        })
        .collect()
}

fn params_struct_name(ctx: &Ctx, action: &Action) -> Option<String> {
    let index = ctx
        .connector
        .actions
        .iter()
        .position(|a| a.name == action.name)?;
    params_struct_names(ctx).into_iter().nth(index).flatten()
}

/// Parameters the caller supplies (fixed-value parameters are sent by the client itself).
fn user_params(action: &Action) -> impl Iterator<Item = &Param> {
    action.params.iter().filter(|p| p.field.value.is_none())
}

fn required_params(action: &Action) -> Vec<&Param> {
    user_params(action).filter(|p| p.field.required).collect()
}

fn optional_params(action: &Action) -> Vec<&Param> {
    user_params(action).filter(|p| !p.field.required).collect()
}

fn optional_body(action: &Action) -> bool {
    action.body.as_ref().is_some_and(|b| !b.required)
}

/// The `params` module: one struct per action that has optional parameters.
pub(crate) fn emit_params_module(ctx: &Ctx) -> TokenStream {
    let names = params_struct_names(ctx);
    let structs = ctx
        .connector
        .actions
        .iter()
        .zip(names)
        .filter_map(|(action, name)| name.map(|n| params_struct(ctx, action, &n)))
        .collect::<Vec<_>>();
    if structs.is_empty() {
        return TokenStream::new();
    }
    quote! {
        /// Optional parameters of the client's methods, one struct per action that has any.
        pub mod params {
            #(#structs)*
        }
    }
}

fn params_struct(ctx: &Ctx, action: &Action, name: &str) -> TokenStream {
    let ident = format_ident!("{}", name);
    let allow = allow_case(name);
    let prefix = quote!(super::types::);
    let mut scope = Scope::new();
    let mut fields: Vec<TokenStream> = Vec::new();
    for param in optional_params(action) {
        let field = &param.field;
        let name = format_ident!("{}", scope.claim(field.rust_name.clone()).0);
        let ty = value_type(ctx, &field.ty, field.secret, &prefix);
        let doc = docs::doc(field.summary.as_deref(), field.description.as_deref());
        fields.push(quote! { #doc pub #name: ::std::option::Option<#ty>, });
    }
    if let Some(body) = action.body.as_ref().filter(|b| !b.required) {
        let name = format_ident!("{}", scope.claim("body".into()).0);
        let ty = body_owned_type(ctx, body, &prefix);
        let doc = docs::doc(body.summary.as_deref(), body.description.as_deref());
        fields.push(quote! { #doc pub #name: ::std::option::Option<#ty>, });
    }
    let doc = docs::lines(&format!(
        "Optional parameters of `Client::{}`.",
        action.rust_name
    ));
    quote! {
        #doc
        #allow
        #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq, ::std::default::Default)]
        pub struct #ident {
            #(#fields)*
        }
    }
}

/// The owned type of a value: secrets held as the runtime's `Secret`.
fn value_type(ctx: &Ctx, ty: &Type, secret: bool, prefix: &TokenStream) -> TokenStream {
    let rt = &ctx.rt;
    if secret && is_text(ctx, ty) {
        quote!(#rt::Secret)
    } else {
        rust_type(ctx, ty, prefix)
    }
}

fn is_text(ctx: &Ctx, ty: &Type) -> bool {
    matches!(ctx.connector.resolve(ty), Type::Scalar(s) if s.kind == ScalarKind::String && !s.is_date_time())
}

/// The owned type of a body.
fn body_owned_type(ctx: &Ctx, body: &Body, prefix: &TokenStream) -> TokenStream {
    match body.encoding {
        BodyEncoding::Binary => quote!(::std::vec::Vec<u8>),
        BodyEncoding::Text => quote!(::std::string::String),
        _ => rust_type(ctx, &body.ty, prefix),
    }
}

/// The type of a positional argument: `&str` for text, a reference for a body, the value else.
pub(crate) fn argument_type(
    ctx: &Ctx,
    ty: &Type,
    secret: bool,
    prefix: &TokenStream,
) -> TokenStream {
    if is_text(ctx, ty) && !secret {
        quote!(&str)
    } else {
        value_type(ctx, ty, secret, prefix)
    }
}

/// One client method.
pub(crate) fn emit_method(ctx: &Ctx, action: &Action) -> TokenStream {
    let rt = &ctx.rt;
    let prefix = quote!(types::);
    let method_ident = format_ident!("{}", action.rust_name);
    let mut scope = Scope::new();
    // Positional arguments: required parameters, then the required body, then `params`.
    let mut args: Vec<TokenStream> = Vec::new();
    let mut arg_names: Vec<(String, proc_macro2::Ident)> = Vec::new();
    for param in required_params(action) {
        let field = &param.field;
        let ident = format_ident!("{}", scope.claim(field.rust_name.clone()).0);
        let ty = argument_type(ctx, &field.ty, field.secret, &prefix);
        args.push(quote!(#ident: #ty));
        arg_names.push((field.wire_name.clone(), ident));
    }
    let body_ident = format_ident!("{}", scope.claim("body".into()).0);
    if let Some(body) = action.body.as_ref().filter(|b| b.required) {
        let ty = body_argument_type(ctx, body, &prefix);
        args.push(quote!(#body_ident: #ty));
    }
    let params_ident = format_ident!("{}", scope.claim("params".into()).0);
    let params_struct = params_struct_name(ctx, action);
    if let Some(name) = &params_struct {
        let ty = format_ident!("{}", name);
        args.push(quote!(#params_ident: params::#ty));
    }
    // Names of the optional parameters inside the params struct.
    let mut field_scope = Scope::new();
    let optional: Vec<(String, proc_macro2::Ident)> = optional_params(action)
        .iter()
        .map(|p| {
            (
                p.field.wire_name.clone(),
                format_ident!("{}", field_scope.claim(p.field.rust_name.clone()).0),
            )
        })
        .collect();
    let body_field = format_ident!("{}", field_scope.claim("body".into()).0);

    // An expression of a parameter's value (a reference), by wire name and location.
    let value_of = |param: &Param| -> TokenStream {
        if let Some(value) = &param.field.value {
            let text = match value {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            let lit = Literal::string(&text);
            return quote!(#lit);
        }
        let wire = &param.field.wire_name;
        if let Some((_, ident)) = arg_names.iter().find(|(w, _)| w == wire) {
            return quote!(&#ident);
        }
        if let Some((_, ident)) = optional.iter().find(|(w, _)| w == wire) {
            return quote!(&#params_ident.#ident);
        }
        quote!(&())
    };

    // The path.
    let path_pieces = action.path.parts.iter().map(|part| match part {
        TemplatePart::Literal(text) => {
            let lit = Literal::string(text);
            quote!(__path.push_str(#lit);)
        }
        TemplatePart::Param(name) => {
            let param = action
                .params
                .iter()
                .find(|p| p.location == ParamLocation::Path && &p.field.wire_name == name);
            let Some(value) = param
                .map(&value_of)
                .or_else(|| connection_value(ctx, name))
            else {
                let lit = Literal::string(&format!("{{{name}}}"));
                return quote!(__path.push_str(#lit););
            };
            let double = param.is_some_and(|p| p.url_encoding == Some(UrlEncoding::Double));
            if double {
                // Encoded twice, for values that may hold `/` (`x-ms-url-encoding: double`).
                quote!(__path.push_str(&#rt::encode::path_segment(&#rt::encode::path_segment(&#rt::encode::text(#value))));)
            } else {
                quote!(__path.push_str(&#rt::encode::path_segment(&#rt::encode::text(#value)));)
            }
        }
    });
    let method = method_tokens(ctx, action.method);

    // Query and header parameters.
    let mut sends: Vec<TokenStream> = Vec::new();
    for param in &action.params {
        let wire = Literal::string(&param.field.wire_name);
        let value = value_of(param);
        match param.location {
            ParamLocation::Path => {}
            ParamLocation::Query => {
                let style = match param.field.array_style {
                    Some(ArrayStyle::Multi) => quote!(#rt::ArrayStyle::Multi),
                    Some(ArrayStyle::Brackets) => quote!(#rt::ArrayStyle::Brackets),
                    Some(ArrayStyle::Ssv) => quote!(#rt::ArrayStyle::Ssv),
                    Some(ArrayStyle::Pipes) => quote!(#rt::ArrayStyle::Pipes),
                    Some(ArrayStyle::Csv) | None => quote!(#rt::ArrayStyle::Csv),
                };
                sends.push(quote!(__request.query(#wire, #value, #style)?;));
            }
            ParamLocation::Header => {
                sends.push(quote!(__request.header(#wire, #value)?;));
            }
        }
    }

    // The body.
    if let Some(body) = &action.body {
        let encode = |value: TokenStream| -> TokenStream { encode_body(ctx, body, value) };
        if body.required {
            sends.push(encode(quote!(#body_ident)));
        } else {
            let inner = encode(quote!(__body));
            sends.push(quote! {
                if let ::std::option::Option::Some(__body) = &#params_ident.#body_field {
                    #inner
                }
            });
        }
        if let Some(content_type) = &body.content_type {
            let lit = Literal::string(content_type);
            sends.push(quote!(__request.content_type(#lit);));
        }
    }
    if action.errors != ctx.connector.errors {
        let rule = error_rule(ctx, &action.errors);
        sends.push(quote!(__request.errors(#rule);));
    }
    if action.idempotent {
        sends.push(quote!(__request.idempotent(true);));
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
    sends.push(quote!(__request.action(#spec_name, #label);));
    let mut split_by: Vec<&str> = Vec::new();
    for &index in &action.limits {
        let Some(param_name) = ctx
            .connector
            .limits
            .get(index)
            .and_then(|l| l.per_value_of.as_deref())
        else {
            continue;
        };
        if split_by.contains(&param_name) {
            continue;
        }
        split_by.push(param_name);
        if let Some(param) = action
            .params
            .iter()
            .find(|p| p.field.wire_name == param_name)
        {
            let lit = Literal::string(param_name);
            let value = value_of(param);
            sends.push(quote!(__request.limit_value(#lit, #value);));
        }
    }

    // The answer.
    let response = &action.response;
    let (output, decode) = match (response.encoding, &response.ty) {
        (ResponseEncoding::Empty, _) | (_, None) => (
            quote!(()),
            quote! {
                self.inner.send(__request).await?;
                ::std::result::Result::Ok(())
            },
        ),
        (ResponseEncoding::Binary, _) => (
            quote!(::std::vec::Vec<u8>),
            quote!(self.inner.send(__request).await?.bytes()),
        ),
        (ResponseEncoding::Text, _) => (
            quote!(::std::string::String),
            quote!(self.inner.send(__request).await?.text()),
        ),
        (ResponseEncoding::Json, Some(ty)) => (
            rust_type(ctx, ty, &prefix),
            quote!(self.inner.send(__request).await?.json()),
        ),
        (ResponseEncoding::Xml, Some(ty)) => (
            rust_type(ctx, ty, &prefix),
            quote!(self.inner.send(__request).await?.xml()),
        ),
    };

    let doc = method_doc(action);
    let path_mut = if action.path.parts.is_empty() {
        quote!(let __path = ::std::string::String::new();)
    } else {
        quote!(let mut __path = ::std::string::String::new();)
    };
    let build = quote! {
        #path_mut
        #(#path_pieces)*
        let mut __request = #rt::Request::new(#method, __path);
        #(#sends)*
    };
    let stream = match (&action.paginate, response.encoding) {
        (Some(paging), ResponseEncoding::Json) => {
            let stream_ident = format_ident!("{}_stream", action.rust_name);
            let item = item_type(ctx, action, paging.items())
                .map(|ty| rust_type(ctx, ty, &prefix))
                .unwrap_or_else(|| quote!(#rt::serde_json::Value));
            let paging = paging_tokens(ctx, paging);
            let items = match paging_items(action) {
                Some(path) => {
                    let lit = Literal::string(path);
                    quote!(::std::option::Option::Some(#lit))
                }
                None => quote!(::std::option::Option::None),
            };
            let stream_doc = docs::lines(&format!(
                "Every item of `{}` across its pages, asking for the next page as the items run out.\n\nFails at once when the parameters cannot be encoded.",
                action.rust_name
            ));
            quote! {
                #stream_doc
                pub fn #stream_ident(&self, #(#args),*) -> ::std::result::Result<#rt::paginate::ItemStream<#item>, #rt::Error> {
                    #build
                    ::std::result::Result::Ok(::std::boxed::Box::pin(#rt::paginate::paginate(self.inner.clone(), __request, #paging, #items)))
                }
            }
        }
        _ => TokenStream::new(),
    };
    quote! {
        #doc
        pub async fn #method_ident(&self, #(#args),*) -> ::std::result::Result<#output, #rt::Error> {
            #build
            #decode
        }

        #stream
    }
}

fn paging_items(action: &Action) -> Option<&str> {
    action.paginate.as_ref().and_then(|p| p.items())
}

/// The type of the items of a paged answer: the list at `items` (the whole answer when none).
pub(crate) fn item_type<'a>(
    ctx: &'a Ctx,
    action: &'a Action,
    items: Option<&str>,
) -> Option<&'a Type> {
    let mut ty = ctx.connector.resolve(action.response.ty.as_ref()?);
    if let Some(path) = items {
        for segment in path.split('.') {
            match ty {
                Type::Object(object) => {
                    let field = object.fields.iter().find(|f| f.wire_name == segment)?;
                    ty = ctx.connector.resolve(&field.ty);
                }
                _ => return None,
            }
        }
    }
    match ty {
        Type::List { item: inner, .. } => Some(inner),
        _ => None,
    }
}

/// The runtime's paging value for a pagination.
fn paging_tokens(ctx: &Ctx, paging: &Pagination) -> TokenStream {
    let rt = &ctx.rt;
    let opt_str = |value: &Option<String>| match value {
        Some(text) => {
            let lit = Literal::string(text);
            quote!(::std::option::Option::Some(#lit))
        }
        None => quote!(::std::option::Option::None),
    };
    match paging {
        Pagination::PageNumber {
            param,
            first_page,
            size_param,
            page_size,
            total_pages,
            ..
        } => {
            let param = Literal::string(param);
            let first = Literal::u64_suffixed(*first_page);
            let size_param = opt_str(size_param);
            let page_size = match page_size {
                Some(size) => {
                    let lit = Literal::u64_suffixed(*size);
                    quote!(::std::option::Option::Some(#lit))
                }
                None => quote!(::std::option::Option::None),
            };
            let total_pages = opt_str(total_pages);
            quote!(#rt::paginate::Paging::PageNumber {
                param: #param,
                first_page: #first,
                size_param: #size_param,
                page_size: #page_size,
                total_pages: #total_pages,
            })
        }
        Pagination::Offset {
            param,
            limit_param,
            total,
            ..
        } => {
            let param = Literal::string(param);
            let limit_param = opt_str(limit_param);
            let total = opt_str(total);
            quote!(#rt::paginate::Paging::Offset {
                param: #param,
                limit_param: #limit_param,
                limit: ::std::option::Option::None,
                total: #total,
            })
        }
        Pagination::Cursor { param, next, .. } => {
            let param = Literal::string(param);
            let next = Literal::string(next);
            quote!(#rt::paginate::Paging::Cursor { param: #param, next: #next })
        }
        Pagination::NextLink { next, .. } => {
            let next = Literal::string(next);
            quote!(#rt::paginate::Paging::NextLink { next: #next })
        }
        Pagination::LinkHeader { .. } => quote!(#rt::paginate::Paging::LinkHeader),
    }
}

/// `&self.connection.<field>` for a path placeholder that names a connection parameter.
pub(crate) fn connection_value(ctx: &Ctx, name: &str) -> Option<TokenStream> {
    let field = ctx
        .connector
        .connection
        .iter()
        .find(|f| f.wire_name == name)?;
    let ident = format_ident!("{}", field.rust_name);
    Some(quote!(&self.connection.#ident))
}

/// The type a method takes a body as: a reference to its Rust type, bytes or text.
pub(crate) fn body_argument_type(ctx: &Ctx, body: &Body, prefix: &TokenStream) -> TokenStream {
    match body.encoding {
        BodyEncoding::Binary => quote!(&[u8]),
        BodyEncoding::Text => quote!(&str),
        _ => {
            let ty = rust_type(ctx, &body.ty, prefix);
            quote!(&#ty)
        }
    }
}

/// The statements that put a body (`value` is a reference to it) into `__request`.
pub(crate) fn encode_body(ctx: &Ctx, body: &Body, value: TokenStream) -> TokenStream {
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

/// The method's documentation: summary, description, request line and scopes.
fn method_doc(action: &Action) -> TokenStream {
    let mut text = String::new();
    if let Some(summary) = &action.summary {
        text.push_str(summary.trim());
        text.push_str("\n\n");
    }
    if let Some(description) = &action.description {
        if action.summary.as_deref().map(str::trim) != Some(description.trim()) {
            text.push_str(description.trim());
            text.push_str("\n\n");
        }
    }
    text.push_str(&format!(
        "Sends `{} {}`.",
        action.method.as_str(),
        action.path.raw.replace('`', "'")
    ));
    if !action.scopes.is_empty() {
        text.push_str(&format!("\n\nOAuth scopes: {}.", action.scopes.join(", ")));
    }
    if action.deprecated {
        text.push_str("\n\nDeprecated by the service.");
    }
    docs::lines(&text)
}

/// A fixed value as a `&str` expression.
pub(crate) fn json_text(value: &serde_json::Value) -> TokenStream {
    let text = match value {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let lit = Literal::string(&text);
    quote!(#lit)
}
