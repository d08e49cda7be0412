//! The database behind the fleet: a connection pool to SQLite or PostgreSQL, its schema, and
//! the statements every other part of the fleet runs.

use std::fmt;
use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::SqliteSynchronous;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions};
use sqlx::Row;

use super::bridge::Bridge;
use super::migrations::{latest, MIGRATIONS};
use super::FleetError;

/// The database engine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    /// SQLite: one file, for the workers of one machine.
    Sqlite,
    /// PostgreSQL: for workers on many machines.
    Postgres,
}

impl fmt::Display for Engine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Engine::Sqlite => "SQLite",
            Engine::Postgres => "PostgreSQL",
        })
    }
}

#[derive(Clone)]
pub(crate) enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Runs `$body` with `$p` bound to the engine's pool; both arms are the same code.
macro_rules! on_pool {
    ($pool:expr, $p:ident => $body:expr) => {
        match $pool {
            $crate::runtime::fleet::db::Pool::Sqlite($p) => $body,
            $crate::runtime::fleet::db::Pool::Postgres($p) => $body,
        }
    };
}
pub(crate) use on_pool;

/// The statements of one engine: the same SQL but for the clock and row locking.
pub(crate) struct Statements {
    pub(crate) register: String,
    pub(crate) claim: String,
    pub(crate) claim_due: String,
    pub(crate) save: String,
    pub(crate) renew: String,
    pub(crate) release: String,
    pub(crate) load: String,
    pub(crate) bucket_insert: String,
    pub(crate) bucket_take: String,
    pub(crate) bucket_wait: String,
}

impl Statements {
    fn new(engine: Engine) -> Statements {
        // "Now" in microseconds since the epoch on the database's clock, the same value however
        // often a statement reads it (SQLite fixes 'now' per statement step; PostgreSQL's
        // statement_timestamp() is the statement's start).
        let (now, greatest, skip_locked) = match engine {
            Engine::Sqlite => (
                "CAST((julianday('now') - 2440587.5) * 86400000000.0 AS INTEGER)",
                "MAX",
                "",
            ),
            Engine::Postgres => (
                "(extract(epoch from statement_timestamp()) * 1000000)::bigint",
                "GREATEST",
                "FOR UPDATE SKIP LOCKED",
            ),
        };
        let free = format!("(owner IS NULL OR expires_at <= {now})");
        Statements {
            register: "INSERT INTO fleet_triggers (connection, trigger_name) VALUES ($1, $2) \
                 ON CONFLICT (connection, trigger_name) DO NOTHING"
                .into(),
            claim: format!(
                "UPDATE fleet_triggers SET prev_owner = owner, owner = $3, token = token + 1, \
                 expires_at = {now} + $4 \
                 WHERE connection = $1 AND trigger_name = $2 AND {free} \
                 RETURNING token, prev_owner, checkpoint"
            ),
            claim_due: format!(
                "UPDATE fleet_triggers SET prev_owner = owner, owner = $1, token = token + 1, \
                 expires_at = {now} + $2 \
                 WHERE due_at <= {now} AND {free} AND (connection, trigger_name) IN ( \
                   SELECT connection, trigger_name FROM fleet_triggers \
                   WHERE due_at <= {now} AND {free} ORDER BY due_at LIMIT $3 {skip_locked}) \
                 RETURNING connection, trigger_name, token, prev_owner, checkpoint"
            ),
            save: format!(
                "UPDATE fleet_triggers SET checkpoint = $5, expires_at = {now} + $6 \
                 WHERE connection = $1 AND trigger_name = $2 AND token = $3 AND owner = $4"
            ),
            renew: format!(
                "UPDATE fleet_triggers SET expires_at = {now} + $5 \
                 WHERE connection = $1 AND trigger_name = $2 AND token = $3 AND owner = $4"
            ),
            release: format!(
                "UPDATE fleet_triggers SET owner = NULL, prev_owner = NULL, expires_at = 0, \
                 due_at = {now} + $5 \
                 WHERE connection = $1 AND trigger_name = $2 AND token = $3 AND owner = $4"
            ),
            load:
                "SELECT checkpoint FROM fleet_triggers WHERE connection = $1 AND trigger_name = $2"
                    .into(),
            bucket_insert:
                "INSERT INTO fleet_buckets (connection, bucket, tat) VALUES ($1, $2, 0) \
                 ON CONFLICT (connection, bucket) DO NOTHING"
                    .into(),
            bucket_take: format!(
                "UPDATE fleet_buckets SET tat = {greatest}(tat, {now}) + $3 \
                 WHERE connection = $1 AND bucket = $2 \
                 AND {greatest}(tat, {now}) + $3 - {now} <= $4 RETURNING tat"
            ),
            bucket_wait: format!(
                "SELECT {greatest}(tat, {now}) + $3 - {now} - $4 FROM fleet_buckets \
                 WHERE connection = $1 AND bucket = $2"
            ),
        }
    }
}

