//! The fleet stores on SQLite and PostgreSQL: versioned migrations, leases with fencing, the
//! poller over a lease when a paused worker wakes up after a takeover, and limits shared by
//! several workers.

#![cfg(feature = "fleet")]

mod fleet_support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use connectors::runtime::clock::Clock;
use connectors::runtime::fleet::{is_lease_lost, Database, DbBuckets, FleetError};
use connectors::runtime::limits::{Call, LimitDef, LimitMode, Limits};
use connectors::runtime::poll::{
    Checkpoint, CheckpointStore, ItemOrder, PollError, PollSpec, Poller, PollerOptions, Source,
};
use connectors::runtime::Error;
use fleet_support::{connect, engines};
use serde_json::{json, Value};

#[tokio::test]
async fn migrations_are_versioned_and_run_once_even_when_started_together() {
    for db in engines().await {
        let (a, b) = tokio::join!(Database::connect(&db.url), Database::connect(&db.url));
        let (a, b) = (a.unwrap(), b.unwrap());
        assert_eq!(a.schema_version().await.unwrap(), Database::latest_schema());
        assert_eq!(b.schema_version().await.unwrap(), Database::latest_schema());
        // Connecting again applies nothing and keeps the data.
        a.register("c1", "T").await.unwrap();
        let again = connect(&db).await;
        assert_eq!(again.schema_version().await.unwrap(), 1, "{}", db.name);
        assert!(again
            .claim("c1", "T", "w", Duration::from_secs(5))
            .await
            .unwrap()
            .is_some());
    }
    assert!(matches!(
        Database::connect("sqlite::memory:").await,
        Err(FleetError::Url(_))
    ));
    assert!(matches!(
        Database::connect("mysql://x").await,
        Err(FleetError::Url(_))
    ));
}

/// Workers of one machine start at the same moment on a file none of them has made yet: every
/// one of them connects (SQLite answers "database is locked" at once, without waiting, to a
/// connection that switches a fresh file to WAL while another does too).
#[tokio::test]
async fn many_starters_on_a_fresh_sqlite_file_all_connect() {
    for round in 0..50 {
        let db = fleet_support::sqlite();
        let mut starters = tokio::task::JoinSet::new();
        for _ in 0..8 {
            let url = db.url.clone();
            starters.spawn(async move { Database::connect(&url).await });
        }
        while let Some(started) = starters.join_next().await {
            let database = started
                .unwrap()
                .unwrap_or_else(|e| panic!("round {round}: {e}"));
            assert_eq!(
                database.schema_version().await.unwrap(),
                Database::latest_schema()
            );
        }
        let again = connect(&db).await;
        again.register("c", "T").await.unwrap();
    }
}

fn checkpoint(keys: &[&str]) -> Checkpoint {
    let mut c = Checkpoint::new(None);
    for k in keys {
        c.insert((*k).to_owned(), 100);
    }
    c
}

#[tokio::test]
async fn a_stale_lease_cannot_write_after_a_takeover() {
    for db in engines().await {
        let name = db.name;
        let database = connect(&db).await;
        let short = Duration::from_millis(300);
        let a = database
            .claim("conn", "OnNew", "a", short)
            .await
            .unwrap()
            .unwrap();
        assert!(!a.is_handover());
        assert!(a.is_valid());
        // Held: nobody else gets it.
        assert!(database
            .claim("conn", "OnNew", "b", short)
            .await
            .unwrap()
            .is_none());
        a.save(&checkpoint(&["x"])).unwrap();
        // A paused holder: its lease expires, and b takes over with a higher token.
        tokio::time::sleep(Duration::from_millis(450)).await;
        assert!(
            !a.is_valid(),
            "{name}: the holder's own clock says the lease is up"
        );
        let b = database
            .claim("conn", "OnNew", "b", Duration::from_secs(30))
            .await
            .unwrap()
            .expect("an expired lease is taken over");
        assert!(b.is_handover(), "{name}");
        assert!(b.token() > a.token(), "{name}");
        assert_eq!(b.load().unwrap(), Some(checkpoint(&["x"])), "{name}");
        b.save(&checkpoint(&["x", "y"])).unwrap();
        // The woken holder's write is refused, with a clear error, and changes nothing.
        let refused = a.save(&checkpoint(&["x", "z"])).unwrap_err();
        assert!(is_lease_lost(&refused), "{name}: {refused}");
        assert!(refused.to_string().contains("no longer held"), "{refused}");
        assert!(matches!(a.renew().await, Err(FleetError::LeaseLost(_))));
        a.release(Duration::ZERO).await.unwrap();
        assert_eq!(
            database.checkpoint("conn", "OnNew").await.unwrap(),
            Some(checkpoint(&["x", "y"])),
            "{name}"
        );
        // A released lease is free at once, and its holder cannot write any more.
        b.renew().await.unwrap();
        b.release(Duration::ZERO).await.unwrap();
        assert!(is_lease_lost(&b.save(&checkpoint(&["q"])).unwrap_err()));
        let c = database
            .claim("conn", "OnNew", "c", short)
            .await
            .unwrap()
            .unwrap();
        assert!(!c.is_handover(), "{name}: a released lease is no handover");
        assert!(c.token() > b.token());
    }
}

