//! Rule and list administration through the API: a risk area turns a traveller's code without
//! a new declaration, an authority-list import turns a listed resident red (numbers never
//! stored), the second admin can reject a proposal, the audit log filters by action, staff
//! grants from the console, and divisions the dataset lacks.

mod common;

use std::time::Duration;

use axum::http::StatusCode;
use common::{expect, first_village, json, log_in, resident_id, staff_login, test_app, traveller, TestApp};
use healthcode_core::staff::Role;
use serde_json::{json, Value};

async fn declared(t: &TestApp, phone: &str, document: &str) -> (String, String) {
    let cookie = log_in(t, phone).await;
    let me = expect(t.get_as("/api/v1/me", &cookie).await, StatusCode::OK).await;
    let person = me["persons"][0]["id"].as_str().unwrap().to_owned();
    let mut form = traveller();
    form["document_number"] = json!(document);
    expect(
        t.declare(&cookie, &person, &format!("k-{phone}"), &form).await,
        StatusCode::OK,
    )
    .await;
    (cookie, person)
}

async fn code(t: &TestApp, cookie: &str, person: &str) -> Value {
    expect(
        t.get_as(&format!("/api/v1/persons/{person}/code"), cookie).await,
        StatusCode::OK,
    )
    .await
}

/// Waits (up to 5 s) for the background re-review to give the code `colour`.
async fn until_colour(t: &TestApp, cookie: &str, person: &str, colour: &str) -> Value {
    for _ in 0..50 {
        let now = code(t, cookie, person).await;
        if now["colour"] == colour {
            return now;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!(
        "the code never turned {colour}: {}",
        code(t, cookie, person).await
    );
}

fn rules(code: &Value) -> Vec<String> {
    code["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["rule"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_new_risk_area_turns_the_traveller_red_without_a_new_declaration() {
    let t = test_app().await;
    // The traveller arrived from 襄城区 (420602) two days ago.
    let (cookie, person) = declared(&t, "13900000001", &resident_id(1)).await;
    assert_eq!(code(&t, &cookie, &person).await["colour"], "green");
    let admin = staff_login(&t, "13900000040", Role::Admin, &[]).await;
    let uri = "/api/v1/admin/risk-areas/420602";
    let long = t
        .send_json(
            "PUT",
            uri,
            Some(&admin),
            None,
            &json!({ "level": "high", "note": "通".repeat(201) }),
        )
        .await;
    assert_eq!(long.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(json(long).await["field"], "note");
    let unknown = t
        .send_json(
            "PUT",
            "/api/v1/admin/risk-areas/429999",
            Some(&admin),
            None,
            &json!({ "level": "high" }),
        )
        .await;
    assert_eq!(unknown.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let listed = expect(
        t.send_json(
            "PUT",
            uri,
            Some(&admin),
            None,
            &json!({ "level": "high", "note": "通报 11 号" }),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(listed["name"], "襄城区");
    let red = until_colour(&t, &cookie, &person, "red").await;
    assert!(rules(&red).contains(&"risk_area".to_owned()), "{red}");
    let list = expect(t.get_as("/api/v1/admin/risk-areas", &admin).await, StatusCode::OK).await;
    assert_eq!(list[0]["code"], "420602");
    assert_eq!(list[0]["level"], "high");
    assert_eq!(list[0]["note"], "通报 11 号");

    let removed = t.send_json("DELETE", uri, Some(&admin), None, &json!({})).await;
    assert_eq!(removed.status(), StatusCode::NO_CONTENT);
    until_colour(&t, &cookie, &person, "green").await;
    let again = t.send_json("DELETE", uri, Some(&admin), None, &json!({})).await;
    assert_eq!(again.status(), StatusCode::NOT_FOUND);
    // Not for residents.
    let resident = t.get_as("/api/v1/admin/risk-areas", &cookie).await;
    assert_eq!(resident.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn an_authority_list_import_turns_a_listed_resident_red_and_keeps_no_number() {
    let t = test_app().await;
    let (cookie, person) = declared(&t, "13900000001", &resident_id(1)).await;
    let (other_cookie, other) = declared(&t, "13900000002", &resident_id(2)).await;
    let admin = staff_login(&t, "13900000040", Role::Admin, &[]).await;
    let listed = resident_id(1);
    let answer = expect(
        t.post_json(
            "/api/v1/admin/authority-list",
            Some(&admin),
            &json!({ "entries": [
                { "document_type": "resident_id", "document_number": listed, "category": "confirmed" },
                { "document_type": "resident_id", "document_number": "110105198001010010", "category": "close_contact" },
                { "document_type": "resident_id", "document_number": resident_id(999), "category": "suspected" },
            ] }),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(answer["imported"], 2, "{answer}");
    assert_eq!(answer["matched"], 1);
    assert_eq!(answer["refused"][0]["index"], 1);
    let red = code(&t, &cookie, &person).await;
    assert_eq!(red["colour"], "red");
    let reason = red["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["rule"] == "authority_list")
        .unwrap();
    assert_eq!(reason["message"], "卫生健康部门名单：确诊病例");
    assert_eq!(code(&t, &other_cookie, &other).await["colour"], "green");
    // The audit line says how many, nothing else; the number is nowhere in the database.
    let audit = expect(
        t.get_as("/api/v1/admin/audit?action=authority.import", &admin)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(audit.as_array().unwrap().len(), 1);
    assert_eq!(audit[0]["detail"], "2");
    let empty = t
        .post_json(
            "/api/v1/admin/authority-list",
            Some(&admin),
            &json!({ "entries": [] }),
        )
        .await;
    assert_eq!(empty.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(json(empty).await["field"], "entries");
}

#[tokio::test]
async fn a_second_admin_can_reject_a_proposal_and_the_appeal_opens_again() {
    let t = test_app().await;
    let cookie = log_in(&t, "13900000001").await;
    let me = expect(t.get_as("/api/v1/me", &cookie).await, StatusCode::OK).await;
    let person = me["persons"][0]["id"].as_str().unwrap().to_owned();
    let mut form = traveller();
    form["symptoms"] = json!(["cough"]);
    expect(
        t.declare(&cookie, &person, "k-yellow", &form).await,
        StatusCode::OK,
    )
    .await;
    expect(
        t.post_json(
            &format!("/api/v1/persons/{person}/appeals"),
            Some(&cookie),
            &json!({ "reason": "other", "note": "测试" }),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let a = staff_login(&t, "13900000041", Role::Admin, &[]).await;
    let b = staff_login(&t, "13900000042", Role::Admin, &[]).await;
    let queue = expect(t.get_as("/api/v1/admin/appeals", &a).await, StatusCode::OK).await;
    let appeal = queue[0]["appeal"]["id"].as_str().unwrap().to_owned();
    let proposal = expect(
        t.post_json(
            &format!("/api/v1/admin/appeals/{appeal}/overrides"),
            Some(&a),
            &json!({ "colour": "green", "reason": "已核实" }),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let id = proposal["id"].as_str().unwrap();
    let own = t
        .post_json(
            &format!("/api/v1/admin/overrides/{id}/reject"),
            Some(&a),
            &json!({}),
        )
        .await;
    assert_eq!(own.status(), StatusCode::CONFLICT);
    assert_eq!(json(own).await["code"], "same_admin");
    let rejected = expect(
        t.post_json(
            &format!("/api/v1/admin/overrides/{id}/reject"),
            Some(&b),
            &json!({}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert!(rejected["rejected_by"].is_string());
    let late = t
        .post_json(
            &format!("/api/v1/admin/overrides/{id}/approve"),
            Some(&b),
            &json!({}),
        )
        .await;
    assert_eq!(late.status(), StatusCode::CONFLICT);
    assert_eq!(json(late).await["code"], "decided");
    assert_eq!(
        code(&t, &cookie, &person).await["colour"],
        "yellow",
        "a rejected proposal changed the colour"
    );

    let detail = expect(
        t.get_as(&format!("/api/v1/admin/appeals/{appeal}"), &b).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(detail["summary"]["appeal"]["status"], "submitted");
    assert_eq!(detail["summary"]["pending_override"], Value::Null);
    assert_eq!(detail["overrides"].as_array().unwrap().len(), 1);
    let facts = &detail["declaration"];
    assert_eq!(facts["name"], "李*");
    assert!(facts["document_number"].as_str().unwrap().contains('*'));
    assert!(
        !facts["residence_address"].as_str().unwrap().contains("501"),
        "{facts}"
    );
    assert_eq!(facts["origin_division"], "420602");
    assert_eq!(detail["colour_history"][0]["colour"], "yellow");
    assert!(
        detail["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["rule"] == "symptoms"),
        "{detail}"
    );
    // A new proposal may follow.
    expect(
        t.post_json(
            &format!("/api/v1/admin/appeals/{appeal}/overrides"),
            Some(&b),
            &json!({ "colour": "green", "reason": "维持绿码" }),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let rejects = expect(
        t.get_as("/api/v1/admin/audit?action=override.reject", &a).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(rejects.as_array().unwrap().len(), 1);
    assert_eq!(rejects[0]["subject"], id);
}

#[tokio::test]
async fn an_admin_grants_staff_roles_in_the_console_but_not_the_admin_role() {
    let t = test_app().await;
    let admin = staff_login(&t, "13900000040", Role::Admin, &[]).await;
    let me = expect(t.get_as("/api/v1/staff/me", &admin).await, StatusCode::OK).await;
    assert_eq!(me["role"], "admin");
    let grant = |body: Value| {
        let admin = admin.clone();
        let t = &t;
        async move { t.post_json("/api/v1/admin/staff", Some(&admin), &body).await }
    };
    let ok =
        grant(json!({ "phone": "13900000010", "role": "grid_worker", "divisions": ["140802001001"] })).await;
    let ok = expect(ok, StatusCode::OK).await;
    assert_eq!(ok["phone_masked"], "139****0010");
    let worker = log_in(&t, "13900000010").await;
    let me = expect(t.get_as("/api/v1/staff/me", &worker).await, StatusCode::OK).await;
    assert_eq!(me["role"], "grid_worker");
    assert_eq!(me["scopes"][0]["code"], "140802001001");

    for (body, field) in [
        (json!({ "phone": "13900000011", "role": "admin" }), "role"),
        (
            json!({ "phone": "139", "role": "official", "divisions": ["140802"] }),
            "phone",
        ),
        (
            json!({ "phone": "13900000011", "role": "official", "divisions": ["140802001001"] }),
            "divisions",
        ),
        (
            json!({ "phone": "13900000011", "role": "official", "divisions": [] }),
            "divisions",
        ),
        (
            json!({ "phone": "13900000011", "role": "grid_worker", "divisions": ["149999999999"] }),
            "divisions[0]",
        ),
    ] {
        let response = grant(body.clone()).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(json(response).await["field"], field, "{body}");
    }
    let resident = log_in(&t, "13900000050").await;
    let refused = t
        .post_json(
            "/api/v1/admin/staff",
            Some(&resident),
            &json!({ "phone": "13900000050", "role": "official", "divisions": ["140802"] }),
        )
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn an_admin_adds_a_missing_community_under_a_known_town() {
    let t = test_app().await;
    let admin = staff_login(&t, "13900000040", Role::Admin, &[]).await;
    let added = expect(
        t.post_json(
            "/api/v1/admin/divisions",
            Some(&admin),
            &json!({ "code": "140802001099", "name": "新建社区居委会" }),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(added["name"], "新建社区居委会");
    let children = expect(t.get("/api/v1/divisions?parent=140802001").await, StatusCode::OK).await;
    assert!(children
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["code"] == "140802001099"));
    let again = t
        .post_json(
            "/api/v1/admin/divisions",
            Some(&admin),
            &json!({ "code": "140802001099", "name": "重复" }),
        )
        .await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    let orphan = t
        .post_json(
            "/api/v1/admin/divisions",
            Some(&admin),
            &json!({ "code": "140802999001", "name": "无上级" }),
        )
        .await;
    assert_eq!(orphan.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(json(orphan).await["field"], "code");
}

async fn report(t: &TestApp, cookie: Option<&str>, parent: &str, name: &str) -> axum::response::Response {
    t.post_json(
        "/api/v1/divisions/reports",
        cookie,
        &json!({ "parent": parent, "name": name }),
    )
    .await
}

async fn open_reports(t: &TestApp, admin: &str) -> Vec<Value> {
    let list = expect(
        t.get_as("/api/v1/admin/division-reports", admin).await,
        StatusCode::OK,
    )
    .await;
    list.as_array().unwrap().clone()
}

#[tokio::test]
async fn residents_report_a_missing_community_and_the_admin_adds_it_from_the_report() {
    let t = test_app().await;
    let town = "140802001";
    let (alice, bob) = (log_in(&t, "13900000051").await, log_in(&t, "13900000052").await);
    assert_eq!(
        report(&t, None, town, "鱼梁洲社区").await.status(),
        StatusCode::UNAUTHORIZED
    );
    let first = expect(
        report(&t, Some(&alice), town, "鱼梁洲社区").await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(first["already"], false);
    // The same name with a space is the same report of the same account.
    let again = expect(
        report(&t, Some(&alice), town, " 鱼梁洲 社区").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (again["already"].clone(), again["id"].clone()),
        (json!(true), first["id"].clone())
    );
    expect(
        report(&t, Some(&bob), town, "鱼梁洲社区").await,
        StatusCode::CREATED,
    )
    .await;

    // Mistakes name their field; a listed community is pointed to, not reported.
    for (parent, name, field) in [
        (first_village().as_str(), "某社区", "parent"),
        ("140802999", "某社区", "parent"),
        ("14080", "某社区", "parent"),
        (town, "  ", "name"),
        (town, &"村".repeat(41), "name"),
    ] {
        let response = report(&t, Some(&alice), parent, name).await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{parent} {name}"
        );
        assert_eq!(json(response).await["field"], field);
    }
    let children = expect(
        t.get(&format!("/api/v1/divisions?parent={town}")).await,
        StatusCode::OK,
    )
    .await;
    let listed = children[0]["name"].as_str().unwrap().to_owned();
    let exists = report(&t, Some(&alice), town, &listed).await;
    assert_eq!(exists.status(), StatusCode::CONFLICT);
    let exists = json(exists).await;
    assert_eq!(
        (exists["code"].clone(), exists["field"].clone()),
        (json!("division_exists"), json!("name"))
    );

    // Five open reports per account, then no more; a county takes a missing street.
    expect(
        report(&t, Some(&alice), "140802", "新城街道").await,
        StatusCode::CREATED,
    )
    .await;
    for name in ["其他一", "其他二", "其他三"] {
        expect(report(&t, Some(&alice), town, name).await, StatusCode::CREATED).await;
    }
    let flood = report(&t, Some(&alice), town, "其他四").await;
    assert_eq!(flood.status(), StatusCode::CONFLICT);
    assert_eq!(json(flood).await["code"], "too_many_reports");

    // Only admins see the reports: one row for both residents, with a free code to add it by.
    let worker = staff_login(&t, "13900000053", Role::Checkpoint, &[]).await;
    let forbidden = t.get_as("/api/v1/admin/division-reports", &worker).await;
    assert_eq!(forbidden.status(), StatusCode::FORBIDDEN);
    let admin = staff_login(&t, "13900000040", Role::Admin, &[]).await;
    let groups = open_reports(&t, &admin).await;
    assert_eq!(groups.len(), 5, "{groups:?}");
    let yu = &groups[0];
    assert_eq!(
        (yu["name"].clone(), yu["reporters"].clone()),
        (json!("鱼梁洲社区"), json!(2))
    );
    assert_eq!(yu["parent_names"].as_array().unwrap().len(), 4);
    let code = yu["suggested_code"].as_str().unwrap().to_owned();
    assert!(code.starts_with(town) && code.len() == 12);
    assert!(!children
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["code"] == code.as_str()));

    // Adding it from the report closes the row; residents can pick it and no longer report it.
    expect(
        t.post_json(
            "/api/v1/admin/divisions",
            Some(&admin),
            &json!({ "code": code, "name": "鱼梁洲社区", "report": yu["id"] }),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let groups = open_reports(&t, &admin).await;
    assert_eq!(groups.len(), 4);
    assert!(!groups.iter().any(|g| g["name"] == "鱼梁洲社区"));
    let now = expect(
        t.get(&format!("/api/v1/divisions?parent={town}")).await,
        StatusCode::OK,
    )
    .await;
    assert!(now.as_array().unwrap().iter().any(|c| c["code"] == code.as_str()));
    let late = report(&t, Some(&bob), town, "鱼梁洲社区").await;
    assert_eq!(json(late).await["code"], "division_exists");

    // Dismissing closes a row once, and frees the reporter's allowance.
    let other = groups.iter().find(|g| g["name"] == "其他一").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let uri = format!("/api/v1/admin/division-reports/{other}/dismiss");
    let dismissed = t.post_json(&uri, Some(&admin), &json!({})).await;
    assert_eq!(dismissed.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        t.post_json(&uri, Some(&admin), &json!({})).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(open_reports(&t, &admin).await.len(), 3);
    expect(
        report(&t, Some(&alice), town, "其他四").await,
        StatusCode::CREATED,
    )
    .await;

    let audit = expect(
        t.get_as("/api/v1/admin/audit?action=division_report.added", &admin)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(audit[0]["detail"], "2");
}
