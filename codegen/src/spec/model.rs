//! The connector spec as written in YAML: the serde model read by [`super::read`].
//!
//! Every value a diagnostic may point at is a [`Spanned`]. Enums are externally tagged and no
//! struct is flattened, because serde-saphyr loses spans inside flattened and internally tagged
//! shapes.

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::named_map::NamedMap;
use super::span::Spanned;
use super::types::{TypeDef, Visibility};

/// A connector spec: one web API described once.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Connector spec")]
pub struct ConnectorSpec {
    /// The connector's display name (`info.title`).
    pub title: Spanned<String>,
    /// The connector's id: its folder under the output directory and its Rust module. ASCII
    /// letters, digits, `_` and `-`, starting with a letter or digit (`go_to_webinar`); the spec's
    /// file name when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<Spanned<String>>,
    /// What the service does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Spanned<String>>,
    /// The spec's version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<Spanned<String>>,
    /// The URL every request path is appended to; `{name}` inserts a connection parameter.
    pub base_url: Spanned<String>,
    /// Publisher, website, privacy policy, categories, brand colour.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Metadata>,
    /// How requests are authenticated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth: Option<Spanned<Auth>>,
    /// Values a user supplies once per connection (credentials, host names, account keys).
    #[serde(default, skip_serializing_if = "NamedMap::is_empty")]
    pub connection: NamedMap<TypeDef>,
    /// Headers sent on every request; `{name}` inserts a connection parameter.
    #[serde(default, skip_serializing_if = "NamedMap::is_empty")]
    pub headers: NamedMap<Spanned<String>>,
    /// Rate limits the service imposes, enforced by generated clients.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub limits: Vec<LimitDef>,
    /// How failures are recognised and decoded, for every action unless it says otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub errors: Option<ErrorRule>,
    /// The XML protocol of services whose requests and answers are XML envelopes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub xml: Option<XmlProtocol>,
    /// Named types, referenced by name from fields, bodies and responses.
    #[serde(default, skip_serializing_if = "NamedMap::is_empty")]
    pub objects: NamedMap<TypeDef>,
    /// The operations a user can call.
    #[serde(default, skip_serializing_if = "NamedMap::is_empty")]
    pub actions: NamedMap<ActionDef>,
    /// Events a user can react to.
    #[serde(default, skip_serializing_if = "NamedMap::is_empty")]
    pub triggers: NamedMap<TriggerDef>,
    /// Platform policy template instances kept as written (imported connectors).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub policies: Vec<PolicyDef>,
    /// Vendor extensions kept as written.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub extensions: IndexMap<String, Value>,
}

/// Facts about the connector's publisher shown by platforms.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Metadata {
    /// Who publishes the connector.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<Spanned<String>>,
    /// The service's website.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<Spanned<String>>,
    /// The service's privacy policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub privacy_policy: Option<Spanned<String>>,
    /// Platform categories (`Productivity`, `Collaboration`, …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<Spanned<String>>,
    /// The icon's background colour, `#rrggbb`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brand_color: Option<Spanned<String>>,
    /// Support contact e-mail or URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<Spanned<String>>,
    /// A PNG file, relative to the spec's folder, written as the connector's `icon.png`; when
    /// absent, an icon is drawn from `brand_color` and the title's initials.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon: Option<Spanned<String>>,
}

/// How requests are authenticated. Credentials named here are connection parameters.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Auth {
    /// No authentication.
    None,
    /// A key sent in a header or query parameter.
    ApiKey(ApiKeyAuth),
    /// HTTP basic authentication.
    Basic(BasicAuth),
    /// A bearer token supplied by the user.
    Bearer(BearerAuth),
    /// OAuth 2.0.
    Oauth2(OAuth2Auth),
    /// A login request whose answer carries the token (legacy direct login).
    Login(LoginAuth),
    /// Credentials carried inside every XML request body.
    XmlCredentials(XmlCredentialsAuth),
}

/// Where an API key travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum KeyLocation {
    /// In a request header.
    Header,
    /// In the query string.
    Query,
}

/// An API key in a header or query parameter.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ApiKeyAuth {
    /// Header or query parameter name (`X-Api-Key`).
    pub name: Spanned<String>,
    /// Where the key travels.
    #[serde(rename = "in")]
    pub location: Spanned<KeyLocation>,
    /// The connection parameter holding the key.
    pub key: Spanned<String>,
    /// Text written before the key (`Token `).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<Spanned<String>>,
    /// The Power Platform security definition's name. When given, the connector declares the
    /// key as an `apiKey` security definition of this name (the platform's own API-key
    /// connection, which keeps the key in the connection parameter `api_key`) instead of
    /// sending it with a `setheader` or `setqueryparameter` policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheme: Option<Spanned<String>>,
}

