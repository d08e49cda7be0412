//! Seed coverage: every operation, parameter, request field, response field, output, trigger,
//! object and limit shown by the seed documents (`../shared/seeds/00{0,1,2,4}_*.txt`) must be in
//! the connector specs, each with a summary and a description.
//!
//! The seed facts are held here as plain data, so the test fails as soon as a spec loses one of
//! them (or its documentation), whatever else changes in the spec.

use std::time::Duration;

use codegen::diag::{render_text, RenderStyle};
use codegen::ir::{
    Action, Auth, Connector, Field, LimitScope, Method, ParamLocation, ResponseEncoding,
    TriggerKind, Type,
};

// ---------------------------------------------------------------------------------------------
// Seed data
// ---------------------------------------------------------------------------------------------

/// One operation of a seed.
struct ActionSeed<'a> {
    name: &'static str,
    method: Method,
    /// The request path relative to the base URL, as written in the spec.
    path: &'static str,
    /// Path, query and header parameters with where they travel.
    params: &'static [(&'static str, ParamLocation)],
    /// Fields of the request body, dotted for nested ones (lists are stepped through).
    body: &'a [&'static str],
    /// The successful status.
    status: u16,
    /// Fields of the answer, dotted for nested ones (lists are stepped through).
    response: &'static [&'static str],
}

/// One polling trigger of a seed.
struct TriggerSeed {
    name: &'static str,
    action: &'static str,
    identity: &'static str,
    params: &'static [&'static str],
}

/// One limit of a seed.
struct LimitSeed {
    calls: u64,
    period: Duration,
    scope: LimitScope,
    per_value_of: Option<&'static str>,
}

const GOTOMEETING_REQUEST: &[&str] = &[
    "subject",
    "starttime",
    "endtime",
    "passwordrequired",
    "conferencecallinfo",
    "meetingtype",
];
const GOTOMEETING_OUTPUTS: &[&str] = &[
    "joinURL",
    "meetingid",
    "maxParticipants",
    "uniqueMeetingId",
    "conferenceCallInfo",
];

/// Every field of the seed's 201 sample (lists stepped through).
const ZOOM_RESPONSE: &[&str] = &[
    "assistant_id",
    "host_email",
    "id",
    "registration_url",
    "agenda",
    "created_at",
    "duration",
    "h323_password",
    "join_url",
    "chat_join_url",
    "occurrences",
    "occurrences.duration",
    "occurrences.occurrence_id",
    "occurrences.start_time",
    "occurrences.status",
    "password",
    "pmi",
    "pre_schedule",
    "recurrence",
    "recurrence.type",
    "recurrence.end_date_time",
    "recurrence.end_times",
    "recurrence.monthly_day",
    "recurrence.monthly_week",
    "recurrence.monthly_week_day",
    "recurrence.repeat_interval",
    "recurrence.weekly_days",
    "settings",
    "settings.allow_multiple_devices",
    "settings.alternative_hosts",
    "settings.alternative_hosts_email_notification",
    "settings.alternative_host_update_polls",
    "settings.approval_type",
    "settings.approved_or_denied_countries_or_regions",
    "settings.approved_or_denied_countries_or_regions.approved_list",
    "settings.approved_or_denied_countries_or_regions.denied_list",
    "settings.approved_or_denied_countries_or_regions.enable",
    "settings.approved_or_denied_countries_or_regions.method",
    "settings.audio",
    "settings.audio_conference_info",
    "settings.authentication_domains",
    "settings.authentication_exception",
    "settings.authentication_exception.email",
    "settings.authentication_exception.name",
    "settings.authentication_exception.join_url",
    "settings.authentication_name",
    "settings.authentication_option",
    "settings.auto_recording",
    "settings.breakout_room",
    "settings.breakout_room.enable",
    "settings.breakout_room.rooms",
    "settings.breakout_room.rooms.name",
    "settings.breakout_room.rooms.participants",
    "settings.calendar_type",
    "settings.close_registration",
    "settings.cn_meeting",
    "settings.contact_email",
    "settings.contact_name",
    "settings.custom_keys",
    "settings.custom_keys.key",
    "settings.custom_keys.value",
    "settings.email_notification",
    "settings.encryption_type",
    "settings.enforce_login",
    "settings.enforce_login_domains",
    "settings.focus_mode",
    "settings.global_dial_in_countries",
    "settings.global_dial_in_numbers",
    "settings.global_dial_in_numbers.city",
    "settings.global_dial_in_numbers.country",
    "settings.global_dial_in_numbers.country_name",
    "settings.global_dial_in_numbers.number",
    "settings.global_dial_in_numbers.type",
    "settings.host_video",
    "settings.in_meeting",
    "settings.jbh_time",
    "settings.join_before_host",
    "settings.language_interpretation",
    "settings.language_interpretation.enable",
    "settings.language_interpretation.interpreters",
    "settings.language_interpretation.interpreters.email",
    "settings.language_interpretation.interpreters.languages",
    "settings.sign_language_interpretation",
    "settings.sign_language_interpretation.enable",
    "settings.sign_language_interpretation.interpreters",
    "settings.sign_language_interpretation.interpreters.email",
    "settings.sign_language_interpretation.interpreters.sign_language",
    "settings.meeting_authentication",
    "settings.mute_upon_entry",
    "settings.participant_video",
    "settings.private_meeting",
    "settings.registrants_confirmation_email",
    "settings.registrants_email_notification",
    "settings.registration_type",
    "settings.show_share_button",
    "settings.use_pmi",
    "settings.waiting_room",
    "settings.watermark",
    "settings.host_save_video_order",
    "settings.internal_meeting",
    "settings.continuous_meeting_chat",
    "settings.continuous_meeting_chat.enable",
    "settings.continuous_meeting_chat.auto_add_invited_external_users",
    "settings.continuous_meeting_chat.channel_id",
    "settings.participant_focused_meeting",
    "settings.push_change_to_calendar",
    "settings.resources",
    "settings.resources.resource_type",
    "settings.resources.resource_id",
    "settings.resources.permission_level",
    "settings.auto_start_meeting_summary",
    "settings.auto_start_ai_companion_questions",
    "start_time",
    "start_url",
    "timezone",
    "topic",
    "tracking_fields",
    "tracking_fields.field",
    "tracking_fields.value",
    "tracking_fields.visible",
    "type",
];

