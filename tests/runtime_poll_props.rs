//! A property test of the polling trigger's delivery guarantee over random schedules: items
//! are added to the listing at random places (with rising `created` values, which a cursor
//! listing filters on), acknowledged items are removed, the consumer takes, acknowledges and
//! gives back items in any order, checkpoint writes fail before or after replacing the
//! checkpoint, and the poller is killed and restarted at any point. After a final clean run:
//! no item was handed out once its acknowledgement was durable, every `Ok` ack was durable,
//! and the durable acknowledgements hold every item exactly once.
//!
//! The schedules run over a store in memory, and with the `fleet` feature over a lease of the
//! SQLite and PostgreSQL stores (fewer cases: every write is a real transaction).

use std::collections::HashSet;
use std::io;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use connectors::runtime::clock::Clock;
use connectors::runtime::poll::{
    Checkpoint, CheckpointStore, CursorSpec, Delivery, ItemOrder, MemoryStore, PollSpec, Poller,
    PollerOptions, Source,
};
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

fn source(list: Listing, cursored: bool) -> impl Source {
    move |cursor: Option<String>| {
        let floor: u64 = match (cursored, cursor) {
            (true, Some(c)) => c.parse().unwrap(),
            _ => 0,
        };
        // A cursor listing returns the items created at or after the cursor.
        let items: Vec<Value> = list
            .lock()
            .unwrap()
            .iter()
            .filter(|i| i["created"].as_u64().unwrap() >= floor)
            .cloned()
            .collect();
        async move { Ok(items) }
    }
}

fn start(
    list: &Listing,
    store: &Arc<Faulty>,
    cursored: bool,
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
    };
    let store: Arc<dyn CheckpointStore> = store.clone();
    Poller::start(spec, source(list.clone(), cursored), store, options).unwrap()
}

fn key(n: u64) -> String {
    format!(r#"["w{}","r{n}"]"#, n % 3)
}

async fn run(
    ops: Vec<Op>,
    cursored: bool,
    order: ItemOrder,
    inner: Arc<dyn CheckpointStore>,
) -> Result<(), TestCaseError> {
    let list: Listing = Arc::new(Mutex::new(Vec::new()));
    let store = Arc::new(Faulty::over(inner));
    let mut poller = start(&list, &store, cursored, order);
    let mut held: Vec<Delivery> = Vec::new();
    let mut next_id = 0u64;
    let mut acked: Vec<String> = Vec::new();
    let mut deliveries = 0usize;
    let mut restart = false;
    for op in ops {
        if restart {
            poller = start(&list, &store, cursored, order);
            held.clear();
            restart = false;
        }
        match op {
            Op::Add(n, at) => {
                let mut list = list.lock().unwrap();
                for _ in 0..n {
                    let item = json!({
                        "webinarKey": format!("w{}", next_id % 3),
                        "registrantKey": format!("r{next_id}"),
                        "created": next_id,
                    });
                    let at = at % (list.len() + 1);
                    list.insert(at, item);
                    next_id += 1;
                }
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
    // A clean run to the end: restart, then poll and acknowledge until nothing is new.
    *store.fault.lock().unwrap() = None;
    let mut poller = start(&list, &store, cursored, order);
    for _ in 0..3 {
        poller.poll().await.unwrap();
        while let Some(d) = poller.next_ready() {
            prop_assert!(!store.durable().contains(&d.key));
            deliveries += 1;
            poller.ack(&d).await.unwrap();
            acked.push(d.key);
        }
    }
    let all: HashSet<String> = (0..next_id).map(key).collect();
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
        order in order(),
    ) {
        let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
        runtime.block_on(run(ops, cursored, order, Arc::new(MemoryStore::new())))?;
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
            run(ops, cursored, order, Arc::new(lease)).await
        })?;
    }
}