pub(crate) struct Inner {
    pub(crate) pool: Pool,
    pub(crate) engine: Engine,
    pub(crate) sql: Arc<Statements>,
    pub(crate) writes: Mutex<Vec<u32>>,
    // Dropped last: the pool's connections belong to its runtime.
    pub(crate) bridge: Bridge,
}

/// A SQLite or PostgreSQL database holding the triggers' leases and checkpoints and the
/// connections' shared limit buckets. Cheap to clone; clones share one pool.
#[derive(Clone)]
pub struct Database {
    pub(crate) inner: Arc<Inner>,
}

impl fmt::Debug for Database {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Database")
            .field("engine", &self.inner.engine)
            .finish_non_exhaustive()
    }
}

/// How many checkpoint write latencies are kept for [`Database::write_latencies`].
const KEPT_LATENCIES: usize = 1 << 20;

impl Database {
    /// Connects to `url` and brings its schema to the newest version.
    ///
    /// `sqlite://PATH` (or `sqlite:PATH`) opens or creates a SQLite file in WAL mode with full
    /// synchronous commits; `postgres://USER@HOST:PORT/DB` (or `postgresql://`) connects to
    /// PostgreSQL. An in-memory SQLite database is refused: its connections would not share it.
    pub async fn connect(url: &str) -> Result<Database, FleetError> {
        Database::connect_with(url, 8).await
    }

    /// As [`Database::connect`], with at most `max_connections` connections in a PostgreSQL
    /// pool (a SQLite pool always has one: SQLite has one writer at a time).
    pub async fn connect_with(url: &str, max_connections: u32) -> Result<Database, FleetError> {
        let engine = if url.starts_with("sqlite:") {
            Engine::Sqlite
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Engine::Postgres
        } else {
            return Err(FleetError::Url(format!(
                "`{}` is neither a sqlite: nor a postgres:// URL",
                redact(url)
            )));
        };
        if engine == Engine::Sqlite && url.contains(":memory:") {
            return Err(FleetError::Url(
                "an in-memory SQLite database is not shared between connections; give a file"
                    .into(),
            ));
        }
        let bridge = Bridge::start().map_err(FleetError::Runtime)?;
        let max = max_connections.max(1);
        let owned = url.to_owned();
        let pool = bridge
            .run(async move {
                match engine {
                    Engine::Sqlite => {
                        let options = SqliteConnectOptions::from_str(&owned)?
                            .create_if_missing(true)
                            .journal_mode(SqliteJournalMode::Wal)
                            .synchronous(SqliteSynchronous::Full)
                            .busy_timeout(SQLITE_BUSY_TIMEOUT);
                        Ok::<_, sqlx::Error>(Pool::Sqlite(open_sqlite(options).await?))
                    }
                    Engine::Postgres => {
                        let pool = PgPoolOptions::new()
                            .max_connections(max)
                            .acquire_timeout(Duration::from_secs(10))
                            .connect(&owned)
                            .await?;
                        Ok(Pool::Postgres(pool))
                    }
                }
            })
            .await
            .map_err(FleetError::Runtime)?
            .map_err(FleetError::Database)?;
        let database = Database {
            inner: Arc::new(Inner {
                pool,
                engine,
                sql: Arc::new(Statements::new(engine)),
                writes: Mutex::new(Vec::new()),
                bridge,
            }),
        };
        database.migrate().await?;
        Ok(database)
    }

