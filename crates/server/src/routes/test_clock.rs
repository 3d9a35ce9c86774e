//! `POST /api/v1/test/clock`: moves the server clock forward, then re-evaluates every code (as
//! the periodic sweep would). Compiled only with the `test-clock` cargo feature and mounted only
//! on such a server started with `HEALTHCODE_TEST_CLOCK=1`; anywhere else the path does not
//! exist (404). Not part of the published API.

use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use crate::code_state::sweep;
use crate::error::AppError;
use crate::extract;
use crate::AppState;

/// The largest single step (400 days).
const MAX_ADVANCE_SECS: i64 = 400 * 86_400;

#[derive(Deserialize)]
struct Advance {
    advance_secs: i64,
}

#[derive(Serialize)]
struct ServerTime {
    server_time: String,
}

/// The route, for `app()` to mount when the clock is adjustable.
pub fn router() -> Router<AppState> {
    Router::new().route("/test/clock", post(advance))
}

async fn advance(
    State(state): State<AppState>,
    extract::Json(request): extract::Json<Advance>,
) -> Result<Json<ServerTime>, AppError> {
    if !(0..=MAX_ADVANCE_SECS).contains(&request.advance_secs) {
        return Err(AppError::validation(
            "advance_secs",
            "range",
            "只能向前拨动 0–400 天",
            "The clock moves forward by 0 to 400 days only",
        ));
    }
    if !state.clock.advance(request.advance_secs) {
        return Err(AppError::NotFound);
    }
    sweep(&state).await?;
    Ok(Json(ServerTime {
        server_time: state.clock.now().to_rfc3339(),
    }))
}
