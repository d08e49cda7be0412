//! Leases with fencing: a worker claims a (connection, trigger) pair for a while, and every
//! checkpoint it writes carries the lease's fencing token. A claim raises the token, so once
//! another worker has taken the pair over, the old holder's writes change nothing and fail.

use std::fmt;
use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use sqlx::Row;

use super::db::{on_pool, Database};
use super::FleetError;
use crate::runtime::poll::{Checkpoint, CheckpointStore};

/// A write refused because the lease it carried is no longer the pair's current one: it
/// expired and another worker claimed the pair, or it was released.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LeaseLost {
    /// The connection.
    pub connection: String,
    /// The trigger.
    pub trigger: String,
    /// The stale fencing token.
    pub token: i64,
}

impl fmt::Display for LeaseLost {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the lease of trigger `{}` of connection `{}` with fencing token {} is no longer held \
             (it expired and was taken over, or was released); the write was refused",
            self.trigger, self.connection, self.token
        )
    }
}

impl std::error::Error for LeaseLost {}

/// Whether `error` (from a checkpoint write) is a refused write of a lost lease.
pub fn is_lease_lost(error: &io::Error) -> bool {
    error
        .get_ref()
        .is_some_and(|inner| inner.downcast_ref::<LeaseLost>().is_some())
}

/// A worker's claim on a (connection, trigger) pair. It is also the pair's
/// [`CheckpointStore`]: `save` writes only while the lease is current, and refreshes its expiry.
pub struct Lease {
    db: Database,
    connection: String,
    trigger: String,
    owner: String,
    token: i64,
    length: Duration,
    handover: bool,
    /// Until when this worker may rely on the lease (its own monotonic clock).
    deadline: Mutex<Instant>,
    /// The checkpoint read with the claim, given to the first `load`.
    first: Mutex<Option<Option<String>>>,
    lost: AtomicBool,
}

impl fmt::Debug for Lease {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Lease")
            .field("connection", &self.connection)
            .field("trigger", &self.trigger)
            .field("owner", &self.owner)
            .field("token", &self.token)
            .finish_non_exhaustive()
    }
}

/// The part of a lease's length a worker relies on, measured from before its request: the rest
/// absorbs clock-rate differences between the worker and the database.
fn usable(length: Duration) -> Duration {
    length.mul_f64(0.9)
}

fn micros(d: Duration) -> i64 {
    i64::try_from(d.as_micros()).unwrap_or(i64::MAX)
}

impl Lease {
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn new(
        db: Database,
        connection: String,
        trigger: String,
        owner: String,
        token: i64,
        length: Duration,
        handover: bool,
        checkpoint: Option<String>,
        asked: Instant,
    ) -> Lease {
        Lease {
            db,
            connection,
            trigger,
            owner,
            token,
            length,
            handover,
            deadline: Mutex::new(asked + usable(length)),
            first: Mutex::new(Some(checkpoint)),
            lost: AtomicBool::new(false),
        }
    }

    /// The connection.
    pub fn connection(&self) -> &str {
        &self.connection
    }

    /// The trigger.
    pub fn trigger(&self) -> &str {
        &self.trigger
    }

    /// The worker holding the lease.
    pub fn owner(&self) -> &str {
        &self.owner
    }

    /// The fencing token: higher than every earlier claim's. Carry it into your own writes to
    /// fence them the same way.
    pub fn token(&self) -> i64 {
        self.token
    }

    /// Whether the pair was taken over from a worker whose lease had expired (rather than
    /// released).
    pub fn is_handover(&self) -> bool {
        self.handover
    }

