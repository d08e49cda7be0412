//! Retries against a loopback server: a 429 storm whose `Retry-After` comes as seconds, as an
//! HTTP date and as an ISO-8601 timestamp completes with exactly the waits asked for (on a
//! manual clock, so nothing sleeps in real time); the total time is bounded; a POST is not
//! repeated after a server error or a connection lost mid-request unless the action is marked
//! idempotent, but is after a refused connection, which the server never saw.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use connectors::runtime::auth::NoAuth;
use connectors::runtime::clock::Clock;
use connectors::runtime::retry::{self, Retrier};
use connectors::runtime::{Client, Error, ErrorRule, Method, Request, RetryConfig, Service};
use wiremock::{Mock, MockServer, Request as Seen, Respond, ResponseTemplate};

/// 2026-10-21T07:28:00Z
const T0: u64 = 1_792_567_680;

/// Answers with the scripted responses in turn, then with the last one.
struct Script(Vec<ResponseTemplate>, Arc<AtomicUsize>);

impl Respond for Script {
    fn respond(&self, _: &Seen) -> ResponseTemplate {
        let n = self.1.fetch_add(1, Ordering::SeqCst);
        self.0[n.min(self.0.len() - 1)].clone()
    }
}

async fn server(script: Vec<ResponseTemplate>) -> (MockServer, Arc<AtomicUsize>) {
    let server = MockServer::start().await;
    let count = Arc::new(AtomicUsize::new(0));
    Mock::given(wiremock::matchers::any())
        .respond_with(Script(script, count.clone()))
        .mount(&server)
        .await;
    (server, count)
}

fn too_many(retry_after: &str) -> ResponseTemplate {
    ResponseTemplate::new(429).insert_header("Retry-After", retry_after)
}

/// One attempt over plain reqwest, reading `Retry-After` at the manual clock's wall time.
async fn attempt(
    http: &reqwest::Client,
    url: &str,
    post: bool,
    clock: &Clock,
) -> Result<String, Error> {
    let request = if post { http.post(url) } else { http.get(url) };
    let response = request.send().await.map_err(Error::Transport)?;
    let status = response.status().as_u16();
    if status == 429 {
        return Err(Error::RateLimited {
            retry_after: retry::retry_after(response.headers(), clock.wall()),
        });
    }
    let body = response.text().await.map_err(Error::Transport)?;
    if status >= 400 {
        return Err(Error::Api {
            status,
            code: None,
            message: String::new(),
            details: Vec::new(),
            body,
            body_cut: 0,
        });
    }
    Ok(body)
}

fn config() -> RetryConfig {
    RetryConfig::standard()
        .with_max_retries(10)
        .with_base_delay(Duration::from_secs(1))
        .with_max_delay(Duration::from_secs(60))
        .with_total_timeout(Duration::from_secs(120))
        .with_jitter(false)
}

#[tokio::test]
async fn a_429_storm_in_every_retry_after_form_completes_with_the_asked_waits() {
    let (server, count) = server(vec![
        too_many("3"),
        // At T0+3 s, a date 5 s later.
        too_many("Wed, 21 Oct 2026 07:28:08 GMT"),
        // At T0+8 s, a timestamp 7 s later (Zoom's form).
        too_many("2026-10-21T07:28:15Z"),
        too_many("2"),
        // A server error on a GET: backoff 2^4 s (the fifth retry), no jitter.
        ResponseTemplate::new(503),
        ResponseTemplate::new(200).set_body_string("done"),
    ])
    .await;
    let clock = Clock::manual(SystemTime::UNIX_EPOCH + Duration::from_secs(T0));
    let retrier = Retrier::with_clock(config(), clock.clone());
    let http = reqwest::Client::new();
    let url = format!("{}/meetings", server.uri());
    let body = retrier
        .run(true, || attempt(&http, &url, false, &clock))
        .await
        .unwrap();
    assert_eq!(body, "done");
    assert_eq!(count.load(Ordering::SeqCst), 6);
    let waits: Vec<u64> = clock.sleeps().iter().map(|d| d.as_secs()).collect();
    assert_eq!(waits, vec![3, 5, 7, 2, 16]);
}

#[tokio::test]
async fn a_post_is_retried_on_429_but_not_after_a_server_error() {
    let (server, count) = server(vec![
        too_many("1"),
        ResponseTemplate::new(502),
        ResponseTemplate::new(200).set_body_string("created"),
    ])
    .await;
    let clock = Clock::manual(SystemTime::UNIX_EPOCH + Duration::from_secs(T0));
    let retrier = Retrier::with_clock(config(), clock.clone());
    let http = reqwest::Client::new();
    let url = format!("{}/meetings", server.uri());
    let result = retrier
        .run(false, || attempt(&http, &url, true, &clock))
        .await;
    assert!(matches!(result, Err(Error::Api { status: 502, .. })));
    assert_eq!(count.load(Ordering::SeqCst), 2, "the 502 was not repeated");
    // The same call on an action the spec marks idempotent goes on to succeed.
    count.store(0, Ordering::SeqCst);
    let result = retrier
        .run(true, || attempt(&http, &url, true, &clock))
        .await;
    assert_eq!(result.unwrap(), "created");
}

