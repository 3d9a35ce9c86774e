//! Appeals end to end through the API: a resident appeals a yellow code, admin A proposes
//! green, A cannot approve their own proposal, admin B approves, the resident's code turns green
//! with the reason, and the audit log holds every step.

mod common;

use axum::http::StatusCode;
use common::{expect, log_in, test_app, traveller, TestApp};
use healthcode_core::staff::Role;
use healthcode_server::cli::{run, Command};
use serde_json::{json, Value};

const RESIDENT: &str = "13900007777";
const ADMIN_A: &str = "13900008881";
const ADMIN_B: &str = "13900008882";

async fn make_admin(t: &TestApp, phone: &str) -> String {
    let command = Command::SetRole {
        phone: phone.into(),
        role: Role::Admin,
        divisions: vec![],
    };
    run(command, &t.state).await.unwrap();
    log_in(t, phone).await
}

async fn yellow_resident(t: &TestApp) -> (String, String) {
    let cookie = log_in(t, RESIDENT).await;
    let me = expect(t.get_as("/api/v1/me", &cookie).await, StatusCode::OK).await;
    let person = me["persons"][0]["id"].as_str().unwrap().to_owned();
    let mut form = traveller();
    form["symptoms"] = json!(["cough"]);
    expect(
        t.declare(&cookie, &person, "appeal-decl-1", &form).await,
        StatusCode::OK,
    )
    .await;
    (cookie, person)
}

