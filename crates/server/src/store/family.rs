//! Dependants (家属) and their printed codes: which accounts act for a dependant, the caps,
//! unlinking, and paper-code serials for revocation (挂失).

use super::StoreResult;
use async_trait::async_trait;
use healthcode_core::family::{DependantRequest, MAX_ACCOUNTS_PER_DEPENDANT};

/// Why a dependant could not be added.
#[derive(Debug)]
pub enum AddError {
    /// The account already has [`MAX_DEPENDANTS_PER_ACCOUNT`](healthcode_core::family::MAX_DEPENDANTS_PER_ACCOUNT) dependants.
    TooMany,
    Store(sqlx::Error),
}

impl From<sqlx::Error> for AddError {
    fn from(err: sqlx::Error) -> Self {
        AddError::Store(err)
    }
}

/// A printed card as stored (the token itself is not kept).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaperRow {
    pub id: String,
    pub person_id: String,
    pub serial: String,
    pub issued_by: String,
    pub colour: String,
    pub issued_at: String,
    pub valid_until: String,
    pub revoked_at: Option<String>,
}

/// The accounts linked to a dependant, for the cap when another account links.
pub const ACCOUNTS_CAP: i64 = MAX_ACCOUNTS_PER_DEPENDANT as i64;

#[async_trait]
pub trait FamilyStore: Send + Sync {
    /// A new, undeclared dependant of `account_id`; its person id.
    /// Adds a dependant unless the account already has `cap` of them.
    async fn add_dependant(
        &self,
        account_id: &str,
        request: &DependantRequest,
        cap: usize,
        now: &str,
    ) -> Result<String, AddError>;
    /// Changes how a dependant relates to the account (never the account's own person).
    async fn update_dependant(
        &self,
        account_id: &str,
        person_id: &str,
        request: &DependantRequest,
    ) -> StoreResult<()>;
    /// Unlinks a dependant from the account; the last unlink deletes the person and all their
    /// data. Returns whether the person was deleted.
    async fn unlink_dependant(&self, account_id: &str, person_id: &str) -> StoreResult<bool>;
    async fn create_paper_code(&self, row: &PaperRow) -> StoreResult<()>;
    async fn paper_codes(&self, person_id: &str) -> StoreResult<Vec<PaperRow>>;
    /// Marks a card lost; `false` when it is not this person's or was already revoked.
    async fn revoke_paper_code(&self, person_id: &str, id: &str, at: &str) -> StoreResult<bool>;
    async fn paper_code_by_serial(&self, serial: &str) -> StoreResult<Option<PaperRow>>;
}