#[tokio::test]
async fn an_endless_storm_stops_at_the_time_bound() {
    let (server, count) = server(vec![too_many("30")]).await;
    let clock = Clock::manual(SystemTime::UNIX_EPOCH + Duration::from_secs(T0));
    let retrier = Retrier::with_clock(
        config().with_total_timeout(Duration::from_secs(100)),
        clock.clone(),
    );
    let http = reqwest::Client::new();
    let url = format!("{}/x", server.uri());
    let result = retrier
        .run(true, || attempt(&http, &url, false, &clock))
        .await;
    assert!(matches!(
        result,
        Err(Error::RateLimited { retry_after: Some(wait) }) if wait == Duration::from_secs(30)
    ));
    assert_eq!(count.load(Ordering::SeqCst), 4);
    assert_eq!(clock.elapsed(), Duration::from_secs(90));
}

#[tokio::test]
async fn the_retrier_wraps_the_runtime_client() {
    let (server, count) = server(vec![
        too_many("4"),
        too_many("6"),
        ResponseTemplate::new(200).set_body_json(serde_json::json!({"ok": true})),
    ])
    .await;
    let mut client = Client::new(
        Service {
            base_url: server.uri(),
            errors: ErrorRule::default(),
            xml: None,
        },
        Arc::new(NoAuth),
    );
    // The client's own retries off: the retrier decides.
    client.set_retry_config(RetryConfig::disabled());
    let clock = Clock::manual(SystemTime::UNIX_EPOCH + Duration::from_secs(T0));
    let retrier = Retrier::with_clock(config(), clock.clone());
    let request = Request::new(Method::Post, "/users/me/meetings".into());
    let response = retrier
        .run(false, || client.send(request.clone()))
        .await
        .unwrap();
    assert_eq!(response.status, 200);
    assert_eq!(count.load(Ordering::SeqCst), 3);
    assert_eq!(
        clock.sleeps(),
        vec![Duration::from_secs(4), Duration::from_secs(6)]
    );
}

/// Counts attempts of `method` to `url` under the retrier, on a manual clock.
async fn attempts(url: &str, post: bool, idempotent: bool) -> (usize, Result<String, Error>) {
    let clock = Clock::manual(SystemTime::UNIX_EPOCH + Duration::from_secs(T0));
    let retrier = Retrier::with_clock(config().with_max_retries(3), clock.clone());
    let http = reqwest::Client::new();
    let mut count = 0;
    let result = retrier
        .run(idempotent, || {
            count += 1;
            attempt(&http, url, post, &clock)
        })
        .await;
    (count, result)
}

#[tokio::test]
async fn a_refused_connection_is_retried_for_any_method() {
    // A port nobody listens on: the request never reaches a server.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/meetings", listener.local_addr().unwrap());
    drop(listener);
    let (count, result) = attempts(&url, true, false).await;
    assert!(matches!(result, Err(Error::Transport(_))));
    assert_eq!(count, 4, "a POST that never left is safe to send again");
}

#[tokio::test]
async fn a_connection_lost_mid_request_is_retried_only_when_idempotent() {
    // A server that reads the request and hangs up without answering.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/meetings", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let mut stream = match stream {
                Ok(s) => s,
                Err(_) => return,
            };
            let mut buffer = [0u8; 4096];
            let _ = std::io::Read::read(&mut stream, &mut buffer);
            drop(stream);
        }
    });
    let (count, result) = attempts(&url, true, false).await;
    assert!(matches!(result, Err(Error::Transport(_))));
    assert_eq!(count, 1, "the server may have acted on the POST");
    let (count, _) = attempts(&url, false, true).await;
    assert_eq!(count, 4);
}

#[tokio::test]
async fn the_total_timeout_cuts_a_slow_attempt_short() {
    // Every answer would come after 30 s; a request's own timeout is the default 60 s.
    let (server, count) = server(vec![
        ResponseTemplate::new(200).set_delay(Duration::from_secs(30))
    ])
    .await;
    let mut client = Client::new(
        Service {
            base_url: server.uri(),
            errors: ErrorRule::default(),
            xml: None,
        },
        Arc::new(NoAuth),
    );
    client.set_retry_config(RetryConfig::standard().with_total_timeout(Duration::from_millis(500)));
    let call = client.send(Request::new(Method::Get, "/slow".into()));
    // A guard far above the bound: without it a broken bound would hang the test.
    let result = tokio::time::timeout(Duration::from_secs(20), call)
        .await
        .expect("the call outlived its total timeout by far");
    assert!(matches!(result, Err(Error::Timeout)), "{result:?}");
    assert_eq!(count.load(Ordering::SeqCst), 1);
}
