//! Contract tests of the generated GoToMeeting client against a loopback server: the legacy
//! direct login, the create-meeting request of the seed, its 201 answer holding an array, and
//! the service's error answer.

use connectors::gotomeeting::*;
use connectors::runtime::{Error, Secret};
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn connection() -> Connection {
    Connection {
        client_id: Secret::new("consumer-key"),
        email: "organizer@example.com".into(),
        password: Secret::new("s3cret!"),
    }
}

async fn login(server: &MockServer) {
    Mock::given(method("GET"))
        .and(path("/oauth/access_token"))
        .and(query_param("grant_type", "password"))
        .and(query_param("user_id", "organizer@example.com"))
        .and(query_param("password", "s3cret!"))
        .and(query_param("client_id", "consumer-key"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": "RlUe11faKeyCWxZToK3nk0uTKAL",
            "expires_in": "30758399",
            "refresh_token": "d1cp20yB3hrFAKeTokenTr49EZ34kTvNK",
            "organizer_key": "8439885694023999999",
            "account_key": "9999982253621659654",
            "account_type": "",
            "firstName": "Mahar",
            "lastName": "Singh",
            "email": "organizer@example.com",
            "platform": "GLOBAL",
            "version": "2"
        })))
        .expect(1)
        .mount(server)
        .await;
}

fn meeting() -> NewMeeting {
    NewMeeting {
        subject: "Quarterly review".into(),
        starttime: "2026-12-01T15:00:00Z".parse().unwrap(),
        endtime: "2026-12-01T16:00:00Z".parse().unwrap(),
        passwordrequired: false,
        conferencecallinfo: "Hybrid".into(),
        timezonekey: String::new(),
        meetingtype: NewMeetingMeetingtype::Scheduled,
        coorganizer_keys: None,
    }
}

#[tokio::test]
async fn create_meeting_logs_in_once_and_decodes_the_array_answer() {
    let server = MockServer::start().await;
    login(&server).await;
    Mock::given(method("POST"))
        .and(path("/G2M/rest/meetings"))
        .and(header(
            "Authorization",
            "OAuth oauth_token=RlUe11faKeyCWxZToK3nk0uTKAL",
        ))
        .and(header("Content-Type", "application/json"))
        .and(body_json(json!({
            "subject": "Quarterly review",
            "starttime": "2026-12-01T15:00:00Z",
            "endtime": "2026-12-01T16:00:00Z",
            "passwordrequired": false,
            "conferencecallinfo": "Hybrid",
            "timezonekey": "",
            "meetingtype": "scheduled"
        })))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!([{
            "joinURL": "https://global.gotomeeting.com/join/123456789",
            "meetingid": 123456789,
            "maxParticipants": 26,
            "uniqueMeetingId": 123456789,
            "conferenceCallInfo": "United States: +1 (571) 317-3122\nAccess Code: 123-456-789"
        }])))
        .expect(2)
        .mount(&server)
        .await;

    let client = Client::new(connection()).with_base_url(format!("{}/G2M/rest", server.uri()));
    let created = client.create_meeting(&meeting()).await.expect("created");
    assert_eq!(
        created,
        vec![CreatedMeeting {
            join_url: Some("https://global.gotomeeting.com/join/123456789".into()),
            meetingid: Some(123456789),
            max_participants: Some(26),
            unique_meeting_id: Some(123456789),
            conference_call_info: Some(
                "United States: +1 (571) 317-3122\nAccess Code: 123-456-789".into()
            ),
        }]
    );
    // The token is cached: a second call does not log in again.
    client
        .create_meeting(&meeting())
        .await
        .expect("created again");
}

#[tokio::test]
async fn an_error_answer_is_a_typed_error() {
    let server = MockServer::start().await;
    login(&server).await;
    Mock::given(method("POST"))
        .and(path("/G2M/rest/meetings"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "code": "InvalidRequest",
            "message": "starttime must be before endtime"
        })))
        .mount(&server)
        .await;
    let client = Client::new(connection()).with_base_url(format!("{}/G2M/rest", server.uri()));
    match client.create_meeting(&meeting()).await {
        Err(Error::Api {
            status,
            code,
            message,
            ..
        }) => {
            assert_eq!(status, 400);
            assert_eq!(code.as_deref(), Some("InvalidRequest"));
            assert_eq!(message, "starttime must be before endtime");
        }
        other => panic!("expected an API error, got {other:?}"),
    }
}

#[test]
fn credentials_stay_out_of_debug_output() {
    let printed = format!("{:?}", Client::new(connection()));
    assert!(!printed.contains("s3cret!"), "{printed}");
    assert!(!printed.contains("consumer-key"), "{printed}");
}
