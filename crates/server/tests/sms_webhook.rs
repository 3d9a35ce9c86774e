//! The SMS gateway webhook: what it receives, and what a resident sees when it fails.

mod common;

use std::sync::{Arc, Mutex};

use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use common::{expect, test_app};
use healthcode_server::sms::WebhookSender;
use serde_json::{json, Value};

/// What the gateway received: the Authorization header and the JSON body of each request.
type Received = Arc<Mutex<Vec<(Option<String>, Value)>>>;

/// A stand-in gateway on a loopback port that records what it is sent and answers `status`.
async fn gateway(status: StatusCode) -> (String, Received) {
    let seen: Received = Arc::default();
    let record = seen.clone();
    let app = Router::new().route(
        "/sms",
        post(move |headers: HeaderMap, body: axum::Json<Value>| {
            let record = record.clone();
            async move {
                let auth = headers
                    .get("authorization")
                    .map(|v| v.to_str().unwrap().to_owned());
                record.lock().unwrap().push((auth, body.0));
                status
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/sms", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, seen)
}

#[tokio::test]
async fn the_gateway_receives_phone_and_code_with_the_bearer_token() {
    let (url, seen) = gateway(StatusCode::OK).await;
    let mut t = test_app().await;
    t.state.sms = Arc::new(WebhookSender::new(url, Some("s3cret".into())).unwrap());
    let response = t
        .post_json("/api/v1/auth/otp", None, &json!({"phone": "13900001111"}))
        .await;
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 1);
    let (auth, body) = &seen[0];
    assert_eq!(auth.as_deref(), Some("Bearer s3cret"));
    assert_eq!(body["phone"], "13900001111");
    assert_eq!(body["purpose"], "login");
    let code = body["code"].as_str().unwrap();
    assert!(code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()));
}

#[tokio::test]
async fn a_failing_gateway_is_a_503_to_retry_not_a_500() {
    let (url, _) = gateway(StatusCode::BAD_GATEWAY).await;
    let mut t = test_app().await;
    t.state.sms = Arc::new(WebhookSender::new(url, None).unwrap());
    let response = t
        .post_json("/api/v1/auth/otp", None, &json!({"phone": "13900001111"}))
        .await;
    assert!(response.headers().contains_key("retry-after"));
    let body = expect(response, StatusCode::SERVICE_UNAVAILABLE).await;
    assert_eq!(body["code"], "unavailable");
}

#[tokio::test]
async fn after_a_gateway_failure_the_resident_may_retry_at_once() {
    let (bad, _) = gateway(StatusCode::BAD_GATEWAY).await;
    let (good, seen) = gateway(StatusCode::OK).await;
    let mut t = test_app().await;
    t.state.sms = Arc::new(WebhookSender::new(bad, None).unwrap());
    let first = t
        .post_json("/api/v1/auth/otp", None, &json!({"phone": "13900001111"}))
        .await;
    assert_eq!(first.status(), StatusCode::SERVICE_UNAVAILABLE);
    t.state.sms = Arc::new(WebhookSender::new(good, None).unwrap());
    let retry = t
        .post_json("/api/v1/auth/otp", None, &json!({"phone": "13900001111"}))
        .await;
    assert_eq!(
        retry.status(),
        StatusCode::ACCEPTED,
        "the failed send did not use up the 1-a-minute limit"
    );
    assert_eq!(seen.lock().unwrap().len(), 1);
}
