//! 辖区各级工作完成情况: an official's division and each division below it — residents
//! registered, checked in on the day, colours, open appeals — with counts under 5 shown as "<5".

use std::collections::HashMap;

use axum::extract::State;
use axum::Json;
use chrono::NaiveDate;
use healthcode_core::api::ErrorBody;
use healthcode_core::colour::Colour;
use healthcode_core::division::{DivisionCode, DivisionLevel};
use healthcode_core::staff::{CompletionReport, Role, Tally};
use healthcode_core::wire;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{division_in_scope, report_day, scope_view};
use crate::auth::StaffAccount;
use crate::error::AppError;
use crate::extract::Query;
use crate::store::TallyRow;
use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(completion))
}

#[derive(Debug, Deserialize)]
struct CompletionQuery {
    division: Option<String>,
    day: Option<NaiveDate>,
}

/// The code length one level below `level` (a community has none).
fn child_len(level: DivisionLevel) -> Option<usize> {
    Some(match level {
        DivisionLevel::Province => 4,
        DivisionLevel::City => 6,
        DivisionLevel::County => 9,
        DivisionLevel::Town => 12,
        DivisionLevel::Village => return None,
    })
}

/// Adds one tally row (residents of one code state) to its division's tally.
fn count(tally: &mut Tally, row: &TallyRow) {
    let residents = row.residents.max(0) as u64;
    tally.registered += residents;
    tally.checked_in += row.checked_in.max(0) as u64;
    match row.colour.as_deref().and_then(wire::parse::<Colour>) {
        Some(Colour::Green) => tally.green += residents,
        Some(Colour::Yellow) => tally.yellow += residents,
        Some(Colour::Red) => tally.red += residents,
        None => tally.pending += residents,
    }
}

/// The official's division (or one below it) with a row per child division, by code.
#[utoipa::path(get, path = "/staff/completion", tag = "staff",
    params(
        ("division" = Option<String>, Query, description = "The official's division or one inside it; theirs when absent"),
        ("day" = Option<String>, Query, description = "A China date (YYYY-MM-DD), today when absent"),
    ),
    responses(
        (status = 200, description = "Figures per child division; counts of 1–4 are \"<5\"", body = CompletionReport),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not an official", body = ErrorBody),
        (status = 404, description = "Not inside the official's division", body = ErrorBody),
        (status = 422, description = "Invalid parameter: `field` names it", body = ErrorBody),
    ))]
async fn completion(
    State(state): State<AppState>,
    staff: StaffAccount,
    Query(q): Query<CompletionQuery>,
) -> Result<Json<CompletionReport>, AppError> {
    let staff = staff.require(Role::Official)?;
    let division = division_in_scope(&staff, q.division.as_deref())?;
    let day = report_day(&state, q.day)?;
    let view = scope_view(&state, &division).await?;
    let mut by_child: HashMap<String, Tally> = HashMap::new();
    let mut total = Tally::default();
    if let Some(len) = child_len(division.level()) {
        for row in state
            .store
            .tally(division.as_str(), len, &day.to_string())
            .await?
        {
            count(by_child.entry(row.child.clone()).or_default(), &row);
            count(&mut total, &row);
        }
        for (child, n) in state.store.open_appeals_by(division.as_str(), len).await? {
            by_child.entry(child).or_default().appeals_open += n.max(0) as u64;
            total.appeals_open += n.max(0) as u64;
        }
    } else {
        // A community: its own figures, no rows below it.
        let len = division.as_str().len();
        for row in state
            .store
            .tally(division.as_str(), len, &day.to_string())
            .await?
        {
            count(&mut total, &row);
        }
        for (_, n) in state.store.open_appeals_by(division.as_str(), len).await? {
            total.appeals_open += n.max(0) as u64;
        }
    }
    let mut rows = Vec::new();
    if child_len(division.level()).is_some() {
        for child in state.store.division_children(Some(division.as_str())).await? {
            let Ok(code) = DivisionCode::parse("division", &child.code) else {
                continue;
            };
            let tally = by_child.get(&child.code).copied().unwrap_or_default();
            let drill = child.has_children && code.level() != DivisionLevel::Village;
            rows.push(tally.to_row(child.code, child.name, code.level(), drill));
        }
    }
    Ok(Json(CompletionReport {
        total: total.to_row(view.code.clone(), view.name.clone(), view.level, !rows.is_empty()),
        division: view,
        day,
        rows,
    }))
}
