//! Coverage of the ClickMeeting seed (`../shared/seeds/003_b297de07af70e0cc.txt`) by
//! `connectors/clickmeeting.yaml`.
//!
//! The seed's 36 requests are written out below as plain data: method and path, every parameter,
//! every body field and every field of the sample answer. The test checks that each one is in
//! the checked IR, with the documented type, required flag and enum values where the seed gives
//! them, and that every action, parameter and field carries a description.
//!
//! Field entries are written `[!|?]path[:type][=v1|v2|…]`:
//! - `!` the field must be required, `?` it must be optional (no prefix: not checked);
//! - `path` is dotted through nested objects (`settings.show_on_personal_page`); lists are walked
//!   through transparently and `*` stands for the values of a map (`pdf.*.progress`);
//! - `:type` is one of `int64`, `integer`, `datetime`, `date`, `boolean`, `string`, `email`, `uri`,
//!   `file`;
//! - `=a|b` lists the enum values the field must allow.

use std::collections::BTreeSet;
use std::path::Path;

use codegen::ir::{
    BodyEncoding, Connector, Field, ParamLocation, ResponseEncoding, ScalarKind, Type,
};

/// One request of the seed.
struct SeedRequest {
    /// What the seed calls it (for messages).
    title: &'static str,
    method: &'static str,
    path: &'static str,
    params: &'static [&'static str],
    body: Option<(Enc, &'static [&'static str])>,
    /// The sample answer: `(prefix, fields)` groups; the prefix is prepended to each field path.
    response: Answer,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Enc {
    Form,
    Multipart,
}

enum Answer {
    /// A JSON answer with these field groups.
    Json(&'static [(&'static str, &'static [&'static str])]),
    /// A JSON array of strings at the root.
    StringList,
    /// Raw bytes.
    Binary,
}

// ── Shared shapes of the samples ───────────────────────────────────────────────────────────────

/// Fields of every room in every sample answer.
const CONFERENCE_BASE: &[&str] = &[
    "embed_room_url",
    "status=active|inactive",
    "access_type=1|2|3",
    "room_type=meeting|webinar",
    "name_url",
    "updated_at:datetime",
    "lobby_description",
    "room_pin",
    "phone_presenter_pin",
    "phone_listener_pin",
    "name",
    "lobby_enabled",
    "id:int64",
    "room_url",
    "timezone",
    "registration_enabled",
    "timezone_offset:integer",
    "access_role_hashes.listener",
    "access_role_hashes.presenter",
    "access_role_hashes.host",
    "created_at:datetime",
    "recorder_list",
    "permanent_room:boolean",
];

const CONFERENCE_SETTINGS: &[&str] = &[
    "settings.show_on_personal_page:boolean",
    "settings.thank_you_emails_enabled:boolean",
    "settings.connection_tester_enabled:boolean",
    "settings.phonegateway_enabled:boolean",
    "settings.recorder_autostart_enabled:boolean",
    "settings.room_invite_button_enabled:boolean",
    "settings.social_media_sharing_enabled:boolean",
    "settings.connection_status_enabled:boolean",
    "settings.thank_you_page_url",
];

const ROOM_PATH: &[&str] = &["!room_id:int64"];
const ROOM_SESSION_PATH: &[&str] = &["!room_id:int64", "!session_id:int64"];

const ACCESS_TOKENS: &[&str] = &[
    "access_tokens.token",
    "access_tokens.sent_to_email",
    "access_tokens.first_use_date:datetime",
];

const REGISTRATION: &[&str] = &[
    "registration_date:datetime",
    "registration_confirmed",
    "fields.*",
    "id:int64",
    "session_id:int64",
    "email",
    "visitor_nickname",
];

const LIBRARY_FILE: &[&str] = &[
    "status",
    "url",
    "document_type",
    "id:int64",
    "conversion_progress:integer",
    "status_message",
    "name",
    "upload_date",
];

const MULTIPART_UPLOAD: Option<(Enc, &[&str])> = Some((Enc::Multipart, &["!uploaded:file"]));

