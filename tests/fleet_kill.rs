//! A fleet under real process death and pauses, on SQLite and on PostgreSQL.
//!
//! Worker processes (this test binary run again) each run a `WorkerPool` over six triggers of
//! two connections, against a loopback server whose listings grow, come in pages and are
//! reordered at every listing. Every HTTP call is counted in the connection's limit, kept in
//! the database and shared by all workers. The parent kills workers with SIGKILL and pauses
//! others with SIGSTOP for longer than their lease (so another worker takes their triggers
//! over while they sleep, and they wake up holding stale leases), starting new workers as it
//! goes, until the database's checkpoints hold every item. Each worker logs every item it
//! handles, and every acknowledgement once it is durable, with its lease's fencing token.
//! Then:
//!
//! * zero lost: every item was handled and is in its trigger's checkpoint;
//! * zero repeated acknowledgements: no item was acknowledged twice, across all workers;
//! * an item is handed out after its acknowledgement was durable only under an older (fenced)
//!   lease, never under the acknowledging lease or a newer one;
//! * the limit holds fleet-wide: the server's arrival times of each connection's calls never
//!   exceed what one GCRA bucket admits (with a tolerance for scheduling delays).

#![cfg(all(unix, feature = "fleet"))]

mod fleet_support;

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use connectors::runtime::auth::NoAuth;
use connectors::runtime::fleet::{
    Database, DbBuckets, Handler, HandlerError, Handling, PoolOptions, TriggerJob, WorkerPool,
};
use connectors::runtime::futures::future::BoxFuture;
use connectors::runtime::limits::{LimitDef, Limits};
use connectors::runtime::poll::{ItemOrder, PollSpec, Source};
use connectors::runtime::{ArrayStyle, Client, Error, ErrorRule, Method, Request, Service};
use serde_json::{json, Value};
use wiremock::{Mock, MockServer, Request as Seen, Respond, ResponseTemplate};

const WORKER: &str = "FLEET_KILL_WORKER";
const CONNECTIONS: [&str; 2] = ["c1", "c2"];
const TRIGGERS: [&str; 3] = ["t1", "t2", "t3"];
const ITEMS: usize = 16;
const PAGE: usize = 5;
/// The connection limit: `BURST` calls, then one every `EVERY`.
const BURST: u32 = 8;
const EVERY: Duration = Duration::from_millis(50);
/// How far apart a call's token and its arrival at the server may drift (scheduling on a
/// loaded machine); the fleet-wide check allows this much.
const TOLERANCE: Duration = Duration::from_millis(200);
const LEASE: Duration = Duration::from_millis(1000);

fn key(connection: &str, trigger: &str, i: usize) -> String {
    format!("{connection}.{trigger}.i{i:02}")
}

fn now_nanos() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos()
}

/// The loopback service: `/c/{connection}/t/{trigger}?page=N`. A listing (page 1) grows the
/// trigger's list by two items up to `ITEMS` and rotates it; arrivals are recorded per
/// connection.
#[derive(Default)]
struct Service_ {
    listings: Mutex<HashMap<String, usize>>,
    arrivals: Mutex<HashMap<String, Vec<Instant>>>,
}

struct Serve(Arc<Service_>);

impl Respond for Serve {
    fn respond(&self, request: &Seen) -> ResponseTemplate {
        let parts: Vec<&str> = request.url.path().split('/').collect();
        let (connection, trigger) = (parts[2].to_owned(), parts[4].to_owned());
        self.0
            .arrivals
            .lock()
            .unwrap()
            .entry(connection.clone())
            .or_default()
            .push(Instant::now());
        let page: usize = request
            .url
            .query_pairs()
            .find(|(k, _)| k == "page")
            .and_then(|(_, v)| v.parse().ok())
            .unwrap_or(1);
        let listing = {
            let mut listings = self.0.listings.lock().unwrap();
            let n = listings
                .entry(format!("{connection}/{trigger}"))
                .or_insert(0);
            if page == 1 {
                *n += 1;
            }
            *n
        };
        let count = (2 * listing).min(ITEMS);
        let mut items: Vec<Value> = (0..count)
            .map(|i| json!({"id": key(&connection, &trigger, i)}))
            .collect();
        items.rotate_left(listing % count.max(1));
        let start = ((page - 1) * PAGE).min(items.len());
        let end = (page * PAGE).min(items.len());
        ResponseTemplate::new(200).set_body_json(&items[start..end])
    }
}

