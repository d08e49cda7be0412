//! `connectorc lsp` driven the way an editor drives it: framed JSON-RPC messages over its
//! standard input and output (initialize, didOpen, didChange, publishDiagnostics, definition,
//! references, completion, hover, shutdown, exit).

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

use serde_json::{json, Value};

const URI: &str = "file:///work/specs/webinars.yaml";

/// The README tour's spec, with its mistake (`returns: Webnar`) on line 25 (0-based 24).
const BROKEN: &str = "title: Webinars
base_url: https://api.example.com/v2/organizers/{organizer_key}
metadata:
  website: https://www.example.com
  privacy_policy: https://www.example.com/privacy
  categories: [Collaboration]
connection:
  organizer_key: { type: string, summary: Organizer key, description: Whose webinars to read. }
limits:
  - { name: API calls per connection, calls: 100, per: 60s }
objects:
  Webinar:
    description: A webinar of the organizer.
    fields:
      webinarKey: { type: string, summary: Webinar key, description: Unique key of the webinar. }
      subject: { type: string, summary: Subject }
      times: { list: { fields: { startTime: datetime, endTime: datetime } } }
actions:
  GetWebinar:
    summary: Get webinar
    description: Retrieves one webinar.
    request: GET /webinars/{webinarKey}
    params:
      webinarKey: { in: path, type: string, summary: Webinar key, required: true }
    returns: Webnar
  ListWebinars:
    summary: List webinars
    request: GET /webinars
    returns: [Webinar]
triggers:
  OnNewWebinar:
    summary: When a webinar is created
    poll: { action: ListWebinars, identity: webinarKey }
";

struct Client {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    next_id: i64,
}

impl Client {
    fn start() -> Client {
        Client::start_with(&[])
    }

    /// A server started with `args` after `lsp`.
    fn start_with(args: &[&str]) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_connectorc"))
            .arg("lsp")
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("connectorc lsp starts");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (sender, incoming) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = None;
                loop {
                    let mut header = String::new();
                    if reader.read_line(&mut header).unwrap_or(0) == 0 {
                        return;
                    }
                    let header = header.trim_end();
                    if header.is_empty() {
                        break;
                    }
                    if let Some(n) = header.strip_prefix("Content-Length: ") {
                        length = n.parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; length.expect("Content-Length header")];
                if reader.read_exact(&mut body).is_err() {
                    return;
                }
                let message: Value = serde_json::from_slice(&body).expect("JSON message");
                if sender.send(message).is_err() {
                    return;
                }
            }
        });
        Client {
            child,
            stdin,
            incoming,
            next_id: 1,
        }
    }

    /// A started server past `initialize` and `initialized`.
    fn initialized() -> Client {
        Client::initialized_with(&[])
    }

    /// [`Client::initialized`], the server started with `args` after `lsp`.
    fn initialized_with(args: &[&str]) -> Client {
        let mut client = Client::start_with(args);
        client.request(
            "initialize",
            json!({ "processId": null, "rootUri": null, "capabilities": {} }),
        );
        client.notify("initialized", json!({}));
        client
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write");
        self.stdin.flush().expect("flush");
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request and returns its result, skipping notifications in between.
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        loop {
            let message = self.receive();
            if message["id"] == json!(id) {
                assert!(message.get("error").is_none(), "{message}");
                return message["result"].clone();
            }
        }
    }

    fn receive(&mut self) -> Value {
        self.incoming
            .recv_timeout(Duration::from_secs(60))
            .expect("the server answers within a minute")
    }

    /// The next diagnostics published for the document.
    fn diagnostics(&mut self) -> Vec<Value> {
        loop {
            let message = self.receive();
            if message["method"] == "textDocument/publishDiagnostics" {
                assert_eq!(message["params"]["uri"], URI);
                return message["params"]["diagnostics"]
                    .as_array()
                    .expect("a list")
                    .clone();
            }
        }
    }
}