const SEED: &[SeedRequest] = &[
    // ── Conferences ──
    SeedRequest {
        title: "list of meeting rooms",
        method: "GET",
        path: "/conferences/{status}",
        params: &["!status=active|inactive", "?page:integer"],
        body: None,
        response: Answer::Json(&[
            ("", CONFERENCE_BASE),
            ("", &["widgets_hash"]),
            ("", CONFERENCE_SETTINGS),
        ]),
    },
    SeedRequest {
        title: "add conference room",
        method: "POST",
        path: "/conferences",
        params: &[],
        body: Some((
            Enc::Form,
            &[
                "!name:string",
                "!room_type=meeting|webinar",
                "!permanent_room:boolean",
                "!access_type=1|2|3",
                "?custom_room_url_name:string",
                "?lobby_description:string",
                "?lobby_enabled:boolean",
                "?starts_at",
                "?duration",
                "?timezone:string",
                "?skin_id",
                "?password:string",
                "?registration",
                "registration.enabled:boolean",
                "registration.template=1|2|3",
                "?settings",
                "settings.show_on_personal_page:boolean",
                "settings.thank_you_emails_enabled:boolean",
                "settings.connection_tester_enabled:boolean",
                "settings.phonegateway_enabled:boolean",
                "settings.recorder_autostart_enabled:boolean",
                "settings.room_invite_button_enabled:boolean",
                "settings.social_media_sharing_enabled:boolean",
                "settings.connection_status_enabled:boolean",
                "settings.thank_you_page_url:string",
            ],
        )),
        response: Answer::Json(&[
            ("room", CONFERENCE_BASE),
            ("room", &["ends_at:datetime", "starts_at:datetime"]),
            ("room", CONFERENCE_SETTINGS),
        ]),
    },
    SeedRequest {
        title: "get data of a particular room",
        method: "GET",
        path: "/conferences/{room_id}",
        params: ROOM_PATH,
        body: None,
        response: Answer::Json(&[
            ("conference", CONFERENCE_BASE),
            ("conference", &["widgets_hash"]),
            ("conference", CONFERENCE_SETTINGS),
        ]),
    },
    SeedRequest {
        title: "editing room parameters",
        method: "PUT",
        path: "/conferences/{room_id}",
        params: ROOM_PATH,
        body: Some((
            Enc::Form,
            &[
                "?name:string",
                "?room_type=meeting|webinar",
                "?permanent_room:boolean",
                "?access_type=1|2|3",
                "?lobby_description:string",
                "?lobby_enabled:boolean",
                "?starts_at",
                "?duration",
                "?timezone:string",
                "?skin_id",
                "?password:string",
                "?registration",
                "registration.enabled:boolean",
                "registration.template=1|2|3",
                "?status=active|inactive",
                "?settings",
                "settings.show_on_personal_page:boolean",
                "settings.thank_you_emails_enabled:boolean",
                "settings.connection_tester_enabled:boolean",
                "settings.phonegateway_enabled:boolean",
                "settings.recorder_autostart_enabled:boolean",
                "settings.room_invite_button_enabled:boolean",
                "settings.social_media_sharing_enabled:boolean",
                "settings.connection_status_enabled:boolean",
                "settings.thank_you_page_url:string",
            ],
        )),
        response: Answer::Json(&[
            ("conference", CONFERENCE_BASE),
            (
                "conference",
                &[
                    "ends_at:datetime",
                    "ccc",
                    "starts_at:datetime",
                    "widgets_hash",
                ],
            ),
            ("conference", CONFERENCE_SETTINGS),
        ]),
    },
    SeedRequest {
        title: "deleting room",
        method: "DELETE",
        path: "/conferences/{room_id}",
        params: ROOM_PATH,
        body: None,
        response: Answer::Json(&[("", &["result"])]),
    },
    SeedRequest {
        title: "list of room skins",
        method: "GET",
        path: "/conferences/skins",
        params: &[],
        body: None,
        response: Answer::Json(&[("", &["id", "name", "thumbnail_url"])]),
    },
    // ── Access tokens, auto-login, invitations ──
    SeedRequest {
        title: "access token generation",
        method: "POST",
        path: "/conferences/{room_id}/tokens",
        params: ROOM_PATH,
        body: Some((Enc::Form, &["!how_many:integer"])),
        response: Answer::Json(&[("", ACCESS_TOKENS)]),
    },
    SeedRequest {
        title: "get generated access tokens",
        method: "GET",
        path: "/conferences/{room_id}/tokens",
        params: ROOM_PATH,
        body: None,
        response: Answer::Json(&[("", ACCESS_TOKENS)]),
    },
    SeedRequest {
        title: "auto-login url to meeting room",
        method: "POST",
        path: "/conferences/{room_id}/room/autologin_hash",
        params: ROOM_PATH,
        body: Some((
            Enc::Form,
            &[
                "!email",
                "!nickname:string",
                "!role=listener|presenter|host",
                "?password:string",
                "?token:string",
            ],
        )),
        response: Answer::Json(&[("", &["autologin_hash"])]),
    },
    SeedRequest {
        title: "send invitation email",
        method: "POST",
        path: "/conferences/{room_id}/invitation/email/{lang}",
        params: &["!room_id:int64", "!lang:string"],
        body: Some((
            Enc::Form,
            &[
                "!attendees",
                "!attendees.email",
                "?template=advanced|basic",
                "?role=listener|presenter",
            ],
        )),
        response: Answer::Json(&[("", &["status"])]),
    },
    // ── Sessions ──
    SeedRequest {
        title: "list of room sessions",
        method: "GET",
        path: "/conferences/{room_id}/sessions",
        params: ROOM_PATH,
        body: None,
        response: Answer::Json(&[(
            "",
            &[
                "max_visitors:integer",
                "id:int64",
                "start_date:datetime",
                "end_date:datetime",
                "total_visitors:integer",
            ],
        )]),
    },
    SeedRequest {
        title: "data of a particular room session",
        method: "GET",
        path: "/conferences/{room_id}/sessions/{session_id}",
        params: ROOM_SESSION_PATH,
        body: None,
        response: Answer::Json(&[(
            "",
            &[
                "max_visitors:integer",
                "attendees.id:int64",
                "attendees.start_date:datetime",
                "attendees.email",
                "attendees.end_date:datetime",
                "attendees.login",
                "start_date:datetime",
                "pdf.*.generate_pdf_url",
                "pdf.*.progress:integer",
                "end_date:datetime",
                "total_visitors:integer",
            ],
        )]),
    },
    SeedRequest {
        title: "data of all session attendees",
        method: "GET",
        path: "/conferences/{room_id}/sessions/{session_id}/attendees",
        params: ROOM_SESSION_PATH,
        body: None,
        response: Answer::Json(&[(
            "",
            &[
                "device",
                "uid",
                "rating",
                "nickname",
                "role",
                "rating_comment",
                "email",
                "polls.questions.question",
                "polls.questions.answers.points:integer",
                "polls.questions.answers.value",
                "polls.name",
            ],
        )]),
    },
    SeedRequest {
        title: "PDF report generating",
        method: "GET",
        path: "/conferences/{room_id}/sessions/{session_id}/generate-pdf/{lang}",
        params: &["!room_id:int64", "!session_id:int64", "!lang:string"],
        body: None,
        response: Answer::Json(&[(
            "",
            &[
                "status=NEW|IN_PROGRESS|FINISHED|FAILED",
                "progress:integer",
                "url",
            ],
        )]),
    },
    // ── Contacts ──
    SeedRequest {
        title: "add new contact",
        method: "POST",
        path: "/contacts",
        params: &[],
        body: Some((
            Enc::Form,
            &[
                "!email",
                "!firstname:string",
                "!lastname:string",
                "?phone:string",
                "?company:string",
                "?country:string",
            ],
        )),
        response: Answer::Json(&[("", &["status"])]),
    },
    // ── Time zones, phone gateways ──
    SeedRequest {
        title: "time zone list",
        method: "GET",
        path: "/time_zone_list",
        params: &[],
        body: None,
        response: Answer::StringList,
    },
    SeedRequest {
        title: "time zone list by country",
        method: "GET",
        path: "/time_zone_list/{country}",
        params: &["!country:string"],
        body: None,
        response: Answer::StringList,
    },
    SeedRequest {
        title: "available phone numbers",
        method: "GET",
        path: "/phone_gateways",
        params: &[],
        body: None,
        response: Answer::Json(&[("", &["code", "location", "value", "geo.lat", "geo.long"])]),
    },
    // ── Registrations ──
    SeedRequest {
        title: "all registered participants",
        method: "GET",
        path: "/conferences/{room_id}/registrations/{status}",
        params: &["!room_id:int64", "!status=all|active"],
        body: None,
        response: Answer::Json(&[("", REGISTRATION)]),
    },
    SeedRequest {
        title: "register participant",
        method: "POST",
        path: "/conferences/{room_id}/registration",
        params: ROOM_PATH,
        body: Some((
            Enc::Form,
            &[
                "!registration",
                "!registration.1",
                "!registration.2",
                "!registration.3",
                "?confirmation_email",
                "confirmation_email.enabled:boolean",
                "confirmation_email.lang",
            ],
        )),
        response: Answer::Json(&[("", &["status", "url"])]),
    },
    SeedRequest {
        title: "registered participants in a particular session",
        method: "GET",
        path: "/conferences/{room_id}/sessions/{session_id}/registrations",
        params: ROOM_SESSION_PATH,
        body: None,
        response: Answer::Json(&[("", REGISTRATION)]),
    },
    SeedRequest {
        title: "turn on/off meeting registration status",
        method: "PUT",
        path: "/conferences/{room_id}",
        params: ROOM_PATH,
        body: Some((
            Enc::Form,
            &["!registration", "!registration.enabled:boolean"],
        )),
        response: Answer::Json(&[("conference", CONFERENCE_BASE)]),
    },
    SeedRequest {
        title: "update meeting registration template",
        method: "PUT",
        path: "/conferences/{room_id}",
        params: ROOM_PATH,
        body: Some((
            Enc::Form,
            &[
                "!registration",
                "!registration.enabled:boolean",
                "!registration.template=1|2|3",
            ],
        )),
        response: Answer::Json(&[("conference", CONFERENCE_BASE)]),
    },
    // ── Files ──
    SeedRequest {
        title: "list of files",
        method: "GET",
        path: "/file-library",
        params: &[],
        body: None,
        response: Answer::Json(&[("", LIBRARY_FILE)]),
    },
    SeedRequest {
        title: "adding new file into library",
        method: "POST",
        path: "/file-library",
        params: &[],
        body: MULTIPART_UPLOAD,
        response: Answer::Json(&[("", LIBRARY_FILE)]),
    },
    SeedRequest {
        title: "file list of a particular room",
        method: "GET",
        path: "/file-library/conferences/{room_id}",
        params: ROOM_PATH,
        body: None,
        response: Answer::Json(&[("", LIBRARY_FILE)]),
    },
    SeedRequest {
        title: "adding new file into library of a particular room",
        method: "POST",
        path: "/file-library/conferences/{room_id}",
        params: ROOM_PATH,
        body: MULTIPART_UPLOAD,
        response: Answer::Json(&[("", LIBRARY_FILE)]),
    },
    SeedRequest {
        title: "file details",
        method: "GET",
        path: "/file-library/{file_id}",
        params: &["!file_id:int64"],
        body: None,
        response: Answer::Json(&[("", LIBRARY_FILE)]),
    },
    SeedRequest {
        title: "deleting of file",
        method: "DELETE",
        path: "/file-library/{file_id}",
        params: &["!file_id:int64"],
        body: None,
        response: Answer::Json(&[("", &["response"])]),
    },
    SeedRequest {
        title: "file content",
        method: "GET",
        path: "/file-library/{file_id}/download",
        params: &["!file_id:int64"],
        body: None,
        response: Answer::Binary,
    },
    // ── Recordings ──
    SeedRequest {
        title: "recordings list",
        method: "GET",
        path: "/conferences/{room_id}/recordings",
        params: ROOM_PATH,
        body: None,
        response: Answer::Json(&[(
            "",
            &[
                "id:int64",
                "recording_duration:integer",
                "recorder_started",
                "recording_file_size:integer",
                "recording_url",
            ],
        )]),
    },
    SeedRequest {
        title: "delete all recordings",
        method: "DELETE",
        path: "/conferences/{room_id}/recordings",
        params: ROOM_PATH,
        body: None,
        response: Answer::Json(&[("", &["STATUS"])]),
    },
    SeedRequest {
        title: "delete recording",
        method: "DELETE",
        path: "/conferences/{room_id}/recordings/{recording_id}",
        params: &["!room_id:int64", "!recording_id:int64"],
        body: None,
        response: Answer::Json(&[("", &["STATUS"])]),
    },
    // ── Chats ──
    SeedRequest {
        title: "list of chats",
        method: "GET",
        path: "/chats",
        params: &[],
        body: None,
        response: Answer::Json(&[(
            "",
            &[
                "time",
                "id:int64",
                "download_link",
                "timezone",
                "date:date",
                "name",
            ],
        )]),
    },
    SeedRequest {
        title: "chat details",
        method: "GET",
        path: "/chats/{session_id}",
        params: &["!session_id:int64"],
        body: None,
        response: Answer::Binary,
    },
    // ── Other ──
    SeedRequest {
        title: "api status",
        method: "GET",
        path: "/ping",
        params: &[],
        body: None,
        response: Answer::Json(&[("", &["ping"])]),
    },
];

