//! The whole `apiDefinition.swagger.json`: info, host, security, operations and definitions.

use indexmap::IndexMap;

use super::operations::Operations;
use super::routes::Base;
use super::schema::Schemas;
use super::swagger::{
    extra_extensions, Contact, Info, KeyIn, MetadataEntry, OAuthFlow, SecurityScheme, SecurityType,
    Swagger, Tag, ROOT_KEYS,
};
use crate::ir::{Auth, Connector, KeyLocation, OAuth2Flow};

/// The name of the OAuth security definition.
pub const OAUTH_SCHEME: &str = "oauth2_auth";
/// The name of the basic-auth security definition.
pub const BASIC_SCHEME: &str = "basic_auth";

/// Builds the Swagger document around the built `operations` (their path items move in).
pub fn swagger(connector: &Connector, base: &Base, operations: Operations) -> Swagger {
    let (security_definitions, security) = security(&connector.auth);
    let tags = connector.tag_names();
    Swagger {
        swagger: "2.0".into(),
        info: Info {
            title: connector.title.clone(),
            description: if super::kept::description_as_written(connector) {
                connector.description.clone()
            } else {
                connector.description.as_deref().map(short_description)
            },
            version: connector.version.clone().unwrap_or_else(|| "1.0".into()),
            contact: contact(connector),
        },
        host: base.host.clone(),
        base_path: base.base_path.clone(),
        schemes: vec![base.scheme.clone()],
        consumes: Vec::new(),
        produces: vec!["application/json".into()],
        paths: operations.paths,
        definitions: Schemas::new(connector).definitions(),
        parameters: IndexMap::new(),
        responses: IndexMap::new(),
        security_definitions,
        security,
        tags: tags.into_iter().map(|name| Tag { name }).collect(),
        connector_metadata: metadata(connector),
        extensions: extra_extensions(&connector.extensions, ROOT_KEYS),
    }
}

fn contact(connector: &Connector) -> Option<Contact> {
    let m = &connector.metadata;
    if m.contact.is_none() && m.publisher.is_none() {
        return None;
    }
    let (url, email) = match &m.contact {
        Some(c) if c.contains('@') && !c.contains("://") => (None, Some(c.clone())),
        Some(c) => (Some(c.clone()), None),
        None => (None, None),
    };
    Some(Contact {
        name: m.publisher.clone(),
        url,
        email,
    })
}

/// `x-ms-connector-metadata`: Website, Privacy policy, Categories.
fn metadata(connector: &Connector) -> Vec<MetadataEntry> {
    let m = &connector.metadata;
    let mut out = Vec::new();
    let mut push = |name: &str, value: Option<String>| {
        if let Some(value) = value {
            out.push(MetadataEntry {
                property_name: name.into(),
                property_value: value,
            });
        }
    };
    push("Website", m.website.clone());
    push("Privacy policy", m.privacy_policy.clone());
    push(
        "Categories",
        (!m.categories.is_empty()).then(|| m.categories.join(";")),
    );
    out
}

type SecurityDefinitions = IndexMap<String, SecurityScheme>;
type SecurityRequirements = Vec<IndexMap<String, Vec<String>>>;

/// Security definitions and requirements. Keys and tokens the user supplies are set by policies
/// (see `properties`), so only OAuth and basic authentication appear here.
fn security(auth: &Auth) -> (SecurityDefinitions, SecurityRequirements) {
    let mut definitions = IndexMap::new();
    let mut requirement = IndexMap::new();
    match auth {
        Auth::OAuth2(oauth) => {
            let flow = match oauth.flow {
                OAuth2Flow::AuthorizationCode => OAuthFlow::AccessCode,
                OAuth2Flow::ClientCredentials | OAuth2Flow::AccountCredentials => {
                    OAuthFlow::Application
                }
                OAuth2Flow::Password => OAuthFlow::Password,
                OAuth2Flow::Implicit => OAuthFlow::Implicit,
            };
            let authorization_url = matches!(flow, OAuthFlow::AccessCode | OAuthFlow::Implicit)
                .then(|| {
                    oauth
                        .authorization_url
                        .clone()
                        .unwrap_or_else(|| oauth.token_url.clone())
                });
            let token_url = (flow != OAuthFlow::Implicit).then(|| oauth.token_url.clone());
            definitions.insert(
                OAUTH_SCHEME.to_owned(),
                SecurityScheme {
                    flow: Some(flow),
                    authorization_url,
                    token_url,
                    scopes: Some(
                        oauth
                            .scopes
                            .iter()
                            .map(|s| (s.clone(), s.clone()))
                            .collect(),
                    ),
                    ..SecurityScheme::of(SecurityType::OAuth2)
                },
            );
            requirement.insert(OAUTH_SCHEME.to_owned(), oauth.scopes.clone());
        }
        Auth::ApiKey {
            name,
            location,
            scheme: Some(scheme),
            ..
        } => {
            let location = match location {
                KeyLocation::Header => KeyIn::Header,
                KeyLocation::Query => KeyIn::Query,
            };
            definitions.insert(
                scheme.clone(),
                SecurityScheme {
                    name: Some(name.clone()),
                    location: Some(location),
                    ..SecurityScheme::of(SecurityType::ApiKey)
                },
            );
            requirement.insert(scheme.clone(), Vec::new());
        }
        Auth::Basic { .. } => {
            definitions.insert(
                BASIC_SCHEME.to_owned(),
                SecurityScheme::of(SecurityType::Basic),
            );
            requirement.insert(BASIC_SCHEME.to_owned(), Vec::new());
        }
        _ => {}
    }
    let security = if requirement.is_empty() {
        Vec::new()
    } else {
        vec![requirement]
    };
    (definitions, security)
}

pub use crate::powerplatform::metadata::MAX_DESCRIPTION;

/// The description cut at a sentence end to at most [`MAX_DESCRIPTION`] characters (the README
/// keeps the whole text).
pub fn short_description(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= MAX_DESCRIPTION {
        return text;
    }
    let mut out = String::new();
    for sentence in text.split_inclusive(". ") {
        if out.chars().count() + sentence.chars().count() > MAX_DESCRIPTION {
            break;
        }
        out.push_str(sentence);
    }
    if out.is_empty() {
        out = text.chars().take(MAX_DESCRIPTION - 1).collect();
        out.push('…');
    }
    out.trim_end().to_owned()
}
