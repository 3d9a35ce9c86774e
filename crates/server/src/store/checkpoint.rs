//! The checkpoint side of the store: the trust list's peer and retired keys (互通互认), and the
//! scan counts a checkpoint reports.

use super::StoreResult;
use async_trait::async_trait;
use healthcode_core::token::TrustedKey;

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
    /// Adds each row's count to this checkpoint account's counts, in one transaction.
    async fn count_scans(&self, account_id: &str, rows: &[ScanRow]) -> StoreResult<()>;
    /// This account's counts from `since_hour` on, oldest first.
    async fn scan_counts(&self, account_id: &str, since_hour: &str) -> StoreResult<Vec<ScanRow>>;
}
