//! `POST|GET /persons/{id}/checkins`: the daily check-in (健康打卡) and the last 30 days of
//! check-ins and colour changes. A check-in counts for the day in China on the server's clock;
//! a second one that day replaces the first.

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::Duration;
use healthcode_core::api::ErrorBody;
use healthcode_core::checkin::{CheckinAccepted, CheckinHistory, CheckinRequest, CheckinView};
use healthcode_core::time::china_date;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::CurrentAccount;
use crate::code_state::{refresh, CHECKIN_WINDOW_DAYS};
use crate::error::{prefers_english, AppError};
use crate::extract;
use crate::idempotency;
use crate::routes::declarations::person_for;
use crate::store::CheckinRow;
use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(check_in, history))
}

fn view(row: &CheckinRow) -> CheckinView {
    CheckinView {
        day: row.day.clone(),
        at: row.at.clone(),
        temperature_c: row.temperature_c,
        symptoms: serde_json::from_str(&row.symptoms).unwrap_or_default(),
        location_division: row.location_division.clone(),
    }
}

/// Records today's check-in and re-evaluates the code.
#[utoipa::path(post, path = "/persons/{id}/checkins", tag = "persons",
    params(
        ("id" = String, Path, description = "A person id from GET /me"),
        ("Idempotency-Key" = Option<String>, Header, description = "8–128 characters; a check-in queued offline and sent again with the same key and body replays the first answer"),
    ),
    request_body = CheckinRequest,
    responses(
        (status = 200, description = "Recorded; the code as it is now", body = CheckinAccepted),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 404, description = "Not a person this account may act for", body = ErrorBody),
        (status = 409, description = "No declaration yet (`not_declared`)", body = ErrorBody),
        (status = 422, description = "Invalid: `field` names the first problem, `errors` lists all", body = ErrorBody),
    ))]
async fn check_in(
    State(state): State<AppState>,
    CurrentAccount(account): CurrentAccount,
    Path(person_id): Path<String>,
    headers: HeaderMap,
    extract::Json(request): extract::Json<CheckinRequest>,
) -> Result<Response, AppError> {
    let person = person_for(&state, &account.id, &person_id).await?;
    let key = idempotency::key(&headers, false)?;
    let request_hash = idempotency::request_hash(
        &format!("{person_id}/checkins"),
        &serde_json::to_vec(&request).map_err(|e| AppError::Internal(e.into()))?,
    );
    if let Some(key) = &key {
        if let Some(reply) = idempotency::replay(&state, &account.id, key, &request_hash).await? {
            return Ok(reply);
        }
    }
    if state.store.latest_declaration(&person.person_id).await?.is_none() {
        return Err(AppError::not_declared());
    }
    let checkin = request.validate().map_err(AppError::Fields)?;
    if let Some(place) = &checkin.location {
        if state.store.division_path(place.as_str()).await?.is_empty() {
            return Err(AppError::validation(
                "location_division",
                "unknown_division",
                "所选地区不存在，请重新选择",
                "This place is not in the division list; please choose again",
            ));
        }
    }
    let now = state.clock.now();
    let row = CheckinRow {
        person_id: person.person_id.clone(),
        day: china_date(now).to_string(),
        temperature_c: checkin.temperature.celsius(),
        symptoms: serde_json::to_string(&checkin.symptoms).map_err(|e| AppError::Internal(e.into()))?,
        location_division: checkin.location.map(String::from),
        at: now.to_rfc3339(),
    };
    state.store.save_checkin(&row).await?;
    let code = refresh(&state, &person.person_id)
        .await?
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("declared person without a code")))?;
    let english = prefers_english(headers.get(header::ACCEPT_LANGUAGE));
    let accepted = CheckinAccepted {
        checkin: view(&row),
        colour: code.colour,
        valid_until: code.valid_until.map(|t| t.to_rfc3339()),
        next_step: code.next_step.map(|r| if english { r.en } else { r.zh }),
    };
    if let Some(key) = &key {
        let body = serde_json::to_string(&accepted).map_err(|e| AppError::Internal(e.into()))?;
        state
            .store
            .remember_reply(&account.id, key, &request_hash, &body, &row.at)
            .await?;
    }
    Ok(Json(accepted).into_response())
}

/// The last 30 days: check-ins and colour changes, oldest first.
#[utoipa::path(get, path = "/persons/{id}/checkins", tag = "persons",
    params(("id" = String, Path, description = "A person id from GET /me")),
    responses(
        (status = 200, description = "Check-ins and colour changes of the last 30 days", body = CheckinHistory),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 404, description = "Not a person this account may act for", body = ErrorBody),
    ))]
async fn history(
    State(state): State<AppState>,
    CurrentAccount(account): CurrentAccount,
    Path(person_id): Path<String>,
) -> Result<Json<CheckinHistory>, AppError> {
    let person = person_for(&state, &account.id, &person_id).await?;
    let now = state.clock.now();
    let since_day = china_date(now) - Duration::days(CHECKIN_WINDOW_DAYS);
    let checkins = state
        .store
        .checkins(&person.person_id, &since_day.to_string())
        .await?;
    Ok(Json(CheckinHistory {
        checkins: checkins.iter().map(view).collect(),
        colour_changes: crate::code_state::colour_changes(&state, &person.person_id, CHECKIN_WINDOW_DAYS)
            .await?,
    }))
}
