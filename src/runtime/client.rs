//! The HTTP client under every generated client: base URL, authentication, timeouts, the
//! spec's limits and the retries of [`retry`](super::retry) applied to every call through a
//! [`CallPolicy`], and failure rules beyond the status code. Errors keep at most
//! [`DEFAULT_ERROR_BODY_LIMIT`] bytes of a body (configurable) and never the credentials; a
//! successful answer is read up to [`DEFAULT_ANSWER_BODY_LIMIT`] bytes (configurable) and no
//! further.

use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::auth::{AuthContext, Authenticator, Outgoing};
use super::body::{read_limited, DEFAULT_ANSWER_BODY_LIMIT};
use super::clock::Clock;
use super::encode::{lookup, text, urlencode};
use super::governed::CallPolicy;
use super::limits::{Call, LimitDef, LimitMode, Limits};
use super::redact::{keep, Redactor, DEFAULT_ERROR_BODY_LIMIT};
use super::request::{Body, CallName, Part, Request};
use super::retry::{Retrier, RetryConfig};
use super::xml::{request_document, Element, Envelope};
use super::{Error, Secret};

/// Where a failure reported inside a 2xx answer is found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FailureRule {
    /// Path of the result value (`serv:header/serv:response/serv:result`).
    pub path: &'static str,
    /// The value meaning success.
    pub success: &'static str,
}

/// How a service's failures are recognised and read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ErrorRule {
    /// Path of the error code.
    pub code: Option<&'static str>,
    /// Path of the message.
    pub message: Option<&'static str>,
    /// Path of the detailed errors.
    pub details: Option<&'static str>,
    /// A failure inside a 2xx answer.
    pub failure: Option<FailureRule>,
}

/// What a generated client knows about its service.
#[derive(Clone, Debug)]
pub struct Service {
    /// The base URL.
    pub base_url: String,
    /// The service's failure rule.
    pub errors: ErrorRule,
    /// The XML envelope of XML services.
    pub xml: Option<Envelope>,
}

/// The runtime client.
#[derive(Clone, Debug)]
pub struct Client {
    http: reqwest::Client,
    service: Service,
    spec_base_url: String,
    default_headers: Vec<(String, String)>,
    auth: Arc<dyn Authenticator>,
    retry: RetryConfig,
    clock: Clock,
    limit_defs: Vec<LimitDef>,
    limit_mode: LimitMode,
    shared_limits: Option<Arc<Limits>>,
    policy: CallPolicy,
    error_body_limit: usize,
    answer_body_limit: usize,
    /// Secret values the client sends outside its authentication (secret connection
    /// parameters in headers, queries or paths), masked in errors like credentials.
    known_secrets: Arc<Vec<Secret>>,
}

/// The default timeout of one request (one attempt); the whole call, retries included, is
/// bounded by [`RetryConfig::total_timeout`].
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

impl Client {
    /// A client for `service` authenticating with `auth`, with a 60 s timeout.
    pub fn new(service: Service, auth: Arc<dyn Authenticator>) -> Client {
        let http = reqwest::Client::builder()
            .timeout(DEFAULT_TIMEOUT)
            .connect_timeout(Duration::from_secs(15))
            .build()
            .unwrap_or_default();
        Client {
            http,
            spec_base_url: service.base_url.clone(),
            default_headers: Vec::new(),
            service,
            auth,
            retry: RetryConfig::default(),
            clock: Clock::system(),
            limit_defs: Vec::new(),
            limit_mode: LimitMode::default(),
            shared_limits: None,
            policy: CallPolicy::new(None, Retrier::new(RetryConfig::default())),
            error_body_limit: DEFAULT_ERROR_BODY_LIMIT,
            answer_body_limit: DEFAULT_ANSWER_BODY_LIMIT,
            known_secrets: Arc::new(Vec::new()),
        }
    }

    /// Rebuilds the call policy from the limits, the mode, the retry settings and the clock.
    fn rebuild(&mut self) {
        let limits = match &self.shared_limits {
            Some(shared) => Some(shared.clone()),
            None if self.limit_defs.is_empty() => None,
            None => Some(Arc::new(Limits::with_clock(
                self.limit_defs.clone(),
                self.clock.clone(),
                self.limit_mode,
            ))),
        };
        self.policy = CallPolicy::new(limits, Retrier::with_clock(self.retry, self.clock.clone()));
    }

