//! The generated trigger methods of `weather::Client` against a loopback server: the webhook
//! trigger `OnSevereWeatherAlert` (subscribe, unsubscribe, signed notifications) and the polling
//! triggers `OnNewObservation`, whose listing is a request of its own, and `OnDailyDigest`, whose
//! every answer is one event.

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use connectors::runtime::clock::Clock;
use connectors::runtime::poll::{MemoryStore, PollerOptions};
use connectors::runtime::reqwest::header::{HeaderMap, HeaderValue};
use connectors::runtime::webhook::{SignatureError, Subscription};
use connectors::runtime::{Error, Secret};
use serde_json::{json, Value};
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use crate::weather;

/// A notification as the service would post it.
const ALERT: &[u8] = br#"{"id":"a-1","city":"Lisbon","severity":"extreme","headline":"Storm"}"#;
/// `ALERT`'s HMAC-SHA256 keyed with `whsec-1`, in hex (computed independently, with Python's
/// `hmac` module).
const ALERT_SIGNATURE: &str =
    "sha256=2568cf2ff5e4acde4bdec0485d02be191287036291784549bc9dd19510c35097";

/// A client of the loopback server; no webhook secret is an empty one.
fn client(base_url: &str, webhook_secret: Option<&str>) -> weather::Client {
    weather::Client::new(weather::Connection {
        api_key: Secret::new("k-1"),
        webhook_secret: Secret::new(webhook_secret.unwrap_or_default()),
    })
    .with_base_url(base_url)
}

fn signed(name: &'static str, value: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(name, HeaderValue::from_str(value).unwrap());
    headers
}

#[tokio::test]
async fn subscribe_sends_the_notification_url_in_its_field_and_keeps_the_id() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/hooks"))
        .and(query_param("city", "Lisbon"))
        .and(query_param("key", "k-1"))
        // The notification URL in the spec's field, next to the spec's fixed `events`.
        .and(body_json(json!({
            "url": "https://me.example/alerts?x=1",
            "events": ["severe_weather"]
        })))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": "hook 7"})))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server.uri(), None);
    let subscription = client
        .on_severe_weather_alert_subscribe("Lisbon", "https://me.example/alerts?x=1")
        .await
        .unwrap();
    assert_eq!(subscription.id, "hook 7");
}

#[tokio::test]
async fn subscribe_fails_when_the_answer_has_no_id() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/hooks"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"status": "ok"})))
        .mount(&server)
        .await;
    let error = client(&server.uri(), None)
        .on_severe_weather_alert_subscribe("Lisbon", "https://me.example/alerts")
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Decode { .. }), "{error:?}");
}

#[tokio::test]
async fn unsubscribe_deletes_the_hook_by_its_id() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/hooks/hook%207"))
        .and(query_param("key", "k-1"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let subscription = Subscription {
        id: "hook 7".into(),
        location: None,
    };
    client(&server.uri(), None)
        .on_severe_weather_alert_unsubscribe(&subscription)
        .await
        .unwrap();
}

#[tokio::test]
async fn subscription_calls_count_against_the_trigger_limit_on_the_client_clock() {
    // The spec allows one subscription change per 10 s for `OnSevereWeatherAlert`.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/hooks"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": "h1"})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/hooks/h1"))
        .respond_with(ResponseTemplate::new(404))
        .expect(1)
        .mount(&server)
        .await;
    let clock = Clock::manual(SystemTime::UNIX_EPOCH);
    let client = client(&server.uri(), None).with_clock(clock.clone());
    let subscription = client
        .on_severe_weather_alert_subscribe("Porto", "https://me.example/alerts")
        .await
        .unwrap();
    assert!(clock.sleeps().is_empty());
    // The second call of the trigger waits for the bucket; a 404 counts as unsubscribed.
    client
        .on_severe_weather_alert_unsubscribe(&subscription)
        .await
        .unwrap();
    assert_eq!(clock.sleeps(), vec![Duration::from_secs(10)]);
    // Actions are not counted by the trigger's limit.
    Mock::given(method("GET"))
        .and(path("/forecast/Porto"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"city": "Porto"})))
        .mount(&server)
        .await;
    client
        .get_forecast("Porto", Default::default())
        .await
        .unwrap();
    assert_eq!(clock.sleeps(), vec![Duration::from_secs(10)]);
}

#[test]
fn receive_accepts_a_correctly_signed_alert_and_decodes_it() {
    let client = client("http://127.0.0.1:9", Some("whsec-1"));
    let alert = client
        .on_severe_weather_alert_receive(&signed("x-weather-signature", ALERT_SIGNATURE), ALERT)
        .unwrap();
    assert_eq!(
        alert,
        weather::Alert {
            id: "a-1".into(),
            city: "Lisbon".into(),
            severity: Some(weather::AlertSeverity::Extreme),
            headline: Some("Storm".into()),
        }
    );
    // Header names are case-insensitive, hex digits too.
    let upper = ALERT_SIGNATURE.replace("sha256=", "").to_uppercase();
    let alert = client
        .on_severe_weather_alert_receive(
            &signed("X-Weather-Signature", &format!("sha256={upper}")),
            ALERT,
        )
        .unwrap();
    assert_eq!(alert.id, "a-1");
}

