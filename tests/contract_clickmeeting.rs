//! Contract tests of the generated ClickMeeting client against a loopback server: the API key
//! header, form bodies with nested bracket keys and 1/0 booleans, `?page=N`, multipart upload,
//! binary downloads, the seed's sample answers and ClickMeeting's error body.

use connectors::clickmeeting::*;
use connectors::runtime::{Error, File, Nullable, Secret};
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
    assert_eq!(room.access_type, Some(AccessType::OpenNoPasswordOrToken));
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
        access_type: AccessType::TokenProtectedSingleUseTokenPerInvitee,
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

fn room_4085() -> serde_json::Value {
    json!({
        "embed_room_url": "https://embed.clickmeeting.com/embed_conference.html?r=1416984085",
        "status": "active",
        "access_type": 1,
        "room_type": "meeting",
        "name_url": "my_room",
        "updated_at": "2014-08-22T12:03:33+02:00",
        "lobby_description": "My lobby description",
        "room_pin": 183141694,
        "phone_presenter_pin": 392544,
        "phone_listener_pin": 372617,
        "name": "My Room Name",
        "lobby_enabled": 1,
        "id": 4085,
        "room_url": "http://example.clickmeeting.com/my_room",
        "timezone": "America/New_York",
        "registration_enabled": 1,
        "timezone_offset": 7200,
        "access_role_hashes": {
            "listener": "f2db8039be8c242d1717300053f71575",
            "presenter": "4198c967d324a70b91231a0053f71575",
            "host": "bdeabba4eba649f242f8de0053f71575"
        },
        "created_at": "2013-06-27T09:36:55+02:00",
        "recorder_list": [],
        "permanent_room": true
    })
}

fn library_file(id: i64, name: &str, uploaded: &str) -> serde_json::Value {
    json!({
        "status": "converted",
        "url": format!("http://api.clickmeeting.com/v1/file-library/{id}/download"),
        "document_type": "image",
        "id": id,
        "conversion_progress": 0,
        "status_message": "",
        "name": name,
        "upload_date": uploaded
    })
}

fn registration(id: i64, session_id: i64, email: &str) -> serde_json::Value {
    json!({
        "registration_date": "2013-12-01T08:06:05+01:00",
        "registration_confirmed": "null",
        "fields": {
            "First Name": "name",
            "Last Name": "name",
            "Email Address": email
        },
        "id": id,
        "session_id": session_id,
        "email": email,
        "visitor_nickname": "name"
    })
}

#[tokio::test]
async fn get_conference_decodes_the_envelope() {
    let (server, client) = setup().await;
    Mock::given(method("GET"))
        .and(path("/v1/conferences/4085"))
        .and(header("X-Api-Key", KEY))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({ "conference": room_4085() })),
        )
        .expect(1)
        .mount(&server)
        .await;
    let room = client.get_conference(4085).await.unwrap().conference;
    assert_eq!(room.id, 4085);
    assert_eq!(room.name.as_deref(), Some("My Room Name"));
    assert_eq!(room.permanent_room, Some(true));
    assert_eq!(
        room.registration_enabled,
        Some(ConferenceRegistrationEnabled::RegistrationOn)
    );
    assert_eq!(room.lobby_enabled, Some(json!(1)));
    assert_eq!(room.timezone_offset, Some(7200));
}

#[tokio::test]
async fn edit_conference_puts_a_form_with_nested_keys() {
    let (server, client) = setup().await;
    Mock::given(method("PUT"))
        .and(path("/v1/conferences/4085"))
        .and(header("X-Api-Key", KEY))
        .and(header("Content-Type", "application/x-www-form-urlencoded"))
        .and(body_string(
            "name=My+Room+Name&permanent_room=1&lobby_enabled=0\
             &registration%5Benabled%5D=1&registration%5Btemplate%5D=2&status=inactive\
             &settings%5Brecorder_autostart_enabled%5D=1",
        ))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({ "conference": room_4085() })),
        )
        .expect(1)
        .mount(&server)
        .await;
    let changes = ConferenceChanges {
        name: Some("My Room Name".into()),
        permanent_room: Some(true),
        lobby_enabled: Some(false),
        registration: Some(RegistrationSettings {
            enabled: Some(true),
            template: Some(RegistrationTemplate::Template2),
        }),
        status: Some(ConferenceStatus::Inactive),
        settings: Some(ConferenceSettings {
            recorder_autostart_enabled: Some(true),
            ..ConferenceSettings::default()
        }),
        ..ConferenceChanges::default()
    };
    let room = client.edit_conference(4085, &changes).await.unwrap();
    assert_eq!(room.conference.name.as_deref(), Some("My Room Name"));
}

