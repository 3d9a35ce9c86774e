//! What a checkpoint reports after each scan, for throughput statistics: the outcome and the
//! colour only — never who was scanned.

use serde::{Deserialize, Serialize};

use crate::api::VerifyResult;
use crate::colour::Colour;
use crate::token::{self, CodeClaims, CodeKind, DependantClaims, TrustList};

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
    /// When it was scanned (Unix seconds, server-anchored), for a count sent late — after the
    /// checkpoint was offline. At most [`MAX_REPORT_AGE_SECS`] old; absent means now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scanned_at: Option<i64>,
}

/// How late a scan may still be counted: the 7 days of counts the server keeps.
pub const MAX_REPORT_AGE_SECS: i64 = 7 * 24 * 3600;

/// The most counts one batch carries: a checkpoint back online after days sends its queue in a
/// few requests, each small (about 60 bytes a count).
pub const MAX_SCAN_BATCH: usize = 500;

/// `POST /api/v1/checkpoint/scans/batch`: counts queued on a checkpoint, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScanBatch {
    /// 1 to [`MAX_SCAN_BATCH`] counts.
    pub reports: Vec<ScanReport>,
}

/// What the server did with a batch: all of it is settled either way, so the checkpoint
/// forgets the batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScanBatchReply {
    pub counted: u32,
    /// Scanned more than 7 days ago, or later than the server's clock allows: not counted.
    pub dropped: u32,
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

/// A trust list older than this is shown with a warning (the EU DCC verifiers' 24 hours).
pub const TRUST_LIST_WARN_SECS: i64 = 24 * 3600;
/// A trust list older than this is not used at all offline: a revoked or retired key must not
/// stay trusted forever on a device that never comes online.
pub const TRUST_LIST_MAX_SECS: i64 = 7 * 24 * 3600;

/// How far a device's cached trust list may be believed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrustListAge {
    Fresh,
    /// Older than [`TRUST_LIST_WARN_SECS`]: used, with a warning.
    Old,
    /// Older than [`TRUST_LIST_MAX_SECS`]: not used offline.
    TooOld,
}

impl TrustListAge {
    /// The state of a list fetched `age_secs` ago.
    pub fn of(age_secs: i64) -> Self {
        if age_secs > TRUST_LIST_MAX_SECS {
            TrustListAge::TooOld
        } else if age_secs > TRUST_LIST_WARN_SECS {
            TrustListAge::Old
        } else {
            TrustListAge::Fresh
        }
    }
}

/// The wire reason of a verdict made from a trust list too old to use.
pub const STALE_TRUST_LIST: &str = "stale_trust_list";
/// The server's reason for a paper card reported lost (挂失).
pub const REVOKED: &str = "revoked";

/// What the checker sees after one scan: the outcome at a glance and what it rests on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanVerdict {
    pub outcome: ScanOutcome,
    pub colour: Option<Colour>,
    pub kind: Option<CodeKind>,
    pub name_masked: Option<String>,
    pub dependant: Option<DependantClaims>,
    /// Unix seconds: the token is not accepted from then on.
    pub expires_at: Option<i64>,
    /// Why it is not 通行 for a reason other than the colour: a wire name such as
    /// `bad_signature`, `expired`, `revoked`, `unknown_key`.
    pub reason: Option<String>,
    /// Whether the server answered (revocation and the current colour were checked).
    pub online: bool,
}

fn outcome_of_reason(reason: &str) -> ScanOutcome {
    match reason {
        // The code is genuine but may not be used (any more).
        "expired" | "not_yet_valid" | REVOKED => ScanOutcome::Refuse,
        // Forged, damaged, from an issuer nobody trusts, or a list too old to tell.
        _ => ScanOutcome::Unverifiable,
    }
}

fn outcome_of_colour(colour: Colour) -> ScanOutcome {
    if colour.passes() {
        ScanOutcome::Pass
    } else {
        ScanOutcome::Refuse
    }
}

impl ScanVerdict {
    fn refused(reason: &str, online: bool) -> Self {
        ScanVerdict {
            outcome: outcome_of_reason(reason),
            colour: None,
            kind: None,
            name_masked: None,
            dependant: None,
            expires_at: None,
            reason: Some(reason.to_owned()),
            online,
        }
    }

    fn from_claims(claims: CodeClaims) -> Self {
        ScanVerdict {
            outcome: outcome_of_colour(claims.colour),
            colour: Some(claims.colour),
            kind: Some(claims.kind),
            name_masked: Some(claims.name_masked),
            dependant: claims.dependant,
            expires_at: Some(claims.expires_at),
            reason: None,
            online: false,
        }
    }

    /// The verdict on the device alone: the signature against `trust` (fetched at Unix time
    /// `trust_fetched_at`), then expiry at `now` (server-anchored Unix seconds).
    pub fn offline(token: &str, trust: &TrustList, trust_fetched_at: i64, now: i64) -> Self {
        if TrustListAge::of(now - trust_fetched_at) == TrustListAge::TooOld {
            return Self::refused(STALE_TRUST_LIST, false);
        }
        match token::verify(token, trust, now) {
            Ok(claims) => Self::from_claims(claims),
            Err(err) => Self::refused(err.code(), false),
        }
    }

    /// Whether the server could change this verdict. A token that is damaged or whose
    /// signature fails is refused the same everywhere, so it is not sent at all.
    pub fn worth_asking_server(&self) -> bool {
        !matches!(
            self.reason.as_deref(),
            Some(
                "bad_signature"
                    | "wrong_prefix"
                    | "unsupported_version"
                    | "bad_encoding"
                    | "truncated"
                    | "malformed"
            )
        )
    }

    /// The verdict once the server answered `POST /verify`: its answer decides (revocation,
    /// the current colour, a key removed from the list); what the device read fills the rest.
    pub fn with_server_answer(self, answer: &VerifyResult) -> Self {
        if !answer.valid {
            let reason = answer.reason.as_deref().unwrap_or("unknown");
            return ScanVerdict {
                reason: Some(reason.to_owned()),
                outcome: outcome_of_reason(reason),
                online: true,
                colour: None,
                ..self
            };
        }
        let colour = answer.colour.or(self.colour);
        let expires_at = answer
            .expires_at
            .as_deref()
            .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
            .map(|t| t.timestamp())
            .or(self.expires_at);
        ScanVerdict {
            outcome: colour.map_or(ScanOutcome::Unverifiable, outcome_of_colour),
            colour,
            kind: answer.kind.or(self.kind),
            name_masked: answer.name_masked.clone().or(self.name_masked),
            dependant: match (&answer.applicant_masked, answer.relation) {
                (Some(applicant), Some(relation)) => Some(DependantClaims {
                    applicant_masked: applicant.clone(),
                    relation,
                }),
                _ => self.dependant,
            },
            expires_at,
            reason: None,
            online: true,
        }
    }
}

#[cfg(test)]
mod tests;