fn refusal(result: Result<weather::Alert, Error>) -> SignatureError {
    match result {
        Err(Error::Signature(reason)) => reason,
        other => panic!("expected a refused signature, got {other:?}"),
    }
}

#[test]
fn receive_refuses_wrong_missing_and_tampered_signatures() {
    let client = client("http://127.0.0.1:9", Some("whsec-1"));
    // Signed with another secret.
    let other = client_secret_signature("whsec-2");
    assert_eq!(
        refusal(
            client.on_severe_weather_alert_receive(&signed("x-weather-signature", &other), ALERT)
        ),
        SignatureError::Mismatch
    );
    // No signature header at all.
    assert_eq!(
        refusal(client.on_severe_weather_alert_receive(&HeaderMap::new(), ALERT)),
        SignatureError::Missing
    );
    // The signature in the wrong header.
    assert_eq!(
        refusal(
            client.on_severe_weather_alert_receive(&signed("x-signature", ALERT_SIGNATURE), ALERT)
        ),
        SignatureError::Missing
    );
    // The right signature over a body changed on the way.
    let tampered = br#"{"id":"a-1","city":"Lisbon","severity":"moderate","headline":"Storm"}"#;
    assert_eq!(
        refusal(client.on_severe_weather_alert_receive(
            &signed("x-weather-signature", ALERT_SIGNATURE),
            tampered
        )),
        SignatureError::Mismatch
    );
    // Without the `sha256=` prefix the header is not in the declared format.
    assert_eq!(
        refusal(client.on_severe_weather_alert_receive(
            &signed(
                "x-weather-signature",
                ALERT_SIGNATURE.trim_start_matches("sha256=")
            ),
            ALERT
        )),
        SignatureError::Malformed
    );
    // A connection without the secret trusts nothing.
    let unkeyed = self::client("http://127.0.0.1:9", None);
    assert_eq!(
        refusal(unkeyed.on_severe_weather_alert_receive(
            &signed("x-weather-signature", ALERT_SIGNATURE),
            ALERT
        )),
        SignatureError::NoSecret
    );
}

/// `ALERT` signed with `secret`, through the runtime's signer (only for the wrong-key case; the
/// right signature is the independently computed `ALERT_SIGNATURE`).
fn client_secret_signature(secret: &str) -> String {
    use connectors::runtime::webhook::{HmacAlgorithm, SignatureCheck, SignatureEncoding};
    let check = SignatureCheck {
        header: "x-weather-signature",
        algorithm: HmacAlgorithm::Sha256,
        encoding: SignatureEncoding::Hex,
        prefix: Some("sha256="),
    };
    assert_eq!(check.sign(b"whsec-1", ALERT), ALERT_SIGNATURE);
    check.sign(secret.as_bytes(), ALERT)
}

fn observation(id: &str, at: &str, temperature: f64) -> Value {
    json!({"id": id, "observed_at": at, "temperature": temperature})
}

