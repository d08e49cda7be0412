//! The worker pool: N tasks that share the polls of many triggers over many connections.
//!
//! Each worker claims a few triggers that are due and free (a lease each), polls each once
//! through a [`Poller`] whose checkpoint store is the lease, hands the new items to the
//! handler and acknowledges those it handled, then releases the batch's leases together, each
//! trigger due again after its interval. A worker that dies keeps its leases until they expire; then
//! another worker takes the triggers over (a lease handover) and goes on from their
//! checkpoints. Any process running a pool on the same database shares the work.

use std::collections::HashMap;
use std::error::Error as StdError;
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use futures::future::BoxFuture;
use serde_json::Value;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use super::lease::{is_lease_lost, Lease};
use super::{Database, FleetError};
use crate::runtime::limits::{LimitWaits, Limits};
use crate::runtime::poll::{
    CheckpointStore, Delivery, PollError, PollSpec, Poller, PollerOptions, Source,
};
use crate::runtime::Error;

/// Makes a trigger's source, once for every poll.
pub type SourceFactory = Arc<dyn Fn() -> Box<dyn Source> + Send + Sync>;

/// Why a handler did not handle an item.
pub type HandlerError = Box<dyn StdError + Send + Sync>;

/// What the pool does with each delivered item.
pub trait Handler: Send + Sync + 'static {
    /// Handles the item: `Ok` acknowledges it; an error leaves it unacknowledged, to be
    /// delivered again at a later poll.
    fn handle(&self, item: Handling) -> BoxFuture<'static, Result<(), HandlerError>>;

    /// Called once the item's acknowledgement is durable (never for a refused one).
    fn acknowledged(&self, _item: &Handling) {}
}

impl<F> Handler for F
where
    F: Fn(Handling) -> BoxFuture<'static, Result<(), HandlerError>> + Send + Sync + 'static,
{
    fn handle(&self, item: Handling) -> BoxFuture<'static, Result<(), HandlerError>> {
        self(item)
    }
}

/// One trigger of one connection, as the pool runs it.
#[derive(Clone)]
pub struct TriggerJob {
    /// The connection's name (unique in the database).
    pub connection: String,
    /// What the trigger polls for.
    pub spec: PollSpec,
    /// Makes its source.
    pub source: SourceFactory,
    /// The connection's limits: share one `Limits` between the jobs of a connection, and back
    /// it with [`DbBuckets`](super::DbBuckets) so that the whole fleet counts in it.
    pub limits: Option<Arc<Limits>>,
    /// The shortest time between two polls of the trigger.
    pub interval: Duration,
}

impl fmt::Debug for TriggerJob {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TriggerJob")
            .field("connection", &self.connection)
            .field("spec", &self.spec)
            .field("interval", &self.interval)
            .finish_non_exhaustive()
    }
}

/// An item handed to the handler, with the lease it was delivered under.
#[derive(Clone, Debug)]
pub struct Handling {
    /// The connection.
    pub connection: String,
    /// The trigger.
    pub trigger: String,
    /// The lease's fencing token: pass it into your own writes to fence them too.
    pub token: i64,
    /// The worker.
    pub worker: String,
    /// The item.
    pub delivery: Delivery,
}

impl Handling {
    /// The item as listed.
    pub fn item(&self) -> &Value {
        &self.delivery.item
    }
}

/// How a pool runs.
#[derive(Clone, Debug)]
pub struct PoolOptions {
    /// How many worker tasks.
    pub workers: usize,
    /// How long a claim lasts unless renewed (each checkpoint write renews it).
    pub lease: Duration,
    /// How many due triggers a worker claims at once.
    pub batch: usize,
    /// How long a worker waits when nothing is due.
    pub idle: Duration,
    /// The workers' name prefix; unique per process by default.
    pub name: String,
    /// How many acknowledged identities a checkpoint keeps.
    pub capacity: usize,
}

impl Default for PoolOptions {
    fn default() -> Self {
        PoolOptions {
            workers: 4,
            lease: Duration::from_secs(30),
            batch: 8,
            idle: Duration::from_millis(200),
            name: format!("worker-{}-{:08x}", std::process::id(), fastrand::u32(..)),
            capacity: 100_000,
        }
    }
}

