//! The staff side (网格员, officials): roles, the divisions they may see, and what the console
//! reads — residents of a grid (住户管理), check-in statistics (住户打卡统计) and the completion
//! of each division below an official (辖区各级工作完成情况).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::checkin::ColourChange;
use crate::colour::{CodeStatus, Colour};
use crate::division::{DivisionCode, DivisionLevel};
use crate::error::{check_chars, FieldError};
use crate::family::Relation;

/// What an account may do. Residents are everyone; the others are granted by the server CLI
/// (or, for scoped staff, by an admin).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Resident,
    /// 卡口/测温点: scans codes.
    Checkpoint,
    /// 网格员: the residents of one or more communities or villages.
    GridWorker,
    /// 指挥部、乡镇、办事处: aggregates of one division and everything below it.
    Official,
    /// The appeal desk and rule administration.
    Admin,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Resident,
        Role::Checkpoint,
        Role::GridWorker,
        Role::Official,
        Role::Admin,
    ];

    /// Whether the role is bound to divisions (a staff scope).
    pub fn is_scoped(self) -> bool {
        matches!(self, Role::GridWorker | Role::Official)
    }

    /// Whether a scope of this level suits the role: a grid worker's grid is a community or
    /// village (12 digits); an official's division is a city, county or town.
    pub fn accepts_level(self, level: DivisionLevel) -> bool {
        match self {
            Role::GridWorker => level == DivisionLevel::Village,
            Role::Official => level != DivisionLevel::Village,
            _ => false,
        }
    }

    /// Whether `divisions` suit the role: one or more communities for a grid worker, exactly one
    /// division above the communities for an official, none for the other roles.
    pub fn check_scopes(self, divisions: &[DivisionCode]) -> Result<(), FieldError> {
        let refuse = |zh: &str, en: &str| Err(FieldError::new("divisions", "wrong_scope", zh, en));
        if let Some(code) = divisions.iter().find(|c| !self.accepts_level(c.level())) {
            return match self {
                Role::GridWorker => refuse(
                    &format!("网格员的辖区须是社区或村（12 位代码），{code} 不是"),
                    &format!(
                        "A grid worker's divisions are communities or villages (12 digits); {code} is not"
                    ),
                ),
                Role::Official => refuse(
                    &format!("辖区管理人员的辖区须是市、县或乡镇街道，{code} 不是"),
                    &format!("An official's division is a city, county or town; {code} is not"),
                ),
                _ => refuse(
                    "只有网格员和辖区管理人员有辖区",
                    "Only grid workers and officials have divisions",
                ),
            };
        }
        match (self, divisions.len()) {
            (Role::GridWorker | Role::Official, 0) => {
                refuse("请至少选择一个辖区", "Give at least one division")
            }
            (Role::Official, n) if n > 1 => {
                refuse("辖区管理人员只有一个辖区", "An official has one division")
            }
            _ => Ok(()),
        }
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            Role::Resident => "居民",
            Role::Checkpoint => "卡口核验员",
            Role::GridWorker => "网格员",
            Role::Official => "辖区管理人员",
            Role::Admin => "管理员",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Role::Resident => "Resident",
            Role::Checkpoint => "Checkpoint staff",
            Role::GridWorker => "Grid worker",
            Role::Official => "Division official",
            Role::Admin => "Administrator",
        }
    }
}

/// A division a staff account may see.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScopeView {
    pub code: String,
    pub name: String,
    /// The names from the province down, for a heading (湖北省 › 襄阳市 › …).
    pub path: Vec<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub level: DivisionLevel,
}

/// `GET /api/v1/staff/me`: the caller's role and divisions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffMe {
    /// The caller's own account id (the appeal desk tells one's own proposals by it).
    pub account_id: String,
    pub role: Role,
    pub phone_masked: String,
    pub scopes: Vec<ScopeView>,
}

/// Counts below this are shown as "<5" to officials, so a small community's few residents
/// cannot be told apart (small-cell suppression). Zero is shown: it discloses no one.
pub const SMALL_CELL: u64 = 5;

/// A count as an official sees it: exact, or "<5".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum SmallCount {
    Exact(u64),
    /// Serialised as the text `"<5"`.
    Suppressed(Suppressed),
}

/// The text `"<5"` on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Suppressed {
    #[serde(rename = "<5")]
    FewerThanFive,
}

