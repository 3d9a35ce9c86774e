//! `/staff/…`: the staff console's API. Grid workers (网格员) see the residents of their own
//! communities; officials see aggregates of their division and everything below it, with small
//! counts suppressed. Every query is scoped here, server-side: a division or resident outside
//! the caller's scope is a 404, as if it did not exist.

mod completion;
mod residents;
mod stats;

use axum::extract::State;
use axum::Json;
use chrono::NaiveDate;
use healthcode_core::api::ErrorBody;
use healthcode_core::division::DivisionCode;
use healthcode_core::staff::{ScopeView, StaffMe};
use healthcode_core::time::china_date;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::StaffAccount;
use crate::error::AppError;
use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(me))
        .merge(residents::router())
        .merge(stats::router())
        .merge(completion::router())
}

/// A division with its names from the province down; 404 when the dataset lacks it.
async fn scope_view(state: &AppState, code: &DivisionCode) -> Result<ScopeView, AppError> {
    let path = state.store.division_path(code.as_str()).await?;
    let name = path.last().ok_or(AppError::NotFound)?.name.clone();
    Ok(ScopeView {
        code: code.to_string(),
        name,
        path: path.into_iter().map(|d| d.name).collect(),
        level: code.level(),
    })
}

/// The `division` parameter as a code inside the caller's scope (404 otherwise, so nobody
/// learns which divisions exist beyond their own); the caller's first division when absent.
fn division_in_scope(staff: &StaffAccount, division: Option<&str>) -> Result<DivisionCode, AppError> {
    let code = match division {
        Some(text) => DivisionCode::parse("division", text).map_err(AppError::Validation)?,
        None => staff.scopes.first().cloned().ok_or(AppError::NotFound)?,
    };
    if staff.covers(&code) {
        Ok(code)
    } else {
        Err(AppError::NotFound)
    }
}

/// The `day` parameter (a China date), today when absent; at most today.
fn report_day(state: &AppState, day: Option<NaiveDate>) -> Result<NaiveDate, AppError> {
    let today = china_date(state.clock.now());
    match day {
        Some(day) if day > today => Err(AppError::validation(
            "day",
            "in_future",
            "统计日期不能晚于今天",
            "The day cannot be after today",
        )),
        Some(day) => Ok(day),
        None => Ok(today),
    }
}

/// The caller's role and divisions (for the console's start page).
#[utoipa::path(get, path = "/staff/me", tag = "staff",
    responses(
        (status = 200, description = "Role and divisions", body = StaffMe),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not a grid worker or official", body = ErrorBody),
    ))]
async fn me(State(state): State<AppState>, staff: StaffAccount) -> Result<Json<StaffMe>, AppError> {
    let mut scopes = Vec::new();
    for code in &staff.scopes {
        scopes.push(scope_view(&state, code).await?);
    }
    Ok(Json(StaffMe {
        account_id: staff.account.id,
        role: staff.role,
        phone_masked: staff.account.phone_masked,
        scopes,
    }))
}
