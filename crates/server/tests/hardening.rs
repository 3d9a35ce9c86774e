//! The attacks of issue 15 that a request can try, each now refused: a login from a plain HTML
//! form (text/plain, 415), a write from another site's page (403) unless it is a configured
//! host app, API answers kept by a cache (no-store), and scripts or frames from elsewhere (CSP).

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::{json, test_app, TestApp};
use healthcode_server::guard::HostOrigins;

const OTP: &str = "/api/v1/auth/otp";

fn otp(phone: &str) -> Request<Body> {
    Request::post(OTP)
        .header(header::HOST, "hc.example")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(format!(r#"{{"phone":"{phone}"}}"#)))
        .unwrap()
}

fn with(mut request: Request<Body>, name: &'static str, value: &'static str) -> Request<Body> {
    request.headers_mut().insert(name, value.parse().unwrap());
    request
}

fn codes_sent(t: &TestApp) -> usize {
    std::fs::read_to_string(t.dir.path().join("sms.jsonl"))
        .map(|outbox| outbox.lines().count())
        .unwrap_or(0)
}

#[tokio::test]
async fn a_login_from_a_plain_html_form_is_415_and_sends_no_code() {
    let t = test_app().await;
    let form = Request::post(OTP)
        .header(header::CONTENT_TYPE, "text/plain")
        .body(Body::from(r#"{"phone":"13900000101"}"#))
        .unwrap();
    let answer = t.send(form).await;
    assert_eq!(answer.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(json(answer).await["code"], "unsupported_media_type");
    let untyped = Request::post("/api/v1/auth/session")
        .header(header::CONTENT_LENGTH, "30")
        .body(Body::from(r#"{"phone":"13900000101","c":1}"#))
        .unwrap();
    assert_eq!(t.send(untyped).await.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(codes_sent(&t), 0);
    // The same request as JSON works: the refusal is about the type, not the route.
    assert_eq!(t.send(otp("13900000101")).await.status(), StatusCode::ACCEPTED);
    assert_eq!(codes_sent(&t), 1);
}

#[tokio::test]
async fn a_write_from_another_site_is_403_unless_from_a_configured_host_app() {
    let mut t = test_app().await;
    for cross in [
        with(otp("13900000102"), "origin", "https://evil.example"),
        with(
            with(otp("13900000102"), "sec-fetch-site", "cross-site"),
            "origin",
            "https://evil.example",
        ),
        with(otp("13900000102"), "sec-fetch-site", "same-site"),
    ] {
        let answer = t.send(cross).await;
        assert_eq!(answer.status(), StatusCode::FORBIDDEN);
        assert_eq!(json(answer).await["code"], "cross_site");
    }
    assert_eq!(codes_sent(&t), 0);
    let own = with(otp("13900000102"), "origin", "https://hc.example");
    assert_eq!(t.send(own).await.status(), StatusCode::ACCEPTED);
    // Reads are not writes: another site may still load the trust list.
    let read = with(
        Request::get("/api/v1/trust-list").body(Body::empty()).unwrap(),
        "sec-fetch-site",
        "cross-site",
    );
    assert_eq!(t.send(read).await.status(), StatusCode::OK);

    t.state.host_origins = HostOrigins::new(&["https://app.city.gov.cn".into()]);
    let host = with(
        with(otp("13900000103"), "sec-fetch-site", "cross-site"),
        "origin",
        "https://app.city.gov.cn",
    );
    assert_eq!(t.send(host).await.status(), StatusCode::ACCEPTED);
    let page = t.get("/").await;
    let csp = page.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(csp.contains("frame-ancestors https://app.city.gov.cn"), "{csp}");
    assert!(!page.headers().contains_key(header::X_FRAME_OPTIONS));
}

#[tokio::test]
async fn api_answers_are_never_cached_and_pages_carry_a_strict_csp() {
    let t = test_app().await;
    for uri in ["/api/v1/health", "/api/v1/nowhere", "/api/v1/me"] {
        let answer = t.get(uri).await;
        assert_eq!(answer.headers()[header::CACHE_CONTROL], "no-store", "{uri}");
    }
    let page = t.get("/declare/p/identity").await;
    assert_eq!(page.headers()[header::CACHE_CONTROL], "no-cache");
    let csp = page.headers()[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    for part in [
        "default-src 'self'",
        "script-src 'self' 'wasm-unsafe-eval'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ] {
        assert!(csp.contains(part), "{part} in {csp}");
    }
    assert_eq!(page.headers()[header::X_FRAME_OPTIONS], "DENY");
    assert!(!page.headers().contains_key(header::STRICT_TRANSPORT_SECURITY));
    #[cfg(unix)]
    if common::postgres_server().is_none() {
        use std::os::unix::fs::PermissionsExt;
        let db = t.dir.path().join("nested/data/hc.db");
        assert_eq!(std::fs::metadata(db).unwrap().permissions().mode() & 0o777, 0o600);
    }
}

#[tokio::test]
async fn staff_sessions_idle_out_in_30_minutes_and_end_at_12_hours() {
    let t = test_app().await;
    let staff = common::staff_login(&t, "13900000104", healthcode_core::staff::Role::Admin, &[]).await;
    let resident = common::log_in(&t, "13900000105").await;
    let status = |cookie: String| {
        let t = &t;
        async move { t.get_as("/api/v1/me", &cookie).await.status() }
    };
    // In use every 20 minutes, the staff session lives until its 12th hour, not past it.
    for _ in 0..35 {
        assert!(t.state.clock.advance(20 * 60));
        assert_eq!(status(staff.clone()).await, StatusCode::OK);
    }
    assert!(t.state.clock.advance(20 * 60));
    assert_eq!(
        status(staff.clone()).await,
        StatusCode::UNAUTHORIZED,
        "past 12 hours"
    );
    // The resident's session outlives that; a week untouched ends it.
    assert_eq!(status(resident.clone()).await, StatusCode::OK);
    let village = common::first_village();
    let idle = common::staff_login(
        &t,
        "13900000106",
        healthcode_core::staff::Role::GridWorker,
        &[&village],
    )
    .await;
    assert!(t.state.clock.advance(31 * 60));
    assert_eq!(status(idle).await, StatusCode::UNAUTHORIZED, "31 minutes idle");
    assert_eq!(status(resident.clone()).await, StatusCode::OK);
    assert!(t.state.clock.advance(7 * 86_400 + 60));
    assert_eq!(status(resident).await, StatusCode::UNAUTHORIZED, "a week idle");
}
