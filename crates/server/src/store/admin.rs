//! The administration side of the store: the appeal desk's rejections and history, the audit
//! log by action, the risk-area list with its notes, the authorities' lists, and residents'
//! reports of divisions missing from the picker.

use async_trait::async_trait;

use healthcode_core::division_report::ReportOutcome;

use super::{AuditRow, OverrideRow, StoreResult};

/// What recording a resident's missing-division report did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReportFiled {
    /// A new report (or a closed one of this account's, opened again).
    New(String),
    /// This account's open report of the same name under the same parent.
    Already(String),
    /// The account has the most open reports it may have.
    TooMany,
}

/// Every open report of one name under one parent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportGroupRow {
    /// The first report's id.
    pub id: String,
    pub parent: String,
    /// The name as first reported.
    pub name: String,
    pub reporters: i64,
    pub first_reported_at: String,
    pub last_reported_at: String,
}

/// Which open reports to close.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportGroup<'a> {
    /// The group of this report.
    Of(&'a str),
    /// Every open report of this name key under this parent.
    Named { parent: &'a str, name_key: &'a str },
}

/// A new missing-division report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewReport<'a> {
    pub id: &'a str,
    pub parent: &'a str,
    pub name: &'a str,
    pub name_key: &'a str,
    pub account: &'a str,
    pub at: &'a str,
}

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
    /// Records a resident's "找不到我的社区" unless the account has `max_open` open reports.
    async fn file_division_report(&self, report: NewReport<'_>, max_open: i64) -> StoreResult<ReportFiled>;
    /// The open report groups, most reporters first, then oldest.
    async fn division_report_groups(&self, limit: i64) -> StoreResult<Vec<ReportGroupRow>>;
    /// Closes a group of open reports (with an audit line when any closed); returns how many.
    async fn close_division_reports(
        &self,
        group: ReportGroup<'_>,
        outcome: ReportOutcome,
        division: Option<&str>,
        by: &str,
        at: &str,
    ) -> StoreResult<u64>;
    /// The persons holding any of these document hashes.
    async fn persons_with_documents(&self, hashes: &[String]) -> StoreResult<Vec<String>>;
}
