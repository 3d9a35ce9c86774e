//! The staff side of the store: who may see which divisions, the residents of a grid, the
//! tallies behind check-in statistics and officials' completion reports, and follow-up notes.

use async_trait::async_trait;

use super::StoreResult;

/// What staff see of a person, copied from the newest declaration at each save.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ResidenceView {
    /// 12-digit community or village code.
    pub residence_division: Option<String>,
    pub document_masked: Option<String>,
    /// ISO date.
    pub isolation_start: Option<String>,
}

/// One resident as a grid worker's list reads it (masked fields only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResidentRecord {
    pub person_id: String,
    pub residence_division: String,
    pub name_masked: Option<String>,
    pub document_masked: Option<String>,
    pub isolation_start: Option<String>,
    /// Wire names.
    pub status: Option<String>,
    pub colour: Option<String>,
    pub valid_until: Option<String>,
    pub last_checkin: Option<String>,
    pub checked_in_today: bool,
    /// `self` when the person declared themselves, else the first applicant's relation.
    pub relation: Option<String>,
    pub applicant_masked: Option<String>,
    pub last_contact: Option<String>,
}

/// Residents of one child division with one code state, and how many of them checked in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TallyRow {
    /// The child division's code (the residence code cut to the child level).
    pub child: String,
    pub status: Option<String>,
    pub colour: Option<String>,
    pub residents: i64,
    pub checked_in: i64,
}

/// A grid worker's follow-up note as stored, with the worker's masked phone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactRow {
    pub kind: String,
    pub note: Option<String>,
    pub by_masked: String,
    pub at: String,
}

#[async_trait]
pub trait StaffStore: Send + Sync {
    /// The divisions a staff account is bound to, by code.
    async fn staff_scopes(&self, account_id: &str) -> StoreResult<Vec<String>>;
    /// Replaces the account's divisions (CLI or admin), with an audit line.
    async fn set_staff_scopes(
        &self,
        account_id: &str,
        codes: &[String],
        by: &str,
        now: &str,
    ) -> StoreResult<()>;
    /// Residents whose declared residence is `division` (a community), with today's state.
    async fn residents_in(&self, division: &str, today: &str) -> StoreResult<Vec<ResidentRecord>>;
    /// One resident, wherever they live (the caller checks the scope).
    async fn resident(&self, person_id: &str, today: &str) -> StoreResult<Option<ResidentRecord>>;
    /// Residents under `prefix` grouped by the first `child_len` digits of their residence and
    /// their code state, with how many checked in on `day`.
    async fn tally(&self, prefix: &str, child_len: usize, day: &str) -> StoreResult<Vec<TallyRow>>;
    /// Open appeals of residents under `prefix`, by child division.
    async fn open_appeals_by(&self, prefix: &str, child_len: usize) -> StoreResult<Vec<(String, i64)>>;
    /// Check-ins of residents under `prefix` per day from `from` to `to` (inclusive).
    async fn checkins_by_day(&self, prefix: &str, from: &str, to: &str) -> StoreResult<Vec<(String, i64)>>;
    /// Records a follow-up (已联系 / 已上门) and its audit line.
    async fn record_contact(
        &self,
        person_id: &str,
        account_id: &str,
        kind: &str,
        note: Option<&str>,
        at: &str,
    ) -> StoreResult<()>;
    /// The person's follow-ups, newest first.
    async fn contacts(&self, person_id: &str) -> StoreResult<Vec<ContactRow>>;
    /// Declared persons whose staff view is missing (data from before it existed).
    async fn persons_without_residence(&self) -> StoreResult<Vec<String>>;
    /// Sets a person's staff view (the start-up backfill).
    async fn set_residence(&self, person_id: &str, view: &ResidenceView) -> StoreResult<()>;
}