impl SmallCount {
    /// `n`, or "<5" when 1 ≤ n < 5.
    pub fn of(n: u64) -> Self {
        if n > 0 && n < SMALL_CELL {
            SmallCount::Suppressed(Suppressed::FewerThanFive)
        } else {
            SmallCount::Exact(n)
        }
    }

    /// The exact figure, when it may be shown.
    pub fn exact(self) -> Option<u64> {
        match self {
            SmallCount::Exact(n) => Some(n),
            SmallCount::Suppressed(_) => None,
        }
    }

    /// As shown in a table cell.
    pub fn text(self) -> String {
        match self {
            SmallCount::Exact(n) => n.to_string(),
            SmallCount::Suppressed(_) => "<5".to_owned(),
        }
    }
}

/// The share `part / whole` in whole percent, only when neither count is suppressed (a share
/// of a suppressed count would give it away).
pub fn share(part: SmallCount, whole: SmallCount) -> Option<u8> {
    match (part.exact(), whole.exact()) {
        (Some(p), Some(w)) if w > 0 => Some(((p * 100 + w / 2) / w).min(100) as u8),
        _ => None,
    }
}

/// One division's figures in an official's report (辖区完成情况).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompletionRow {
    pub code: String,
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub level: DivisionLevel,
    /// Residents whose declared residence is in the division.
    pub registered: SmallCount,
    /// Of those, checked in on the report's day.
    pub checked_in: SmallCount,
    /// `checked_in / registered` in %, when both may be shown.
    pub checked_in_percent: Option<u8>,
    pub green: SmallCount,
    pub yellow: SmallCount,
    pub red: SmallCount,
    /// 审核中.
    pub pending: SmallCount,
    pub appeals_open: SmallCount,
    /// Whether the division has children to drill down to (not below a community).
    pub has_children: bool,
}

/// `GET /api/v1/staff/completion?division=…&day=…`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompletionReport {
    pub division: ScopeView,
    pub day: NaiveDate,
    /// The division as a whole.
    pub total: CompletionRow,
    /// Each child division, by code.
    pub rows: Vec<CompletionRow>,
}

/// The raw figures of one division, before suppression (server side only shows them to grid
/// workers, for their own grid).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub registered: u64,
    pub checked_in: u64,
    pub green: u64,
    pub yellow: u64,
    pub red: u64,
    pub pending: u64,
    pub appeals_open: u64,
}

impl Tally {
    pub fn add(&mut self, other: &Tally) {
        self.registered += other.registered;
        self.checked_in += other.checked_in;
        self.green += other.green;
        self.yellow += other.yellow;
        self.red += other.red;
        self.pending += other.pending;
        self.appeals_open += other.appeals_open;
    }

    /// The row an official sees: every count suppressed below [`SMALL_CELL`].
    pub fn to_row(
        &self,
        code: String,
        name: String,
        level: DivisionLevel,
        has_children: bool,
    ) -> CompletionRow {
        let registered = SmallCount::of(self.registered);
        let checked_in = SmallCount::of(self.checked_in);
        CompletionRow {
            code,
            name,
            level,
            registered,
            checked_in,
            checked_in_percent: share(checked_in, registered),
            green: SmallCount::of(self.green),
            yellow: SmallCount::of(self.yellow),
            red: SmallCount::of(self.red),
            pending: SmallCount::of(self.pending),
            appeals_open: SmallCount::of(self.appeals_open),
            has_children,
        }
    }
}

/// What a grid worker may narrow the resident list to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ResidentFilter {
    #[default]
    All,
    /// 今日未打卡.
    NotCheckedIn,
    /// 黄码或红码.
    YellowOrRed,
    /// 居家隔离中.
    Isolating,
}

impl ResidentFilter {
    pub const ALL: [ResidentFilter; 4] = [
        ResidentFilter::All,
        ResidentFilter::NotCheckedIn,
        ResidentFilter::YellowOrRed,
        ResidentFilter::Isolating,
    ];

    pub fn admits(self, row: &ResidentRow) -> bool {
        match self {
            ResidentFilter::All => true,
            ResidentFilter::NotCheckedIn => !row.checked_in_today,
            ResidentFilter::YellowOrRed => matches!(row.colour, Some(Colour::Yellow | Colour::Red)),
            ResidentFilter::Isolating => row.isolation_day.is_some(),
        }
    }
}

