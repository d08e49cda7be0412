//! The intermediate representation: a checked connector, shared by every emitter and by the
//! importer's round trip. Nothing here refers to YAML or spans.

mod types;

use std::time::Duration;

use indexmap::IndexMap;
use serde_json::Value;

pub use crate::spec::{
    BodyEncoding, ItemOrder, KeyLocation, LoginEncoding, OAuth2Flow, ParamLocation,
    ResponseEncoding, SignatureAlgorithm, SignatureEncoding,
};
pub use types::*;

/// A checked connector.
#[derive(Clone, Debug, PartialEq)]
pub struct Connector {
    /// The connector's id: its spec file's stem (`gotowebinar`).
    pub id: String,
    /// The Rust module name.
    pub module_name: String,
    /// Display name.
    pub title: String,
    /// Description.
    pub description: Option<String>,
    /// Version.
    pub version: Option<String>,
    /// The base URL with its connection-parameter placeholders.
    pub base_url: Template,
    /// Publisher facts.
    pub metadata: Metadata,
    /// Authentication.
    pub auth: Auth,
    /// Connection parameters.
    pub connection: Vec<Field>,
    /// Headers sent on every request.
    pub headers: Vec<(String, Template)>,
    /// Rate limits.
    pub limits: Vec<Limit>,
    /// The connector-wide failure rule.
    pub errors: ErrorRule,
    /// The XML envelope protocol, for XML services.
    pub xml: Option<XmlProtocol>,
    /// Named types in source order.
    pub objects: Vec<NamedType>,
    /// Actions in source order.
    pub actions: Vec<Action>,
    /// Triggers in source order.
    pub triggers: Vec<Trigger>,
    /// Policy template instances kept as written.
    pub policies: Vec<Policy>,
    /// Vendor extensions kept as written.
    pub extensions: IndexMap<String, Value>,
    /// Positions in `objects` by name, so that a lookup is not a scan; rebuild it with
    /// [`Connector::index_objects`] after changing `objects` (an empty index falls back to a
    /// scan).
    pub object_index: crate::fast_hash::Map<String, usize>,
    /// For each of `objects`, the position of the object its alias chain (`A: B`, `B: C`, …)
    /// ends at, so that [`Connector::resolve`] takes one step however long the chain is; past
    /// `objects.len()` when the chain runs into a cycle. [`Connector::index_objects`] makes it.
    pub alias_ends: Vec<usize>,
    /// Positions in `actions` by name, as `object_index` is for `objects`; rebuild it with
    /// [`Connector::index_actions`] after changing `actions` (an empty index falls back to a
    /// scan).
    pub action_index: crate::fast_hash::Map<String, usize>,
}

impl Connector {
    /// The named type called `name`.
    pub fn object(&self, name: &str) -> Option<&NamedType> {
        if self.object_index.is_empty() {
            return self.objects.iter().find(|o| o.name == name);
        }
        let position = *self.object_index.get(name)?;
        self.objects.get(position).filter(|o| o.name == name)
    }

    /// Indexes `objects` by name (the first of a name wins, as a scan would find it), and
    /// where each alias chain ends.
    pub fn index_objects(&mut self) {
        self.object_index.clear();
        self.object_index.reserve(self.objects.len());
        for (position, object) in self.objects.iter().enumerate() {
            self.object_index
                .entry(object.name.clone())
                .or_insert(position);
        }
        self.alias_ends = self.find_alias_ends();
    }

    /// Where each object's alias chain ends, each object visited once: a walk stops at an
    /// object whose end is known, and everything it passed shares that end.
    fn find_alias_ends(&self) -> Vec<usize> {
        const UNKNOWN: usize = usize::MAX;
        const ON_PATH: usize = usize::MAX - 1;
        const IN_CYCLE: usize = usize::MAX - 2;
        let next = |at: usize| match &self.objects[at].ty {
            Type::Named(name) => self.object_index.get(name.as_str()).copied(),
            _ => None,
        };
        let mut ends = vec![UNKNOWN; self.objects.len()];
        let mut path = Vec::new();
        for start in 0..self.objects.len() {
            let mut at = start;
            let end = loop {
                match ends[at] {
                    UNKNOWN => match next(at) {
                        Some(following) => {
                            ends[at] = ON_PATH;
                            path.push(at);
                            at = following;
                        }
                        None => break at,
                    },
                    ON_PATH => break IN_CYCLE,
                    known => break known,
                }
            };
            if end < ends.len() {
                ends[end] = end;
            }
            for passed in path.drain(..) {
                ends[passed] = end;
            }
        }
        ends
    }