    /// Enforces `defs` (the spec's limits) on every call, in new buckets of this client.
    pub fn set_limits(&mut self, defs: Vec<LimitDef>) {
        self.limit_defs = defs;
        self.shared_limits = None;
        self.rebuild();
    }

    /// Counts every call in `limits`, shared with other clients and pollers of the same
    /// connection (its own mode and clock apply).
    pub fn set_shared_limits(&mut self, limits: Arc<Limits>) {
        self.shared_limits = Some(limits);
        self.rebuild();
    }

    /// Waits or fails as `mode` says when a limit is reached (the buckets start full again).
    pub fn set_limit_mode(&mut self, mode: LimitMode) {
        self.limit_mode = mode;
        self.rebuild();
    }

    /// Takes the time of limits and retries from `clock` (the buckets start full again).
    pub fn set_clock(&mut self, clock: Clock) {
        self.clock = clock;
        self.rebuild();
    }

    /// Replaces the retry settings (attempts, backoff, and the total timeout of a call).
    pub fn set_retry_config(&mut self, retry: RetryConfig) {
        self.retry = retry;
        self.rebuild();
    }

    /// Masks `secret` in error bodies and messages, as the credentials of the authentication
    /// are: for secret values the client sends some other way (a secret connection parameter in
    /// a header, a query or a path). An empty secret is ignored.
    pub fn add_known_secret(&mut self, secret: Secret) {
        if !secret.expose().is_empty() {
            Arc::make_mut(&mut self.known_secrets).push(secret);
        }
    }

    /// Keeps at most `bytes` of an error answer's body in [`Error::Api`] (64 KiB by
    /// default); the rest is counted in its `body_cut` and not kept.
    pub fn set_error_body_limit(&mut self, bytes: usize) {
        self.error_body_limit = bytes;
    }

    /// How many bytes of an error answer's body are kept.
    pub fn error_body_limit(&self) -> usize {
        self.error_body_limit
    }

    /// Reads at most `bytes` of a successful answer (64 MiB by default): a longer one, a page
    /// of a stream or a token answer included, fails with [`Error::AnswerTooLarge`] without
    /// being buffered whole.
    pub fn set_answer_body_limit(&mut self, bytes: usize) {
        self.answer_body_limit = bytes;
    }

    /// How many bytes of a successful answer are read at most.
    pub fn answer_body_limit(&self) -> usize {
        self.answer_body_limit
    }

    /// The limits and retries applied to every call.
    pub fn policy(&self) -> &CallPolicy {
        &self.policy
    }

    /// The limits every call is counted in (none when the spec has none).
    pub fn limits(&self) -> Option<&Arc<Limits>> {
        self.policy.limits()
    }

    /// The clock of limits and retries.
    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// Replaces the base URL.
    pub fn set_base_url(&mut self, base_url: String) {
        self.service.base_url = base_url;
    }

    /// Headers sent on every request (the spec's connector-wide `headers`).
    pub fn set_default_headers(&mut self, headers: Vec<(String, String)>) {
        self.default_headers = headers;
    }

    /// Replaces the HTTP client.
    pub fn set_http_client(&mut self, http: reqwest::Client) {
        self.http = http;
    }

    /// The base URL.
    pub fn base_url(&self) -> &str {
        &self.service.base_url
    }

    /// Sends `request` under the connection's limits, retrying as [`retry`](super::retry)
    /// says (rate-limited calls, failures of idempotent calls), and once a call whose
    /// credentials were rejected.
    pub async fn send(&self, request: Request) -> Result<Response, Error> {
        let values: Vec<(&str, &str)> = request
            .limit_values
            .iter()
            .map(|(name, value)| (*name, value.as_str()))
            .collect();
        let call = match request.call {
            CallName::Unnamed => Call::action(""),
            CallName::Action(name) => Call::action(name).label(request.label),
            CallName::Trigger(name) => Call::trigger(name),
        }
        .values(&values);
        let reauthorized = AtomicBool::new(false);
        self.policy
            .run(&call, request.idempotent, || {
                self.send_authorized(&request, &reauthorized)
            })
            .await
    }

