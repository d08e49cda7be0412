//! Client-side limits on calls to a loopback server, on a manual clock: GoToWebinar's 100 calls
//! per 60 s admit 100 calls and delay the 101st (or refuse it, by configuration, without it
//! reaching the server); a retry after a 429 takes a token like any call; Zoom's per-user
//! meeting quota counts each user apart.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use connectors::runtime::auth::NoAuth;
use connectors::runtime::clock::Clock;
use connectors::runtime::governed::CallPolicy;
use connectors::runtime::limits::{Call, LimitDef, LimitMode, LimitScope, Limits};
use connectors::runtime::retry::Retrier;
use connectors::runtime::{Client, Error, ErrorRule, Method, Request, RetryConfig, Service};
use wiremock::{Mock, MockServer, Request as Seen, Respond, ResponseTemplate};

struct Script(Vec<ResponseTemplate>, Arc<AtomicUsize>);

impl Respond for Script {
    fn respond(&self, _: &Seen) -> ResponseTemplate {
        let n = self.0.len().min(self.1.fetch_add(1, Ordering::SeqCst) + 1);
        self.0[n - 1].clone()
    }
}

async fn setup(script: Vec<ResponseTemplate>) -> (MockServer, Client, Arc<AtomicUsize>) {
    let server = MockServer::start().await;
    let count = Arc::new(AtomicUsize::new(0));
    Mock::given(wiremock::matchers::any())
        .respond_with(Script(script, count.clone()))
        .mount(&server)
        .await;
    let mut client = Client::new(
        Service {
            base_url: server.uri(),
            errors: ErrorRule::default(),
            xml: None,
        },
        Arc::new(NoAuth),
    );
    client.set_retry_config(RetryConfig::disabled());
    (server, client, count)
}

fn gotowebinar(clock: &Clock, mode: LimitMode) -> Arc<Limits> {
    Arc::new(Limits::with_clock(
        vec![
            LimitDef::new("API calls per connection", 100, Duration::from_secs(60)),
            LimitDef::new("Frequency of trigger polls", 1, Duration::from_secs(120))
                .scope(LimitScope::Triggers),
        ],
        clock.clone(),
        mode,
    ))
}

fn retrier(clock: &Clock) -> Retrier {
    Retrier::with_clock(RetryConfig::standard().with_jitter(false), clock.clone())
}

#[tokio::test]
async fn gotowebinar_admits_100_calls_and_delays_the_101st() {
    let (_server, client, count) = setup(vec![ResponseTemplate::new(200)]).await;
    let clock = Clock::manual(SystemTime::UNIX_EPOCH);
    let policy = CallPolicy::new(Some(gotowebinar(&clock, LimitMode::Wait)), retrier(&clock));
    let request = Request::new(Method::Get, "/organizers/7/webinars".into());
    let call = Call::action("ListWebinars");
    for _ in 0..100 {
        policy
            .run(&call, true, || client.send(request.clone()))
            .await
            .unwrap();
    }
    assert_eq!(count.load(Ordering::SeqCst), 100);
    assert!(clock.sleeps().is_empty());
    policy
        .run(&call, true, || client.send(request.clone()))
        .await
        .unwrap();
    assert_eq!(count.load(Ordering::SeqCst), 101);
    assert_eq!(clock.sleeps(), vec![Duration::from_millis(600)]);
}

#[tokio::test]
async fn a_refusing_client_keeps_the_101st_call_home() {
    let (_server, client, count) = setup(vec![ResponseTemplate::new(200)]).await;
    let clock = Clock::manual(SystemTime::UNIX_EPOCH);
    let policy = CallPolicy::new(Some(gotowebinar(&clock, LimitMode::Fail)), retrier(&clock));
    let request = Request::new(Method::Get, "/organizers/7/webinars".into());
    let call = Call::action("ListWebinars");
    for _ in 0..100 {
        policy
            .run(&call, true, || client.send(request.clone()))
            .await
            .unwrap();
    }
    let refused = policy
        .run(&call, true, || client.send(request.clone()))
        .await;
    assert!(matches!(
        refused,
        Err(Error::RateLimited { retry_after: Some(wait) }) if wait == Duration::from_millis(600)
    ));
    // The message says the real wait, not "0 s".
    assert_eq!(
        refused.unwrap_err().to_string(),
        "rate limited; retry after 0.6 s"
    );
    assert_eq!(
        count.load(Ordering::SeqCst),
        100,
        "the refused call was not sent"
    );
    assert!(clock.sleeps().is_empty(), "and not retried");
}