    /// Every action's tags, sorted, once each.
    pub fn tag_names(&self) -> Vec<String> {
        let mut tags: Vec<String> = self
            .actions
            .iter()
            .flat_map(|a| a.tags.iter().cloned())
            .collect();
        tags.sort();
        tags.dedup();
        tags
    }

    /// The action called `name`.
    pub fn action(&self, name: &str) -> Option<&Action> {
        if self.action_index.is_empty() {
            return self.actions.iter().find(|a| a.name == name);
        }
        let position = *self.action_index.get(name)?;
        self.actions.get(position).filter(|a| a.name == name)
    }

    /// Indexes `actions` by name (the first of a name wins, as a scan would find it).
    pub fn index_actions(&mut self) {
        self.action_index.clear();
        self.action_index.reserve(self.actions.len());
        for (position, action) in self.actions.iter().enumerate() {
            self.action_index
                .entry(action.name.clone())
                .or_insert(position);
        }
    }

    /// Follows `Type::Named` references to the type they name: the first type on the way
    /// that is not a name of one of `objects`. A chain that runs into a cycle (which the
    /// checker rejects) gives a name back.
    pub fn resolve<'a>(&'a self, ty: &'a Type) -> &'a Type {
        let Type::Named(name) = ty else {
            return ty;
        };
        if self.alias_ends.len() == self.objects.len() {
            if let Some(&position) = self.object_index.get(name.as_str()) {
                if self.objects.get(position).is_some_and(|o| &o.name == name) {
                    return match self.objects.get(self.alias_ends[position]) {
                        Some(end) => &end.ty,
                        None => ty,
                    };
                }
            }
        }
        // Not indexed (or the index is stale): walk, passing each object at most once.
        let mut current = ty;
        for _ in 0..=self.objects.len() {
            match current {
                Type::Named(name) => match self.object(name) {
                    Some(object) => current = &object.ty,
                    None => return current,
                },
                _ => return current,
            }
        }
        current
    }
}

/// Publisher facts.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Metadata {
    /// Publisher.
    pub publisher: Option<String>,
    /// Website.
    pub website: Option<String>,
    /// Privacy policy URL.
    pub privacy_policy: Option<String>,
    /// Platform categories.
    pub categories: Vec<String>,
    /// Icon background colour.
    pub brand_color: Option<String>,
    /// Support contact.
    pub contact: Option<String>,
    /// The bytes of the spec's own icon (a PNG), when it names one.
    pub icon: Option<Vec<u8>>,
}

/// A string with `{name}` placeholders.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    /// The text as written.
    pub raw: String,
    /// The text split into literal text and placeholders.
    pub parts: Vec<TemplatePart>,
}

/// A piece of a [`Template`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TemplatePart {
    /// Literal text.
    Literal(String),
    /// A placeholder naming a parameter.
    Param(String),
}

impl Template {
    /// The placeholder names in order.
    pub fn params(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().filter_map(|p| match p {
            TemplatePart::Param(name) => Some(name.as_str()),
            TemplatePart::Literal(_) => None,
        })
    }
}

/// The path parameters of `params` by wire name (the first of a name, as a scan finds it), so
/// that a template's placeholders are looked up, not searched for.
pub fn path_params_by_name(params: &[Param]) -> crate::fast_hash::Map<&str, &Param> {
    let mut by_name = crate::fast_hash::Map::default();
    for param in params.iter().filter(|p| p.location == ParamLocation::Path) {
        by_name
            .entry(param.field.wire_name.as_str())
            .or_insert(param);
    }
    by_name
}

/// Authentication.
#[derive(Clone, Debug, PartialEq)]
pub enum Auth {
    /// None.
    None,
    /// An API key.
    ApiKey {
        /// Header or query name.
        name: String,
        /// Where it travels.
        location: KeyLocation,
        /// Connection parameter holding it.
        key: String,
        /// Text before the key.
        prefix: Option<String>,
        /// The Power Platform security definition's name, when the key is declared as one.
        scheme: Option<String>,
    },
    /// HTTP basic.
    Basic {
        /// Connection parameter holding the user name.
        username: String,
        /// Connection parameter holding the password.
        password: String,
    },
    /// A user-supplied bearer token.
    Bearer {
        /// Connection parameter holding the token.
        token: String,
    },
    /// OAuth 2.0.
    OAuth2(OAuth2),
    /// A login request.
    Login(Login),
    /// Credentials inside XML bodies.
    XmlCredentials {
        /// Element path of the credentials block.
        path: Vec<String>,
        /// Element name → connection parameter.
        fields: Vec<(String, String)>,
    },
}

