//! `GET /api/v1/health`: build version and database status, for load balancers and humans.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use healthcode_core::api::{ComponentStatus, Health};

use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/health", get(health))
}

async fn health(State(state): State<AppState>) -> (StatusCode, Json<Health>) {
    let database = state.store.health().await;
    let status = database.status;
    let code = match status {
        ComponentStatus::Ok => StatusCode::OK,
        ComponentStatus::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
    };
    let body = Health {
        status,
        version: env!("CARGO_PKG_VERSION").to_owned(),
        database,
    };
    (code, Json(body))
}