    /// The engine.
    pub fn engine(&self) -> Engine {
        self.inner.engine
    }

    /// The newest schema version this build knows; [`Database::connect`] brings every
    /// database to it.
    pub fn latest_schema() -> i64 {
        latest()
    }

    /// The schema version the database is at.
    pub async fn schema_version(&self) -> Result<i64, FleetError> {
        let pool = self.inner.pool.clone();
        self.run(async move {
            on_pool!(&pool, p => {
                let row = sqlx::query("SELECT MAX(version) FROM fleet_migrations")
                    .fetch_one(p)
                    .await?;
                Ok(row.try_get::<Option<i64>, _>(0)?.unwrap_or(0))
            })
        })
        .await
    }

    /// Applies the migrations the database lacks, each in one transaction with its version row.
    async fn migrate(&self) -> Result<(), FleetError> {
        let pool = self.inner.pool.clone();
        let engine = self.inner.engine;
        self.run(async move {
            on_pool!(&pool, p => {
                let mut conn = p.acquire().await?;
                let begin = match engine {
                    Engine::Sqlite => "BEGIN IMMEDIATE",
                    Engine::Postgres => "BEGIN",
                };
                sqlx::query(begin).execute(&mut *conn).await?;
                let applied = async {
                    if engine == Engine::Postgres {
                        // Starters wait here for each other, whatever the schema holds yet.
                        sqlx::query("SELECT pg_advisory_xact_lock(727118)")
                            .execute(&mut *conn)
                            .await?;
                    }
                    sqlx::query(
                        "CREATE TABLE IF NOT EXISTS fleet_migrations \
                         (version BIGINT PRIMARY KEY, name TEXT NOT NULL)",
                    )
                    .execute(&mut *conn)
                    .await?;
                    let row = sqlx::query("SELECT MAX(version) FROM fleet_migrations")
                        .fetch_one(&mut *conn)
                        .await?;
                    let at: i64 = row.try_get::<Option<i64>, _>(0)?.unwrap_or(0);
                    for migration in MIGRATIONS.iter().filter(|m| m.version > at) {
                        for statement in migration.statements {
                            sqlx::query(statement).execute(&mut *conn).await?;
                        }
                        sqlx::query("INSERT INTO fleet_migrations (version, name) VALUES ($1, $2)")
                            .bind(migration.version)
                            .bind(migration.name)
                            .execute(&mut *conn)
                            .await?;
                    }
                    Ok::<_, sqlx::Error>(())
                }
                .await;
                match applied {
                    Ok(()) => {
                        sqlx::query("COMMIT").execute(&mut *conn).await?;
                        Ok(())
                    }
                    Err(e) => {
                        // A connection left inside a failed transaction is not given back.
                        let _ = sqlx::query("ROLLBACK").execute(&mut *conn).await;
                        conn.detach();
                        Err(e)
                    }
                }
            })
        })
        .await
    }

    /// Adds the (connection, trigger) pair, due at once, unless it is there already.
    pub async fn register(&self, connection: &str, trigger: &str) -> Result<(), FleetError> {
        self.register_all(&[(connection.to_owned(), trigger.to_owned())])
            .await
    }

    /// Adds every (connection, trigger) pair that is not there yet.
    pub async fn register_all(&self, pairs: &[(String, String)]) -> Result<(), FleetError> {
        let pool = self.inner.pool.clone();
        let sql = self.inner.sql.clone();
        let pairs = pairs.to_vec();
        self.run(async move {
            on_pool!(&pool, p => {
                // Chunks of one transaction each: 10,000 triggers register in seconds.
                for chunk in pairs.chunks(500) {
                    let mut tx = p.begin().await?;
                    for (connection, trigger) in chunk {
                        sqlx::query(&sql.register)
                            .bind(connection)
                            .bind(trigger)
                            .execute(&mut *tx)
                            .await?;
                    }
                    tx.commit().await?;
                }
                Ok(())
            })
        })
        .await
    }

