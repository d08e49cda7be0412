//! A property test of the polling trigger's delivery guarantee over random schedules: items
//! are added to the listing at random places (with rising `created` values, which a cursor
//! listing filters on), acknowledged items are removed, the consumer takes, acknowledges and
//! gives back items in any order, checkpoint writes fail before or after replacing the
//! checkpoint, and the poller is killed and restarted at any point. After a final clean run:
//! no item was handed out once its acknowledgement was durable, every `Ok` ack was durable,
//! and the durable acknowledgements hold every item exactly once. Paged listings (pages of two)
//! also get items inserted at random places between the pages of one listing.
//!
//! The schedules run over a store in memory, and with the `fleet` feature over a lease of the
//! SQLite and PostgreSQL stores (fewer cases: every write is a real transaction).

use std::collections::HashSet;
use std::io;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use connectors::runtime::clock::Clock;
use connectors::runtime::paginate::{collect_pages, Next, Page, Paging};
use connectors::runtime::poll::{
    Checkpoint, CheckpointStore, CursorSpec, Delivery, ItemOrder, MemoryStore, PollSpec, Poller,
    PollerOptions, Source,
};
use connectors::runtime::reqwest::header::HeaderMap;
use connectors::runtime::reqwest::Url;
use proptest::prelude::*;
use serde_json::{json, Value};

#[derive(Clone, Copy, Debug)]
enum Fault {
    BeforeWrite,
    AfterWrite,
}

#[cfg(feature = "fleet")]
mod fleet_support;

struct Faulty {
    inner: Arc<dyn CheckpointStore>,
    fault: Mutex<Option<Fault>>,
    commits: Mutex<Vec<String>>,
}

impl Faulty {
    fn over(inner: Arc<dyn CheckpointStore>) -> Faulty {
        Faulty {
            inner,
            fault: Mutex::new(None),
            commits: Mutex::new(Vec::new()),
        }
    }
}

impl Faulty {
    fn durable(&self) -> HashSet<String> {
        self.inner
            .load()
            .unwrap()
            .map(|c| c.seen().map(str::to_owned).collect())
            .unwrap_or_default()
    }

    fn write(&self, checkpoint: &Checkpoint) -> io::Result<()> {
        let before = self.durable();
        self.inner.save(checkpoint)?;
        self.commits.lock().unwrap().extend(
            checkpoint
                .seen()
                .filter(|k| !before.contains(*k))
                .map(str::to_owned),
        );
        Ok(())
    }
}

impl CheckpointStore for Faulty {
    fn load(&self) -> io::Result<Option<Checkpoint>> {
        self.inner.load()
    }

    fn save(&self, checkpoint: &Checkpoint) -> io::Result<()> {
        match self.fault.lock().unwrap().take() {
            Some(Fault::BeforeWrite) => Err(io::Error::other("write failed")),
            Some(Fault::AfterWrite) => {
                self.write(checkpoint)?;
                Err(io::Error::other("died after the write"))
            }
            None => self.write(checkpoint),
        }
    }
}

#[derive(Clone, Debug)]
enum Op {
    /// Add this many new items at this place in the listing.
    Add(u8, usize),
    /// Queue this many new items, each created and inserted at a place given by its number
    /// while a paged listing is between two pages.
    Arrive(u8),
    /// Remove a durably acknowledged item from the listing.
    RemoveAcked(usize),
    Poll,
    Take,
    Ack(usize),
    Nack(usize),
    Fail(bool),
    Crash,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        2 => (1u8..4, any::<usize>()).prop_map(|(n, at)| Op::Add(n, at)),
        1 => (1u8..4).prop_map(Op::Arrive),
        1 => any::<usize>().prop_map(Op::RemoveAcked),
        3 => Just(Op::Poll),
        4 => Just(Op::Take),
        4 => any::<usize>().prop_map(Op::Ack),
        1 => any::<usize>().prop_map(Op::Nack),
        1 => any::<bool>().prop_map(Op::Fail),
        1 => Just(Op::Crash),
    ]
}

type Listing = Arc<Mutex<Vec<Value>>>;

/// The items still to arrive, and the number of the next item created.
#[derive(Clone, Default)]
struct Arrivals {
    queued: Arc<AtomicUsize>,
    next_id: Arc<AtomicU64>,
}

/// A new item, numbered from `next_id`.
fn create(next_id: &AtomicU64) -> Value {
    let n = next_id.fetch_add(1, Ordering::SeqCst);
    json!({
        "webinarKey": format!("w{}", n % 3),
        "registrantKey": format!("r{n}"),
        "created": n,
    })
}

