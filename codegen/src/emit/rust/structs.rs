//! Structs for object types: serde derives, snake_case fields renamed to their wire names,
//! `Option` for optional fields, secrets as the runtime's redacting `Secret`.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::typeref::{allow_case, field_type, has_default, is_plain, is_tri_state, rust_type};
use super::{docs, Ctx};
use crate::ir::{Field, ObjectType};
use crate::names::Scope;

/// One struct with its derives.
pub(crate) fn emit_struct(ctx: &Ctx, object: &ObjectType, doc: &TokenStream) -> TokenStream {
    let serde_crate = Literal::string(&ctx.serde_crate);
    let ident = format_ident!("{}", object.rust_name);
    let allow = allow_case(&object.rust_name);
    let defaultable = object
        .fields
        .iter()
        .all(|f| !is_plain(f) || has_default(ctx.connector, &f.ty));
    let mut derives = if defaultable {
        quote!(, Default)
    } else {
        TokenStream::new()
    };
    if ctx.hashable.object(object) {
        derives.extend(quote!(, Eq, Hash));
    }
    let fields = object.fields.iter().map(|field| {
        let name = format_ident!("{}", field.rust_name);
        let ty = field_type(ctx, &object.rust_name, field, &TokenStream::new());
        let doc = docs::doc_or(
            field.summary.as_deref(),
            field.description.as_deref(),
            &format!("The `{}` field.", field.wire_name),
        );
        let serde = serde_args(ctx, field);
        quote! {
            #doc
            #serde
            pub #name: #ty,
        }
    });
    let additional = object.additional.as_ref().map(|value| {
        let mut scope = Scope::new();
        for field in &object.fields {
            scope.claim(field.rust_name.clone());
        }
        let name = format_ident!("{}", scope.claim("additional".into()).0);
        let value = rust_type(ctx, value, &TokenStream::new());
        quote! {
            /// The keys beyond the named fields, with their values.
            #[serde(flatten)]
            pub #name: ::std::collections::BTreeMap<::std::string::String, #value>,
        }
    });
    let doc = if doc.is_empty() {
        docs::lines(&format!("The `{}` object.", object.rust_name))
    } else {
        doc.clone()
    };
    quote! {
        #doc
        #allow
        #[derive(Debug, Clone, PartialEq #derives, __Serialize, __Deserialize)]
        #[serde(crate = #serde_crate)]
        pub struct #ident {
            #(#fields)*
            #additional
        }
    }
}

/// The field's one `#[serde(…)]` attribute: its wire name when serde would not derive it from
/// the field's name, and how an absent value is read and written.
fn serde_args(ctx: &Ctx, field: &Field) -> TokenStream {
    let mut args: Vec<TokenStream> = Vec::new();
    let derived = field
        .rust_name
        .strip_prefix("r#")
        .unwrap_or(&field.rust_name);
    if derived != field.wire_name {
        let wire = Literal::string(&field.wire_name);
        args.push(quote!(rename = #wire));
    }
    if is_tri_state(field) {
        let runtime = ctx.serde_crate.trim_end_matches("::serde");
        let is_absent = Literal::string(&format!("{runtime}::Nullable::is_absent"));
        args.push(quote!(default, skip_serializing_if = #is_absent));
    } else if !is_plain(field) && field.required {
        args.push(quote!(default));
    } else if !is_plain(field) {
        args.push(quote!(default, skip_serializing_if = "Option::is_none"));
    }
    if args.is_empty() {
        TokenStream::new()
    } else {
        quote!(#[serde(#(#args),*)])
    }
}