impl Drop for Client {
    /// A failed assertion must not leave the server running.
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn at(line: u32, character: u32) -> Value {
    json!({ "textDocument": { "uri": URI }, "position": { "line": line, "character": character } })
}

fn labels(result: &Value) -> Vec<String> {
    result
        .as_array()
        .expect("completion items")
        .iter()
        .map(|i| i["label"].as_str().expect("label").to_owned())
        .collect()
}

/// The 0-based line of the first line of `text` that starts with `prefix`.
fn line_of(text: &str, prefix: &str) -> u32 {
    text.lines()
        .position(|l| l.starts_with(prefix))
        .unwrap_or_else(|| panic!("no line `{prefix}`")) as u32
}

#[test]
fn an_editor_session() {
    let mut client = Client::start();
    let initialized = client.request(
        "initialize",
        json!({ "processId": null, "rootUri": null, "capabilities": {} }),
    );
    let capabilities = &initialized["capabilities"];
    for capability in [
        "definitionProvider",
        "referencesProvider",
        "hoverProvider",
        "completionProvider",
    ] {
        assert!(
            !capabilities[capability].is_null(),
            "{capability}: {initialized}"
        );
    }
    client.notify("initialized", json!({}));

    // Diagnostics as the document opens: the checker's, with code, place and help.
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": URI, "languageId": "yaml", "version": 1, "text": BROKEN } }),
    );
    let diagnostics = client.diagnostics();
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    let unknown = &diagnostics[0];
    assert_eq!(unknown["code"], "C0101");
    assert_eq!(unknown["severity"], 1);
    assert_eq!(unknown["source"], "connectorc");
    assert_eq!(
        unknown["range"],
        json!({ "start": { "line": 24, "character": 13 }, "end": { "line": 24, "character": 19 } })
    );
    let message = unknown["message"].as_str().unwrap();
    assert!(message.contains("unknown object `Webnar`"), "{message}");
    assert!(
        message.contains("help: did you mean `Webinar`?"),
        "{message}"
    );

    // As the author types: a platform rule (W0806) appears when the metadata goes away, and
    // everything clears once the spec is right.
    let fixed = BROKEN.replace("returns: Webnar", "returns: Webinar");
    let without_metadata = fixed.replace("  website: https://www.example.com\n", "");
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": URI, "version": 2 }, "contentChanges": [ { "text": without_metadata } ] }),
    );
    let diagnostics = client.diagnostics();
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert_eq!(diagnostics[0]["code"], "W0806");
    assert_eq!(diagnostics[0]["severity"], 2);
    assert!(diagnostics[0]["message"]
        .as_str()
        .unwrap()
        .contains("`Website` is missing"));
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": URI, "version": 3 }, "contentChanges": [ { "text": fixed } ] }),
    );
    assert_eq!(client.diagnostics(), Vec::<Value>::new());

    // Go to definition from a use of an object and of an action.
    let object_line = line_of(&fixed, "  Webinar:");
    let list_line = line_of(&fixed, "    returns: [Webinar]");
    let definition = client.request("textDocument/definition", at(list_line, 18));
    assert_eq!(definition["uri"], URI);
    assert_eq!(
        definition["range"],
        json!({ "start": { "line": object_line, "character": 2 }, "end": { "line": object_line, "character": 9 } })
    );
    let poll_line = line_of(&fixed, "    poll:");
    let definition = client.request("textDocument/definition", at(poll_line, 22));
    assert_eq!(
        definition["range"]["start"],
        json!({ "line": line_of(&fixed, "  ListWebinars:"), "character": 2 })
    );

    // Find references: both `returns:` and not the word inside prose.
    let mut params = at(object_line, 4);
    params["context"] = json!({ "includeDeclaration": false });
    let references = client.request("textDocument/references", params);
    let lines: Vec<u64> = references
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["range"]["start"]["line"].as_u64().unwrap())
        .collect();
    assert_eq!(
        lines,
        [
            u64::from(line_of(&fixed, "    returns: Webinar")),
            u64::from(list_line)
        ]
    );

    // Completion: object names in a type position, keys of an action, words of `in`, action
    // names in a poll, parameter names of the action.
    let typing = fixed.replace("    returns: Webinar\n", "    returns: Web\n    \n");
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": URI, "version": 4 }, "contentChanges": [ { "text": typing } ] }),
    );
    client.diagnostics();
    let returns_line = line_of(&typing, "    returns: Web");
    let types = labels(&client.request("textDocument/completion", at(returns_line, 16)));
    assert_eq!(types, ["Webinar"]);
    let keys = labels(&client.request("textDocument/completion", at(returns_line + 1, 4)));
    for key in ["paginate", "body", "response", "rate_label"] {
        assert!(keys.contains(&key.to_owned()), "{keys:?}");
    }
    assert!(!keys.contains(&"base_url".to_owned()), "{keys:?}");
    let param_line = line_of(&typing, "      webinarKey: { in: path");
    let words = labels(&client.request("textDocument/completion", at(param_line, 24)));
    assert_eq!(words, ["path", "query", "header"]);
    let poll_line = line_of(&typing, "    poll:");
    let actions = labels(&client.request("textDocument/completion", at(poll_line, 20)));
    assert_eq!(actions, ["GetWebinar", "ListWebinars"]);

    // Hover: the model's documentation of a key, and an object's own description.
    let hover = client.request("textDocument/hover", at(1, 3));
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(text.contains("every request path is appended to"), "{text}");
    let list_line = line_of(&typing, "    returns: [Webinar]");
    let hover = client.request("textDocument/hover", at(list_line, 18));
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(text.contains("A webinar of the organizer."), "{text}");

    assert_eq!(client.request("shutdown", Value::Null), Value::Null);
    client.notify("exit", Value::Null);
    let status = client.child.wait().expect("the server exits");
    assert!(status.success(), "{status}");
}

