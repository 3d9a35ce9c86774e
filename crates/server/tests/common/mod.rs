//! Shared set-up of the in-process tests: a fresh database with a slice of the real division
//! dataset, and request helpers. The database is SQLite in a temp dir, or a new PostgreSQL
//! database when `HEALTHCODE_TEST_POSTGRES` names a server (`postgres://user@host:port`, whose
//! user may create databases): `make test` runs every test both ways.
#![allow(dead_code)]

use std::sync::{Arc, OnceLock};

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::response::Response;
use healthcode_core::staff::Role;
use healthcode_server::cli::{run, Command};
use healthcode_server::clock::Clock;
use healthcode_server::divisions;
use healthcode_server::keys::KeyRing;
use healthcode_server::rules::RuleConfig;
use healthcode_server::secrets::Pepper;
use healthcode_server::sms::OutboxSender;
use healthcode_server::store::{DivisionRow, PgStore, SqliteStore, Store};
use healthcode_server::{app, AppState};
use http_body_util::BodyExt;
use sqlx::Connection;
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
    let store = fresh_store(dir.path()).await;
    store
        .import_divisions(fixture_divisions(), divisions::SOURCE)
        .await
        .unwrap();
    let outbox = dir.path().join("sms.jsonl");
    let state = AppState {
        store,
        static_dir,
        data_dir: dir.path().to_path_buf(),
        clock: Clock::adjustable(),
        pepper: Pepper::from_bytes([7; 32]),
        sms: Arc::new(OutboxSender::new(outbox)),
        signing: KeyRing::load_or_create(dir.path(), "42").unwrap(),
        rules: RuleConfig::default(),
        secure_cookies: false,
        host_origins: Default::default(),
        limits: healthcode_server::shed::Limits::default(),
    };
    state.register_own_key().await.unwrap();
    TestApp { state, dir }
}

/// The PostgreSQL server the tests run against instead of SQLite, if any.
pub fn postgres_server() -> Option<String> {
    std::env::var("HEALTHCODE_TEST_POSTGRES")
        .ok()
        .filter(|url| !url.is_empty())
}

/// An empty, migrated store of its own for one test.
async fn fresh_store(dir: &std::path::Path) -> Arc<dyn Store> {
    let Some(server) = postgres_server() else {
        // A nested path that does not exist yet proves the database directory is created.
        return Arc::new(SqliteStore::open(&dir.join("nested/data/hc.db")).await.unwrap());
    };
    let name = format!("hc_test_{:016x}", rand::random::<u64>());
    let mut admin = sqlx::PgConnection::connect(&format!("{server}/postgres"))
        .await
        .expect("HEALTHCODE_TEST_POSTGRES: cannot connect");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .await
        .unwrap();
    admin.close().await.unwrap();
    Arc::new(PgStore::open(&format!("{server}/{name}")).await.unwrap())
}

/// The backend `/health` should report.
pub fn expected_backend() -> &'static str {
    if postgres_server().is_some() {
        "postgres"
    } else {
        "sqlite"
    }
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