/// Reads every page of a trigger's listing through the client (each page is one call).
struct Paged {
    client: Client,
    path: String,
}

impl Source for Paged {
    fn list(&mut self, _cursor: Option<String>) -> BoxFuture<'_, Result<Vec<Value>, Error>> {
        Box::pin(async move {
            let mut all = Vec::new();
            for page in 1.. {
                let mut request = Request::new(Method::Get, self.path.clone());
                request
                    .query("page", &page, ArrayStyle::Csv)
                    .map_err(|e| Error::Decode {
                        message: e.to_string(),
                    })?;
                let items: Vec<Value> = self.client.send(request).await?.json()?;
                let short = items.len() < PAGE;
                all.extend(items);
                if short {
                    break;
                }
            }
            Ok(all)
        })
    }
}

/// Logs handlings (before the acknowledgement) and durable acknowledgements.
struct Logger(Mutex<std::fs::File>);

impl Logger {
    fn line(&self, what: &str, item: &Handling) {
        let key = item.delivery.key.clone();
        let line = format!("{what} {key} {} {} .\n", item.token, now_nanos());
        let mut file = self.0.lock().unwrap();
        file.write_all(line.as_bytes()).unwrap();
    }
}

impl Handler for Logger {
    fn handle(&self, item: Handling) -> BoxFuture<'static, Result<(), HandlerError>> {
        self.line("H", &item);
        // Handling takes a moment, so kills and pauses land on items in hand (and a worker
        // paused there wakes up with a lease that may have moved on).
        let took = Duration::from_millis(fastrand::u64(3..40));
        Box::pin(async move {
            tokio::time::sleep(took).await;
            Ok(())
        })
    }

    fn acknowledged(&self, item: &Handling) {
        self.line("A", item);
    }
}

/// The worker process: a pool of two workers over every trigger, until it is killed.
#[tokio::test]
async fn worker() {
    let Ok(setup) = std::env::var(WORKER) else {
        return;
    };
    let parts: Vec<&str> = setup.split('|').collect();
    let (server, db_url, log) = (parts[0], parts[1], parts[2]);
    let db = Database::connect_with(db_url, 4).await.unwrap();
    let mut jobs = Vec::new();
    for connection in CONNECTIONS {
        let limits = Arc::new(
            Limits::new(vec![LimitDef::new("calls", BURST, EVERY * BURST)])
                .shared(Arc::new(DbBuckets::new(db.clone(), connection))),
        );
        let mut client = Client::new(
            Service {
                base_url: server.to_owned(),
                errors: ErrorRule::default(),
                xml: None,
            },
            Arc::new(NoAuth),
        );
        client.set_shared_limits(limits.clone());
        for trigger in TRIGGERS {
            let (client, path) = (client.clone(), format!("/c/{connection}/t/{trigger}"));
            jobs.push(TriggerJob {
                connection: connection.to_owned(),
                spec: PollSpec {
                    trigger: trigger.to_owned(),
                    identity: vec!["id".into()],
                    cursor: None,
                    order: ItemOrder::Unordered,
                },
                source: Arc::new(move || {
                    Box::new(Paged {
                        client: client.clone(),
                        path: path.clone(),
                    }) as Box<dyn Source>
                }),
                limits: Some(limits.clone()),
                interval: Duration::ZERO,
            });
        }
    }
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)
        .unwrap();
    let logger = Arc::new(Logger(Mutex::new(file)));
    let pool = WorkerPool::start(
        db,
        jobs,
        logger.clone(),
        PoolOptions {
            workers: 2,
            lease: LEASE,
            batch: 2,
            idle: Duration::from_millis(20),
            ..PoolOptions::default()
        },
    )
    .await
    .unwrap();
    // Reports its handovers and refused acknowledgements now and then. Never ends by itself
    // before the parent is done; a bound in case the parent died.
    for _ in 0..1200 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let m = pool.metrics();
        let line = format!("M {} {} .\n", m.handovers, m.refused);
        logger.0.lock().unwrap().write_all(line.as_bytes()).unwrap();
    }
    pool.shutdown().await;
}