#[tokio::test]
async fn the_request_poller_hands_out_each_observation_once_and_passes_the_cursor() {
    let server = MockServer::start().await;
    // The listing, newest first, and the `since` of each request.
    let listing: Arc<Mutex<Vec<Value>>> = Arc::new(Mutex::new(vec![
        observation("o2", "2026-11-22T10:00:00Z", 11.5),
        observation("o1", "2026-11-22T09:00:00Z", 10.0),
    ]));
    let cursors: Arc<Mutex<Vec<Option<String>>>> = Arc::new(Mutex::new(Vec::new()));
    let (list, seen) = (listing.clone(), cursors.clone());
    Mock::given(method("GET"))
        .and(path("/observations/S%C3%A3o%20Paulo"))
        .and(query_param("key", "k-1"))
        .and(header("station", "north"))
        .respond_with(move |request: &Request| {
            let since = request
                .url
                .query_pairs()
                .find(|(k, _)| k == "since")
                .map(|(_, v)| v.into_owned());
            seen.lock().unwrap().push(since);
            // The whole list every time: the poller tells new items apart by identity.
            ResponseTemplate::new(200)
                .set_body_json(json!({"observations": list.lock().unwrap().clone()}))
        })
        .mount(&server)
        .await;
    let clock = Clock::manual(SystemTime::UNIX_EPOCH);
    let client = client(&server.uri(), None).with_clock(clock.clone());
    // No clock in the options: the poller waits on the client's manual clock, so a 300 s
    // interval takes no real time. On the system clock this test would time out.
    let options = PollerOptions {
        interval: Duration::from_secs(300),
        capacity: 100,
        ..PollerOptions::default()
    };
    let mut poller = client
        .on_new_observation_poller(
            "São Paulo",
            weather::params::OnNewObservationParams {
                station: Some("north".into()),
            },
            Arc::new(MemoryStore::new()),
            options,
        )
        .unwrap();
    let run = async {
        let mut handled = Vec::new();
        for _ in 0..2 {
            let delivery = poller.next().await.unwrap();
            let item: weather::Observation = delivery.decode().unwrap();
            handled.push(item.id);
            poller.ack(&delivery).await.unwrap();
        }
        // A new observation arrives; the old ones are still listed.
        listing
            .lock()
            .unwrap()
            .insert(0, observation("o3", "2026-11-22T11:00:00Z", 12.0));
        let delivery = poller.next().await.unwrap();
        let item: weather::Observation = delivery.decode().unwrap();
        handled.push(item.id);
        poller.ack(&delivery).await.unwrap();
        // Nothing new: one more listing hands out nothing.
        assert_eq!(poller.poll().await.unwrap(), 0);
        assert!(poller.next_ready().is_none());
        handled
    };
    let handled = tokio::time::timeout(Duration::from_secs(20), run)
        .await
        .expect("the poller waited on the system clock");
    // Oldest first, each once.
    assert_eq!(handled, ["o1", "o2", "o3"]);
    // The spec's first cursor, then the newest acknowledged observation's time.
    assert_eq!(
        *cursors.lock().unwrap(),
        [
            Some("2026-01-01T00:00:00Z".to_owned()),
            Some("2026-11-22T10:00:00Z".to_owned()),
            Some("2026-11-22T11:00:00Z".to_owned()),
        ]
    );
    // The interval between the three listings, on the client's clock.
    assert_eq!(clock.sleeps(), vec![Duration::from_secs(300); 2]);
    assert_eq!(
        poller.checkpoint().cursor.as_deref(),
        Some("2026-11-22T11:00:00Z")
    );
}

#[tokio::test]
async fn the_single_poller_sends_its_body_and_hands_out_each_answer_once() {
    let server = MockServer::start().await;
    // Answers in turn: a digest, the same digest again, nothing new, the next digest.
    let answers: Arc<Mutex<Vec<Option<Value>>>> = Arc::new(Mutex::new(vec![
        Some(json!({"id": "d-1", "region": "north", "text": "Sunny"})),
        Some(json!({"id": "d-1", "region": "north", "text": "Sunny"})),
        None,
        Some(json!({"id": "d-2", "region": "north", "text": "Rain"})),
    ]));
    let queue = answers.clone();
    Mock::given(method("POST"))
        .and(path("/digests/latest"))
        .and(query_param("key", "k-1"))
        .and(body_json(json!({"region": "north", "language": "pt"})))
        .respond_with(move |_: &Request| match queue.lock().unwrap().remove(0) {
            Some(digest) => ResponseTemplate::new(200).set_body_json(digest),
            None => ResponseTemplate::new(202),
        })
        .expect(4)
        .mount(&server)
        .await;
    let client = client(&server.uri(), None).with_clock(Clock::manual(SystemTime::UNIX_EPOCH));
    let body = weather::types::OnDailyDigestBody {
        region: "north".into(),
        language: Some("pt".into()),
    };
    let options = PollerOptions {
        interval: Duration::from_secs(3600),
        ..PollerOptions::default()
    };
    let mut poller = client
        .on_daily_digest_poller(&body, Arc::new(MemoryStore::new()), options)
        .unwrap();
    let mut counts = Vec::new();
    let mut handed = Vec::new();
    for _ in 0..4 {
        counts.push(poller.poll().await.unwrap());
        while let Some(delivery) = poller.next_ready() {
            let digest: weather::Digest = delivery.decode().unwrap();
            handed.push(digest.id);
            poller.ack(&delivery).await.unwrap();
        }
    }
    // The repeated digest and the empty answer hand out nothing.
    assert_eq!(counts, [1, 0, 0, 1]);
    assert_eq!(handed, ["d-1", "d-2"]);
    assert!(answers.lock().unwrap().is_empty());
}

#[test]
fn readings_beyond_the_named_fields_are_kept_by_name() {
    let observation: weather::Observation = serde_json::from_value(json!({
        "id": "o-1",
        "temperature": 12.5,
        "humidity": 81.0,
        "pressure": 1013.2
    }))
    .unwrap();
    assert_eq!(observation.temperature, Some(12.5));
    assert_eq!(observation.additional.get("humidity"), Some(&81.0));
    assert_eq!(observation.additional.len(), 2);
    // Written back with the same keys, the extra ones beside the fields.
    let back = serde_json::to_value(&observation).unwrap();
    assert_eq!(back["pressure"], json!(1013.2));
    assert_eq!(back["id"], json!("o-1"));
    assert!(back.get("additional").is_none());
    // An extra key whose value is not a reading is refused, not dropped.
    assert!(
        serde_json::from_value::<weather::Observation>(json!({"id": "o-2", "note": "windy"}))
            .is_err()
    );
}