// ── The test ───────────────────────────────────────────────────────────────────────────────────

fn load() -> Connector {
    let path = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/connectors/clickmeeting.yaml"
    ));
    let outcome = codegen::check_file(path);
    let errors: Vec<String> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| {
            format!(
                "{}:{}:{}: {}",
                path.display(),
                d.span.line,
                d.span.column,
                d.message
            )
        })
        .collect();
    assert!(
        errors.is_empty(),
        "the spec has errors:\n{}",
        errors.join("\n")
    );
    outcome
        .connector
        .expect("a spec without errors yields a connector")
}

/// One parsed field entry.
struct Expect<'a> {
    required: Option<bool>,
    path: Vec<&'a str>,
    ty: Option<&'a str>,
    values: Vec<&'a str>,
}

fn parse_entry(entry: &str) -> Expect<'_> {
    let (required, rest) = match entry.as_bytes().first() {
        Some(b'!') => (Some(true), &entry[1..]),
        Some(b'?') => (Some(false), &entry[1..]),
        _ => (None, entry),
    };
    let (rest, values) = match rest.split_once('=') {
        Some((rest, values)) => (rest, values.split('|').collect()),
        None => (rest, Vec::new()),
    };
    let (path, ty) = match rest.split_once(':') {
        Some((path, ty)) => (path, Some(ty)),
        None => (rest, None),
    };
    Expect {
        required,
        path: path.split('.').collect(),
        ty,
        values,
    }
}

