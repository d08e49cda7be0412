//! Authentication providers: API keys, basic, bearer, OAuth 2.0 (authorization code with
//! refresh, client credentials, password, account credentials), the legacy login request whose
//! answer carries the token (GoToMeeting), and credentials inside XML bodies (WebEx).
//!
//! Token-based providers cache their token behind an async mutex, so concurrent calls that find
//! it missing or expired wait for one refresh instead of starting their own.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::Value;
use tokio::sync::Mutex;

use super::body::read_limited;
use super::encode::{lookup, urlencode};
use super::xml::Extra;
use super::{Error, Method, Secret};

/// A boxed future, as returned by [`Authenticator::authorize`].
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// What a provider may use to obtain credentials.
#[derive(Debug)]
pub struct AuthContext<'a> {
    /// The HTTP client of the service client.
    pub http: &'a reqwest::Client,
    /// The service's base URL (for login requests relative to it).
    pub base_url: &'a str,
    /// The base URL the spec gives, when the client was pointed elsewhere.
    pub spec_base_url: &'a str,
    /// The most bytes of a successful answer the client reads (token answers included).
    pub answer_body_limit: usize,
}

impl AuthContext<'_> {
    /// `url` moved to the client's host when it is on the spec's host and the client was
    /// pointed elsewhere (a proxy, a test server), so that logins follow the API.
    pub fn rebase(&self, url: &str) -> String {
        let origin = |u: &str| {
            reqwest::Url::parse(u)
                .ok()
                .map(|u| u.origin().ascii_serialization())
        };
        match (origin(self.spec_base_url), origin(self.base_url)) {
            (Some(spec), Some(actual)) if spec != actual && url.starts_with(&spec) => {
                format!("{actual}{}", &url[spec.len()..])
            }
            _ => url.to_owned(),
        }
    }
}

/// The parts of a request a provider may add to.
#[derive(Default)]
pub struct Outgoing {
    /// Headers to send.
    pub headers: Vec<(String, String)>,
    /// Query parameters to send.
    pub query: Vec<(String, String)>,
    pub(crate) xml: Option<Extra>,
}

impl fmt::Debug for Outgoing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Outgoing")
            .field(
                "headers",
                &self.headers.iter().map(|(k, _)| k).collect::<Vec<_>>(),
            )
            .field(
                "query",
                &self.query.iter().map(|(k, _)| k).collect::<Vec<_>>(),
            )
            .finish_non_exhaustive()
    }
}

/// Adds credentials to requests.
pub trait Authenticator: Send + Sync + fmt::Debug {
    /// Adds credentials to `request`, obtaining or refreshing them first when needed.
    fn authorize<'a>(
        &'a self,
        context: &'a AuthContext<'a>,
        request: &'a mut Outgoing,
    ) -> BoxFuture<'a, Result<(), Error>>;

    /// Forgets cached credentials after the service rejected them (HTTP 401).
    fn invalidate(&self) {}

    /// The credentials this provider holds (keys, passwords, tokens), which the client masks
    /// in the errors it returns, since a server may echo a request into its answer. The
    /// values a provider adds to a request are masked whether or not they are listed here.
    fn secrets(&self) -> Vec<Secret> {
        Vec::new()
    }
}

/// No authentication.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoAuth;

impl Authenticator for NoAuth {
    fn authorize<'a>(
        &'a self,
        _: &'a AuthContext<'a>,
        _: &'a mut Outgoing,
    ) -> BoxFuture<'a, Result<(), Error>> {
        Box::pin(async { Ok(()) })
    }
}

/// Where an API key travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyLocation {
    /// A header.
    Header,
    /// A query parameter.
    Query,
}

/// An API key in a header or query parameter (ClickMeeting's `X-Api-Key`).
#[derive(Clone, Debug)]
pub struct ApiKey {
    location: KeyLocation,
    name: String,
    value: Secret,
}

impl ApiKey {
    /// A key sent as `name` in `location`.
    pub fn new(location: KeyLocation, name: impl Into<String>, value: Secret) -> ApiKey {
        ApiKey {
            location,
            name: name.into(),
            value,
        }
    }
}

