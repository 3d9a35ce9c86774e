//! The JSON API under `/api/v1`, one module (and one `router()`) per resource.

use axum::Router;

use crate::AppState;

mod auth;
mod codes;
mod declarations;
mod divisions;
mod health;
mod me;

/// Every API route, relative to `/api/v1`.
pub fn router() -> Router<AppState> {
    Router::new()
        .merge(health::router())
        .merge(divisions::router())
        .merge(auth::router())
        .merge(me::router())
        .merge(declarations::router())
        .merge(codes::router())
}
