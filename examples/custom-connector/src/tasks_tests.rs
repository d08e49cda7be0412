//! `tasks::Client` (from `specs/tasks.yaml`, a spec written by hand as a new user would) against
//! a loopback server: the poller over the cursor-paged `ListTasks` reads every page and sends
//! exactly the request the action sends, labelled integer enums, nullable fields in a PATCH, and
//! a method with many required inputs taking one struct.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use connectors::runtime::auth::OAuth2Credentials;
use connectors::runtime::clock::Clock;
use connectors::runtime::poll::{MemoryStore, PollerOptions};
use connectors::runtime::Nullable;
use serde_json::{json, Value};
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::tasks::{self, params, Priority, Task, TaskPatch};

/// A client of the loopback server, getting its token from the server too.
async fn client(server: &MockServer) -> tasks::Client {
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"access_token": "tok-1", "expires_in": 3600})),
        )
        .mount(server)
        .await;
    let mut credentials = OAuth2Credentials::new("app", "app-secret");
    credentials.token_url = Some(format!("{}/oauth/token", server.uri()));
    tasks::Client::new(tasks::Connection::default(), credentials)
        .with_base_url(server.uri())
        .with_clock(Clock::manual(SystemTime::UNIX_EPOCH))
}

fn task(id: &str) -> Value {
    json!({"id": id, "title": format!("Task {id}")})
}

/// The task list, newest first, two a page, cursor `p<N>` for page N; `arrivals` new tasks are
/// put at the front after each page is served, as a busy service would between two pages.
struct PagedTasks {
    list: Arc<Mutex<Vec<Value>>>,
    arrivals: Arc<Mutex<Vec<Value>>>,
}

impl Respond for PagedTasks {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let page: usize = request
            .url
            .query_pairs()
            .find(|(k, _)| k == "cursor")
            .map(|(_, v)| v.trim_start_matches('p').parse().unwrap())
            .unwrap_or(0);
        let mut list = self.list.lock().unwrap();
        let items: Vec<Value> = list.iter().skip(page * 2).take(2).cloned().collect();
        let next = (list.len() > (page + 1) * 2).then(|| format!("p{}", page + 1));
        if let Some(new) = self.arrivals.lock().unwrap().pop() {
            list.insert(0, new);
        }
        let mut body = json!({"tasks": items});
        if let Some(next) = next {
            body["next_cursor"] = json!(next);
        }
        ResponseTemplate::new(200).set_body_json(body)
    }
}

#[tokio::test]
async fn the_poller_reads_every_page_before_it_moves_on() {
    let server = MockServer::start().await;
    let client = client(&server).await;
    let list = Arc::new(Mutex::new(
        ["t5", "t4", "t3", "t2", "t1"].map(task).to_vec(),
    ));
    // Two tasks arrive while the first listing is being paged through.
    let arrivals = Arc::new(Mutex::new(vec![task("t7"), task("t6")]));
    Mock::given(method("GET"))
        .and(path("/tasks"))
        .and(header("authorization", "Bearer tok-1"))
        .respond_with(PagedTasks {
            list: list.clone(),
            arrivals: arrivals.clone(),
        })
        .mount(&server)
        .await;
    let store = Arc::new(MemoryStore::new());
    let mut poller = client
        .on_new_task_poller(
            params::OnNewTaskParams::default(),
            store.clone(),
            PollerOptions::default(),
        )
        .unwrap();
    let mut handed_out = Vec::new();
    // Two listings: the first pages through t5…t1 while t6 and t7 arrive, the second finds
    // them. A poller that stopped after a page would never see t1 to t3.
    for _ in 0..2 {
        poller.poll().await.unwrap();
        while let Some(delivery) = poller.next_ready() {
            let task: Task = delivery.decode().unwrap();
            handed_out.push(task.id.clone());
            poller.ack(&delivery).await.unwrap();
        }
    }
    // The first listing had pages [t5 t4] [t4 t3]… as tasks arrived: every task of every page
    // is handed out, once, oldest first within a listing.
    let unique: HashSet<&String> = handed_out.iter().collect();
    assert_eq!(unique.len(), 7, "{handed_out:?}");
    assert_eq!(&handed_out[..5], ["t1", "t2", "t3", "t4", "t5"]);
    assert_eq!(poller.poll().await.unwrap(), 0);
}

