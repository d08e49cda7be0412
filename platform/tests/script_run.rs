//! Runs the generated `script.csx` files: each is compiled with Mono's C# compiler beside a
//! stand-in of the platform's `ScriptBase`/`IScriptContext` (`tests/csharp/`) and executed on
//! calls whose service answers come from a recording loopback handler. Skips with one line when
//! `mcs`/`mono` are absent (`.ci/run` installs them).

mod manifest_support;
mod script_host;

use connector_platform::emit::powerplatform;
use script_host::xml::{self, Element};
use script_host::{answer_json, only_sent, Host, Program};
use serde_json::{json, Map, Value};

fn generated(id: &str, file: &str) -> String {
    let path = manifest_support::workspace()
        .join("generated")
        .join(id)
        .join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn generated_json(id: &str, file: &str) -> Value {
    serde_json::from_str(&generated(id, file)).expect("generated JSON")
}

/// Compiles `script` into a folder of its own, `name`: tests run at once, so two must never
/// share one (a test running the program while another rewrites it failed under load).
fn compile(host: &Host, name: &str, script: &str) -> Program {
    host.compile(name, script)
        .unwrap_or_else(|e| panic!("the {name} script does not compile:\n{e}"))
}

/// The schema at `schema` with the swagger's definitions beside it, for `jsonschema`.
fn with_definitions(swagger: &Value, schema: &Value) -> Value {
    let mut out = schema.clone();
    out["definitions"] = swagger["definitions"].clone();
    out
}

fn assert_valid(schema: &Value, instance: &Value, what: &str) {
    let validator = jsonschema::draft4::new(schema).expect("the schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(
        errors.is_empty(),
        "{what} does not match its schema: {errors:#?}\n{instance:#}"
    );
}

fn resolve<'a>(swagger: &'a Value, schema: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => {
            let name = r.trim_start_matches("#/definitions/");
            resolve(swagger, &swagger["definitions"][name])
        }
        None => schema,
    }
}

/// The JSON a caller sends for the XML `element`, read through the swagger `schema`: objects
/// take their properties from child elements (a repeated element fills an array), scalars
/// take the element's text in the schema's type.
fn json_from_xml(swagger: &Value, schema: &Value, element: &Element) -> Value {
    let schema = resolve(swagger, schema);
    match schema["type"].as_str() {
        Some("object") => {
            let mut out = Map::new();
            for child in &element.children {
                let property = &schema["properties"][child.local()];
                assert!(
                    !property.is_null(),
                    "the swagger has no property for <{}> in <{}>",
                    child.name,
                    element.name
                );
                let property = resolve(swagger, property);
                if property["type"] == "array" {
                    let item = json_from_xml(swagger, &property["items"], child);
                    out.entry(child.local().to_owned())
                        .or_insert_with(|| json!([]))
                        .as_array_mut()
                        .unwrap()
                        .push(item);
                } else {
                    out.insert(
                        child.local().to_owned(),
                        json_from_xml(swagger, property, child),
                    );
                }
            }
            Value::Object(out)
        }
        Some("integer") => json!(element.text.parse::<i64>().expect("an integer")),
        Some("number") => json!(element.text.parse::<f64>().expect("a number")),
        Some("boolean") => json!(element.text.eq_ignore_ascii_case("true")),
        _ => json!(element.text),
    }
}

/// The seed's sample request and answer, or `None` (after one line) when the seed is absent.
fn webex_samples() -> Option<(String, String)> {
    let path = manifest_support::shared("seeds/002_66707848bc71953a.txt")?;
    let text = std::fs::read_to_string(path).unwrap();
    let split = text.find("</serv:message>").unwrap() + "</serv:message>".len();
    let request = &text[text.find("<serv:message").unwrap()..split];
    let answer = &text[split..];
    let answer = &answer[answer.find("<serv:message").unwrap()..];
    let answer = &answer[..answer.find("</serv:message>").unwrap() + "</serv:message>".len()];
    Some((request.to_owned(), answer.to_owned()))
}

