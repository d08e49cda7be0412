//! Triggers at fleet scale (the `fleet` feature): many workers, in one process or many, share
//! the polls of many triggers over many connections through one database, SQLite (a file, for
//! one machine) or PostgreSQL (for many).
//!
//! * [`Database`] holds each (connection, trigger) pair's checkpoint and lease, and the
//!   connections' limit buckets; its schema comes from versioned migrations.
//! * [`Lease`]: a worker's claim on a pair, with a fencing token; it is the pair's
//!   [`CheckpointStore`](crate::runtime::poll::CheckpointStore), whose writes are refused
//!   ([`LeaseLost`]) once another worker has taken the pair over.
//! * [`DbBuckets`]: limit buckets in the database, so a connection's limits hold for the fleet.
//! * [`WorkerPool`]: N workers running many [`TriggerJob`]s, with [`Metrics`].
//!
//! See `docs/triggers-and-limits.md` for the guarantees and their limits.

mod bridge;
mod db;
mod lease;
mod limiter;
mod migrations;
mod pool;

use std::fmt;
use std::io;

pub use db::{Database, Engine};
pub use lease::{is_lease_lost, Lease, LeaseLost};
pub use limiter::DbBuckets;
pub use pool::{
    Handler, HandlerError, Handling, Metrics, PoolOptions, SourceFactory, TriggerJob, WorkerPool,
};

/// Why a fleet operation failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum FleetError {
    /// The database URL is not usable.
    Url(String),
    /// The database refused or failed a statement, or could not be reached.
    Database(sqlx::Error),
    /// A stored checkpoint could not be read.
    Checkpoint(String),
    /// The lease is no longer current.
    LeaseLost(LeaseLost),
    /// The runtime driving the database calls failed.
    Runtime(io::Error),
}

impl fmt::Display for FleetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FleetError::Url(message) => write!(f, "bad database URL: {message}"),
            FleetError::Database(e) => write!(f, "database failure: {e}"),
            FleetError::Checkpoint(e) => write!(f, "a stored checkpoint is unreadable: {e}"),
            FleetError::LeaseLost(lost) => lost.fmt(f),
            FleetError::Runtime(e) => write!(f, "the database runtime failed: {e}"),
        }
    }
}

impl std::error::Error for FleetError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            FleetError::Database(e) => Some(e),
            FleetError::LeaseLost(e) => Some(e),
            FleetError::Runtime(e) => Some(e),
            _ => None,
        }
    }
}
