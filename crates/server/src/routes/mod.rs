//! The JSON API under `/api/v1`, one module (and one `router()`) per resource. Each router is
//! a utoipa `OpenApiRouter`, so a route and its OpenAPI description are registered together.

use utoipa_axum::router::OpenApiRouter;

use crate::AppState;

mod admin;
mod appeals;
mod auth;

pub use auth::OTP_TTL_SECS;
mod checkins;
mod checkpoint;
pub(crate) mod codes;
pub(crate) mod declarations;
mod divisions;
mod health;
mod me;
mod paper_codes;
mod persons;
mod staff;
#[cfg(feature = "test-clock")]
pub mod test_clock;

/// Every API route, relative to `/api/v1`, with its OpenAPI description.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(health::router())
        .merge(divisions::router())
        .merge(auth::router())
        .merge(me::router())
        .merge(persons::router())
        .merge(paper_codes::router())
        .merge(declarations::router())
        .merge(codes::router())
        .merge(checkins::router())
        .merge(checkpoint::router())
        .merge(appeals::router())
        .merge(admin::router())
        .merge(staff::router())
}