impl Authenticator for ApiKey {
    fn authorize<'a>(
        &'a self,
        _: &'a AuthContext<'a>,
        request: &'a mut Outgoing,
    ) -> BoxFuture<'a, Result<(), Error>> {
        let pair = (self.name.clone(), self.value.expose().to_owned());
        match self.location {
            KeyLocation::Header => request.headers.push(pair),
            KeyLocation::Query => request.query.push(pair),
        }
        Box::pin(async { Ok(()) })
    }

    fn secrets(&self) -> Vec<Secret> {
        vec![self.value.clone()]
    }
}

/// HTTP basic authentication.
#[derive(Clone, Debug)]
pub struct Basic {
    username: String,
    password: Secret,
}

impl Basic {
    /// Basic authentication as `username`.
    pub fn new(username: impl Into<String>, password: Secret) -> Basic {
        Basic {
            username: username.into(),
            password,
        }
    }
}

fn basic_header(username: &str, password: &str) -> String {
    let encoded =
        base64::engine::general_purpose::STANDARD.encode(format!("{username}:{password}"));
    format!("Basic {encoded}")
}

impl Authenticator for Basic {
    fn authorize<'a>(
        &'a self,
        _: &'a AuthContext<'a>,
        request: &'a mut Outgoing,
    ) -> BoxFuture<'a, Result<(), Error>> {
        request.headers.push((
            "Authorization".into(),
            basic_header(&self.username, self.password.expose()),
        ));
        Box::pin(async { Ok(()) })
    }

    fn secrets(&self) -> Vec<Secret> {
        vec![self.password.clone()]
    }
}

/// A bearer token the user already has.
#[derive(Clone, Debug)]
pub struct Bearer {
    token: Secret,
}

impl Bearer {
    /// Sends `token` as `Authorization: Bearer …`.
    pub fn new(token: Secret) -> Bearer {
        Bearer { token }
    }
}

impl Authenticator for Bearer {
    fn authorize<'a>(
        &'a self,
        _: &'a AuthContext<'a>,
        request: &'a mut Outgoing,
    ) -> BoxFuture<'a, Result<(), Error>> {
        request.headers.push((
            "Authorization".into(),
            format!("Bearer {}", self.token.expose()),
        ));
        Box::pin(async { Ok(()) })
    }

    fn secrets(&self) -> Vec<Secret> {
        vec![self.token.clone()]
    }
}

/// Credentials written into every XML request (WebEx `securityContext`).
#[derive(Clone, Debug)]
pub struct XmlCredentials {
    path: Vec<String>,
    fields: Vec<(String, Secret)>,
}

impl XmlCredentials {
    /// Elements `fields` written inside the element path `path` of the envelope.
    pub fn new(path: Vec<String>, fields: Vec<(String, Secret)>) -> XmlCredentials {
        XmlCredentials { path, fields }
    }
}

impl Authenticator for XmlCredentials {
    fn authorize<'a>(
        &'a self,
        _: &'a AuthContext<'a>,
        request: &'a mut Outgoing,
    ) -> BoxFuture<'a, Result<(), Error>> {
        request.xml = Some(Extra {
            path: self.path.clone(),
            fields: self
                .fields
                .iter()
                .map(|(k, v)| (k.clone(), v.expose().to_owned()))
                .collect(),
        });
        Box::pin(async { Ok(()) })
    }

    fn secrets(&self) -> Vec<Secret> {
        self.fields.iter().map(|(_, value)| value.clone()).collect()
    }
}

/// A cached token.
#[derive(Clone, Default)]
struct TokenState {
    access: Option<Secret>,
    refresh: Option<Secret>,
    expires_at: Option<Instant>,
    outputs: Vec<(String, Value)>,
}

impl TokenState {
    /// The access token while it is valid (with a minute of margin).
    fn valid(&self) -> Option<&Secret> {
        let access = self.access.as_ref()?;
        match self.expires_at {
            Some(at) if Instant::now() + Duration::from_secs(60) >= at => None,
            _ => Some(access),
        }
    }
}

