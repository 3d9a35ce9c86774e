//! healthcode's API and static server.
//!
//! [`app`] builds the whole HTTP application from an [`AppState`], so tests drive it in-process
//! with `tower::ServiceExt::oneshot`; [`serve`] binds it to an address for `main` and for
//! black-box tests.

pub mod config;
pub mod db;
pub mod error;
mod routes;
mod static_files;

use std::future::Future;
use std::path::PathBuf;
use std::time::Duration;

use axum::http::{header, HeaderName, HeaderValue};
use axum::{middleware, Router};
use healthcode_core::api::API_PREFIX;
use tokio::net::TcpListener;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::config::Config;
use crate::db::Database;

/// The largest request body accepted (a declaration is a few kB).
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// What every request handler shares.
#[derive(Clone, Debug)]
pub struct AppState {
    pub db: Database,
    pub static_dir: PathBuf,
}

impl AppState {
    /// Opens (creating and migrating) the configured database.
    pub async fn from_config(config: &Config) -> anyhow::Result<Self> {
        Ok(Self {
            db: Database::open(&config.database).await?,
            static_dir: config.static_dir.clone(),
        })
    }
}

/// The whole HTTP application: the API under `/api/v1`, the web app everywhere else.
pub fn app(state: AppState) -> Router {
    let api = routes::router()
        .fallback(error::api_not_found)
        .with_state(state.clone());
    let security_headers = [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (
            HeaderName::from_static("permissions-policy"),
            "camera=(self), geolocation=(), microphone=()",
        ),
    ];
    let mut router = Router::new()
        .nest(API_PREFIX, api)
        .merge(static_files::router(&state.static_dir))
        .layer(middleware::from_fn(error::localize))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(CompressionLayer::new())
        .layer(CatchPanicLayer::new());
    for (name, value) in security_headers {
        router = router.layer(SetResponseHeaderLayer::overriding(
            name,
            HeaderValue::from_static(value),
        ));
    }
    router.layer(TraceLayer::new_for_http())
}

/// Binds `config.addr`, logs where it listens, and serves until `shutdown` resolves, then
/// drains in-flight requests.
pub async fn serve(
    config: &Config,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let listener = TcpListener::bind(config.addr).await?;
    let addr = listener.local_addr()?;
    if !state.static_dir.join("index.html").exists() {
        tracing::warn!(
            static_dir = %state.static_dir.display(),
            "the web app is not built here; `make run` builds it"
        );
    }
    // Tests and scripts read this exact line to find a port chosen by the OS.
    tracing::info!("healthcode listening on http://{addr}");
    let db = state.db.clone();
    axum::serve(listener, app(state))
        .with_graceful_shutdown(shutdown)
        .await?;
    tokio::time::timeout(Duration::from_secs(5), db.close())
        .await
        .ok();
    Ok(())
}
