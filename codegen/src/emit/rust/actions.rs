//! One async method per action (required inputs positional while there are few of them,
//! the others in a `params::XxxParams` struct), a `<method>_stream` for paged actions, and the
//! `params` module holding those structs. Every method gets its request from the action's
//! builder in `requests`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::inputs::{declare, Declared, Inputs, Style};
use super::requests::builder_call;
use super::typeref::rust_type;
use super::values::{option_static, paging_tokens};
use super::{docs, Ctx};
use crate::ir::{Action, ResponseEncoding, Type};

/// How a method declares its inputs.
pub(crate) fn method_inputs<'a>(ctx: &Ctx, action: &'a Action) -> Declared<'a> {
    let inputs = Inputs::of_action(ctx.connector, action);
    let struct_name = ctx.names.action(&action.name).params.clone();
    declare(
        ctx,
        &inputs,
        &["connection"],
        struct_name.as_deref(),
        Style::Method,
    )
}

/// The call of `action`'s request builder with the method's own arguments.
fn build_request(ctx: &Ctx, action: &Action, declared: &Declared) -> TokenStream {
    let call = builder_call(ctx, action);
    let path = &call.path;
    let mut args: Vec<TokenStream> = Vec::new();
    if call.connection {
        args.push(quote!(&self.connection));
    }
    args.extend(
        declared
            .bindings
            .iter()
            .filter(|b| b.positional)
            .map(|b| b.reference.clone()),
    );
    if let Some(params) = &declared.params {
        args.push(quote!(&#params));
    }
    quote!(let __request = #path(#(#args),*)?;)
}

/// One client method, and its `_stream` method when the action is paged.
pub(crate) fn emit_method(ctx: &Ctx, action: &Action) -> TokenStream {
    let rt = &ctx.rt;
    let prefix = quote!(types::);
    let names = ctx.names.action(&action.name);
    let method_ident = format_ident!("{}", names.method);
    let declared = method_inputs(ctx, action);
    let args = &declared.args;
    let build = build_request(ctx, action, &declared);

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
    let stream = match (&action.paginate, &names.stream, response.encoding) {
        (Some(paging), Some(stream_name), ResponseEncoding::Json) => {
            let stream_ident = format_ident!("{}", stream_name);
            let item = item_type(ctx, action, paging.items())
                .map(|ty| rust_type(ctx, ty, &prefix))
                .unwrap_or_else(|| quote!(#rt::serde_json::Value));
            let paging_value = paging_tokens(ctx, paging);
            let items = option_static(paging.items());
            let stream_doc = docs::lines(&format!(
                "Every item of `{}` across its pages, asking for the next page as the items run out.\n\nFails at once when the parameters cannot be encoded.",
                names.method
            ));
            let gate = ctx.gates.action(&action.name);
            quote! {
                #gate
                #stream_doc
                pub fn #stream_ident(&self, #(#args),*) -> ::std::result::Result<#rt::paginate::ItemStream<#item>, #rt::Error> {
                    #build
                    ::std::result::Result::Ok(::std::boxed::Box::pin(#rt::paginate::paginate(self.inner.clone(), __request, #paging_value, #items)))
                }
            }
        }
        _ => TokenStream::new(),
    };
    let gate = ctx.gates.action(&action.name);
    quote! {
        #gate
        #doc
        pub async fn #method_ident(&self, #(#args),*) -> ::std::result::Result<#output, #rt::Error> {
            #build
            #decode
        }

        #stream
    }
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

/// The method's documentation: summary, description, request line and scopes.
fn method_doc(action: &Action) -> TokenStream {
    docs::lines(&method_doc_text(action))
}

/// The text of the method's documentation.
pub(crate) fn method_doc_text(action: &Action) -> String {
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
    if action.deprecated == Some(true) {
        text.push_str("\n\nDeprecated by the service.");
    }
    text
}