async fn complete(db: &Database) -> bool {
    for connection in CONNECTIONS {
        for trigger in TRIGGERS {
            match db.checkpoint(connection, trigger).await.unwrap() {
                Some(c) if c.len() == ITEMS => {}
                _ => return false,
            }
        }
    }
    true
}

fn spawn(setup: &str) -> Child {
    Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "worker", "--nocapture", "--test-threads=1"])
        .env(WORKER, setup)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

fn signal(child: &Child, name: &str) {
    let _ = Command::new("kill")
        .args([name, &child.id().to_string()])
        .status();
}

struct Line {
    acked: bool,
    key: String,
    token: i64,
    at: u128,
}

/// The handed-out and acknowledged items of every worker, and the sums of the workers' last
/// reported handovers and refused acknowledgements.
fn read_logs(dir: &std::path::Path) -> (Vec<Line>, u64, u64) {
    let (mut handovers, mut refused) = (0, 0);
    let mut lines = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if !path.to_string_lossy().ends_with(".log") {
            continue;
        }
        let mut last = (0, 0);
        for line in std::fs::read_to_string(&path).unwrap().lines() {
            // A line cut by a kill lacks its closing field and is left out.
            let fields: Vec<&str> = line.split(' ').collect();
            if let ["M", h, r, "."] = fields.as_slice() {
                last = (h.parse().unwrap(), r.parse().unwrap());
            }
            if let [what @ ("H" | "A"), key, token, at, "."] = fields.as_slice() {
                lines.push(Line {
                    acked: *what == "A",
                    key: (*key).to_owned(),
                    token: token.parse().unwrap(),
                    at: at.parse().unwrap(),
                });
            }
        }
        handovers += last.0;
        refused += last.1;
    }
    (lines, handovers, refused)
}