/// HTTP basic authentication.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BasicAuth {
    /// The connection parameter holding the user name.
    pub username: Spanned<String>,
    /// The connection parameter holding the password.
    pub password: Spanned<String>,
}

/// A bearer token supplied by the user.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BearerAuth {
    /// The connection parameter holding the token.
    pub token: Spanned<String>,
}

/// The OAuth 2.0 grant used to obtain tokens.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum OAuth2Flow {
    /// The user signs in through a browser; tokens are refreshed.
    AuthorizationCode,
    /// A service identity with client id and secret.
    ClientCredentials,
    /// Resource-owner user name and password.
    Password,
    /// Server-to-server account credentials (Zoom's `account_credentials`).
    AccountCredentials,
    /// Implicit grant (imports only; clients cannot refresh it).
    Implicit,
}

/// OAuth 2.0.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OAuth2Auth {
    /// The grant; authorization code when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flow: Option<Spanned<OAuth2Flow>>,
    /// Where users sign in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_url: Option<Spanned<String>>,
    /// Where codes and credentials are exchanged for tokens.
    pub token_url: Spanned<String>,
    /// Where refresh tokens are exchanged; the token URL when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_url: Option<Spanned<String>>,
    /// Scopes requested.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scopes: Vec<Spanned<String>>,
    /// The platform identity provider (`oauth2`, `aad`, `github`, …); `oauth2` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity_provider: Option<Spanned<String>>,
    /// The client (application) id registered with the service for the platform's sign-in.
    /// `connectorc build --client-id` overrides it; without either, `apiProperties.json` gets a
    /// placeholder and `build` warns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<Spanned<String>>,
    /// Extra parameters sent to the token endpoint (`account_id={account_id}`).
    #[serde(default, skip_serializing_if = "NamedMap::is_empty")]
    pub token_params: NamedMap<Spanned<String>>,
    /// Platform-specific settings kept as written (`customParameters`, `redirectMode`, …).
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub extensions: IndexMap<String, Value>,
}

/// How a login request's parameters are sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LoginEncoding {
    /// In the query string.
    Query,
    /// As a form-encoded body.
    Form,
    /// As a JSON body.
    Json,
}

/// A login request whose answer carries the token to send on later requests.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginAuth {
    /// `METHOD URL` of the login request (absolute, or relative to `base_url`).
    pub request: Spanned<String>,
    /// How `params` are sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<Spanned<LoginEncoding>>,
    /// The request's parameters; `{name}` inserts a connection parameter.
    pub params: NamedMap<Spanned<String>>,
    /// Path of the token in the answer (`access_token`).
    pub token: Spanned<String>,
    /// Path of the token's lifetime in seconds, if the answer has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_in: Option<Spanned<String>>,
    /// Other answer fields kept for the connection (`organizer_key`), by path.
    #[serde(default, skip_serializing_if = "NamedMap::is_empty")]
    pub outputs: NamedMap<Spanned<String>>,
    /// The header that carries the token on later requests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<Spanned<String>>,
    /// The header's value, where `{token}` is the token (`OAuth oauth_token={token}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<Spanned<String>>,
}

/// Credentials written into every XML request body.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct XmlCredentialsAuth {
    /// Element path inside the envelope that holds the credentials (`header/securityContext`).
    pub path: Spanned<String>,
    /// Each element name with the connection parameter written into it.
    pub fields: NamedMap<Spanned<String>>,
}

/// A rate limit of the service.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LimitDef {
    /// The limit's name, as the service documents it.
    pub name: Spanned<String>,
    /// Calls allowed per period.
    pub calls: Spanned<u64>,
    /// The renewal period: a number with a unit `ms`, `s`, `m`, `h` or `d` (`60s`, `1d`).
    pub per: Spanned<String>,
    /// Which calls count; every call of a connection when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applies_to: Option<Spanned<LimitScope>>,
    /// A parameter whose value splits the limit into one bucket per value (Zoom's per-user limits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_value_of: Option<Spanned<String>>,
    /// More about the limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Spanned<String>>,
}

/// The calls a limit counts.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum LimitScope {
    /// Every call made through one connection.
    Connection,
    /// Every poll of every trigger.
    Triggers,
    /// Calls of these actions (shared bucket).
    Actions(Vec<Spanned<String>>),
    /// Polls of these triggers (shared bucket).
    Trigger(Vec<Spanned<String>>),
    /// Calls of every action whose `rate_label` is this label.
    Label(Spanned<String>),
}

