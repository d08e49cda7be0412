//! Contract tests of the generated GoToWebinar client against a loopback server: every action
//! of the seed (GetWebinar, ListRegistrations, AddRegistrant, GetRegistrant, ListWebinars) sends
//! the documented request and decodes the seed's objects without loss; errors are typed.

use connectors::gotowebinar::*;
use connectors::runtime::auth::OAuth2Credentials;
use connectors::runtime::{Error, Secret};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ORGANIZER: &str = "8439885694023999999";

fn webinar() -> Value {
    json!({
        "webinarKey": "4361567416282389776",
        "numberOfRegistrationLinkClicks": 12,
        "times": [ { "startTime": "2026-12-01T15:00:00Z", "endTime": "2026-12-01T16:00:00Z" } ],
        "numberOfRegistrants": 3,
        "webinarID": "123456789",
        "subject": "Product launch",
        "description": "What is new this quarter.",
        "timeZone": "America/New_York",
        "inSession": false,
        "organizerKey": 8439885694023999999i64,
        "registrationUrl": "https://attendee.gotowebinar.com/register/4361567416282389776",
        "numberOfOpenedInvitations": 7
    })
}

fn webinar_summary() -> Value {
    let mut summary = webinar();
    let object = summary.as_object_mut().unwrap();
    object.remove("numberOfRegistrationLinkClicks");
    object.remove("numberOfOpenedInvitations");
    summary
}

fn registrant() -> Value {
    json!({
        "firstName": "Ada",
        "lastName": "Lovelace",
        "unsubscribed": false,
        "registrationDate": "2026-11-20T10:00:00Z",
        "timeZone": "Europe/London",
        "responses": [ { "question": "Company?", "answer": "Analytical Engines" } ],
        "joinUrl": "https://global.gotowebinar.com/join/4361567416282389776/987654321",
        "type": "single_session",
        "registrantKey": "5678901234",
        "email": "ada@example.com",
        "status": "APPROVED"
    })
}

fn registrant_summary() -> Value {
    let mut summary = registrant();
    let object = summary.as_object_mut().unwrap();
    for key in ["unsubscribed", "responses", "type"] {
        object.remove(key);
    }
    summary
}

/// Decoding then encoding gives back the same JSON: no field of the sample is lost.
fn lossless<T: Serialize + DeserializeOwned>(value: &T, sample: Value) {
    assert_eq!(serde_json::to_value(value).unwrap(), sample);
}

async fn setup() -> (MockServer, Client) {
    let server = MockServer::start().await;
    let credentials = OAuth2Credentials::new("client", Secret::new("secret"))
        .with_tokens(Some(Secret::new("token-1")), None);
    let client = Client::new(
        Connection {
            organizer_key: ORGANIZER.into(),
        },
        credentials,
    )
    .with_base_url(format!("{}/G2W/rest/v2", server.uri()));
    (server, client)
}

fn webinars_path(rest: &str) -> String {
    format!("/G2W/rest/v2/organizers/{ORGANIZER}/webinars{rest}")
}

#[tokio::test]
async fn get_webinar() {
    let (server, client) = setup().await;
    Mock::given(method("GET"))
        .and(path(webinars_path("/4361567416282389776")))
        .and(header("Authorization", "Bearer token-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(webinar()))
        .expect(1)
        .mount(&server)
        .await;
    let found = client.get_webinar("4361567416282389776").await.unwrap();
    assert_eq!(found.organizer_key, Some(8439885694023999999));
    lossless(&found, webinar());
}

#[tokio::test]
async fn list_webinars() {
    let (server, client) = setup().await;
    Mock::given(method("GET"))
        .and(path(webinars_path("")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([webinar_summary()])))
        .expect(1)
        .mount(&server)
        .await;
    let list = client.list_webinars().await.unwrap();
    assert_eq!(list.len(), 1);
    lossless(&list, json!([webinar_summary()]));
}

#[tokio::test]
async fn list_registrations() {
    let (server, client) = setup().await;
    Mock::given(method("GET"))
        .and(path(webinars_path("/4361567416282389776/registrants")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([registrant_summary()])))
        .expect(1)
        .mount(&server)
        .await;
    let list = client
        .list_registrations("4361567416282389776")
        .await
        .unwrap();
    lossless(&list, json!([registrant_summary()]));
}

#[tokio::test]
async fn get_registrant() {
    let (server, client) = setup().await;
    Mock::given(method("GET"))
        .and(path(webinars_path(
            "/4361567416282389776/registrants/5678901234",
        )))
        .respond_with(ResponseTemplate::new(200).set_body_json(registrant()))
        .expect(1)
        .mount(&server)
        .await;
    let found = client
        .get_registrant("4361567416282389776", "5678901234")
        .await
        .unwrap();
    lossless(&found, registrant());
}

#[tokio::test]
async fn add_registrant() {
    let (server, client) = setup().await;
    let result = json!({
        "registrantKey": "5678901234",
        "joinUrl": "https://global.gotowebinar.com/join/4361567416282389776/987654321",
        "status": "APPROVED",
        "description": "Registrant was added."
    });
    Mock::given(method("POST"))
        .and(path(webinars_path("/4361567416282389776/registrants")))
        .and(header("Content-Type", "application/json"))
        .and(body_json(json!({
            "email": "ada@example.com",
            "firstName": "Ada",
            "lastName": "Lovelace"
        })))
        .respond_with(ResponseTemplate::new(201).set_body_json(result.clone()))
        .expect(1)
        .mount(&server)
        .await;
    let added = client
        .add_registrant(
            "4361567416282389776",
            &NewRegistrant {
                email: Some("ada@example.com".into()),
                first_name: Some("Ada".into()),
                last_name: Some("Lovelace".into()),
            },
        )
        .await
        .unwrap();
    lossless(&added, result);
}

#[tokio::test]
async fn a_duplicate_registrant_is_a_typed_conflict() {
    let (server, client) = setup().await;
    Mock::given(method("POST"))
        .and(path(webinars_path("/4361567416282389776/registrants")))
        .respond_with(ResponseTemplate::new(409).set_body_json(json!({
            "errorCode": "DuplicateRegistrant",
            "description": "The user is already registered.",
            "registrantKey": 5678901234i64
        })))
        .mount(&server)
        .await;
    let error = client
        .add_registrant("4361567416282389776", &NewRegistrant::default())
        .await
        .expect_err("conflict");
    match error {
        Error::Api { status, body, .. } => {
            assert_eq!(status, 409);
            assert!(body.contains("DuplicateRegistrant"));
        }
        other => panic!("expected an API error, got {other:?}"),
    }
}
