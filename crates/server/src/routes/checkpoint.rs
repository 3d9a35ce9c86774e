//! `/checkpoint/scans`: a checkpoint's throughput, counted per hour, outcome and colour. Only
//! counts are kept — no token, no person, no time finer than the hour.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use chrono::{DateTime, Duration, Utc};
use healthcode_core::api::ErrorBody;
use healthcode_core::scan::{
    ScanBatch, ScanBatchReply, ScanCount, ScanReport, MAX_REPORT_AGE_SECS, MAX_SCAN_BATCH,
};
use healthcode_core::time::china_offset;
use healthcode_core::token::MAX_CLOCK_SKEW_SECS;
use healthcode_core::wire;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::CheckpointAccount;
use crate::error::AppError;
use crate::extract;
use crate::store::ScanRow;
use crate::AppState;

/// Hours of counts `GET` returns: as far back as a late count may go.
const HISTORY_HOURS: i64 = MAX_REPORT_AGE_SECS / 3600;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(report, counts))
        .routes(routes!(report_batch))
}

/// The China-time hour of `t`, as counts are keyed (`2026-11-27 14:00`).
fn hour_of(t: DateTime<Utc>) -> String {
    t.with_timezone(&china_offset())
        .format("%Y-%m-%d %H:00")
        .to_string()
}

/// The time a report is counted at: now, or when it was scanned if that is within the last
/// 7 days (a count queued on a checkpoint that was offline); `None` when it is not.
fn counted_at(now: DateTime<Utc>, scanned_at: Option<i64>) -> Option<DateTime<Utc>> {
    match scanned_at {
        None => Some(now),
        Some(t) => DateTime::from_timestamp(t, 0)
            .filter(|at| {
                *at >= now - Duration::seconds(MAX_REPORT_AGE_SECS)
                    && *at <= now + Duration::seconds(MAX_CLOCK_SKEW_SECS)
            })
            .map(|at| at.min(now)),
    }
}

/// The row a report adds to: hour, outcome, colour (`""` when none), count.
fn count_row(at: DateTime<Utc>, scan: &ScanReport, count: i64) -> ScanRow {
    (
        hour_of(at),
        wire::name(&scan.outcome),
        scan.colour.map(|c| wire::name(&c)).unwrap_or_default(),
        count,
    )
}

/// Counts one scan.
#[utoipa::path(post, path = "/checkpoint/scans", tag = "checkpoint", request_body = ScanReport,
    responses(
        (status = 204, description = "Counted"),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not a checkpoint account", body = ErrorBody),
        (status = 422, description = "Invalid: `field` names the problem (`scanned_at` older than 7 days or in the future)", body = ErrorBody),
    ))]
async fn report(
    State(state): State<AppState>,
    CheckpointAccount(account): CheckpointAccount,
    extract::Json(scan): extract::Json<ScanReport>,
) -> Result<StatusCode, AppError> {
    let at = counted_at(state.clock.now(), scan.scanned_at).ok_or_else(|| {
        AppError::validation(
            "scanned_at",
            "range",
            "扫码时间须在最近 7 天内",
            "scanned_at must be within the last 7 days and not in the future",
        )
    })?;
    state
        .store
        .count_scans(&account.id, &[count_row(at, &scan, 1)])
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Counts a checkpoint's queued scans at once (sent after it was offline): each in the hour it
/// was scanned; those too old to count are dropped and said so.
#[utoipa::path(post, path = "/checkpoint/scans/batch", tag = "checkpoint", request_body = ScanBatch,
    responses(
        (status = 200, description = "Counted, and how many were too old", body = ScanBatchReply),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not a checkpoint account", body = ErrorBody),
        (status = 422, description = "Invalid: `reports` is empty or longer than 500", body = ErrorBody),
    ))]
async fn report_batch(
    State(state): State<AppState>,
    CheckpointAccount(account): CheckpointAccount,
    extract::Json(batch): extract::Json<ScanBatch>,
) -> Result<Json<ScanBatchReply>, AppError> {
    if batch.reports.is_empty() || batch.reports.len() > MAX_SCAN_BATCH {
        return Err(AppError::validation(
            "reports",
            "length",
            "每批须有 1 到 500 条扫码记录",
            "reports must hold 1 to 500 scans",
        ));
    }
    let now = state.clock.now();
    // Summed per hour, outcome and colour first: a queue of hundreds is a handful of rows.
    let mut sums: BTreeMap<(String, String, String), i64> = BTreeMap::new();
    let mut dropped = 0;
    for scan in &batch.reports {
        match counted_at(now, scan.scanned_at) {
            Some(at) => {
                let (hour, outcome, colour, _) = count_row(at, scan, 1);
                *sums.entry((hour, outcome, colour)).or_default() += 1;
            }
            None => dropped += 1,
        }
    }
    let rows: Vec<ScanRow> = sums
        .into_iter()
        .map(|((hour, outcome, colour), count)| (hour, outcome, colour, count))
        .collect();
    state.store.count_scans(&account.id, &rows).await?;
    Ok(Json(ScanBatchReply {
        counted: batch.reports.len() as u32 - dropped,
        dropped,
    }))
}

/// This checkpoint's counts of the last 7 days, oldest hour first.
#[utoipa::path(get, path = "/checkpoint/scans", tag = "checkpoint",
    responses(
        (status = 200, description = "Counts per hour, outcome and colour", body = Vec<ScanCount>),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not a checkpoint account", body = ErrorBody),
    ))]
async fn counts(
    State(state): State<AppState>,
    CheckpointAccount(account): CheckpointAccount,
) -> Result<Json<Vec<ScanCount>>, AppError> {
    let since = hour_of(state.clock.now() - Duration::hours(HISTORY_HOURS));
    let rows = state.store.scan_counts(&account.id, &since).await?;
    Ok(Json(
        rows.into_iter()
            .filter_map(|(hour, outcome, colour, count)| {
                Some(ScanCount {
                    hour,
                    outcome: wire::parse(&outcome)?,
                    colour: wire::parse(&colour),
                    count,
                })
            })
            .collect(),
    ))
}