/// An operation of the API.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ActionDef {
    /// A short sentence shown in designers (≤ 80 characters, no trailing full stop).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<Spanned<String>>,
    /// What the action does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Spanned<String>>,
    /// `METHOD /path/{param}`, relative to `base_url`.
    pub request: Spanned<String>,
    /// Path, query and header parameters, keyed by their wire names.
    #[serde(default, skip_serializing_if = "NamedMap::is_empty")]
    pub params: NamedMap<TypeDef>,
    /// The request body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<BodyDef>,
    /// Shorthand for a JSON `response` with status 200 and this type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub returns: Option<TypeDef>,
    /// The successful answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<ResponseDef>,
    /// How failures of this action are recognised, when it differs from the connector's rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub errors: Option<ErrorRule>,
    /// How the action's results are split across pages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paginate: Option<Spanned<Pagination>>,
    /// The rate-limit label shared with other actions (Zoom's `MEDIUM`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_label: Option<Spanned<String>>,
    /// OAuth scopes the action needs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scopes: Vec<Spanned<String>>,
    /// Whether repeating the call is harmless; GET, PUT, DELETE, HEAD and OPTIONS are by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idempotent: Option<Spanned<bool>>,
    /// Designer visibility.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visibility: Option<Spanned<Visibility>>,
    /// Whether the action is deprecated (`false` written out says so explicitly).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprecated: Option<bool>,
    /// Grouping tags.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Spanned<String>>,
    /// Vendor extensions kept as written.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub extensions: IndexMap<String, Value>,
}

/// How a body is encoded on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BodyEncoding {
    /// `application/json`.
    Json,
    /// `application/x-www-form-urlencoded` with nested bracket keys and 1/0 booleans.
    Form,
    /// `multipart/form-data`; `file` and `binary` fields become file parts.
    Multipart,
    /// An XML document inside the connector's `xml` envelope.
    Xml,
    /// Raw bytes.
    Binary,
    /// Plain text.
    Text,
}

/// A request body.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BodyDef {
    /// The encoding; JSON when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<Spanned<BodyEncoding>>,
    /// The content type when it is not the encoding's usual one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<Spanned<String>>,
    /// The body's type (an object name or an inline definition).
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub type_def: Option<TypeDef>,
    /// Shorthand for an inline object type with these fields.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields: Option<NamedMap<TypeDef>>,
    /// The body parameter's name in manifests; `body` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<Spanned<String>>,
    /// Whether the body must be sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<Spanned<bool>>,
    /// A short label for the body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<Spanned<String>>,
    /// What the body is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Spanned<String>>,
    /// Designer visibility of the body parameter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visibility: Option<Spanned<Visibility>>,
    /// For XML bodies: the `xsi:type` of the body element.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub xml_type: Option<Spanned<String>>,
}

/// How an answer is encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ResponseEncoding {
    /// JSON.
    Json,
    /// XML inside the connector's `xml` envelope.
    Xml,
    /// Raw bytes (downloads).
    Binary,
    /// Plain text.
    Text,
    /// No body.
    Empty,
}

/// A successful answer.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ResponseDef {
    /// The status code; 200 when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Spanned<u16>>,
    /// The encoding; JSON when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<Spanned<ResponseEncoding>>,
    /// The content type when it is not the encoding's usual one (`application/zip`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<Spanned<String>>,
    /// What the answer is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Spanned<String>>,
    /// Answer headers worth reading.
    #[serde(default, skip_serializing_if = "NamedMap::is_empty")]
    pub headers: NamedMap<TypeDef>,
    /// For XML answers: the expected `xsi:type` of the body element.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub xml_type: Option<Spanned<String>>,
    /// The answer's type (an object name or an inline definition).
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub type_def: Option<TypeDef>,
    /// Shorthand for an inline object type with these fields.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields: Option<NamedMap<TypeDef>>,
}

/// How a failure is recognised and decoded.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ErrorRule {
    /// The error body's type.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub type_def: Option<TypeDef>,
    /// Path of the error code in the error body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<Spanned<String>>,
    /// Path of the message in the error body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<Spanned<String>>,
    /// Path of a list of detailed errors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<Spanned<String>>,
    /// A failure reported inside a 2xx answer: when the value at `path` is not `success`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure_when: Option<FailureRule>,
}

/// A failure reported inside a successful HTTP status.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FailureRule {
    /// Path of the result value (`serv:header/serv:response/serv:result`).
    pub path: Spanned<String>,
    /// The value that means success (`SUCCESS`); anything else is a failure.
    pub success: Spanned<String>,
}