fn listing(items: Arc<Mutex<Vec<Value>>>) -> impl Source {
    move |_cursor: Option<String>| {
        let items = items.lock().unwrap().clone();
        async move { Ok::<_, Error>(items) }
    }
}

fn spec() -> PollSpec {
    PollSpec {
        trigger: "OnNewWebinar".into(),
        identity: vec!["webinarKey".into()],
        cursor: None,
        order: ItemOrder::Unordered,
    }
}

fn options() -> PollerOptions {
    PollerOptions {
        interval: Duration::ZERO,
        clock: Some(Clock::manual(std::time::SystemTime::UNIX_EPOCH)),
        ..PollerOptions::default()
    }
}

/// A worker hands out an item and pauses past its lease; another takes over, hands the same
/// item out and acknowledges it. The first worker's acknowledgement is refused, and the item
/// is acknowledged once.
#[tokio::test]
async fn a_paused_worker_cannot_acknowledge_what_its_successor_did() {
    for db in engines().await {
        let name = db.name;
        let database = connect(&db).await;
        let items = Arc::new(Mutex::new(vec![json!({"webinarKey": "w1"})]));
        let a = Arc::new(
            database
                .claim("conn", "OnNewWebinar", "a", Duration::from_millis(200))
                .await
                .unwrap()
                .unwrap(),
        );
        let mut first =
            Poller::start(spec(), listing(items.clone()), a.clone(), options()).unwrap();
        let w1 = first.next().await.unwrap();
        tokio::time::sleep(Duration::from_millis(300)).await;
        let b = Arc::new(
            database
                .claim("conn", "OnNewWebinar", "b", Duration::from_secs(30))
                .await
                .unwrap()
                .unwrap(),
        );
        let mut second =
            Poller::start(spec(), listing(items.clone()), b.clone(), options()).unwrap();
        assert_eq!(
            second.next().await.unwrap(),
            w1,
            "{name}: not acknowledged, so again"
        );
        second.ack(&w1).await.unwrap();
        match first.ack(&w1).await {
            Err(PollError::Store(e)) => assert!(is_lease_lost(&e), "{name}: {e}"),
            other => panic!("{name}: the stale ack went through: {other:?}"),
        }
        items.lock().unwrap().push(json!({"webinarKey": "w2"}));
        let w2 = second.next().await.unwrap();
        assert_eq!(w2.key, "w2", "{name}: w1 is never handed out again");
        second.ack(&w2).await.unwrap();
        let stored = database
            .checkpoint("conn", "OnNewWebinar")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            stored.seen().collect::<Vec<_>>(),
            vec!["w1", "w2"],
            "{name}"
        );
    }
}

/// Three workers of one connection, each with its own `Limits` over the same database
/// buckets: together they get the connection's 5 calls, not 5 each. The same three with
/// in-process buckets get 15, which is what the shared buckets prevent.
#[tokio::test]
async fn limits_hold_for_the_fleet_not_per_worker() {
    async fn admitted(workers: &[Limits]) -> usize {
        let mut count = 0;
        for _ in 0..10 {
            for limits in workers {
                if limits.acquire(&Call::action("ListWebinars")).await.is_ok() {
                    count += 1;
                }
            }
        }
        count
    }
    let defs = || vec![LimitDef::new("calls", 5, Duration::from_secs(600))];
    let local: Vec<Limits> = (0..3)
        .map(|_| Limits::with_clock(defs(), Clock::system(), LimitMode::Fail))
        .collect();
    assert_eq!(admitted(&local).await, 15);
    for db in engines().await {
        let database = connect(&db).await;
        let shared: Vec<Limits> = (0..3)
            .map(|_| {
                Limits::with_clock(defs(), Clock::system(), LimitMode::Fail)
                    .shared(Arc::new(DbBuckets::new(database.clone(), "conn")))
            })
            .collect();
        assert_eq!(admitted(&shared).await, 5, "{}", db.name);
        // The refusal says how long until the next token: 600 s / 5, less the time spent.
        match shared[0].acquire(&Call::action("ListWebinars")).await {
            Err(Error::RateLimited {
                retry_after: Some(wait),
            }) => assert!(
                wait > Duration::from_secs(100) && wait <= Duration::from_secs(120),
                "{}: {wait:?}",
                db.name
            ),
            other => panic!("{}: {other:?}", db.name),
        }
        // Another connection has buckets of its own.
        let other = Limits::with_clock(defs(), Clock::system(), LimitMode::Fail)
            .shared(Arc::new(DbBuckets::new(database.clone(), "other")));
        other.acquire(&Call::action("ListWebinars")).await.unwrap();
    }
}
