//! Contract tests of the generated Zoom client against a loopback server: OAuth token refresh,
//! the seed's create-meeting call with its nested JSON, the seed's 201 answer decoded without
//! loss, Zoom's error body, and 429 with `Retry-After`.

#![recursion_limit = "256"]

use std::time::Duration;

use connectors::runtime::auth::OAuth2Credentials;
use connectors::runtime::{Error, RetryConfig, Secret};
use connectors::zoom::*;
use serde_json::{json, Value};
use wiremock::matchers::{body_json, body_string_contains, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The seed's 201 answer, with concrete values in place of its placeholders.
fn seed_meeting() -> Value {
    json!({
        "assistant_id": "kFFvsJc-Q1OSxaJQLvaa_A",
        "host_email": "jchill@example.com",
        "id": 92674392836i64,
        "registration_url": "https://example.zoom.us/meeting/register/7ksAkRCoEpt1Jm0wa-E6lICLur9e7Lde5oW6",
        "agenda": "My Meeting",
        "created_at": "2022-03-25T07:29:29Z",
        "duration": 60,
        "h323_password": "123456",
        "join_url": "https://example.zoom.us/j/85746065432?pwd=aU1KL0RzaG1ZSEgvQkZ6VFk2bFJZQT09",
        "chat_join_url": "https://example.zoom.us/launch/jc/85746065432",
        "occurrences": [
            { "duration": 60, "occurrence_id": "1648194360000", "start_time": "2022-03-25T07:46:00Z", "status": "available" },
            { "duration": 60, "occurrence_id": "1648280760000", "start_time": "2022-03-26T07:46:00Z", "status": "deleted" }
        ],
        "password": "123456",
        "pmi": "97891943927",
        "pre_schedule": false,
        "recurrence": {
            "type": 1,
            "end_date_time": "2022-04-02T15:59:00Z",
            "end_times": 7,
            "monthly_day": 1,
            "monthly_week": 1,
            "monthly_week_day": 1,
            "repeat_interval": 1,
            "weekly_days": "1"
        },
        "settings": {
            "allow_multiple_devices": true,
            "alternative_hosts": "jchill@example.com;thill@example.com",
            "alternative_hosts_email_notification": true,
            "alternative_host_update_polls": true,
            "approval_type": 0,
            "approved_or_denied_countries_or_regions": {
                "approved_list": ["CX"],
                "denied_list": ["CA"],
                "enable": true,
                "method": "approve"
            },
            "audio": "telephony",
            "audio_conference_info": "test",
            "authentication_domains": "example.com",
            "authentication_exception": [
                { "email": "jchill@example.com", "name": "Jill Chill", "join_url": "https://example.zoom.us/s/11111" }
            ],
            "authentication_name": "Sign in to Zoom",
            "authentication_option": "signIn_D8cJuqWVQ623CI4Q8yQK0Q",
            "auto_recording": "cloud",
            "breakout_room": {
                "enable": true,
                "rooms": [ { "name": "room1", "participants": ["jchill@example.com"] } ]
            },
            "calendar_type": 1,
            "close_registration": false,
            "cn_meeting": false,
            "contact_email": "jchill@example.com",
            "contact_name": "Jill Chill",
            "custom_keys": [ { "key": "key1", "value": "value1" } ],
            "email_notification": true,
            "encryption_type": "enhanced_encryption",
            "enforce_login": true,
            "enforce_login_domains": "example.com",
            "focus_mode": true,
            "global_dial_in_countries": ["US"],
            "global_dial_in_numbers": [
                { "city": "New York", "country": "US", "country_name": "US", "number": "+1 1000200200", "type": "toll" }
            ],
            "host_video": true,
            "in_meeting": false,
            "jbh_time": 0,
            "join_before_host": true,
            "language_interpretation": {
                "enable": true,
                "interpreters": [ { "email": "interpreter@example.com", "languages": "US,FR" } ]
            },
            "sign_language_interpretation": {
                "enable": true,
                "interpreters": [ { "email": "signer@example.com", "sign_language": "American" } ]
            },
            "meeting_authentication": true,
            "mute_upon_entry": false,
            "participant_video": false,
            "private_meeting": false,
            "registrants_confirmation_email": true,
            "registrants_email_notification": true,
            "registration_type": 1,
            "show_share_button": true,
            "use_pmi": false,
            "waiting_room": false,
            "watermark": false,
            "host_save_video_order": true,
            "internal_meeting": false,
            "continuous_meeting_chat": {
                "enable": true,
                "auto_add_invited_external_users": true,
                "channel_id": "cabc1234567defghijkl01234"
            },
            "participant_focused_meeting": false,
            "push_change_to_calendar": false,
            "resources": [
                { "resource_type": "whiteboard", "resource_id": "X4Hy02w3QUOdskKofgb9Jg", "permission_level": "editor" }
            ],
            "auto_start_meeting_summary": false,
            "auto_start_ai_companion_questions": false
        },
        "start_time": "2022-03-25T07:29:29Z",
        "start_url": "https://example.zoom.us/s/85746065432?zak=eyJ0eXA",
        "timezone": "America/Los_Angeles",
        "topic": "My Meeting",
        "tracking_fields": [ { "field": "field1", "value": "value1", "visible": true } ],
        "type": 2
    })
}

/// A create request using the nested parts of the seed.
fn seed_request() -> Value {
    json!({
        "topic": "My Meeting",
        "type": 8,
        "pre_schedule": false,
        "start_time": "2022-03-25T07:29:29Z",
        "duration": 60,
        "schedule_for": "jchill@example.com",
        "timezone": "America/Los_Angeles",
        "password": "123456",
        "default_password": false,
        "agenda": "My Meeting",
        "recurrence": { "type": 2, "end_times": 7, "repeat_interval": 1, "weekly_days": "1,3" },
        "settings": {
            "host_video": true,
            "participant_video": false,
            "join_before_host": true,
            "approval_type": 2,
            "audio": "both",
            "auto_recording": "none",
            "breakout_room": { "enable": true, "rooms": [ { "name": "room1", "participants": ["jchill@example.com"] } ] },
            "language_interpretation": { "enable": true, "interpreters": [ { "email": "interpreter@example.com", "languages": "US,FR" } ] }
        },
        "tracking_fields": [ { "field": "field1", "value": "value1" } ]
    })
}

fn credentials(server: &MockServer) -> OAuth2Credentials {
    OAuth2Credentials::new("zoom-client", Secret::new("zoom-secret"))
        .with_tokens(None, Some(Secret::new("refresh-1")))
        .with_token_url(format!("{}/oauth/token", server.uri()))
}

async fn token_endpoint(server: &MockServer, times: u64) {
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .and(header(
            "Authorization",
            "Basic em9vbS1jbGllbnQ6em9vbS1zZWNyZXQ=",
        ))
        .and(body_string_contains("grant_type=refresh_token"))
        .and(body_string_contains("refresh_token=refresh-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": "access-1",
            "token_type": "bearer",
            "refresh_token": "refresh-2",
            "expires_in": 3599,
            "scope": "meeting:write"
        })))
        .expect(times)
        .mount(server)
        .await;
}

