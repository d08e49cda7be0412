//! A connection's limit buckets kept in the database, so that every worker of a fleet counts
//! its calls in the same buckets: the GCRA state of a bucket (its theoretical arrival time) is
//! one row, tested and advanced by a single conditional `UPDATE`, which both engines run
//! atomically (SQLite holds the write lock; PostgreSQL re-checks the condition on the row it
//! locked).

use std::time::Duration;

use futures::future::BoxFuture;
use sqlx::Row;

use super::db::{on_pool, Database};
use crate::runtime::limits::SharedBuckets;
use crate::runtime::Error;

/// The buckets of one connection in a [`Database`]; give it to
/// [`Limits::shared`](crate::runtime::limits::Limits::shared).
#[derive(Clone, Debug)]
pub struct DbBuckets {
    db: Database,
    connection: String,
}

impl DbBuckets {
    /// The buckets of `connection` in `db`.
    pub fn new(db: Database, connection: impl Into<String>) -> DbBuckets {
        DbBuckets {
            db,
            connection: connection.into(),
        }
    }
}

fn micros(d: Duration) -> i64 {
    i64::try_from(d.as_micros()).unwrap_or(i64::MAX).max(1)
}

impl SharedBuckets for DbBuckets {
    fn take<'a>(
        &'a self,
        bucket: &'a str,
        calls: u32,
        period: Duration,
    ) -> BoxFuture<'a, Result<Option<Duration>, Error>> {
        let pool = self.db.inner.pool.clone();
        let sql = self.db.inner.sql.clone();
        let connection = self.connection.clone();
        let bucket = bucket.to_owned();
        // One token every `interval`; a bucket holds `calls` of them.
        let interval = micros(period / calls.max(1));
        let capacity = interval.saturating_mul(i64::from(calls.max(1)));
        Box::pin(async move {
            let taken = self
                .db
                .run(async move {
                    on_pool!(&pool, p => {
                        sqlx::query(&sql.bucket_insert)
                            .bind(&connection)
                            .bind(&bucket)
                            .execute(p)
                            .await?;
                        let took = sqlx::query(&sql.bucket_take)
                            .bind(&connection)
                            .bind(&bucket)
                            .bind(interval)
                            .bind(capacity)
                            .fetch_optional(p)
                            .await?;
                        if took.is_some() {
                            return Ok(None);
                        }
                        let row = sqlx::query(&sql.bucket_wait)
                            .bind(&connection)
                            .bind(&bucket)
                            .bind(interval)
                            .bind(capacity)
                            .fetch_one(p)
                            .await?;
                        Ok(Some(row.try_get::<i64, _>(0)?))
                    })
                })
                .await
                .map_err(|e| Error::SharedLimits {
                    message: e.to_string(),
                })?;
            // Another worker may have taken the token the wait was computed for: waiting at
            // least a microsecond and asking again is always right.
            Ok(taken.map(|us| Duration::from_micros(u64::try_from(us).unwrap_or(0).max(1))))
        })
    }
}
