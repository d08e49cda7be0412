//! The schema of the fleet stores, as an ordered list of migrations. Each is applied once, in
//! order, in one transaction with the row that records its version in `fleet_migrations`; a
//! database already at a version is left alone, and concurrent starters wait for each other
//! (PostgreSQL: an advisory lock; SQLite: `BEGIN IMMEDIATE`). The statements are portable SQL
//! that both engines read the same way.

/// One migration: its version, name and statements.
pub(crate) struct Migration {
    pub(crate) version: i64,
    pub(crate) name: &'static str,
    pub(crate) statements: &'static [&'static str],
}

/// Every migration, oldest first. Never edit one that has shipped: add the next.
pub(crate) const MIGRATIONS: &[Migration] = &[Migration {
    version: 1,
    name: "triggers, leases and limit buckets",
    statements: &[
        // One row per (connection, trigger): its lease, its next poll time and its checkpoint.
        // Times are microseconds since the Unix epoch on the database's clock.
        "CREATE TABLE fleet_triggers (
            connection TEXT NOT NULL,
            trigger_name TEXT NOT NULL,
            owner TEXT,
            prev_owner TEXT,
            token BIGINT NOT NULL DEFAULT 0,
            expires_at BIGINT NOT NULL DEFAULT 0,
            due_at BIGINT NOT NULL DEFAULT 0,
            checkpoint TEXT,
            PRIMARY KEY (connection, trigger_name)
        )",
        "CREATE INDEX fleet_triggers_due ON fleet_triggers (due_at)",
        // One row per limit bucket of a connection: its GCRA theoretical arrival time.
        "CREATE TABLE fleet_buckets (
            connection TEXT NOT NULL,
            bucket TEXT NOT NULL,
            tat BIGINT NOT NULL,
            PRIMARY KEY (connection, bucket)
        )",
    ],
}];

/// The newest schema version.
pub(crate) fn latest() -> i64 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_rise_one_by_one() {
        for (i, migration) in MIGRATIONS.iter().enumerate() {
            assert_eq!(migration.version, i as i64 + 1, "{}", migration.name);
            assert!(!migration.statements.is_empty());
        }
        assert_eq!(latest(), MIGRATIONS.len() as i64);
    }
}
