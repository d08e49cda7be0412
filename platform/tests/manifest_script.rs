//! The XML case: `script.csx` maps JSON to the XML envelope and back, and reports FAILURE.
//! No C# toolchain is available, so the tests assert on the generated text's structure.

mod manifest_support;

use codegen::ir::Connector;
use connector_platform::emit::powerplatform;

fn script_of(connector: &Connector) -> String {
    powerplatform::emit(connector)
        .script
        .expect("an XML connector gets a script")
}

/// Braces, parentheses and brackets balance outside string literals.
fn assert_balanced(text: &str) {
    let mut stack = Vec::new();
    let mut in_string = false;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '{' | '(' | '[' => stack.push(c),
            '}' | ')' | ']' => {
                let open = stack
                    .pop()
                    .unwrap_or_else(|| panic!("unbalanced `{c}` at {i}"));
                let expected = match c {
                    '}' => '{',
                    ')' => '(',
                    _ => '[',
                };
                assert_eq!(open, expected, "mismatched `{c}` at byte {i}");
            }
            _ => {}
        }
    }
    assert!(!in_string, "unterminated string");
    assert!(stack.is_empty(), "unclosed {stack:?}");
}

fn index_of(text: &str, needle: &str) -> usize {
    text.find(needle)
        .unwrap_or_else(|| panic!("`{needle}` not in the script"))
}

#[test]
fn the_script_is_wired_to_the_operation_and_enabled_in_properties() {
    let connector = manifest_support::test_spec("xmlsvc.yaml");
    let files = powerplatform::emit(&connector);
    let script = files.script.expect("script");
    assert!(script.starts_with("// @generated"));
    assert!(script.contains("public class Script : ScriptBase"));
    assert!(script.contains("public override async Task<HttpResponseMessage> ExecuteAsync()"));
    assert!(script.contains("case \"CreateThing\":"));
    let props: serde_json::Value = serde_json::from_str(&files.properties).unwrap();
    assert_eq!(
        props["properties"]["scriptOperations"],
        serde_json::json!(["CreateThing"])
    );
    assert_balanced(&script);
}

#[test]
fn the_request_envelope_follows_the_spec() {
    let script = script_of(&manifest_support::test_spec("xmlsvc.yaml"));
    assert!(script.contains("XNamespace Ns_s = \"http://example.test/service\";"));
    assert!(script.contains("RequestRoot = Ns_s + \"message\";"));
    assert!(script
        .contains("RequestBody = new XName[] { XName.Get(\"body\"), XName.Get(\"content\") };"));
    assert!(script.contains("new XAttribute(XNamespace.Xmlns + \"s\", Ns_s.NamespaceName)"));
    assert!(script.contains("new XAttribute(XNamespace.Xmlns + \"xsi\", Ns_xsi.NamespaceName)"));
    // The xsi:type is escaped into a valid C# literal.
    assert!(
        script.contains("Call(\"java:com.example.Create\\\"Thing\", WriteNewThing, ReadCreated)")
    );
    assert!(script.contains("body.SetAttributeValue(Xsi + \"type\", xsiType);"));
    // Fields are written in the spec's order, lists with their item element.
    let writer = &script[index_of(&script, "private static void WriteNewThing")..];
    let name = index_of(writer, "\"name\", XName.Get(\"name\")");
    let size = index_of(writer, "\"size\", XName.Get(\"size\")");
    let tags = index_of(
        writer,
        "WrappedList(parent, obj, \"tags\", XName.Get(\"tags\"), XName.Get(\"tag\"), WriteScalar);",
    );
    assert!(name < size && size < tags);
}

#[test]
fn credentials_come_from_the_connection_through_headers() {
    let connector = manifest_support::test_spec("xmlsvc.yaml");
    let files = powerplatform::emit(&connector);
    let script = files.script.unwrap();
    assert!(script.contains(
        "CredentialsPath = new XName[] { XName.Get(\"header\"), XName.Get(\"security\") };"
    ));
    assert!(script.contains("new[] { \"user\", \"X-Connector-user\" }"));
    assert!(script.contains("new[] { \"pass\", \"X-Connector-pass\" }"));
    assert!(script.contains("this.Context.Request.Headers.Remove(pair[1]);"));
    let props: serde_json::Value = serde_json::from_str(&files.properties).unwrap();
    let policies = props["properties"]["policyTemplateInstances"]
        .as_array()
        .unwrap();
    assert!(policies.iter().any(|p| p["templateId"] == "setheader"
        && p["parameters"]["x-ms-apimTemplateParameter.name"] == "X-Connector-pass"
        && p["parameters"]["x-ms-apimTemplateParameter.value"]
            == "@connectionParameters('password')"));
    assert_eq!(
        props["properties"]["connectionParameters"]["password"]["type"],
        "securestring"
    );
}