fn actions(audit: &Value) -> Vec<&str> {
    audit
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["action"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn an_appeal_needs_two_admins_to_change_a_colour_and_everything_is_audited() {
    let t = test_app().await;
    let (resident, person) = yellow_resident(&t).await;
    let appeals_uri = format!("/api/v1/persons/{person}/appeals");
    let appeal = expect(
        t.post_json(
            &appeals_uri,
            Some(&resident),
            &json!({"reason": "recovered", "note": "已痊愈，附医院证明"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(appeal["status"], "submitted");
    let again = expect(
        t.post_json(&appeals_uri, Some(&resident), &json!({"reason": "other"}))
            .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(again["code"], "appeal_open");
    // The admin desk is closed to residents.
    expect(
        t.get_as("/api/v1/admin/appeals", &resident).await,
        StatusCode::FORBIDDEN,
    )
    .await;

    let a = make_admin(&t, ADMIN_A).await;
    let b = make_admin(&t, ADMIN_B).await;
    let open = expect(t.get_as("/api/v1/admin/appeals", &a).await, StatusCode::OK).await;
    assert_eq!(open.as_array().unwrap().len(), 1);
    assert_eq!(open[0]["name_masked"], "李*");
    assert_eq!(open[0]["colour"], "yellow");
    assert_eq!(open[0]["rules"], json!(["symptoms"]));
    assert!(
        !open.to_string().contains("11010519491231002X"),
        "no full ID number on the desk"
    );

    let appeal_id = appeal["id"].as_str().unwrap();
    let proposal = expect(
        t.post_json(
            &format!("/api/v1/admin/appeals/{appeal_id}/overrides"),
            Some(&a),
            &json!({"colour": "green", "reason": "已核实医院出具的痊愈证明"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let mine = expect(t.get_as(&appeals_uri, &resident).await, StatusCode::OK).await;
    assert_eq!(mine[0]["status"], "in_progress");

    let approve_uri = format!(
        "/api/v1/admin/overrides/{}/approve",
        proposal["id"].as_str().unwrap()
    );
    let own = expect(
        t.post_json(&approve_uri, Some(&a), &json!({})).await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(own["code"], "same_admin");
    let code_uri = format!("/api/v1/persons/{person}/code");
    assert_eq!(
        expect(t.get_as(&code_uri, &resident).await, StatusCode::OK).await["colour"],
        "yellow",
        "one admin alone changes nothing"
    );
    let approved = expect(
        t.post_json(&approve_uri, Some(&b), &json!({})).await,
        StatusCode::OK,
    )
    .await;
    assert!(approved["approved_at"].is_string());

    let code = expect(t.get_as(&code_uri, &resident).await, StatusCode::OK).await;
    assert_eq!(code["colour"], "green");
    assert_eq!(code["reasons"][0]["rule"], "override");
    assert!(code["reasons"][0]["message"]
        .as_str()
        .unwrap()
        .contains("已核实医院出具的痊愈证明"));
    let mine = expect(t.get_as(&appeals_uri, &resident).await, StatusCode::OK).await;
    assert_eq!(mine[0]["status"], "resolved");
    assert_eq!(mine[0]["resolution"], "已核实医院出具的痊愈证明");

    let audit = expect(t.get_as("/api/v1/admin/audit", &b).await, StatusCode::OK).await;
    let acts: Vec<&str> = actions(&audit)
        .into_iter()
        .filter(|a| !a.starts_with("account."))
        .collect();
    assert_eq!(acts, ["override.approve", "override.propose", "appeal.submit"]);
    let grants = actions(&audit)
        .into_iter()
        .filter(|a| *a == "account.role")
        .count();
    assert_eq!(grants, 2, "the CLI grants are audited");
    assert_eq!(audit[0]["subject"], proposal["id"]);
    assert_ne!(audit[0]["actor"], audit[1]["actor"], "two different admins");

    // The override is not immunity: a fever at the next check-in is yellow again.
    let sick = expect(
        t.post_json(
            &format!("/api/v1/persons/{person}/checkins"),
            Some(&resident),
            &json!({"temperature_c": 38.0}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(sick["colour"], "yellow");
}

#[tokio::test]
async fn a_green_code_cannot_be_appealed_and_bad_input_names_its_field() {
    let t = test_app().await;
    let cookie = log_in(&t, RESIDENT).await;
    let me = expect(t.get_as("/api/v1/me", &cookie).await, StatusCode::OK).await;
    let person = me["persons"][0]["id"].as_str().unwrap().to_owned();
    expect(
        t.declare(&cookie, &person, "appeal-decl-2", &traveller()).await,
        StatusCode::OK,
    )
    .await;
    let uri = format!("/api/v1/persons/{person}/appeals");
    let green = expect(
        t.post_json(&uri, Some(&cookie), &json!({"reason": "other"}))
            .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(green["code"], "green");
    let long = expect(
        t.post_json(
            &uri,
            Some(&cookie),
            &json!({"reason": "other", "note": "长".repeat(201)}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(long["field"], "note");
    let admin = make_admin(&t, ADMIN_A).await;
    let empty = expect(
        t.post_json(
            "/api/v1/admin/appeals/ap_missing/overrides",
            Some(&admin),
            &json!({"colour": "green", "reason": " "}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(empty["field"], "reason");

    // An appeal can be closed without a colour change, with the decision for the resident.
    let mut form = traveller();
    form["symptoms"] = json!(["fatigue"]);
    expect(
        t.declare(&cookie, &person, "appeal-decl-3", &form).await,
        StatusCode::OK,
    )
    .await;
    let appeal = expect(
        t.post_json(&uri, Some(&cookie), &json!({"reason": "other"}))
            .await,
        StatusCode::CREATED,
    )
    .await;
    let resolve = format!("/api/v1/admin/appeals/{}/resolve", appeal["id"].as_str().unwrap());
    let closed = expect(
        t.post_json(
            &resolve,
            Some(&admin),
            &json!({"resolution": "症状申报属实，维持黄码"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(closed["status"], "resolved");
    let mine = expect(t.get_as(&uri, &cookie).await, StatusCode::OK).await;
    assert_eq!(mine[0]["resolution"], "症状申报属实，维持黄码");
    let code = expect(
        t.get_as(&format!("/api/v1/persons/{person}/code"), &cookie).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(code["colour"], "yellow");
    expect(
        t.post_json(&resolve, Some(&admin), &json!({"resolution": "again"}))
            .await,
        StatusCode::CONFLICT,
    )
    .await;
    expect(
        t.post_json(
            "/api/v1/admin/appeals/ap_missing/overrides",
            Some(&admin),
            &json!({"colour": "green", "reason": "ok"}),
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
}