#[tokio::test]
async fn registration_switch_and_template_put_nested_registration_keys() {
    let (server, client) = setup().await;
    Mock::given(method("PUT"))
        .and(path("/v1/conferences/4085"))
        .and(header("X-Api-Key", KEY))
        .and(body_string("registration%5Benabled%5D=0"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({ "conference": room_4085() })),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/v1/conferences/4085"))
        .and(header("X-Api-Key", KEY))
        .and(body_string(
            "registration%5Benabled%5D=1&registration%5Btemplate%5D=3",
        ))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({ "conference": room_4085() })),
        )
        .expect(1)
        .mount(&server)
        .await;
    let switched = client
        .set_conference_registration(
            4085,
            &SetConferenceRegistrationBody {
                registration: RegistrationToggle { enabled: false },
            },
        )
        .await
        .unwrap();
    assert_eq!(switched.conference.id, 4085);
    let templated = client
        .update_conference_registration_template(
            4085,
            &UpdateConferenceRegistrationTemplateBody {
                registration: RegistrationTemplateSettings {
                    enabled: true,
                    template: RegistrationTemplate::Template3,
                },
            },
        )
        .await
        .unwrap();
    assert_eq!(
        templated.conference.lobby_description.as_deref(),
        Some("My lobby description")
    );
}

#[tokio::test]
async fn delete_conference_and_list_skins() {
    let (server, client) = setup().await;
    Mock::given(method("DELETE"))
        .and(path("/v1/conferences/4085"))
        .and(header("X-Api-Key", KEY))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "result": "OK" })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/conferences/skins"))
        .and(header("X-Api-Key", KEY))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([{
            "id": "1",
            "name": "Business 1",
            "thumbnail_url": "http://panel.clickmeeting.com/images/conferences/skin_templates/business_1/preview.png"
        }])))
        .expect(1)
        .mount(&server)
        .await;
    let deleted = client.delete_conference(4085).await.unwrap();
    assert_eq!(deleted.result.as_deref(), Some("OK"));
    let skins = client.list_skins().await.unwrap();
    assert_eq!(skins[0].id.as_deref(), Some("1"));
    assert_eq!(skins[0].name.as_deref(), Some("Business 1"));
}

#[tokio::test]
async fn access_tokens_are_generated_and_listed() {
    let (server, client) = setup().await;
    Mock::given(method("POST"))
        .and(path("/v1/conferences/4085/tokens"))
        .and(header("X-Api-Key", KEY))
        .and(header("Content-Type", "application/x-www-form-urlencoded"))
        .and(body_string("how_many=2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_tokens": [
                { "token": "D9P7YW", "sent_to_email": null, "first_use_date": null },
                { "token": "A9H6A7", "sent_to_email": null, "first_use_date": null }
            ]
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/conferences/4085/tokens"))
        .and(header("X-Api-Key", KEY))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_tokens": [
                { "token": "D989F8", "sent_to_email": "example1@mydomain.com", "first_use_date": "2014-08-26T10:13:27+02:00" },
                { "token": "99P8W3", "sent_to_email": "example2@mydomain.com", "first_use_date": "2014-08-28T10:14:22+02:00" }
            ]
        })))
        .expect(1)
        .mount(&server)
        .await;
    let generated = client
        .generate_access_tokens(4085, &GenerateAccessTokensBody { how_many: 2 })
        .await
        .unwrap();
    let generated = generated.access_tokens.unwrap();
    assert_eq!(generated.len(), 2);
    assert_eq!(generated[0].token, "D9P7YW");
    // Sent as `null`: decoded as `Null`, not as a missing key.
    assert_eq!(generated[0].sent_to_email, Nullable::Null);
    assert_eq!(generated[0].first_use_date, Nullable::Null);
    let listed = client
        .list_access_tokens(4085)
        .await
        .unwrap()
        .access_tokens
        .unwrap();
    assert_eq!(listed[1].token, "99P8W3");
    assert_eq!(
        listed[0].sent_to_email.as_ref().map(String::as_str),
        Some("example1@mydomain.com")
    );
    assert_eq!(
        listed[0].first_use_date.as_ref().map(|t| t.to_rfc3339()),
        Some("2014-08-26T08:13:27+00:00".to_owned())
    );
}