/// The documentation prints the sample answer with bare `&` in URLs and breaks long URLs over
/// lines; this undoes both so that it is the XML a service sends.
fn repair_printed_answer(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        out.push_str("&amp;");
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
    // A line break followed by indentation inside element text joins the two halves.
    let mut joined = String::new();
    let mut lines = out.lines().peekable();
    while let Some(line) = lines.next() {
        joined.push_str(line);
        let in_text = line.rfind('>') > line.rfind('<');
        let continues = in_text
            && !line.trim_end().ends_with('>')
            && lines
                .peek()
                .is_some_and(|next| !next.trim_start().starts_with('<'));
        if continues {
            joined.push_str(lines.next().unwrap().trim_start());
        }
        joined.push('\n');
    }
    joined
}

/// The headers the connector's `setheader` policies add: element or parameter → header.
fn credential_headers(properties: &Value) -> Vec<String> {
    properties["properties"]["policyTemplateInstances"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|p| p["templateId"] == "setheader")
        .map(|p| {
            p["parameters"]["x-ms-apimTemplateParameter.name"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect()
}

fn webex_url(swagger: &Value) -> String {
    format!(
        "https://{}{}/XMLService",
        swagger["host"].as_str().unwrap(),
        swagger["basePath"].as_str().unwrap()
    )
}

#[test]
fn webex_create_meeting_sends_the_seed_envelope() {
    let Some(host) = Host::find() else { return };
    let Some((request_sample, _)) = webex_samples() else {
        return;
    };
    let swagger = generated_json("webex", "apiDefinition.swagger.json");
    let properties = generated_json("webex", "apiProperties.json");
    let program = compile(&host, "webex-envelope", &generated("webex", "script.csx"));

    let sample = xml::parse(&request_sample);
    let operation = &swagger["paths"]["/XMLService"]["post"];
    assert_eq!(operation["operationId"], "CreateMeeting");
    let body_schema = &operation["parameters"][0]["schema"];
    let input = json_from_xml(&swagger, body_schema, sample.at("body/bodyContent"));
    assert_valid(
        &with_definitions(&swagger, body_schema),
        &input,
        "the action's input",
    );

    // The credentials reach the script as the headers the setheader policies add.
    let mut headers = Map::new();
    let credentials = sample.at("header/securityContext");
    for header in credential_headers(&properties) {
        let element = header.trim_start_matches("X-Connector-");
        let value = &credentials
            .child(element)
            .unwrap_or_else(|| panic!("the sample has no <{element}>"))
            .text;
        headers.insert(header.clone(), json!(value));
    }
    assert_eq!(headers.len(), credentials.children.len());

    let answer = r#"<serv:message xmlns:serv="http://www.webex.com/schemas/2002/06/service"><serv:header><serv:response><serv:result>SUCCESS</serv:result></serv:response></serv:header><serv:body><serv:bodyContent/></serv:body></serv:message>"#;
    let result = program.run(
        "create_meeting",
        &json!({
            "operation": "CreateMeeting",
            "request": { "method": "POST", "url": webex_url(&swagger), "headers": headers, "body": input },
            "answers": [{ "status": 200, "content_type": "application/xml", "body": answer }]
        }),
    );
    let sent = only_sent(&result);
    assert_eq!(sent["method"], "POST");
    assert_eq!(sent["url"], webex_url(&swagger));
    for header in headers.keys() {
        assert!(
            sent["headers"].get(header).is_none(),
            "the credential header {header} was forwarded to the service"
        );
    }
    let envelope = xml::parse(sent["body"].as_str().unwrap());
    let differences = xml::differences(&sample, &envelope);
    assert!(
        differences.is_empty(),
        "the envelope differs from the seed's sample:\n{}",
        differences.join("\n")
    );
    // The sample leaves `serv` undeclared; the script declares it with the service's namespace.
    assert!(envelope.namespaces.contains(&(
        "xmlns:serv".into(),
        "http://www.webex.com/schemas/2002/06/service".into()
    )));
    assert_eq!(result["status"], 200);
}

#[test]
fn webex_answer_becomes_the_json_the_swagger_promises() {
    let Some(host) = Host::find() else { return };
    let Some((_, answer_sample)) = webex_samples() else {
        return;
    };
    let swagger = generated_json("webex", "apiDefinition.swagger.json");
    let program = compile(&host, "webex-answer", &generated("webex", "script.csx"));
    let answer = repair_printed_answer(&answer_sample);
    let result = program.run(
        "create_meeting_answer",
        &json!({
            "operation": "CreateMeeting",
            "request": { "method": "POST", "url": webex_url(&swagger), "body": { "metaData": { "confName": "Sample Meeting" } } },
            "answers": [{ "status": 200, "content_type": "text/xml", "body": answer }]
        }),
    );
    assert_eq!(result["status"], 200, "{result:#}");
    let output = answer_json(&result);
    let schema = &swagger["paths"]["/XMLService"]["post"]["responses"]["200"]["schema"];
    assert_valid(
        &with_definitions(&swagger, schema),
        &output,
        "the script's answer",
    );
    // Every element of the sample's body content is in the answer, with its value.
    let content = xml::parse(&answer).at("serv:body/serv:bodyContent").clone();
    let expected = json_from_xml(&swagger, schema, &content);
    assert_eq!(output, expected);
    assert_eq!(output["meetingkey"], json!(48591508));
    assert!(output["iCalendarURL"]["host"]
        .as_str()
        .is_some_and(|u| u.starts_with("https://") && u.contains("ED=48591508&UID=")));
}

#[test]
fn webex_failure_is_a_400_with_code_and_reason() {
    let Some(host) = Host::find() else { return };
    let swagger = generated_json("webex", "apiDefinition.swagger.json");
    let program = compile(&host, "webex-failure", &generated("webex", "script.csx"));
    let failure = r#"<?xml version="1.0" encoding="UTF-8"?>
<serv:message xmlns:serv="http://www.webex.com/schemas/2002/06/service">
  <serv:header>
    <serv:response>
      <serv:result>FAILURE</serv:result>
      <serv:reason>Invalid user or password</serv:reason>
      <serv:gsbStatus>PRIMARY</serv:gsbStatus>
      <serv:exceptionID>030002</serv:exceptionID>
    </serv:response>
  </serv:header>
  <serv:body><serv:bodyContent/></serv:body>
</serv:message>"#;
    let result = program.run(
        "failure",
        &json!({
            "operation": "CreateMeeting",
            "request": { "method": "POST", "url": webex_url(&swagger), "body": { "metaData": { "confName": "x" } } },
            "answers": [{ "status": 200, "content_type": "text/xml", "body": failure }]
        }),
    );
    assert_eq!(result["status"], 400);
    assert_eq!(
        answer_json(&result),
        json!({ "code": "030002", "message": "Invalid user or password", "result": "FAILURE" })
    );

    // An HTTP error passes through; an answer that is not XML is a 502 saying so.
    let result = program.run(
        "http_error",
        &json!({
            "operation": "CreateMeeting",
            "request": { "method": "POST", "url": webex_url(&swagger), "body": {} },
            "answers": [{ "status": 503, "content_type": "text/plain", "body": "down" }]
        }),
    );
    assert_eq!(result["status"], 503);
    assert_eq!(result["body"], "down");
    let result = program.run(
        "not_xml",
        &json!({
            "operation": "CreateMeeting",
            "request": { "method": "POST", "url": webex_url(&swagger), "body": {} },
            "answers": [{ "status": 200, "content_type": "text/html", "body": "<html><body>maintenance" }]
        }),
    );
    assert_eq!(result["status"], 502);
    assert_eq!(answer_json(&result)["code"], "InvalidXml");
}

#[test]
fn gotomeeting_logs_in_then_calls_with_the_token() {
    let Some(host) = Host::find() else { return };
    let swagger = generated_json("gotomeeting", "apiDefinition.swagger.json");
    let properties = generated_json("gotomeeting", "apiProperties.json");
    let program = compile(
        &host,
        "gotomeeting",
        &generated("gotomeeting", "script.csx"),
    );
    let url = format!(
        "https://{}{}/meetings",
        swagger["host"].as_str().unwrap(),
        swagger["basePath"].as_str().unwrap()
    );
    let headers = credential_headers(&properties);
    assert_eq!(
        headers,
        [
            "X-Connector-email",
            "X-Connector-password",
            "X-Connector-client_id"
        ]
    );
    let credentials = json!({
        "X-Connector-email": "host@example.com",
        "X-Connector-password": "p&ss word",
        "X-Connector-client_id": "client-1"
    });
    let input = json!({ "subject": "Weekly", "starttime": "2026-01-05T10:00:00Z", "endtime": "2026-01-05T11:00:00Z",
                        "passwordrequired": false, "conferencecallinfo": "Hybrid", "timezonekey": "",
                        "meetingtype": "scheduled" });
    let operation = &swagger["paths"]["/meetings"]["post"];
    assert_valid(
        &with_definitions(&swagger, &operation["parameters"][0]["schema"]),
        &input,
        "the action's input",
    );
    let meeting = json!([{ "joinURL": "https://global.gotomeeting.com/join/123", "meetingid": 123,
                           "maxParticipants": 26, "uniqueMeetingId": 456, "conferenceCallInfo": "Hybrid" }]);
    assert_valid(
        &with_definitions(&swagger, &operation["responses"]["201"]["schema"]),
        &meeting,
        "the canned answer",
    );
    let result = program.run(
        "login",
        &json!({
            "operation": "CreateMeeting",
            "request": { "method": "POST", "url": url, "headers": credentials, "body": input },
            "answers": [
                { "status": 200, "body": r#"{"access_token":"2026-01-01T00:00:00Z","expires_in":3600}"# },
                { "status": 201, "body": meeting.to_string() }
            ]
        }),
    );
    let sent = result["sent"].as_array().unwrap();
    assert_eq!(sent.len(), 2, "{result:#}");
    assert_eq!(sent[0]["method"], "GET");
    assert_eq!(
        sent[0]["url"],
        "https://api.getgo.com/oauth/access_token?grant_type=password&user_id=host%40example.com&password=p%26ss%20word&client_id=client-1"
    );
    assert_eq!(sent[1]["method"], "POST");
    assert_eq!(sent[1]["url"], url);
    // A token that looks like a date is sent exactly as the login answered it.
    assert_eq!(
        sent[1]["headers"]["Authorization"],
        "OAuth oauth_token=2026-01-01T00:00:00Z"
    );
    let forwarded: Value = serde_json::from_str(sent[1]["body"].as_str().unwrap()).unwrap();
    assert_eq!(forwarded, input);
    for header in &headers {
        assert!(
            sent[1]["headers"].get(header).is_none(),
            "{header} forwarded"
        );
    }
    assert_eq!(result["status"], 201);
    assert_eq!(answer_json(&result), meeting);

    // A refused login is the call's answer, and nothing else is sent.
    let result = program.run(
        "login_refused",
        &json!({
            "operation": "CreateMeeting",
            "request": { "method": "POST", "url": url, "headers": credentials, "body": input },
            "answers": [{ "status": 401, "body": r#"{"error":"invalid_grant"}"# }]
        }),
    );
    assert_eq!(result["sent"].as_array().unwrap().len(), 1);
    assert_eq!(result["status"], 401);
    // A login answer without a token, or not JSON at all, is a 401 saying so.
    for (label, body) in [("no_token", r#"{"other":1}"#), ("not_json", "<html>")] {
        let result = program.run(
            label,
            &json!({
                "operation": "CreateMeeting",
                "request": { "method": "POST", "url": url, "headers": credentials, "body": input },
                "answers": [{ "status": 200, "body": body }]
            }),
        );
        assert_eq!(result["sent"].as_array().unwrap().len(), 1, "{label}");
        assert_eq!(result["status"], 401, "{label}");
        assert_eq!(answer_json(&result)["code"], "LoginFailed", "{label}");
    }
}

#[test]
fn the_xml_test_service_round_trips() {
    let Some(host) = Host::find() else { return };
    let connector = manifest_support::test_spec("xmlsvc.yaml");
    let script = powerplatform::emit(&connector).script.unwrap();
    let program = compile(&host, "xmlsvc", &script);
    let answer = r#"<s:message xmlns:s="http://example.test/service" xmlns:m="http://example.test/meeting"><s:header><s:response><s:result>SUCCESS</s:result></s:response></s:header><s:body><s:content><m:key>12345678901</m:key><m:ok>TRUE</m:ok></s:content></s:body></s:message>"#;
    let result = program.run(
        "create_thing",
        &json!({
            "operation": "CreateThing",
            "request": { "method": "POST", "url": "https://xml.example.test/svc/endpoint",
                         "headers": { "X-Connector-user": "ann", "X-Connector-pass": "s3<r>t" },
                         "body": { "name": "2024-01-01T10:00:00Z", "size": 3, "tags": ["a", "b & c"] } },
            "answers": [{ "status": 200, "content_type": "application/xml", "body": answer }]
        }),
    );
    let envelope = xml::parse(only_sent(&result)["body"].as_str().unwrap());
    assert_eq!(envelope.name, "s:message");
    assert_eq!(envelope.at("header/security/user").text, "ann");
    assert_eq!(envelope.at("header/security/pass").text, "s3<r>t");
    let content = envelope.at("body/content");
    assert_eq!(
        content.attribute("xsi:type"),
        Some("java:com.example.Create\"Thing")
    );
    // A string that looks like a date is sent as written, not reformatted.
    assert_eq!(content.at("name").text, "2024-01-01T10:00:00Z");
    assert_eq!(content.at("size").text, "3");
    let tags: Vec<&str> = content
        .at("tags")
        .children
        .iter()
        .map(|t| t.text.as_str())
        .collect();
    assert_eq!(tags, ["a", "b & c"]);
    assert_eq!(result["status"], 200);
    assert_eq!(
        answer_json(&result),
        json!({ "key": 12345678901_i64, "ok": true })
    );
}

#[test]
fn the_login_test_service_logs_in_with_a_form() {
    let Some(host) = Host::find() else { return };
    let connector = manifest_support::test_spec("loginsvc.yaml");
    let script = powerplatform::emit(&connector).script.unwrap();
    let program = compile(&host, "loginsvc", &script);
    let result = program.run(
        "get_thing",
        &json!({
            "operation": "GetThing",
            "request": { "method": "GET", "url": "https://login.example.test/rest/things/7",
                         "headers": { "X-Connector-email": "a@b.test", "X-Connector-password": "pw=1&2" } },
            "answers": [
                { "status": 200, "body": r#"{"data":{"token":"tkn"}}"# },
                { "status": 200, "body": r#"{"id":"7"}"# }
            ]
        }),
    );
    let sent = result["sent"].as_array().unwrap();
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[0]["method"], "POST");
    assert_eq!(
        sent[0]["url"],
        "https://login.example.test/rest/oauth/token"
    );
    assert!(sent[0]["headers"]["Content-Type"]
        .as_str()
        .unwrap()
        .starts_with("application/x-www-form-urlencoded"));
    assert_eq!(
        sent[0]["body"],
        "grant_type=password&user=a%40b.test&password=pw%3D1%262"
    );
    assert_eq!(sent[1]["url"], "https://login.example.test/rest/things/7");
    assert_eq!(sent[1]["headers"]["Authorization"], "Token tkn");
    assert_eq!(answer_json(&result), json!({ "id": "7" }));
}

/// Every character C# ends a line at, inside values the script writes as string literals.
#[test]
fn line_terminators_in_spec_text_stay_inside_csharp_strings() {
    let Some(host) = Host::find() else { return };
    let hostile = "java:a\u{85}b\u{2028}c\u{2029}d\re\nf\u{7f}g";
    let mut connector = manifest_support::test_spec("xmlsvc.yaml");
    connector.actions[0].body.as_mut().unwrap().xml_type = Some(hostile.to_owned());
    let script = powerplatform::emit(&connector).script.unwrap();
    for c in ['\u{85}', '\u{2028}', '\u{2029}', '\r', '\u{7f}'] {
        assert!(!script.contains(c), "U+{:04X} is written raw", c as u32);
    }
    let program = compile(&host, "hostile", &script);
    let result = program.run(
        "hostile",
        &json!({
            "operation": "CreateThing",
            "request": { "method": "POST", "url": "https://xml.example.test/svc/endpoint", "body": { "name": "n" } },
            "answers": [{ "status": 200, "content_type": "application/xml",
                          "body": r#"<s:message xmlns:s="http://example.test/service"><s:header><s:response><s:result>SUCCESS</s:result></s:response></s:header></s:message>"# }]
        }),
    );
    let body = only_sent(&result)["body"].as_str().unwrap();
    // The attribute value keeps every character (XML writes the line breaks as references).
    let envelope = xml::parse(body);
    let written = envelope.at("body/content").attribute("xsi:type").unwrap();
    assert_eq!(written, hostile);
}
