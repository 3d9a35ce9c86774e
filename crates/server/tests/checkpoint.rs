//! The checkpoint side through the API and the admin commands: scan counts only for checkpoint
//! accounts (and only counts), a peer region's key added to and removed from the trust list
//! (互通互认), and rotating this server's own key.

mod common;

use axum::http::StatusCode;
use common::{expect, log_in, test_app, TestApp};
use healthcode_core::colour::Colour;
use healthcode_core::staff::Role;
use healthcode_core::token::{self, CodeClaims, CodeKind};
use healthcode_server::cli::{run, Command};
use healthcode_server::keys::SigningIdentity;
use serde_json::{json, Value};

async fn verify(t: &TestApp, token: &str) -> Value {
    expect(
        t.post_json("/api/v1/verify", None, &json!({ "token": token }))
            .await,
        StatusCode::OK,
    )
    .await
}

/// Grants the checkpoint role to `phone` (the admin CLI) and logs it in; returns the cookie.
async fn checkpoint_account(t: &TestApp, phone: &str) -> String {
    run(
        Command::SetRole {
            phone: phone.into(),
            role: Role::Checkpoint,
            divisions: vec![],
        },
        &t.state,
    )
    .await
    .unwrap();
    log_in(t, phone).await
}

fn claims(issuer: &str, key_id: &str, issued_at: i64) -> CodeClaims {
    CodeClaims {
        issuer: issuer.into(),
        key_id: key_id.into(),
        person_ref: "peer-person".into(),
        serial: "s1".into(),
        kind: CodeKind::Live,
        colour: Colour::Green,
        issued_at,
        expires_at: issued_at + 300,
        colour_valid_until: None,
        name_masked: "张*".into(),
        dependant: None,
    }
}