#[tokio::test]
async fn a_retry_takes_a_token_too() {
    let (_server, client, count) = setup(vec![
        ResponseTemplate::new(429).insert_header("Retry-After", "1"),
        ResponseTemplate::new(200),
    ])
    .await;
    let clock = Clock::manual(SystemTime::UNIX_EPOCH);
    let limits = Arc::new(Limits::with_clock(
        vec![LimitDef::new("calls", 2, Duration::from_secs(10))],
        clock.clone(),
        LimitMode::Wait,
    ));
    let policy = CallPolicy::new(Some(limits), retrier(&clock));
    let request = Request::new(Method::Post, "/users/me/meetings".into());
    let call = Call::action("CreateMeeting");
    // The first call: a 429, a 1 s wait, and a second attempt that empties the bucket.
    policy
        .run(&call, false, || client.send(request.clone()))
        .await
        .unwrap();
    // The second call waits for a token: due 5 s after the start, 4 s from now.
    policy
        .run(&call, false, || client.send(request.clone()))
        .await
        .unwrap();
    assert_eq!(count.load(Ordering::SeqCst), 3);
    assert_eq!(
        clock.sleeps(),
        vec![Duration::from_secs(1), Duration::from_secs(4)]
    );
}

#[tokio::test]
async fn zoom_counts_meeting_creations_per_user() {
    let (_server, client, count) = setup(vec![ResponseTemplate::new(201)]).await;
    let clock = Clock::manual(SystemTime::UNIX_EPOCH);
    let limits = Arc::new(Limits::with_clock(
        vec![
            LimitDef::new(
                "Meetings created or updated per user per day",
                100,
                Duration::from_secs(86_400),
            )
            .scope(LimitScope::Actions(vec!["CreateMeeting".into()]))
            .per_value_of("userId"),
            LimitDef::new("Zoom MEDIUM rate limit", 20, Duration::from_secs(1))
                .scope(LimitScope::Label("MEDIUM".into())),
        ],
        clock.clone(),
        LimitMode::WaitUpTo(Duration::from_secs(60)),
    ));
    let policy = CallPolicy::new(Some(limits), retrier(&clock));
    let create = |user: &'static str| {
        let request = Request::new(Method::Post, format!("/users/{user}/meetings"));
        let client = client.clone();
        let policy = policy.clone();
        async move {
            let values = [("userId", user)];
            let call = Call::action("CreateMeeting")
                .label(Some("MEDIUM"))
                .values(&values);
            policy
                .run(&call, false, || client.send(request.clone()))
                .await
        }
    };
    for _ in 0..100 {
        create("alice").await.unwrap();
    }
    // MEDIUM's 20 per second spaced the calls: 80 waits of 50 ms.
    assert_eq!(clock.sleeps().len(), 80);
    assert!(clock
        .sleeps()
        .iter()
        .all(|d| *d == Duration::from_millis(50)));
    // Alice's 101st would wait 864 s, beyond the 60 s the client accepts.
    assert!(matches!(
        create("alice").await,
        Err(Error::RateLimited { .. })
    ));
    create("bob").await.unwrap();
    assert_eq!(count.load(Ordering::SeqCst), 101);
}

#[tokio::test]
async fn waiting_for_a_token_is_not_counted_in_the_total_timeout() {
    let (_server, client, count) = setup(vec![ResponseTemplate::new(200)]).await;
    let clock = Clock::manual(SystemTime::UNIX_EPOCH);
    let limits = Arc::new(Limits::with_clock(
        vec![LimitDef::new("calls", 1, Duration::from_secs(300))],
        clock.clone(),
        LimitMode::Wait,
    ));
    let retrier = Retrier::with_clock(
        RetryConfig::standard().with_total_timeout(Duration::from_secs(120)),
        clock.clone(),
    );
    let policy = CallPolicy::new(Some(limits), retrier);
    let request = Request::new(Method::Get, "/x".into());
    let call = Call::action("X");
    for _ in 0..2 {
        policy
            .run(&call, true, || client.send(request.clone()))
            .await
            .expect("a paced call is not a timed-out call");
    }
    assert_eq!(count.load(Ordering::SeqCst), 2);
    assert_eq!(clock.sleeps(), vec![Duration::from_secs(300)]);
}
