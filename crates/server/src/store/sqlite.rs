//! The SQLite store: one file, WAL, created and migrated at start-up. Its queries are in
//! `sql/`, shared with the PostgreSQL store.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

use super::StoreResult;

type Db = sqlx::Sqlite;
type DbRow = sqlx::sqlite::SqliteRow;
type Backend = SqliteStore;
/// The backend's name in `/health`.
const BACKEND: &str = "sqlite";

// The queries, compiled once per backend with this module's `Db`, `DbRow` and `Backend`
// (deliberately: sqlx has no dialect-neutral executor without losing each driver's types).
#[allow(clippy::duplicate_mod)]
#[path = "sql/admin.rs"]
mod admin_impl;
#[allow(clippy::duplicate_mod)]
#[path = "sql/checkpoint.rs"]
mod checkpoint_impl;
#[allow(clippy::duplicate_mod)]
#[path = "sql/family.rs"]
mod family_impl;
#[allow(clippy::duplicate_mod)]
#[path = "sql/staff.rs"]
mod staff_impl;
#[allow(clippy::duplicate_mod)]
#[path = "sql/store.rs"]
mod store_impl;

/// A migrated SQLite connection pool.
#[derive(Clone, Debug)]
pub struct SqliteStore {
    pool: SqlitePool,
}

impl SqliteStore {
    /// Opens the database file, creating it (and its directory) when missing, and applies
    /// every pending migration.
    pub async fn open(path: &Path) -> anyhow::Result<Self> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        }
        for file in [path.to_path_buf(), wal_path(path, "-wal"), wal_path(path, "-shm")] {
            if file == path || file.exists() {
                crate::secrets::private_file(&file)?;
            }
        }
        // WAL lets code reads run beside writes; synchronous=FULL makes an acknowledged write
        // survive power loss, not only a killed process; the busy timeout queues writers
        // briefly instead of failing them under load.
        let options = SqliteConnectOptions::from_str(&format!("sqlite://{}", path.display()))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(Duration::from_secs(5))
            .foreign_keys(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await
            .with_context(|| format!("cannot open the SQLite database {}", path.display()))?;
        sqlx::migrate!("./migrations")
            .run(&pool)
            .await
            .context("cannot apply database migrations")?;
        Ok(Self { pool })
    }

    /// A write transaction that takes the write lock up front (`BEGIN IMMEDIATE`), so two
    /// writers queue on the busy timeout instead of one failing when it upgrades a read lock.
    async fn write(&self) -> StoreResult<sqlx::Transaction<'static, Db>> {
        self.pool.begin_with("BEGIN IMMEDIATE").await
    }
}

/// SQLite's companion file of `db` (`healthcode.db-wal`).
fn wal_path(db: &Path, suffix: &str) -> std::path::PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(suffix);
    name.into()
}