/// How an action's results are split across pages.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Pagination {
    /// `?page=N`, counting from `first_page`.
    PageNumber(PageNumberPaging),
    /// `?offset=N&limit=M`.
    Offset(OffsetPaging),
    /// A token from each answer is sent to fetch the next page.
    Cursor(CursorPaging),
    /// Each answer carries the URL of the next page.
    NextLink(NextLinkPaging),
    /// The `Link: <…>; rel="next"` header carries the URL of the next page.
    LinkHeader(LinkHeaderPaging),
}

/// Page-number pagination.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PageNumberPaging {
    /// The query parameter carrying the page number.
    pub param: Spanned<String>,
    /// The first page's number; 1 when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_page: Option<Spanned<u64>>,
    /// The query parameter carrying the page size, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size_param: Option<Spanned<String>>,
    /// How many items a full page holds, when the service fixes it or the client should ask for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_size: Option<Spanned<u64>>,
    /// Path of the total number of pages in the answer, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_pages: Option<Spanned<String>>,
    /// Path of the items array in the answer; the root when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<Spanned<String>>,
}

/// Offset pagination.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OffsetPaging {
    /// The query parameter carrying the offset.
    pub param: Spanned<String>,
    /// The query parameter carrying the page size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit_param: Option<Spanned<String>>,
    /// Path of the total number of items, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<Spanned<String>>,
    /// Path of the items array in the answer; the root when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<Spanned<String>>,
}

/// Cursor-token pagination.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CursorPaging {
    /// The query parameter that sends the token.
    pub param: Spanned<String>,
    /// Path of the next token in the answer; empty or absent means the last page.
    pub next: Spanned<String>,
    /// Path of the items array in the answer; the root when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<Spanned<String>>,
}

/// Next-link pagination.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NextLinkPaging {
    /// Path of the next page's URL in the answer (`@odata.nextLink`).
    pub next: Spanned<String>,
    /// Path of the items array in the answer; the root when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<Spanned<String>>,
}

/// `Link` header pagination.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LinkHeaderPaging {
    /// Path of the items array in the answer; the root when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<Spanned<String>>,
}

/// An event a user can react to: polled or pushed.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TriggerDef {
    /// A short sentence shown in designers ("When a webinar is created").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<Spanned<String>>,
    /// What fires the trigger.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Spanned<String>>,
    /// Designer visibility.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visibility: Option<Spanned<Visibility>>,
    /// Parameters the user sets; for a poll over an action, the action's parameters when absent.
    #[serde(default, skip_serializing_if = "NamedMap::is_empty")]
    pub params: NamedMap<TypeDef>,
    /// A trigger that lists items and reports the new ones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub poll: Option<Spanned<PollDef>>,
    /// A trigger the service calls back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub webhook: Option<Spanned<WebhookDef>>,
    /// Whether the trigger is deprecated (`false` written out says so explicitly).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprecated: Option<bool>,
    /// Vendor extensions kept as written.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub extensions: IndexMap<String, Value>,
}

/// The order in which a polled list returns items.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ItemOrder {
    /// Newest item first.
    NewestFirst,
    /// Oldest item first.
    OldestFirst,
    /// No useful order.
    Unordered,
}

/// A polling trigger.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PollDef {
    /// The action whose answer lists the items.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<Spanned<String>>,
    /// Or a request of its own: `METHOD /path`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request: Option<Spanned<String>>,
    /// For a request of its own: the body sent with every poll (the designer asks for its fields
    /// like any other trigger input).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<BodyDef>,
    /// For a request of its own: the answer's type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub returns: Option<TypeDef>,
    /// Each answer is one event rather than a list of items (the platform's `single` trigger):
    /// an empty answer means nothing new; `items` does not apply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub single: Option<Spanned<bool>>,
    /// Path of the items array in the answer; the root (or the action's paging items) when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<Spanned<String>>,
    /// The item field(s) that tell items apart (dedupe key; several make a composite key); `.`
    /// for the item itself, when the items are plain values (a list of names or numbers).
    pub identity: Identity,
    /// A request parameter bound to the newest item seen, so that the service returns only newer ones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<PollCursor>,
    /// The order of the listed items.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<Spanned<ItemOrder>>,
    /// Fixed arguments for the listing action, or `{trigger_param}` references.
    #[serde(default, skip_serializing_if = "NamedMap::is_empty")]
    pub args: NamedMap<Spanned<Value>>,
}

/// The field(s) that identify an item.
#[derive(Clone, Debug, PartialEq)]
pub struct Identity {
    /// Item field paths; several make a composite key.
    pub fields: Vec<Spanned<String>>,
}

