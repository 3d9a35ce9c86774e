//! The daily check-in through the API: validity moves, lapses, fever, the day's replacement,
//! the sweep, the history, and the refusals.

mod common;

use axum::http::StatusCode;
use common::{expect, log_in, test_app, traveller, TestApp};
use serde_json::{json, Value};

const PHONE: &str = "13900004444";
const HOUR: i64 = 3600;

struct Resident {
    cookie: String,
    person: String,
}

async fn declared(t: &TestApp) -> Resident {
    let cookie = log_in(t, PHONE).await;
    let me = expect(t.get_as("/api/v1/me", &cookie).await, StatusCode::OK).await;
    let person = me["persons"][0]["id"].as_str().unwrap().to_owned();
    expect(
        t.declare(&cookie, &person, "checkin-decl-1", &traveller()).await,
        StatusCode::OK,
    )
    .await;
    Resident { cookie, person }
}

async fn check_in(t: &TestApp, r: &Resident, body: Value) -> (StatusCode, Value) {
    let response = t
        .post_json(
            &format!("/api/v1/persons/{}/checkins", r.person),
            Some(&r.cookie),
            &body,
        )
        .await;
    let status = response.status();
    (status, common::json(response).await)
}

async fn code(t: &TestApp, r: &Resident) -> Value {
    expect(
        t.get_as(&format!("/api/v1/persons/{}/code", r.person), &r.cookie)
            .await,
        StatusCode::OK,
    )
    .await
}

fn hours_between(a: &Value, b: &str) -> i64 {
    let a = chrono::DateTime::parse_from_rfc3339(a.as_str().unwrap()).unwrap();
    let b = chrono::DateTime::parse_from_rfc3339(b).unwrap();
    (a - b).num_hours()
}