/// The writable meeting fields sent in the request body; `settings.*` and `recurrence.*` of
/// [`ZOOM_RESPONSE`] are checked in the body too.
const ZOOM_REQUEST_TOP: &[&str] = &[
    "topic",
    "type",
    "pre_schedule",
    "start_time",
    "duration",
    "schedule_for",
    "timezone",
    "password",
    "default_password",
    "agenda",
    "tracking_fields",
    "tracking_fields.field",
    "tracking_fields.value",
    "recurrence",
    "settings",
    "template_id",
];

/// Every element of the seed's sample request body (under `bodyContent`).
const WEBEX_REQUEST: &[&str] = &[
    "accessControl",
    "accessControl.meetingPassword",
    "metaData",
    "metaData.confName",
    "metaData.meetingType",
    "metaData.agenda",
    "participants",
    "participants.maxUserNumber",
    "participants.attendees",
    "participants.attendees.attendee",
    "participants.attendees.attendee.person",
    "participants.attendees.attendee.person.name",
    "participants.attendees.attendee.person.email",
    "enableOptions",
    "enableOptions.chat",
    "enableOptions.poll",
    "enableOptions.audioVideo",
    "enableOptions.supportE2E",
    "enableOptions.autoRecord",
    "schedule",
    "schedule.startDate",
    "schedule.openTime",
    "schedule.joinTeleconfBeforeHost",
    "schedule.duration",
    "schedule.timeZoneID",
    "telephony",
    "telephony.telephonySupport",
    "telephony.extTelephonyDescription",
];

/// Every element of the seed's sample answer body (under `serv:bodyContent`).
const WEBEX_RESPONSE: &[&str] = &[
    "meetingkey",
    "iCalendarURL",
    "iCalendarURL.host",
    "iCalendarURL.attendee",
    "guestToken",
];

