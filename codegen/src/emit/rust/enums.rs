//! Enums with an `Unknown` fallback, so that a value a newer server sends decodes instead of
//! failing. Their serde impls go through the wire value.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;

use super::typeref::allow_case;
use super::{docs, Ctx};
use crate::ir::{EnumType, ScalarKind};

/// One enum with its conversions and serde impls.
pub(crate) fn emit_enum(ctx: &Ctx, enum_type: &EnumType, doc: &TokenStream) -> TokenStream {
    let rt = &ctx.rt;
    let textual = enum_type.base.kind == ScalarKind::String
        && enum_type.values.iter().all(|v| v.value.is_string());
    if textual {
        let decl = declaration(enum_type, doc, quote!(::std::string::String));
        let impls = text_impls(ctx, enum_type);
        quote!(#decl #impls)
    } else {
        let decl = declaration(enum_type, doc, quote!(#rt::serde_json::Value));
        let impls = value_impls(ctx, enum_type);
        quote!(#decl #impls)
    }
}

/// The variants' names.
fn variants(enum_type: &EnumType) -> Vec<Ident> {
    enum_type
        .values
        .iter()
        .map(|v| format_ident!("{}", v.rust_name))
        .collect()
}

/// The enum's declaration, whose `Unknown` variant holds an `unknown`.
fn declaration(enum_type: &EnumType, doc: &TokenStream, unknown: TokenStream) -> TokenStream {
    let ident = format_ident!("{}", enum_type.rust_name);
    let allow = allow_case(&enum_type.rust_name);
    let variants = variants(enum_type);
    let variant_docs = enum_type.values.iter().map(|v| {
        let text = match &v.label {
            Some(label) => format!("`{}`: {label}", value_text(&v.value)),
            None => format!("`{}`", value_text(&v.value)),
        };
        docs::lines(&text)
    });
    let doc = if doc.is_empty() {
        docs::lines(&format!("The `{}` values.", enum_type.rust_name))
    } else {
        doc.clone()
    };
    quote! {
        #doc
        #allow
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum #ident {
            #( #variant_docs #variants, )*
            /// A value this client does not know yet, kept as received.
            Unknown(#unknown),
        }
    }
}

/// The conversions and serde impls of an enum of texts: one call of the runtime's
/// `text_enum!`, which writes `as_str`, `From<&str>`, `Display` and the serde impls.
fn text_impls(ctx: &Ctx, enum_type: &EnumType) -> TokenStream {
    let rt = &ctx.rt;
    let ident = format_ident!("{}", enum_type.rust_name);
    let variants = variants(enum_type);
    let texts: Vec<Literal> = enum_type
        .values
        .iter()
        .map(|v| Literal::string(v.value.as_str().unwrap_or_default()))
        .collect();
    quote! {
        #rt::text_enum!(#ident { #(#variants = #texts),* });
    }
}

/// The conversions and serde impls of an enum of other JSON values: one call of the
/// runtime's `value_enum!`, which writes `to_value`, `from_value` and the serde impls.
fn value_impls(ctx: &Ctx, enum_type: &EnumType) -> TokenStream {
    let rt = &ctx.rt;
    let ident = format_ident!("{}", enum_type.rust_name);
    let variants = variants(enum_type);
    let values: Vec<TokenStream> = enum_type
        .values
        .iter()
        .map(|v| value_tokens(&v.value))
        .collect();
    let texts: Vec<Literal> = enum_type
        .values
        .iter()
        .map(|v| Literal::string(&value_text(&v.value)))
        .collect();
    quote! {
        #rt::value_enum!(#ident { #(#variants = #values => #texts),* });
    }
}

/// A wire value as text.
fn value_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// What `serde_json::Value::from` takes to build a JSON scalar (`()` for `null`).
fn value_tokens(value: &Value) -> TokenStream {
    match value {
        Value::Bool(b) => quote!(#b),
        Value::Number(n) => {
            if let Some(i) = n.as_i64().filter(|i| *i < 0) {
                let lit = Literal::i64_suffixed(i.unsigned_abs() as i64);
                quote!(-#lit)
            } else if let Some(i) = n.as_i64() {
                let lit = Literal::i64_suffixed(i);
                quote!(#lit)
            } else if let Some(u) = n.as_u64() {
                let lit = Literal::u64_suffixed(u);
                quote!(#lit)
            } else {
                let f = n.as_f64().unwrap_or_default();
                let lit = Literal::f64_suffixed(f.abs());
                if f < 0.0 {
                    quote!(-#lit)
                } else {
                    quote!(#lit)
                }
            }
        }
        Value::String(s) => {
            let lit = Literal::string(s);
            quote!(#lit)
        }
        Value::Null => quote!(()),
        other => {
            let lit = Literal::string(&other.to_string());
            quote!(#lit)
        }
    }
}