fn expiry(answer: &Value, path: Option<&str>) -> Option<Instant> {
    let seconds = lookup(answer, path?)?;
    let seconds = seconds
        .as_u64()
        .or_else(|| seconds.as_str().and_then(|s| s.parse().ok()))?;
    Some(Instant::now() + Duration::from_secs(seconds))
}

async fn read_token_answer(response: reqwest::Response, limit: usize) -> Result<Value, Error> {
    let status = response.status();
    if !status.is_success() {
        return Err(Error::auth(format!(
            "the token endpoint answered {}",
            status.as_u16()
        )));
    }
    let bytes = read_limited(response, limit).await?;
    serde_json::from_slice(&bytes)
        .map_err(|e| Error::auth(format!("the token answer is not JSON: {e}")))
}

/// The OAuth 2.0 grant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OAuth2Flow {
    /// Authorization code: the user's tokens are refreshed with the refresh token.
    AuthorizationCode,
    /// Client credentials.
    ClientCredentials,
    /// Resource-owner password.
    Password,
    /// Server-to-server account credentials (Zoom).
    AccountCredentials,
}

/// The spec's OAuth 2.0 settings.
#[derive(Clone, Debug)]
pub struct OAuth2Settings {
    /// The grant.
    pub flow: OAuth2Flow,
    /// The token endpoint.
    pub token_url: String,
    /// The refresh endpoint, when not the token endpoint.
    pub refresh_url: Option<String>,
    /// Scopes requested.
    pub scopes: Vec<String>,
    /// Extra token parameters (`account_id`).
    pub token_params: Vec<(String, String)>,
}

/// The user's OAuth 2.0 credentials.
#[derive(Clone, Debug, Default)]
pub struct OAuth2Credentials {
    /// The application's client id.
    pub client_id: String,
    /// The application's client secret.
    pub client_secret: Secret,
    /// An access token obtained already (authorization code flow).
    pub access_token: Option<Secret>,
    /// The refresh token (authorization code flow).
    pub refresh_token: Option<Secret>,
    /// User name (password flow).
    pub username: Option<String>,
    /// Password (password flow).
    pub password: Option<Secret>,
    /// A token endpoint replacing the spec's (a test server, a proxy).
    pub token_url: Option<String>,
}

impl OAuth2Credentials {
    /// An application's credentials.
    pub fn new(client_id: impl Into<String>, client_secret: impl Into<Secret>) -> Self {
        OAuth2Credentials {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            ..OAuth2Credentials::default()
        }
    }

    /// Adds the tokens of an authorization-code sign-in.
    pub fn with_tokens(mut self, access: Option<Secret>, refresh: Option<Secret>) -> Self {
        self.access_token = access;
        self.refresh_token = refresh;
        self
    }

    /// Adds a user name and password (password flow).
    pub fn with_password(mut self, username: impl Into<String>, password: Secret) -> Self {
        self.username = Some(username.into());
        self.password = Some(password);
        self
    }

    /// Replaces the token endpoint.
    pub fn with_token_url(mut self, url: impl Into<String>) -> Self {
        self.token_url = Some(url.into());
        self
    }
}

/// OAuth 2.0 with a cached token, refreshed once when it expires or is rejected.
#[derive(Debug)]
pub struct OAuth2 {
    settings: OAuth2Settings,
    credentials: OAuth2Credentials,
    state: Mutex<TokenState>,
}

impl fmt::Debug for TokenState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenState")
            .field("has_access_token", &self.access.is_some())
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

impl OAuth2 {
    /// A provider for the spec's settings and the user's credentials.
    pub fn new(settings: OAuth2Settings, credentials: OAuth2Credentials) -> OAuth2 {
        let state = TokenState {
            access: credentials.access_token.clone(),
            refresh: credentials.refresh_token.clone(),
            ..TokenState::default()
        };
        OAuth2 {
            settings,
            credentials,
            state: Mutex::new(state),
        }
    }

