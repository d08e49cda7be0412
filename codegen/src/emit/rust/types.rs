//! The `types` module: an alias, struct or enum for every named and inline type of the
//! connector, in first-use order.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::inventory::{inventory, Decl};
use super::marker::{marker, Section};
use super::short::runtime_alias;
use super::typeref::{allow_case, rust_type};
use super::{docs, enums, structs, Ctx};

/// The `types` module: every named and inline type, in first-use order.
pub(crate) fn emit_types(ctx: &Ctx) -> TokenStream {
    let decls = inventory(ctx.connector);
    if decls.is_empty() {
        return TokenStream::new();
    }
    let items: Vec<TokenStream> = if ctx.splice {
        vec![marker(Section::Types)]
    } else {
        decls.iter().map(|decl| type_item(ctx, decl)).collect()
    };
    // The serde derives (XML services only) under names no spec type can take, so that derive
    // lines stay short.
    let derived = !structs::json_impls(ctx) && decls.iter().any(|d| matches!(d, Decl::Struct(..)));
    let serde_derives = if derived {
        let rt = &ctx.rt;
        // With per-tag features every struct may be compiled out.
        let allow = if ctx.gates.is_empty() {
            TokenStream::new()
        } else {
            quote!(#[allow(unused_imports)])
        };
        quote!(#allow use #rt::serde::{Deserialize as __Deserialize, Serialize as __Serialize};)
    } else {
        TokenStream::new()
    };
    let alias = runtime_alias(&ctx.short);
    quote! {
        /// The connector's types: one for every object, inline object and enum of the spec.
        pub mod types {
            #alias
            #serde_derives
            #(#items)*
        }
    }
}

/// The items that declare `decl`, each under the features that gate it.
pub(crate) fn type_item(ctx: &Ctx, decl: &Decl) -> TokenStream {
    let name = match decl {
        Decl::Alias(named) => &named.rust_name,
        Decl::Struct(object, _) => &object.rust_name,
        Decl::Enum(enum_type, _) => &enum_type.rust_name,
    };
    let gate = ctx.gates.ty(name);
    let items = ungated_item(ctx, decl);
    if gate.is_empty() {
        return items;
    }
    // An enum is two items (its declaration and the runtime's impls): gate each.
    match syn::parse2::<syn::File>(items.clone()) {
        Ok(file) => file.items.iter().map(|item| quote!(#gate #item)).collect(),
        Err(_) => items,
    }
}

/// The items that declare `decl`.
fn ungated_item(ctx: &Ctx, decl: &Decl) -> TokenStream {
    match decl {
        Decl::Alias(named) => {
            let ident = format_ident!("{}", named.rust_name);
            let target = rust_type(ctx, &named.ty, &TokenStream::new());
            let doc = docs::doc_or(
                named.summary.as_deref(),
                named.description.as_deref(),
                &format!("The `{}` type.", named.name),
            );
            let allow = allow_case(&named.rust_name);
            quote! {
                #doc
                #allow
                pub type #ident = #target;
            }
        }
        Decl::Struct(object, doc) => match ctx.shared.alias_of(&object.rust_name) {
            Some(first) => alias(&object.rust_name, first, &doc.tokens(), "object"),
            None => structs::emit_struct(ctx, object, &doc.tokens()),
        },
        Decl::Enum(enum_type, doc) => match ctx.shared.alias_of(&enum_type.rust_name) {
            Some(first) => alias(&enum_type.rust_name, first, &doc.tokens(), "values"),
            None => enums::emit_enum(ctx, enum_type, &doc.tokens()),
        },
    }
}

/// `pub type <name> = <first>;` for a type that repeats the shape of `first`, with its own doc
/// (or "The `<name>` <what>.").
fn alias(name: &str, first: &str, doc: &TokenStream, what: &str) -> TokenStream {
    let ident = format_ident!("{}", name);
    let first = format_ident!("{}", first);
    let allow = allow_case(name);
    let doc = if doc.is_empty() {
        docs::lines(&format!("The `{name}` {what}."))
    } else {
        doc.clone()
    };
    quote! {
        #doc
        #allow
        pub type #ident = #first;
    }
}
