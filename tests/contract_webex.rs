//! Contract tests of the generated WebEx XML client against a loopback server: the request is
//! the seed's `serv:message` document (modulo whitespace), the seed's answer decodes into the
//! typed response, and a `FAILURE` result on HTTP 200 becomes a typed error.

use connectors::runtime::xml::Element;
use connectors::runtime::{Error, Secret};
use connectors::webex::*;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SEED_REQUEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<serv:message xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <header>
    <securityContext>
      <siteName>acme</siteName>
      <webExID>hostid@acme.com</webExID>
      <password>passw0rd</password>
    </securityContext>
  </header>
  <body>
    <bodyContent xsi:type="java:com.webex.service.binding.meeting.CreateMeeting">
      <accessControl><meetingPassword>pass123</meetingPassword></accessControl>
      <metaData>
        <confName>Sample Meeting</confName>
        <meetingType>1</meetingType>
        <agenda>Test</agenda>
      </metaData>
      <participants>
        <maxUserNumber>4</maxUserNumber>
        <attendees>
          <attendee>
            <person><name>James Kirk</name><email>Jkirk@sz.webex.com</email></person>
          </attendee>
        </attendees>
      </participants>
      <enableOptions>
        <chat>true</chat>
        <poll>true</poll>
        <audioVideo>true</audioVideo>
        <supportE2E>true</supportE2E>
        <autoRecord>true</autoRecord>
      </enableOptions>
      <schedule>
        <startDate>05/31/2004 10:10:10</startDate>
        <openTime>900</openTime>
        <joinTeleconfBeforeHost>true</joinTeleconfBeforeHost>
        <duration>20</duration>
        <timeZoneID>4</timeZoneID>
      </schedule>
      <telephony>
        <telephonySupport>CALLIN</telephonySupport>
        <extTelephonyDescription>Call 1-800-555-1234, Passcode 98765</extTelephonyDescription>
      </telephony>
    </bodyContent>
  </body>
</serv:message>"#;

const SEED_RESPONSE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<serv:message xmlns:serv="http://www.webex.com/schemas/2002/06/service"
    xmlns:com="http://www.webex.com/schemas/2002/06/common"
    xmlns:meet="http://www.webex.com/schemas/2002/06/service/meeting"
    xmlns:att="http://www.webex.com/schemas/2002/06/service/attendee"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <serv:header>
    <serv:response>
      <serv:result>SUCCESS</serv:result>
      <serv:gsbStatus>PRIMARY</serv:gsbStatus>
    </serv:response>
  </serv:header>
  <serv:body>
    <serv:bodyContent xsi:type="meet:createMeetingResponse">
      <meet:meetingkey>48591508</meet:meetingkey>
      <meet:iCalendarURL>
        <serv:host>https://www.webex.com/calendarurl1/j.php?ED=48591508&amp;UID=BA24987F&amp;ICS=MIFH&amp;ST=12</serv:host>
        <serv:attendee>https://www.webex.com/calendarurl1/j.php?ED=48591508&amp;UID=BA24987F&amp;ICS=MIFA&amp;ST=12</serv:attendee>
      </meet:iCalendarURL>
      <meet:guestToken>f10324e2af4823c278fa1a6efadc426c</meet:guestToken>
    </serv:bodyContent>
  </serv:body>
</serv:message>"#;

const FAILURE_RESPONSE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<serv:message xmlns:serv="http://www.webex.com/schemas/2002/06/service">
  <serv:header>
    <serv:response>
      <serv:result>FAILURE</serv:result>
      <serv:reason>Corresponding User not found</serv:reason>
      <serv:gsbStatus>PRIMARY</serv:gsbStatus>
      <serv:exceptionID>030001</serv:exceptionID>
    </serv:response>
  </serv:header>
  <serv:body><serv:bodyContent/></serv:body>
</serv:message>"#;

fn client(server: &MockServer) -> Client {
    Client::new(Connection {
        site_name: "acme".into(),
        webex_id: "hostid@acme.com".into(),
        password: Secret::new("passw0rd"),
    })
    .with_base_url(server.uri())
}