/// Days of home isolation counted (day N of 14).
pub const ISOLATION_DAYS: u32 = 14;

/// The isolation day (1-based) on `today` for an isolation that began on `start`, while it
/// lasts; `None` before it began or once the 14 days are over.
pub fn isolation_day(start: NaiveDate, today: NaiveDate) -> Option<u32> {
    let days = (today - start).num_days();
    (0..i64::from(ISOLATION_DAYS))
        .contains(&days)
        .then(|| days as u32 + 1)
}

/// 已联系 / 已上门: how a grid worker followed a resident up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ContactKind {
    /// 已联系 (by phone).
    Contacted,
    /// 已上门.
    Visited,
}

impl ContactKind {
    pub fn name_zh(self) -> &'static str {
        match self {
            ContactKind::Contacted => "已联系",
            ContactKind::Visited => "已上门",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            ContactKind::Contacted => "Contacted",
            ContactKind::Visited => "Visited",
        }
    }
}

/// One resident in a grid worker's list: nothing unmasked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResidentRow {
    pub person_id: String,
    pub name_masked: String,
    pub document_masked: Option<String>,
    /// `self` for someone who declared themselves; else how they relate to their applicant.
    pub relation: Relation,
    /// The applicant's masked name, for a dependant (家属).
    pub applicant_masked: Option<String>,
    pub status: Option<CodeStatus>,
    pub colour: Option<Colour>,
    /// RFC 3339.
    pub valid_until: Option<String>,
    pub last_checkin: Option<NaiveDate>,
    pub checked_in_today: bool,
    /// Day N of 14 of home isolation, while it lasts.
    pub isolation_day: Option<u32>,
    /// The newest follow-up, if any.
    pub last_contact: Option<ContactKind>,
}

/// `GET /api/v1/staff/residents?division=…`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResidentList {
    pub division: ScopeView,
    pub day: NaiveDate,
    /// Residents matching the filter and search, before paging.
    pub total: u64,
    /// Residents of the grid in all.
    pub grid_total: u64,
    pub residents: Vec<ResidentRow>,
}

/// A check-in day in a resident's detail: the day and whether it had a fever.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckinDay {
    pub day: NaiveDate,
    pub temperature_c: f64,
    pub symptoms: bool,
}

/// A follow-up note as shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactView {
    pub kind: ContactKind,
    pub note: Option<String>,
    /// The worker, masked (their phone).
    pub by: String,
    pub at: String,
}

/// `GET /api/v1/staff/residents/{id}`: a resident's detail (never a full ID or phone number).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResidentDetail {
    pub resident: ResidentRow,
    pub division: ScopeView,
    /// The last 30 days, oldest first.
    pub checkins: Vec<CheckinDay>,
    pub colour_history: Vec<ColourChange>,
    /// Newest first.
    pub contacts: Vec<ContactView>,
}

/// The longest follow-up note.
pub const MAX_CONTACT_NOTE: usize = 200;

/// `POST /api/v1/staff/residents/{id}/contacts`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactRequest {
    pub kind: ContactKind,
    #[serde(default)]
    pub note: Option<String>,
}

impl ContactRequest {
    pub fn validate(&self) -> Result<(), FieldError> {
        check_chars("note", self.note.as_deref().unwrap_or_default(), MAX_CONTACT_NOTE).map_err(|e| {
            FieldError {
                zh: format!("备注{}", e.zh),
                ..e
            }
        })
    }
}

/// Residents and check-ins of one colour (or 审核中 when `colour` is none) on a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ColourTally {
    pub colour: Option<Colour>,
    pub residents: u64,
    pub checked_in: u64,
}

/// One day of the trend.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DayTally {
    pub day: NaiveDate,
    pub checked_in: u64,
}

/// `GET /api/v1/staff/checkin-stats?division=…&day=…` (住户打卡统计).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckinStats {
    pub division: ScopeView,
    pub day: NaiveDate,
    pub residents: u64,
    pub checked_in: u64,
    /// By the colour each resident holds now: green, yellow, red, then 审核中.
    pub by_colour: Vec<ColourTally>,
    /// The 7 days ending on `day`, oldest first.
    pub trend: Vec<DayTally>,
}

#[cfg(test)]
mod tests;
