//! A successful answer is read up to the client's answer body limit and no further, against
//! loopback servers: an answer announcing more fails before its body is read, an answer without
//! a length (chunked, endless) stops one chunk past the limit, a page of a stream and a token
//! answer are held to the same limit, and each error names the limit, what was read and how to
//! raise it.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::Arc;
use std::thread;

use connectors::runtime::auth::{
    Authenticator, NoAuth, OAuth2, OAuth2Credentials, OAuth2Flow, OAuth2Settings,
};
use connectors::runtime::paginate::{paginate, Paging};
use connectors::runtime::{
    Client, Error, ErrorRule, Method, Request, RetryConfig, Secret, Service,
    DEFAULT_ANSWER_BODY_LIMIT,
};
use futures::StreamExt;
use serde_json::{json, Value};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(base_url: String, auth: impl Authenticator + 'static) -> Client {
    let mut client = Client::new(
        Service {
            base_url,
            errors: ErrorRule::default(),
            xml: None,
        },
        Arc::new(auth),
    );
    client.set_retry_config(RetryConfig::disabled());
    client
}

async fn get(client: &Client, path: &str) -> Result<Vec<u8>, Error> {
    client
        .send(Request::new(Method::Get, path.into()))
        .await?
        .bytes()
}

/// A JSON array of `n` small objects: about 12 bytes each.
fn items(n: usize) -> Value {
    Value::Array((0..n).map(|i| json!({ "id": i })).collect())
}

/// The message names the limit, what was read and how to raise it.
fn assert_explained(error: &Error, limit: usize, read: &str) {
    let shown = error.to_string();
    assert!(
        shown.contains(&format!("answer body limit of {limit} bytes")),
        "{shown}"
    );
    assert!(shown.contains(read), "`{read}` missing from: {shown}");
    assert!(shown.contains("with_answer_body_limit(bytes)"), "{shown}");
}

#[tokio::test]
async fn an_answer_longer_than_the_limit_fails_and_says_so() {
    let server = MockServer::start().await;
    let body = items(1000).to_string();
    Mock::given(method("GET"))
        .and(path("/big"))
        .respond_with(ResponseTemplate::new(200).set_body_string(body.clone()))
        .mount(&server)
        .await;
    let mut client = client(server.uri(), NoAuth);
    assert_eq!(client.answer_body_limit(), DEFAULT_ANSWER_BODY_LIMIT);
    assert_eq!(get(&client, "/big").await.unwrap(), body.as_bytes());

    client.set_answer_body_limit(1000);
    let error = get(&client, "/big").await.expect_err("over the limit");
    match &error {
        Error::AnswerTooLarge {
            limit: 1000,
            read: 0,
            announced: Some(length),
        } => assert_eq!(*length, body.len() as u64),
        other => panic!("expected AnswerTooLarge, got {other:?}"),
    }
    assert_explained(&error, 1000, &format!("announces {} bytes", body.len()));

    // A body of exactly the limit is whole.
    client.set_answer_body_limit(body.len());
    assert_eq!(get(&client, "/big").await.unwrap(), body.as_bytes());
}

/// A server answering every request with a chunked body of `chunks` chunks of `size` bytes (no
/// `Content-Length`), or, with `announce`, a `Content-Length` of that many bytes and nothing.
fn raw_server(chunks: usize, size: usize, announce: Option<u64>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            if let Some(length) = announce {
                let head = format!("HTTP/1.1 200 OK\r\ncontent-length: {length}\r\n\r\n");
                let _ = stream.write_all(head.as_bytes());
                continue;
            }
            let head = "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n";
            if stream.write_all(head.as_bytes()).is_err() {
                continue;
            }
            let chunk = format!("{size:x}\r\n{}\r\n", "x".repeat(size));
            for _ in 0..chunks {
                // The client hangs up once it has seen enough.
                if stream.write_all(chunk.as_bytes()).is_err() {
                    break;
                }
            }
            let _ = stream.write_all(b"0\r\n\r\n");
        }
    });
    format!("http://{address}")
}

#[tokio::test]
async fn an_answer_without_a_length_stops_one_chunk_past_the_limit() {
    // 400 MiB would arrive without a limit; the client stops after about 1 MiB.
    let base = raw_server(6400, 64 * 1024, None);
    let mut client = client(base, NoAuth);
    client.set_answer_body_limit(1024 * 1024);
    let error = get(&client, "/stream").await.expect_err("over the limit");
    let Error::AnswerTooLarge {
        limit,
        read,
        announced,
    } = &error
    else {
        panic!("expected AnswerTooLarge, got {error:?}");
    };
    assert_eq!((*limit, *announced), (1024 * 1024, None));
    assert!(
        *read > 1024 * 1024 && *read <= 1024 * 1024 + 64 * 1024,
        "read {read}"
    );
    assert_explained(&error, 1024 * 1024, &format!("after {read} bytes"));

    // Under the limit, the same kind of answer is read whole.
    let base = raw_server(4, 1000, None);
    let client = self::client(base, NoAuth);
    assert_eq!(get(&client, "/stream").await.unwrap().len(), 4000);
}

