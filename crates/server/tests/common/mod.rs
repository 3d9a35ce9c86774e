//! Shared set-up of the in-process tests: a fresh SQLite database in a temp dir with a slice of
//! the real division dataset, and request helpers.
#![allow(dead_code)]

use std::sync::{Arc, OnceLock};

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::response::Response;
use healthcode_server::clock::Clock;
use healthcode_server::divisions;
use healthcode_server::keys::SigningIdentity;
use healthcode_server::rules::RuleConfig;
use healthcode_server::secrets::Pepper;
use healthcode_server::sms::OutboxSender;
use healthcode_server::store::{DivisionRow, SqliteStore, Store};
use healthcode_server::{app, AppState};
use http_body_util::BodyExt;
use tower::ServiceExt;

pub struct TestApp {
    pub state: AppState,
    pub dir: tempfile::TempDir,
}

/// Every province, city and county, plus everything under 盐湖区 (140802) and 襄城区 (420602).
fn fixture_divisions() -> &'static [DivisionRow] {
    static ROWS: OnceLock<Vec<DivisionRow>> = OnceLock::new();
    ROWS.get_or_init(|| {
        divisions::parse(divisions::DATASET)
            .unwrap()
            .into_iter()
            .filter(|r| r.code.len() <= 6 || r.code.starts_with("140802") || r.code.starts_with("420602"))
            .collect()
    })
}

pub async fn test_app() -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let static_dir = dir.path().join("dist");
    std::fs::create_dir_all(&static_dir).unwrap();
    std::fs::write(
        static_dir.join("index.html"),
        "<!doctype html><title>健康码</title>",
    )
    .unwrap();
    std::fs::write(static_dir.join("app-0123456789abcdef_bg.wasm"), b"\0asm").unwrap();
    // A nested path that does not exist yet proves the database directory is created.
    let store = SqliteStore::open(&dir.path().join("nested/data/hc.db"))
        .await
        .unwrap();
    store
        .import_divisions(fixture_divisions(), divisions::SOURCE)
        .await
        .unwrap();
    let outbox = dir.path().join("sms.jsonl");
    let state = AppState {
        store: Arc::new(store),
        static_dir,
        clock: Clock::adjustable(),
        pepper: Pepper::from_bytes([7; 32]),
        sms: Arc::new(OutboxSender::new(outbox)),
        signing: SigningIdentity::load_or_create(dir.path(), "42").unwrap(),
        rules: RuleConfig::default(),
        secure_cookies: false,
    };
    state.register_own_key().await.unwrap();
    TestApp { state, dir }
}

impl TestApp {
    pub async fn send(&self, request: Request<Body>) -> Response {
        app(self.state.clone()).oneshot(request).await.unwrap()
    }

    pub async fn get(&self, uri: &str) -> Response {
        self.send(Request::get(uri).body(Body::empty()).unwrap()).await
    }

    pub async fn get_in(&self, uri: &str, lang: &str) -> Response {
        self.send(
            Request::get(uri)
                .header(header::ACCEPT_LANGUAGE, lang)
                .body(Body::empty())
                .unwrap(),
        )
        .await
    }
}

pub async fn body_bytes(response: Response) -> Vec<u8> {
    response.into_body().collect().await.unwrap().to_bytes().to_vec()
}

pub async fn json(response: Response) -> serde_json::Value {
    serde_json::from_slice(&body_bytes(response).await).unwrap()
}

/// Asserts the status and returns the JSON body.
pub async fn expect(response: Response, status: StatusCode) -> serde_json::Value {
    let actual = response.status();
    let body = json(response).await;
    assert_eq!(actual, status, "body: {body}");
    body
}