/// What a pool has done so far.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Metrics {
    /// Items handled and acknowledged.
    pub delivered: u64,
    /// Polls of a source.
    pub polls: u64,
    /// Triggers taken over from a worker whose lease had expired.
    pub handovers: u64,
    /// Acknowledgements refused because the lease had moved on.
    pub refused: u64,
    /// Items the handler did not handle (delivered again later).
    pub unhandled: u64,
    /// Failed polls, checkpoint writes and database calls.
    pub errors: u64,
    /// Waits for a limit's token, over the distinct `Limits` of the jobs.
    pub limit_waits: LimitWaits,
}

#[derive(Default)]
struct Counters {
    delivered: AtomicU64,
    polls: AtomicU64,
    handovers: AtomicU64,
    refused: AtomicU64,
    unhandled: AtomicU64,
    errors: AtomicU64,
}

fn bump(counter: &AtomicU64) {
    counter.fetch_add(1, Ordering::Relaxed);
}

struct Shared {
    db: Database,
    jobs: HashMap<(String, String), TriggerJob>,
    limits: Vec<Arc<Limits>>,
    handler: Arc<dyn Handler>,
    options: PoolOptions,
    counters: Counters,
}

/// A running pool of workers. Stop it with [`WorkerPool::shutdown`].
pub struct WorkerPool {
    shared: Arc<Shared>,
    stop: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
}

impl fmt::Debug for WorkerPool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WorkerPool")
            .field("workers", &self.tasks.len())
            .field("metrics", &self.metrics())
            .finish_non_exhaustive()
    }
}

/// A `Box<dyn Source>` as a `Source`.
struct Boxed(Box<dyn Source>);

impl Source for Boxed {
    fn list(&mut self, cursor: Option<String>) -> BoxFuture<'_, Result<Vec<Value>, Error>> {
        self.0.list(cursor)
    }
}

impl WorkerPool {
    /// Registers the jobs' triggers in `db` and starts `options.workers` tasks on the current
    /// tokio runtime. Every pool on one database should run the same jobs: a worker that
    /// claims a trigger it has no job for gives it back.
    pub async fn start(
        db: Database,
        jobs: Vec<TriggerJob>,
        handler: Arc<dyn Handler>,
        options: PoolOptions,
    ) -> Result<WorkerPool, FleetError> {
        let pairs: Vec<(String, String)> = jobs
            .iter()
            .map(|j| (j.connection.clone(), j.spec.trigger.clone()))
            .collect();
        db.register_all(&pairs).await?;
        let mut limits: Vec<Arc<Limits>> = Vec::new();
        for job in &jobs {
            if let Some(l) = &job.limits {
                if !limits.iter().any(|seen| Arc::ptr_eq(seen, l)) {
                    limits.push(l.clone());
                }
            }
        }
        let jobs = jobs
            .into_iter()
            .map(|j| ((j.connection.clone(), j.spec.trigger.clone()), j))
            .collect();
        let shared = Arc::new(Shared {
            db,
            jobs,
            limits,
            handler,
            options,
            counters: Counters::default(),
        });
        let (stop, stopped) = watch::channel(false);
        let tasks = (0..shared.options.workers.max(1))
            .map(|i| tokio::spawn(work(shared.clone(), i, stopped.clone())))
            .collect();
        Ok(WorkerPool {
            shared,
            stop,
            tasks,
        })
    }

    /// What the pool has done so far.
    pub fn metrics(&self) -> Metrics {
        let c = &self.shared.counters;
        let mut waits = LimitWaits::default();
        for limits in &self.shared.limits {
            let w = limits.waits();
            waits.count += w.count;
            waits.total += w.total;
        }
        Metrics {
            delivered: c.delivered.load(Ordering::Relaxed),
            polls: c.polls.load(Ordering::Relaxed),
            handovers: c.handovers.load(Ordering::Relaxed),
            refused: c.refused.load(Ordering::Relaxed),
            unhandled: c.unhandled.load(Ordering::Relaxed),
            errors: c.errors.load(Ordering::Relaxed),
            limit_waits: waits,
        }
    }

