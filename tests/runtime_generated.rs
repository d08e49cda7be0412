//! The runtime pieces used with a generated client as it is today, before the generator calls
//! them itself: GoToWebinar's limits applied around `list_webinars`, and the OnNewWebinar
//! trigger as a poller over `list_webinars`, handing out typed webinars once each.

#![cfg(feature = "gotowebinar")]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use connectors::gotowebinar::{Client, Connection, WebinarSummary};
use connectors::runtime::auth::OAuth2Credentials;
use connectors::runtime::clock::Clock;
use connectors::runtime::governed::CallPolicy;
use connectors::runtime::limits::{Call, LimitDef, LimitMode, LimitScope, Limits};
use connectors::runtime::poll::{ItemOrder, MemoryStore, PollSpec, Poller, PollerOptions};
use connectors::runtime::retry::{Retrier, RetryConfig};
use connectors::runtime::{RetryPolicy, Secret};
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
    .with_retry_policy(RetryPolicy {
        max_retries: 0,
        ..RetryPolicy::default()
    });
    (server, client, count)
}

fn limits(clock: &Clock) -> Arc<Limits> {
    Arc::new(Limits::with_clock(
        vec![
            LimitDef::new("API calls per connection", 100, Duration::from_secs(60)),
            LimitDef::new("Frequency of trigger polls", 1, Duration::from_secs(120))
                .scope(LimitScope::Triggers),
        ],
        clock.clone(),
        LimitMode::Wait,
    ))
}

#[tokio::test]
async fn generated_calls_under_the_connection_limit() {
    let (_server, client, count) = setup().await;
    let clock = Clock::manual(SystemTime::UNIX_EPOCH);
    let policy = CallPolicy::new(
        Some(limits(&clock)),
        Retrier::with_clock(RetryConfig::default(), clock.clone()),
    );
    let call = Call::action("ListWebinars");
    for _ in 0..101 {
        policy
            .run(&call, true, || client.list_webinars())
            .await
            .unwrap();
    }
    assert_eq!(count.load(Ordering::SeqCst), 101);
    assert_eq!(clock.sleeps(), vec![Duration::from_millis(600)]);
}

#[tokio::test]
async fn on_new_webinar_hands_out_each_webinar_once() {
    let (_server, client, _) = setup().await;
    let clock = Clock::manual(SystemTime::UNIX_EPOCH);
    let source = move |_cursor: Option<String>| {
        let client = client.clone();
        async move {
            let webinars = client.list_webinars().await?;
            Ok(webinars
                .iter()
                .map(|w| serde_json::to_value(w).unwrap_or(Value::Null))
                .collect())
        }
    };
    let spec = PollSpec {
        trigger: "OnNewWebinar".into(),
        identity: vec!["webinarKey".into()],
        cursor: None,
        order: ItemOrder::Unordered,
    };
    let options = PollerOptions {
        interval: Duration::ZERO,
        limits: Some(limits(&clock)),
        clock: clock.clone(),
        capacity: 1_000,
    };
    let mut poller = Poller::start(spec, source, Arc::new(MemoryStore::new()), options).unwrap();
    let mut keys = Vec::new();
    for _ in 0..4 {
        let delivery = poller.next().await.unwrap();
        let webinar: WebinarSummary = delivery.decode().unwrap();
        keys.push(webinar.webinar_key.unwrap());
        poller.ack(&delivery).await.unwrap();
    }
    assert_eq!(keys, vec!["k0", "k1", "k2", "k3"]);
    // One poll per new webinar, each after the trigger's 120 s.
    assert_eq!(clock.sleeps(), vec![Duration::from_secs(120); 3]);
}
