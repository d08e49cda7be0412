//! The Rust type of an IR type or field where it is used, and the facts about types that
//! declarations and uses share (defaults, camel case).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::Ctx;
use crate::ir::{Connector, Field, ScalarKind, Type};

/// The Rust type of `ty`; `prefix` is the path to the `types` module from where it is used
/// (empty inside it).
pub(crate) fn rust_type(ctx: &Ctx, ty: &Type, prefix: &TokenStream) -> TokenStream {
    let rt = &ctx.rt;
    match ty {
        Type::Scalar(scalar) => match scalar.kind {
            ScalarKind::String if scalar.is_date_time() => quote!(#rt::DateTime),
            ScalarKind::String if scalar.format.as_deref() == Some("binary") => quote!(#rt::File),
            ScalarKind::String => quote!(::std::string::String),
            ScalarKind::Integer if scalar.format.as_deref() == Some("int32") => quote!(i32),
            ScalarKind::Integer => quote!(i64),
            ScalarKind::Number => quote!(f64),
            ScalarKind::Boolean => quote!(bool),
            ScalarKind::File => quote!(#rt::File),
            ScalarKind::Any => quote!(#rt::serde_json::Value),
            ScalarKind::Object => {
                quote!(#rt::serde_json::Map<::std::string::String, #rt::serde_json::Value>)
            }
        },
        Type::Named(name) => match ctx.connector.object(name) {
            Some(named) => {
                let ident = format_ident!("{}", named.rust_name);
                quote!(#prefix #ident)
            }
            None => quote!(#rt::serde_json::Value),
        },
        Type::List { item, .. } => {
            let item = rust_type(ctx, item, prefix);
            quote!(::std::vec::Vec<#item>)
        }
        Type::Map { value, .. } => {
            let value = rust_type(ctx, value, prefix);
            quote!(::std::collections::BTreeMap<::std::string::String, #value>)
        }
        Type::Object(object) => {
            let ident = format_ident!("{}", object.rust_name);
            quote!(#prefix #ident)
        }
        Type::Enum(enum_type) => {
            let ident = format_ident!("{}", enum_type.rust_name);
            quote!(#prefix #ident)
        }
    }
}

/// Whether a value of `ty` has a `Default` (so a struct of such fields can derive it).
pub(crate) fn has_default(connector: &Connector, ty: &Type) -> bool {
    match connector.resolve(ty) {
        Type::Scalar(scalar) => !scalar.is_date_time(),
        Type::List { .. } | Type::Map { .. } => true,
        Type::Named(_) | Type::Object(_) | Type::Enum(_) => false,
    }
}

/// `#[allow(non_camel_case_types)]` for a type name the sanitiser could not make camel case
/// (`N_1st`).
pub(crate) fn allow_case(name: &str) -> TokenStream {
    if is_camel_case(name) {
        TokenStream::new()
    } else {
        quote!(#[allow(non_camel_case_types)])
    }
}

/// Whether rustc's `non_camel_case_types` lint accepts `name` (leading and trailing `_` aside):
/// empty, or not starting lower case, with no `__` and no `_` beside a letter.
pub(crate) fn is_camel_case(name: &str) -> bool {
    let trimmed = name.trim_matches('_');
    let mut chars = trimmed.chars();
    let Some(first) = chars.next() else {
        return true;
    };
    if first.is_lowercase() || trimmed.contains("__") {
        return false;
    }
    let mut before = first;
    for c in chars {
        if (before.is_alphabetic() && c == '_') || (before == '_' && c.is_alphabetic()) {
            return false;
        }
        before = c;
    }
    true
}

/// The type of a field: boxed when recursive, a `Secret` when secret, optional when optional.
pub(crate) fn field_type(
    ctx: &Ctx,
    owner: &str,
    field: &Field,
    prefix: &TokenStream,
) -> TokenStream {
    let rt = &ctx.rt;
    let is_text = matches!(ctx.connector.resolve(&field.ty), Type::Scalar(s) if s.kind == ScalarKind::String && !s.is_date_time());
    let mut ty = if field.secret && is_text {
        quote!(#rt::Secret)
    } else {
        rust_type(ctx, &field.ty, prefix)
    };
    if ctx.recursion.needs_box(ctx.connector, owner, &field.ty) {
        ty = quote!(::std::boxed::Box<#ty>);
    }
    if is_plain(field) {
        ty
    } else if is_tri_state(field) {
        quote!(#rt::Nullable<#ty>)
    } else {
        quote!(::std::option::Option<#ty>)
    }
}

/// Whether a field is held as its type itself rather than in an `Option`.
pub(crate) fn is_plain(field: &Field) -> bool {
    field.required && !field.nullable
}

/// Whether a field is held as the runtime's `Nullable`: optional, and `null` is allowed, so
/// leaving it out and sending `null` are different requests.
pub(crate) fn is_tri_state(field: &Field) -> bool {
    !field.required && field.nullable
}

#[cfg(test)]
mod tests {
    use super::is_camel_case;

    /// The rule as first written: every pair of neighbouring characters collected and looked at.
    fn camel_by_pairs(name: &str) -> bool {
        let trimmed = name.trim_matches('_');
        let chars: Vec<char> = trimmed.chars().collect();
        trimmed.is_empty()
            || (!chars[0].is_lowercase()
                && !trimmed.contains("__")
                && !chars.windows(2).any(|w| {
                    (w[0].is_alphabetic() && w[1] == '_') || (w[0] == '_' && w[1].is_alphabetic())
                }))
    }

    #[test]
    fn the_one_pass_rule_is_the_pairwise_one() {
        let pieces = ["", "_", "__", "a", "A", "1", "é", "É", "日", "x_1", "Ab"];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let name = format!("{a}{b}{c}");
                    assert_eq!(is_camel_case(&name), camel_by_pairs(&name), "{name:?}");
                }
            }
        }
    }
}
