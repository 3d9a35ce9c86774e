//! The database: opened (and created) at start-up, migrated, and shared by every request.

use std::str::FromStr;
use std::time::Duration;

use anyhow::{bail, Context};
use healthcode_core::api::{ComponentStatus, DatabaseHealth};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

use crate::config::DatabaseLocation;

/// A migrated connection pool.
#[derive(Clone, Debug)]
pub struct Database {
    pool: SqlitePool,
}

impl Database {
    /// Opens the database, creating an SQLite file (and its directory) when missing, and
    /// applies every pending migration.
    pub async fn open(location: &DatabaseLocation) -> anyhow::Result<Self> {
        let path = match location {
            DatabaseLocation::Sqlite(path) => path,
            DatabaseLocation::Postgres(_) => {
                bail!("this build stores data in SQLite only; PostgreSQL support is not built yet — unset DATABASE_URL or use sqlite://")
            }
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
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

    /// The pool, for storage code.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// Answers whether the database responds, and at which schema version.
    pub async fn health(&self) -> DatabaseHealth {
        let version: Result<Option<i64>, _> =
            sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success")
                .fetch_one(&self.pool)
                .await;
        match version {
            Ok(schema_version) => DatabaseHealth {
                status: ComponentStatus::Ok,
                backend: "sqlite".into(),
                schema_version,
            },
            Err(err) => {
                tracing::warn!(error = %err, "database health check failed");
                DatabaseHealth {
                    status: ComponentStatus::Unavailable,
                    backend: "sqlite".into(),
                    schema_version: None,
                }
            }
        }
    }

    /// Closes every connection (used at shutdown and by tests).
    pub async fn close(&self) {
        self.pool.close().await;
    }
}
