//! Names and defaults of `apiProperties.json`'s connection parameters that both the properties
//! emitter and the kept-as-written writer (`kept.rs`) use: the key a parameter gets and what
//! `oAuthSettings` says when the spec does not.

use serde_json::{json, Value};

/// The client id placeholder written into `oAuthSettings`.
pub const CLIENT_ID_PLACEHOLDER: &str = "YOUR_CLIENT_ID";

/// The platform's consent redirect, the `redirectUrl` written when the spec gives none.
pub const REDIRECT_URL: &str = "https://global.consent.azure-apim.net/redirect";

/// What the emitter writes for an `oAuthSettings` key the spec does not give (`clientId`,
/// `redirectUrl`, `properties`).
pub fn oauth_setting_default(key: &str) -> Option<Value> {
    match key {
        "clientId" => Some(json!(CLIENT_ID_PLACEHOLDER)),
        "redirectUrl" => Some(json!(REDIRECT_URL)),
        "properties" => Some(json!({"IsFirstParty": "False"})),
        _ => None,
    }
}

/// A connection parameter key the platform accepts (letters, digits, `_`, and `:` for the
/// `token:…` form).
pub fn parameter_key(name: &str) -> String {
    let key: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == ':' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if key.is_empty() {
        "parameter".into()
    } else {
        key
    }
}
