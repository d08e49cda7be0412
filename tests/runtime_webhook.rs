//! Webhook subscriptions against a loopback server: the notification URL goes into the body
//! field the spec names, the subscription id is read from the body or the `Location` header,
//! unsubscribing deletes it, and signed notifications are checked.

use std::sync::Arc;

use connectors::runtime::auth::NoAuth;
use connectors::runtime::webhook::{
    receive, subscribe, unsubscribe, HmacAlgorithm, SignatureCheck, SignatureEncoding,
    SubscriptionIdAt,
};
use connectors::runtime::{Client, ErrorRule, Method, Request, Service};
use reqwest::header::{HeaderMap, HeaderValue};
use serde::Deserialize;
use serde_json::json;
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::new(
        Service {
            base_url: server.uri(),
            errors: ErrorRule::default(),
            xml: None,
        },
        Arc::new(NoAuth),
    )
}

#[tokio::test]
async fn subscribe_with_the_id_in_the_body_then_unsubscribe() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/webhooks"))
        .and(body_json(json!({
            "events": ["registrant.added"],
            "target": {"url": "https://hooks.example/in"}
        })))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"data": {"id": "wh 1"}})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/webhooks/wh%201"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let subscription = subscribe(
        &client,
        Request::new(Method::Post, "/webhooks".into()),
        &json!({"events": ["registrant.added"]}),
        "target.url",
        "https://hooks.example/in",
        SubscriptionIdAt::Body("data.id"),
    )
    .await
    .unwrap();
    assert_eq!(subscription.id, "wh 1");
    let request = Request::new(Method::Delete, subscription.path("/webhooks/{id}"));
    unsubscribe(&client, request).await.unwrap();
    // Gone already: still done.
    let request = Request::new(Method::Delete, "/webhooks/unknown".into());
    unsubscribe(&client, request).await.unwrap();
}

#[tokio::test]
async fn subscribe_with_the_id_in_the_location_header() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/subscriptions"))
        .and(body_json(
            json!({"callbackUrl": "https://hooks.example/in"}),
        ))
        .respond_with(ResponseTemplate::new(201).insert_header(
            "Location",
            format!("{}/subscriptions/s-42", server.uri()).as_str(),
        ))
        .mount(&server)
        .await;
    let subscription = subscribe(
        &client(&server),
        Request::new(Method::Post, "/subscriptions".into()),
        &json!({}),
        "callbackUrl",
        "https://hooks.example/in",
        SubscriptionIdAt::Header("Location"),
    )
    .await
    .unwrap();
    assert_eq!(subscription.id, "s-42");
    assert!(subscription
        .location
        .unwrap()
        .ends_with("/subscriptions/s-42"));
}

#[derive(Debug, Deserialize, PartialEq)]
struct Payload {
    event: String,
    #[serde(rename = "registrantKey")]
    registrant_key: String,
}

#[test]
fn signed_notifications_are_checked_then_typed() {
    let check = SignatureCheck {
        header: "x-signature",
        algorithm: HmacAlgorithm::Sha256,
        encoding: SignatureEncoding::Base64,
        prefix: Some("v1="),
    };
    let body = br#"{"event":"registrant.added","registrantKey":"r9"}"#;
    let mut headers = HeaderMap::new();
    headers.insert(
        "x-signature",
        HeaderValue::from_str(&check.sign(b"secret", body)).unwrap(),
    );
    let payload: Payload = receive(Some((&check, b"secret")), &headers, body).unwrap();
    assert_eq!(payload.registrant_key, "r9");
    let tampered = br#"{"event":"registrant.added","registrantKey":"r0"}"#;
    assert!(receive::<Payload>(Some((&check, b"secret")), &headers, tampered).is_err());
    // No signature declared: only decoded.
    let unsigned: Payload = receive(None, &HeaderMap::new(), body).unwrap();
    assert_eq!(unsigned, payload);
}