    /// The stored checkpoint of a trigger, read without a lease (for inspection).
    pub async fn checkpoint(
        &self,
        connection: &str,
        trigger: &str,
    ) -> Result<Option<crate::runtime::poll::Checkpoint>, FleetError> {
        let text = self.load_text(connection, trigger).await?;
        text.map(|t| {
            crate::runtime::poll::Checkpoint::from_bytes(t.as_bytes())
                .map_err(|e| FleetError::Checkpoint(e.to_string()))
        })
        .transpose()
    }

    pub(crate) async fn load_text(
        &self,
        connection: &str,
        trigger: &str,
    ) -> Result<Option<String>, FleetError> {
        let pool = self.inner.pool.clone();
        let sql = self.inner.sql.clone();
        let (connection, trigger) = (connection.to_owned(), trigger.to_owned());
        self.run(async move {
            on_pool!(&pool, p => {
                let row = sqlx::query(&sql.load)
                    .bind(connection)
                    .bind(trigger)
                    .fetch_optional(p)
                    .await?;
                match row {
                    Some(row) => Ok(row.try_get::<Option<String>, _>(0)?),
                    None => Ok(None),
                }
            })
        })
        .await
    }

    /// The latencies of the checkpoint writes made through this database's leases so far (up
    /// to about a million), oldest first; the list is emptied.
    pub fn take_write_latencies(&self) -> Vec<Duration> {
        let mut writes = self.inner.writes.lock().unwrap_or_else(|p| p.into_inner());
        writes
            .drain(..)
            .map(|us| Duration::from_micros(u64::from(us)))
            .collect()
    }

    pub(crate) fn record_write(&self, took: Duration) {
        let mut writes = self.inner.writes.lock().unwrap_or_else(|p| p.into_inner());
        if writes.len() < KEPT_LATENCIES {
            writes.push(u32::try_from(took.as_micros()).unwrap_or(u32::MAX));
        }
    }

    /// Runs a database future on the bridge's runtime.
    pub(crate) async fn run<T, F>(&self, future: F) -> Result<T, FleetError>
    where
        F: std::future::Future<Output = Result<T, sqlx::Error>> + Send + 'static,
        T: Send + 'static,
    {
        self.inner
            .bridge
            .run(future)
            .await
            .map_err(FleetError::Runtime)?
            .map_err(FleetError::Database)
    }
}

/// How long a SQLite connection waits for another's write before it gives up.
const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// Opens the pool of a SQLite file, waiting for other starters for up to the busy timeout.
///
/// SQLite has one writer at a time. One connection per process makes the process's workers
/// queue for it in the pool, instead of sleeping in SQLite's busy handler (which backs off up
/// to 100 ms a try). Opening switches the file to WAL, and on a fresh file that switch is a
/// write that SQLite refuses at once with "database is locked", without its busy handler,
/// while another starter switches it too: those tries are made again after a short pause.
async fn open_sqlite(options: SqliteConnectOptions) -> Result<SqlitePool, sqlx::Error> {
    let deadline = tokio::time::Instant::now() + SQLITE_BUSY_TIMEOUT;
    let mut pause = Duration::from_millis(2);
    loop {
        let opened = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options.clone())
            .await;
        match opened {
            Err(e) if is_busy(&e) && tokio::time::Instant::now() + pause < deadline => {
                tokio::time::sleep(pause + Duration::from_micros(fastrand::u64(..1000))).await;
                pause = (pause * 2).min(Duration::from_millis(100));
            }
            opened => return opened,
        }
    }
}

/// Whether SQLite refused because another connection holds the lock (`SQLITE_BUSY` and its
/// extended codes).
fn is_busy(error: &sqlx::Error) -> bool {
    let sqlx::Error::Database(e) = error else {
        return false;
    };
    e.code()
        .and_then(|code| code.parse::<i32>().ok())
        .is_some_and(|code| code & 0xff == 5)
}

/// `url` without its password, for messages.
pub(crate) fn redact(url: &str) -> String {
    match (url.find("://"), url.find('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let userinfo = &url[scheme + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}://{user}:***{}", &url[..scheme], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_stay_out_of_messages() {
        assert_eq!(
            redact("postgres://app:secret@127.0.0.1:5432/db"),
            "postgres://app:***@127.0.0.1:5432/db"
        );
        assert_eq!(redact("sqlite://x.db"), "sqlite://x.db");
    }
}