#[tokio::test]
async fn create_autologin_hash_sends_the_person_as_a_form() {
    let (server, client) = setup().await;
    Mock::given(method("POST"))
        .and(path("/v1/conferences/4085/room/autologin_hash"))
        .and(header("X-Api-Key", KEY))
        .and(header("Content-Type", "application/x-www-form-urlencoded"))
        .and(body_string(
            "email=ada%40example.com&nickname=Ada&role=presenter&token=D9P7YW",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "autologin_hash": "AQN4AHO8YKkNL3O1nUSgqauNqacwrKMeYaOvrxO8YKkNpUIbpJkNs____"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let hash = client
        .create_autologin_hash(
            4085,
            &CreateAutologinHashBody {
                email: "ada@example.com".into(),
                nickname: "Ada".into(),
                role: AttendeeRole::Presenter,
                password: None,
                token: Some("D9P7YW".into()),
            },
        )
        .await
        .unwrap();
    assert_eq!(
        hash.autologin_hash.as_deref(),
        Some("AQN4AHO8YKkNL3O1nUSgqauNqacwrKMeYaOvrxO8YKkNpUIbpJkNs____")
    );
}

#[tokio::test]
async fn sessions_are_listed_and_read() {
    let (server, client) = setup().await;
    Mock::given(method("GET"))
        .and(path("/v1/conferences/4085/sessions"))
        .and(header("X-Api-Key", KEY))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([
            {
                "max_visitors": 1,
                "id": 65177,
                "start_date": "2014-07-14T11:55:00+02:00",
                "end_date": "2014-07-14T12:06:00+02:00",
                "total_visitors": 1
            },
            {
                "max_visitors": 1,
                "id": 65178,
                "start_date": "2014-07-14T12:25:00+02:00",
                "end_date": "2014-07-14T12:41:00+02:00",
                "total_visitors": 1
            }
        ])))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/conferences/4085/sessions/65177"))
        .and(header("X-Api-Key", KEY))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "max_visitors": 1,
            "attendees": [{
                "id": 867,
                "start_date": "2014-07-14T11:55:00+02:00",
                "email": "visitor@mydomain.com",
                "end_date": "2014-07-14T12:06:00+02:00",
                "login": "visitor"
            }],
            "start_date": "2014-07-14T11:55:00+02:00",
            "pdf": {
                "en": {
                    "generate_pdf_url": "https://api.clickmeeting.com/v1/conferences/4085/sessions/65177/generate-pdf/en",
                    "progress": 0
                },
                "pl": {
                    "generate_pdf_url": "https://api.clickmeeting.com/v1/conferences/4085/sessions/65177/generate-pdf/pl",
                    "progress": 0
                }
            },
            "end_date": "2014-07-14T12:06:00+02:00",
            "total_visitors": 1
        })))
        .expect(1)
        .mount(&server)
        .await;
    let sessions = client.list_sessions(4085).await.unwrap();
    assert_eq!(sessions.len(), 2);
    assert_eq!(sessions[1].id, 65178);
    assert_eq!(sessions[0].max_visitors, Some(1));
    assert_eq!(
        sessions[0].start_date.map(|t| t.to_rfc3339()),
        Some("2014-07-14T09:55:00+00:00".to_owned())
    );
    let details = client.get_session(4085, 65177).await.unwrap();
    assert_eq!(details.total_visitors, Some(1));
    let visitor = &details.attendees.as_ref().unwrap()[0];
    assert_eq!(visitor.id, Some(867));
    assert_eq!(visitor.login.as_deref(), Some("visitor"));
    let pdf = details.pdf.as_ref().unwrap();
    assert_eq!(pdf["pl"].progress, Some(0));
    assert_eq!(
        pdf["en"].generate_pdf_url.as_deref(),
        Some("https://api.clickmeeting.com/v1/conferences/4085/sessions/65177/generate-pdf/en")
    );
}