/// Strips lists and named references.
fn peel<'a>(connector: &'a Connector, mut ty: &'a Type) -> &'a Type {
    loop {
        match connector.resolve(ty) {
            Type::List { item, .. } => ty = item,
            other => return other,
        }
    }
}

/// Finds the field at `path` below `ty`, walking lists, named types and `*` map values.
fn find_field<'a>(
    connector: &'a Connector,
    ty: &'a Type,
    path: &[&str],
) -> Result<&'a Field, String> {
    let (first, rest) = path.split_first().expect("a non-empty path");
    let here = peel(connector, ty);
    if *first == "*" {
        let Type::Map { value, .. } = here else {
            return Err(format!("`*`: not a map but {here:?}"));
        };
        if rest.is_empty() {
            return Err("a path cannot end at `*`".into());
        }
        return find_field(connector, value, rest);
    }
    let Type::Object(object) = here else {
        return Err(format!(
            "`{first}`: the type is not an object ({})",
            short(here)
        ));
    };
    let Some(field) = object.fields.iter().find(|f| f.wire_name == *first) else {
        let known: Vec<&str> = object.fields.iter().map(|f| f.wire_name.as_str()).collect();
        return Err(format!("no field `{first}` (has: {})", known.join(", ")));
    };
    if rest.is_empty() {
        return Ok(field);
    }
    if rest == ["*"] {
        // `fields.*`: a map of scalars.
        return match peel(connector, &field.ty) {
            Type::Map { .. } => Ok(field),
            other => Err(format!("`{first}` is not a map ({})", short(other))),
        };
    }
    find_field(connector, &field.ty, rest).map_err(|e| format!("{first}.{e}"))
}