#[test]
fn a_failure_result_becomes_an_error_with_code_and_reason() {
    let script = script_of(&manifest_support::test_spec("xmlsvc.yaml"));
    assert!(script.contains(
        "ResultPath = new XName[] { Ns_s + \"header\", Ns_s + \"response\", Ns_s + \"result\" };"
    ));
    assert!(script.contains("Success = \"SUCCESS\";"));
    assert!(script.contains(
        "CodePath = new XName[] { Ns_s + \"header\", Ns_s + \"response\", Ns_s + \"code\" };"
    ));
    assert!(script.contains(
        "MessagePath = new XName[] { Ns_s + \"header\", Ns_s + \"response\", Ns_s + \"reason\" };"
    ));
    let call = &script[index_of(&script, "private async Task<HttpResponseMessage> Call(")..];
    let check = index_of(
        call,
        "if (Success != null && Text(root, ResultPath) != Success)",
    );
    let error = index_of(call, "return Json(HttpStatusCode.BadRequest, new JObject");
    let body = index_of(call, "var body = Descend(root, ResponseBody, false);");
    assert!(
        check < error && error < body,
        "the failure check comes before reading the body"
    );
}

#[test]
fn the_answer_is_read_back_into_typed_json() {
    let script = script_of(&manifest_support::test_spec("xmlsvc.yaml"));
    assert!(script.contains("ResponseBody = new XName[] { Ns_s + \"body\", Ns_s + \"content\" };"));
    let reader = &script[index_of(
        &script,
        "private static JToken ReadCreated(XElement element)",
    )..];
    assert!(reader.contains(
        "ReadChild(obj, element, \"key\", Ns_m + \"key\", e => ReadScalar(e, \"integer\"));"
    ));
    assert!(reader.contains(
        "ReadChild(obj, element, \"ok\", Ns_m + \"ok\", e => ReadScalar(e, \"boolean\"));"
    ));
}

#[test]
fn the_webex_seed_gets_its_script() {
    let Some(webex) = manifest_support::clean_connectors()
        .into_iter()
        .find(|c| c.id == "webex")
    else {
        println!("skipped: connectors/webex.yaml is absent or not clean");
        return;
    };
    let script = script_of(&webex);
    assert_balanced(&script);
    assert!(script.contains("case \"CreateMeeting\":"));
    assert!(script.contains("\"java:com.webex.service.binding.meeting.CreateMeeting\""));
    assert!(
        script.contains("XNamespace Ns_serv = \"http://www.webex.com/schemas/2002/06/service\";")
    );
    assert!(script.contains("Success = \"SUCCESS\";"));
    assert!(script.contains("\"exceptionID\""));
    for element in ["siteName", "webExID", "password"] {
        assert!(
            script.contains(&format!("\"X-Connector-{element}\"")),
            "{element}"
        );
    }
    // The answer's namespaced fields.
    assert!(script.contains("Ns_meet + \"meetingkey\""));
    assert!(script.contains("Ns_serv + \"host\""));
}

#[test]
fn connectors_without_xml_get_no_script() {
    let connector = manifest_support::test_spec("acme.yaml");
    let files = powerplatform::emit(&connector);
    assert!(files.script.is_none());
    assert!(!files.properties.contains("scriptOperations"));
}

#[test]
fn a_login_request_is_performed_by_the_script() {
    let connector = manifest_support::test_spec("loginsvc.yaml");
    let files = powerplatform::emit(&connector);
    let script = files.script.expect("a login connector gets a script");
    assert_balanced(&script);
    assert!(script.contains("LoginUrl = \"https://login.example.test/rest/oauth/token\";"));
    assert!(script.contains("new HttpMethod(\"POST\")"));
    assert!(script.contains("TokenPath = \"data.token\";"));
    assert!(script.contains("TokenFormat = \"Token {token}\";"));
    assert!(script.contains("request.Content = new FormUrlEncodedContent(LoginParameters());"));
    assert!(script.contains(
        "parameters.Add(new KeyValuePair<string, string>(\"user\", Credential(\"X-Connector-email\")));"
    ));
    assert!(script.contains(
        "parameters.Add(new KeyValuePair<string, string>(\"grant_type\", \"password\"));"
    ));
    let login = index_of(
        &script,
        "var login = await this.Context.SendAsync(LoginRequest()",
    );
    let forward = index_of(
        &script,
        "return await this.Context.SendAsync(this.Context.Request",
    );
    assert!(login < forward);
    let props: serde_json::Value = serde_json::from_str(&files.properties).unwrap();
    assert_eq!(
        props["properties"]["scriptOperations"],
        serde_json::json!(["GetThing"])
    );
    let headers: Vec<&str> = props["properties"]["policyTemplateInstances"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["templateId"] == "setheader")
        .map(|p| {
            p["parameters"]["x-ms-apimTemplateParameter.name"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(headers, ["X-Connector-email", "X-Connector-password"]);
}
