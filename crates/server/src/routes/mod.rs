//! The JSON API under `/api/v1`, one module (and one `router()`) per resource.

use axum::Router;

use crate::AppState;

mod auth;
mod divisions;
mod health;

/// Every API route, relative to `/api/v1`.
pub fn router() -> Router<AppState> {
    Router::new()
        .merge(health::router())
        .merge(divisions::router())
        .merge(auth::router())
}
