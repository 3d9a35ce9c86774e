//! healthcode's API and static server.
//!
//! [`app`] builds the whole HTTP application from an [`AppState`], so tests drive it in-process
//! with `tower::ServiceExt::oneshot`; [`serve`] binds it to an address for `main` and for
//! black-box tests.

pub mod auth;
pub mod cli;
pub mod client;
pub mod clock;
pub mod code_state;
pub mod config;
pub mod divisions;
pub mod error;
mod extract;
pub mod guard;
mod idempotency;
pub mod keys;
mod listen;
pub mod residence;
mod routes;
pub mod rules;
pub mod secrets;
mod security_headers;
pub mod shed;
pub mod sms;
mod static_files;
pub mod store;

use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::http::{header, HeaderValue};
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
use crate::keys::KeyRing;
use crate::rules::RuleConfig;
use crate::secrets::Pepper;
use crate::security_headers::SecurityHeaders;
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
    /// This server's signing key, switched without a restart after `keys rotate`.
    pub signing: KeyRing,
    pub rules: RuleConfig,
    pub secure_cookies: bool,
    /// Host apps whose pages may frame the app and call the API (`HEALTHCODE_HOST_ORIGINS`).
    pub host_origins: guard::HostOrigins,
    /// In-flight slots per request class (load shedding).
    pub limits: shed::Limits,
}

impl AppState {
    /// Opens (creating and migrating) the configured database, imports the district dataset
    /// on first start, and loads (or creates) the secrets in the data dir.
    pub async fn from_config(config: &Config) -> anyhow::Result<Self> {
        secrets::private_dir(&config.data_dir)?;
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
            // Only a development server (HEALTHCODE_SMS_CONSOLE) or an admin command gets here.
            (None, None) => Arc::new(ConsoleSender),
        };
        let clock = match config.test_clock {
            true if cfg!(feature = "test-clock") => {
                tracing::warn!("HEALTHCODE_TEST_CLOCK is on: the server clock can be moved by tests");
                Clock::adjustable()
            }
            true => {
                tracing::error!(
                    "HEALTHCODE_TEST_CLOCK is ignored: this build has no test clock (cargo feature test-clock)"
                );
                Clock::system()
            }
            false => Clock::system(),
        };
        let state = Self {
            store,
            static_dir: config.static_dir.clone(),
            data_dir: config.data_dir.clone(),
            pepper: Pepper::load_or_create(&config.data_dir)?,
            signing: KeyRing::load_or_create(&config.data_dir, &config.issuer)?,
            clock,
            sms,
            rules,
            secure_cookies: config.secure_cookies,
            host_origins: guard::HostOrigins::new(&config.host_origins),
            limits: shed::Limits::new(config.slots[0], config.slots[1], config.slots[2])
                .with(config.timeouts, config.trusted_proxies.clone()),
        };
        state.register_own_key().await?;
        Ok(state)
    }

    /// Puts this server's signing key on its own trust list.
    pub async fn register_own_key(&self) -> anyhow::Result<()> {
        let signing = self.signing.current();
        let key = TrustedKey {
            issuer: signing.issuer.clone(),
            key_id: signing.key_id.clone(),
            public_key: signing.public_key_hex(),
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
    let (api, spec) = routes::router().split_for_parts();
    let spec = Arc::new(openapi_document(spec));
    #[cfg(feature = "test-clock")]
    let api = match state.clock.is_adjustable() {
        true => api.merge(routes::test_clock::router()),
        false => api,
    };
    let api = api
        .layer(middleware::from_fn_with_state(state.limits.clone(), shed::shed))
        .layer(middleware::from_fn_with_state(
            state.host_origins.clone(),
            guard::guard,
        ))
        .route(
            "/openapi.json",
            axum::routing::get(move || {
                let spec = spec.clone();
                async move { axum::Json(spec.as_ref().clone()) }
            }),
        )
        .fallback(error::api_not_found)
        // Answers carry personal data: never kept by a browser or proxy cache.
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .with_state(state.clone());
    let headers = SecurityHeaders::new(&state.static_dir, &state.host_origins, state.secure_cookies);
    let router = Router::new()
        .nest(API_PREFIX, api)
        .merge(static_files::router(&state.static_dir))
        .layer(middleware::from_fn(error::localize))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(CompressionLayer::new())
        .layer(CatchPanicLayer::new())
        .layer(middleware::from_fn_with_state(headers, security_headers::add));
    // One line per request (method, path, status, latency) at INFO; headers and bodies, where
    // personal data lives, are never logged.
    router.layer(
        TraceLayer::new_for_http()
            .make_span_with(DefaultMakeSpan::new().level(Level::INFO))
            .on_request(())
            .on_response(DefaultOnResponse::new().level(Level::INFO)),
    )
}

/// Picks up a key made by `keys rotate` (here or on another server sharing `keys/`) without a
/// restart, and puts it on the trust list.
fn spawn_key_watch(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(keys::RELOAD_EVERY_SECS));
        loop {
            every.tick().await;
            match state.signing.reload() {
                Ok(true) => {
                    tracing::info!(key_id = %state.signing.current().key_id, "signing with the rotated key");
                    if let Err(err) = state.register_own_key().await {
                        tracing::warn!(error = %err, "cannot list the rotated key");
                    }
                }
                Ok(false) => {}
                Err(err) => tracing::warn!(error = %err, "cannot read the current signing key"),
            }
        }
    })
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
    let key_watch = spawn_key_watch(state.clone());
    let header_timeout = state.limits.timeouts.header;
    listen::serve(listener, app(state), header_timeout, shutdown).await;
    sweeper.abort();
    key_watch.abort();
    tokio::time::timeout(Duration::from_secs(5), store.close())
        .await
        .ok();
    Ok(())
}
