//! The polling trigger's delivery guarantee under crashes, step by step.
//!
//! A loopback server lists webinars; its list grows and is reordered between polls, or, paged,
//! grows between the pages of one listing. A clean run
//! of the consumer (`next`, handle, `ack`, …) is a sequence of steps. For every step and every
//! way of dying there, the test runs the trigger, kills it at that step — dropping `next`
//! mid-flight, dropping a delivered item unacknowledged, dropping an `ack` unpolled, or failing
//! the checkpoint write before or after the file is replaced — restarts it from the checkpoint
//! file, and runs it to the end. Then it checks the guarantee:
//!
//! * an item is never handed out once its acknowledgement is durable (no duplicate);
//! * every `ack` that returned `Ok` is durable when it returns;
//! * the durable acknowledgements, in order, contain every item exactly once (no gap, no
//!   duplicate).
//!
//! The same runs go over a checkpoint file, and with the `fleet` feature over a lease of the
//! SQLite and PostgreSQL stores.

use std::collections::HashSet;
use std::io;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use connectors::runtime::auth::NoAuth;
use connectors::runtime::clock::Clock;
use connectors::runtime::limits::{LimitDef, LimitMode, LimitScope, Limits};
use connectors::runtime::paginate::Paging;
use connectors::runtime::poll::{
    Checkpoint, CheckpointStore, ClientSource, FileStore, ItemOrder, PollSpec, Poller,
    PollerOptions,
};
use connectors::runtime::{Client, ErrorRule, Method, Request, Service};
use futures::FutureExt;
use serde_json::{json, Value};
use wiremock::{Mock, MockServer, Request as Seen, Respond, ResponseTemplate};

const ITEMS: usize = 9;

/// How the loopback server lists the webinars.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Listing {
    /// One answer with every webinar: two more at each request, up to `ITEMS`, rotated each
    /// time.
    Whole,
    /// Pages of two (`?page=N`), newest first: three more webinars at each request, pages
    /// included, so the list shifts under the pages being read.
    NewestFirstPages,
    /// Pages of two, oldest first, three more at the end at each request.
    OldestFirstPages,
}

/// The organizer's webinars, as `Listing` says.
struct GrowingList(Arc<AtomicUsize>, Listing);

