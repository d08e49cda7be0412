//! Contract tests of the generated ClickMeeting client against a loopback server: the API key
//! header, form bodies with nested bracket keys and 1/0 booleans, `?page=N`, multipart upload,
//! binary downloads, the seed's sample answers and ClickMeeting's error body.

use connectors::clickmeeting::*;
use connectors::runtime::{Error, File, Secret};
use serde_json::json;
use wiremock::matchers::{body_string, body_string_contains, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "104e9287d9f489a56814ca9c8a8ba2f83d3f0281";

async fn setup() -> (MockServer, Client) {
    let server = MockServer::start().await;
    let client = Client::new(Connection {
        api_key: Secret::new(KEY),
    })
    .with_base_url(format!("{}/v1", server.uri()));
    (server, client)
}

fn conference() -> serde_json::Value {
    json!({
        "id": 1416982686,
        "room_type": "meeting",
        "name": "my_meeting",
        "name_url": "my_meeting",
        "room_url": "http://myaccount.clickmeeting.com/my_meeting",
        "embed_room_url": "https://embed.clickmeeting.com/embed_conference.html?r=1416982686",
        "status": "active",
        "access_type": 1,
        "permanent_room": false,
        "lobby_description": "My lobby description",
        "registration_enabled": 0,
        "room_pin": 121851268,
        "phone_presenter_pin": 963523,
        "phone_listener_pin": 971005,
        "timezone": "America/New_York",
        "timezone_offset": -18000,
        "starts_at": "2014-02-24T22:00:00-05:00",
        "ends_at": "2014-02-24T23:00:00-05:00",
        "updated_at": "2014-02-24T22:02:46-11:00",
        "created_at": "2014-02-24T22:02:46-11:00",
        "ccc": "2014-02-24 23:00:00",
        "access_role_hashes": { "listener": "0cb61e2dd0ae19c8eb252900581a", "presenter": "4d6a4ba6ba2cd0d7c7fe5ab11f2c", "host": "3ad7fe88e4e1b68b6b6cc10a7c14" },
        "recorder_list": [],
        "widgets_hash": "a6ba2cd0d7c7fe5ab11f2c",
        "settings": {
            "show_on_personal_page": true,
            "thank_you_emails_enabled": true,
            "connection_tester_enabled": true,
            "phonegateway_enabled": true,
            "recorder_autostart_enabled": false,
            "room_invite_button_enabled": true,
            "social_media_sharing_enabled": true,
            "connection_status_enabled": true,
            "thank_you_page_url": "http://example.com/thank_you"
        }
    })
}

#[tokio::test]
async fn list_conferences_sends_the_status_the_page_and_the_key() {
    let (server, client) = setup().await;
    Mock::given(method("GET"))
        .and(path("/v1/conferences/inactive"))
        .and(query_param("page", "2"))
        .and(header("X-Api-Key", KEY))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([conference()])))
        .expect(1)
        .mount(&server)
        .await;
    let rooms = client
        .list_conferences(
            ConferenceStatus::Inactive,
            params::ListConferencesParams { page: Some(2) },
        )
        .await
        .unwrap();
    let room = &rooms[0];
    assert_eq!(room.id, 1416982686);
    assert_eq!(room.room_type, Some(RoomType::Meeting));
    assert_eq!(room.access_type, Some(AccessType::V1));
    assert_eq!(room.status, Some(ConferenceStatus::Active));
    assert_eq!(
        room.updated_at.map(|t| t.to_rfc3339()),
        Some("2014-02-25T09:02:46+00:00".to_owned())
    );
    assert_eq!(
        room.access_role_hashes
            .as_ref()
            .and_then(|h| h.host.as_deref()),
        Some("3ad7fe88e4e1b68b6b6cc10a7c14")
    );
    assert_eq!(
        room.settings.as_ref().and_then(|s| s.phonegateway_enabled),
        Some(true)
    );
}

#[tokio::test]
async fn create_conference_sends_a_form_with_nested_keys_and_digit_booleans() {
    let (server, client) = setup().await;
    Mock::given(method("POST"))
        .and(path("/v1/conferences"))
        .and(header("Content-Type", "application/x-www-form-urlencoded"))
        .and(body_string(
            "name=my_meeting&room_type=meeting&permanent_room=0&access_type=3&lobby_enabled=1\
             &settings%5Bshow_on_personal_page%5D=1&settings%5Bthank_you_emails_enabled%5D=0",
        ))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({ "room": conference() })))
        .expect(1)
        .mount(&server)
        .await;
    let body = NewConference {
        name: "my_meeting".into(),
        room_type: RoomType::Meeting,
        permanent_room: false,
        access_type: AccessType::V3,
        custom_room_url_name: None,
        lobby_description: None,
        lobby_enabled: Some(true),
        starts_at: None,
        duration: None,
        timezone: None,
        skin_id: None,
        password: None,
        registration: None,
        settings: Some(ConferenceSettings {
            show_on_personal_page: Some(true),
            thank_you_emails_enabled: Some(false),
            ..ConferenceSettings::default()
        }),
    };
    let created = client.create_conference(&body).await.unwrap();
    assert_eq!(created.room.name.as_deref(), Some("my_meeting"));
}