    async fn token(&self, context: &AuthContext<'_>) -> Result<Secret, Error> {
        let mut state = self.state.lock().await;
        if let Some(token) = state.valid() {
            return Ok(token.clone());
        }
        let mut form: Vec<(String, String)> = Vec::new();
        let mut url = self
            .credentials
            .token_url
            .clone()
            .unwrap_or_else(|| self.settings.token_url.clone());
        match self.settings.flow {
            OAuth2Flow::AuthorizationCode => {
                let refresh = state.refresh.clone().ok_or_else(|| {
                    Error::auth("the access token expired and there is no refresh token")
                })?;
                if let (Some(refresh_url), None) =
                    (&self.settings.refresh_url, &self.credentials.token_url)
                {
                    url = refresh_url.clone();
                }
                form.push(("grant_type".into(), "refresh_token".into()));
                form.push(("refresh_token".into(), refresh.expose().to_owned()));
            }
            OAuth2Flow::ClientCredentials => {
                form.push(("grant_type".into(), "client_credentials".into()));
            }
            OAuth2Flow::Password => {
                form.push(("grant_type".into(), "password".into()));
                form.push((
                    "username".into(),
                    self.credentials.username.clone().unwrap_or_default(),
                ));
                form.push((
                    "password".into(),
                    self.credentials
                        .password
                        .as_ref()
                        .map(|p| p.expose().to_owned())
                        .unwrap_or_default(),
                ));
            }
            OAuth2Flow::AccountCredentials => {
                form.push(("grant_type".into(), "account_credentials".into()));
            }
        }
        if !self.settings.scopes.is_empty() && self.settings.flow != OAuth2Flow::AuthorizationCode {
            form.push(("scope".into(), self.settings.scopes.join(" ")));
        }
        form.extend(self.settings.token_params.iter().cloned());
        let response = context
            .http
            .post(url)
            .header(
                "Authorization",
                basic_header(
                    &self.credentials.client_id,
                    self.credentials.client_secret.expose(),
                ),
            )
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(urlencode(&form))
            .send()
            .await
            .map_err(Error::transport)?;
        let answer = read_token_answer(response, context.answer_body_limit).await?;
        let access = lookup(&answer, "access_token")
            .and_then(Value::as_str)
            .ok_or_else(|| Error::auth("the token answer has no access_token"))?;
        let access = Secret::new(access);
        state.access = Some(access.clone());
        if let Some(refresh) = lookup(&answer, "refresh_token").and_then(Value::as_str) {
            state.refresh = Some(Secret::new(refresh));
        }
        state.expires_at = expiry(&answer, Some("expires_in"));
        Ok(access)
    }
}

impl Authenticator for OAuth2 {
    fn authorize<'a>(
        &'a self,
        context: &'a AuthContext<'a>,
        request: &'a mut Outgoing,
    ) -> BoxFuture<'a, Result<(), Error>> {
        Box::pin(async move {
            let token = self.token(context).await?;
            request
                .headers
                .push(("Authorization".into(), format!("Bearer {}", token.expose())));
            Ok(())
        })
    }

    fn invalidate(&self) {
        if let Ok(mut state) = self.state.try_lock() {
            state.access = None;
        }
    }

    fn secrets(&self) -> Vec<Secret> {
        let credentials = &self.credentials;
        let mut secrets = vec![credentials.client_secret.clone()];
        secrets.extend(credentials.password.iter().cloned());
        secrets.extend(credentials.access_token.iter().cloned());
        secrets.extend(credentials.refresh_token.iter().cloned());
        if let Ok(state) = self.state.try_lock() {
            secrets.extend(state.access.iter().cloned());
            secrets.extend(state.refresh.iter().cloned());
        }
        secrets
    }
}

/// How a login request sends its parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoginEncoding {
    /// In the query string.
    Query,
    /// As a form body.
    Form,
    /// As a JSON body.
    Json,
}

