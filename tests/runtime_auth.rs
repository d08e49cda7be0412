//! The runtime's OAuth 2.0 grants against a loopback token endpoint: client credentials,
//! password and account credentials, a rejected token refreshed once, and secrets kept out of
//! `Debug` output.

use std::sync::Arc;

use connectors::runtime::auth::{OAuth2, OAuth2Credentials, OAuth2Flow, OAuth2Settings};
use connectors::runtime::{Client, ErrorRule, Method, Request, Secret, Service};
use serde_json::json;
use wiremock::matchers::{body_string_contains, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer, flow: OAuth2Flow, credentials: OAuth2Credentials) -> Client {
    let settings = OAuth2Settings {
        flow,
        token_url: format!("{}/token", server.uri()),
        refresh_url: None,
        scopes: vec!["read".into()],
        token_params: vec![("account_id".into(), "acc-7".into())],
    };
    Client::new(
        Service {
            base_url: server.uri(),
            errors: ErrorRule::default(),
            xml: None,
        },
        Arc::new(OAuth2::new(settings, credentials)),
    )
}

async fn token(server: &MockServer, grant: &str, access: &str) {
    Mock::given(method("POST"))
        .and(path("/token"))
        .and(body_string_contains(format!("grant_type={grant}")))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({ "access_token": access, "expires_in": 3600 })),
        )
        .mount(server)
        .await;
}

async fn resource(server: &MockServer, access: &str, status: u16) {
    Mock::given(method("GET"))
        .and(path("/thing"))
        .and(header("Authorization", format!("Bearer {access}")))
        .respond_with(ResponseTemplate::new(status).set_body_json(json!({ "ok": true })))
        .mount(server)
        .await;
}

async fn get(client: &Client) -> Result<serde_json::Value, connectors::runtime::Error> {
    client
        .send(Request::new(Method::Get, "/thing".into()))
        .await?
        .json()
}

#[tokio::test]
async fn client_credentials_password_and_account_grants() {
    for (flow, grant, extra) in [
        (
            OAuth2Flow::ClientCredentials,
            "client_credentials",
            "scope=read",
        ),
        (OAuth2Flow::Password, "password", "username=ada"),
        (
            OAuth2Flow::AccountCredentials,
            "account_credentials",
            "account_id=acc-7",
        ),
    ] {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/token"))
            .and(body_string_contains(format!("grant_type={grant}")))
            .and(body_string_contains(extra))
            .respond_with(
                ResponseTemplate::new(200).set_body_json(json!({ "access_token": "t-1" })),
            )
            .expect(1)
            .mount(&server)
            .await;
        resource(&server, "t-1", 200).await;
        let credentials = OAuth2Credentials::new("app", Secret::new("app-secret"))
            .with_password("ada", Secret::new("pw"));
        let client = client(&server, flow, credentials);
        assert_eq!(get(&client).await.unwrap(), json!({ "ok": true }));
        assert_eq!(get(&client).await.unwrap(), json!({ "ok": true }));
    }
}

#[tokio::test]
async fn a_rejected_token_is_refreshed_once() {
    let server = MockServer::start().await;
    resource(&server, "tok-stale-123", 401).await;
    token(&server, "refresh_token", "tok-fresh-456").await;
    resource(&server, "tok-fresh-456", 200).await;
    let credentials = OAuth2Credentials::new("app", Secret::new("app-secret")).with_tokens(
        Some(Secret::new("tok-stale-123")),
        Some(Secret::new("rt-789")),
    );
    let client = client(&server, OAuth2Flow::AuthorizationCode, credentials);
    assert_eq!(get(&client).await.unwrap(), json!({ "ok": true }));
    let printed = format!("{client:?}");
    for secret in ["app-secret", "tok-stale-123", "tok-fresh-456", "rt-789"] {
        assert!(!printed.contains(secret), "{secret} leaked: {printed}");
    }
}