const WEBINAR_FIELDS: &[&str] = &[
    "webinarKey",
    "numberOfRegistrationLinkClicks",
    "times",
    "times.startTime",
    "times.endTime",
    "numberOfRegistrants",
    "webinarID",
    "subject",
    "description",
    "timeZone",
    "inSession",
    "organizerKey",
    "registrationUrl",
    "numberOfOpenedInvitations",
];
const WEBINAR_SUMMARY_FIELDS: &[&str] = &[
    "webinarKey",
    "times",
    "times.startTime",
    "times.endTime",
    "numberOfRegistrants",
    "webinarID",
    "subject",
    "description",
    "timeZone",
    "inSession",
    "organizerKey",
    "registrationUrl",
];
const REGISTRANT_FIELDS: &[&str] = &[
    "firstName",
    "lastName",
    "unsubscribed",
    "registrationDate",
    "timeZone",
    "responses",
    "responses.question",
    "responses.answer",
    "joinUrl",
    "type",
    "registrantKey",
    "email",
    "status",
];
const REGISTRANT_SUMMARY_FIELDS: &[&str] = &[
    "firstName",
    "lastName",
    "registrationDate",
    "timeZone",
    "joinUrl",
    "registrantKey",
    "email",
    "status",
];
const NEW_REGISTRANT_FIELDS: &[&str] = &["email", "firstName", "lastName"];
const REGISTRATION_RESULT_FIELDS: &[&str] = &["registrantKey", "joinUrl", "status", "description"];

/// The seed's objects with their fields; list objects (`Webinars`, `Registrants`) are checked
/// through their items.
const GOTOWEBINAR_OBJECTS: &[(&str, &[&str])] = &[
    ("Webinars", WEBINAR_SUMMARY_FIELDS),
    ("Webinar", WEBINAR_FIELDS),
    ("WebinarSummary", WEBINAR_SUMMARY_FIELDS),
    ("Registrants", REGISTRANT_SUMMARY_FIELDS),
    ("Registrant", REGISTRANT_FIELDS),
    ("RegistrantSummary", REGISTRANT_SUMMARY_FIELDS),
    ("NewRegistrant", NEW_REGISTRANT_FIELDS),
    ("RegistrationResult", REGISTRATION_RESULT_FIELDS),
];

const GOTOWEBINAR_ACTIONS: &[ActionSeed<'static>] = &[
    ActionSeed {
        name: "GetWebinar",
        method: Method::Get,
        path: "/organizers/{organizer_key}/webinars/{webinarKey}",
        params: &[("webinarKey", ParamLocation::Path)],
        body: &[],
        status: 200,
        response: WEBINAR_FIELDS,
    },
    ActionSeed {
        name: "ListRegistrations",
        method: Method::Get,
        path: "/organizers/{organizer_key}/webinars/{webinarKey}/registrants",
        params: &[("webinarKey", ParamLocation::Path)],
        body: &[],
        status: 200,
        response: REGISTRANT_SUMMARY_FIELDS,
    },
    ActionSeed {
        name: "AddRegistrant",
        method: Method::Post,
        path: "/organizers/{organizer_key}/webinars/{webinarKey}/registrants",
        params: &[("webinarKey", ParamLocation::Path)],
        body: NEW_REGISTRANT_FIELDS,
        status: 201,
        response: REGISTRATION_RESULT_FIELDS,
    },
    ActionSeed {
        name: "GetRegistrant",
        method: Method::Get,
        path: "/organizers/{organizer_key}/webinars/{webinarKey}/registrants/{registrantKey}",
        params: &[
            ("webinarKey", ParamLocation::Path),
            ("registrantKey", ParamLocation::Path),
        ],
        body: &[],
        status: 200,
        response: REGISTRANT_FIELDS,
    },
    ActionSeed {
        name: "ListWebinars",
        method: Method::Get,
        path: "/organizers/{organizer_key}/webinars",
        params: &[],
        body: &[],
        status: 200,
        response: WEBINAR_SUMMARY_FIELDS,
    },
];

const GOTOWEBINAR_TRIGGERS: &[TriggerSeed] = &[
    TriggerSeed {
        name: "OnNewWebinar",
        action: "ListWebinars",
        identity: "webinarKey",
        params: &[],
    },
    TriggerSeed {
        name: "OnNewRegistration",
        action: "ListRegistrations",
        identity: "registrantKey",
        params: &["webinarKey"],
    },
];

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// Checks a spec and returns its IR; any diagnostic, warnings included, fails the test.
fn load(path: &str) -> Connector {
    let outcome = codegen::check_file(std::path::Path::new(path));
    assert!(
        outcome.diagnostics.is_empty(),
        "{path} is not clean:\n{}",
        render_text(&outcome.diagnostics, RenderStyle::plain())
    );
    outcome
        .connector
        .unwrap_or_else(|| panic!("{path} produced no connector"))
}