/// A spec of `actions` actions, one of which returns the unknown object `missing`.
fn large_spec(actions: usize, missing: &str) -> String {
    let mut text = String::from(
        "title: Large\nbase_url: https://api.example.com\nobjects:\n  Item:\n    fields:\n      id: string\nactions:\n",
    );
    for n in 0..actions {
        text.push_str(&format!(
            "  GetItem{n}:\n    summary: Get item {n}\n    request: GET /items{n}/{{id}}\n    params:\n      id: {{ in: path, type: string, required: true }}\n    returns: Item\n"
        ));
    }
    text.push_str(&format!(
        "  GetLast:\n    request: GET /last\n    returns: {missing}\n"
    ));
    text
}

#[test]
fn a_run_of_edits_is_checked_once_after_the_last() {
    let mut client = Client::initialized();
    let edits = 20;
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": URI, "languageId": "yaml", "version": 1, "text": large_spec(300, "Missing1") } }),
    );
    for version in 2..=edits + 1 {
        client.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": URI, "version": version }, "contentChanges": [ { "text": large_spec(300, &format!("Missing{version}")) } ] }),
        );
    }
    let last = format!("`Missing{}`", edits + 1);
    let mut published = 0;
    loop {
        let diagnostics = client.diagnostics();
        published += 1;
        let messages: Vec<&str> = diagnostics
            .iter()
            .map(|d| d["message"].as_str().expect("a message"))
            .collect();
        if messages.iter().any(|m| m.contains(&last)) {
            break;
        }
    }
    // One check per edit would publish 21 times; waiting edits are taken together.
    assert!(published <= 5, "{published} checks for {} edits", edits + 1);
    let completion = client.request("textDocument/completion", at(5, 0));
    assert!(
        completion.is_array() || completion.is_null(),
        "{completion}"
    );
    assert_eq!(client.request("shutdown", Value::Null), Value::Null);
}

/// That the hover is answered while the check runs, rather than after it, is shown with the
/// check held back in `src/lsp/serve_tests.rs`; here the order depends on the machine's load.
#[test]
fn a_hover_on_a_large_spec_is_answered_and_its_check_published() {
    let mut client = Client::initialized();
    let spec = large_spec(8_000, "Missing");
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": URI, "languageId": "yaml", "version": 1, "text": spec } }),
    );
    let hover_line = line_of(&spec, "  GetItem7999:") + 5;
    client.send(json!({ "jsonrpc": "2.0", "id": 99, "method": "textDocument/hover", "params": at(hover_line, 14) }));
    let (mut hovered, mut published) = (false, false);
    while !(hovered && published) {
        let message = client.receive();
        if message["id"] == json!(99) {
            let hover = message["result"]["contents"]["value"].to_string();
            assert!(hover.contains("object `Item`"), "{message}");
            hovered = true;
        } else if message["method"] == "textDocument/publishDiagnostics" {
            let diagnostics = message["params"]["diagnostics"].to_string();
            assert!(diagnostics.contains("`Missing`"), "{diagnostics}");
            published = true;
        }
    }
}

/// `connectorc lsp --limit` reads specs under that limit, as `check --limit` does: a spec
/// nested deeper than the limit gets the reader's refusal, which names the flag, and the same
/// text is read under the default. A bad `--limit` is a usage error before anything is served.
#[test]
fn the_server_reads_specs_under_the_limits_it_is_given() {
    let codes = |client: &mut Client| -> Vec<String> {
        client.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": URI, "languageId": "yaml", "version": 1, "text": BROKEN } }),
        );
        let diagnostics = client.diagnostics();
        let codes = diagnostics
            .iter()
            .map(|d| d["code"].as_str().unwrap_or("").to_owned())
            .collect();
        if let Some(refusal) = diagnostics.iter().find(|d| d["code"] == "C0005") {
            let message = refusal["message"].as_str().unwrap_or("");
            assert!(message.contains("max_depth"), "{refusal}");
        }
        codes
    };
    let mut shallow = Client::initialized_with(&["--limit", "max_depth=3"]);
    assert_eq!(codes(&mut shallow), ["C0005"]);
    let mut default = Client::initialized();
    let found = codes(&mut default);
    assert!(
        !found.is_empty() && !found.contains(&"C0005".to_owned()),
        "{found:?}"
    );

    let refused = Command::new(env!("CARGO_BIN_EXE_connectorc"))
        .args(["lsp", "--limit", "max_width=3"])
        .stdin(Stdio::null())
        .output()
        .expect("connectorc runs");
    assert_eq!(refused.status.code(), Some(2));
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(
        said.contains("max_width") && said.contains("max_depth"),
        "{said}"
    );
}
