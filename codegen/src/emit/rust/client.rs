//! The `Connection` struct and the `Client`: construction, authentication, the service's
//! error rule and XML envelope, and the action and trigger methods.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::auth::auth;
use super::marker::{marker, Section};
use super::typeref::{field_type, has_default, is_plain, rust_type};
use super::values::{error_rule, render};
use super::{actions, docs, triggers, Ctx};
use crate::ir::{Limit, LimitScope};

/// `Connection`, `Client` and its methods.
pub(crate) fn emit_client(ctx: &Ctx) -> TokenStream {
    let connector = ctx.connector;
    let rt = &ctx.rt;
    let title_doc = docs::doc_or(
        Some(&connector.title),
        connector.description.as_deref(),
        "The connector's client.",
    );
    let connection = connection_struct(ctx);
    let constructors = constructors(ctx);
    let settings = settings_methods(ctx);
    let (methods, triggers) = methods(ctx);
    let error_body = match &connector.errors.ty {
        Some(ty) => {
            let ty = rust_type(ctx, ty, &quote!(types::));
            quote! {
                /// The body of the service's error answers: `Error::body::<ErrorBody>()` decodes it.
                pub type ErrorBody = #ty;
            }
        }
        None => TokenStream::new(),
    };
    quote! {
        #error_body
        #connection

        #title_doc
        #[derive(Debug, Clone)]
        pub struct Client {
            inner: #rt::Client,
            connection: Connection,
        }

        impl Client {
            #constructors
            #settings
            #(#methods)*
            #(#triggers)*
        }
    }
}

/// The `Connection` struct: the values a user supplies once per connection.
fn connection_struct(ctx: &Ctx) -> TokenStream {
    let connector = ctx.connector;
    let types = quote!(types::);
    let defaultable = connector
        .connection
        .iter()
        .all(|f| !is_plain(f) || has_default(connector, &f.ty));
    let default = if defaultable {
        quote!(, Default)
    } else {
        TokenStream::new()
    };
    let fields = connector.connection.iter().map(|field| {
        let name = format_ident!("{}", field.rust_name);
        let ty = field_type(ctx, "", field, &types);
        let doc = docs::doc_or(
            field.summary.as_deref(),
            field.description.as_deref(),
            &format!("The `{}` connection parameter.", field.wire_name),
        );
        quote! { #doc pub #name: #ty, }
    });
    quote! {
        /// The values a user supplies once per connection.
        #[derive(Debug, Clone, PartialEq #default)]
        pub struct Connection {
            #(#fields)*
        }
    }
}

/// `Client::new`, `Client::with_auth` and `Client::limit_defs`.
fn constructors(ctx: &Ctx) -> TokenStream {
    let connector = ctx.connector;
    let rt = &ctx.rt;
    let (new_args, new_auth) = auth(ctx);
    let base_url = render(ctx, &connector.base_url, &quote!(connection));
    let errors = error_rule(ctx, &connector.errors);
    let xml = xml_envelope(ctx);
    let build_inner = build_inner(ctx);
    // Secret connection parameters are masked in errors wherever they are sent.
    let known_secrets: Vec<TokenStream> = connector
        .connection
        .iter()
        .filter(|f| f.secret)
        .map(|field| {
            let ident = format_ident!("{}", field.rust_name);
            quote! {
                inner.add_known_secret(#rt::Secret::new(#rt::encode::text(&connection.#ident)));
            }
        })
        .collect();
    let limit_defs = connector.limits.iter().map(|limit| limit_def(ctx, limit));
    quote! {
        /// A client for `connection`, authenticated as the spec says.
        pub fn new(connection: Connection #new_args) -> Self {
            let auth = #new_auth;
            Self::with_auth(connection, auth)
        }

        /// A client for `connection` that authenticates with `auth` (a token obtained
        /// elsewhere, a test double).
        pub fn with_auth(connection: Connection, auth: impl #rt::auth::Authenticator + 'static) -> Self {
            let base_url = #base_url;
            let service = #rt::Service {
                base_url,
                errors: #errors,
                xml: #xml,
            };
            #build_inner
            inner.set_limits(Self::limit_defs());
            #(#known_secrets)*
            Client { inner, connection }
        }

        /// The spec's `limits`, which every call of the client is counted in.
        pub fn limit_defs() -> ::std::vec::Vec<#rt::limits::LimitDef> {
            ::std::vec![#(#limit_defs),*]
        }
    }
}

/// The client's settings (`with_…`) and accessors.
fn settings_methods(ctx: &Ctx) -> TokenStream {
    let rt = &ctx.rt;
    quote! {
        /// Waits (the default) or fails with `Error::RateLimited` when a limit is reached.
        pub fn with_limit_mode(mut self, mode: #rt::limits::LimitMode) -> Self {
            self.inner.set_limit_mode(mode);
            self
        }

        /// Counts every call in `limits`, shared with the other clients and pollers of the
        /// same connection (build them from `Client::limit_defs()`).
        pub fn with_limits(mut self, limits: ::std::sync::Arc<#rt::limits::Limits>) -> Self {
            self.inner.set_shared_limits(limits);
            self
        }

        /// Takes the time of limits and retries from `clock` (a manual clock in tests).
        pub fn with_clock(mut self, clock: #rt::clock::Clock) -> Self {
            self.inner.set_clock(clock);
            self
        }

        /// Retries as `config` says: attempts, backoff, jitter, and the total timeout that
        /// bounds a whole call (`RetryConfig::standard()` by default).
        pub fn with_retry_config(mut self, config: #rt::RetryConfig) -> Self {
            self.inner.set_retry_config(config);
            self
        }

        /// Sends every request to `base_url` instead of the spec's (a proxy, a test server).
        pub fn with_base_url(mut self, base_url: impl ::std::convert::Into<::std::string::String>) -> Self {
            self.inner.set_base_url(base_url.into());
            self
        }

        /// Uses `http` for every request (custom timeouts, proxies, TLS roots).
        pub fn with_http_client(mut self, http: #rt::reqwest::Client) -> Self {
            self.inner.set_http_client(http);
            self
        }

        /// Keeps at most `bytes` of an error answer's body in `Error::Api` (64 KiB by
        /// default); its `body_cut` says how many bytes were left out.
        pub fn with_error_body_limit(mut self, bytes: usize) -> Self {
            self.inner.set_error_body_limit(bytes);
            self
        }

        /// Reads at most `bytes` of a successful answer (64 MiB by default; every page of a
        /// stream too): a longer one fails with `Error::AnswerTooLarge`.
        pub fn with_answer_body_limit(mut self, bytes: usize) -> Self {
            self.inner.set_answer_body_limit(bytes);
            self
        }

        /// The connection the client acts for.
        pub fn connection(&self) -> &Connection {
            &self.connection
        }

        /// The runtime client underneath (base URL, auth, limits, retries).
        pub fn runtime(&self) -> &#rt::Client {
            &self.inner
        }
    }
}