fn documented(what: &str, summary: Option<&str>, description: Option<&str>) {
    let summary = summary.unwrap_or_else(|| panic!("{what} has no summary"));
    assert!(!summary.trim().is_empty(), "{what} has an empty summary");
    assert!(
        summary.chars().count() <= 80,
        "{what}: summary longer than 80 characters: {summary:?}"
    );
    assert!(
        !summary.ends_with('.'),
        "{what}: summary ends with a full stop: {summary:?}"
    );
    let description = description.unwrap_or_else(|| panic!("{what} has no description"));
    assert!(
        !description.trim().is_empty(),
        "{what} has an empty description"
    );
}

fn field_documented(what: &str, field: &Field) {
    documented(what, field.summary.as_deref(), field.description.as_deref());
}

/// Follows named references and steps through lists.
fn element<'a>(connector: &'a Connector, ty: &'a Type) -> &'a Type {
    let mut current = connector.resolve(ty);
    while let Type::List { item, .. } = current {
        current = connector.resolve(item);
    }
    current
}

/// The field at a dotted path inside `ty`, stepping through named types and lists.
fn field_at<'a>(connector: &'a Connector, ty: &'a Type, path: &str) -> Result<&'a Field, String> {
    let mut current = ty;
    let mut found: Option<&Field> = None;
    for segment in path.split('.') {
        let Type::Object(object) = element(connector, current) else {
            return Err(format!(
                "`{segment}` of `{path}`: the parent is not an object"
            ));
        };
        let field = object
            .fields
            .iter()
            .find(|f| f.wire_name == segment)
            .ok_or_else(|| {
                let names: Vec<&str> = object.fields.iter().map(|f| f.wire_name.as_str()).collect();
                format!("`{segment}` of `{path}` is missing; the object has {names:?}")
            })?;
        current = &field.ty;
        found = Some(field);
    }
    found.ok_or_else(|| format!("empty path `{path}`"))
}

/// Asserts every path exists under `ty` with a summary and a description.
fn assert_fields(connector: &Connector, ty: &Type, paths: &[&str], context: &str) {
    for path in paths {
        match field_at(connector, ty, path) {
            Ok(field) => {
                field_documented(&format!("{} {context} field `{path}`", connector.id), field)
            }
            Err(message) => panic!("{}: {context}: {message}", connector.id),
        }
    }
}

/// Every field reachable from `ty` is documented (guards fields the seed lists do not name).
fn assert_all_documented(connector: &Connector, ty: &Type, context: &str, depth: usize) {
    assert!(depth < 16, "{context}: types nest too deeply");
    match ty {
        Type::Named(_) => {} // named objects are walked on their own
        Type::List { item, .. } | Type::Map { value: item, .. } => {
            assert_all_documented(connector, item, context, depth + 1)
        }
        Type::Object(object) => {
            for field in &object.fields {
                let what = format!("{context}.{}", field.wire_name);
                field_documented(&format!("{} {what}", connector.id), field);
                assert_all_documented(connector, &field.ty, &what, depth + 1);
            }
        }
        Type::Scalar(_) | Type::Enum(_) => {}
    }
}

fn assert_everything_documented(connector: &Connector) {
    assert!(
        connector
            .description
            .as_deref()
            .is_some_and(|d| !d.is_empty()),
        "{} has no description",
        connector.id
    );
    for field in &connector.connection {
        field_documented(
            &format!(
                "{} connection parameter `{}`",
                connector.id, field.wire_name
            ),
            field,
        );
    }
    for object in &connector.objects {
        let what = format!("{} object `{}`", connector.id, object.name);
        documented(
            &what,
            object.summary.as_deref(),
            object.description.as_deref(),
        );
        assert_all_documented(connector, &object.ty, &object.name, 0);
    }
    for action in &connector.actions {
        let what = format!("{} action `{}`", connector.id, action.name);
        documented(
            &what,
            action.summary.as_deref(),
            action.description.as_deref(),
        );
        for param in &action.params {
            field_documented(
                &format!("{what} parameter `{}`", param.field.wire_name),
                &param.field,
            );
        }
        if let Some(body) = &action.body {
            documented(
                &format!("{what} body"),
                body.summary.as_deref(),
                body.description.as_deref(),
            );
            assert_all_documented(connector, &body.ty, &format!("{} body", action.name), 0);
        }
        if let Some(ty) = &action.response.ty {
            assert_all_documented(connector, ty, &format!("{} response", action.name), 0);
        }
    }
    for trigger in &connector.triggers {
        let what = format!("{} trigger `{}`", connector.id, trigger.name);
        documented(
            &what,
            trigger.summary.as_deref(),
            trigger.description.as_deref(),
        );
        for param in &trigger.params {
            field_documented(
                &format!("{what} parameter `{}`", param.field.wire_name),
                &param.field,
            );
        }
    }
    for limit in &connector.limits {
        assert!(
            !limit.name.is_empty(),
            "{}: a limit has no name",
            connector.id
        );
        assert!(
            limit.description.as_deref().is_some_and(|d| !d.is_empty()),
            "{}: limit `{}` has no description",
            connector.id,
            limit.name
        );
    }
}