#[tokio::test]
async fn list_session_attendees_decodes_roles_and_polls() {
    let (server, client) = setup().await;
    Mock::given(method("GET"))
        .and(path("/v1/conferences/4085/sessions/65177/attendees"))
        .and(header("X-Api-Key", KEY))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([
            {
                "device": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_8_5)",
                "uid": "948",
                "rating": "5",
                "nickname": "visitor1",
                "role": "listener",
                "rating_comment": "My comment.",
                "email": "visitor1@mydomain.com"
            },
            {
                "device": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_8_5)",
                "uid": "6275",
                "rating": "2",
                "nickname": "visitor2",
                "role": "presenter",
                "rating_comment": "My comment.",
                "email": "visitor2@mydomain.com",
                "polls": [{
                    "questions": [
                        { "question": "Question #1", "answers": [{ "points": 0, "value": "Answer 1" }] },
                        { "question": "Question #2", "answers": [{ "points": 3, "value": "Answer 2" }] }
                    ],
                    "name": "My poll name"
                }]
            }
        ])))
        .expect(1)
        .mount(&server)
        .await;
    let attendees = client.list_session_attendees(4085, 65177).await.unwrap();
    assert_eq!(attendees.len(), 2);
    assert_eq!(attendees[0].uid.as_deref(), Some("948"));
    assert_eq!(attendees[0].role, Some(AttendeeRole::Listener));
    assert_eq!(attendees[0].polls, None);
    assert_eq!(attendees[1].role, Some(AttendeeRole::Presenter));
    let poll = &attendees[1].polls.as_ref().unwrap()[0];
    assert_eq!(poll.name.as_deref(), Some("My poll name"));
    let question = &poll.questions.as_ref().unwrap()[1];
    assert_eq!(question.question.as_deref(), Some("Question #2"));
    assert_eq!(question.answers.as_ref().unwrap()[0].points, Some(3));
}

#[tokio::test]
async fn country_time_zones_and_phone_gateways() {
    let (server, client) = setup().await;
    Mock::given(method("GET"))
        .and(path("/v1/time_zone_list/US"))
        .and(header("X-Api-Key", KEY))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([
            "America/Adak",
            "America/Anchorage",
            "America/Boise"
        ])))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/phone_gateways"))
        .and(header("X-Api-Key", KEY))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([{
            "code": "US",
            "location": "New York",
            "value": "+1 (911) 111-1111",
            "geo": { "lat": "51.917191", "long": "19.149204" }
        }])))
        .expect(1)
        .mount(&server)
        .await;
    let zones = client.list_country_time_zones("US").await.unwrap();
    assert_eq!(
        zones,
        vec!["America/Adak", "America/Anchorage", "America/Boise"]
    );
    let gateways = client.list_phone_gateways().await.unwrap();
    assert_eq!(gateways[0].code.as_deref(), Some("US"));
    assert_eq!(gateways[0].value.as_deref(), Some("+1 (911) 111-1111"));
    assert_eq!(
        gateways[0].geo.as_ref().and_then(|g| g.long.as_deref()),
        Some("19.149204")
    );
}

#[tokio::test]
async fn registrations_are_listed_by_status_and_by_session() {
    let (server, client) = setup().await;
    Mock::given(method("GET"))
        .and(path("/v1/conferences/4085/registrations/active"))
        .and(header("X-Api-Key", KEY))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([
            registration(480, 60068, "visitor1@mydomain.com"),
            registration(487, 60112, "visitor2@mydomain.com")
        ])))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/conferences/4085/sessions/60112/registrations"))
        .and(header("X-Api-Key", KEY))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!([registration(
                487,
                60112,
                "visitor2@mydomain.com"
            )])),
        )
        .expect(1)
        .mount(&server)
        .await;
    let all = client
        .list_registrations(4085, RegistrationStatus::Active)
        .await
        .unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].id, 480);
    assert_eq!(all[0].session_id, Some(60068));
    assert_eq!(
        all[0].registration_confirmed.as_ref().map(String::as_str),
        Some("null")
    );
    assert_eq!(
        all[0]
            .fields
            .as_ref()
            .and_then(|f| f.get("Email Address"))
            .map(String::as_str),
        Some("visitor1@mydomain.com")
    );
    assert_eq!(
        all[0].registration_date.map(|t| t.to_rfc3339()),
        Some("2013-12-01T07:06:05+00:00".to_owned())
    );
    let in_session = client
        .list_session_registrations(4085, 60112)
        .await
        .unwrap();
    assert_eq!(in_session.len(), 1);
    assert_eq!(in_session[0].visitor_nickname.as_deref(), Some("name"));
}

