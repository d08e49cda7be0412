//! Tokens for the runtime's plain values that every part of the client uses: optional texts,
//! HTTP methods, error rules, paging, fixed values and texts built from connection parameters.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use super::Ctx;
use crate::ir::{ErrorRule, Method, Pagination, Template, TemplatePart};

/// `Option<&'static str>` tokens.
pub(crate) fn option_static(value: Option<&str>) -> TokenStream {
    match value {
        Some(text) => {
            let lit = Literal::string(text);
            quote!(::std::option::Option::Some(#lit))
        }
        None => quote!(::std::option::Option::None),
    }
}

/// The runtime's paging value for a pagination.
pub(crate) fn paging_tokens(ctx: &Ctx, paging: &Pagination) -> TokenStream {
    let rt = &ctx.rt;
    let opt_str = |value: &Option<String>| option_static(value.as_deref());
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

/// `Option<String>` tokens for an optional text.
pub(crate) fn option_str(value: &Option<String>) -> TokenStream {
    match value {
        Some(text) => {
            let lit = Literal::string(text);
            quote!(::std::option::Option::Some(::std::string::String::from(#lit)))
        }
        None => quote!(::std::option::Option::None),
    }
}

/// The runtime's error rule for an IR failure rule.
pub(crate) fn error_rule(ctx: &Ctx, rule: &ErrorRule) -> TokenStream {
    let rt = &ctx.rt;
    let code = option_static(rule.code.as_deref());
    let message = option_static(rule.message.as_deref());
    let details = option_static(rule.details.as_deref());
    let failure = match &rule.failure_when {
        Some(failure) => {
            let path = Literal::string(&failure.path);
            let success = Literal::string(&failure.success);
            quote!(::std::option::Option::Some(#rt::FailureRule { path: #path, success: #success }))
        }
        None => quote!(::std::option::Option::None),
    };
    quote! {
        #rt::ErrorRule {
            code: #code,
            message: #message,
            details: #details,
            failure: #failure,
        }
    }
}

/// The runtime's `Method` variant for `method`.
pub(crate) fn method_variant(method: Method) -> &'static str {
    match method {
        Method::Get => "Get",
        Method::Post => "Post",
        Method::Put => "Put",
        Method::Patch => "Patch",
        Method::Delete => "Delete",
        Method::Head => "Head",
        Method::Options => "Options",
    }
}

/// The runtime's method value.
pub(crate) fn method_tokens(ctx: &Ctx, method: Method) -> TokenStream {
    let rt = &ctx.rt;
    let variant = format_ident!("{}", method_variant(method));
    quote!(#rt::Method::#variant)
}

/// The text of connection parameter `name` (a `String` expression).
pub(crate) fn connection_text(ctx: &Ctx, name: &str, conn: &TokenStream) -> TokenStream {
    let rt = &ctx.rt;
    match ctx
        .connector
        .connection
        .iter()
        .find(|f| f.wire_name == name)
    {
        Some(field) => {
            let ident = format_ident!("{}", field.rust_name);
            quote!(#rt::encode::text(&#conn.#ident))
        }
        None => quote!(::std::string::String::new()),
    }
}

/// A `String` expression rendering a template over connection parameters.
pub(crate) fn render(ctx: &Ctx, template: &Template, conn: &TokenStream) -> TokenStream {
    if template.parts.is_empty() {
        return quote!(::std::string::String::new());
    }
    let pieces = template.parts.iter().map(|part| match part {
        TemplatePart::Literal(text) => push_literal(&format_ident!("__text"), text),
        TemplatePart::Param(name) => {
            let value = connection_text(ctx, name, conn);
            quote!(__text.push_str(&#value);)
        }
    });
    quote! {{
        let mut __text = ::std::string::String::new();
        #(#pieces)*
        __text
    }}
}

/// `<target>.push_str("…")`, or `<target>.push('…')` for one character (as clippy asks).
pub(crate) fn push_literal(target: &Ident, text: &str) -> TokenStream {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => {
            let lit = Literal::character(c);
            quote!(#target.push(#lit);)
        }
        _ => {
            let lit = Literal::string(text);
            quote!(#target.push_str(#lit);)
        }
    }
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