    /// One attempt, repeated once (without waiting) when the credentials were rejected.
    async fn send_authorized(
        &self,
        request: &Request,
        reauthorized: &AtomicBool,
    ) -> Result<Response, Error> {
        match self.send_once(request).await {
            Err(Error::Api { status: 401, .. }) if !reauthorized.swap(true, Ordering::SeqCst) => {
                self.auth.invalidate();
                self.send_once(request).await
            }
            result => result,
        }
    }

    fn url(&self, path: &str) -> String {
        if path.is_empty() {
            return self.service.base_url.clone();
        }
        format!(
            "{}/{}",
            self.service.base_url.trim_end_matches('/'),
            path.trim_start_matches('/')
        )
    }

    async fn send_once(&self, request: &Request) -> Result<Response, Error> {
        let mut outgoing = Outgoing::default();
        let context = AuthContext {
            http: &self.http,
            base_url: &self.service.base_url,
            spec_base_url: &self.spec_base_url,
            answer_body_limit: self.answer_body_limit,
        };
        self.auth.authorize(&context, &mut outgoing).await?;
        let builder = self.request_builder(request, &outgoing)?;
        let mut response = builder.send().await.map_err(Error::transport)?;
        let status = response.status().as_u16();
        let rule = request.errors.unwrap_or(self.service.errors);
        if status == 429 {
            return Err(Error::RateLimited {
                retry_after: super::retry::retry_after(response.headers(), self.clock.wall()),
            });
        }
        let secrets = Secrets::new(outgoing, self.auth.clone(), self.known_secrets.clone());
        if !(200..300).contains(&status) {
            let (body, cut) = self.error_body(&mut response).await?;
            return Err(self.api_error(status, &body, cut, &rule, &secrets));
        }
        let headers = response.headers().clone();
        let body = read_limited(response, self.answer_body_limit).await?;
        if let Some(failure) = rule.failure {
            self.check_failure(status, &body, &rule, failure, &secrets)?;
        }
        Ok(Response {
            status,
            headers,
            body,
            envelope: self.service.xml.clone(),
            secrets,
        })
    }

    /// The request as it goes on the wire: URL, query, headers, body and its content type.
    fn request_builder(
        &self,
        request: &Request,
        outgoing: &Outgoing,
    ) -> Result<reqwest::RequestBuilder, Error> {
        let mut builder = self
            .http
            .request(request.method.to_reqwest(), self.url(&request.path));
        let query: Vec<&(String, String)> = request.query.iter().chain(&outgoing.query).collect();
        if !query.is_empty() {
            builder = builder.query(&query);
        }
        // A content type given as a header parameter replaces the body's usual one.
        let mut header_content_type: Option<&str> = None;
        let headers = self
            .default_headers
            .iter()
            .chain(&request.headers)
            .chain(&outgoing.headers);
        for (name, value) in headers {
            if name.eq_ignore_ascii_case("content-type") {
                header_content_type = Some(value.as_str());
                continue;
            }
            builder = builder.header(name.as_str(), value.as_str());
        }
        let (content_type, builder) = self.with_body(builder, request, outgoing)?;
        // A multipart body sets its own content type with the boundary.
        let multipart = matches!(request.body, Body::Multipart(_));
        let chosen = request
            .content_type
            .as_deref()
            .or(header_content_type.filter(|_| !multipart))
            .or(content_type);
        Ok(match chosen {
            Some(ct) => builder.header("Content-Type", ct),
            None => builder,
        })
    }

    /// `builder` with the request's body, and the content type that body has by default.
    fn with_body(
        &self,
        builder: reqwest::RequestBuilder,
        request: &Request,
        outgoing: &Outgoing,
    ) -> Result<(Option<&'static str>, reqwest::RequestBuilder), Error> {
        Ok(match &request.body {
            Body::None => (None, builder),
            Body::Json(bytes) => (Some("application/json"), builder.body(bytes.clone())),
            Body::Form(pairs) => (
                Some("application/x-www-form-urlencoded"),
                builder.body(urlencode(pairs)),
            ),
            Body::Bytes(bytes) => (
                Some("application/octet-stream"),
                builder.body(bytes.clone()),
            ),
            Body::Text(text) => (
                Some("text/plain; charset=utf-8"),
                builder.body(text.clone()),
            ),
            Body::Multipart(parts) => (None, builder.multipart(multipart_form(parts)?)),
            Body::Xml { xsi_type, value } => {
                let envelope = self
                    .service
                    .xml
                    .as_ref()
                    .ok_or_else(|| Error::encode("the service has no XML envelope"))?;
                let document =
                    request_document(envelope, outgoing.xml.as_ref(), xsi_type.as_deref(), value)?;
                (
                    Some("application/xml; charset=utf-8"),
                    builder.body(document),
                )
            }
        })
    }