/// OAuth 2.0 settings.
#[derive(Clone, Debug, PartialEq)]
pub struct OAuth2 {
    /// The grant.
    pub flow: OAuth2Flow,
    /// Sign-in URL.
    pub authorization_url: Option<String>,
    /// Token URL.
    pub token_url: String,
    /// Refresh URL.
    pub refresh_url: Option<String>,
    /// Scopes.
    pub scopes: Vec<String>,
    /// Platform identity provider.
    pub identity_provider: String,
    /// The OAuth client id, when the spec gives it.
    pub client_id: Option<String>,
    /// Extra token parameters (templates over connection parameters).
    pub token_params: Vec<(String, Template)>,
    /// Platform settings kept as written.
    pub extensions: IndexMap<String, Value>,
}

/// A login request whose answer carries the token.
#[derive(Clone, Debug, PartialEq)]
pub struct Login {
    /// Method.
    pub method: Method,
    /// Absolute URL, or path relative to the base URL.
    pub url: String,
    /// How parameters are sent.
    pub encoding: LoginEncoding,
    /// Parameters (templates over connection parameters).
    pub params: Vec<(String, Template)>,
    /// Path of the token in the answer.
    pub token: String,
    /// Path of the lifetime in seconds.
    pub expires_in: Option<String>,
    /// Other answer fields kept: name → path.
    pub outputs: Vec<(String, String)>,
    /// Header carrying the token.
    pub header: String,
    /// Header value template with `{token}`.
    pub format: String,
}

/// An HTTP method.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Method {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT
    Put,
    /// PATCH
    Patch,
    /// DELETE
    Delete,
    /// HEAD
    Head,
    /// OPTIONS
    Options,
}

impl Method {
    /// Parses an upper- or lower-case method name.
    pub fn parse(text: &str) -> Option<Method> {
        Some(match text.to_ascii_uppercase().as_str() {
            "GET" => Method::Get,
            "POST" => Method::Post,
            "PUT" => Method::Put,
            "PATCH" => Method::Patch,
            "DELETE" => Method::Delete,
            "HEAD" => Method::Head,
            "OPTIONS" => Method::Options,
            _ => return None,
        })
    }

    /// The upper-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
            Method::Head => "HEAD",
            Method::Options => "OPTIONS",
        }
    }

    /// Whether repeating the request is harmless by HTTP's definition.
    pub fn is_idempotent(self) -> bool {
        !matches!(self, Method::Post | Method::Patch)
    }
}

/// A rate limit.
#[derive(Clone, Debug, PartialEq)]
pub struct Limit {
    /// Name as documented.
    pub name: String,
    /// Calls per period.
    pub calls: u64,
    /// Renewal period.
    pub period: Duration,
    /// The period as written (`60s`).
    pub period_text: String,
    /// Which calls count.
    pub scope: LimitScope,
    /// A parameter splitting the limit into one bucket per value.
    pub per_value_of: Option<String>,
    /// Description.
    pub description: Option<String>,
}

/// The calls a limit counts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LimitScope {
    /// Every call of a connection.
    Connection,
    /// Every trigger poll.
    Triggers,
    /// These actions.
    Actions(Vec<String>),
    /// These triggers.
    Trigger(Vec<String>),
    /// Actions with this rate label.
    Label(String),
}

/// A failure rule.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ErrorRule {
    /// Error body type.
    pub ty: Option<Type>,
    /// Path of the code.
    pub code: Option<String>,
    /// Path of the message.
    pub message: Option<String>,
    /// Path of detailed errors.
    pub details: Option<String>,
    /// Failure inside a 2xx answer.
    pub failure_when: Option<FailureRule>,
}

/// A failure inside a 2xx answer.
#[derive(Clone, Debug, PartialEq)]
pub struct FailureRule {
    /// Path of the result value.
    pub path: String,
    /// The value meaning success.
    pub success: String,
}

/// The XML envelope protocol.
#[derive(Clone, Debug, PartialEq)]
pub struct XmlProtocol {
    /// Prefix → URI.
    pub namespaces: Vec<(String, String)>,
    /// Request root element.
    pub request_root: String,
    /// Element path of the request body.
    pub request_body: Vec<String>,
    /// Answer root element.
    pub response_root: String,
    /// Element path of the answer body.
    pub response_body: Vec<String>,
    /// Prefixes declared on the request root.
    pub request_namespaces: Vec<String>,
}