#[tokio::test]
async fn register_participant_sends_numbered_form_fields() {
    let (server, client) = setup().await;
    Mock::given(method("POST"))
        .and(path("/v1/conferences/4085/registration"))
        .and(header("X-Api-Key", KEY))
        .and(header("Content-Type", "application/x-www-form-urlencoded"))
        .and(body_string(
            "registration%5B1%5D=Ada&registration%5B2%5D=Lovelace\
             &registration%5B3%5D=ada%40example.com\
             &confirmation_email%5Benabled%5D=1&confirmation_email%5Blang%5D=en",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "status": "OK",
            "url": "https://example.clickmeeting.com/123123/?r=ZwZ3AGxlZKksQxjBQt2Aj____"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let result = client
        .register_participant(
            4085,
            &RegisterParticipantBody {
                registration: RegistrationForm {
                    n_1: "Ada".into(),
                    n_2: "Lovelace".into(),
                    n_3: "ada@example.com".into(),
                },
                confirmation_email: Some(ConfirmationEmail {
                    enabled: Some(true),
                    lang: Some("en".into()),
                }),
            },
        )
        .await
        .unwrap();
    assert_eq!(result.status.as_deref(), Some("OK"));
    assert_eq!(
        result.url.as_deref(),
        Some("https://example.clickmeeting.com/123123/?r=ZwZ3AGxlZKksQxjBQt2Aj____")
    );
}

#[tokio::test]
async fn file_library_lists_reads_and_deletes() {
    let (server, client) = setup().await;
    Mock::given(method("GET"))
        .and(path("/v1/file-library"))
        .and(header("X-Api-Key", KEY))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([
            library_file(1106, "logo_x142.png", "2014-06-27 13:23:03"),
            {
                "status": "converted",
                "url": "http://api.clickmeeting.com/v1/file-library/1128/download",
                "document_type": "audio",
                "id": 1128,
                "conversion_progress": 100,
                "status_message": "",
                "name": "News-1.mp3",
                "upload_date": "2014-06-27 14:21:44"
            }
        ])))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/file-library/conferences/4085"))
        .and(header("X-Api-Key", KEY))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!([library_file(
                440,
                "photo.jpg",
                "2013-11-20 02:07:12"
            )])),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/file-library/439"))
        .and(header("X-Api-Key", KEY))
        .respond_with(ResponseTemplate::new(200).set_body_json(library_file(
            439,
            "photo.jpg",
            "2013-11-20 02:06:36",
        )))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/v1/file-library/439"))
        .and(header("X-Api-Key", KEY))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "response": "OK" })))
        .expect(1)
        .mount(&server)
        .await;
    let files = client.list_files().await.unwrap();
    assert_eq!(files.len(), 2);
    assert_eq!(files[1].id, 1128);
    assert_eq!(files[1].document_type.as_deref(), Some("audio"));
    assert_eq!(files[1].conversion_progress, Some(100));
    let room_files = client.list_conference_files(4085).await.unwrap();
    assert_eq!(room_files[0].id, 440);
    assert_eq!(room_files[0].name.as_deref(), Some("photo.jpg"));
    let file = client.get_file(439).await.unwrap();
    assert_eq!(file.upload_date.as_deref(), Some("2013-11-20 02:06:36"));
    assert_eq!(
        file.url.as_deref(),
        Some("http://api.clickmeeting.com/v1/file-library/439/download")
    );
    let deleted = client.delete_file(439).await.unwrap();
    assert_eq!(deleted.response.as_deref(), Some("OK"));
}