/// The spec's login request.
#[derive(Clone, Debug)]
pub struct LoginSettings {
    /// Method.
    pub method: Method,
    /// Absolute URL, or a path relative to the base URL.
    pub url: String,
    /// How the parameters travel.
    pub encoding: LoginEncoding,
    /// Parameters, credentials among them.
    pub params: Vec<(String, Secret)>,
    /// Path of the token in the answer.
    pub token: String,
    /// Path of the token's lifetime in seconds.
    pub expires_in: Option<String>,
    /// Other answer values kept: name → path.
    pub outputs: Vec<(String, String)>,
    /// The header carrying the token.
    pub header: String,
    /// The header value, `{token}` standing for the token.
    pub format: String,
}

/// A login request whose answer carries the token (GoToMeeting's direct login).
#[derive(Debug)]
pub struct Login {
    settings: LoginSettings,
    state: Mutex<TokenState>,
}

impl Login {
    /// A provider logging in as `settings` says.
    pub fn new(settings: LoginSettings) -> Login {
        Login {
            settings,
            state: Mutex::new(TokenState::default()),
        }
    }

    /// A value the login answer carried (`organizer_key`), once logged in.
    pub async fn output(&self, name: &str) -> Option<Value> {
        let state = self.state.lock().await;
        state
            .outputs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    }

    async fn token(&self, context: &AuthContext<'_>) -> Result<Secret, Error> {
        let mut state = self.state.lock().await;
        if let Some(token) = state.valid() {
            return Ok(token.clone());
        }
        let settings = &self.settings;
        let url = if settings.url.starts_with("http://") || settings.url.starts_with("https://") {
            context.rebase(&settings.url)
        } else {
            format!(
                "{}/{}",
                context.base_url.trim_end_matches('/'),
                settings.url.trim_start_matches('/')
            )
        };
        let pairs: Vec<(String, String)> = settings
            .params
            .iter()
            .map(|(k, v)| (k.clone(), v.expose().to_owned()))
            .collect();
        let mut builder = context.http.request(settings.method.to_reqwest(), url);
        builder = match settings.encoding {
            LoginEncoding::Query => builder.query(&pairs),
            LoginEncoding::Form => builder
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body(urlencode(&pairs)),
            LoginEncoding::Json => {
                let object: serde_json::Map<String, Value> = pairs
                    .into_iter()
                    .map(|(k, v)| (k, Value::String(v)))
                    .collect();
                builder
                    .header("Content-Type", "application/json")
                    .body(Value::Object(object).to_string())
            }
        };
        let response = builder.send().await.map_err(Error::transport)?;
        let answer = read_token_answer(response, context.answer_body_limit).await?;
        let token = lookup(&answer, &settings.token)
            .and_then(Value::as_str)
            .ok_or_else(|| Error::auth(format!("the login answer has no `{}`", settings.token)))?;
        let token = Secret::new(token);
        state.access = Some(token.clone());
        state.expires_at = expiry(&answer, settings.expires_in.as_deref());
        state.outputs = settings
            .outputs
            .iter()
            .filter_map(|(name, path)| Some((name.clone(), lookup(&answer, path)?.clone())))
            .collect();
        Ok(token)
    }
}

impl Authenticator for Login {
    fn authorize<'a>(
        &'a self,
        context: &'a AuthContext<'a>,
        request: &'a mut Outgoing,
    ) -> BoxFuture<'a, Result<(), Error>> {
        Box::pin(async move {
            let token = self.token(context).await?;
            let value = self.settings.format.replace("{token}", token.expose());
            request.headers.push((self.settings.header.clone(), value));
            Ok(())
        })
    }

    fn invalidate(&self) {
        if let Ok(mut state) = self.state.try_lock() {
            state.access = None;
        }
    }

    /// The token. The login parameters are not listed: they go to the login request only,
    /// and the spec does not say which of them are secret.
    fn secrets(&self) -> Vec<Secret> {
        match self.state.try_lock() {
            Ok(state) => state.access.iter().cloned().collect(),
            Err(_) => Vec::new(),
        }
    }
}