    /// The first bytes of a failed answer's body, up to the error body limit, and how many
    /// more bytes were read and left out.
    async fn error_body(
        &self,
        response: &mut reqwest::Response,
    ) -> Result<(Vec<u8>, usize), Error> {
        let mut body = Vec::new();
        let mut cut = 0;
        while let Some(chunk) = response.chunk().await.map_err(Error::transport)? {
            let room = self.error_body_limit.saturating_sub(body.len());
            let taken = room.min(chunk.len());
            body.extend_from_slice(&chunk[..taken]);
            cut += chunk.len() - taken;
        }
        Ok((body, cut))
    }

    /// The error of a failed answer, with code, message and details read by the rule, at most
    /// the error body limit of its body (`cut` bytes were left out already), and no secret.
    fn api_error(
        &self,
        status: u16,
        body: &[u8],
        cut: usize,
        rule: &ErrorRule,
        secrets: &Secrets,
    ) -> Error {
        let redactor = secrets.redactor();
        let (kept, more) = keep(body, self.error_body_limit);
        let body_cut = cut + more;
        let kept = String::from_utf8_lossy(kept);
        let text_body = if body_cut > 0 {
            redactor.redact_cut(&kept)
        } else {
            redactor.redact(&kept).into_owned()
        };
        // A failure inside a 2xx answer is read from the whole body: its texts are cut too.
        let clean = |text: String| {
            let text = redactor.redact(&text);
            match keep(text.as_bytes(), self.error_body_limit) {
                (_, 0) => text.into_owned(),
                (kept, cut) => format!("{}… ({cut} bytes cut)", String::from_utf8_lossy(kept)),
            }
        };
        let mut code = None;
        let mut message = None;
        let mut details = Vec::new();
        if let Ok(value) = serde_json::from_slice::<Value>(body) {
            code = rule
                .code
                .or(Some("code"))
                .and_then(|p| lookup(&value, p))
                .map(text);
            message = rule
                .message
                .or(Some("message"))
                .and_then(|p| lookup(&value, p))
                .map(text);
            if let Some(Value::Array(items)) = rule.details.and_then(|p| lookup(&value, p)) {
                details = items.iter().map(detail_text).collect();
            }
        } else if let Ok(root) = Element::parse(body) {
            code = rule.code.and_then(|p| root.text_at(p)).map(str::to_owned);
            message = rule
                .message
                .and_then(|p| root.text_at(p))
                .map(str::to_owned);
        }
        Error::Api {
            status,
            code: code.filter(|c| !c.is_empty()).map(clean),
            message: message
                .filter(|m| !m.is_empty())
                .map(clean)
                .unwrap_or_else(|| {
                    reqwest::StatusCode::from_u16(status)
                        .ok()
                        .and_then(|s| s.canonical_reason())
                        .unwrap_or("error")
                        .to_owned()
                }),
            details: details.into_iter().map(clean).collect(),
            body: text_body,
            body_cut,
        }
    }

    fn check_failure(
        &self,
        status: u16,
        body: &[u8],
        rule: &ErrorRule,
        failure: FailureRule,
        secrets: &Secrets,
    ) -> Result<(), Error> {
        let result = if self.service.xml.is_some() {
            let root = Element::parse(body)?;
            root.text_at(failure.path).map(str::to_owned)
        } else {
            let value: Value = serde_json::from_slice(body)
                .map_err(|e| Error::decode(secrets.redactor().redact(&e.to_string())))?;
            lookup(&value, failure.path).map(text)
        };
        match result {
            Some(result) if result.trim() == failure.success => Ok(()),
            _ => Err(self.api_error(status, body, 0, rule, secrets)),
        }
    }
}

