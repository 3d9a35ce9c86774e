//! The administration side of the store: the appeal desk's rejections and history, the audit
//! log by action, the risk-area list with its notes, and the authorities' lists.

use async_trait::async_trait;

use super::{AuditRow, OverrideRow, StoreResult};

/// One risk area as the console lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RiskAreaRow {
    pub code: String,
    pub name: String,
    /// Wire name of the level.
    pub level: String,
    pub note: Option<String>,
    pub since: String,
}

/// One authority-list entry to store: the keyed hash of the document, the colour it gives and
/// the category's wire name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorityRow {
    pub document_hash: String,
    pub colour: String,
    pub category: String,
}

#[async_trait]
pub trait AdminStore: Send + Sync {
    /// Turns a waiting proposal down; the appeal is open (submitted) again. Audited.
    async fn reject_override(&self, id: &str, admin: &str, at: &str) -> StoreResult<()>;
    /// Every proposal on an appeal, oldest first.
    async fn overrides_for_appeal(&self, appeal_id: &str) -> StoreResult<Vec<OverrideRow>>;
    /// The newest audit lines of one action (all when none), newest first.
    async fn audit_by_action(&self, action: Option<&str>, limit: i64) -> StoreResult<Vec<AuditRow>>;
    /// The risk-area list with names, notes and since when, by code.
    async fn risk_area_list(&self) -> StoreResult<Vec<RiskAreaRow>>;
    /// Adds or replaces authority-list entries in one transaction, with one audit line (the
    /// count only); returns how many were written.
    async fn add_authority_entries(&self, rows: &[AuthorityRow], actor: &str, now: &str) -> StoreResult<u64>;
    /// Writes one audit line: who did what to what (no detail: nothing personal).
    async fn log_action(&self, actor: &str, action: &str, subject: &str, at: &str) -> StoreResult<()>;
    /// The persons holding any of these document hashes.
    async fn persons_with_documents(&self, hashes: &[String]) -> StoreResult<Vec<String>>;
}