fn short(ty: &Type) -> String {
    let text = format!("{ty:?}");
    text.chars().take(80).collect()
}

/// Checks a field against an entry; returns the problems.
fn check_field(connector: &Connector, field: &Field, expect: &Expect<'_>) -> Vec<String> {
    let mut problems = Vec::new();
    let name = expect.path.join(".");
    if let Some(required) = expect.required {
        if field.required != required {
            problems.push(format!(
                "`{name}` should be {}",
                if required { "required" } else { "optional" }
            ));
        }
    }
    let ty = peel(connector, &field.ty);
    if let Some(want) = expect.ty {
        let scalar = match ty {
            Type::Scalar(scalar) => Some(scalar.clone()),
            Type::Enum(e) => Some(e.base.clone()),
            _ => None,
        };
        let ok = scalar.as_ref().is_some_and(|s| {
            let format = s.format.as_deref();
            match want {
                "int64" => s.kind == ScalarKind::Integer && format == Some("int64"),
                "integer" => s.kind == ScalarKind::Integer,
                "datetime" => s.kind == ScalarKind::String && format == Some("date-time"),
                "date" => s.kind == ScalarKind::String && format == Some("date"),
                "boolean" => s.kind == ScalarKind::Boolean,
                "string" => s.kind == ScalarKind::String,
                "email" => s.kind == ScalarKind::String && format == Some("email"),
                "uri" => s.kind == ScalarKind::String && format == Some("uri"),
                "file" => {
                    s.kind == ScalarKind::File
                        || (s.kind == ScalarKind::String && format == Some("binary"))
                }
                other => panic!("unknown type `{other}` in the test data"),
            }
        });
        if !ok {
            problems.push(format!("`{name}` should be {want}, is {}", short(ty)));
        }
    }
    if !expect.values.is_empty() {
        match ty {
            Type::Enum(e) => {
                let have: BTreeSet<String> = e
                    .values
                    .iter()
                    .map(|v| match &v.value {
                        serde_json::Value::String(s) => s.clone(),
                        other => other.to_string(),
                    })
                    .collect();
                for want in &expect.values {
                    if !have.contains(*want) {
                        problems.push(format!("`{name}` lacks the enum value `{want}`"));
                    }
                }
                if let Some(unlabelled) = e
                    .values
                    .iter()
                    .find(|v| v.label.as_deref().is_none_or(str::is_empty))
                {
                    problems.push(format!(
                        "`{name}`: enum value {} has no label",
                        unlabelled.value
                    ));
                }
            }
            other => problems.push(format!("`{name}` should be an enum, is {}", short(other))),
        }
    }
    problems
}