/// The items of `list` a listing returns: those created at or after the cursor, when the
/// listing has one.
fn listed(list: &Listing, cursor: Option<&str>) -> Vec<Value> {
    let floor: u64 = cursor.map_or(0, |c| c.parse().unwrap());
    list.lock()
        .unwrap()
        .iter()
        .filter(|i| i["created"].as_u64().unwrap() >= floor)
        .cloned()
        .collect()
}

/// Creates one queued arrival in `list`, at a place given by its number.
fn arrive(list: &Listing, arrivals: &Arrivals) {
    let queued = arrivals
        .queued
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1));
    if queued.is_ok() {
        let item = create(&arrivals.next_id);
        let mut list = list.lock().unwrap();
        let at = (item["created"].as_u64().unwrap() as usize * 7) % (list.len() + 1);
        list.insert(at, item);
    }
}

fn source(list: Listing, arrivals: Arrivals, cursored: bool, paged: bool) -> impl Source {
    move |cursor: Option<String>| {
        let cursor = cursor.filter(|_| cursored);
        let (list, arrivals) = (list.clone(), arrivals.clone());
        async move {
            if !paged {
                return Ok(listed(&list, cursor.as_deref()));
            }
            let paging = Paging::PageNumber {
                param: "page",
                first_page: 1,
                size_param: None,
                page_size: Some(2),
                total_pages: None,
            };
            collect_pages(paging, Some("items"), 10_000, |next| {
                let page: usize = match next {
                    Next::Params(params) => params
                        .iter()
                        .find(|(k, _)| k == "page")
                        .map_or(1, |(_, v)| v.parse().unwrap()),
                    Next::Url(_) => unreachable!("page numbers only"),
                };
                let items: Vec<Value> = listed(&list, cursor.as_deref())
                    .into_iter()
                    .skip((page - 1) * 2)
                    .take(2)
                    .collect();
                // Something new comes in before the next page is asked for.
                arrive(&list, &arrivals);
                let url = Url::parse(&format!("http://loopback/items?page={page}")).unwrap();
                async move {
                    Ok(Page {
                        url,
                        headers: HeaderMap::new(),
                        body: json!({ "items": items }),
                    })
                }
            })
            .await
        }
    }
}

fn start(
    list: &Listing,
    arrivals: &Arrivals,
    store: &Arc<Faulty>,
    (cursored, paged): (bool, bool),
    order: ItemOrder,
) -> Poller<impl Source> {
    let spec = PollSpec {
        trigger: "OnNewRegistration".into(),
        // A composite identity: webinar and registrant.
        identity: vec!["webinarKey".into(), "registrantKey".into()],
        cursor: cursored.then(|| CursorSpec {
            param: "since".into(),
            from: "created".into(),
            initial: Some("0".into()),
        }),
        order,
    };
    let options = PollerOptions {
        interval: Duration::ZERO,
        limits: None,
        clock: Some(Clock::manual(SystemTime::UNIX_EPOCH)),
        capacity: 10_000,
        ..PollerOptions::default()
    };
    let store: Arc<dyn CheckpointStore> = store.clone();
    Poller::start(
        spec,
        source(list.clone(), arrivals.clone(), cursored, paged),
        store,
        options,
    )
    .unwrap()
}