/// A path, query or header parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    /// Where it travels.
    pub location: ParamLocation,
    /// The field (wire name, Rust name, type, docs).
    pub field: Field,
    /// Path encoding.
    pub url_encoding: Option<UrlEncoding>,
}

/// A request body.
#[derive(Clone, Debug, PartialEq)]
pub struct Body {
    /// Encoding.
    pub encoding: BodyEncoding,
    /// Type.
    pub ty: Type,
    /// Manifest parameter name.
    pub name: String,
    /// Required.
    pub required: bool,
    /// Short label.
    pub summary: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Labels of the body's schema itself (beside the parameter's own).
    pub schema_docs: Docs,
    /// Designer visibility of the body parameter.
    pub visibility: Option<Visibility>,
    /// `xsi:type` of an XML body.
    pub xml_type: Option<String>,
    /// Content type override.
    pub content_type: Option<String>,
}

/// A successful answer.
#[derive(Clone, Debug, PartialEq)]
pub struct Response {
    /// Status code.
    pub status: u16,
    /// Encoding.
    pub encoding: ResponseEncoding,
    /// Type; `None` for no body.
    pub ty: Option<Type>,
    /// Description.
    pub description: Option<String>,
    /// Headers worth reading.
    pub headers: Vec<Field>,
    /// Labels of the answer's schema itself.
    pub schema_docs: Docs,
    /// Expected `xsi:type` of an XML answer body.
    pub xml_type: Option<String>,
    /// Content type override.
    pub content_type: Option<String>,
}

/// Pagination.
#[derive(Clone, Debug, PartialEq)]
pub enum Pagination {
    /// Page numbers.
    PageNumber {
        /// Page parameter.
        param: String,
        /// First page number.
        first_page: u64,
        /// Page size parameter.
        size_param: Option<String>,
        /// Items in a full page.
        page_size: Option<u64>,
        /// Path of the page count.
        total_pages: Option<String>,
        /// Path of the items.
        items: Option<String>,
    },
    /// Offsets.
    Offset {
        /// Offset parameter.
        param: String,
        /// Limit parameter.
        limit_param: Option<String>,
        /// Path of the total.
        total: Option<String>,
        /// Path of the items.
        items: Option<String>,
    },
    /// Cursor tokens.
    Cursor {
        /// Token parameter.
        param: String,
        /// Path of the next token.
        next: String,
        /// Path of the items.
        items: Option<String>,
    },
    /// Next links.
    NextLink {
        /// Path of the next URL.
        next: String,
        /// Path of the items.
        items: Option<String>,
    },
    /// `Link` header.
    LinkHeader {
        /// Path of the items.
        items: Option<String>,
    },
}

impl Pagination {
    /// Path of the items array in each page.
    pub fn items(&self) -> Option<&str> {
        match self {
            Pagination::PageNumber { items, .. }
            | Pagination::Offset { items, .. }
            | Pagination::Cursor { items, .. }
            | Pagination::NextLink { items, .. }
            | Pagination::LinkHeader { items } => items.as_deref(),
        }
    }
}

/// An action.
#[derive(Clone, Debug, PartialEq)]
pub struct Action {
    /// The spec name (operationId).
    pub name: String,
    /// The Rust method name.
    pub rust_name: String,
    /// Summary.
    pub summary: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Method.
    pub method: Method,
    /// Path template relative to the base URL.
    pub path: Template,
    /// Parameters in source order.
    pub params: Vec<Param>,
    /// Body.
    pub body: Option<Body>,
    /// Answer.
    pub response: Response,
    /// Effective failure rule.
    pub errors: ErrorRule,
    /// Pagination.
    pub paginate: Option<Pagination>,
    /// Rate label.
    pub rate_label: Option<String>,
    /// OAuth scopes.
    pub scopes: Vec<String>,
    /// Safe to retry.
    pub idempotent: bool,
    /// Visibility.
    pub visibility: Option<Visibility>,
    /// Deprecated, as the spec says it (`None` when it does not).
    pub deprecated: Option<bool>,
    /// Tags.
    pub tags: Vec<String>,
    /// Indices into `Connector::limits` that count this action.
    pub limits: Vec<usize>,
    /// Vendor extensions.
    pub extensions: IndexMap<String, Value>,
}

