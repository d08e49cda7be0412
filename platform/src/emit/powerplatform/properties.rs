//! `apiProperties.json`: connection parameters, OAuth settings, brand colour, capabilities and
//! the policy template instances the connector needs.

use indexmap::IndexMap;
use serde::Serialize;
use serde_json::{json, Value};

pub use super::connection_keys::{
    oauth_setting_default, parameter_key, CLIENT_ID_PLACEHOLDER, REDIRECT_URL,
};
use super::credentials::credential_header;
use super::operations::Operations;
use super::routes::{render, Base};
use super::schema::summary_of;
use crate::ir::{Auth, Connector, Field, KeyLocation, OAuth2, ScalarKind, Type};

/// The colour used when the spec names none.
pub const DEFAULT_BRAND_COLOR: &str = "#007ee5";

/// The `apiProperties.json` document.
#[derive(Clone, Debug, Serialize)]
pub struct ApiProperties {
    /// Everything sits under `properties`.
    pub properties: Properties,
}

/// `properties`.
#[derive(Clone, Debug, Serialize)]
pub struct Properties {
    /// What users enter when they create a connection.
    #[serde(rename = "connectionParameters")]
    pub connection_parameters: IndexMap<String, ConnectionEntry>,
    /// Icon background colour.
    #[serde(rename = "iconBrandColor")]
    pub icon_brand_color: String,
    /// Capabilities (`actions`, `triggers`).
    pub capabilities: Vec<String>,
    /// Publisher.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// Owner of the backend.
    #[serde(rename = "stackOwner", skip_serializing_if = "Option::is_none")]
    pub stack_owner: Option<String>,
    /// Policies applied by the platform.
    #[serde(
        rename = "policyTemplateInstances",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub policy_template_instances: Vec<PolicyInstance>,
    /// Operations handled by `script.csx`.
    #[serde(rename = "scriptOperations", skip_serializing_if = "Vec::is_empty")]
    pub script_operations: Vec<String>,
    /// Alternative sets of connection parameters, kept as written (imported connectors).
    #[serde(
        rename = "connectionParameterSets",
        skip_serializing_if = "Option::is_none"
    )]
    pub connection_parameter_sets: Option<Value>,
}

/// An entry of `connectionParameters`.
#[derive(Clone, Debug, Serialize)]
#[serde(untagged)]
pub enum ConnectionEntry {
    /// A parameter the user fills in (or the OAuth setting).
    Parameter(Box<ConnectionParameter>),
    /// The `token:TenantId` claim of Azure AD connectors, in the platform's fixed form.
    TenantClaim(TenantClaim),
}

/// The `token:TenantId` claim: the platform fills it from the signed-in user's tenant.
#[derive(Clone, Debug, Serialize)]
pub struct TenantClaim {
    /// `string`.
    #[serde(rename = "type")]
    pub ty: String,
    /// `{"sourceType": "AzureActiveDirectoryTenant"}`.
    pub metadata: IndexMap<String, String>,
    /// Fixed label, description and hidden constraints.
    #[serde(rename = "uiDefinition")]
    pub ui_definition: IndexMap<String, Value>,
}

/// The key of the tenant claim.
pub const TENANT_CLAIM: &str = "token:TenantId";

fn tenant_claim() -> TenantClaim {
    TenantClaim {
        ty: "string".into(),
        metadata: [(
            "sourceType".to_owned(),
            "AzureActiveDirectoryTenant".to_owned(),
        )]
        .into_iter()
        .collect(),
        ui_definition: [
            ("displayName".to_owned(), json!("Tenant")),
            (
                "description".to_owned(),
                json!("The tenant ID of for the Azure Active Directory application"),
            ),
            (
                "constraints".to_owned(),
                json!({ "hidden": "true", "required": "false" }),
            ),
        ]
        .into_iter()
        .collect(),
    }
}

/// A connection parameter.
#[derive(Clone, Debug, Serialize)]
pub struct ConnectionParameter {
    /// `string`, `securestring`, `int`, `bool` or `oauthSetting`.
    #[serde(rename = "type")]
    pub ty: String,
    /// OAuth settings.
    #[serde(rename = "oAuthSettings", skip_serializing_if = "Option::is_none")]
    pub oauth_settings: Option<OAuthSettings>,
    /// Allowed values of an enum.
    #[serde(rename = "allowedValues", skip_serializing_if = "Vec::is_empty")]
    pub allowed_values: Vec<AllowedValue>,
    /// Default.
    #[serde(rename = "defaultValue", skip_serializing_if = "Option::is_none")]
    pub default_value: Option<String>,
    /// How the portal shows it.
    #[serde(rename = "uiDefinition", skip_serializing_if = "Option::is_none")]
    pub ui_definition: Option<UiDefinition>,
}