    /// Whether this worker may still rely on the lease: its time is not up by the worker's own
    /// clock and no write was refused. (Writes are fenced either way.)
    pub fn is_valid(&self) -> bool {
        !self.lost.load(Ordering::Relaxed)
            && Instant::now() < *self.deadline.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Extends the lease by its length from now; fails with [`FleetError::LeaseLost`] when it
    /// is no longer current.
    pub async fn renew(&self) -> Result<(), FleetError> {
        let asked = Instant::now();
        let sql = self.db.inner.sql.clone();
        let changed = self.update(sql.renew.clone(), micros(self.length)).await?;
        self.settle(changed, asked).map_err(FleetError::LeaseLost)
    }

    /// Gives the pair up, due for its next poll `due_in` from now. Releasing a lease that is
    /// no longer current changes nothing.
    pub async fn release(&self, due_in: Duration) -> Result<(), FleetError> {
        let sql = self.db.inner.sql.clone();
        self.update(sql.release.clone(), micros(due_in)).await?;
        self.lost.store(true, Ordering::Relaxed);
        Ok(())
    }

    async fn update(&self, statement: String, value: i64) -> Result<u64, FleetError> {
        let pool = self.db.inner.pool.clone();
        let (connection, trigger, owner, token) = (
            self.connection.clone(),
            self.trigger.clone(),
            self.owner.clone(),
            self.token,
        );
        self.db
            .run(async move {
                on_pool!(&pool, p => {
                    let done = sqlx::query(&statement)
                        .bind(connection)
                        .bind(trigger)
                        .bind(token)
                        .bind(owner)
                        .bind(value)
                        .execute(p)
                        .await?;
                    Ok(done.rows_affected())
                })
            })
            .await
    }

    /// After a fenced write that changed `changed` rows, asked at `asked`.
    fn settle(&self, changed: u64, asked: Instant) -> Result<(), LeaseLost> {
        if changed == 1 {
            *self.deadline.lock().unwrap_or_else(|p| p.into_inner()) = asked + usable(self.length);
            Ok(())
        } else {
            self.lost.store(true, Ordering::Relaxed);
            Err(self.lost_error())
        }
    }

    fn lost_error(&self) -> LeaseLost {
        LeaseLost {
            connection: self.connection.clone(),
            trigger: self.trigger.clone(),
            token: self.token,
        }
    }
}

impl CheckpointStore for Lease {
    fn load(&self) -> io::Result<Option<Checkpoint>> {
        let first = self.first.lock().unwrap_or_else(|p| p.into_inner()).take();
        let text = match first {
            Some(text) => text,
            None => {
                let db = self.db.clone();
                let (connection, trigger) = (self.connection.clone(), self.trigger.clone());
                self.db
                    .inner
                    .bridge
                    .block(async move { db.load_text(&connection, &trigger).await })?
                    .map_err(io::Error::other)?
            }
        };
        text.map(|t| {
            Checkpoint::from_bytes(t.as_bytes())
                .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
        })
        .transpose()
    }

    /// Writes the checkpoint, and with it refreshes the lease's expiry, in one statement that
    /// changes the row only while this lease's token is the current one.
    fn save(&self, checkpoint: &Checkpoint) -> io::Result<()> {
        let asked = Instant::now();
        let text = String::from_utf8(checkpoint.to_bytes())
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
        let pool = self.db.inner.pool.clone();
        let statement = self.db.inner.sql.save.clone();
        let (connection, trigger, owner, token, length) = (
            self.connection.clone(),
            self.trigger.clone(),
            self.owner.clone(),
            self.token,
            micros(self.length),
        );
        let changed = self
            .db
            .inner
            .bridge
            .block(async move {
                on_pool!(&pool, p => {
                    sqlx::query(&statement)
                        .bind(connection)
                        .bind(trigger)
                        .bind(token)
                        .bind(owner)
                        .bind(text)
                        .bind(length)
                        .execute(p)
                        .await
                        .map(|done| done.rows_affected())
                })
            })?
            .map_err(io::Error::other)?;
        self.db.record_write(asked.elapsed());
        self.settle(changed, asked).map_err(io::Error::other)
    }
}

impl Database {
    /// Releases every lease, each with its pair due `due_in` from now, in one transaction;
    /// leases no longer current are left as they are.
    pub async fn release_all(&self, leases: &[(Arc<Lease>, Duration)]) -> Result<(), FleetError> {
        if leases.is_empty() {
            return Ok(());
        }
        let pool = self.inner.pool.clone();
        let sql = self.inner.sql.clone();
        let rows: Vec<(String, String, i64, String, i64)> = leases
            .iter()
            .map(|(l, due_in)| {
                (
                    l.connection.clone(),
                    l.trigger.clone(),
                    l.token,
                    l.owner.clone(),
                    micros(*due_in),
                )
            })
            .collect();
        self.run(async move {
            on_pool!(&pool, p => {
                let mut tx = p.begin().await?;
                for (connection, trigger, token, owner, due_in) in rows {
                    sqlx::query(&sql.release)
                        .bind(connection)
                        .bind(trigger)
                        .bind(token)
                        .bind(owner)
                        .bind(due_in)
                        .execute(&mut *tx)
                        .await?;
                }
                tx.commit().await
            })
        })
        .await?;
        for (lease, _) in leases {
            lease.lost.store(true, Ordering::Relaxed);
        }
        Ok(())
    }

