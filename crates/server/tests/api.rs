//! In-process tests of the HTTP application: `app(state).oneshot(request)`.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::{body_bytes, expected_backend, test_app};
use healthcode_core::api::{ComponentStatus, ErrorBody, Health};

#[tokio::test]
async fn health_reports_version_and_a_migrated_database() {
    let t = test_app().await;
    let response = t.get("/api/v1/health").await;
    assert_eq!(response.status(), StatusCode::OK);
    let health: Health = serde_json::from_slice(&body_bytes(response).await).unwrap();
    assert_eq!(health.status, ComponentStatus::Ok);
    assert_eq!(health.version, env!("CARGO_PKG_VERSION"));
    assert_eq!(health.database.status, ComponentStatus::Ok);
    assert_eq!(health.database.backend, expected_backend());
    assert!(health.database.schema_version.unwrap_or(0) >= 1);
}

#[tokio::test]
async fn health_says_unavailable_when_the_database_is_gone() {
    let t = test_app().await;
    t.state.store.close().await;
    let response = t.get("/api/v1/health").await;
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    let health: Health = serde_json::from_slice(&body_bytes(response).await).unwrap();
    assert_eq!(health.database.status, ComponentStatus::Unavailable);
}

#[tokio::test]
async fn unknown_api_routes_get_a_json_404_in_the_callers_language() {
    let t = test_app().await;
    let response = t.get("/api/v1/no-such-thing").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let body: ErrorBody = serde_json::from_slice(&body_bytes(response).await).unwrap();
    assert_eq!(body.code, "not_found");
    assert_eq!(body.message, "未找到请求的内容");

    let response = t.get_in("/api/v1/no-such-thing", "en-GB,en;q=0.9").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(response.headers()[header::CONTENT_TYPE], "application/json");
    let body: ErrorBody = serde_json::from_slice(&body_bytes(response).await).unwrap();
    assert_eq!(body.message, "Not found");
}

#[tokio::test]
async fn app_routes_fall_back_to_index_html_and_revalidate() {
    let t = test_app().await;
    let response = t.get("/declare/identity").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CACHE_CONTROL], "no-cache");
    let html = String::from_utf8(body_bytes(response).await).unwrap();
    assert!(html.contains("<title>健康码</title>"));
}

#[tokio::test]
async fn hashed_assets_are_cached_for_a_year() {
    let t = test_app().await;
    let response = t.get("/app-0123456789abcdef_bg.wasm").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
}

#[tokio::test]
async fn every_response_carries_security_headers() {
    let t = test_app().await;
    for uri in [
        "/api/v1/health",
        "/api/v1/nope",
        "/",
        "/app-0123456789abcdef_bg.wasm",
    ] {
        let response = t.get(uri).await;
        let headers = response.headers();
        assert_eq!(headers["x-content-type-options"], "nosniff", "{uri}");
        assert_eq!(headers["referrer-policy"], "no-referrer", "{uri}");
        assert_eq!(headers["x-frame-options"], "DENY", "{uri}");
    }
}

#[tokio::test]
async fn oversized_bodies_are_refused_not_crashed_on() {
    let t = test_app().await;
    let big = vec![b'x'; healthcode_server::MAX_BODY_BYTES + 1];
    let response = t
        .send(
            Request::post("/api/v1/health")
                .header(header::CONTENT_LENGTH, big.len())
                .body(Body::from(big))
                .unwrap(),
        )
        .await;
    assert!(response.status().is_client_error(), "{}", response.status());
}
