//! The PostgreSQL store, for more than one server: the same queries as SQLite (`sql/`), its
//! own migrations (`migrations-postgres/`, the same schema in PostgreSQL's types).

use std::time::Duration;

use anyhow::Context;
use sqlx::postgres::{PgPool, PgPoolOptions};

use super::StoreResult;

type Db = sqlx::Postgres;
type DbRow = sqlx::postgres::PgRow;
type Backend = PgStore;
/// The backend's name in `/health`.
const BACKEND: &str = "postgres";

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

/// The advisory lock every write transaction holds: the shared queries read and then write
/// (the next declaration version, an account created on first login), which SQLite makes safe
/// by letting one writer in at a time; this gives PostgreSQL the same guarantee. Reads — the
/// code display, most of the traffic — never wait for it.
const WRITE_LOCK: i64 = 0x6863_7772; // "hcwr"

/// A migrated PostgreSQL connection pool.
#[derive(Clone, Debug)]
pub struct PgStore {
    pool: PgPool,
}

impl PgStore {
    /// Connects to `url` and applies every pending migration (the database must exist).
    pub async fn open(url: &str) -> anyhow::Result<Self> {
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(5))
            .connect(url)
            .await
            .context("cannot connect to the PostgreSQL database (DATABASE_URL)")?;
        sqlx::migrate!("./migrations-postgres")
            .run(&pool)
            .await
            .context("cannot apply database migrations")?;
        Ok(Self { pool })
    }

    /// A write transaction holding the write lock until it ends.
    async fn write(&self) -> StoreResult<sqlx::Transaction<'static, Db>> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(WRITE_LOCK)
            .execute(&mut *tx)
            .await?;
        Ok(tx)
    }
}