/// Everything `req` expects of `action`, as a list of problems (empty: all there).
fn problems(connector: &Connector, action: &codegen::ir::Action, req: &SeedRequest) -> Vec<String> {
    let mut problems = Vec::new();

    for entry in req.params {
        let expect = parse_entry(entry);
        let wire = expect.path[0];
        match action.params.iter().find(|p| p.field.wire_name == wire) {
            None => problems.push(format!("no parameter `{wire}`")),
            Some(param) => {
                let want = if req.path.contains(&format!("{{{wire}}}")) {
                    ParamLocation::Path
                } else {
                    ParamLocation::Query
                };
                if param.location != want {
                    problems.push(format!("parameter `{wire}` should be in {want:?}"));
                }
                problems.extend(check_field(connector, &param.field, &expect));
            }
        }
    }
    let declared: BTreeSet<&str> = req.params.iter().map(|e| parse_entry(e).path[0]).collect();
    for param in &action.params {
        if param.location == ParamLocation::Path
            && !declared.contains(param.field.wire_name.as_str())
        {
            problems.push(format!(
                "path parameter `{}` is not in the seed",
                param.field.wire_name
            ));
        }
    }

    match (&req.body, &action.body) {
        (None, None) => {}
        (None, Some(_)) => problems.push("has a body the seed does not show".into()),
        (Some(_), None) => problems.push("has no body".into()),
        (Some((encoding, fields)), Some(body)) => {
            let want = match encoding {
                Enc::Form => BodyEncoding::Form,
                Enc::Multipart => BodyEncoding::Multipart,
            };
            if body.encoding != want {
                problems.push(format!("body should be {want:?}, is {:?}", body.encoding));
            }
            for entry in *fields {
                let expect = parse_entry(entry);
                match find_field(connector, &body.ty, &expect.path) {
                    Err(e) => problems.push(format!("body: {e}")),
                    Ok(field) => problems.extend(check_field(connector, field, &expect)),
                }
            }
        }
    }

    let response = &action.response;
    match &req.response {
        Answer::Binary => {
            if response.encoding != ResponseEncoding::Binary {
                problems.push(format!(
                    "answer should be binary, is {:?}",
                    response.encoding
                ));
            }
        }
        Answer::StringList => {
            let ok = matches!(
                response.ty.as_ref().map(|t| connector.resolve(t)),
                Some(Type::List { item, .. }) if matches!(connector.resolve(item), Type::Scalar(s) if s.kind == ScalarKind::String)
            );
            if !ok {
                problems.push(format!(
                    "answer should be a list of strings, is {:?}",
                    response.ty
                ));
            }
        }
        Answer::Json(groups) => {
            if response.encoding != ResponseEncoding::Json {
                problems.push(format!("answer should be JSON, is {:?}", response.encoding));
            }
            match &response.ty {
                None => problems.push("answer has no type".into()),
                Some(ty) => {
                    for (prefix, fields) in *groups {
                        for entry in *fields {
                            let full = if prefix.is_empty() {
                                entry.to_string()
                            } else {
                                format!("{prefix}.{entry}")
                            };
                            let expect = parse_entry(&full);
                            match find_field(connector, ty, &expect.path) {
                                Err(e) => problems.push(format!("answer: {e}")),
                                Ok(field) => {
                                    problems.extend(check_field(connector, field, &expect))
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    problems
}

#[test]
fn every_seed_request_is_an_action_with_its_parameters_and_fields() {
    let connector = load();
    assert_eq!(SEED.len(), 36, "the seed has 36 requests");

    let mut used: BTreeSet<&str> = BTreeSet::new();
    let mut failures = Vec::new();
    for req in SEED {
        let candidates: Vec<&codegen::ir::Action> = connector
            .actions
            .iter()
            .filter(|a| a.method.as_str() == req.method && a.path.raw == req.path)
            .collect();
        if candidates.is_empty() {
            failures.push(format!(
                "{} {} ({}): no action",
                req.method, req.path, req.title
            ));
            continue;
        }
        // Several seed sections share `PUT /conferences/{room_id}`: each needs an action of its own.
        let mut best: Option<(&str, Vec<String>)> = None;
        let mut matched = false;
        for action in candidates
            .iter()
            .filter(|a| !used.contains(a.name.as_str()))
        {
            let found = problems(&connector, action, req);
            if found.is_empty() {
                used.insert(action.name.as_str());
                matched = true;
                break;
            }
            if best.as_ref().is_none_or(|(_, b)| found.len() < b.len()) {
                best = Some((action.name.as_str(), found));
            }
        }
        if !matched {
            match best {
                None => failures.push(format!(
                    "{} {} ({}): every matching action is already taken by another seed section",
                    req.method, req.path, req.title
                )),
                Some((name, found)) => failures.push(format!(
                    "{} {} ({}), closest action `{name}`:\n    {}",
                    req.method,
                    req.path,
                    req.title,
                    found.join("\n    ")
                )),
            }
        }
    }
    assert!(
        failures.is_empty(),
        "seed coverage gaps:\n{}",
        failures.join("\n")
    );
    assert_eq!(
        connector.actions.len(),
        SEED.len(),
        "one action per seed request, no more"
    );
}

#[test]
fn connector_level_facts() {
    let connector = load();
    assert_eq!(connector.base_url.raw, "https://api.clickmeeting.com/v1");
    match &connector.auth {
        codegen::ir::Auth::ApiKey {
            name,
            location,
            key,
            ..
        } => {
            assert_eq!(name, "X-Api-Key");
            assert_eq!(*location, codegen::ir::KeyLocation::Header);
            let param = connector
                .connection
                .iter()
                .find(|f| &f.wire_name == key)
                .expect("the key's connection parameter");
            assert!(param.secret, "the API key is a secret");
        }
        other => panic!("auth should be an API key, is {other:?}"),
    }
    let error_type = connector.errors.ty.as_ref().expect("an error body type");
    for path in [["code"].as_slice(), &["errors", "message"]] {
        find_field(&connector, error_type, path).unwrap_or_else(|e| panic!("error body: {e}"));
    }
    assert_eq!(connector.errors.code.as_deref(), Some("code"));
    assert_eq!(connector.errors.message.as_deref(), Some("errors.message"));

    let list = connector
        .actions
        .iter()
        .find(|a| a.path.raw == "/conferences/{status}")
        .expect("the room list");
    match &list.paginate {
        Some(codegen::ir::Pagination::PageNumber { param, .. }) => assert_eq!(param, "page"),
        other => panic!("the room list should page with ?page=N, has {other:?}"),
    }
}

/// Every action, parameter and field (of actions, bodies, answers, objects and the connection)
/// has a description, and every action and parameter a summary.
#[test]
fn everything_is_described() {
    let connector = load();
    let mut missing = Vec::new();

    fn walk(ty: &Type, at: &str, missing: &mut Vec<String>) {
        match ty {
            Type::Object(object) => {
                for field in &object.fields {
                    let here = format!("{at}.{}", field.wire_name);
                    if field
                        .description
                        .as_deref()
                        .is_none_or(|d| d.trim().is_empty())
                    {
                        missing.push(format!("{here}: no description"));
                    }
                    if field.summary.as_deref().is_none_or(|d| d.trim().is_empty()) {
                        missing.push(format!("{here}: no summary"));
                    }
                    walk(&field.ty, &here, missing);
                }
            }
            Type::List { item, .. } | Type::Map { value: item, .. } => walk(item, at, missing),
            // Named types are walked once, from `connector.objects`.
            Type::Named(_) | Type::Scalar(_) | Type::Enum(_) => {}
        }
    }

    for object in &connector.objects {
        if object
            .description
            .as_deref()
            .is_none_or(|d| d.trim().is_empty())
        {
            missing.push(format!("object {}: no description", object.name));
        }
        walk(&object.ty, &object.name, &mut missing);
    }
    for field in &connector.connection {
        if field
            .description
            .as_deref()
            .is_none_or(|d| d.trim().is_empty())
        {
            missing.push(format!("connection {}: no description", field.wire_name));
        }
    }
    for action in &connector.actions {
        let name = &action.name;
        if action
            .description
            .as_deref()
            .is_none_or(|d| d.trim().is_empty())
        {
            missing.push(format!("{name}: no description"));
        }
        match action.summary.as_deref() {
            None | Some("") => missing.push(format!("{name}: no summary")),
            Some(summary) => {
                if summary.chars().count() > 80 || summary.ends_with('.') {
                    missing.push(format!("{name}: summary breaks the platform rules"));
                }
            }
        }
        for param in &action.params {
            let here = format!("{name}({})", param.field.wire_name);
            if param
                .field
                .description
                .as_deref()
                .is_none_or(|d| d.trim().is_empty())
            {
                missing.push(format!("{here}: no description"));
            }
            if param
                .field
                .summary
                .as_deref()
                .is_none_or(|d| d.trim().is_empty())
            {
                missing.push(format!("{here}: no summary"));
            }
            walk(&param.field.ty, &here, &mut missing);
        }
        if let Some(body) = &action.body {
            walk(&body.ty, &format!("{name} body"), &mut missing);
        }
        if let Some(ty) = &action.response.ty {
            walk(ty, &format!("{name} answer"), &mut missing);
        }
    }
    assert!(
        missing.is_empty(),
        "undocumented parts:\n{}",
        missing.join("\n")
    );
}