    /// Stops the workers: each finishes the item in hand (handling and acknowledging it),
    /// takes no other, and releases its leases, so other workers can claim the triggers at
    /// once. Returns the final metrics.
    pub async fn shutdown(self) -> Metrics {
        let _ = self.stop.send(true);
        for task in &self.tasks {
            while !task.is_finished() {
                tokio::time::sleep(Duration::from_millis(2)).await;
            }
        }
        self.metrics()
    }
}

async fn work(shared: Arc<Shared>, index: usize, mut stop: watch::Receiver<bool>) {
    let owner = format!("{}-{index}", shared.options.name);
    let options = &shared.options;
    loop {
        if *stop.borrow() {
            return;
        }
        let leases = match shared
            .db
            .claim_due(&owner, options.lease, options.batch.max(1))
            .await
        {
            Ok(leases) => leases,
            Err(_) => {
                bump(&shared.counters.errors);
                Vec::new()
            }
        };
        if leases.is_empty() {
            let _ = tokio::time::timeout(options.idle, stop.changed()).await;
            continue;
        }
        // The batch's leases are released together, in one transaction (one commit instead
        // of one per trigger).
        let mut done: Vec<(Arc<Lease>, Duration)> = Vec::with_capacity(leases.len());
        for lease in leases {
            let lease = Arc::new(lease);
            if *stop.borrow() {
                done.push((lease, Duration::ZERO));
                continue;
            }
            if let Some(due_in) = cycle(&shared, &lease, &stop, &owner).await {
                done.push((lease, due_in));
            }
        }
        if shared.db.release_all(&done).await.is_err() {
            bump(&shared.counters.errors);
        }
    }
}

/// Polls one claimed trigger once and delivers what is new; returns when the trigger is due
/// again, or `None` when the lease was lost (nothing to release).
async fn cycle(
    shared: &Shared,
    lease: &Arc<Lease>,
    stop: &watch::Receiver<bool>,
    owner: &str,
) -> Option<Duration> {
    let counters = &shared.counters;
    let key = (lease.connection().to_owned(), lease.trigger().to_owned());
    let Some(job) = shared.jobs.get(&key) else {
        return Some(shared.options.idle);
    };
    if lease.is_handover() {
        bump(&counters.handovers);
    }
    if !lease.is_valid() && lease.renew().await.is_err() {
        return None;
    }
    let store: Arc<dyn CheckpointStore> = lease.clone();
    let options = PollerOptions {
        interval: Duration::ZERO,
        limits: job.limits.clone(),
        clock: None,
        capacity: shared.options.capacity,
        ..PollerOptions::default()
    };
    let mut poller = match Poller::start(job.spec.clone(), Boxed((job.source)()), store, options) {
        Ok(poller) => poller,
        Err(_) => {
            bump(&counters.errors);
            return Some(job.interval);
        }
    };
    bump(&counters.polls);
    if let Err(error) = poller.poll().await {
        return (!count_failure(counters, &error)).then_some(job.interval);
    }
    let mut due_in = job.interval;
    while let Some(delivery) = poller.next_ready() {
        if *stop.borrow() {
            due_in = Duration::ZERO;
            break;
        }
        if !lease.is_valid() && lease.renew().await.is_err() {
            // Someone else holds the trigger now: hand out nothing more.
            bump(&counters.refused);
            return None;
        }
        let handling = Handling {
            connection: key.0.clone(),
            trigger: key.1.clone(),
            token: lease.token(),
            worker: owner.to_owned(),
            delivery: delivery.clone(),
        };
        match shared.handler.handle(handling.clone()).await {
            Ok(()) => match poller.ack(&delivery).await {
                Ok(()) => {
                    bump(&counters.delivered);
                    shared.handler.acknowledged(&handling);
                }
                Err(error) => {
                    if count_failure(counters, &error) {
                        return None;
                    }
                    due_in = Duration::ZERO;
                    break;
                }
            },
            Err(_) => {
                bump(&counters.unhandled);
                poller.nack(delivery);
                break;
            }
        }
    }
    Some(due_in)
}

/// Counts a poll failure; true when it was a refused write of a lost lease.
fn count_failure(counters: &Counters, error: &PollError) -> bool {
    match error {
        PollError::Store(e) if is_lease_lost(e) => {
            bump(&counters.refused);
            true
        }
        _ => {
            bump(&counters.errors);
            false
        }
    }
}
