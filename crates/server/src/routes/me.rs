//! `GET /me`: the account and the persons it may act for.

use axum::extract::State;
use axum::Json;
use healthcode_core::api::{AccountView, ErrorBody, Me};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::CurrentAccount;
use crate::error::AppError;
use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(me))
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
    let persons = state.store.persons_for_account(&account.id).await?;
    Ok(Json(Me {
        account: AccountView {
            id: account.id,
            phone_masked: account.phone_masked,
            role: account.role,
        },
        persons,
    }))
}