fn detail_text(item: &Value) -> String {
    match item {
        Value::Object(map) => {
            let message = map
                .get("message")
                .map(text)
                .unwrap_or_else(|| item.to_string());
            match map.get("field") {
                Some(field) => format!("{}: {message}", text(field)),
                None => message,
            }
        }
        other => text(other),
    }
}

/// The credentials of one request, to mask in its errors: the values the authenticator added
/// to it and the ones it says it holds.
struct Secrets {
    sent: Vec<String>,
    auth: Arc<dyn Authenticator>,
    known: Arc<Vec<Secret>>,
}

impl Secrets {
    fn new(outgoing: Outgoing, auth: Arc<dyn Authenticator>, known: Arc<Vec<Secret>>) -> Secrets {
        let mut sent: Vec<String> = outgoing
            .headers
            .into_iter()
            .chain(outgoing.query)
            .map(|(_, value)| value)
            .collect();
        if let Some(xml) = outgoing.xml {
            sent.extend(xml.fields.into_iter().map(|(_, value)| value));
        }
        Secrets { sent, auth, known }
    }

    fn redactor(&self) -> Redactor {
        let held = self.auth.secrets();
        Redactor::new(
            self.sent
                .iter()
                .map(String::as_str)
                .chain(held.iter().map(|s| s.expose()))
                .chain(self.known.iter().map(Secret::expose)),
        )
    }

    /// `error` with the secrets masked in its message.
    fn clean(&self, error: Error) -> Error {
        match error {
            Error::Decode { message } => Error::Decode {
                message: self.redactor().redact(&message).into_owned(),
            },
            other => other,
        }
    }
}

/// A successful answer.
pub struct Response {
    /// The HTTP status.
    pub status: u16,
    /// The headers.
    pub headers: reqwest::header::HeaderMap,
    body: Vec<u8>,
    envelope: Option<Envelope>,
    secrets: Secrets,
}

impl fmt::Debug for Response {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The body can be megabytes: its size says enough.
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body_bytes", &self.body.len())
            .finish_non_exhaustive()
    }
}

impl Response {
    /// Decodes a JSON body.
    pub fn json<T: DeserializeOwned>(self) -> Result<T, Error> {
        let body: &[u8] = if self.body.iter().all(u8::is_ascii_whitespace) {
            b"null"
        } else {
            &self.body
        };
        serde_json::from_slice(body).map_err(|e| self.secrets.clean(Error::decode(e)))
    }

    /// Decodes the body element of an XML envelope.
    pub fn xml<T: DeserializeOwned>(self) -> Result<T, Error> {
        self.xml_inner().map_err(|e| self.secrets.clean(e))
    }

    fn xml_inner<T: DeserializeOwned>(&self) -> Result<T, Error> {
        let root = Element::parse(&self.body)?;
        let element = match &self.envelope {
            Some(envelope) => root
                .find(envelope.response_body.iter().copied())
                .ok_or_else(|| {
                    Error::decode(format!(
                        "the answer has no {} element",
                        envelope.response_body.join("/")
                    ))
                })?,
            None => &root,
        };
        element.decode()
    }

    /// The raw body.
    pub fn bytes(self) -> Result<Vec<u8>, Error> {
        Ok(self.body)
    }

    /// The body as text.
    pub fn text(self) -> Result<String, Error> {
        String::from_utf8(self.body).map_err(Error::decode)
    }
}

/// A multipart form of text fields and files; a file without a content type is sent as
/// `application/octet-stream`.
fn multipart_form(parts: &[Part]) -> Result<reqwest::multipart::Form, Error> {
    let mut form = reqwest::multipart::Form::new();
    for part in parts {
        form = match part {
            Part::Text(name, value) => form.text(name.clone(), value.clone()),
            Part::File(name, file) => {
                let mime = if file.content_type.is_empty() {
                    "application/octet-stream"
                } else {
                    file.content_type.as_str()
                };
                let piece = reqwest::multipart::Part::bytes(file.bytes.clone())
                    .file_name(file.name.clone())
                    .mime_str(mime)
                    .map_err(Error::transport)?;
                form.part(name.clone(), piece)
            }
        };
    }
    Ok(form)
}
