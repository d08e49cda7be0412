//! What an error keeps of a failed answer, against loopback servers: a server that echoes the
//! request (its headers, query and the key inside them, in every encoding) gets its echo back
//! with every credential masked, in the body, the message, the code, `Display` and `Debug`; a
//! 20 MB error body is kept to the limit, and the error says how much was cut; a decoding error
//! of a successful answer does not quote a credential either.

use std::sync::Arc;

use connectors::runtime::auth::{ApiKey, Authenticator, Basic, Bearer, KeyLocation};
use connectors::runtime::{
    Client, Error, ErrorRule, Method, Request, RetryConfig, Secret, Service,
    DEFAULT_ERROR_BODY_LIMIT,
};
use serde_json::{json, Value};
use wiremock::{Mock, MockServer, Request as Seen, Respond, ResponseTemplate};

/// The key, with characters that change under percent- and JSON-encoding.
const KEY: &str = "k3y/with+odd=chars\"and-more";

/// Answers 400 with the request echoed: its URL (the query with the key percent-encoded), its
/// headers, and the key decoded from them.
struct Echo;

impl Respond for Echo {
    fn respond(&self, request: &Seen) -> ResponseTemplate {
        let headers: serde_json::Map<String, Value> = request
            .headers
            .iter()
            .map(|(name, value)| {
                (
                    name.to_string(),
                    Value::String(value.to_str().unwrap_or("").to_owned()),
                )
            })
            .collect();
        let query: serde_json::Map<String, Value> = request
            .url
            .query_pairs()
            .map(|(name, value)| (name.into_owned(), Value::String(value.into_owned())))
            .collect();
        let authorization = request
            .headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        ResponseTemplate::new(400).set_body_json(json!({
            "code": authorization,
            "message": format!("cannot serve {}", request.url),
            "details": [{"field": "key", "message": format!("bad key {query:?}")}],
            "request": {"headers": headers, "query": query},
        }))
    }
}

async fn echo_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(Echo)
        .mount(&server)
        .await;
    server
}

fn client(server: &MockServer, auth: impl Authenticator + 'static) -> Client {
    let mut client = Client::new(
        Service {
            base_url: server.uri(),
            errors: ErrorRule {
                details: Some("details"),
                ..ErrorRule::default()
            },
            xml: None,
        },
        Arc::new(auth),
    );
    client.set_retry_config(RetryConfig::disabled());
    client
}

/// Every form of the key a server could echo.
fn forms(secret: &str) -> Vec<String> {
    let json = Value::String(secret.to_owned()).to_string();
    vec![
        secret.to_owned(),
        form_urlencoded::byte_serialize(secret.as_bytes()).collect(),
        json[1..json.len() - 1].to_owned(),
    ]
}

fn assert_masked(error: &Error, secret: &str) {
    let Error::Api {
        code,
        message,
        details,
        body,
        ..
    } = error
    else {
        panic!("expected an API error, got {error:?}");
    };
    assert!(body.contains("***"), "nothing was masked in {body}");
    let shown = [
        format!("{error}"),
        format!("{error:?}"),
        body.clone(),
        message.clone(),
        code.clone().unwrap_or_default(),
        details.join("\n"),
    ];
    for text in shown {
        for form in forms(secret) {
            assert!(!text.contains(&form), "`{form}` leaked into {text}");
        }
    }
}

async fn fail(client: &Client) -> Error {
    let mut request = Request::new(Method::Get, "/meetings".into());
    request
        .query("topic", "weekly", connectors::runtime::ArrayStyle::Csv)
        .unwrap();
    client.send(request).await.expect_err("the server refuses")
}

#[tokio::test]
async fn an_echoed_api_key_is_masked_in_every_form() {
    let server = echo_server().await;
    // In the query.
    let error = fail(&client(
        &server,
        ApiKey::new(KeyLocation::Query, "api_key", Secret::new(KEY)),
    ))
    .await;
    assert_masked(&error, KEY);
    // The rest of the echo is still there to read.
    let Error::Api { body, .. } = &error else {
        unreachable!()
    };
    assert!(body.contains("weekly"), "{body}");
    // In a header, behind a prefix.
    let error = fail(&client(
        &server,
        ApiKey::new(
            KeyLocation::Header,
            "Authorization",
            Secret::new(format!("Token {KEY}")),
        ),
    ))
    .await;
    assert_masked(&error, KEY);
}

/// A secret sent outside the authentication (a secret connection parameter in a header) is
/// masked once the client knows it, as generated clients tell it about every secret
/// connection parameter.
#[tokio::test]
async fn a_known_secret_sent_as_a_plain_header_is_masked() {
    use connectors::runtime::auth::NoAuth;
    let server = echo_server().await;
    let send = |client: Client| async move {
        let mut request = Request::new(Method::Get, "/meetings".into());
        request.header("X-Tenant-Secret", KEY).unwrap();
        client.send(request).await.expect_err("the server refuses")
    };
    // Unknown to the client, the echo carries it: the oracle sees a leak.
    let error = send(client(&server, NoAuth)).await;
    let Error::Api { body, .. } = &error else {
        panic!("expected an API error, got {error:?}")
    };
    assert!(body.contains("k3y/with+odd=chars"), "{body}");
    let mut known = client(&server, NoAuth);
    known.add_known_secret(Secret::new(KEY));
    assert_masked(&send(known).await, KEY);
}

