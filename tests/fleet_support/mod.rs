//! The databases the fleet tests run on: a SQLite file always, and a fresh PostgreSQL database
//! when `CONNECTORS_TEST_POSTGRES_URL` names a reachable server (`.ci/run` starts one; the
//! README says how to start one by hand). Without one, PostgreSQL is skipped with one line.

#![allow(dead_code)]

use std::sync::atomic::{AtomicU32, Ordering};

use connectors::runtime::fleet::Database;
use sqlx::Connection;

/// The variable naming the PostgreSQL server of the tests.
pub const POSTGRES_URL: &str = "CONNECTORS_TEST_POSTGRES_URL";

/// A database to test on, and what keeps it alive.
pub struct TestDb {
    /// The engine's name, for messages.
    pub name: &'static str,
    /// The URL any process can connect with.
    pub url: String,
    /// The SQLite file's directory.
    _dir: Option<tempfile::TempDir>,
}

/// A fresh SQLite file.
pub fn sqlite() -> TestDb {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("fleet.db").display());
    TestDb {
        name: "SQLite",
        url,
        _dir: Some(dir),
    }
}

/// A fresh database on the test PostgreSQL server, or `None` (after printing one line) when
/// there is none.
pub async fn postgres() -> Option<TestDb> {
    static COUNT: AtomicU32 = AtomicU32::new(0);
    let Ok(admin) = std::env::var(POSTGRES_URL) else {
        eprintln!("skipping PostgreSQL: {POSTGRES_URL} is not set");
        return None;
    };
    let mut conn = match sqlx::PgConnection::connect(&admin).await {
        Ok(conn) => conn,
        Err(e) => {
            eprintln!("skipping PostgreSQL: {POSTGRES_URL} is not reachable ({e})");
            return None;
        }
    };
    let name = format!(
        "fleet_{}_{}_{}",
        std::process::id(),
        COUNT.fetch_add(1, Ordering::SeqCst),
        fastrand::u32(..)
    );
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut conn)
        .await
        .unwrap();
    let _ = conn.close().await;
    let base = match admin.rfind('/') {
        Some(i) if i > admin.find("://").map_or(0, |j| j + 2) => &admin[..i],
        _ => admin.as_str(),
    };
    Some(TestDb {
        name: "PostgreSQL",
        url: format!("{base}/{name}"),
        _dir: None,
    })
}

/// Every engine available: SQLite, then PostgreSQL when there is a server.
pub async fn engines() -> Vec<TestDb> {
    let mut all = vec![sqlite()];
    all.extend(postgres().await);
    all
}

/// Connects to a test database.
pub async fn connect(db: &TestDb) -> Database {
    Database::connect(&db.url)
        .await
        .unwrap_or_else(|e| panic!("{}: {e}", db.name))
}
