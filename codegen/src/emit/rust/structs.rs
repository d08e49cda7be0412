//! Structs for object types: `Option` for optional fields, secrets as the runtime's redacting
//! `Secret`, and serde's traits from the runtime's `json_object!` (one call naming each field's
//! wire name and how an absent key is read and written), or serde's derives for XML services.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::typeref::{allow_case, field_type, has_default, is_plain, is_tri_state, rust_type};
use super::{docs, Ctx};
use crate::ir::{Field, ObjectType};
use crate::names::Scope;

/// One struct with its derives.
pub(crate) fn emit_struct(ctx: &Ctx, object: &ObjectType, doc: &TokenStream) -> TokenStream {
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
    if !json_impls(ctx) {
        return derived_struct(ctx, object, doc, derives);
    }
    let rt = &ctx.rt;
    let fields = object.fields.iter().map(|field| {
        let name = format_ident!("{}", field.rust_name);
        let ty = field_type(ctx, &object.rust_name, field, &TokenStream::new());
        let doc = field_doc(field);
        quote! {
            #doc
            pub #name: #ty,
        }
    });
    let entries = object.fields.iter().map(|field| {
        let name = format_ident!("{}", field.rust_name);
        let wire = Literal::string(&field.wire_name);
        let mode = format_ident!("{}", mode(field));
        quote!(#name: #wire #mode)
    });
    let rest = additional_name(object);
    let additional = object.additional.as_ref().map(|value| {
        let value = rust_type(ctx, value, &TokenStream::new());
        quote! {
            /// The keys beyond the named fields, with their values.
            pub #rest: ::std::collections::BTreeMap<::std::string::String, #value>,
        }
    });
    let rest = object.additional.as_ref().map(|_| quote!(+ #rest));
    let form = ctx.fast_decode.then(|| quote!(direct));
    let doc = struct_doc(object, doc);
    quote! {
        #doc
        #allow
        #[derive(Debug, Clone, PartialEq #derives)]
        pub struct #ident {
            #(#fields)*
            #additional
        }
        #rt::json_object!(#form #ident { #(#entries),* } #rest);
    }
}

/// Whether the connector's structs get the runtime's `json_object!` rather than serde's
/// derives: all but those of XML services, whose lenient reader is led by the field types.
pub(crate) fn json_impls(ctx: &Ctx) -> bool {
    ctx.connector.xml.is_none()
}

/// How `json_object!` reads and writes an absent field: `req` (required), `def` (read with a
/// default, always written) or `opt` (read with a default, left out when absent).
pub(crate) fn mode(field: &Field) -> &'static str {
    if is_plain(field) {
        "req"
    } else if field.required {
        "def"
    } else {
        "opt"
    }
}

/// The name of the field that holds the keys beyond the named ones.
pub(crate) fn additional_name(object: &ObjectType) -> proc_macro2::Ident {
    let mut scope = Scope::new();
    for field in &object.fields {
        scope.claim(field.rust_name.clone());
    }
    format_ident!("{}", scope.claim("additional".into()).0)
}

/// A field's doc, or "The `<wire name>` field.".
fn field_doc(field: &Field) -> TokenStream {
    docs::doc_or(
        field.summary.as_deref(),
        field.description.as_deref(),
        &format!("The `{}` field.", field.wire_name),
    )
}

/// A struct's doc, or "The `<name>` object.".
fn struct_doc(object: &ObjectType, doc: &TokenStream) -> TokenStream {
    if doc.is_empty() {
        docs::lines(&format!("The `{}` object.", object.rust_name))
    } else {
        doc.clone()
    }
}

/// One struct with serde's derives (for XML services).
fn derived_struct(
    ctx: &Ctx,
    object: &ObjectType,
    doc: &TokenStream,
    derives: TokenStream,
) -> TokenStream {
    let serde_crate = Literal::string(&ctx.serde_crate);
    let ident = format_ident!("{}", object.rust_name);
    let allow = allow_case(&object.rust_name);
    let fields = object.fields.iter().map(|field| {
        let name = format_ident!("{}", field.rust_name);
        let ty = field_type(ctx, &object.rust_name, field, &TokenStream::new());
        let doc = field_doc(field);
        let serde = serde_args(ctx, field);
        quote! {
            #doc
            #serde
            pub #name: #ty,
        }
    });
    let additional = object.additional.as_ref().map(|value| {
        let name = additional_name(object);
        let value = rust_type(ctx, value, &TokenStream::new());
        quote! {
            /// The keys beyond the named fields, with their values.
            #[serde(flatten)]
            pub #name: ::std::collections::BTreeMap<::std::string::String, #value>,
        }
    });
    let doc = struct_doc(object, doc);
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