fn seed_meeting() -> CreateMeetingRequest {
    CreateMeetingRequest {
        access_control: Some(CreateMeetingRequestAccessControl {
            meeting_password: Some(Secret::new("pass123")),
        }),
        meta_data: CreateMeetingRequestMetaData {
            conf_name: "Sample Meeting".into(),
            meeting_type: Some(1),
            agenda: Some("Test".into()),
        },
        participants: Some(CreateMeetingRequestParticipants {
            max_user_number: Some(4),
            attendees: Some(CreateMeetingRequestParticipantsAttendees {
                attendee: Some(vec![
                    CreateMeetingRequestParticipantsAttendeesAttendeeItem {
                        person: Some(
                            CreateMeetingRequestParticipantsAttendeesAttendeeItemPerson {
                                name: Some("James Kirk".into()),
                                email: Some("Jkirk@sz.webex.com".into()),
                            },
                        ),
                    },
                ]),
            }),
        }),
        enable_options: Some(CreateMeetingRequestEnableOptions {
            chat: Some(true),
            poll: Some(true),
            audio_video: Some(true),
            support_e2e: Some(true),
            auto_record: Some(true),
        }),
        schedule: Some(CreateMeetingRequestSchedule {
            start_date: Some("05/31/2004 10:10:10".into()),
            open_time: Some(900),
            join_teleconf_before_host: Some(true),
            duration: Some(20),
            time_zone_id: Some(4),
        }),
        telephony: Some(CreateMeetingRequestTelephony {
            telephony_support: Some(CreateMeetingRequestTelephonyTelephonySupport::Callin),
            ext_telephony_description: Some("Call 1-800-555-1234, Passcode 98765".into()),
        }),
    }
}

#[tokio::test]
async fn create_meeting_sends_the_seed_envelope_and_decodes_the_seed_answer() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/XMLService"))
        .respond_with(ResponseTemplate::new(200).set_body_string(SEED_RESPONSE))
        .expect(1)
        .mount(&server)
        .await;

    let created = client(&server)
        .create_meeting(&seed_meeting())
        .await
        .expect("the seed answer decodes");
    assert_eq!(
        created,
        CreateMeetingResponse {
            meetingkey: Some(48591508),
            i_calendar_url: Some(CreateMeetingResponseICalendarUrl {
                host: Some(
                    "https://www.webex.com/calendarurl1/j.php?ED=48591508&UID=BA24987F&ICS=MIFH&ST=12"
                        .into()
                ),
                attendee: Some(
                    "https://www.webex.com/calendarurl1/j.php?ED=48591508&UID=BA24987F&ICS=MIFA&ST=12"
                        .into()
                ),
            }),
            guest_token: Some("f10324e2af4823c278fa1a6efadc426c".into()),
        }
    );

    let requests = server.received_requests().await.expect("recorded");
    let sent = &requests[0];
    let content_type = sent.headers.get("content-type").unwrap().to_str().unwrap();
    assert!(
        content_type.starts_with("application/xml"),
        "{content_type}"
    );
    // Same elements, attributes and texts as the seed (namespace declarations and whitespace
    // aside; the seed's `TRUE` is written `true`).
    let sent_tree = Element::parse(&sent.body).expect("the request is XML");
    let seed_tree = Element::parse(SEED_REQUEST.as_bytes()).unwrap();
    assert_eq!(
        sent_tree,
        seed_tree,
        "{}",
        String::from_utf8_lossy(&sent.body)
    );
    let text = String::from_utf8_lossy(&sent.body);
    assert!(text.contains("<serv:message"), "{text}");
    assert!(text.contains(r#"xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance""#));
}

#[tokio::test]
async fn a_failure_result_on_http_200_is_a_typed_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/XMLService"))
        .respond_with(ResponseTemplate::new(200).set_body_string(FAILURE_RESPONSE))
        .mount(&server)
        .await;

    let error = client(&server)
        .create_meeting(&seed_meeting())
        .await
        .expect_err("FAILURE is an error");
    let envelope: ErrorBody = error.body().expect("the failure envelope is typed");
    let response = envelope
        .header
        .and_then(|h| h.response)
        .expect("a response header");
    assert_eq!(
        response.result,
        Some(ServiceMessageHeaderResponseResult::Failure)
    );
    assert_eq!(response.exception_id.as_deref(), Some("030001"));
    match error {
        Error::Api {
            status,
            code,
            message,
            ..
        } => {
            assert_eq!(status, 200);
            assert_eq!(code.as_deref(), Some("030001"));
            assert_eq!(message, "Corresponding User not found");
        }
        other => panic!("expected an API error, got {other:?}"),
    }
}

#[test]
fn secrets_stay_out_of_debug_output() {
    let connection = Connection {
        site_name: "acme".into(),
        webex_id: "hostid@acme.com".into(),
        password: Secret::new("passw0rd"),
    };
    let client = Client::new(connection);
    let printed = format!("{client:?} {:?}", seed_meeting());
    assert!(!printed.contains("passw0rd"), "{printed}");
    assert!(!printed.contains("pass123"), "{printed}");
}