    /// Claims the (connection, trigger) pair for `owner` for `length`, when it is free or its
    /// lease has expired; `None` while another worker holds it. The pair is registered first.
    pub async fn claim(
        &self,
        connection: &str,
        trigger: &str,
        owner: &str,
        length: Duration,
    ) -> Result<Option<Lease>, FleetError> {
        self.register(connection, trigger).await?;
        let asked = Instant::now();
        let pool = self.inner.pool.clone();
        let sql = self.inner.sql.clone();
        let (c, t, o) = (connection.to_owned(), trigger.to_owned(), owner.to_owned());
        let row = self
            .run(async move {
                on_pool!(&pool, p => {
                    let row = sqlx::query(&sql.claim)
                        .bind(c)
                        .bind(t)
                        .bind(o)
                        .bind(micros(length))
                        .fetch_optional(p)
                        .await?;
                    row.map(|row| {
                        Ok::<_, sqlx::Error>((
                            row.try_get::<i64, _>(0)?,
                            row.try_get::<Option<String>, _>(1)?,
                            row.try_get::<Option<String>, _>(2)?,
                        ))
                    })
                    .transpose()
                })
            })
            .await?;
        Ok(row.map(|(token, prev, checkpoint)| {
            Lease::new(
                self.clone(),
                connection.to_owned(),
                trigger.to_owned(),
                owner.to_owned(),
                token,
                length,
                prev.is_some(),
                checkpoint,
                asked,
            )
        }))
    }

    /// Claims up to `limit` registered pairs that are due for a poll and free (or whose lease
    /// expired), the longest-due first. Concurrent callers get different pairs.
    pub async fn claim_due(
        &self,
        owner: &str,
        length: Duration,
        limit: usize,
    ) -> Result<Vec<Lease>, FleetError> {
        let asked = Instant::now();
        let pool = self.inner.pool.clone();
        let sql = self.inner.sql.clone();
        let o = owner.to_owned();
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = self
            .run(async move {
                on_pool!(&pool, p => {
                    let rows = sqlx::query(&sql.claim_due)
                        .bind(o)
                        .bind(micros(length))
                        .bind(limit)
                        .fetch_all(p)
                        .await?;
                    rows.iter()
                        .map(|row| {
                            Ok::<_, sqlx::Error>((
                                row.try_get::<String, _>(0)?,
                                row.try_get::<String, _>(1)?,
                                row.try_get::<i64, _>(2)?,
                                row.try_get::<Option<String>, _>(3)?,
                                row.try_get::<Option<String>, _>(4)?,
                            ))
                        })
                        .collect::<Result<Vec<_>, _>>()
                })
            })
            .await?;
        Ok(rows
            .into_iter()
            .map(|(connection, trigger, token, prev, checkpoint)| {
                Lease::new(
                    self.clone(),
                    connection,
                    trigger,
                    owner.to_owned(),
                    token,
                    length,
                    prev.is_some(),
                    checkpoint,
                    asked,
                )
            })
            .collect())
    }
}
