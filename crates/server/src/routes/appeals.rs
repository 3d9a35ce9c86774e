//! `POST|GET /persons/{id}/appeals`: a resident appeals a yellow or red code (申诉) and follows
//! its status (已提交 / 处理中 / 已处理).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use healthcode_core::api::ErrorBody;
use healthcode_core::appeal::{AppealRequest, AppealView};
use healthcode_core::colour::Colour;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::CurrentAccount;
use crate::error::AppError;
use crate::extract;
use crate::routes::codes::current_code;
use crate::routes::declarations::{person_for, wire_name};
use crate::secrets::random_token;
use crate::store::AppealRow;
use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(appeal, appeals))
}

fn from_wire<T: serde::de::DeserializeOwned>(name: &str) -> Result<T, AppError> {
    serde_json::from_value(serde_json::Value::String(name.to_owned()))
        .map_err(|e| AppError::Internal(e.into()))
}

/// The resident's view of a stored appeal.
pub fn appeal_view(row: &AppealRow) -> Result<AppealView, AppError> {
    Ok(AppealView {
        id: row.id.clone(),
        reason: from_wire(&row.reason)?,
        note: row.note.clone(),
        status: from_wire(&row.status)?,
        resolution: row.resolution.clone(),
        created_at: row.created_at.clone(),
        updated_at: row.updated_at.clone(),
    })
}

/// Appeals the person's current yellow or red code.
#[utoipa::path(post, path = "/persons/{id}/appeals", tag = "persons",
    params(("id" = String, Path, description = "A person id from GET /me")),
    request_body = AppealRequest,
    responses(
        (status = 201, description = "Submitted", body = AppealView),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 404, description = "Not a person this account may act for", body = ErrorBody),
        (status = 409, description = "Nothing to appeal (`not_declared`, `green`) or one is open (`appeal_open`)", body = ErrorBody),
        (status = 422, description = "Invalid: `field` names it", body = ErrorBody),
    ))]
async fn appeal(
    State(state): State<AppState>,
    CurrentAccount(account): CurrentAccount,
    Path(person_id): Path<String>,
    extract::Json(request): extract::Json<AppealRequest>,
) -> Result<(StatusCode, Json<AppealView>), AppError> {
    let person = person_for(&state, &account.id, &person_id).await?;
    request.validate().map_err(AppError::Validation)?;
    let now = state.clock.now();
    let record = state
        .store
        .code_record(&person.person_id)
        .await?
        .ok_or_else(AppError::not_declared)?;
    if current_code(&record, now)?.colour == Colour::Green {
        return Err(AppError::conflict(
            "green",
            "绿码无需申诉",
            "A green code needs no appeal",
        ));
    }
    let open = state.store.appeals_for_person(&person.person_id).await?;
    if open.iter().any(|a| a.status != "resolved") {
        return Err(AppError::conflict(
            "appeal_open",
            "已有申诉正在处理，请等待结果",
            "An appeal is already being handled; please wait for its result",
        ));
    }
    let at = now.to_rfc3339();
    let row = AppealRow {
        id: format!("ap_{}", random_token(12)),
        person_id: person.person_id,
        account_id: account.id,
        reason: wire_name(&request.reason),
        note: request
            .note
            .map(|n| n.trim().to_owned())
            .filter(|n| !n.is_empty()),
        status: "submitted".into(),
        resolution: None,
        created_at: at.clone(),
        updated_at: at,
    };
    state.store.create_appeal(&row).await?;
    Ok((StatusCode::CREATED, Json(appeal_view(&row)?)))
}

/// The person's appeals, newest first.
#[utoipa::path(get, path = "/persons/{id}/appeals", tag = "persons",
    params(("id" = String, Path, description = "A person id from GET /me")),
    responses(
        (status = 200, description = "Appeals, newest first", body = Vec<AppealView>),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 404, description = "Not a person this account may act for", body = ErrorBody),
    ))]
async fn appeals(
    State(state): State<AppState>,
    CurrentAccount(account): CurrentAccount,
    Path(person_id): Path<String>,
) -> Result<Json<Vec<AppealView>>, AppError> {
    let person = person_for(&state, &account.id, &person_id).await?;
    let rows = state.store.appeals_for_person(&person.person_id).await?;
    Ok(Json(rows.iter().map(appeal_view).collect::<Result<_, _>>()?))
}