#[tokio::test]
async fn upload_conference_file_sends_a_multipart_file_part() {
    let (server, client) = setup().await;
    Mock::given(method("POST"))
        .and(path("/v1/file-library/conferences/4085"))
        .and(header("X-Api-Key", KEY))
        .and(body_string_contains(
            "Content-Disposition: form-data; name=\"uploaded\"; filename=\"profile.png\"",
        ))
        .and(body_string_contains("PNGDATA"))
        .respond_with(ResponseTemplate::new(201).set_body_json(library_file(
            1483,
            "profile.png",
            "2014-08-22 13:34:42",
        )))
        .expect(1)
        .mount(&server)
        .await;
    let uploaded = client
        .upload_conference_file(
            4085,
            &UploadConferenceFileBody {
                uploaded: File::new("profile.png", b"PNGDATA".to_vec())
                    .with_content_type("image/png"),
            },
        )
        .await
        .unwrap();
    assert_eq!(uploaded.id, 1483);
    assert_eq!(uploaded.status.as_deref(), Some("converted"));
    let requests = server.received_requests().await.unwrap();
    let content_type = requests[0].headers.get("content-type").unwrap();
    assert!(content_type
        .to_str()
        .unwrap()
        .starts_with("multipart/form-data; boundary="));
}

#[tokio::test]
async fn recordings_are_listed_and_deleted() {
    let (server, client) = setup().await;
    Mock::given(method("GET"))
        .and(path("/v1/conferences/4085/recordings"))
        .and(header("X-Api-Key", KEY))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([
            {
                "id": 5126,
                "recording_duration": 300,
                "recorder_started": "2014-06-04 13:14:03",
                "recording_file_size": 30000,
                "recording_url": "http://recorder.clickmeeting.com?st=R_63NWtZzy1xoyJs8KW7fg&e=1408719682"
            },
            {
                "id": 5127,
                "recording_duration": 500,
                "recorder_started": "2014-06-04 13:14:03",
                "recording_file_size": 30000,
                "recording_url": "http://recorder.clickmeeting.com?st=R_63NWtZzy1xoyJs8KW7fg&e=1408719682"
            }
        ])))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/v1/conferences/4085/recordings"))
        .and(header("X-Api-Key", KEY))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "STATUS": "OK" })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/v1/conferences/4085/recordings/5127"))
        .and(header("X-Api-Key", KEY))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "STATUS": "OK" })))
        .expect(1)
        .mount(&server)
        .await;
    let recordings = client.list_recordings(4085).await.unwrap();
    assert_eq!(recordings.len(), 2);
    assert_eq!(recordings[1].id, 5127);
    assert_eq!(recordings[1].recording_duration, Some(500));
    assert_eq!(recordings[0].recording_file_size, Some(30000));
    assert_eq!(
        recordings[0].recorder_started.as_deref(),
        Some("2014-06-04 13:14:03")
    );
    let one = client.delete_recording(4085, 5127).await.unwrap();
    assert_eq!(one.status.as_deref(), Some("OK"));
    let all = client.delete_recordings(4085).await.unwrap();
    assert_eq!(all.status.as_deref(), Some("OK"));
}

#[tokio::test]
async fn list_chats_decodes_the_chat_entries() {
    let (server, client) = setup().await;
    Mock::given(method("GET"))
        .and(path("/v1/chats"))
        .and(header("X-Api-Key", KEY))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([
            {
                "time": "15:56 GMT+2",
                "id": 65075,
                "download_link": "http://api.clickmeeting.com/v1/chats/65075",
                "timezone": "America/New_York",
                "date": "2014-07-08",
                "name": "My Room Name"
            },
            {
                "time": "09:09 GMT+2",
                "id": 65039,
                "download_link": "http://api.clickmeeting.com/v1/chats/65039",
                "timezone": "America/New_York",
                "date": "2014-07-08",
                "name": "My Room Name"
            }
        ])))
        .expect(1)
        .mount(&server)
        .await;
    let chats = client.list_chats().await.unwrap();
    assert_eq!(chats.len(), 2);
    assert_eq!(chats[0].id, 65075);
    assert_eq!(chats[0].time.as_deref(), Some("15:56 GMT+2"));
    assert_eq!(chats[1].date.as_deref(), Some("2014-07-08"));
    assert_eq!(
        chats[1].download_link.as_deref(),
        Some("http://api.clickmeeting.com/v1/chats/65039")
    );
}
