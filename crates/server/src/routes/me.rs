//! `GET /me`: the account and the persons it may act for.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use healthcode_core::api::{AccountView, Me};

use crate::auth::CurrentAccount;
use crate::error::AppError;
use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/me", get(me))
}

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
