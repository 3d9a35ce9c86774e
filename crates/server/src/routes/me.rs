//! `GET /me`: the account and the persons it may act for.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::Json;
use healthcode_core::api::{AccountView, ErrorBody, Me, SessionInfo};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::{cookie, live_session, CurrentAccount, SESSION_COOKIE};
use crate::error::AppError;
use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(me)).routes(routes!(session))
}

async fn load(state: &AppState, account: crate::store::Account) -> Result<Me, AppError> {
    let persons = state.store.persons_for_account(&account.id).await?;
    Ok(Me {
        account: AccountView {
            id: account.id,
            phone_masked: account.phone_masked,
            role: account.role,
        },
        persons,
    })
}

/// Who is logged in: `{"me": null}` for a visitor (200, not 401).
#[utoipa::path(get, path = "/auth/session", tag = "auth",
    responses((status = 200, description = "The session, if any", body = SessionInfo)))]
async fn session(State(state): State<AppState>, headers: HeaderMap) -> Result<Json<SessionInfo>, AppError> {
    let Some(token) = cookie(&headers, SESSION_COOKIE) else {
        return Ok(Json(SessionInfo { me: None }));
    };
    let me = match live_session(&state, &token).await? {
        Some(account) => Some(load(&state, account).await?),
        None => None,
    };
    Ok(Json(SessionInfo { me }))
}

/// The account and the persons it may act for, its own (`relation: self`) first.
#[utoipa::path(get, path = "/me", tag = "persons",
    responses(
        (status = 200, description = "The logged-in account", body = Me),
        (status = 401, description = "Not logged in", body = ErrorBody),
    ))]
async fn me(
    State(state): State<AppState>,
    CurrentAccount(account): CurrentAccount,
) -> Result<Json<Me>, AppError> {
    Ok(Json(load(&state, account).await?))
}
