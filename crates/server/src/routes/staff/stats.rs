//! 住户打卡统计: a grid's residents checked in or not on a day, by colour, a 7-day trend, and
//! the day's list as CSV (masked, for the worker's follow-up calls).

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{Duration, NaiveDate};
use healthcode_core::api::ErrorBody;
use healthcode_core::colour::Colour;
use healthcode_core::staff::{CheckinStats, ColourTally, DayTally, Role};
use healthcode_core::wire;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::residents::resident_row;
use super::{division_in_scope, report_day, scope_view};
use crate::auth::StaffAccount;
use crate::error::AppError;
use crate::extract::Query;
use crate::AppState;

/// Days in the trend, the report's day included.
const TREND_DAYS: i64 = 7;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(checkin_stats))
        .routes(routes!(export))
}

#[derive(Debug, Deserialize)]
struct StatsQuery {
    division: Option<String>,
    day: Option<NaiveDate>,
}

/// The day's check-ins in one of the caller's communities, by colour, with the 7-day trend.
#[utoipa::path(get, path = "/staff/checkin-stats", tag = "staff",
    params(
        ("division" = Option<String>, Query, description = "One of the grid worker's communities; the first when absent"),
        ("day" = Option<String>, Query, description = "A China date (YYYY-MM-DD), today when absent"),
    ),
    responses(
        (status = 200, description = "The day's figures", body = CheckinStats),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not a grid worker", body = ErrorBody),
        (status = 404, description = "Not one of the caller's communities", body = ErrorBody),
        (status = 422, description = "Invalid parameter: `field` names it", body = ErrorBody),
    ))]
async fn checkin_stats(
    State(state): State<AppState>,
    staff: StaffAccount,
    Query(q): Query<StatsQuery>,
) -> Result<Json<CheckinStats>, AppError> {
    let staff = staff.require(Role::GridWorker)?;
    let division = division_in_scope(&staff, q.division.as_deref())?;
    let day = report_day(&state, q.day)?;
    let code = division.as_str();
    let tally = state.store.tally(code, code.len(), &day.to_string()).await?;
    let mut by_colour: Vec<ColourTally> =
        [Some(Colour::Green), Some(Colour::Yellow), Some(Colour::Red), None]
            .into_iter()
            .map(|colour| ColourTally {
                colour,
                residents: 0,
                checked_in: 0,
            })
            .collect();
    for row in &tally {
        let colour = row.colour.as_deref().and_then(wire::parse::<Colour>);
        if let Some(slot) = by_colour.iter_mut().find(|t| t.colour == colour) {
            slot.residents += row.residents as u64;
            slot.checked_in += row.checked_in as u64;
        }
    }
    let first = day - Duration::days(TREND_DAYS - 1);
    let counts = state
        .store
        .checkins_by_day(code, &first.to_string(), &day.to_string())
        .await?;
    let trend = first
        .iter_days()
        .take(TREND_DAYS as usize)
        .map(|d| DayTally {
            day: d,
            checked_in: counts
                .iter()
                .find(|(k, _)| *k == d.to_string())
                .map_or(0, |(_, n)| *n as u64),
        })
        .collect();
    Ok(Json(CheckinStats {
        division: scope_view(&state, &division).await?,
        day,
        residents: by_colour.iter().map(|t| t.residents).sum(),
        checked_in: by_colour.iter().map(|t| t.checked_in).sum(),
        by_colour,
        trend,
    }))
}

/// A CSV field, quoted when it holds a comma, quote or line break; a leading `=`, `+`, `-` or
/// `@` is defused so a spreadsheet never runs it as a formula.
fn csv_field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// The residents of one of the caller's communities as CSV: masked name and document,
/// relation, colour now, checked in on the day, last check-in, isolation day. UTF-8 with a BOM so
/// spreadsheet programs read the Chinese.
#[utoipa::path(get, path = "/staff/checkin-stats/export", tag = "staff",
    params(
        ("division" = Option<String>, Query, description = "One of the grid worker's communities; the first when absent"),
        ("day" = Option<String>, Query, description = "A China date (YYYY-MM-DD), today when absent"),
    ),
    responses(
        (status = 200, description = "CSV, one resident a line", content_type = "text/csv"),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not a grid worker", body = ErrorBody),
        (status = 404, description = "Not one of the caller's communities", body = ErrorBody),
        (status = 422, description = "Invalid parameter: `field` names it", body = ErrorBody),
    ))]
async fn export(
    State(state): State<AppState>,
    staff: StaffAccount,
    Query(q): Query<StatsQuery>,
) -> Result<Response, AppError> {
    let staff = staff.require(Role::GridWorker)?;
    let division = division_in_scope(&staff, q.division.as_deref())?;
    let day = report_day(&state, q.day)?;
    let now = state.clock.now();
    let records = state
        .store
        .residents_in(division.as_str(), &day.to_string())
        .await?;
    let mut csv = String::from("\u{feff}姓名,证件号码,关系,申请人,健康码,当日已打卡,最近打卡,隔离第几天\r\n");
    for record in &records {
        let row = resident_row(record, now);
        let fields = [
            row.name_masked.clone(),
            row.document_masked.clone().unwrap_or_default(),
            row.relation.name_zh().to_owned(),
            row.applicant_masked.clone().unwrap_or_default(),
            row.colour.map_or("审核中", Colour::word_zh).to_owned(),
            if row.checked_in_today { "是" } else { "否" }.to_owned(),
            row.last_checkin.map(|d| d.to_string()).unwrap_or_default(),
            row.isolation_day.map(|d| d.to_string()).unwrap_or_default(),
        ];
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        csv.push_str(&line.join(","));
        csv.push_str("\r\n");
    }
    let filename = format!(
        "attachment; filename=\"checkins-{}-{day}.csv\"",
        division.as_str()
    );
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, filename),
        ],
        csv,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::csv_field;

    #[test]
    fn csv_fields_are_quoted_and_formulas_defused() {
        assert_eq!(csv_field("李*"), "李*");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=HYPERLINK(1)"), "'=HYPERLINK(1)");
    }
}