/// An allowed value of a connection parameter.
#[derive(Clone, Debug, Serialize)]
pub struct AllowedValue {
    /// The value.
    pub value: String,
}

/// `uiDefinition`.
#[derive(Clone, Debug, Serialize)]
pub struct UiDefinition {
    /// Label.
    #[serde(rename = "displayName")]
    pub display_name: String,
    /// Description.
    pub description: String,
    /// Tooltip.
    pub tooltip: String,
    /// Constraints.
    pub constraints: UiConstraints,
}

/// `uiDefinition.constraints`.
#[derive(Clone, Debug, Serialize)]
pub struct UiConstraints {
    /// `"true"` or `"false"`.
    pub required: String,
    /// Whether the value is shown while typed.
    #[serde(rename = "clearText", skip_serializing_if = "Option::is_none")]
    pub clear_text: Option<bool>,
    /// Position in the dialog.
    #[serde(rename = "tabIndex")]
    pub tab_index: i64,
}

/// `oAuthSettings`.
#[derive(Clone, Debug, Serialize)]
pub struct OAuthSettings {
    /// `oauth2`, `aad`, `github`, ….
    #[serde(rename = "identityProvider")]
    pub identity_provider: String,
    /// The application's client id (the admin fills it in on import); an imported connector's
    /// blank or null id is kept as written.
    #[serde(rename = "clientId")]
    pub client_id: Value,
    /// Scopes.
    pub scopes: Vec<String>,
    /// `Global`.
    #[serde(rename = "redirectMode")]
    pub redirect_mode: String,
    /// The platform's consent redirect.
    #[serde(rename = "redirectUrl")]
    pub redirect_url: String,
    /// First-party flag and provider properties.
    pub properties: IndexMap<String, Value>,
    /// Authorization, token and refresh URLs (for `oauth2`), or provider settings.
    #[serde(rename = "customParameters")]
    pub custom_parameters: IndexMap<String, Value>,
    /// Other settings kept as written.
    #[serde(flatten)]
    pub extra: IndexMap<String, Value>,
}

/// A policy template instance.
#[derive(Clone, Debug, Serialize)]
pub struct PolicyInstance {
    /// Template id.
    #[serde(rename = "templateId")]
    pub template_id: String,
    /// Title, unique in the connector.
    pub title: String,
    /// `PollingTrigger` for polling policies.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub ty: Option<String>,
    /// Template parameters.
    pub parameters: IndexMap<String, Value>,
}

/// Builds `apiProperties.json`.
pub fn api_properties(
    connector: &Connector,
    base: &Base,
    operations: &Operations,
    script_operations: Vec<String>,
) -> ApiProperties {
    let mut capabilities = Vec::new();
    if !connector.actions.is_empty() {
        capabilities.push("actions".to_owned());
    }
    if !connector.triggers.is_empty() {
        capabilities.push("triggers".to_owned());
    }
    ApiProperties {
        properties: Properties {
            connection_parameters: connection_parameters(connector),
            icon_brand_color: connector
                .metadata
                .brand_color
                .clone()
                .unwrap_or_else(|| DEFAULT_BRAND_COLOR.into()),
            capabilities,
            publisher: connector.metadata.publisher.clone(),
            stack_owner: connector.metadata.publisher.clone(),
            policy_template_instances: policies(connector, base, operations),
            script_operations: if script_operations.is_empty() {
                kept_script_operations(connector)
            } else {
                script_operations
            },
            connection_parameter_sets: connector.extensions.get("connectionParameterSets").cloned(),
        },
    }
}

fn connection_parameters(connector: &Connector) -> IndexMap<String, ConnectionEntry> {
    let mut out = IndexMap::new();
    let mut renamed: IndexMap<&str, &str> = IndexMap::new();
    match &connector.auth {
        Auth::OAuth2(oauth) => {
            out.insert("token".to_owned(), oauth_parameter(oauth));
        }
        Auth::Basic { username, password } => {
            renamed.insert(username.as_str(), "username");
            renamed.insert(password.as_str(), "password");
        }
        _ => {}
    }
    for (index, field) in connector.connection.iter().enumerate() {
        let key = renamed
            .get(field.wire_name.as_str())
            .map(|k| (*k).to_owned())
            .unwrap_or_else(|| parameter_key(&field.wire_name));
        let entry = if key == TENANT_CLAIM {
            ConnectionEntry::TenantClaim(tenant_claim())
        } else {
            ConnectionEntry::Parameter(Box::new(connection_parameter(connector, field, index)))
        };
        out.insert(key, entry);
    }
    out
}