impl Respond for GrowingList {
    fn respond(&self, request: &Seen) -> ResponseTemplate {
        let n = self.0.fetch_add(1, Ordering::SeqCst);
        let webinar =
            |i: usize| json!({"webinarKey": format!("w{i}"), "subject": format!("Webinar {i}")});
        if self.1 == Listing::Whole {
            let count = (2 + 2 * n).min(ITEMS);
            let mut items: Vec<Value> = (0..count).map(webinar).collect();
            items.rotate_left(n % count);
            return ResponseTemplate::new(200).set_body_json(items);
        }
        let count = (2 + 3 * n).min(ITEMS);
        let mut items: Vec<Value> = (0..count).map(webinar).collect();
        if self.1 == Listing::NewestFirstPages {
            items.reverse();
        }
        let page: usize = request
            .url
            .query_pairs()
            .find(|(k, _)| k == "page")
            .map(|(_, v)| v.parse().unwrap())
            .unwrap_or(1);
        let page: Vec<Value> = items.into_iter().skip((page - 1) * 2).take(2).collect();
        ResponseTemplate::new(200).set_body_json(page)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SaveFault {
    BeforeWrite,
    AfterWrite,
}

#[cfg(feature = "fleet")]
mod fleet_support;

/// Where the checkpoints of a run go.
#[derive(Clone)]
enum Backend {
    File,
    #[cfg(feature = "fleet")]
    Database(connectors::runtime::fleet::Database),
}

/// A store that can fail its next write, before or after replacing the file, and records
/// the order in which acknowledgements became durable.
struct FaultyStore {
    inner: Arc<dyn CheckpointStore>,
    fault: Mutex<Option<SaveFault>>,
    commits: Mutex<Vec<String>>,
}

impl FaultyStore {
    fn write(&self, checkpoint: &Checkpoint) -> io::Result<()> {
        let before: HashSet<String> = match self.inner.load()? {
            Some(old) => old.seen().map(str::to_owned).collect(),
            None => HashSet::new(),
        };
        self.inner.save(checkpoint)?;
        let mut commits = self.commits.lock().unwrap();
        commits.extend(
            checkpoint
                .seen()
                .filter(|k| !before.contains(*k))
                .map(str::to_owned),
        );
        Ok(())
    }

    fn durable(&self) -> HashSet<String> {
        match self.inner.load().unwrap() {
            Some(c) => c.seen().map(str::to_owned).collect(),
            None => HashSet::new(),
        }
    }
}

impl CheckpointStore for FaultyStore {
    fn load(&self) -> io::Result<Option<Checkpoint>> {
        self.inner.load()
    }

    fn save(&self, checkpoint: &Checkpoint) -> io::Result<()> {
        let fault = self.fault.lock().unwrap().take();
        match fault {
            Some(SaveFault::BeforeWrite) => Err(io::Error::other("disk full")),
            Some(SaveFault::AfterWrite) => {
                self.write(checkpoint)?;
                Err(io::Error::other("the process died after the rename"))
            }
            None => self.write(checkpoint),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Crash {
    /// `next` polled once (mid-fetch, or holding a ready item) and dropped.
    DropNext,
    /// The delivered item dropped without an ack.
    DeliverThenDrop,
    /// The `ack` future dropped before it ran.
    DropAck,
    /// The checkpoint write fails before the file is replaced.
    FailBeforeWrite,
    /// The checkpoint write replaces the file, then the process dies.
    FailAfterWrite,
}

struct Harness {
    listing: Listing,
    client: Client,
    store: Arc<FaultyStore>,
    clock: Clock,
    limits: Arc<Limits>,
    /// Every delivery: the key, and whether its ack was already durable then.
    deliveries: Vec<(String, bool)>,
    /// Keys whose `ack` returned `Ok`.
    acked: Vec<String>,
}

impl Harness {
    fn poller(&self) -> Poller<ClientSource> {
        let spec = PollSpec {
            trigger: "OnNewWebinar".into(),
            identity: vec!["webinarKey".into()],
            cursor: None,
            order: match self.listing {
                Listing::Whole => ItemOrder::Unordered,
                Listing::NewestFirstPages => ItemOrder::NewestFirst,
                Listing::OldestFirstPages => ItemOrder::OldestFirst,
            },
        };
        let mut source = ClientSource::new(
            self.client.clone(),
            Request::new(Method::Get, "/organizers/7/webinars".into()),
            None,
            None,
        );
        if self.listing != Listing::Whole {
            let paging = Paging::PageNumber {
                param: "page",
                first_page: 1,
                size_param: Some("size"),
                page_size: Some(2),
                total_pages: None,
            };
            source = source.paged(paging, 100);
        }
        let options = PollerOptions {
            interval: Duration::ZERO,
            limits: Some(self.limits.clone()),
            clock: Some(self.clock.clone()),
            capacity: 1_000,
            ..PollerOptions::default()
        };
        let store: Arc<dyn CheckpointStore> = self.store.clone();
        Poller::start(spec, source, store, options).unwrap()
    }

    fn done(&self) -> bool {
        self.store.durable().len() == ITEMS
    }

    /// Runs the consumer loop; at step `crash.0` dies as `crash.1` says. Returns the number of
    /// steps taken (each `next` and each `ack` is one).
    async fn run(&mut self, mut step: usize, crash: Option<(usize, Crash)>) -> usize {
        let mut poller = self.poller();
        while !self.done() {
            // A `next` step.
            let here = crash.filter(|c| c.0 == step).map(|c| c.1);
            step += 1;
            if here == Some(Crash::DropNext) {
                if let Some(Ok(d)) = poller.next().now_or_never() {
                    let durable = self.store.durable().contains(&d.key);
                    self.deliveries.push((d.key, durable));
                }
                return step;
            }
            let delivery = poller.next().await.unwrap();
            let durable = self.store.durable().contains(&delivery.key);
            self.deliveries.push((delivery.key.clone(), durable));
            if here == Some(Crash::DeliverThenDrop) {
                return step;
            }
            // An `ack` step.
            let here = crash.filter(|c| c.0 == step).map(|c| c.1);
            step += 1;
            match here {
                Some(Crash::DropAck) => {
                    drop(poller.ack(&delivery));
                    return step;
                }
                Some(Crash::FailBeforeWrite) => {
                    *self.store.fault.lock().unwrap() = Some(SaveFault::BeforeWrite)
                }
                Some(Crash::FailAfterWrite) => {
                    *self.store.fault.lock().unwrap() = Some(SaveFault::AfterWrite)
                }
                _ => {}
            }
            match poller.ack(&delivery).await {
                Ok(()) => {
                    assert!(
                        self.store.durable().contains(&delivery.key),
                        "ack returned before the checkpoint was stored"
                    );
                    self.acked.push(delivery.key.clone());
                }
                Err(_) => return step,
            }
        }
        step
    }
}

async fn scenario(
    backend: &Backend,
    listing: Listing,
    crash: Option<(usize, Crash)>,
) -> (usize, Harness) {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::method("GET"))
        .respond_with(GrowingList(Arc::new(AtomicUsize::new(0)), listing))
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let inner: Arc<dyn CheckpointStore> = match backend {
        Backend::File => Arc::new(FileStore::new(dir.path().join("OnNewWebinar.json"))),
        #[cfg(feature = "fleet")]
        Backend::Database(db) => {
            // A connection of its own for every run; the restart keeps the lease.
            let connection = format!("crash-{:08x}", fastrand::u32(..));
            let lease = db
                .claim(
                    &connection,
                    "OnNewWebinar",
                    "worker",
                    Duration::from_secs(600),
                )
                .await
                .unwrap()
                .unwrap();
            Arc::new(lease)
        }
    };
    let clock = Clock::manual(SystemTime::UNIX_EPOCH);
    let mut harness = Harness {
        listing,
        client: Client::new(
            Service {
                base_url: server.uri(),
                errors: ErrorRule::default(),
                xml: None,
            },
            Arc::new(NoAuth),
        ),
        store: Arc::new(FaultyStore {
            inner,
            fault: Mutex::new(None),
            commits: Mutex::new(Vec::new()),
        }),
        limits: Arc::new(Limits::with_clock(
            vec![
                LimitDef::new("Frequency of trigger polls", 1, Duration::from_secs(120))
                    .scope(LimitScope::Triggers),
            ],
            clock.clone(),
            LimitMode::Wait,
        )),
        clock,
        deliveries: Vec::new(),
        acked: Vec::new(),
    };
    let steps = tokio::time::timeout(Duration::from_secs(30), harness.run(0, crash))
        .await
        .expect("the trigger handed out every webinar");
    if crash.is_some() {
        // Restart from the checkpoint file and run to the end.
        tokio::time::timeout(Duration::from_secs(30), harness.run(steps, None))
            .await
            .expect("the restarted trigger finished");
    }
    check(&harness, crash);
    drop(dir);
    (steps, harness)
}

fn check(h: &Harness, crash: Option<(usize, Crash)>) {
    let all: HashSet<String> = (0..ITEMS).map(|i| format!("w{i}")).collect();
    for (key, durable) in &h.deliveries {
        assert!(
            !durable,
            "{crash:?}: {key} handed out after its ack was durable"
        );
    }
    let acked: HashSet<&String> = h.acked.iter().collect();
    assert_eq!(acked.len(), h.acked.len(), "{crash:?}: an item acked twice");
    let commits = h.store.commits.lock().unwrap().clone();
    let committed: HashSet<String> = commits.iter().cloned().collect();
    assert_eq!(
        committed.len(),
        commits.len(),
        "{crash:?}: duplicate commit"
    );
    assert_eq!(committed, all, "{crash:?}: gap in the acknowledged items");
    // The only item acknowledged durably but not by an `Ok` is one whose ack was cut short.
    let cut: Vec<&String> = commits.iter().filter(|k| !acked.contains(k)).collect();
    match crash {
        Some((_, Crash::FailAfterWrite)) => assert!(cut.len() <= 1, "{crash:?}: {cut:?}"),
        _ => assert!(cut.is_empty(), "{crash:?}: {cut:?}"),
    }
    // Polls kept to the trigger's limit: every wait was for it.
    assert!(h
        .clock
        .sleeps()
        .iter()
        .all(|d| *d <= Duration::from_secs(120)));
}

#[tokio::test]
async fn every_crash_point_keeps_the_acknowledged_sequence_whole() {
    every_crash_point(&Backend::File, Listing::Whole).await;
}

/// The same over a paged listing that grows while its pages are read, in both orders: a poller
/// that stopped at the first page would never hand out the older (or later) webinars.
#[tokio::test]
async fn every_crash_point_keeps_a_paged_listing_whole() {
    every_crash_point(&Backend::File, Listing::NewestFirstPages).await;
    every_crash_point(&Backend::File, Listing::OldestFirstPages).await;
}

#[cfg(feature = "fleet")]
#[tokio::test]
async fn every_crash_point_keeps_the_acknowledged_sequence_whole_in_databases() {
    for db in fleet_support::engines().await {
        let database = fleet_support::connect(&db).await;
        every_crash_point(&Backend::Database(database), Listing::Whole).await;
    }
}

async fn every_crash_point(backend: &Backend, listing: Listing) {
    let (steps, clean) = scenario(backend, listing, None).await;
    assert_eq!(steps, 2 * ITEMS);
    assert_eq!(clean.deliveries.len(), ITEMS);
    let mut runs = 0;
    for step in 0..steps {
        let kinds: &[Crash] = if step % 2 == 0 {
            &[Crash::DropNext, Crash::DeliverThenDrop]
        } else {
            &[
                Crash::DropAck,
                Crash::FailBeforeWrite,
                Crash::FailAfterWrite,
            ]
        };
        for &kind in kinds {
            let (_, harness) = scenario(backend, listing, Some((step, kind))).await;
            // The crash made a difference where it could: an item cut short is handed out
            // again, unless its ack was durable.
            if matches!(
                kind,
                Crash::DeliverThenDrop | Crash::DropAck | Crash::FailBeforeWrite
            ) {
                assert!(
                    harness.deliveries.len() > ITEMS,
                    "{step} {kind:?}: the unacknowledged item came again"
                );
            }
            runs += 1;
        }
    }
    assert_eq!(runs, 5 * ITEMS);
}

/// A listing with a `since` parameter gets the checkpoint's cursor, which moves once the new
/// items are acknowledged.
#[tokio::test]
async fn the_cursor_parameter_follows_the_checkpoint() {
    use connectors::runtime::poll::{CursorSpec, MemoryStore};
    use wiremock::matchers::{method, query_param};
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(query_param("since", "2026-01-01T00:00:00Z"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"registrants": [
                {"registrantKey": "r2", "registrationDate": "2026-01-03T00:00:00Z"},
                {"registrantKey": "r1", "registrationDate": "2026-01-02T00:00:00Z"}
            ]})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(query_param("since", "2026-01-03T00:00:00Z"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"registrants": [
                {"registrantKey": "r2", "registrationDate": "2026-01-03T00:00:00Z"}
            ]})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::new(
        Service {
            base_url: server.uri(),
            errors: ErrorRule::default(),
            xml: None,
        },
        Arc::new(NoAuth),
    );
    let source = ClientSource::new(
        client,
        Request::new(Method::Get, "/registrants".into()),
        Some("since".into()),
        Some("registrants"),
    );
    let spec = PollSpec {
        trigger: "OnNewRegistration".into(),
        identity: vec!["registrantKey".into()],
        cursor: Some(CursorSpec {
            param: "since".into(),
            from: "registrationDate".into(),
            initial: Some("2026-01-01T00:00:00Z".into()),
        }),
        order: ItemOrder::NewestFirst,
    };
    let options = PollerOptions {
        interval: Duration::ZERO,
        clock: Some(Clock::manual(SystemTime::UNIX_EPOCH)),
        ..PollerOptions::default()
    };
    let mut poller = Poller::start(spec, source, Arc::new(MemoryStore::new()), options).unwrap();
    let first = poller.next().await.unwrap();
    assert_eq!(first.key, "r1");
    poller.ack(&first).await.unwrap();
    let second = poller.next().await.unwrap();
    assert_eq!(second.key, "r2");
    poller.ack(&second).await.unwrap();
    assert_eq!(
        poller.checkpoint().cursor.as_deref(),
        Some("2026-01-03T00:00:00Z")
    );
    // The inclusive listing repeats r2; deduplication drops it.
    assert_eq!(poller.poll().await.unwrap(), 0);
}
