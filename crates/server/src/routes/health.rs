//! `GET /api/v1/health`: build version and database status, for load balancers and humans.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use healthcode_core::api::{ComponentStatus, Health};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(health))
}

/// Build version and database status.
#[utoipa::path(get, path = "/health", tag = "health", responses(
    (status = 200, description = "Serving", body = Health),
    (status = 503, description = "The database does not answer", body = Health),
))]
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