/// The `oauthSetting` connection parameter (`token`).
fn oauth_parameter(oauth: &OAuth2) -> ConnectionEntry {
    let properties: IndexMap<String, Value> = match oauth.extensions.get("properties") {
        Some(Value::Object(map)) => map.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
        _ => match oauth_setting_default("properties") {
            Some(Value::Object(map)) => map.into_iter().collect(),
            _ => IndexMap::new(),
        },
    };
    let extra: IndexMap<String, Value> = oauth
        .extensions
        .iter()
        .filter(|(k, _)| {
            !matches!(
                k.as_str(),
                "identityProvider"
                    | "clientId"
                    | "scopes"
                    | "redirectMode"
                    | "redirectUrl"
                    | "properties"
                    | "customParameters"
            )
        })
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let redirect_mode = oauth
        .extensions
        .get("redirectMode")
        .and_then(Value::as_str)
        .unwrap_or("Global")
        .to_owned();
    ConnectionEntry::Parameter(Box::new(ConnectionParameter {
        ty: "oauthSetting".into(),
        oauth_settings: Some(OAuthSettings {
            identity_provider: oauth.identity_provider.clone(),
            client_id: oauth
                .client_id
                .clone()
                .map(Value::String)
                .or_else(|| oauth.extensions.get("clientId").cloned())
                .unwrap_or_else(|| json!(CLIENT_ID_PLACEHOLDER)),
            scopes: oauth.scopes.clone(),
            redirect_mode,
            redirect_url: oauth
                .extensions
                .get("redirectUrl")
                .and_then(Value::as_str)
                .unwrap_or(REDIRECT_URL)
                .into(),
            properties,
            custom_parameters: oauth_custom_parameters(oauth),
            extra,
        }),
        allowed_values: Vec::new(),
        default_value: None,
        ui_definition: None,
    }))
}

/// The OAuth settings' `customParameters`: the endpoint URLs (for the generic `oauth2`
/// provider), then those kept as written.
fn oauth_custom_parameters(oauth: &OAuth2) -> IndexMap<String, Value> {
    let mut custom = IndexMap::new();
    if oauth.identity_provider == "oauth2" {
        if let Some(url) = &oauth.authorization_url {
            custom.insert("authorizationUrl".to_owned(), json!({ "value": url }));
        }
        custom.insert("tokenUrl".to_owned(), json!({ "value": oauth.token_url }));
        custom.insert(
            "refreshUrl".to_owned(),
            json!({ "value": oauth.refresh_url.clone().unwrap_or_else(|| oauth.token_url.clone()) }),
        );
    }
    if let Some(Value::Object(map)) = oauth.extensions.get("customParameters") {
        kept_custom_parameters(&mut custom, map);
    }
    custom
}

fn connection_parameter(connector: &Connector, field: &Field, index: usize) -> ConnectionParameter {
    let resolved = connector.resolve(&field.ty);
    let ty = if field.secret {
        "securestring"
    } else {
        match resolved {
            Type::Scalar(s) if s.kind == ScalarKind::Integer => "int",
            Type::Scalar(s) if s.kind == ScalarKind::Boolean => "bool",
            _ => "string",
        }
    };
    let allowed_values = match resolved {
        Type::Enum(e) => e
            .values
            .iter()
            .map(|v| AllowedValue {
                value: value_text(&v.value),
            })
            .collect(),
        _ => Vec::new(),
    };
    let label = summary_of(field);
    ConnectionParameter {
        ty: ty.into(),
        oauth_settings: None,
        allowed_values,
        default_value: field.default.as_ref().map(value_text),
        ui_definition: Some(UiDefinition {
            display_name: label.clone(),
            description: field.description.clone().unwrap_or_else(|| label.clone()),
            tooltip: format!("Provide the {}", label.to_lowercase()),
            constraints: UiConstraints {
                required: if field.required { "true" } else { "false" }.into(),
                clear_text: field.secret.then_some(false),
                tab_index: index as i64 + 2,
            },
        }),
    }
}

/// Adds the custom parameters kept as written to the derived ones: a kept key that differs from
/// a derived one only in case, with the same value, replaces it (the spelling as written).
fn kept_custom_parameters(
    custom: &mut IndexMap<String, Value>,
    kept: &serde_json::Map<String, Value>,
) {
    for (key, value) in kept {
        let twin = custom
            .keys()
            .find(|k| *k != key && k.eq_ignore_ascii_case(key))
            .cloned();
        match twin {
            Some(twin) if custom.get(&twin) == Some(value) => {
                custom.shift_remove(&twin);
                custom.insert(key.clone(), value.clone());
            }
            Some(_) => {}
            None => {
                custom.entry(key.clone()).or_insert_with(|| value.clone());
            }
        }
    }
}

fn value_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn instance(template: &str, title: String, parameters: IndexMap<String, Value>) -> PolicyInstance {
    PolicyInstance {
        template_id: template.into(),
        title,
        ty: None,
        parameters,
    }
}