/// The service's XML envelope, when it speaks XML.
fn xml_envelope(ctx: &Ctx) -> TokenStream {
    let rt = &ctx.rt;
    match &ctx.connector.xml {
        None => quote!(::std::option::Option::None),
        Some(xml) => {
            let prefixes = xml.namespaces.iter().map(|(p, _)| Literal::string(p));
            let uris = xml.namespaces.iter().map(|(_, u)| Literal::string(u));
            let request_root = Literal::string(&xml.request_root);
            let request_body = xml.request_body.iter().map(|s| Literal::string(s));
            let response_root = Literal::string(&xml.response_root);
            let response_body = xml.response_body.iter().map(|s| Literal::string(s));
            let declared = xml.request_namespaces.iter().map(|s| Literal::string(s));
            quote! {
                ::std::option::Option::Some(#rt::xml::Envelope {
                    namespaces: &[#((#prefixes, #uris)),*],
                    request_root: #request_root,
                    request_body: &[#(#request_body),*],
                    response_root: #response_root,
                    response_body: &[#(#response_body),*],
                    request_namespaces: &[#(#declared),*],
                })
            }
        }
    }
}

/// The statements building the runtime client `inner`, with the spec's default headers.
fn build_inner(ctx: &Ctx) -> TokenStream {
    let connector = ctx.connector;
    let rt = &ctx.rt;
    if connector.headers.is_empty() {
        quote!(let mut inner = #rt::Client::new(service, ::std::sync::Arc::new(auth));)
    } else {
        let names = connector.headers.iter().map(|(n, _)| Literal::string(n));
        let values = connector
            .headers
            .iter()
            .map(|(_, t)| render(ctx, t, &quote!(connection)))
            .collect::<Vec<_>>();
        quote! {
            let mut inner = #rt::Client::new(service, ::std::sync::Arc::new(auth));
            inner.set_default_headers(::std::vec![#((::std::string::String::from(#names), #values)),*]);
        }
    }
}

/// The action methods and the trigger methods, or their markers.
fn methods(ctx: &Ctx) -> (Vec<TokenStream>, Vec<TokenStream>) {
    let connector = ctx.connector;
    if ctx.splice {
        (
            vec![marker(Section::Methods)],
            vec![marker(Section::Triggers)],
        )
    } else {
        (
            connector
                .actions
                .iter()
                .map(|a| actions::emit_method(ctx, a))
                .collect(),
            connector
                .triggers
                .iter()
                .map(|t| triggers::emit_trigger(ctx, t))
                .collect(),
        )
    }
}

/// A `LimitDef` expression for a spec limit.
fn limit_def(ctx: &Ctx, limit: &Limit) -> TokenStream {
    let rt = &ctx.rt;
    let name = Literal::string(&limit.name);
    let calls = Literal::u32_suffixed(u32::try_from(limit.calls).unwrap_or(u32::MAX));
    let secs = Literal::u64_suffixed(limit.period.as_secs());
    let nanos = Literal::u32_suffixed(limit.period.subsec_nanos());
    let names = |names: &[String]| {
        let names = names.iter().map(|n| Literal::string(n));
        quote!(::std::vec![#(::std::string::String::from(#names)),*])
    };
    let scope = match &limit.scope {
        LimitScope::Connection => quote!(#rt::limits::LimitScope::Connection),
        LimitScope::Triggers => quote!(#rt::limits::LimitScope::Triggers),
        LimitScope::Actions(list) => {
            let list = names(list);
            quote!(#rt::limits::LimitScope::Actions(#list))
        }
        LimitScope::Trigger(list) => {
            let list = names(list);
            quote!(#rt::limits::LimitScope::Trigger(#list))
        }
        LimitScope::Label(label) => {
            let label = Literal::string(label);
            quote!(#rt::limits::LimitScope::Label(::std::string::String::from(#label)))
        }
    };
    let per_value = match &limit.per_value_of {
        Some(param) => {
            let param = Literal::string(param);
            quote!(.per_value_of(#param))
        }
        None => TokenStream::new(),
    };
    quote! {
        #rt::limits::LimitDef::new(#name, #calls, ::std::time::Duration::new(#secs, #nanos))
            .scope(#scope)
            #per_value
    }
}
