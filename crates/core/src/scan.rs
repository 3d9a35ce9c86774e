//! What a checkpoint reports after each scan, for throughput statistics: the outcome and the
//! colour only — never who was scanned.

use serde::{Deserialize, Serialize};

use crate::colour::Colour;

/// The verdict shown to the checker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ScanOutcome {
    /// 通行.
    Pass,
    /// 不予通行.
    Refuse,
    /// 无法核验 (bad signature, unknown issuer, unreadable).
    Unverifiable,
}

/// `POST /api/v1/checkpoint/scans`: one scan, counted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScanReport {
    pub outcome: ScanOutcome,
    /// The colour the code showed, when it could be read.
    #[serde(default)]
    pub colour: Option<Colour>,
}

/// `GET /api/v1/checkpoint/scans`: counts per hour (China time, `YYYY-MM-DD HH:00`), outcome
/// and colour, for this checkpoint account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScanCount {
    pub hour: String,
    pub outcome: ScanOutcome,
    pub colour: Option<Colour>,
    pub count: i64,
}