fn set_header(name: &str, value: String, title: String) -> PolicyInstance {
    let mut p = IndexMap::new();
    p.insert("x-ms-apimTemplateParameter.name".into(), json!(name));
    p.insert("x-ms-apimTemplateParameter.value".into(), json!(value));
    p.insert(
        "x-ms-apimTemplateParameter.existsAction".into(),
        json!("override"),
    );
    p.insert("x-ms-apimTemplate-policySection".into(), json!("Request"));
    instance("setheader", title, p)
}

fn connection_value(name: &str) -> String {
    format!("@connectionParameters('{}')", parameter_key(name))
}

fn policies(connector: &Connector, base: &Base, operations: &Operations) -> Vec<PolicyInstance> {
    let mut out = Vec::new();
    if let Some(template) = &base.dynamic_template {
        let mut p = IndexMap::new();
        p.insert(
            "x-ms-apimTemplateParameter.urlTemplate".into(),
            json!(template),
        );
        out.push(instance("dynamichosturl", "Set the host URL".into(), p));
    }
    auth_policies(&connector.auth, &mut out);
    for (name, template) in &connector.headers {
        let value = render(template, connection_value);
        out.push(set_header(name, value, format!("Send the {name} header")));
    }
    operation_policies(operations, &mut out);
    for policy in &connector.policies {
        out.push(PolicyInstance {
            template_id: policy.template.clone(),
            title: policy
                .title
                .clone()
                .unwrap_or_else(|| policy.template.clone()),
            ty: None,
            parameters: policy.parameters.clone().into_iter().collect(),
        });
    }
    out
}

/// The policies that send the credentials: an API key in a header or the query, a bearer
/// token, or login and XML credentials passed to the custom code as headers.
fn auth_policies(auth: &Auth, out: &mut Vec<PolicyInstance>) {
    match auth {
        Auth::ApiKey {
            name,
            location,
            key,
            prefix,
            scheme: None,
        } => {
            let value = format!(
                "{}{}",
                prefix.as_deref().unwrap_or(""),
                connection_value(key)
            );
            match location {
                KeyLocation::Header => {
                    out.push(set_header(name, value, format!("Send the {name} header")))
                }
                KeyLocation::Query => {
                    let mut p = IndexMap::new();
                    p.insert("x-ms-apimTemplateParameter.name".into(), json!(name));
                    p.insert("x-ms-apimTemplateParameter.value".into(), json!(value));
                    p.insert(
                        "x-ms-apimTemplateParameter.existsAction".into(),
                        json!("override"),
                    );
                    out.push(instance(
                        "setqueryparameter",
                        format!("Send the {name} query parameter"),
                        p,
                    ));
                }
            }
        }
        Auth::Bearer { token } => out.push(set_header(
            "Authorization",
            format!("Bearer {}", connection_value(token)),
            "Send the bearer token".into(),
        )),
        Auth::Login(login) => {
            for param in super::login::login_parameters(login) {
                let header = credential_header(&param);
                let title = format!("Pass {param} to the custom code");
                out.push(set_header(&header, connection_value(&param), title));
            }
        }
        Auth::XmlCredentials { fields, .. } => {
            for (element, param) in fields {
                let header = credential_header(element);
                let title = format!("Pass {element} to the custom code");
                out.push(set_header(&header, connection_value(param), title));
            }
        }
        _ => {}
    }
}

/// The route rewrites and polling triggers the operations need.
fn operation_policies(operations: &Operations, out: &mut Vec<PolicyInstance>) {
    for rewrite in &operations.routes {
        let mut p = IndexMap::new();
        p.insert(
            "x-ms-apimTemplate-operationName".into(),
            json!([rewrite.operation_id]),
        );
        p.insert(
            "x-ms-apimTemplateParameter.newPath".into(),
            json!(rewrite.backend),
        );
        out.push(instance(
            "routerequesttoendpoint",
            format!("Route {}", rewrite.operation_id),
            p,
        ));
    }
    for poll in &operations.polls {
        let mut p = IndexMap::new();
        p.insert(
            "x-ms-apimTemplate-operationName".into(),
            json!([poll.operation_id]),
        );
        p.insert(
            "x-ms-apimTemplateParameter.triggerConfig".into(),
            json!(poll.trigger_config),
        );
        p.insert(
            "x-ms-apimTemplateParameter.triggerDataPath".into(),
            json!(poll.data_path),
        );
        out.push(PolicyInstance {
            template_id: "pollingtrigger".into(),
            title: format!("Poll {}", poll.operation_id),
            ty: Some("PollingTrigger".into()),
            parameters: p,
        });
    }
}

/// `scriptOperations` kept from an imported connector's extensions.
fn kept_script_operations(connector: &Connector) -> Vec<String> {
    connector
        .extensions
        .get("scriptOperations")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}