fn client(server: &MockServer) -> Client {
    Client::new(Connection {}, credentials(server)).with_base_url(format!("{}/v2", server.uri()))
}

#[tokio::test]
async fn create_meeting_sends_the_nested_json_and_decodes_the_seed_answer_without_loss() {
    let server = MockServer::start().await;
    token_endpoint(&server, 1).await;
    Mock::given(method("POST"))
        .and(path("/v2/users/me/meetings"))
        .and(header("Authorization", "Bearer access-1"))
        .and(header("Content-Type", "application/json"))
        .and(header("Accept", "application/json"))
        .and(body_json(seed_request()))
        .respond_with(ResponseTemplate::new(201).set_body_json(seed_meeting()))
        .expect(3)
        .mount(&server)
        .await;

    let body: NewMeeting = serde_json::from_value(seed_request()).expect("the request is typed");
    assert_eq!(body.type_, Some(MeetingType::RecurringMeetingWithFixedTime));
    let client = client(&server);
    // Three concurrent calls share one token refresh.
    let (a, b, c) = tokio::join!(
        client.create_meeting("me", &body),
        client.create_meeting("me", &body),
        client.create_meeting("me", &body)
    );
    let meeting = a.expect("created");
    assert_eq!(b.unwrap(), meeting);
    assert_eq!(c.unwrap(), meeting);
    assert_eq!(meeting.id, Some(92674392836));
    assert_eq!(meeting.type_, Some(MeetingType::ScheduledMeeting));
    // Nothing of the answer is lost: the typed value writes back the same JSON.
    assert_eq!(serde_json::to_value(&meeting).unwrap(), seed_meeting());
}