async fn run_fleet(db: &fleet_support::TestDb) {
    let name = db.name;
    let service = Arc::new(Service_::default());
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::method("GET"))
        .respond_with(Serve(service.clone()))
        .mount(&server)
        .await;
    let database = fleet_support::connect(db).await;
    let logs = tempfile::tempdir().unwrap();
    let spawned = AtomicUsize::new(0);
    let setup = |n: usize| {
        format!(
            "{}|{}|{}",
            server.uri(),
            db.url,
            logs.path().join(format!("w{n}.log")).display()
        )
    };
    let mut rng = fastrand::Rng::with_seed(18);
    let mut workers: Vec<Child> = (0..3)
        .map(|_| spawn(&setup(spawned.fetch_add(1, Ordering::SeqCst))))
        .collect();
    let (mut kills, mut pauses) = (0, 0);
    let started = Instant::now();
    let mut paused: Option<(usize, Instant)> = None;
    let mut tick = 0usize;
    while !complete(&database).await {
        assert!(
            started.elapsed() < Duration::from_secs(90),
            "{name}: the fleet never finished"
        );
        tokio::time::sleep(Duration::from_millis(rng.u64(50..300))).await;
        if let Some((i, since)) = paused {
            if since.elapsed() > 2 * LEASE {
                signal(&workers[i], "-CONT");
                paused = None;
            }
            continue;
        }
        tick += 1;
        // Kill, kill, pause, leave alone: the victims and moments are random.
        match tick % 4 {
            1 | 2 => {
                let i = rng.usize(0..workers.len());
                workers[i].kill().unwrap();
                let _ = workers[i].wait();
                workers[i] = spawn(&setup(spawned.fetch_add(1, Ordering::SeqCst)));
                kills += 1;
            }
            3 => {
                let i = rng.usize(0..workers.len());
                signal(&workers[i], "-STOP");
                paused = Some((i, Instant::now()));
                pauses += 1;
            }
            _ => {}
        }
    }
    for mut worker in workers {
        signal(&worker, "-CONT");
        let _ = worker.kill();
        let _ = worker.wait();
    }
    eprintln!(
        "{name}: {kills} kills, {pauses} pauses, {} workers, {:.1} s",
        spawned.load(Ordering::SeqCst),
        started.elapsed().as_secs_f64()
    );
    assert!(
        kills >= 2 && pauses >= 1,
        "{name}: {kills} kills, {pauses} pauses"
    );

    let (lines, handovers, refused) = read_logs(logs.path());
    eprintln!("{name}: at least {handovers} lease handovers, {refused} refused acknowledgements");
    let all: HashSet<String> = CONNECTIONS
        .iter()
        .flat_map(|c| {
            TRIGGERS
                .iter()
                .flat_map(move |t| (0..ITEMS).map(move |i| key(c, t, i)))
        })
        .collect();
    // Zero lost.
    let handled: HashSet<&str> = lines
        .iter()
        .filter(|l| !l.acked)
        .map(|l| l.key.as_str())
        .collect();
    assert_eq!(
        handled.len(),
        all.len(),
        "{name}: an item was never handled"
    );
    for connection in CONNECTIONS {
        for trigger in TRIGGERS {
            let stored = database
                .checkpoint(connection, trigger)
                .await
                .unwrap()
                .unwrap();
            let stored: HashSet<&str> = stored.seen().collect();
            let expected: HashSet<String> =
                (0..ITEMS).map(|i| key(connection, trigger, i)).collect();
            let expected: HashSet<&str> = expected.iter().map(String::as_str).collect();
            assert_eq!(stored, expected, "{name}: {connection}/{trigger}");
        }
    }
    // Zero repeated acknowledgements.
    let mut acks: HashMap<&str, &Line> = HashMap::new();
    for line in lines.iter().filter(|l| l.acked) {
        assert!(
            acks.insert(line.key.as_str(), line).is_none(),
            "{name}: {} acknowledged twice",
            line.key
        );
    }
    // Nothing handed out after its acknowledgement, except under an older, fenced lease.
    let mut stale = 0;
    for line in lines.iter().filter(|l| !l.acked) {
        if let Some(ack) = acks.get(line.key.as_str()) {
            if line.at > ack.at {
                assert!(
                    line.token < ack.token,
                    "{name}: {} handed out under token {} after token {} acknowledged it",
                    line.key,
                    line.token,
                    ack.token
                );
                stale += 1;
            }
        }
    }
    eprintln!(
        "{name}: {} handlings, {} logged acknowledgements, {stale} stale hand-outs",
        lines.iter().filter(|l| !l.acked).count(),
        acks.len()
    );
    // The limit, fleet-wide, at the server.
    let arrivals = service.arrivals.lock().unwrap().clone();
    for (connection, mut times) in arrivals {
        times.sort();
        for i in 0..times.len() {
            for j in i + 1..times.len() {
                let calls = (j - i + 1) as f64;
                let span = times[j] - times[i] + TOLERANCE;
                let admitted = f64::from(BURST) + span.as_secs_f64() / EVERY.as_secs_f64();
                assert!(
                    calls <= admitted,
                    "{name}: {connection} got {calls} calls within {:?}, over its limit",
                    times[j] - times[i]
                );
            }
        }
        eprintln!("{name}: {connection}: {} calls", times.len());
    }
}

#[tokio::test]
async fn killed_and_paused_workers_neither_lose_nor_repeat_and_keep_the_limits() {
    if std::env::var(WORKER).is_ok() {
        return;
    }
    for db in fleet_support::engines().await {
        run_fleet(&db).await;
    }
}