#[tokio::test]
async fn echoed_bearer_and_basic_credentials_are_masked() {
    let server = echo_server().await;
    let error = fail(&client(&server, Bearer::new(Secret::new(KEY)))).await;
    assert_masked(&error, KEY);
    let error = fail(&client(&server, Basic::new("me", Secret::new(KEY)))).await;
    // The header carries `me:KEY` in base64, which is masked as sent.
    let encoded = base64_of(&format!("me:{KEY}"));
    assert_masked(&error, &encoded);
}

fn base64_of(text: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(text)
}

#[tokio::test]
async fn a_huge_error_body_is_cut_to_the_limit_and_says_how_much() {
    let server = MockServer::start().await;
    let size = 20 * 1024 * 1024;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(500).set_body_string("e".repeat(size)))
        .mount(&server)
        .await;
    let client = client(&server, connectors::runtime::auth::NoAuth);
    let error = fail(&client).await;
    let Error::Api { body, body_cut, .. } = &error else {
        panic!("expected an API error, got {error:?}");
    };
    assert_eq!(body.len(), DEFAULT_ERROR_BODY_LIMIT);
    assert_eq!(*body_cut, size - DEFAULT_ERROR_BODY_LIMIT);
    assert!(format!("{error:?}").len() < DEFAULT_ERROR_BODY_LIMIT + 1024);
    assert!(
        error
            .to_string()
            .contains(&format!("({} bytes of the answer cut)", body_cut)),
        "{error}"
    );
    // The limit is the client's to set.
    let mut client = client;
    client.set_error_body_limit(1000);
    match fail(&client).await {
        Error::Api { body, body_cut, .. } => {
            assert_eq!(body.len(), 1000);
            assert_eq!(body_cut, size - 1000);
        }
        other => panic!("expected an API error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_key_split_by_the_cut_is_masked_too() {
    let server = MockServer::start().await;
    let limit = 100;
    // The key starts 10 bytes before the cut.
    let body = format!("{}{KEY}{}", "x".repeat(limit - 10), "y".repeat(50));
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(502).set_body_string(body))
        .mount(&server)
        .await;
    let mut client = client(
        &server,
        ApiKey::new(KeyLocation::Header, "X-Key", Secret::new(KEY)),
    );
    client.set_error_body_limit(limit);
    let error = fail(&client).await;
    let Error::Api { body, body_cut, .. } = &error else {
        panic!("expected an API error, got {error:?}");
    };
    assert_eq!(*body_cut, KEY.len() - 10 + 50);
    assert_eq!(body, &format!("{}***", "x".repeat(limit - 10)));
}

#[tokio::test]
async fn a_decoding_error_does_not_quote_the_key() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"count": KEY})))
        .mount(&server)
        .await;
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Count {
        count: u32,
    }
    let client = client(
        &server,
        ApiKey::new(KeyLocation::Query, "api_key", Secret::new(KEY)),
    );
    let response = client
        .send(Request::new(Method::Get, "/count".into()))
        .await
        .unwrap();
    assert!(
        !format!("{response:?}").contains(KEY),
        "Debug shows the size of the body, not the body"
    );
    let error = response.json::<Count>().expect_err("not a number");
    let text = error.to_string();
    assert!(text.contains("***"), "{text}");
    for form in forms(KEY) {
        assert!(!text.contains(&form), "`{form}` leaked into {text}");
    }
}

#[tokio::test]
async fn a_failure_inside_a_success_is_cut_and_masked_too() {
    let server = MockServer::start().await;
    let reason = format!("{KEY} {}", "r".repeat(200_000));
    Mock::given(wiremock::matchers::any())
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"result": "FAILURE", "reason": reason, "key": KEY})),
        )
        .mount(&server)
        .await;
    let mut client = Client::new(
        Service {
            base_url: server.uri(),
            errors: ErrorRule {
                message: Some("reason"),
                failure: Some(connectors::runtime::FailureRule {
                    path: "result",
                    success: "SUCCESS",
                }),
                ..ErrorRule::default()
            },
            xml: None,
        },
        Arc::new(ApiKey::new(KeyLocation::Header, "X-Key", Secret::new(KEY))),
    );
    client.set_retry_config(RetryConfig::disabled());
    let error = fail(&client).await;
    let Error::Api {
        message,
        body,
        body_cut,
        ..
    } = &error
    else {
        panic!("expected an API error, got {error:?}");
    };
    assert!(body.len() <= DEFAULT_ERROR_BODY_LIMIT);
    assert!(*body_cut > 200_000 - DEFAULT_ERROR_BODY_LIMIT);
    assert!(
        message.len() < DEFAULT_ERROR_BODY_LIMIT + 100,
        "{}",
        message.len()
    );
    assert!(message.starts_with("*** rrr"), "{}", &message[..20]);
    assert!(message.ends_with("bytes cut)"));
    for text in [format!("{error}"), format!("{error:?}")] {
        assert!(!text.contains(KEY));
    }
}