#[tokio::test]
async fn only_a_checkpoint_account_reports_scans_and_only_counts_are_kept() {
    let t = test_app().await;
    let resident = log_in(&t, "13900006001").await;
    let scan = json!({"outcome": "pass", "colour": "green"});
    assert_eq!(
        t.post_json("/api/v1/checkpoint/scans", None, &scan)
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        t.post_json("/api/v1/checkpoint/scans", Some(&resident), &scan)
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let checker = checkpoint_account(&t, "13900006002").await;
    for body in [
        scan.clone(),
        scan.clone(),
        json!({"outcome": "refuse", "colour": "red"}),
        json!({"outcome": "unverifiable"}),
    ] {
        let response = t
            .post_json("/api/v1/checkpoint/scans", Some(&checker), &body)
            .await;
        assert_eq!(response.status(), StatusCode::NO_CONTENT);
    }
    let bad = t
        .post_json(
            "/api/v1/checkpoint/scans",
            Some(&checker),
            &json!({"outcome": "maybe"}),
        )
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let counts = expect(
        t.get_as("/api/v1/checkpoint/scans", &checker).await,
        StatusCode::OK,
    )
    .await;
    let rows: Vec<(String, Value, i64)> = counts
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            assert!(c["hour"].as_str().unwrap().ends_with(":00"), "{c}");
            (
                c["outcome"].as_str().unwrap().to_owned(),
                c["colour"].clone(),
                c["count"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("pass".into(), json!("green"), 2),
            ("refuse".into(), json!("red"), 1),
            ("unverifiable".into(), Value::Null, 1)
        ]
    );
    assert_eq!(
        counts[0].as_object().unwrap().len(),
        4,
        "hour, outcome, colour, count: nothing else"
    );
}

#[tokio::test]
async fn a_peer_regions_code_verifies_once_its_key_is_trusted_and_not_after_removal() {
    let t = test_app().await;
    let peer_dir = tempfile::tempdir().unwrap();
    let shanxi = SigningIdentity::load_or_create(peer_dir.path(), "14").unwrap();
    let now = t.state.clock.now().timestamp();
    let code = token::encode(&claims("14", &shanxi.key_id, now), &shanxi.key);
    assert_eq!(verify(&t, &code).await["reason"], "unknown_key");

    run(
        Command::AddPeerKey {
            issuer: "14".into(),
            key_id: shanxi.key_id.clone(),
            public_key: shanxi.public_key_hex(),
            valid_until: None,
        },
        &t.state,
    )
    .await
    .unwrap();
    let list = expect(t.get("/api/v1/trust-list").await, StatusCode::OK).await;
    assert!(list["keys"]
        .as_array()
        .unwrap()
        .iter()
        .any(|k| k["issuer"] == "14"));
    let verdict = verify(&t, &code).await;
    assert_eq!(verdict["valid"], true, "{verdict}");
    assert_eq!(
        verdict["colour"], "green",
        "a peer's code carries the colour its issuer signed"
    );
    assert_eq!(verdict["name_masked"], "张*");

    run(
        Command::RemoveKey {
            issuer: "14".into(),
            key_id: shanxi.key_id.clone(),
        },
        &t.state,
    )
    .await
    .unwrap();
    assert_eq!(verify(&t, &code).await["reason"], "unknown_key");
    // This region's own key cannot be added as a peer.
    let own = Command::AddPeerKey {
        issuer: "42".into(),
        key_id: "x".into(),
        public_key: shanxi.public_key_hex(),
        valid_until: None,
    };
    assert!(run(own, &t.state).await.is_err());
}

#[tokio::test]
async fn a_rotated_key_keeps_verifying_what_it_signed_and_signs_nothing_new() {
    let t = test_app().await;
    let old = t.state.signing.current();
    let now = t.state.clock.now().timestamp();
    let before = token::encode(&claims("42", &old.key_id, now - 10), &old.key);
    run(Command::RotateKey, &t.state).await.unwrap();
    // The running server switches to the new key without a restart.
    assert!(t.state.signing.reload().unwrap());
    let new = t.state.signing.current();
    assert_eq!((old.key_id.as_str(), new.key_id.as_str()), ("k1", "k2"));
    assert!(!t.state.signing.reload().unwrap(), "nothing new the second time");

    let peer_code = |c: &CodeClaims, key| token::encode(c, key);
    // Issued with the old key before the rotation: still verifies (a peer-style code of this
    // region is not in the person table, so it is refused only as unknown_person, not by key).
    let verdict = verify(&t, &before).await;
    assert_ne!(verdict["reason"], "key_not_valid", "{verdict}");
    // A server that had not switched yet signs within the grace period: still valid.
    let meanwhile = peer_code(&claims("42", &old.key_id, now + 5), &old.key);
    assert_ne!(verify(&t, &meanwhile).await["reason"], "key_not_valid");
    // The old key signing after the grace period is refused.
    let late = now + healthcode_server::keys::ROTATION_GRACE_SECS + 60;
    let after = peer_code(&claims("42", &old.key_id, late), &old.key);
    t.state
        .clock
        .advance(healthcode_server::keys::ROTATION_GRACE_SECS + 60);
    assert_eq!(verify(&t, &after).await["reason"], "key_not_valid");
    let fresh = peer_code(&claims("42", &new.key_id, now + 60), &new.key);
    assert_ne!(verify(&t, &fresh).await["reason"], "unknown_key");
}

#[tokio::test]
async fn a_scan_counted_late_goes_to_the_hour_it_was_made_within_seven_days() {
    let t = test_app().await;
    let checker = checkpoint_account(&t, "13900006003").await;
    let now = t.state.clock.now().timestamp();
    // Scanned offline three hours ago, sent now.
    let late = json!({"outcome": "pass", "colour": "green", "scanned_at": now - 3 * 3600});
    let response = t
        .post_json("/api/v1/checkpoint/scans", Some(&checker), &late)
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let counts = expect(
        t.get_as("/api/v1/checkpoint/scans", &checker).await,
        StatusCode::OK,
    )
    .await;
    let expected_hour = chrono::DateTime::from_timestamp(now - 3 * 3600, 0)
        .unwrap()
        .with_timezone(&healthcode_core::time::china_offset())
        .format("%Y-%m-%d %H:00")
        .to_string();
    assert_eq!(counts[0]["hour"], json!(expected_hour));
    assert_eq!(counts[0]["count"], 1);
    // Older than the 7 days kept, or in the future: the field is named, nothing is counted.
    for scanned_at in [now - 8 * 86_400, now + 3600] {
        let body = json!({"outcome": "pass", "colour": "green", "scanned_at": scanned_at});
        let refused = expect(
            t.post_json("/api/v1/checkpoint/scans", Some(&checker), &body)
                .await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(refused["field"], "scanned_at", "{refused}");
    }
    let counts = expect(
        t.get_as("/api/v1/checkpoint/scans", &checker).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(counts.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn a_batch_of_queued_scans_is_summed_per_hour_and_too_old_ones_are_dropped() {
    let t = test_app().await;
    let checker = checkpoint_account(&t, "13900006004").await;
    let now = t.state.clock.now().timestamp();
    let hour = |t: i64| {
        chrono::DateTime::from_timestamp(t, 0)
            .unwrap()
            .with_timezone(&healthcode_core::time::china_offset())
            .format("%Y-%m-%d %H:00")
            .to_string()
    };
    // A day offline: 300 green passes two days ago, 2 red refusals an hour ago, one scan too old.
    let mut reports: Vec<Value> = (0..300)
        .map(|i| json!({"outcome": "pass", "colour": "green", "scanned_at": now - 2 * 86_400 + i}))
        .collect();
    reports.push(json!({"outcome": "refuse", "colour": "red", "scanned_at": now - 3600}));
    reports.push(json!({"outcome": "refuse", "colour": "red", "scanned_at": now - 3600}));
    reports.push(json!({"outcome": "pass", "colour": "green", "scanned_at": now - 8 * 86_400}));
    let reply = expect(
        t.post_json(
            "/api/v1/checkpoint/scans/batch",
            Some(&checker),
            &json!({ "reports": reports }),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(reply, json!({"counted": 302, "dropped": 1}));
    let counts = expect(
        t.get_as("/api/v1/checkpoint/scans", &checker).await,
        StatusCode::OK,
    )
    .await;
    let rows: Vec<(String, String, i64)> = counts
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["hour"].as_str().unwrap().to_owned(),
                c["outcome"].as_str().unwrap().to_owned(),
                c["count"].as_i64().unwrap(),
            )
        })
        .collect();
    let first_hour = hour(now - 2 * 86_400);
    let passes_first_hour: i64 = rows
        .iter()
        .filter(|(h, o, _)| *h == first_hour && o == "pass")
        .map(|r| r.2)
        .sum();
    // 300 seconds from the start of an hour may cross into the next one.
    let passes: i64 = rows.iter().filter(|r| r.1 == "pass").map(|r| r.2).sum();
    assert_eq!(passes, 300, "{counts}");
    assert!(passes_first_hour > 0, "{counts}");
    assert!(rows.contains(&(hour(now - 3600), "refuse".into(), 2)), "{counts}");

    // Empty, or more than 500: the field is named, nothing counted.
    for size in [0, 501] {
        let body = json!({ "reports": vec![json!({"outcome": "pass"}); size] });
        let refused = expect(
            t.post_json("/api/v1/checkpoint/scans/batch", Some(&checker), &body)
                .await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(refused["field"], "reports", "{refused}");
    }
    // A resident may not send counts.
    let resident = log_in(&t, "13900006005").await;
    let body = json!({ "reports": [{"outcome": "pass"}] });
    assert_eq!(
        t.post_json("/api/v1/checkpoint/scans/batch", Some(&resident), &body)
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
}