fn action<'a>(connector: &'a Connector, name: &str) -> &'a Action {
    connector
        .action(name)
        .unwrap_or_else(|| panic!("{}: action `{name}` is missing", connector.id))
}

fn assert_action(connector: &Connector, seed: &ActionSeed<'_>) {
    let action = action(connector, seed.name);
    let what = format!("{} action `{}`", connector.id, seed.name);
    documented(
        &what,
        action.summary.as_deref(),
        action.description.as_deref(),
    );
    assert_eq!(action.method, seed.method, "{what}: method");
    assert_eq!(action.path.raw, seed.path, "{what}: path");
    for (name, location) in seed.params {
        let param = action
            .params
            .iter()
            .find(|p| p.field.wire_name == *name)
            .unwrap_or_else(|| panic!("{what}: parameter `{name}` is missing"));
        assert_eq!(
            param.location, *location,
            "{what}: parameter `{name}` location"
        );
        if *location == ParamLocation::Path {
            assert!(
                param.field.required,
                "{what}: path parameter `{name}` must be required"
            );
        }
        field_documented(&format!("{what} parameter `{name}`"), &param.field);
    }
    if seed.body.is_empty() {
        assert!(action.body.is_none(), "{what}: unexpected body");
    } else {
        let body = action
            .body
            .as_ref()
            .unwrap_or_else(|| panic!("{what}: body is missing"));
        assert_fields(
            connector,
            &body.ty,
            seed.body,
            &format!("{} body", seed.name),
        );
    }
    assert_eq!(action.response.status, seed.status, "{what}: status");
    let ty = action
        .response
        .ty
        .as_ref()
        .unwrap_or_else(|| panic!("{what}: answer has no type"));
    assert_fields(
        connector,
        ty,
        seed.response,
        &format!("{} response", seed.name),
    );
}

fn assert_limit(connector: &Connector, seed: &LimitSeed) {
    let found = connector.limits.iter().find(|l| {
        l.calls == seed.calls
            && l.period == seed.period
            && l.scope == seed.scope
            && l.per_value_of.as_deref() == seed.per_value_of
    });
    assert!(
        found.is_some(),
        "{}: no limit of {} calls per {:?} for {:?} (per {:?}); limits are {:#?}",
        connector.id,
        seed.calls,
        seed.period,
        seed.scope,
        seed.per_value_of,
        connector.limits
    );
}

fn enum_values(connector: &Connector, ty: &Type) -> Vec<serde_json::Value> {
    match element(connector, ty) {
        Type::Enum(e) => e.values.iter().map(|v| v.value.clone()).collect(),
        other => panic!("{}: expected an enum, found {other:?}", connector.id),
    }
}