#[tokio::test]
async fn zoom_errors_decode_into_the_typed_error() {
    let server = MockServer::start().await;
    token_endpoint(&server, 1).await;
    Mock::given(method("POST"))
        .and(path("/v2/users/nobody/meetings"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "code": 300,
            "message": "Validation Failed.",
            "errors": [ { "field": "settings.audio", "message": "Invalid value." } ]
        })))
        .mount(&server)
        .await;
    let error = client(&server)
        .create_meeting("nobody", &NewMeeting::default())
        .await
        .expect_err("fails");
    let typed: ErrorBody = error.body().expect("the error body is typed");
    assert_eq!(typed.message.as_deref(), Some("Validation Failed."));
    let field_errors = typed.errors.expect("field errors");
    assert_eq!(field_errors[0].field.as_deref(), Some("settings.audio"));
    match error {
        Error::Api {
            status,
            code,
            message,
            details,
            body,
            body_cut,
        } => {
            assert_eq!(status, 400);
            assert_eq!(body_cut, 0, "a small body is kept whole");
            assert_eq!(code.as_deref(), Some("300"));
            assert_eq!(message, "Validation Failed.");
            assert_eq!(details, vec!["settings.audio: Invalid value.".to_owned()]);
            let typed: ZoomError = serde_json::from_str(&body).expect("the error body is typed");
            assert_eq!(typed.code, Some(300));
        }
        other => panic!("expected an API error, got {other:?}"),
    }
}

#[tokio::test]
async fn rate_limits_are_retried_after_the_delay_zoom_asks_for() {
    let server = MockServer::start().await;
    token_endpoint(&server, 2).await;
    Mock::given(method("POST"))
        .and(path("/v2/users/me/meetings"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("Retry-After", "1")
                .insert_header("X-RateLimit-Category", "Medium")
                .insert_header("X-RateLimit-Type", "QPS")
                .set_body_json(json!({ "code": 429, "message": "You have reached the maximum per-second rate limit for this API." })),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v2/users/me/meetings"))
        .respond_with(ResponseTemplate::new(201).set_body_json(seed_meeting()))
        .mount(&server)
        .await;
    let started = std::time::Instant::now();
    let meeting = client(&server)
        .create_meeting("me", &NewMeeting::default())
        .await
        .expect("retried");
    assert!(started.elapsed() >= Duration::from_millis(900));
    assert_eq!(meeting.topic.as_deref(), Some("My Meeting"));

    // Without retries the caller sees the typed rate-limit error.
    Mock::given(method("POST"))
        .and(path("/v2/users/busy/meetings"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "30"))
        .mount(&server)
        .await;
    let error = client(&server)
        .with_retry_config(RetryConfig::disabled())
        .create_meeting("busy", &NewMeeting::default())
        .await
        .expect_err("rate limited");
    match error {
        Error::RateLimited { retry_after } => {
            assert_eq!(retry_after, Some(Duration::from_secs(30)))
        }
        other => panic!("expected a rate-limit error, got {other:?}"),
    }
}
