//! `/checkpoint/scans`: a checkpoint's throughput, counted per hour, outcome and colour. Only
//! counts are kept — no token, no person, no time finer than the hour.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use chrono::{DateTime, Duration, Utc};
use healthcode_core::api::ErrorBody;
use healthcode_core::scan::{ScanCount, ScanReport, MAX_REPORT_AGE_SECS};
use healthcode_core::time::china_offset;
use healthcode_core::token::MAX_CLOCK_SKEW_SECS;
use healthcode_core::wire;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::CheckpointAccount;
use crate::error::AppError;
use crate::extract;
use crate::AppState;

/// Hours of counts `GET` returns: as far back as a late count may go.
const HISTORY_HOURS: i64 = MAX_REPORT_AGE_SECS / 3600;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(report, counts))
}

/// The China-time hour of `t`, as counts are keyed (`2026-11-27 14:00`).
fn hour_of(t: DateTime<Utc>) -> String {
    t.with_timezone(&china_offset())
        .format("%Y-%m-%d %H:00")
        .to_string()
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
    let colour = scan.colour.map(|c| wire::name(&c)).unwrap_or_default();
    let now = state.clock.now();
    let at = match scan.scanned_at {
        None => now,
        // A count queued on a checkpoint that was offline: the hour it was scanned in.
        Some(t) => DateTime::from_timestamp(t, 0)
            .filter(|at| {
                *at >= now - Duration::seconds(MAX_REPORT_AGE_SECS)
                    && *at <= now + Duration::seconds(MAX_CLOCK_SKEW_SECS)
            })
            .map(|at| at.min(now))
            .ok_or_else(|| {
                AppError::validation(
                    "scanned_at",
                    "range",
                    "扫码时间须在最近 7 天内",
                    "scanned_at must be within the last 7 days and not in the future",
                )
            })?,
    };
    state
        .store
        .count_scan(&account.id, &hour_of(at), &wire::name(&scan.outcome), &colour)
        .await?;
    Ok(StatusCode::NO_CONTENT)
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
