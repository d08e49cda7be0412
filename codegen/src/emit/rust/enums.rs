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

/// The conversions and serde impls of an enum of texts, through `as_str` and `From<&str>`.
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
            impl #ident {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#variants => #texts, )*
                    Self::Unknown(value) => value.as_str(),
                }
            }
        }
        impl ::std::convert::From<&str> for #ident {
            fn from(value: &str) -> Self {
                match value {
                    #( #texts => Self::#variants, )*
                    other => Self::Unknown(::std::string::String::from(other)),
                }
            }
        }
        impl ::std::fmt::Display for #ident {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl #rt::serde::Serialize for #ident {
            fn serialize<S: #rt::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
        impl<'de> #rt::serde::Deserialize<'de> for #ident {
            fn deserialize<D: #rt::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let text = <::std::string::String as #rt::serde::Deserialize>::deserialize(deserializer)?;
                ::std::result::Result::Ok(Self::from(text.as_str()))
            }
        }
    }
}

/// The conversions and serde impls of an enum of other JSON values, through `to_value` and
/// `from_value`.
fn value_impls(ctx: &Ctx, enum_type: &EnumType) -> TokenStream {
    let rt = &ctx.rt;
    let ident = format_ident!("{}", enum_type.rust_name);
    let variants = variants(enum_type);
    let values: Vec<TokenStream> = enum_type
        .values
        .iter()
        .map(|v| value_tokens(ctx, &v.value))
        .collect();
    let texts: Vec<Literal> = enum_type
        .values
        .iter()
        .map(|v| Literal::string(&value_text(&v.value)))
        .collect();
    quote! {
            impl #ident {
            /// The value as sent on the wire.
            pub fn to_value(&self) -> #rt::serde_json::Value {
                match self {
                    #( Self::#variants => #values, )*
                    Self::Unknown(value) => ::std::clone::Clone::clone(value),
                }
            }

            /// The variant of a wire value (also given as text, as XML carries it).
            pub fn from_value(value: #rt::serde_json::Value) -> Self {
                #(
                    if #rt::encode::is_wire_value(&value, #values, #texts) {
                        return Self::#variants;
                    }
                )*
                Self::Unknown(value)
            }
        }
        impl #rt::serde::Serialize for #ident {
            fn serialize<S: #rt::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                #rt::serde::Serialize::serialize(&self.to_value(), serializer)
            }
        }
        impl<'de> #rt::serde::Deserialize<'de> for #ident {
            fn deserialize<D: #rt::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <#rt::serde_json::Value as #rt::serde::Deserialize>::deserialize(deserializer)?;
                ::std::result::Result::Ok(Self::from_value(value))
            }
        }
    }
}

/// A wire value as text.
fn value_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// An expression building a JSON scalar.
fn value_tokens(ctx: &Ctx, value: &Value) -> TokenStream {
    let rt = &ctx.rt;
    match value {
        Value::Bool(b) => quote!(#rt::serde_json::Value::Bool(#b)),
        Value::Number(n) => {
            if let Some(i) = n.as_i64().filter(|i| *i < 0) {
                let lit = Literal::i64_suffixed(i.unsigned_abs() as i64);
                quote!(#rt::serde_json::Value::from(-#lit))
            } else if let Some(i) = n.as_i64() {
                let lit = Literal::i64_suffixed(i);
                quote!(#rt::serde_json::Value::from(#lit))
            } else if let Some(u) = n.as_u64() {
                let lit = Literal::u64_suffixed(u);
                quote!(#rt::serde_json::Value::from(#lit))
            } else {
                let f = n.as_f64().unwrap_or_default();
                let lit = Literal::f64_suffixed(f.abs());
                if f < 0.0 {
                    quote!(#rt::serde_json::Value::from(-#lit))
                } else {
                    quote!(#rt::serde_json::Value::from(#lit))
                }
            }
        }
        Value::String(s) => {
            let lit = Literal::string(s);
            quote!(#rt::serde_json::Value::from(#lit))
        }
        Value::Null => quote!(#rt::serde_json::Value::Null),
        other => {
            let lit = Literal::string(&other.to_string());
            quote!(#rt::serde_json::Value::from(#lit))
        }
    }
}
