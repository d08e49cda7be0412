//! The authenticator `Client::new` builds: the runtime's value for the spec's `auth`, and the
//! extra arguments `new` takes for it.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::values::{connection_text, method_tokens, option_str, render};
use super::Ctx;
use crate::ir::{Auth, KeyLocation, Login, LoginEncoding, OAuth2, OAuth2Flow};

/// The extra arguments of `Client::new` and the expression building its authenticator.
pub(crate) fn auth(ctx: &Ctx) -> (TokenStream, TokenStream) {
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
        Auth::OAuth2(oauth) => oauth2(ctx, oauth),
        Auth::Login(settings) => login(ctx, settings),
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

/// The OAuth 2.0 authenticator, which takes the user's credentials as an argument of `new`.
fn oauth2(ctx: &Ctx, oauth: &OAuth2) -> (TokenStream, TokenStream) {
    let rt = &ctx.rt;
    let conn = quote!(connection);
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

/// The authenticator that logs in with connection parameters and sends the token it gets.
fn login(ctx: &Ctx, login: &Login) -> (TokenStream, TokenStream) {
    let rt = &ctx.rt;
    let conn = quote!(connection);
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