fn secret(connector: &Connector, name: &str) -> bool {
    connector
        .connection
        .iter()
        .find(|f| f.wire_name == name)
        .unwrap_or_else(|| panic!("{}: connection parameter `{name}` is missing", connector.id))
        .secret
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

#[test]
fn gotomeeting_seed_is_covered() {
    let c = load(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/connectors/gotomeeting.yaml"
    ));
    assert_everything_documented(&c);
    assert_eq!(c.base_url.raw, "https://api.getgo.com/G2M/rest");

    // Legacy direct login: client id + email + password → access token sent as `OAuth oauth_token=…`.
    let Auth::Login(login) = &c.auth else {
        panic!("gotomeeting: auth is not a login request: {:?}", c.auth)
    };
    assert_eq!(login.token, "access_token");
    assert_eq!(login.header, "Authorization");
    assert_eq!(login.format, "OAuth oauth_token={token}");
    for needed in ["client_id", "email", "password"] {
        assert!(
            login
                .params
                .iter()
                .any(|(_, value)| value.params().any(|p| p == needed)),
            "gotomeeting: the login request does not send `{needed}`"
        );
    }
    assert!(
        secret(&c, "password"),
        "gotomeeting: password must be secret"
    );
    assert!(
        secret(&c, "client_id"),
        "gotomeeting: client_id must be secret"
    );
    assert!(!secret(&c, "email"));

    assert_action(
        &c,
        &ActionSeed {
            name: "CreateMeeting",
            method: Method::Post,
            path: "/meetings",
            params: &[],
            body: GOTOMEETING_REQUEST,
            status: 201,
            response: GOTOMEETING_OUTPUTS,
        },
    );
    let create = action(&c, "CreateMeeting");
    // The service answers with an array holding the new meeting.
    let answer = create.response.ty.as_ref().expect("answer type");
    assert!(
        matches!(c.resolve(answer), Type::List { .. }),
        "gotomeeting: the 201 answer must be an array"
    );
    let body = &create.body.as_ref().expect("body").ty;
    for time in ["starttime", "endtime"] {
        let field = field_at(&c, body, time).unwrap();
        assert!(
            matches!(&field.ty, Type::Scalar(s) if s.is_date_time()),
            "gotomeeting: `{time}` must be a date-time"
        );
    }
    assert_eq!(
        enum_values(&c, &field_at(&c, body, "meetingtype").unwrap().ty),
        ["immediate", "scheduled", "recurring"].map(serde_json::Value::from)
    );
    let password_required = field_at(&c, body, "passwordrequired").unwrap();
    assert!(
        matches!(&password_required.ty, Type::Scalar(s) if s.kind == codegen::ir::ScalarKind::Boolean)
    );
}

#[test]
fn zoom_seed_is_covered() {
    let c = load(concat!(env!("CARGO_MANIFEST_DIR"), "/connectors/zoom.yaml"));
    assert_everything_documented(&c);
    assert_eq!(c.base_url.raw, "https://api.zoom.us/v2");

    let Auth::OAuth2(oauth) = &c.auth else {
        panic!("zoom: auth is not OAuth2: {:?}", c.auth)
    };
    assert_eq!(oauth.flow, codegen::ir::OAuth2Flow::AuthorizationCode);
    assert_eq!(
        oauth.authorization_url.as_deref(),
        Some("https://zoom.us/oauth/authorize")
    );
    assert_eq!(oauth.token_url, "https://zoom.us/oauth/token");

    let request: Vec<&str> = ZOOM_REQUEST_TOP
        .iter()
        .copied()
        .chain(
            ZOOM_RESPONSE
                .iter()
                .copied()
                .filter(|p| p.starts_with("settings.") || p.starts_with("recurrence.")),
        )
        .collect();
    assert_action(
        &c,
        &ActionSeed {
            name: "CreateMeeting",
            method: Method::Post,
            path: "/users/{userId}/meetings",
            params: &[
                ("userId", ParamLocation::Path),
                ("Content-Type", ParamLocation::Header),
                ("Accept", ParamLocation::Header),
            ],
            body: &request,
            status: 201,
            response: ZOOM_RESPONSE,
        },
    );
    let create = action(&c, "CreateMeeting");
    assert_eq!(create.rate_label.as_deref(), Some("MEDIUM"));
    for scope in ["meeting:write", "meeting:write:admin"] {
        assert!(
            create.scopes.iter().any(|s| s == scope),
            "zoom: scope `{scope}` is missing"
        );
    }
    let user_id = &create
        .params
        .iter()
        .find(|p| p.field.wire_name == "userId")
        .unwrap()
        .field;
    assert!(
        user_id
            .description
            .as_deref()
            .is_some_and(|d| d.contains("\"me\"") || d.contains("`me`")),
        "zoom: userId must say that `me` is allowed"
    );

    // 100 requests per day per user for this call, and the MEDIUM label.
    assert_limit(
        &c,
        &LimitSeed {
            calls: 100,
            period: Duration::from_secs(86_400),
            scope: LimitScope::Actions(vec!["CreateMeeting".into()]),
            per_value_of: Some("userId"),
        },
    );
    assert!(
        c.limits
            .iter()
            .any(|l| l.scope == LimitScope::Label("MEDIUM".into())),
        "zoom: no limit for the MEDIUM label"
    );
    assert!(
        create.limits.len() >= 2,
        "zoom: CreateMeeting is not counted by both limits"
    );

    // Wire facts: int64 meeting id, the recurrence enums, the error shape.
    let answer = create.response.ty.as_ref().unwrap();
    let id = field_at(&c, answer, "id").unwrap();
    assert!(
        matches!(&id.ty, Type::Scalar(s) if s.format.as_deref() == Some("int64")),
        "zoom: id must be int64"
    );
    let ints = |values: &[i64]| {
        values
            .iter()
            .map(|v| serde_json::Value::from(*v))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        enum_values(&c, &field_at(&c, answer, "recurrence.type").unwrap().ty),
        ints(&[1, 2, 3])
    );
    assert_eq!(
        enum_values(
            &c,
            &field_at(&c, answer, "recurrence.monthly_week").unwrap().ty
        ),
        ints(&[-1, 1, 2, 3, 4])
    );
    assert_eq!(
        enum_values(
            &c,
            &field_at(&c, answer, "recurrence.monthly_week_day")
                .unwrap()
                .ty
        ),
        ints(&[1, 2, 3, 4, 5, 6, 7])
    );
    let error_type = create
        .errors
        .ty
        .as_ref()
        .expect("zoom: errors have no type");
    assert_fields(
        &c,
        error_type,
        &[
            "code",
            "message",
            "errors",
            "errors.field",
            "errors.message",
        ],
        "error",
    );
    assert_eq!(create.errors.code.as_deref(), Some("code"));
    assert_eq!(create.errors.message.as_deref(), Some("message"));
    assert!(
        c.description.as_deref().unwrap().contains("429"),
        "zoom: 429 behaviour is not described"
    );
}

