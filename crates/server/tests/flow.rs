//! Login, declaration and code, as a resident's app drives them, plus the refusals.

mod common;

use axum::http::{header, StatusCode};
use common::{expect, log_in, test_app, traveller};
use serde_json::json;

const PHONE: &str = "13900001111";

async fn my_person(t: &common::TestApp, cookie: &str) -> String {
    let me = expect(t.get_as("/api/v1/me", cookie).await, StatusCode::OK).await;
    assert_eq!(me["persons"][0]["relation"], "self");
    me["persons"][0]["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn otp_requests_are_accepted_alike_and_rate_limited() {
    let t = test_app().await;
    let response = t
        .post_json("/api/v1/auth/otp", None, &json!({"phone": PHONE}))
        .await;
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    let again = t
        .post_json("/api/v1/auth/otp", None, &json!({"phone": PHONE}))
        .await;
    assert_eq!(again.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = again.headers()[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&wait), "Retry-After {wait}");
    t.state.clock.advance(61);
    let later = t
        .post_json("/api/v1/auth/otp", None, &json!({"phone": PHONE}))
        .await;
    assert_eq!(later.status(), StatusCode::ACCEPTED);
    let bad = expect(
        t.post_json("/api/v1/auth/otp", None, &json!({"phone": "12345"}))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(bad["field"], "phone");
}

#[tokio::test]
async fn five_wrong_codes_then_the_right_one_is_refused_with_429() {
    let t = test_app().await;
    t.post_json("/api/v1/auth/otp", None, &json!({"phone": PHONE}))
        .await;
    let right = t.last_code(PHONE);
    let wrong = if right == "000000" { "111111" } else { "000000" };
    for attempt in 1..=5 {
        let body = expect(
            t.post_json(
                "/api/v1/auth/session",
                None,
                &json!({"phone": PHONE, "code": wrong}),
            )
            .await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(body["field"], "code", "attempt {attempt}");
    }
    let response = t
        .post_json(
            "/api/v1/auth/session",
            None,
            &json!({"phone": PHONE, "code": right}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(response.headers().contains_key(header::RETRY_AFTER));
}

#[tokio::test]
async fn a_code_works_once_and_expires_after_five_minutes() {
    let t = test_app().await;
    t.post_json("/api/v1/auth/otp", None, &json!({"phone": PHONE}))
        .await;
    let code = t.last_code(PHONE);
    t.state.clock.advance(301);
    let expired = t
        .post_json(
            "/api/v1/auth/session",
            None,
            &json!({"phone": PHONE, "code": code}),
        )
        .await;
    assert_eq!(expired.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let cookie = log_in(&t, PHONE).await;
    assert!(cookie.starts_with("hc_session="));
    let code = t.last_code(PHONE);
    let reused = t
        .post_json(
            "/api/v1/auth/session",
            None,
            &json!({"phone": PHONE, "code": code}),
        )
        .await;
    assert_eq!(reused.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn logout_ends_the_session_on_the_server() {
    let t = test_app().await;
    let cookie = log_in(&t, PHONE).await;
    let me = expect(t.get_as("/api/v1/me", &cookie).await, StatusCode::OK).await;
    assert_eq!(me["account"]["phone_masked"], "139****1111");
    let session = expect(t.get_as("/api/v1/auth/session", &cookie).await, StatusCode::OK).await;
    assert_eq!(session["me"], me);
    assert!(
        !me.to_string().contains(PHONE),
        "no full phone number in any response"
    );
    let response = t
        .send(
            axum::http::Request::delete("/api/v1/auth/session")
                .header(header::COOKIE, &cookie)
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    expect(t.get_as("/api/v1/me", &cookie).await, StatusCode::UNAUTHORIZED).await;
    expect(t.get("/api/v1/me").await, StatusCode::UNAUTHORIZED).await;
    let visitor = expect(t.get_as("/api/v1/auth/session", &cookie).await, StatusCode::OK).await;
    assert_eq!(
        visitor["me"],
        serde_json::Value::Null,
        "a visitor is told so without a 401"
    );
}

#[tokio::test]
async fn the_traveller_declares_gets_a_green_code_that_verifies_and_a_tampered_one_does_not() {
    let t = test_app().await;
    let cookie = log_in(&t, PHONE).await;
    let person = my_person(&t, &cookie).await;
    let uri = format!("/api/v1/persons/{person}/declaration");

    let saved = expect(
        t.send_json("PUT", &uri, Some(&cookie), Some("key-000001"), &traveller())
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(saved["version"], 1);
    assert_eq!(saved["document_number"], "11**************2X");
    assert_eq!(saved["phone"], "139****1111");
    assert_eq!(
        saved["from_outside_province"], true,
        "seed FAQ 10: the answer is kept"
    );
    assert_eq!(saved["origin_division"], "420602");
    let fetched = expect(t.get_as(&uri, &cookie).await, StatusCode::OK).await;
    assert_eq!(fetched, saved, "GET returns exactly what was saved");

    let code = expect(
        t.get_as(&format!("/api/v1/persons/{person}/code"), &cookie).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(code["status"], "issued");
    assert_eq!(code["colour"], "green");
    assert_eq!(code["reasons"][0]["rule"], "all_clear");
    assert_eq!(code["name_masked"], "李*");
    assert!(code["valid_until"].is_string() && code["server_time"].is_string());
    let token = code["token"].as_str().unwrap();
    assert!(token.starts_with("HC1:"));
    assert!(
        !code.to_string().contains("11010519491231002X"),
        "no full ID in the code answer"
    );

    let ok = expect(
        t.post_json("/api/v1/verify", None, &json!({"token": token}))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (ok["valid"].as_bool(), ok["colour"].as_str()),
        (Some(true), Some("green"))
    );
    assert_eq!(ok["kind"], "live");
    assert_eq!(ok["name_masked"], "李*");
    let offline = code["offline_token"].as_str().unwrap();
    let ok = expect(
        t.post_json("/api/v1/verify", None, &json!({"token": offline}))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(ok["kind"], "offline");

    let mut tampered = token.to_owned().into_bytes();
    let i = tampered.len() / 2;
    tampered[i] = if tampered[i] == b'A' { b'B' } else { b'A' };
    let tampered = String::from_utf8(tampered).unwrap();
    let refused = expect(
        t.post_json("/api/v1/verify", None, &json!({"token": tampered}))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(refused["valid"], false);
    assert!(refused["reason"].is_string());

    let trust = expect(t.get("/api/v1/trust-list").await, StatusCode::OK).await;
    assert_eq!(trust["keys"][0]["issuer"], "42");
    // The server's time comes along: a checkpoint device anchors its clock and the list's age.
    let server_time = trust["server_time"].as_str().expect("server_time");
    assert!(
        chrono::DateTime::parse_from_rfc3339(server_time).is_ok(),
        "{server_time}"
    );
}

#[tokio::test]
async fn one_idempotency_key_creates_one_version() {
    let t = test_app().await;
    let cookie = log_in(&t, PHONE).await;
    let person = my_person(&t, &cookie).await;
    let uri = format!("/api/v1/persons/{person}/declaration");
    let first = expect(
        t.send_json("PUT", &uri, Some(&cookie), Some("double-tap-1"), &traveller())
            .await,
        StatusCode::OK,
    )
    .await;
    let replay = expect(
        t.send_json("PUT", &uri, Some(&cookie), Some("double-tap-1"), &traveller())
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(first, replay);
    assert_eq!(
        expect(t.get_as(&uri, &cookie).await, StatusCode::OK).await["version"],
        1
    );

    let mut other = traveller();
    other["temperature_c"] = json!(36.8);
    let reused = expect(
        t.send_json("PUT", &uri, Some(&cookie), Some("double-tap-1"), &other)
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(reused["code"], "reused");
    let missing = expect(
        t.send_json("PUT", &uri, Some(&cookie), None, &traveller()).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(missing["field"], "Idempotency-Key");
}

#[tokio::test]
async fn editing_keeps_the_masked_document_and_saves_a_new_version() {
    let t = test_app().await;
    let cookie = log_in(&t, PHONE).await;
    let person = my_person(&t, &cookie).await;
    let uri = format!("/api/v1/persons/{person}/declaration");
    let saved = expect(
        t.send_json("PUT", &uri, Some(&cookie), Some("edit-0001"), &traveller())
            .await,
        StatusCode::OK,
    )
    .await;
    // The edit form sends back what it was shown, masked numbers included.
    let mut edited = saved.clone();
    edited["temperature_c"] = json!(38.2);
    let saved = expect(
        t.send_json("PUT", &uri, Some(&cookie), Some("edit-0002"), &edited)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(saved["version"], 2);
    assert_eq!(saved["document_number"], "11**************2X");
    let code = expect(
        t.get_as(&format!("/api/v1/persons/{person}/code"), &cookie).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(code["colour"], "yellow");
    assert_eq!(code["reasons"][0]["rule"], "fever");
}

#[tokio::test]
async fn a_wrong_check_digit_is_a_422_naming_the_document_field() {
    let t = test_app().await;
    let cookie = log_in(&t, PHONE).await;
    let person = my_person(&t, &cookie).await;
    let mut form = traveller();
    form["document_number"] = json!("110105194912310021");
    let body = expect(
        t.declare(&cookie, &person, "bad-digit-1", &form).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(body["field"], "document_number");
    assert_eq!(body["code"], "check_digit");
    assert!(body["message"].as_str().unwrap().contains("校验位"));
    let wrong_type = expect(
        t.declare(&cookie, &person, "bad-type-1", &json!({"sex": "unknown"}))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(wrong_type["field"], "sex");
}

#[tokio::test]
async fn another_account_gets_404_for_every_route_of_my_person() {
    let t = test_app().await;
    let mine = log_in(&t, PHONE).await;
    let person = my_person(&t, &mine).await;
    expect(
        t.declare(&mine, &person, "mine-0001", &traveller()).await,
        StatusCode::OK,
    )
    .await;
    let theirs = log_in(&t, "13800000000").await;
    for uri in [
        format!("/api/v1/persons/{person}/declaration"),
        format!("/api/v1/persons/{person}/code"),
    ] {
        expect(t.get_as(&uri, &theirs).await, StatusCode::NOT_FOUND).await;
    }
    expect(
        t.declare(&theirs, &person, "theirs-001", &traveller()).await,
        StatusCode::NOT_FOUND,
    )
    .await;
}

#[tokio::test]
async fn one_document_cannot_be_two_accounts_own_person() {
    let t = test_app().await;
    let mine = log_in(&t, PHONE).await;
    let person = my_person(&t, &mine).await;
    expect(
        t.declare(&mine, &person, "first-0001", &traveller()).await,
        StatusCode::OK,
    )
    .await;
    let theirs = log_in(&t, "13800000000").await;
    let their_person = my_person(&t, &theirs).await;
    let body = expect(
        t.declare(&theirs, &their_person, "second-001", &traveller())
            .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(body["code"], "document_taken");
    assert_eq!(body["field"], "document_number", "the app shows it at 证件号码");
}

#[tokio::test]
async fn the_code_before_any_declaration_says_so() {
    let t = test_app().await;
    let cookie = log_in(&t, PHONE).await;
    let person = my_person(&t, &cookie).await;
    let body = expect(
        t.get_as(&format!("/api/v1/persons/{person}/code"), &cookie).await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(body["code"], "not_declared");
}

#[tokio::test]
async fn a_green_code_lapses_to_yellow_after_72_hours_on_server_time() {
    let t = test_app().await;
    let cookie = log_in(&t, PHONE).await;
    let person = my_person(&t, &cookie).await;
    expect(
        t.declare(&cookie, &person, "lapse-0001", &traveller()).await,
        StatusCode::OK,
    )
    .await;
    let uri = format!("/api/v1/persons/{person}/code");
    t.state.clock.advance(72 * 3600 - 5);
    let code = expect(t.get_as(&uri, &cookie).await, StatusCode::OK).await;
    assert_eq!(code["colour"], "green", "still inside the 3 days");
    t.state.clock.advance(6);
    let code = expect(t.get_as(&uri, &cookie).await, StatusCode::OK).await;
    assert_eq!(code["colour"], "yellow");
    assert_eq!(code["reasons"][0]["rule"], "checkin_missed");
    let verdict = expect(
        t.post_json("/api/v1/verify", None, &json!({"token": code["token"]}))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(verdict["colour"], "yellow", "a checkpoint sees the lapse too");
}
