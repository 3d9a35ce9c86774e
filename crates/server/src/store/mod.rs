//! Storage: everything the server keeps, behind one trait with two backends — SQLite (one
//! machine, the default) and PostgreSQL (several servers) — that share their queries (`sql/`).

mod admin;
mod checkpoint;
mod family;
mod postgres;
mod sqlite;
mod staff;

use async_trait::async_trait;
use healthcode_core::api::{DatabaseHealth, Division, DivisionMatch, PersonSummary};
use healthcode_core::token::{TrustList, TrustedKey};

pub use admin::{AdminStore, AuthorityRow, NewReport, ReportFiled, ReportGroup, ReportGroupRow, RiskAreaRow};
pub use checkpoint::{CheckpointStore, ScanRow};
pub use family::{AddError, FamilyStore, PaperRow};
pub use postgres::PgStore;
pub use sqlite::SqliteStore;
pub use staff::{ContactRow, ResidenceView, ResidentRecord, StaffStore, TallyRow};

/// A storage failure; handlers turn it into `AppError` (never shown to callers).
pub type StoreResult<T> = Result<T, sqlx::Error>;

/// One row of the vendored division dataset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DivisionRow {
    pub code: String,
    pub name: String,
}

/// An account, as the server sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id: String,
    pub phone_masked: String,
    pub role: String,
}

/// A session that has not reached its absolute end, with the times its idle limit needs.
#[derive(Debug, Clone)]
pub struct SessionRow {
    pub account: Account,
    pub created_at: i64,
    pub last_seen_at: i64,
}

/// The newest login code sent to a phone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OtpChallenge {
    pub id: i64,
    pub code_hash: String,
    pub expires_at: i64,
    pub failed_attempts: i64,
    pub consumed: bool,
}

/// What an account may do with a person it is linked to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonAccess {
    pub person_id: String,
    pub person_ref: String,
    pub relation: String,
    pub relation_note: Option<String>,
    pub name_masked: Option<String>,
}

/// A stored declaration version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredDeclaration {
    pub version: i64,
    /// The declaration form as JSON.
    pub body: String,
    pub created_at: String,
}

/// A person's current review result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeRecord {
    /// `pending` or `issued`.
    pub status: String,
    pub colour: Option<String>,
    /// JSON list of `rules::Reason`.
    pub reasons: String,
    pub valid_until: Option<String>,
    pub declaration_version: i64,
    /// JSON `rules::Reason`: what would change the code.
    pub next_step: Option<String>,
}

/// One daily check-in as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckinRow {
    pub person_id: String,
    /// `YYYY-MM-DD`, the day in China.
    pub day: String,
    pub temperature_c: f64,
    /// JSON list of symptoms (wire names).
    pub symptoms: String,
    pub location_division: Option<String>,
    /// RFC 3339.
    pub at: String,
}

/// An appeal as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppealRow {
    pub id: String,
    pub person_id: String,
    pub account_id: String,
    /// Wire name of `AppealReason`.
    pub reason: String,
    pub note: Option<String>,
    /// Wire name of `AppealStatus`.
    pub status: String,
    pub resolution: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// A colour override as stored; it applies once `approved_by` is set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverrideRow {
    pub id: String,
    pub appeal_id: String,
    pub person_id: String,
    pub colour: String,
    pub reason: String,
    pub proposed_by: String,
    pub proposed_at: String,
    pub approved_by: Option<String>,
    pub approved_at: Option<String>,
    /// Set when a second admin turned the proposal down.
    pub rejected_by: Option<String>,
    pub rejected_at: Option<String>,
}

/// One audited action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRow {
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub detail: Option<String>,
    pub at: String,
}

/// One change of a person's colour.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColourEvent {
    pub colour: String,
    pub rule: String,
    pub at: String,
}

/// A replayable answer to a request sent with an `Idempotency-Key`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotentReply {
    pub request_hash: String,
    pub status: u16,
    pub body: String,
}

/// Builds a declaration reply from the new version and the linked person, if any.
pub type ReplyBuilder = Box<dyn FnOnce(i64, Option<&str>) -> String + Send>;

/// Everything one declaration submission writes, atomically.
pub struct NewDeclaration {
    pub person_id: String,
    pub account_id: String,
    pub body: String,
    pub document_hash: String,
    pub name_masked: String,
    /// What staff see of the person (kept beside the body so no list reads it).
    pub residence: ResidenceView,
    pub created_at: String,
    pub code: CodeRecord,
    pub idempotency_key: String,
    pub request_hash: String,
    /// A dependant's first declaration may link to a person another account already declared
    /// with the same document (instead of a second person for the same human).
    pub may_link: bool,
    /// Builds the reply body from the new version number and, after a link, the person id
    /// (stored for replays).
    pub reply: ReplyBuilder,
}

