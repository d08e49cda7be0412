//! The `Connection` struct and the `Client`: construction, authentication, the service's
//! error rule and XML envelope, and the action and trigger methods.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::structs::{field_type, is_plain};
use super::types::has_default;
use super::{actions, docs, triggers, Ctx};
use crate::ir::{
    Auth, ErrorRule, KeyLocation, Limit, LimitScope, LoginEncoding, Method, OAuth2Flow, Template,
    TemplatePart,
};

/// `Connection`, `Client` and its methods.
pub(crate) fn emit_client(ctx: &Ctx) -> TokenStream {
    let connector = ctx.connector;
    let rt = &ctx.rt;
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
    let title_doc = docs::doc_or(
        Some(&connector.title),
        connector.description.as_deref(),
        "The connector's client.",
    );
    let (new_args, new_auth) = auth(ctx);
    let base_url = render(ctx, &connector.base_url, &quote!(connection));
    let errors = error_rule(ctx, &connector.errors);
    let xml = match &connector.xml {
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
    };
    let build_inner = if connector.headers.is_empty() {
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
    };
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
    let (methods, triggers): (Vec<TokenStream>, Vec<TokenStream>) = if ctx.splice {
        use super::parallel::{marker, Section};
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
    };
    let limit_defs = connector.limits.iter().map(|limit| limit_def(ctx, limit));
    let error_body = match &connector.errors.ty {
        Some(ty) => {
            let ty = super::types::rust_type(ctx, ty, &types);
            quote! {
                /// The body of the service's error answers: `Error::body::<ErrorBody>()` decodes it.
                pub type ErrorBody = #ty;
            }
        }
        None => TokenStream::new(),
    };
    quote! {
        #error_body

        /// The values a user supplies once per connection.
        #[derive(Debug, Clone, PartialEq #default)]
        pub struct Connection {
            #(#fields)*
        }

        #title_doc
        #[derive(Debug, Clone)]
        pub struct Client {
            inner: #rt::Client,
            connection: Connection,
        }

        impl Client {
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

            #(#methods)*

            #(#triggers)*
        }
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

/// The extra arguments of `Client::new` and the expression building its authenticator.
fn auth(ctx: &Ctx) -> (TokenStream, TokenStream) {
    let rt = &ctx.rt;
    let conn = quote!(connection);
    match &ctx.connector.auth {
        Auth::None => (TokenStream::new(), quote!(#rt::auth::NoAuth)),
        Auth::ApiKey {
            name,
            location,
            key,
            prefix,
            ..
        } => {
            let name = Literal::string(name);
            let value = connection_text(ctx, key, &conn);
            let prefix = Literal::string(prefix.as_deref().unwrap_or(""));
            let place = match location {
                KeyLocation::Header => quote!(#rt::auth::KeyLocation::Header),
                KeyLocation::Query => quote!(#rt::auth::KeyLocation::Query),
            };
            (
                TokenStream::new(),
                quote!(#rt::auth::ApiKey::new(#place, #name, #rt::Secret::new(::std::format!("{}{}", #prefix, #value)))),
            )
        }
        Auth::Basic { username, password } => {
            let user = connection_text(ctx, username, &conn);
            let pass = connection_text(ctx, password, &conn);
            (
                TokenStream::new(),
                quote!(#rt::auth::Basic::new(#user, #rt::Secret::new(#pass))),
            )
        }
        Auth::Bearer { token } => {
            let token = connection_text(ctx, token, &conn);
            (
                TokenStream::new(),
                quote!(#rt::auth::Bearer::new(#rt::Secret::new(#token))),
            )
        }
        Auth::OAuth2(oauth) => {
            let flow = match oauth.flow {
                OAuth2Flow::AuthorizationCode | OAuth2Flow::Implicit => {
                    quote!(#rt::auth::OAuth2Flow::AuthorizationCode)
                }
                OAuth2Flow::ClientCredentials => quote!(#rt::auth::OAuth2Flow::ClientCredentials),
                OAuth2Flow::Password => quote!(#rt::auth::OAuth2Flow::Password),
                OAuth2Flow::AccountCredentials => {
                    quote!(#rt::auth::OAuth2Flow::AccountCredentials)
                }
            };
            let token_url = Literal::string(&oauth.token_url);
            let refresh_url = match &oauth.refresh_url {
                Some(url) => {
                    let url = Literal::string(url);
                    quote!(::std::option::Option::Some(::std::string::String::from(#url)))
                }
                None => quote!(::std::option::Option::None),
            };
            let scopes = oauth.scopes.iter().map(|s| Literal::string(s));
            let names = oauth.token_params.iter().map(|(n, _)| Literal::string(n));
            let values = oauth
                .token_params
                .iter()
                .map(|(_, t)| render(ctx, t, &conn))
                .collect::<Vec<_>>();
            (
                quote!(, credentials: #rt::auth::OAuth2Credentials),
                quote! {
                    #rt::auth::OAuth2::new(
                        #rt::auth::OAuth2Settings {
                            flow: #flow,
                            token_url: ::std::string::String::from(#token_url),
                            refresh_url: #refresh_url,
                            scopes: ::std::vec![#(::std::string::String::from(#scopes)),*],
                            token_params: ::std::vec![#((::std::string::String::from(#names), #values)),*],
                        },
                        credentials,
                    )
                },
            )
        }
        Auth::Login(login) => {
            let method = method_tokens(ctx, login.method);
            let url = Literal::string(&login.url);
            let encoding = match login.encoding {
                LoginEncoding::Query => quote!(#rt::auth::LoginEncoding::Query),
                LoginEncoding::Form => quote!(#rt::auth::LoginEncoding::Form),
                LoginEncoding::Json => quote!(#rt::auth::LoginEncoding::Json),
            };
            let names = login.params.iter().map(|(n, _)| Literal::string(n));
            let values = login
                .params
                .iter()
                .map(|(_, t)| render(ctx, t, &conn))
                .collect::<Vec<_>>();
            let token = Literal::string(&login.token);
            let expires_in = option_str(&login.expires_in);
            let out_names = login.outputs.iter().map(|(n, _)| Literal::string(n));
            let out_paths = login.outputs.iter().map(|(_, p)| Literal::string(p));
            let header = Literal::string(&login.header);
            let format = Literal::string(&login.format);
            (
                TokenStream::new(),
                quote! {
                    #rt::auth::Login::new(#rt::auth::LoginSettings {
                        method: #method,
                        url: ::std::string::String::from(#url),
                        encoding: #encoding,
                        params: ::std::vec![#((::std::string::String::from(#names), #rt::Secret::new(#values))),*],
                        token: ::std::string::String::from(#token),
                        expires_in: #expires_in,
                        outputs: ::std::vec![#((::std::string::String::from(#out_names), ::std::string::String::from(#out_paths))),*],
                        header: ::std::string::String::from(#header),
                        format: ::std::string::String::from(#format),
                    })
                },
            )
        }
        Auth::XmlCredentials { path, fields } => {
            let path = path.iter().map(|p| Literal::string(p));
            let names = fields.iter().map(|(n, _)| Literal::string(n));
            let values = fields
                .iter()
                .map(|(_, p)| connection_text(ctx, p, &conn))
                .collect::<Vec<_>>();
            (
                TokenStream::new(),
                quote! {
                    #rt::auth::XmlCredentials::new(
                        ::std::vec![#(::std::string::String::from(#path)),*],
                        ::std::vec![#((::std::string::String::from(#names), #rt::Secret::new(#values))),*],
                    )
                },
            )
        }
    }
}

/// `Option<String>` tokens for an optional text.
fn option_str(value: &Option<String>) -> TokenStream {
    match value {
        Some(text) => {
            let lit = Literal::string(text);
            quote!(::std::option::Option::Some(::std::string::String::from(#lit)))
        }
        None => quote!(::std::option::Option::None),
    }
}

/// `Option<&'static str>` tokens for an optional text.
fn option_static(value: &Option<String>) -> TokenStream {
    match value {
        Some(text) => {
            let lit = Literal::string(text);
            quote!(::std::option::Option::Some(#lit))
        }
        None => quote!(::std::option::Option::None),
    }
}

/// The runtime's error rule for an IR failure rule.
pub(crate) fn error_rule(ctx: &Ctx, rule: &ErrorRule) -> TokenStream {
    let rt = &ctx.rt;
    let code = option_static(&rule.code);
    let message = option_static(&rule.message);
    let details = option_static(&rule.details);
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

/// The runtime's method value.
pub(crate) fn method_tokens(ctx: &Ctx, method: Method) -> TokenStream {
    let rt = &ctx.rt;
    let variant = format_ident!(
        "{}",
        match method {
            Method::Get => "Get",
            Method::Post => "Post",
            Method::Put => "Put",
            Method::Patch => "Patch",
            Method::Delete => "Delete",
            Method::Head => "Head",
            Method::Options => "Options",
        }
    );
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
        TemplatePart::Literal(text) => {
            super::requests::push_literal(&format_ident!("__text"), text)
        }
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
