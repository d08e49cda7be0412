//! The worker pool in one process, on SQLite and PostgreSQL: every item delivered once over
//! many triggers and connections, a dead worker's trigger taken over after its lease, limit
//! waits counted, and a graceful shutdown that leaves every lease free.

#![cfg(feature = "fleet")]

mod fleet_support;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use connectors::runtime::clock::Clock;
use connectors::runtime::fleet::{
    Handler, HandlerError, Handling, PoolOptions, TriggerJob, WorkerPool,
};
use connectors::runtime::futures::future::BoxFuture;
use connectors::runtime::limits::{LimitDef, LimitMode, LimitScope, Limits};
use connectors::runtime::poll::{ItemOrder, PollSpec, Source};
use connectors::runtime::Error;
use serde_json::{json, Value};

const CONNECTIONS: usize = 3;
const TRIGGERS: usize = 8;
const ITEMS: usize = 5;

#[derive(Default)]
struct Count(Mutex<HashMap<String, usize>>);

impl Handler for Count {
    fn handle(&self, _item: Handling) -> BoxFuture<'static, Result<(), HandlerError>> {
        Box::pin(async { Ok(()) })
    }

    fn acknowledged(&self, item: &Handling) {
        *self
            .0
            .lock()
            .unwrap()
            .entry(item.delivery.key.clone())
            .or_default() += 1;
    }
}

fn jobs() -> Vec<TriggerJob> {
    let mut jobs = Vec::new();
    for c in 0..CONNECTIONS {
        // One poll of each trigger at once, then one every 10 ms for the connection.
        let limits = Arc::new(Limits::with_clock(
            vec![LimitDef::new("polls", 1, Duration::from_millis(10)).scope(LimitScope::Triggers)],
            Clock::system(),
            LimitMode::Wait,
        ));
        for t in 0..TRIGGERS {
            let prefix = format!("c{c}.t{t}");
            jobs.push(TriggerJob {
                connection: format!("c{c}"),
                spec: PollSpec {
                    trigger: format!("t{t}"),
                    identity: vec!["id".into()],
                    cursor: None,
                    order: ItemOrder::NewestFirst,
                },
                source: Arc::new(move || {
                    let prefix = prefix.clone();
                    Box::new(move |_cursor: Option<String>| {
                        let items: Vec<Value> = (0..ITEMS)
                            .map(|i| json!({"id": format!("{prefix}.{i}")}))
                            .collect();
                        async move { Ok::<_, Error>(items) }
                    }) as Box<dyn Source>
                }),
                limits: Some(limits.clone()),
                interval: Duration::from_millis(20),
            });
        }
    }
    jobs
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pool_delivers_each_item_once_takes_over_and_shuts_down_cleanly() {
    for db in fleet_support::engines().await {
        let name = db.name;
        let database = fleet_support::connect(&db).await;
        // A worker that died holding a trigger: its lease runs out, then the pool takes over.
        let dead = database
            .claim("c0", "t0", "dead-worker", Duration::from_millis(300))
            .await
            .unwrap()
            .unwrap();
        let count = Arc::new(Count::default());
        let pool = WorkerPool::start(
            database.clone(),
            jobs(),
            count.clone(),
            PoolOptions {
                workers: 3,
                lease: Duration::from_secs(10),
                idle: Duration::from_millis(10),
                ..PoolOptions::default()
            },
        )
        .await
        .unwrap();
        let total = CONNECTIONS * TRIGGERS * ITEMS;
        let started = Instant::now();
        while count.0.lock().unwrap().len() < total {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "{name}: {pool:?}"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        // Keep polling a little: nothing new comes, nothing comes twice.
        tokio::time::sleep(Duration::from_millis(200)).await;
        let metrics = pool.shutdown().await;
        let counts = count.0.lock().unwrap().clone();
        assert!(counts.values().all(|&n| n == 1), "{name}: {counts:?}");
        assert_eq!(metrics.delivered, total as u64, "{name}: {metrics:?}");
        assert!(
            metrics.polls > (CONNECTIONS * TRIGGERS) as u64,
            "{name}: {metrics:?}"
        );
        assert_eq!(metrics.handovers, 1, "{name}: {metrics:?}");
        assert!(metrics.limit_waits.count > 0, "{name}: {metrics:?}");
        assert_eq!(
            metrics.errors + metrics.refused + metrics.unhandled,
            0,
            "{name}"
        );
        // The dead worker's lease moved on: its write is refused.
        let stale = connectors::runtime::poll::CheckpointStore::save(
            &dead,
            &connectors::runtime::poll::Checkpoint::new(None),
        );
        assert!(connectors::runtime::fleet::is_lease_lost(
            &stale.unwrap_err()
        ));
        // Shut down: every lease is free for another worker at once.
        for c in 0..CONNECTIONS {
            for t in 0..TRIGGERS {
                let lease = database
                    .claim(
                        &format!("c{c}"),
                        &format!("t{t}"),
                        "next",
                        Duration::from_secs(1),
                    )
                    .await
                    .unwrap();
                let lease = lease.unwrap_or_else(|| panic!("{name}: c{c}/t{t} still held"));
                assert!(!lease.is_handover(), "{name}: c{c}/t{t} was not released");
            }
        }
    }
}