#[tokio::test]
async fn a_listing_longer_than_the_page_limit_fails_and_hands_out_nothing() {
    let server = MockServer::start().await;
    let client = client(&server).await;
    let list = Arc::new(Mutex::new((0..9).map(|i| task(&format!("t{i}"))).collect()));
    Mock::given(method("GET"))
        .and(path("/tasks"))
        .respond_with(PagedTasks {
            list,
            arrivals: Arc::new(Mutex::new(Vec::new())),
        })
        .mount(&server)
        .await;
    let options = PollerOptions {
        max_pages: 3,
        ..PollerOptions::default()
    };
    let mut poller = client
        .on_new_task_poller(
            params::OnNewTaskParams::default(),
            Arc::new(MemoryStore::new()),
            options,
        )
        .unwrap();
    let error = poller.poll().await.unwrap_err().to_string();
    assert!(error.contains("more than 3 pages"), "{error}");
    assert!(poller.next_ready().is_none());
}

#[tokio::test]
async fn the_poller_sends_the_same_request_as_its_action() {
    let server = MockServer::start().await;
    let client = client(&server).await;
    Mock::given(method("GET"))
        .and(path("/tasks"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"tasks": []})))
        .mount(&server)
        .await;
    let since = "2026-11-01T00:00:00Z".parse().unwrap();
    client
        .list_tasks(params::ListTasksParams {
            tag: Some(vec!["home".into(), "urgent".into()]),
            status: Some("open".into()),
            owner: Some("ana b".into()),
            project: None,
            since: Some(since),
            limit: Some(50),
            cursor: None,
        })
        .await
        .unwrap();
    let mut poller = client
        .on_new_task_poller(
            params::OnNewTaskParams {
                tag: Some(vec!["home".into(), "urgent".into()]),
                status: Some("open".into()),
                owner: Some("ana b".into()),
                project: None,
                since: Some(since),
                limit: Some(50),
            },
            Arc::new(MemoryStore::new()),
            PollerOptions::default(),
        )
        .unwrap();
    poller.poll().await.unwrap();
    let requests: Vec<Request> = server
        .received_requests()
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.url.path() == "/tasks")
        .collect();
    assert_eq!(requests.len(), 2);
    let (action, poll) = (&requests[0], &requests[1]);
    assert_eq!(action.method, poll.method);
    assert_eq!(action.url, poll.url);
    assert_eq!(
        action.url.query(),
        Some("tag=home&tag=urgent&status=open&owner=ana+b&since=2026-11-01T00%3A00%3A00Z&limit=50")
    );
    assert_eq!(action.body, poll.body);
    assert_eq!(
        action.headers.get("authorization"),
        poll.headers.get("authorization")
    );
}

#[tokio::test]
async fn labelled_integer_enums_and_nullable_fields_go_on_the_wire_as_the_spec_says() {
    let server = MockServer::start().await;
    let client = client(&server).await;
    // Absent fields are left out; `Null` is sent as null; a labelled variant as its number.
    Mock::given(method("PATCH"))
        .and(path("/tasks/t%201"))
        .and(body_json(json!({"due": null, "priority": 3})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": "t 1", "title": "Task", "priority": 3, "due": null
        })))
        .expect(1)
        .mount(&server)
        .await;
    let patch = TaskPatch {
        title: None,
        due: Nullable::Null,
        priority: Some(Priority::High),
    };
    let task = client.update_task("t 1", &patch).await.unwrap();
    assert_eq!(task.priority, Some(Priority::High));
    // A present `null` decodes as `Null`, a missing key as `Absent`.
    assert_eq!(task.due, Nullable::Null);
    let decoded: Task = serde_json::from_value(json!({"id": "x", "title": "y"})).unwrap();
    assert_eq!(decoded.due, Nullable::Absent);
    // Enums and hashable structs can be kept in sets.
    let priorities: HashSet<Priority> = [Priority::Low, Priority::Normal, Priority::Low].into();
    assert_eq!(priorities.len(), 2);
    let tasks: HashSet<Task> = [decoded.clone(), decoded].into();
    assert_eq!(tasks.len(), 1);
}

#[tokio::test]
async fn a_method_with_many_required_inputs_takes_one_struct() {
    let server = MockServer::start().await;
    let client = client(&server).await;
    Mock::given(method("GET"))
        .and(path("/search"))
        .and(query_param("q", "report"))
        .and(query_param("priority", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([task("t1")])))
        .expect(1)
        .mount(&server)
        .await;
    let found = client
        .search_tasks(params::SearchTasksParams {
            q: "report".into(),
            tag: vec!["a".into(), "b".into()],
            owner: "ana".into(),
            project: "p".into(),
            status: "open".into(),
            priority: Priority::Normal,
            sort: "due".into(),
        })
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    let seen = &server.received_requests().await.unwrap();
    let search = seen.iter().find(|r| r.url.path() == "/search").unwrap();
    assert!(search.url.query().unwrap().contains("tag=a&tag=b"));
}
