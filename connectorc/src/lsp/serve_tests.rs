//! The server's loop with a check held back until the test lets it go: a request is answered
//! while the check of its document runs, whatever the speed of the machine.

use std::sync::mpsc;
use std::time::Duration;

use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::{json, Value};

use super::checker::Checker;
use super::serve_with;
use crate::spec::ReadLimits;

const URI: &str = "file:///held/tasks.yaml";

/// Long enough for any machine; a server that answers only after the check never does.
const PATIENCE: Duration = Duration::from_secs(30);

fn next(client: &Connection) -> Message {
    client
        .receiver
        .recv_timeout(PATIENCE)
        .expect("the server answers while the check is held")
}

#[test]
fn a_hover_is_answered_while_the_check_of_its_document_runs() {
    let (server_side, client) = Connection::memory();
    let (started, check_started) = mpsc::channel::<()>();
    let (release, released) = mpsc::channel::<()>();
    let server = std::thread::spawn(move || {
        let sender = server_side.sender.clone();
        let checker = Checker::start_with(
            move |notification| {
                let _ = sender.send(Message::Notification(notification));
            },
            Box::new(move |_, _| {
                let _ = started.send(());
                let _ = released.recv();
                Vec::new()
            }),
        );
        serve_with(&server_side, ReadLimits::default(), checker).map_err(|e| e.to_string())
    });
    let send = |message: Message| client.sender.send(message).expect("the server listens");
    send(Message::Request(Request::new(
        RequestId::from(1),
        "initialize".into(),
        json!({ "processId": null, "rootUri": null, "capabilities": {} }),
    )));
    assert!(matches!(next(&client), Message::Response(r) if r.id == RequestId::from(1)));
    send(Message::Notification(Notification::new(
        "initialized".into(),
        json!({}),
    )));
    let spec = "title: Tasks\nbase_url: https://api.example.com\nobjects:\n  Task:\n    \
                fields:\n      id: string\nactions:\n  GetTask:\n    summary: Get a task\n    \
                request: GET /tasks\n    returns: Task\n";
    send(Message::Notification(Notification::new(
        "textDocument/didOpen".into(),
        json!({ "textDocument": { "uri": URI, "languageId": "yaml", "version": 1, "text": spec } }),
    )));
    check_started
        .recv_timeout(PATIENCE)
        .expect("the opened document is checked");

    // The check is held: the hover must be answered all the same, and nothing published.
    send(Message::Request(Request::new(
        RequestId::from(2),
        "textDocument/hover".into(),
        json!({ "textDocument": { "uri": URI }, "position": { "line": 10, "character": 14 } }),
    )));
    match next(&client) {
        Message::Response(response) => {
            assert_eq!(response.id, RequestId::from(2));
            let hover = response.result.unwrap_or(Value::Null).to_string();
            assert!(hover.contains("object `Task`"), "{hover}");
        }
        other => panic!("the hover's answer should come first, got {other:?}"),
    }

    release.send(()).expect("the check waits");
    match next(&client) {
        Message::Notification(n) => assert_eq!(n.method, "textDocument/publishDiagnostics"),
        other => panic!("the diagnostics should follow, got {other:?}"),
    }
    send(Message::Request(Request::new(
        RequestId::from(3),
        "shutdown".into(),
        Value::Null,
    )));
    assert!(matches!(next(&client), Message::Response(r) if r.id == RequestId::from(3)));
    send(Message::Notification(Notification::new(
        "exit".into(),
        Value::Null,
    )));
    assert_eq!(server.join().expect("the server ends"), Ok(()));
}
