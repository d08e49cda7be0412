//! The polling trigger under real process death: a worker process (this test binary run again)
//! polls a loopback server with a file checkpoint, logs each item it handles, then acknowledges
//! it; the parent kills it with SIGKILL at random moments and starts it again, until the
//! checkpoint holds every item. Then: every item was handled; within one life of the worker
//! no item was handled twice; and an item is handled again only if the worker died with it in
//! hand (handled, its acknowledgement perhaps not yet durable), never after the worker went on
//! to the next item.

#![cfg(unix)]

use std::collections::HashSet;
use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use connectors::runtime::auth::NoAuth;
use connectors::runtime::clock::Clock;
use connectors::runtime::poll::{
    CheckpointStore, ClientSource, FileStore, ItemOrder, PollSpec, Poller, PollerOptions,
};
use connectors::runtime::{Client, ErrorRule, Method, Request, Service};
use serde_json::{json, Value};
use wiremock::{Mock, MockServer, Request as Seen, Respond, ResponseTemplate};

const ITEMS: usize = 24;
const WORKER: &str = "RUNTIME_POLL_KILL_WORKER";

fn key(i: usize) -> String {
    format!("w{i:03}")
}

/// Three more webinars at every request, up to `ITEMS`, rotated each time.
struct Growing(Arc<AtomicUsize>);

impl Respond for Growing {
    fn respond(&self, _: &Seen) -> ResponseTemplate {
        let request = self.0.fetch_add(1, Ordering::SeqCst);
        let count = (3 + 3 * request).min(ITEMS);
        let mut items: Vec<Value> = (0..count).map(|i| json!({"webinarKey": key(i)})).collect();
        items.rotate_left(request % count);
        ResponseTemplate::new(200).set_body_json(items)
    }
}

fn done(store: &FileStore) -> bool {
    store
        .load()
        .ok()
        .flatten()
        .is_some_and(|c| c.len() == ITEMS)
}

/// The worker: handle (log) each new item, then acknowledge it. Does nothing unless started
/// by the parent test.
#[tokio::test]
async fn worker() {
    let Ok(setup) = std::env::var(WORKER) else {
        return;
    };
    let (url, dir) = setup.split_once('|').unwrap();
    let store = Arc::new(FileStore::new(format!("{dir}/checkpoint.json")));
    let client = Client::new(
        Service {
            base_url: url.to_owned(),
            errors: ErrorRule::default(),
            xml: None,
        },
        Arc::new(NoAuth),
    );
    let source = ClientSource::new(
        client,
        Request::new(Method::Get, "/webinars".into()),
        None,
        None,
    );
    let spec = PollSpec {
        trigger: "OnNewWebinar".into(),
        identity: vec!["webinarKey".into()],
        cursor: None,
        order: ItemOrder::Unordered,
    };
    let options = PollerOptions {
        interval: Duration::ZERO,
        clock: Some(Clock::manual(SystemTime::UNIX_EPOCH)),
        ..PollerOptions::default()
    };
    let checkpoint: Arc<dyn CheckpointStore> = store.clone();
    let mut poller = Poller::start(spec, source, checkpoint, options).unwrap();
    let mut log = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(format!("{dir}/handled.log"))
        .unwrap();
    log.write_all(b"\n# start\n").unwrap();
    while !done(&store) {
        let delivery = poller.next().await.unwrap();
        log.write_all(format!("{}\n", delivery.key).as_bytes())
            .unwrap();
        log.sync_data().unwrap();
        tokio::time::sleep(Duration::from_millis(4)).await;
        poller.ack(&delivery).await.unwrap();
    }
}

#[tokio::test]
async fn killed_workers_neither_lose_nor_repeat_items() {
    if std::env::var(WORKER).is_ok() {
        return;
    }
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::method("GET"))
        .respond_with(Growing(Arc::new(AtomicUsize::new(0))))
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let store = FileStore::new(dir.path().join("checkpoint.json"));
    let setup = format!("{}|{}", server.uri(), dir.path().display());
    let mut rng = fastrand::Rng::with_seed(4);
    let mut kills = 0;
    let mut lives = 0;
    while !done(&store) {
        assert!(lives < 200, "the worker never finished");
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "worker", "--nocapture", "--test-threads=1"])
            .env(WORKER, &setup)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        lives += 1;
        // Let most lives die young; give one in ten all the time it needs.
        if lives % 10 != 0 {
            tokio::time::sleep(Duration::from_millis(rng.u64(5..40))).await;
            if child.try_wait().unwrap().is_none() {
                child.kill().unwrap();
                kills += 1;
            }
        }
        loop {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }
    eprintln!("{lives} lives, {kills} killed");
    assert!(kills >= 2, "only {kills} workers were killed");
    let log = std::fs::read_to_string(dir.path().join("handled.log")).unwrap();
    // The lives of the worker, each the keys it handled in order (a line cut by the kill,
    // without its newline, ends up glued to the next start marker and is left out).
    let mut lives_log: Vec<Vec<String>> = Vec::new();
    for line in log.lines() {
        if line == "# start" {
            lives_log.push(Vec::new());
        } else if line.len() == 4 && line.starts_with('w') {
            lives_log.last_mut().unwrap().push(line.to_owned());
        }
    }
    let all: HashSet<String> = (0..ITEMS).map(key).collect();
    let handled: HashSet<String> = lives_log.iter().flatten().cloned().collect();
    assert_eq!(handled, all, "an item was never handled; the log:\n{log}");
    // A worker moves to its next item only after `ack` returned, so an item that was not the
    // last of its life was durably acknowledged and must never be handled again. The last
    // item of a killed life may come again (in any later position).
    let mut in_hand_at_death: HashSet<String> = HashSet::new();
    let mut before: HashSet<String> = HashSet::new();
    for life in &lives_log {
        let unique: HashSet<&String> = life.iter().collect();
        assert_eq!(
            unique.len(),
            life.len(),
            "an item handled twice in one life"
        );
        for (i, key) in life.iter().enumerate() {
            if before.contains(key) {
                assert!(
                    in_hand_at_death.contains(key),
                    "{key} came again after its acknowledgement; the log:\n{log}"
                );
            }
            if i + 1 == life.len() {
                in_hand_at_death.insert(key.clone());
            } else {
                in_hand_at_death.remove(key);
            }
        }
        before.extend(life.iter().cloned());
    }
}