#[tokio::test]
async fn each_check_in_moves_the_validity_and_a_missed_one_lapses_to_yellow() {
    let t = test_app().await;
    let r = declared(&t).await;
    t.state.clock.advance(48 * HOUR);
    let (status, accepted) = check_in(&t, &r, json!({"temperature_c": 36.6})).await;
    assert_eq!(status, StatusCode::OK, "{accepted}");
    assert_eq!(accepted["colour"], "green");
    assert_eq!(
        hours_between(
            &accepted["valid_until"],
            accepted["checkin"]["at"].as_str().unwrap()
        ),
        72
    );

    // Day 4 (96 h after the declaration): still green thanks to the check-in on day 2.
    t.state.clock.advance(48 * HOUR);
    assert_eq!(code(&t, &r).await["colour"], "green");
    // 72 h and a second after the check-in: 黄码, 未按时打卡, and what to do about it.
    t.state.clock.advance(24 * HOUR + 1);
    let lapsed = code(&t, &r).await;
    assert_eq!(lapsed["colour"], "yellow");
    assert_eq!(lapsed["reasons"][0]["rule"], "checkin_missed");
    assert_eq!(lapsed["next_step"], "完成一次健康打卡即可恢复绿码");
    // The sweep stores the lapse, so statistics see what the resident sees.
    assert_eq!(
        healthcode_server::code_state::sweep(&t.state).await.unwrap(),
        [0, 1, 0]
    );

    let (_, back) = check_in(&t, &r, json!({"temperature_c": 36.5})).await;
    assert_eq!(back["colour"], "green");
    let history = expect(
        t.get_as(&format!("/api/v1/persons/{}/checkins", r.person), &r.cookie)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(history["checkins"].as_array().unwrap().len(), 2);
    let changes: Vec<(&str, &str)> = history["colour_changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["colour"].as_str().unwrap(), c["rule"].as_str().unwrap()))
        .collect();
    assert_eq!(
        changes,
        [
            ("green", "all_clear"),
            ("yellow", "checkin_missed"),
            ("green", "all_clear")
        ]
    );
}

#[tokio::test]
async fn a_fever_at_a_check_in_is_yellow_at_once_and_says_how_to_get_back() {
    let t = test_app().await;
    let r = declared(&t).await;
    let (_, accepted) = check_in(&t, &r, json!({"temperature_c": 38.2, "symptoms": ["cough"]})).await;
    assert_eq!(accepted["colour"], "yellow");
    assert_eq!(accepted["next_step"], "再连续打卡 7 天无异常可转为绿码");
    let now = code(&t, &r).await;
    assert_eq!(now["colour"], "yellow");
    assert_eq!(now["reasons"][0]["rule"], "checkin_unwell");
    assert!(now["reasons"][0]["message"]
        .as_str()
        .unwrap()
        .contains("体温 38.2 °C"));
    // The same day's second check-in replaces the first: one record, and the fever is gone.
    let (_, again) = check_in(&t, &r, json!({"temperature_c": 36.5})).await;
    assert_eq!(again["colour"], "green");
    let history = expect(
        t.get_as(&format!("/api/v1/persons/{}/checkins", r.person), &r.cookie)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(history["checkins"].as_array().unwrap().len(), 1);
    assert_eq!(history["checkins"][0]["temperature_c"], 36.5);
}

#[tokio::test]
async fn check_ins_are_refused_with_the_field_named_and_never_for_others() {
    let t = test_app().await;
    let cookie = log_in(&t, PHONE).await;
    let me = expect(t.get_as("/api/v1/me", &cookie).await, StatusCode::OK).await;
    let person = me["persons"][0]["id"].as_str().unwrap().to_owned();
    let uri = format!("/api/v1/persons/{person}/checkins");
    let body = json!({"temperature_c": 36.5});
    let early = expect(
        t.post_json(&uri, Some(&cookie), &body).await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(early["code"], "not_declared");
    expect(
        t.declare(&cookie, &person, "checkin-decl-2", &traveller()).await,
        StatusCode::OK,
    )
    .await;

    let bad = expect(
        t.post_json(
            &uri,
            Some(&cookie),
            &json!({"temperature_c": 365, "location_division": "4206x"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    let fields: Vec<&str> = bad["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["temperature_c", "location_division"]);
    let unknown = expect(
        t.post_json(
            &uri,
            Some(&cookie),
            &json!({"temperature_c": 36.5, "location_division": "429999"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(unknown["field"], "location_division");

    let other = log_in(&t, "13900005555").await;
    expect(
        t.post_json(&uri, Some(&other), &body).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    expect(t.get_as(&uri, &other).await, StatusCode::NOT_FOUND).await;
    expect(t.post_json(&uri, None, &body).await, StatusCode::UNAUTHORIZED).await;
}

/// Time passing as the sweep sees it (the HTTP test-clock route exists only in builds with the
/// `test-clock` feature; the browser tests use it).
#[tokio::test]
async fn a_sweep_after_73_hours_without_a_check_in_turns_the_code_yellow() {
    let t = test_app().await;
    let r = declared(&t).await;
    assert!(t.state.clock.advance(73 * HOUR));
    healthcode_server::code_state::sweep(&t.state).await.unwrap();
    assert_eq!(code(&t, &r).await["colour"], "yellow");
}

/// A check-in sent with an `Idempotency-Key`, as the app's outbox sends it.
async fn check_in_keyed(t: &TestApp, r: &Resident, key: &str, body: Value) -> (StatusCode, Value) {
    let uri = format!("/api/v1/persons/{}/checkins", r.person);
    let response = t.send_json("POST", &uri, Some(&r.cookie), Some(key), &body).await;
    let status = response.status();
    (status, common::json(response).await)
}

#[tokio::test]
async fn a_check_in_sent_again_with_its_idempotency_key_replays_the_first_answer() {
    let t = test_app().await;
    let r = declared(&t).await;
    let (status, first) = check_in_keyed(&t, &r, "queued-checkin-1", json!({"temperature_c": 36.6})).await;
    assert_eq!(status, StatusCode::OK);
    // The queue on the phone sends it again an hour later (the first answer was lost).
    t.state.clock.advance(HOUR);
    let (status, again) = check_in_keyed(&t, &r, "queued-checkin-1", json!({"temperature_c": 36.6})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(again, first, "the replay is the first answer, not a new check-in");
    let uri = format!("/api/v1/persons/{}/checkins", r.person);
    let history = expect(t.get_as(&uri, &r.cookie).await, StatusCode::OK).await;
    assert_eq!(history["checkins"].as_array().unwrap().len(), 1);
    assert_eq!(history["checkins"][0]["at"], first["checkin"]["at"]);

    // The same key with another body is a mistake, named, not a replay.
    let (status, error) = check_in_keyed(&t, &r, "queued-checkin-1", json!({"temperature_c": 37.9})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error["field"], "Idempotency-Key");
    // A new key is a new check-in that replaces the day's first.
    let (status, fever) = check_in_keyed(&t, &r, "queued-checkin-2", json!({"temperature_c": 37.9})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(fever["colour"], "yellow");
}
