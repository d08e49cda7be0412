//! The runtime pieces as the generated GoToWebinar client uses them: its spec's 100 calls per
//! 60 s enforced on every action method (waiting, or failing when asked), and the OnNewWebinar
//! trigger's poller over `list_webinars`, handing out typed webinars once each under the
//! trigger's 1 poll per 120 s.

#![cfg(feature = "gotowebinar")]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use connectors::gotowebinar::{Client, Connection, WebinarSummary};
use connectors::runtime::auth::OAuth2Credentials;
use connectors::runtime::clock::Clock;
use connectors::runtime::limits::{LimitMode, LimitScope};
use connectors::runtime::poll::{MemoryStore, PollerOptions};
use connectors::runtime::{Error, RetryConfig, Secret};
use serde_json::{json, Value};
use wiremock::{Mock, MockServer, Request as Seen, Respond, ResponseTemplate};

/// One more webinar in the list at every request.
struct Growing(Arc<AtomicUsize>);

impl Respond for Growing {
    fn respond(&self, _: &Seen) -> ResponseTemplate {
        let n = self.0.fetch_add(1, Ordering::SeqCst) + 1;
        let webinars: Vec<Value> = (0..n)
            .map(|i| json!({"webinarKey": format!("k{i}"), "subject": format!("Webinar {i}")}))
            .collect();
        ResponseTemplate::new(200).set_body_json(webinars)
    }
}

async fn setup() -> (MockServer, Client, Arc<AtomicUsize>) {
    let server = MockServer::start().await;
    let count = Arc::new(AtomicUsize::new(0));
    Mock::given(wiremock::matchers::method("GET"))
        .respond_with(Growing(count.clone()))
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
    (server, client, count)
}

#[tokio::test]
async fn generated_client_enforces_100_calls_per_60_s() {
    let (_server, client, count) = setup().await;
    let clock = Clock::manual(SystemTime::UNIX_EPOCH);
    let client = client.with_clock(clock.clone());
    for _ in 0..101 {
        client.list_webinars().await.unwrap();
    }
    assert_eq!(count.load(Ordering::SeqCst), 101);
    // The first 100 go straight through; the 101st waits for the next token, 0.6 s.
    assert_eq!(clock.sleeps(), vec![Duration::from_millis(600)]);
}

#[tokio::test]
async fn generated_client_fails_instead_of_waiting_when_asked() {
    let (_server, client, count) = setup().await;
    let clock = Clock::manual(SystemTime::UNIX_EPOCH);
    let client = client
        .with_clock(clock.clone())
        .with_limit_mode(LimitMode::Fail);
    for _ in 0..100 {
        client.list_webinars().await.unwrap();
    }
    match client.list_webinars().await {
        Err(Error::RateLimited { retry_after }) => {
            assert_eq!(retry_after, Some(Duration::from_millis(600)))
        }
        other => panic!("expected RateLimited, got {other:?}"),
    }
    assert_eq!(count.load(Ordering::SeqCst), 100);
    assert!(clock.sleeps().is_empty());
}

#[tokio::test]
async fn generated_client_builds_its_limits_from_the_spec() {
    let defs = Client::limit_defs();
    assert!(defs
        .iter()
        .any(|d| d.calls == 100 && d.period == Duration::from_secs(60)));
    assert!(defs.iter().any(|d| d.calls == 1
        && d.period == Duration::from_secs(120)
        && d.scope != LimitScope::Connection));
}

#[tokio::test]
async fn on_new_webinar_poller_hands_out_each_webinar_once() {
    let (_server, client, _) = setup().await;
    let clock = Clock::manual(SystemTime::UNIX_EPOCH);
    let client = client.with_clock(clock.clone());
    // No clock in the options: the generated poller takes the client's, so the trigger's
    // limit (1 poll per 120 s) and the interval wait on the same manual clock.
    let options = PollerOptions {
        interval: Duration::ZERO,
        limits: None,
        clock: None,
        capacity: 1_000,
        ..PollerOptions::default()
    };
    let mut poller = client
        .on_new_webinar_poller(Arc::new(MemoryStore::new()), options)
        .unwrap();
    let mut keys = Vec::new();
    for _ in 0..4 {
        let delivery = poller.next().await.unwrap();
        let webinar: WebinarSummary = delivery.decode().unwrap();
        keys.push(webinar.webinar_key.unwrap());
        poller.ack(&delivery).await.unwrap();
    }
    assert_eq!(keys, vec!["k0", "k1", "k2", "k3"]);
    // One poll per new webinar, each after the trigger's 120 s, counted by the client.
    assert_eq!(clock.sleeps(), vec![Duration::from_secs(120); 3]);
}