#[test]
fn webex_seed_is_covered() {
    let c = load(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/connectors/webex.yaml"
    ));
    assert_everything_documented(&c);
    assert_eq!(c.base_url.raw, "https://api.webex.com/WBXService");

    let Auth::XmlCredentials { path, fields } = &c.auth else {
        panic!("webex: auth is not XML credentials: {:?}", c.auth)
    };
    assert_eq!(path, &["header", "securityContext"]);
    for (element, param) in [
        ("siteName", "site_name"),
        ("webExID", "webex_id"),
        ("password", "password"),
    ] {
        assert!(
            fields.iter().any(|(e, p)| e == element && p == param),
            "webex: securityContext `{element}` is not filled from `{param}`"
        );
    }
    assert!(secret(&c, "password"), "webex: password must be secret");

    let xml = c.xml.as_ref().expect("webex: no XML protocol");
    assert_eq!(xml.request_root, "serv:message");
    assert_eq!(xml.response_root, "serv:message");
    assert_eq!(xml.request_body, ["body", "bodyContent"]);
    assert_eq!(xml.response_body, ["serv:body", "serv:bodyContent"]);
    for (prefix, uri) in [
        ("serv", "http://www.webex.com/schemas/2002/06/service"),
        ("com", "http://www.webex.com/schemas/2002/06/common"),
        (
            "meet",
            "http://www.webex.com/schemas/2002/06/service/meeting",
        ),
        (
            "att",
            "http://www.webex.com/schemas/2002/06/service/attendee",
        ),
        ("xsi", "http://www.w3.org/2001/XMLSchema-instance"),
    ] {
        assert!(
            xml.namespaces.iter().any(|(p, u)| p == prefix && u == uri),
            "webex: namespace `{prefix}` is missing"
        );
    }
    let failure = c
        .errors
        .failure_when
        .as_ref()
        .expect("webex: no SUCCESS/FAILURE rule");
    assert_eq!(failure.path, "serv:header/serv:response/serv:result");
    assert_eq!(failure.success, "SUCCESS");
    assert_eq!(
        c.errors.code.as_deref(),
        Some("serv:header/serv:response/serv:exceptionID")
    );

    assert_action(
        &c,
        &ActionSeed {
            name: "CreateMeeting",
            method: Method::Post,
            path: "/XMLService",
            params: &[],
            body: WEBEX_REQUEST,
            status: 200,
            response: WEBEX_RESPONSE,
        },
    );
    let create = action(&c, "CreateMeeting");
    let body = create.body.as_ref().unwrap();
    assert_eq!(body.encoding, codegen::ir::BodyEncoding::Xml);
    assert_eq!(
        body.xml_type.as_deref(),
        Some("java:com.webex.service.binding.meeting.CreateMeeting")
    );
    assert_eq!(create.response.encoding, ResponseEncoding::Xml);
    assert_eq!(
        create.response.xml_type.as_deref(),
        Some("meet:createMeetingResponse")
    );
    // Namespaced answer elements: meet:meetingkey, meet:iCalendarURL/serv:host, …
    let answer = create.response.ty.as_ref().unwrap();
    for (path, prefix) in [
        ("meetingkey", "meet"),
        ("iCalendarURL", "meet"),
        ("iCalendarURL.host", "serv"),
        ("iCalendarURL.attendee", "serv"),
        ("guestToken", "meet"),
    ] {
        let field = field_at(&c, answer, path).unwrap();
        assert_eq!(
            field.xml.prefix.as_deref(),
            Some(prefix),
            "webex: answer element `{path}` prefix"
        );
    }
}