#[tokio::test]
async fn send_invitations_writes_lists_of_objects_as_indexed_keys() {
    let (server, client) = setup().await;
    Mock::given(method("POST"))
        .and(path("/v1/conferences/1416982686/invitation/email/en"))
        .and(body_string_contains(
            "attendees%5B0%5D%5Bemail%5D=ada%40example.com",
        ))
        .and(body_string_contains(
            "attendees%5B1%5D%5Bemail%5D=bob%40example.com",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "status": "OK" })))
        .expect(1)
        .mount(&server)
        .await;
    let body = SendInvitationsBody {
        attendees: vec![
            InvitationAttendee {
                email: "ada@example.com".into(),
            },
            InvitationAttendee {
                email: "bob@example.com".into(),
            },
        ],
        template: None,
        role: None,
    };
    let status = client
        .send_invitations(1416982686, "en", &body)
        .await
        .unwrap();
    assert_eq!(status.status.as_deref(), Some("OK"));
}

#[tokio::test]
async fn generate_session_pdf_decodes_the_report_status() {
    let (server, client) = setup().await;
    Mock::given(method("GET"))
        .and(path("/v1/conferences/65724/sessions/42/generate-pdf/pl"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "status": "FINISHED",
            "progress": 100,
            "url": "http://api.clickmeeting.com/panel/pdf/pl/65724/xvOac"
        })))
        .mount(&server)
        .await;
    let report = client.generate_session_pdf(65724, 42, "pl").await.unwrap();
    assert_eq!(report.status, PdfStatus::Finished);
    assert_eq!(report.progress, Some(100));
}

#[tokio::test]
async fn add_contact_and_simple_lookups() {
    let (server, client) = setup().await;
    Mock::given(method("POST"))
        .and(path("/v1/contacts"))
        .and(body_string(
            "email=ada%40example.com&firstname=Ada&lastname=Lovelace&country=GB",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "status": "OK" })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/time_zone_list"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([
            "Africa/Abidjan",
            "Africa/Accra",
            "Africa/Addis_Ababa"
        ])))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/ping"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "ping": "pong" })))
        .mount(&server)
        .await;
    let added = client
        .add_contact(&AddContactBody {
            email: "ada@example.com".into(),
            firstname: "Ada".into(),
            lastname: "Lovelace".into(),
            phone: None,
            company: None,
            country: Some("GB".into()),
        })
        .await
        .unwrap();
    assert_eq!(added.status.as_deref(), Some("OK"));
    assert_eq!(client.list_time_zones().await.unwrap().len(), 3);
    assert_eq!(client.ping().await.unwrap().ping.as_deref(), Some("pong"));
}

#[tokio::test]
async fn upload_file_sends_a_multipart_file_part() {
    let (server, client) = setup().await;
    Mock::given(method("POST"))
        .and(path("/v1/file-library"))
        .and(header("X-Api-Key", KEY))
        .and(body_string_contains(
            "Content-Disposition: form-data; name=\"uploaded\"; filename=\"profile.png\"",
        ))
        .and(body_string_contains("PNGDATA"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({
            "status": "converted",
            "url": "http://api.clickmeeting.com/v1/file-library/1482/download",
            "document_type": "image",
            "id": 1482,
            "conversion_progress": 0,
            "status_message": "",
            "name": "profile.png",
            "upload_date": "2014-08-22 13:14:03"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let uploaded = client
        .upload_file(&UploadFileBody {
            uploaded: File::new("profile.png", b"PNGDATA".to_vec()).with_content_type("image/png"),
        })
        .await
        .unwrap();
    assert_eq!(uploaded.id, 1482);
    assert_eq!(uploaded.upload_date.as_deref(), Some("2014-08-22 13:14:03"));
    let requests = server.received_requests().await.unwrap();
    let content_type = requests[0].headers.get("content-type").unwrap();
    assert!(content_type
        .to_str()
        .unwrap()
        .starts_with("multipart/form-data; boundary="));
}

#[tokio::test]
async fn downloads_return_the_bytes() {
    let (server, client) = setup().await;
    Mock::given(method("GET"))
        .and(path("/v1/file-library/1106/download"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(vec![0x89, b'P', b'N', b'G']))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/chats/77"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(b"PK\x03\x04".to_vec()))
        .mount(&server)
        .await;
    assert_eq!(
        client.download_file(1106).await.unwrap(),
        vec![0x89, b'P', b'N', b'G']
    );
    assert_eq!(
        client.download_chat(77).await.unwrap(),
        b"PK\x03\x04".to_vec()
    );
}

#[tokio::test]
async fn errors_decode_into_the_typed_error() {
    let (server, client) = setup().await;
    Mock::given(method("GET"))
        .and(path("/v1/conferences/1"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({
            "code": 404,
            "errors": [ { "message": "Conference not found" } ]
        })))
        .mount(&server)
        .await;
    let error = client.get_conference(1).await.expect_err("not found");
    let typed: ErrorBody = error.body().expect("the error body is typed");
    assert_eq!(typed.code, Some(404));
    match error {
        Error::Api {
            status,
            code,
            message,
            details,
            ..
        } => {
            assert_eq!(status, 404);
            assert_eq!(code.as_deref(), Some("404"));
            assert_eq!(message, "Conference not found");
            assert_eq!(details, vec!["Conference not found".to_owned()]);
        }
        other => panic!("expected an API error, got {other:?}"),
    }
}