#[tokio::test]
async fn the_default_limit_refuses_an_announced_huge_answer_without_reading_it() {
    let base = raw_server(0, 0, Some(10 * 1024 * 1024 * 1024));
    let client = client(base, NoAuth);
    let error = get(&client, "/huge").await.expect_err("over the limit");
    assert!(
        matches!(
            error,
            Error::AnswerTooLarge {
                limit: DEFAULT_ANSWER_BODY_LIMIT,
                read: 0,
                announced: Some(10737418240),
            }
        ),
        "{error:?}"
    );
    assert_explained(
        &error,
        DEFAULT_ANSWER_BODY_LIMIT,
        "announces 10737418240 bytes",
    );
}

#[tokio::test]
async fn a_page_of_a_stream_is_held_to_the_limit() {
    let server = MockServer::start().await;
    Mock::given(query_param("page", "1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(items(3)))
        .mount(&server)
        .await;
    Mock::given(query_param("page", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(items(500)))
        .mount(&server)
        .await;
    let mut client = client(server.uri(), NoAuth);
    client.set_answer_body_limit(1000);
    let paging = Paging::PageNumber {
        param: "page",
        first_page: 1,
        size_param: None,
        page_size: None,
        total_pages: None,
    };
    let request = Request::new(Method::Get, "/list".into());
    let results: Vec<Result<Value, Error>> =
        paginate(client, request, paging, None).collect().await;
    let items: Vec<&Value> = results.iter().filter_map(|r| r.as_ref().ok()).collect();
    assert_eq!(items.len(), 3, "the first page is read: {results:?}");
    match results.last() {
        Some(Err(error @ Error::AnswerTooLarge { limit: 1000, .. })) => {
            assert_explained(error, 1000, "announces")
        }
        other => panic!("expected the second page to fail, got {other:?}"),
    }
    assert_eq!(results.len(), 4, "the stream ends at the error");
}

#[tokio::test]
async fn a_token_answer_is_held_to_the_limit() {
    let server = MockServer::start().await;
    let padding = "p".repeat(5000);
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({ "access_token": "t-1", "padding": padding })),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/thing"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "ok": true })))
        .mount(&server)
        .await;
    let settings = OAuth2Settings {
        flow: OAuth2Flow::ClientCredentials,
        token_url: format!("{}/token", server.uri()),
        refresh_url: None,
        scopes: vec![],
        token_params: vec![],
    };
    let auth = OAuth2::new(
        settings,
        OAuth2Credentials::new("app", Secret::new("app-secret")),
    );
    let mut client = client(server.uri(), auth);
    client.set_answer_body_limit(1000);
    let error = get(&client, "/thing").await.expect_err("over the limit");
    assert!(
        matches!(error, Error::AnswerTooLarge { limit: 1000, .. }),
        "{error:?}"
    );
    client.set_answer_body_limit(DEFAULT_ANSWER_BODY_LIMIT);
    assert_eq!(get(&client, "/thing").await.unwrap(), br#"{"ok":true}"#);
}

#[cfg(feature = "gotowebinar")]
#[tokio::test]
async fn a_generated_client_takes_the_limit() {
    use connectors::gotowebinar::{Client, Connection};
    use connectors::runtime::auth::OAuth2Credentials;

    let server = MockServer::start().await;
    let webinars: Vec<Value> = (0..100)
        .map(|i| json!({"webinarKey": format!("k{i}"), "subject": format!("Webinar {i}")}))
        .collect();
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(webinars))
        .mount(&server)
        .await;
    let credentials = OAuth2Credentials::new("client", Secret::new("secret"))
        .with_tokens(Some(Secret::new("token-1")), None);
    let client = Client::new(
        Connection {
            organizer_key: "8439885694023999999".into(),
        },
        credentials,
    )
    .with_base_url(format!("{}/G2W/rest/v2", server.uri()))
    .with_retry_config(RetryConfig::disabled());
    assert_eq!(client.list_webinars().await.unwrap().len(), 100);
    let client = client.with_answer_body_limit(1000);
    assert_eq!(client.runtime().answer_body_limit(), 1000);
    let error = client.list_webinars().await.expect_err("over the limit");
    assert!(
        matches!(error, Error::AnswerTooLarge { limit: 1000, .. }),
        "{error:?}"
    );
}