impl<'de> Deserialize<'de> for Identity {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct IdentityVisitor;

        impl<'de> serde::de::Visitor<'de> for IdentityVisitor {
            type Value = Vec<Spanned<String>>;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a field name or a list of field names")
            }

            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Self::Value, A::Error> {
                let mut fields = Vec::new();
                while let Some(field) = seq.next_element::<Spanned<String>>()? {
                    fields.push(field);
                }
                Ok(fields)
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(vec![Spanned::unlocated(v.to_owned())])
            }
        }

        let spanned = Spanned::<IdentityFields>::deserialize(deserializer)?;
        let span = spanned.span;
        let fields = spanned
            .value
            .0
            .into_iter()
            .map(|f| {
                if f.span.is_known() {
                    f
                } else {
                    Spanned::new(f.value, span)
                }
            })
            .collect();
        return Ok(Identity { fields });

        struct IdentityFields(Vec<Spanned<String>>);
        impl<'de> Deserialize<'de> for IdentityFields {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_any(IdentityVisitor).map(IdentityFields)
            }
        }
    }
}

/// One field is written as its name, several as a list.
impl Serialize for Identity {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.fields.as_slice() {
            [one] => one.serialize(serializer),
            many => many.serialize(serializer),
        }
    }
}

impl JsonSchema for Identity {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Identity".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "An item field path, or a list of them for a composite key.",
            "anyOf": [
                { "type": "string" },
                { "type": "array", "items": { "type": "string" }, "minItems": 1 }
            ]
        })
    }
}

/// A request parameter bound to the newest item seen.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PollCursor {
    /// The listing's parameter that takes the cursor (`fromTime`).
    pub param: Spanned<String>,
    /// The item field whose newest value becomes the cursor (`times.startTime`).
    pub from: Spanned<String>,
    /// The cursor's first value, before any item was seen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initial: Option<Spanned<String>>,
}

/// A webhook trigger.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WebhookDef {
    /// `METHOD /path` that registers the callback.
    pub subscribe: Spanned<String>,
    /// The subscription request's body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<BodyDef>,
    /// The body field that carries the callback URL (`x-ms-notification-url`).
    pub notification_url: Spanned<String>,
    /// Where the subscription id is found: a path in the answer, or `header:Location`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subscription_id: Option<Spanned<String>>,
    /// `METHOD /path/{id}` that removes the subscription; `{id}` is the subscription id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unsubscribe: Option<Spanned<String>>,
    /// The type of the payload the service posts.
    pub payload: TypeDef,
    /// How the service signs its payloads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<SignatureDef>,
}

/// The HMAC algorithm of a webhook signature.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SignatureAlgorithm {
    /// HMAC with SHA-256.
    HmacSha256,
    /// HMAC with SHA-1.
    HmacSha1,
}

/// How the signature bytes are written in the header.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SignatureEncoding {
    /// Lower-case hexadecimal.
    Hex,
    /// Standard base64.
    Base64,
}

/// A webhook payload signature.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SignatureDef {
    /// The header carrying the signature.
    pub header: Spanned<String>,
    /// The HMAC algorithm.
    pub algorithm: Spanned<SignatureAlgorithm>,
    /// The connection parameter holding the shared secret.
    pub secret: Spanned<String>,
    /// How the signature bytes are written; hex when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<Spanned<SignatureEncoding>>,
    /// Text before the signature (`sha256=`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<Spanned<String>>,
}

/// The XML envelope protocol of a service whose requests and answers are XML.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct XmlProtocol {
    /// Namespace prefixes and their URIs.
    #[serde(default, skip_serializing_if = "NamedMap::is_empty")]
    pub namespaces: NamedMap<Spanned<String>>,
    /// The request document's root element (`serv:message`).
    pub request_root: Spanned<String>,
    /// Element path of the request body element under the root (`body/bodyContent`).
    pub request_body: Spanned<String>,
    /// The answer's root element.
    pub response_root: Spanned<String>,
    /// Element path of the answer body element under the root (`serv:body/serv:bodyContent`).
    pub response_body: Spanned<String>,
    /// Namespace prefixes declared on the request root (`xsi`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub request_namespaces: Vec<Spanned<String>>,
}

/// A platform policy template instance (`apiProperties.json` → `policyTemplateInstances`).
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PolicyDef {
    /// The template id (`setheader`, `dynamichosturl`, `pollingtrigger`, …).
    pub template: Spanned<String>,
    /// The instance's title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The template's parameters as written.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub parameters: IndexMap<String, Value>,
}