/// A trigger.
#[derive(Clone, Debug, PartialEq)]
pub struct Trigger {
    /// The spec name (operationId).
    pub name: String,
    /// The Rust name.
    pub rust_name: String,
    /// Summary.
    pub summary: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Visibility.
    pub visibility: Option<Visibility>,
    /// User-set parameters.
    pub params: Vec<Param>,
    /// Poll or webhook.
    pub kind: TriggerKind,
    /// Deprecated, as the spec says it (`None` when it does not).
    pub deprecated: Option<bool>,
    /// Indices into `Connector::limits` that count this trigger's polls.
    pub limits: Vec<usize>,
    /// Vendor extensions.
    pub extensions: IndexMap<String, Value>,
}

/// How a trigger learns of events.
#[derive(Clone, Debug, PartialEq)]
// One per trigger, built once; boxing the poll would only add noise for the emitters.
#[allow(clippy::large_enum_variant)]
pub enum TriggerKind {
    /// By polling a listing.
    Poll(Poll),
    /// By a callback.
    Webhook(Webhook),
}

/// A polling trigger.
#[derive(Clone, Debug, PartialEq)]
pub struct Poll {
    /// What is polled.
    pub source: PollSource,
    /// Path of the items array in the answer.
    pub items: Option<String>,
    /// The items' type.
    pub item_type: Type,
    /// Identity field paths (composite when several).
    pub identity: Vec<String>,
    /// Cursor binding.
    pub cursor: Option<PollCursor>,
    /// Order of the listing.
    pub order: ItemOrder,
    /// Fixed or forwarded arguments for the listing.
    pub args: Vec<(String, Value)>,
    /// Each answer is one event (the answer is the item), not a list.
    pub single: bool,
}

impl Poll {
    /// The poll's arguments by name (the first of a name, as a scan finds it).
    pub fn args_by_name(&self) -> crate::fast_hash::Map<&str, &Value> {
        let mut by_name = crate::fast_hash::Map::default();
        for (name, value) in &self.args {
            by_name.entry(name.as_str()).or_insert(value);
        }
        by_name
    }
}

/// What a poll lists.
#[derive(Clone, Debug, PartialEq)]
// Built once per trigger; boxing the request would only add noise for the emitters.
#[allow(clippy::large_enum_variant)]
pub enum PollSource {
    /// An action (spec name).
    Action(String),
    /// A request of its own.
    Request {
        /// Method.
        method: Method,
        /// Path.
        path: Template,
        /// Body sent with every poll.
        body: Option<Body>,
        /// Answer.
        response: Response,
    },
}

/// A cursor bound to the newest item.
#[derive(Clone, Debug, PartialEq)]
pub struct PollCursor {
    /// Parameter receiving the cursor.
    pub param: String,
    /// Item field path that supplies it.
    pub from: String,
    /// First value.
    pub initial: Option<String>,
    /// The listing parameter receiving it, as declared (its type, label and whether it is
    /// required), when the spec declares one.
    pub declared: Option<Box<Param>>,
}

/// A webhook trigger.
#[derive(Clone, Debug, PartialEq)]
pub struct Webhook {
    /// Subscribe method.
    pub subscribe_method: Method,
    /// Subscribe path.
    pub subscribe_path: Template,
    /// Subscribe body.
    pub body: Option<Body>,
    /// Body field carrying the callback URL.
    pub notification_url: String,
    /// Where the subscription id is.
    pub subscription_id: SubscriptionId,
    /// Unsubscribe request.
    pub unsubscribe: Option<(Method, Template)>,
    /// Payload type.
    pub payload: Type,
    /// Labels of the payload's schema itself.
    pub payload_docs: Docs,
    /// Signature check.
    pub signature: Option<Signature>,
}

/// Where a subscription id is found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SubscriptionId {
    /// A path in the answer body.
    Body(String),
    /// A header of the answer.
    Header(String),
}

/// A webhook signature.
#[derive(Clone, Debug, PartialEq)]
pub struct Signature {
    /// Header carrying it.
    pub header: String,
    /// Algorithm.
    pub algorithm: SignatureAlgorithm,
    /// Connection parameter holding the secret.
    pub secret: String,
    /// Byte encoding.
    pub encoding: SignatureEncoding,
    /// Text before it.
    pub prefix: Option<String>,
}

/// A policy template instance.
#[derive(Clone, Debug, PartialEq)]
pub struct Policy {
    /// Template id.
    pub template: String,
    /// Title.
    pub title: Option<String>,
    /// Parameters.
    pub parameters: IndexMap<String, Value>,
}
