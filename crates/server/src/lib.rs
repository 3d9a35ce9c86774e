//! healthcode's API and static server.
//!
//! [`app`] builds the whole HTTP application from an [`AppState`], so tests drive it in-process
//! with `tower::ServiceExt::oneshot`; [`serve`] binds it to an address for `main` and for
//! black-box tests.

pub mod auth;
pub mod cli;
pub mod clock;
pub mod code_state;
pub mod config;
pub mod divisions;
pub mod error;
mod extract;
mod idempotency;
pub mod keys;
pub mod residence;
mod routes;
pub mod rules;
pub mod secrets;
pub mod shed;
pub mod sms;
mod static_files;
pub mod store;

use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::http::{header, HeaderName, HeaderValue};
use axum::{middleware, Router};
use healthcode_core::api::API_PREFIX;
use tokio::net::TcpListener;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};
use tracing::Level;

use healthcode_core::token::TrustedKey;

use crate::clock::Clock;
use crate::config::{Config, DatabaseLocation};
use crate::keys::SigningIdentity;
use crate::rules::RuleConfig;
use crate::secrets::Pepper;
use crate::sms::{ConsoleSender, OutboxSender, SmsSender, WebhookSender};
use crate::store::{PgStore, SqliteStore, Store};

/// The largest request body accepted (a declaration is a few kB).
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// What every request handler shares.
#[derive(Clone, Debug)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub static_dir: PathBuf,
    /// Database (SQLite), secrets and signing keys.
    pub data_dir: PathBuf,
    pub clock: Clock,
    pub pepper: Pepper,
    pub sms: Arc<dyn SmsSender>,
    pub signing: SigningIdentity,
    pub rules: RuleConfig,
    pub secure_cookies: bool,
    /// In-flight slots per request class (load shedding).
    pub limits: shed::Limits,
}

impl AppState {
    /// Opens (creating and migrating) the configured database, imports the district dataset
    /// on first start, and loads (or creates) the secrets in the data dir.
    pub async fn from_config(config: &Config) -> anyhow::Result<Self> {
        let store: Arc<dyn Store> = match &config.database {
            DatabaseLocation::Sqlite(path) => Arc::new(SqliteStore::open(path).await?),
            DatabaseLocation::Postgres(url) => Arc::new(PgStore::open(url).await?),
        };
        divisions::import_if_empty(store.as_ref(), divisions::DATASET).await?;
        let filled = residence::backfill(store.as_ref()).await?;
        if filled > 0 {
            tracing::info!("staff view filled in for {filled} persons declared before it existed");
        }
        let rules = match &config.rules_file {
            Some(path) => RuleConfig::from_toml(&std::fs::read_to_string(path)?)
                .map_err(|e| anyhow::anyhow!("HEALTHCODE_RULES {}: {e}", path.display()))?,
            None => RuleConfig::default(),
        };
        let sms: Arc<dyn SmsSender> = match (&config.sms_webhook, &config.sms_outbox) {
            (Some((url, token)), _) => Arc::new(WebhookSender::new(url.clone(), token.clone())?),
            (None, Some(path)) => Arc::new(OutboxSender::new(path.clone())),
            (None, None) => Arc::new(ConsoleSender),
        };
        let clock = if config.test_clock {
            tracing::warn!("HEALTHCODE_TEST_CLOCK is on: the server clock can be moved by tests");
            Clock::adjustable()
        } else {
            Clock::system()
        };
        let state = Self {
            store,
            static_dir: config.static_dir.clone(),
            data_dir: config.data_dir.clone(),
            pepper: Pepper::load_or_create(&config.data_dir)?,
            signing: SigningIdentity::load_or_create(&config.data_dir, &config.issuer)?,
            clock,
            sms,
            rules,
            secure_cookies: config.secure_cookies,
            limits: shed::Limits::new(config.slots[0], config.slots[1], config.slots[2]),
        };
        state.register_own_key().await?;
        Ok(state)
    }

    /// Puts this server's signing key on its own trust list.
    pub async fn register_own_key(&self) -> anyhow::Result<()> {
        let key = TrustedKey {
            issuer: self.signing.issuer.clone(),
            key_id: self.signing.key_id.clone(),
            public_key: self.signing.public_key_hex(),
            valid_from: 0,
            valid_until: None,
        };
        self.store
            .ensure_own_key(&key, &self.clock.now().to_rfc3339())
            .await?;
        Ok(())
    }
}

/// The whole HTTP application: the API under `/api/v1`, the web app everywhere else.
pub fn app(state: AppState) -> Router {
    let (mut api, spec) = routes::router().split_for_parts();
    let spec = Arc::new(openapi_document(spec));
    if state.clock.is_adjustable() {
        api = api.merge(routes::test_clock::router());
    }
    let api = api
        .layer(middleware::from_fn_with_state(state.limits.clone(), shed::shed))
        .route(
            "/openapi.json",
            axum::routing::get(move || {
                let spec = spec.clone();
                async move { axum::Json(spec.as_ref().clone()) }
            }),
        )
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
    // One line per request (method, path, status, latency) at INFO; headers and bodies, where
    // personal data lives, are never logged.
    router.layer(
        TraceLayer::new_for_http()
            .make_span_with(DefaultMakeSpan::new().level(Level::INFO))
            .on_request(())
            .on_response(DefaultOnResponse::new().level(Level::INFO)),
    )
}

/// The OpenAPI document of `/api/v1`, served at `/api/v1/openapi.json`.
pub fn openapi() -> utoipa::openapi::OpenApi {
    openapi_document(routes::router().split_for_parts().1)
}

fn openapi_document(mut spec: utoipa::openapi::OpenApi) -> utoipa::openapi::OpenApi {
    spec.info.title = "healthcode API".into();
    spec.info.version = env!("CARGO_PKG_VERSION").into();
    spec.info.description = Some(
        "Health codes: SMS login, declarations, colour review, signed code tokens. Errors share one \
         shape {code, message, field?, errors?}; messages follow Accept-Language (zh-CN default, en)."
            .into(),
    );
    spec.servers = Some(vec![utoipa::openapi::Server::new(API_PREFIX)]);
    spec
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
    let store = state.store.clone();
    // Lapses, ended isolations and streaks are stored as they happen, not only when read.
    let sweeper = code_state::spawn_sweeper(state.clone(), Duration::from_secs(config.sweep_secs));
    let service = app(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, service)
        .with_graceful_shutdown(shutdown)
        .await?;
    sweeper.abort();
    tokio::time::timeout(Duration::from_secs(5), store.close())
        .await
        .ok();
    Ok(())
}