/// The session cookie of a freshly logged-in account for `phone` (login code read from the
/// SMS outbox, like a user reading their phone).
pub async fn log_in(t: &TestApp, phone: &str) -> String {
    let response = t
        .post_json("/api/v1/auth/otp", None, &serde_json::json!({ "phone": phone }))
        .await;
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    let code = t.last_code(phone);
    let response = t
        .post_json(
            "/api/v1/auth/session",
            None,
            &serde_json::json!({ "phone": phone, "code": code }),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let cookie = response.headers()[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .to_owned();
    cookie.split(';').next().unwrap().to_owned()
}

impl TestApp {
    /// The newest login code sent to `phone`.
    pub fn last_code(&self, phone: &str) -> String {
        let outbox = std::fs::read_to_string(self.dir.path().join("sms.jsonl")).unwrap();
        outbox
            .lines()
            .rev()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
            .find(|m| m["phone"] == phone)
            .map(|m| m["code"].as_str().unwrap().to_owned())
            .expect("a code was sent")
    }

    pub async fn post_json(&self, uri: &str, cookie: Option<&str>, body: &serde_json::Value) -> Response {
        self.send_json("POST", uri, cookie, None, body).await
    }

    pub async fn send_json(
        &self,
        method: &str,
        uri: &str,
        cookie: Option<&str>,
        idempotency_key: Option<&str>,
        body: &serde_json::Value,
    ) -> Response {
        let mut request = Request::builder()
            .method(method)
            .uri(uri)
            .header(header::CONTENT_TYPE, "application/json");
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        if let Some(key) = idempotency_key {
            request = request.header("idempotency-key", key);
        }
        self.send(request.body(Body::from(body.to_string())).unwrap())
            .await
    }

    /// `PUT /persons/{person}/declaration` as the account of `cookie`.
    pub async fn declare(&self, cookie: &str, person: &str, key: &str, body: &serde_json::Value) -> Response {
        let uri = format!("/api/v1/persons/{person}/declaration");
        self.send_json("PUT", &uri, Some(cookie), Some(key), body).await
    }

    pub async fn get_as(&self, uri: &str, cookie: &str) -> Response {
        self.send(
            Request::get(uri)
                .header(header::COOKIE, cookie)
                .body(Body::empty())
                .unwrap(),
        )
        .await
    }
}

/// The seed's traveller: lives in 山西省运城市盐湖区, arrived from 湖北省襄阳市 two days ago.
pub fn traveller() -> serde_json::Value {
    serde_json::json!({
        "name": "李华", "sex": "female", "nationality": "CHN",
        "document_type": "resident_id", "document_number": "11010519491231002X",
        "phone": "13900001111",
        "residence_division": first_village(), "residence_address": "解放路 8 号 3 单元 501",
        "from_outside_province": true,
        "origin_division": "420602", "origin_country": null, "arrival_date": days_ago(2),
        "itinerary": [{"division": "420602", "country": null, "from": days_ago(14), "to": days_ago(3)}],
        "planned_departure": null,
        "temperature_c": 36.5, "symptoms": [], "contact_history": "none",
        "isolation_start": null, "on_duty_worker": false,
        "commitment": true
    })
}

/// A real community of 盐湖区 from the dataset.
pub fn first_village() -> String {
    fixture_divisions()
        .iter()
        .find(|r| r.code.len() == 12 && r.code.starts_with("140802"))
        .unwrap()
        .code
        .clone()
}

pub fn days_ago(days: i64) -> String {
    (chrono::Utc::now().date_naive() - chrono::Duration::days(days)).to_string()
}

/// Gives `phone` a role through the admin CLI (with its divisions, for grid workers and
/// officials) and logs it in; returns the session cookie.
pub async fn staff_login(t: &TestApp, phone: &str, role: Role, divisions: &[&str]) -> String {
    run(
        Command::SetRole {
            phone: phone.into(),
            role,
            divisions: divisions.iter().map(|d| (*d).to_owned()).collect(),
        },
        &t.state,
    )
    .await
    .unwrap();
    log_in(t, phone).await
}

/// A valid resident ID number (GB 11643 check digit) born 1980, told apart by `serial`.
pub fn resident_id(serial: u32) -> String {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let body = format!("11010519800101{:03}", serial % 1000);
    let sum: u32 = body
        .chars()
        .zip(WEIGHTS)
        .map(|(c, w)| c.to_digit(10).unwrap() * w)
        .sum();
    let check = b"10X98765432"[(sum % 11) as usize] as char;
    format!("{body}{check}")
}

/// The communities (12-digit codes) of the fixture under `prefix`, by code.
pub fn villages_under(prefix: &str) -> Vec<String> {
    fixture_divisions()
        .iter()
        .filter(|r| r.code.len() == 12 && r.code.starts_with(prefix))
        .map(|r| r.code.clone())
        .collect()
}
