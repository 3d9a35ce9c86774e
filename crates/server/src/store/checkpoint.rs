//! The checkpoint side of the store: the trust list's peer and retired keys (互通互认), and the
//! scan counts a checkpoint reports.

use async_trait::async_trait;
use healthcode_core::token::TrustedKey;
use sqlx::Row;

use super::sqlite::SqliteStore;
use super::StoreResult;

/// One row of scan counts: hour, outcome, colour (`""` when none), count.
pub type ScanRow = (String, String, String, i64);

#[async_trait]
pub trait CheckpointStore: Send + Sync {
    /// Adds (or replaces) a peer region's key in the trust list.
    async fn add_peer_key(&self, key: &TrustedKey, now: &str) -> StoreResult<()>;
    /// Removes a key from the trust list; `false` when it was not there.
    async fn remove_key(&self, issuer: &str, key_id: &str) -> StoreResult<bool>;
    /// Stops a key signing from `until` on (tokens issued before still verify).
    async fn retire_key(&self, issuer: &str, key_id: &str, until: i64) -> StoreResult<bool>;
    /// Counts one scan of this checkpoint account in its hour.
    async fn count_scan(&self, account_id: &str, hour: &str, outcome: &str, colour: &str) -> StoreResult<()>;
    /// This account's counts from `since_hour` on, oldest first.
    async fn scan_counts(&self, account_id: &str, since_hour: &str) -> StoreResult<Vec<ScanRow>>;
}

#[async_trait]
impl CheckpointStore for SqliteStore {
    async fn add_peer_key(&self, key: &TrustedKey, now: &str) -> StoreResult<()> {
        let mut tx = self.write().await?;
        sqlx::query(
            "INSERT INTO trusted_keys (issuer, key_id, public_key, valid_from, valid_until, own, added_at) \
             VALUES ($1, $2, $3, $4, $5, 0, $6) \
             ON CONFLICT (issuer, key_id) DO UPDATE SET public_key = excluded.public_key, \
                 valid_from = excluded.valid_from, valid_until = excluded.valid_until, added_at = excluded.added_at",
        )
        .bind(&key.issuer)
        .bind(&key.key_id)
        .bind(&key.public_key)
        .bind(key.valid_from)
        .bind(key.valid_until)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await
    }

    async fn remove_key(&self, issuer: &str, key_id: &str) -> StoreResult<bool> {
        self.write_one(
            sqlx::query("DELETE FROM trusted_keys WHERE issuer = $1 AND key_id = $2")
                .bind(issuer)
                .bind(key_id),
        )
        .await
    }

    async fn retire_key(&self, issuer: &str, key_id: &str, until: i64) -> StoreResult<bool> {
        self.write_one(
            sqlx::query("UPDATE trusted_keys SET valid_until = $3 WHERE issuer = $1 AND key_id = $2")
                .bind(issuer)
                .bind(key_id)
                .bind(until),
        )
        .await
    }

    async fn count_scan(&self, account_id: &str, hour: &str, outcome: &str, colour: &str) -> StoreResult<()> {
        let mut tx = self.write().await?;
        sqlx::query(
            "INSERT INTO scan_counts (account_id, hour, outcome, colour, count) VALUES ($1, $2, $3, $4, 1) \
             ON CONFLICT (account_id, hour, outcome, colour) DO UPDATE SET count = count + 1",
        )
        .bind(account_id)
        .bind(hour)
        .bind(outcome)
        .bind(colour)
        .execute(&mut *tx)
        .await?;
        tx.commit().await
    }

    async fn scan_counts(&self, account_id: &str, since_hour: &str) -> StoreResult<Vec<ScanRow>> {
        let rows = sqlx::query(
            "SELECT hour, outcome, colour, count FROM scan_counts WHERE account_id = $1 AND hour >= $2 \
             ORDER BY hour, outcome, colour",
        )
        .bind(account_id)
        .bind(since_hour)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| (r.get("hour"), r.get("outcome"), r.get("colour"), r.get("count")))
            .collect())
    }
}