/// What saving a declaration answered: the reply body (as stored for replays) and, when the
/// declaration linked this account to a person another account had declared, that person.
#[derive(Debug)]
pub struct SavedReply {
    pub body: String,
    pub linked_person: Option<String>,
}

/// Why a declaration could not be saved.
#[derive(Debug)]
pub enum SaveError {
    /// Another person already holds this document number (someone's own person, or a
    /// dependant this declaration cannot link to).
    DocumentTaken,
    /// The dependant is already declared by the most accounts allowed.
    TooManyApplicants,
    /// This account already has that dependant under another entry.
    AlreadyLinked,
    Store(sqlx::Error),
}

impl From<sqlx::Error> for SaveError {
    fn from(err: sqlx::Error) -> Self {
        SaveError::Store(err)
    }
}

#[async_trait]
pub trait Store:
    FamilyStore + CheckpointStore + StaffStore + AdminStore + Send + Sync + std::fmt::Debug
{
    /// Whether the database answers, and at which schema version.
    async fn health(&self) -> DatabaseHealth;
    /// Closes every connection (shutdown, tests).
    async fn close(&self);

    /// How many divisions came from `source` (`nbs2023` for the vendored dataset).
    async fn division_count(&self, source: &str) -> StoreResult<i64>;
    /// Inserts divisions in one transaction; existing codes are left alone.
    async fn import_divisions(&self, rows: &[DivisionRow], source: &str) -> StoreResult<u64>;
    /// The children of `parent` (provinces when `None`), by code.
    async fn division_children(&self, parent: Option<&str>) -> StoreResult<Vec<Division>>;
    /// The division `code` and its ancestors, province first; empty when unknown.
    async fn division_path(&self, code: &str) -> StoreResult<Vec<Division>>;
    /// Divisions whose name contains `query`, coarse levels first. Villages are searched only
    /// `within` a division (there are 620 000 of them).
    async fn search_divisions(
        &self,
        query: &str,
        within: Option<&str>,
        limit: u32,
    ) -> StoreResult<Vec<DivisionMatch>>;

    /// How many login codes went to this phone, and to this client, since `since` (Unix s).
    async fn otp_sends_since(&self, phone_hash: &str, client: &str, since: i64) -> StoreResult<(i64, i64)>;
    /// The send times (Unix s) to this phone since `since`, oldest first.
    async fn otp_send_times(&self, phone_hash: &str, since: i64) -> StoreResult<Vec<i64>>;
    /// Records a sent code as the phone's current challenge.
    async fn record_otp(
        &self,
        phone_hash: &str,
        client: &str,
        code_hash: &str,
        now: i64,
        expires_at: i64,
    ) -> StoreResult<()>;
    /// The phone's newest challenge, if any.
    async fn latest_otp(&self, phone_hash: &str) -> StoreResult<Option<OtpChallenge>>;
    /// Counts a wrong attempt against a challenge.
    async fn fail_otp(&self, id: i64) -> StoreResult<()>;
    /// Marks a challenge used; `false` when it was already used (a race lost).
    async fn consume_otp(&self, id: i64, now: i64) -> StoreResult<bool>;

    /// The account of this phone, created (with its own person) on first login.
    async fn account_for_phone(
        &self,
        phone_hash: &str,
        phone_masked: &str,
        now: &str,
    ) -> StoreResult<Account>;
    async fn create_session(
        &self,
        token_hash: &str,
        account_id: &str,
        now: i64,
        expires_at: i64,
    ) -> StoreResult<()>;
    /// The session, if it has not reached its absolute end (`now` before `expires_at`).
    async fn session_account(&self, token_hash: &str, now: i64) -> StoreResult<Option<SessionRow>>;
    /// Marks the session used at `now`.
    async fn touch_session(&self, token_hash: &str, now: i64) -> StoreResult<()>;
    async fn delete_session(&self, token_hash: &str) -> StoreResult<()>;

    /// Records this server's own key in the trust list (once).
    async fn ensure_own_key(&self, key: &TrustedKey, now: &str) -> StoreResult<()>;
    /// Every issuer key this server accepts.
    async fn trust_list(&self) -> StoreResult<TrustList>;

    /// The persons this account may act for, its own first.
    async fn persons_for_account(&self, account_id: &str) -> StoreResult<Vec<PersonSummary>>;
    /// The account's link to a person; `None` when it may not act for them.
    async fn person_access(&self, account_id: &str, person_id: &str) -> StoreResult<Option<PersonAccess>>;
    async fn latest_declaration(&self, person_id: &str) -> StoreResult<Option<StoredDeclaration>>;
    /// The stored reply to an earlier request with this key.
    async fn idempotent_reply(&self, account_id: &str, key: &str) -> StoreResult<Option<IdempotentReply>>;
    /// Keeps a 200 reply for replays of this key (the first one stays if two race).
    async fn remember_reply(
        &self,
        account_id: &str,
        key: &str,
        request_hash: &str,
        body: &str,
        at: &str,
    ) -> StoreResult<()>;
    /// Saves a new declaration version with its review and idempotency record in one
    /// transaction; returns the reply body and the person it was linked to, if any.
    async fn save_declaration(&self, new: NewDeclaration) -> Result<SavedReply, SaveError>;
    async fn code_record(&self, person_id: &str) -> StoreResult<Option<CodeRecord>>;
    /// The person behind a token's `person_ref`, with their current code.
    async fn code_by_person_ref(&self, person_ref: &str) -> StoreResult<Option<CodeRecord>>;
    /// Replaces the person's code (its declaration version kept) and records a colour change.
    async fn update_code(&self, person_id: &str, code: &CodeRecord, at: &str) -> StoreResult<()>;
    /// Persons with an issued code, for the periodic re-evaluation.
    async fn persons_with_codes(&self) -> StoreResult<Vec<String>>;
    /// The person's masked name, once declared.
    async fn person_name_masked(&self, person_id: &str) -> StoreResult<Option<String>>;
    /// The person's document hash (for the authority list), once declared.
    async fn person_document_hash(&self, person_id: &str) -> StoreResult<Option<String>>;
    /// Saves the day's check-in, replacing an earlier one of the same day.
    async fn save_checkin(&self, checkin: &CheckinRow) -> StoreResult<()>;
    /// The person's check-ins from `since_day` on, oldest first.
    async fn checkins(&self, person_id: &str, since_day: &str) -> StoreResult<Vec<CheckinRow>>;
    /// Creates the account of a phone if needed and gives it `role` (the server CLI, or an
    /// admin granting a staff role), audited as done `by` that actor.
    async fn set_account_role(
        &self,
        phone_hash: &str,
        phone_masked: &str,
        role: &str,
        by: &str,
        now: &str,
    ) -> StoreResult<Account>;
    /// Records an appeal and its audit line.
    async fn create_appeal(&self, appeal: &AppealRow) -> StoreResult<()>;
    async fn appeals_for_person(&self, person_id: &str) -> StoreResult<Vec<AppealRow>>;
    /// Appeals not yet resolved, oldest first.
    async fn open_appeals(&self) -> StoreResult<Vec<AppealRow>>;
    async fn appeal(&self, id: &str) -> StoreResult<Option<AppealRow>>;
    /// Records a proposed override; the appeal becomes `in_progress`.
    async fn propose_override(&self, proposal: &OverrideRow) -> StoreResult<()>;
    async fn colour_override(&self, id: &str) -> StoreResult<Option<OverrideRow>>;
    /// The appeal's proposal still waiting for a second admin.
    async fn pending_override(&self, appeal_id: &str) -> StoreResult<Option<OverrideRow>>;
    /// Approves an override; the appeal is resolved with `resolution`.
    async fn approve_override(&self, id: &str, approver: &str, at: &str, resolution: &str)
        -> StoreResult<()>;
    /// Resolves an appeal without an override.
    async fn resolve_appeal(&self, id: &str, admin: &str, at: &str, resolution: &str) -> StoreResult<()>;
    /// The person's newest approved override.
    async fn latest_override(&self, person_id: &str) -> StoreResult<Option<OverrideRow>>;
    /// The person's colour changes since `since` (RFC 3339), oldest first.
    async fn colour_events(&self, person_id: &str, since: &str) -> StoreResult<Vec<ColourEvent>>;
    /// The risk-area list: (division code, name, level).
    async fn risk_areas(&self) -> StoreResult<Vec<(String, String, String)>>;
    /// An authority-list entry for a document hash: (colour, category).
    async fn authority_entry(&self, document_hash: &str) -> StoreResult<Option<(String, String)>>;

    /// Adds a division the dataset lacks (seed FAQ 1); `false` when the code exists already.
    async fn add_division(&self, code: &str, name: &str, now: &str) -> StoreResult<bool>;
    /// Puts a division on the risk-area list (or changes its level).
    async fn set_risk_area(&self, code: &str, level: &str, note: Option<&str>, now: &str) -> StoreResult<()>;
    /// Takes a division off the risk-area list; `false` when it was not on it.
    async fn remove_risk_area(&self, code: &str) -> StoreResult<bool>;
}
