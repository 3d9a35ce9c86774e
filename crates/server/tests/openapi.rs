//! The OpenAPI document is generated from the same registrations as the routes; these tests
//! check it is served, lists every operation, and that each documented operation is routed.

mod common;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use common::{expect, test_app};

/// Every operation of `/api/v1`. A new route must be added here (and so documented).
const OPERATIONS: &[(&str, &str)] = &[
    ("delete", "/admin/risk-areas/{code}"),
    ("delete", "/auth/session"),
    ("delete", "/persons/{id}"),
    ("get", "/admin/appeals"),
    ("get", "/admin/appeals/{id}"),
    ("get", "/admin/audit"),
    ("get", "/admin/division-reports"),
    ("get", "/admin/risk-areas"),
    ("get", "/auth/session"),
    ("get", "/checkpoint/scans"),
    ("get", "/divisions"),
    ("get", "/divisions/search"),
    ("get", "/divisions/{code}"),
    ("get", "/health"),
    ("get", "/me"),
    ("get", "/persons/{id}/appeals"),
    ("get", "/persons/{id}/checkins"),
    ("get", "/persons/{id}/code"),
    ("get", "/persons/{id}/declaration"),
    ("get", "/persons/{id}/paper-codes"),
    ("get", "/staff/checkin-stats"),
    ("get", "/staff/checkin-stats/export"),
    ("get", "/staff/completion"),
    ("get", "/staff/me"),
    ("get", "/staff/residents"),
    ("get", "/staff/residents/{id}"),
    ("get", "/trust-list"),
    ("post", "/admin/appeals/{id}/overrides"),
    ("post", "/admin/appeals/{id}/resolve"),
    ("post", "/admin/authority-list"),
    ("post", "/admin/division-reports/{id}/dismiss"),
    ("post", "/admin/divisions"),
    ("post", "/admin/overrides/{id}/approve"),
    ("post", "/admin/overrides/{id}/reject"),
    ("post", "/admin/staff"),
    ("post", "/auth/otp"),
    ("post", "/auth/session"),
    ("post", "/checkpoint/scans"),
    ("post", "/checkpoint/scans/batch"),
    ("post", "/divisions/reports"),
    ("post", "/persons"),
    ("post", "/persons/{id}/appeals"),
    ("post", "/persons/{id}/checkins"),
    ("post", "/persons/{id}/paper-codes"),
    ("post", "/persons/{id}/paper-codes/{paper_id}/lost"),
    ("post", "/staff/residents/{id}/contacts"),
    ("post", "/verify"),
    ("put", "/admin/risk-areas/{code}"),
    ("put", "/persons/{id}"),
    ("put", "/persons/{id}/declaration"),
];

fn documented(spec: &serde_json::Value) -> Vec<(String, String)> {
    let mut ops: Vec<(String, String)> = spec["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, item)| {
            item.as_object()
                .unwrap()
                .keys()
                .filter(|k| ["get", "put", "post", "delete", "patch"].contains(&k.as_str()))
                .map(move |method| (method.clone(), path.clone()))
        })
        .collect();
    ops.sort();
    ops
}

#[tokio::test]
async fn the_document_is_served_and_lists_every_operation() {
    let t = test_app().await;
    let spec = expect(t.get("/api/v1/openapi.json").await, StatusCode::OK).await;
    assert!(spec["openapi"].as_str().unwrap().starts_with("3."));
    assert_eq!(spec["servers"][0]["url"], "/api/v1");
    let expected: Vec<(String, String)> = OPERATIONS
        .iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    assert_eq!(documented(&spec), expected);
    assert_eq!(serde_json::to_value(healthcode_server::openapi()).unwrap(), spec);
    for schema in [
        "DeclarationForm",
        "CodeView",
        "ErrorBody",
        "VerifyResult",
        "TrustList",
    ] {
        assert!(
            spec["components"]["schemas"][schema].is_object(),
            "schema {schema} is documented"
        );
    }
}

#[tokio::test]
async fn every_documented_operation_is_routed() {
    let t = test_app().await;
    let spec = expect(t.get("/api/v1/openapi.json").await, StatusCode::OK).await;
    for (method, path) in documented(&spec) {
        let uri = format!(
            "/api/v1{}",
            path.replace("{id}", "p_unknown").replace("{code}", "14")
        );
        let request = Request::builder()
            .method(Method::from_bytes(method.to_uppercase().as_bytes()).unwrap())
            .uri(&uri)
            .header("content-type", "application/json")
            .body(Body::empty())
            .unwrap();
        let status = t.send(request).await.status();
        // Unrouted paths answer 404 and wrong methods 405; a routed operation answers with
        // its own status (401 without a session, 422 without a body, 200, 204).
        assert!(
            status != StatusCode::NOT_FOUND && status != StatusCode::METHOD_NOT_ALLOWED,
            "{method} {uri} is documented but answered {status}"
        );
        assert!(!status.is_server_error(), "{method} {uri} answered {status}");
    }
}