#[test]
fn gotowebinar_seed_is_covered() {
    let c = load(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/connectors/gotowebinar.yaml"
    ));
    assert_everything_documented(&c);
    assert_eq!(c.base_url.raw, "https://api.getgo.com/G2W/rest/v2");

    let Auth::OAuth2(oauth) = &c.auth else {
        panic!("gotowebinar: auth is not OAuth2: {:?}", c.auth)
    };
    assert_eq!(
        oauth.authorization_url.as_deref(),
        Some("https://authentication.logmeininc.com/oauth/authorize")
    );
    assert_eq!(
        oauth.token_url,
        "https://authentication.logmeininc.com/oauth/token"
    );
    assert!(
        c.connection.iter().any(|f| f.wire_name == "organizer_key"),
        "gotowebinar: organizer_key is missing"
    );

    for (name, fields) in GOTOWEBINAR_OBJECTS {
        let object = c
            .object(name)
            .unwrap_or_else(|| panic!("gotowebinar: object `{name}` is missing"));
        documented(
            &format!("gotowebinar object `{name}`"),
            object.summary.as_deref(),
            object.description.as_deref(),
        );
        assert_fields(&c, &object.ty, fields, &format!("object {name}"));
    }
    for name in ["Webinars", "Registrants"] {
        assert!(
            matches!(&c.object(name).unwrap().ty, Type::List { .. }),
            "gotowebinar: `{name}` must be a list"
        );
    }

    for seed in GOTOWEBINAR_ACTIONS {
        assert_action(&c, seed);
    }

    for seed in GOTOWEBINAR_TRIGGERS {
        let trigger = c
            .triggers
            .iter()
            .find(|t| t.name == seed.name)
            .unwrap_or_else(|| panic!("gotowebinar: trigger `{}` is missing", seed.name));
        let what = format!("gotowebinar trigger `{}`", seed.name);
        documented(
            &what,
            trigger.summary.as_deref(),
            trigger.description.as_deref(),
        );
        let TriggerKind::Poll(poll) = &trigger.kind else {
            panic!("{what} is not a polling trigger")
        };
        assert_eq!(
            poll.source,
            codegen::ir::PollSource::Action(seed.action.into()),
            "{what}: polled action"
        );
        assert_eq!(poll.identity, [seed.identity], "{what}: identity");
        let names: Vec<&str> = trigger
            .params
            .iter()
            .map(|p| p.field.wire_name.as_str())
            .collect();
        assert_eq!(names, seed.params, "{what}: parameters");
        for param in &trigger.params {
            assert!(
                param.field.required,
                "{what}: parameter `{}` must be required",
                param.field.wire_name
            );
        }
    }

    assert_limit(
        &c,
        &LimitSeed {
            calls: 100,
            period: Duration::from_secs(60),
            scope: LimitScope::Connection,
            per_value_of: None,
        },
    );
    assert_limit(
        &c,
        &LimitSeed {
            calls: 1,
            period: Duration::from_secs(120),
            scope: LimitScope::Triggers,
            per_value_of: None,
        },
    );
}
