//! `CheckpointStore` for both backends (see `store.rs`): peer keys and scan counts.

use async_trait::async_trait;
use healthcode_core::token::TrustedKey;
use sqlx::Row;

use super::Backend;
use crate::store::{CheckpointStore, ScanRow, StoreResult};

#[async_trait]
impl CheckpointStore for Backend {
    async fn add_peer_key(&self, key: &TrustedKey, now: &str) -> StoreResult<()> {
        let mut tx = self.write().await?;
        sqlx::query(
            "INSERT INTO trusted_keys (issuer, key_id, public_key, valid_from, valid_until, own, added_at) \
             VALUES ($1, $2, $3, $4, $5, FALSE, $6) \
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

    async fn count_scans(&self, account_id: &str, rows: &[ScanRow]) -> StoreResult<()> {
        let mut tx = self.write().await?;
        for (hour, outcome, colour, count) in rows {
            sqlx::query(
                "INSERT INTO scan_counts (account_id, hour, outcome, colour, count) VALUES ($1, $2, $3, $4, $5) \
                 ON CONFLICT (account_id, hour, outcome, colour) DO UPDATE SET count = scan_counts.count + excluded.count",
            )
            .bind(account_id)
            .bind(hour)
            .bind(outcome)
            .bind(colour)
            .bind(count)
            .execute(&mut *tx)
            .await?;
        }
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