fn key(n: u64) -> String {
    format!(r#"["w{}","r{n}"]"#, n % 3)
}

async fn run(
    ops: Vec<Op>,
    cursored: bool,
    paged: bool,
    order: ItemOrder,
    inner: Arc<dyn CheckpointStore>,
) -> Result<(), TestCaseError> {
    let list: Listing = Arc::new(Mutex::new(Vec::new()));
    let arrivals = Arrivals::default();
    let store = Arc::new(Faulty::over(inner));
    let kind = (cursored, paged);
    let mut poller = start(&list, &arrivals, &store, kind, order);
    let mut held: Vec<Delivery> = Vec::new();
    let mut acked: Vec<String> = Vec::new();
    let mut deliveries = 0usize;
    let mut restart = false;
    for op in ops {
        if restart {
            poller = start(&list, &arrivals, &store, kind, order);
            held.clear();
            restart = false;
        }
        match op {
            Op::Add(n, at) => {
                let mut list = list.lock().unwrap();
                for _ in 0..n {
                    let item = create(&arrivals.next_id);
                    let at = at % (list.len() + 1);
                    list.insert(at, item);
                }
            }
            Op::Arrive(n) => {
                arrivals.queued.fetch_add(usize::from(n), Ordering::SeqCst);
            }
            Op::RemoveAcked(i) => {
                let durable = store.durable();
                let mut list = list.lock().unwrap();
                let acked_at: Vec<usize> = (0..list.len())
                    .filter(|&p| durable.contains(&key(list[p]["created"].as_u64().unwrap())))
                    .collect();
                if !acked_at.is_empty() {
                    list.remove(acked_at[i % acked_at.len()]);
                }
            }
            Op::Poll => {
                if poller.poll().await.is_err() {
                    restart = true;
                }
            }
            Op::Take => {
                if let Some(d) = poller.next_ready() {
                    prop_assert!(
                        !store.durable().contains(&d.key),
                        "{} handed out after its ack was durable",
                        d.key
                    );
                    deliveries += 1;
                    held.push(d);
                }
            }
            Op::Ack(i) if !held.is_empty() => {
                let d = held.remove(i % held.len());
                match poller.ack(&d).await {
                    Ok(()) => {
                        prop_assert!(store.durable().contains(&d.key));
                        acked.push(d.key);
                    }
                    Err(_) => restart = true,
                }
            }
            Op::Nack(i) if !held.is_empty() => {
                let d = held.remove(i % held.len());
                poller.nack(d);
            }
            Op::Fail(after) => {
                *store.fault.lock().unwrap() = Some(if after {
                    Fault::AfterWrite
                } else {
                    Fault::BeforeWrite
                });
            }
            Op::Crash => restart = true,
            Op::Ack(_) | Op::Nack(_) => {}
        }
    }
    // A clean run to the end: everything queued arrives, the poller restarts, then polls and
    // acknowledges until nothing is new.
    while arrivals.queued.load(Ordering::SeqCst) > 0 {
        arrive(&list, &arrivals);
    }
    *store.fault.lock().unwrap() = None;
    let mut poller = start(&list, &arrivals, &store, kind, order);
    for _ in 0..3 {
        poller.poll().await.unwrap();
        while let Some(d) = poller.next_ready() {
            prop_assert!(!store.durable().contains(&d.key));
            deliveries += 1;
            poller.ack(&d).await.unwrap();
            acked.push(d.key);
        }
    }
    let all: HashSet<String> = (0..arrivals.next_id.load(Ordering::SeqCst))
        .map(key)
        .collect();
    let commits = store.commits.lock().unwrap().clone();
    let committed: HashSet<String> = commits.iter().cloned().collect();
    prop_assert_eq!(committed.len(), commits.len(), "an item committed twice");
    prop_assert_eq!(&committed, &all, "an item never acknowledged");
    let acked_set: HashSet<&String> = acked.iter().collect();
    prop_assert_eq!(acked_set.len(), acked.len(), "an item acked twice");
    prop_assert!(deliveries >= all.len());
    Ok(())
}

fn order() -> impl Strategy<Value = ItemOrder> {
    prop_oneof![
        Just(ItemOrder::Unordered),
        Just(ItemOrder::NewestFirst),
        Just(ItemOrder::OldestFirst),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn no_gap_and_no_duplicate_over_random_schedules(
        ops in proptest::collection::vec(op(), 0..80),
        cursored in any::<bool>(),
        paged in any::<bool>(),
        order in order(),
    ) {
        let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
        runtime.block_on(run(ops, cursored, paged, order, Arc::new(MemoryStore::new())))?;
    }
}

/// The databases of the property, connected once for all its cases (a `Database` runs on a
/// runtime of its own, so it outlives each case's runtime).
#[cfg(feature = "fleet")]
fn databases() -> &'static [(fleet_support::TestDb, connectors::runtime::fleet::Database)] {
    static DATABASES: std::sync::OnceLock<
        Vec<(fleet_support::TestDb, connectors::runtime::fleet::Database)>,
    > = std::sync::OnceLock::new();
    DATABASES.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let mut all = Vec::new();
            for db in fleet_support::engines().await {
                let database = fleet_support::connect(&db).await;
                all.push((db, database));
            }
            all
        })
    })
}

#[cfg(feature = "fleet")]
proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn no_gap_and_no_duplicate_over_random_schedules_in_databases(
        ops in proptest::collection::vec(op(), 0..80),
        cursored in any::<bool>(),
        paged in any::<bool>(),
        order in order(),
        engine in 0usize..2,
    ) {
        use std::sync::atomic::{AtomicU32, Ordering};
        static CASE: AtomicU32 = AtomicU32::new(0);
        let databases = databases();
        let (_, database) = &databases[engine % databases.len()];
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            // Every case on a trigger of its own; restarts keep the lease.
            let connection = format!("props-{}", CASE.fetch_add(1, Ordering::SeqCst));
            let lease = database
                .claim(&connection, "OnNewRegistration", "worker", Duration::from_secs(600))
                .await
                .unwrap()
                .unwrap();
            run(ops, cursored, paged, order, Arc::new(lease)).await
        })?;
    }
}
