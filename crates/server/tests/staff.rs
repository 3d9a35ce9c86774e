//! The staff console's API: a grid worker's residents (住户管理), check-in statistics (住户打卡
//! 统计), an official's completion report (辖区完成情况) with small cells suppressed, and the
//! scoping of every staff route (an IDOR matrix printed as a table).

mod common;

use axum::http::StatusCode;
use common::{
    body_bytes, expect, json, log_in, resident_id, staff_login, test_app, traveller, villages_under, TestApp,
};
use healthcode_core::staff::Role;
use serde_json::{json, Value};

/// 中城街道's 西花园社区 and 解放路社区, and 东城街道's 中银社区 (盐湖区).
const A: &str = "140802001001";
const B: &str = "140802001002";
const C: &str = "140802002001";

const RELATIONS: [&str; 5] = [
    "mother",
    "father",
    "spouse",
    "grandparent",
    "maternal_grandparent",
];

/// An account whose own person lives in `places[0]` and whose dependants live in the rest;
/// returns the cookie and the person ids in that order.
async fn family(t: &TestApp, phone: &str, serial: u32, places: &[&str]) -> (String, Vec<String>) {
    let cookie = log_in(t, phone).await;
    let me = expect(t.get_as("/api/v1/me", &cookie).await, StatusCode::OK).await;
    let mut persons = vec![me["persons"][0]["id"].as_str().unwrap().to_owned()];
    for relation in RELATIONS.iter().take(places.len() - 1) {
        let added = expect(
            t.post_json("/api/v1/persons", Some(&cookie), &json!({ "relation": relation }))
                .await,
            StatusCode::CREATED,
        )
        .await;
        persons.push(added["id"].as_str().unwrap().to_owned());
    }
    for (i, (person, place)) in persons.iter().zip(places).enumerate() {
        let mut form = traveller();
        form["name"] = json!(["李华", "王秀英", "张伟", "刘洋", "陈静", "杨帆"][i]);
        form["document_number"] = json!(resident_id(serial + i as u32));
        form["residence_division"] = json!(place);
        expect(
            t.declare(&cookie, person, &format!("k-{person}"), &form).await,
            StatusCode::OK,
        )
        .await;
    }
    (cookie, persons)
}

/// Five residents in A, one in B (中城街道: 6) and three in C (东城街道: 3).
async fn city(t: &TestApp) -> (Vec<String>, Vec<String>, String) {
    let (_, mut first) = family(t, "13900000001", 1, &[A, A, A, A, A, B]).await;
    let (_, second) = family(t, "13900000002", 20, &[C, C, C]).await;
    let in_b = first.pop().unwrap();
    (first, second, in_b)
}

#[tokio::test]
async fn a_grid_worker_sees_exactly_the_residents_of_their_community() {
    let t = test_app().await;
    let (in_a, _, in_b) = city(&t).await;
    let worker = staff_login(&t, "13900000010", Role::GridWorker, &[A]).await;

    let me = expect(t.get_as("/api/v1/staff/me", &worker).await, StatusCode::OK).await;
    assert_eq!(me["role"], "grid_worker");
    assert_eq!(me["scopes"][0]["code"], A);
    assert_eq!(me["scopes"][0]["name"], "西花园社区居委会");

    let list = expect(t.get_as("/api/v1/staff/residents", &worker).await, StatusCode::OK).await;
    let ids: Vec<&str> = list["residents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["person_id"].as_str().unwrap())
        .collect();
    assert_eq!(list["grid_total"], 5, "{list}");
    assert_eq!(ids.len(), 5);
    for id in &in_a {
        assert!(ids.contains(&id.as_str()), "{id} missing");
    }
    assert!(
        !ids.contains(&in_b.as_str()),
        "the next community's resident is listed"
    );
    // Masked only: no full ID number or phone anywhere in the answer.
    let text = list.to_string();
    assert!(
        !text.contains(&resident_id(1)) && !text.contains("13900000001"),
        "{text}"
    );
    let own = list["residents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["person_id"] == in_a[0])
        .unwrap();
    assert_eq!(own["relation"], "self");
    assert_eq!(own["name_masked"], "李*");
    assert_eq!(
        own["document_masked"],
        format!("11{}{}", "*".repeat(14), &resident_id(1)[16..])
    );
    let mother = list["residents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["person_id"] == in_a[1])
        .unwrap();
    assert_eq!(mother["relation"], "mother");
    assert_eq!(mother["applicant_masked"], "李*");

    // Another community's resident, and another community, are not there at all.
    let other = t
        .get_as(&format!("/api/v1/staff/residents/{in_b}"), &worker)
        .await;
    assert_eq!(other.status(), StatusCode::NOT_FOUND);
    let other = t
        .get_as(&format!("/api/v1/staff/residents?division={B}"), &worker)
        .await;
    assert_eq!(other.status(), StatusCode::NOT_FOUND);

    // Search by masked name.
    let found = expect(
        t.get_as("/api/v1/staff/residents?q=%E7%8E%8B", &worker).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(found["total"], 1);
    assert_eq!(found["residents"][0]["name_masked"], "王*");
}

#[tokio::test]
async fn not_checked_in_shrinks_by_one_when_a_resident_checks_in_and_follow_ups_are_audited() {
    let t = test_app().await;
    let (cookie, persons) = family(&t, "13900000001", 1, &[A, A]).await;
    let worker = staff_login(&t, "13900000010", Role::GridWorker, &[A]).await;
    let uri = "/api/v1/staff/residents?filter=not_checked_in";
    let before = expect(t.get_as(uri, &worker).await, StatusCode::OK).await;
    assert_eq!(before["total"], 2);

    expect(
        t.post_json(
            &format!("/api/v1/persons/{}/checkins", persons[1]),
            Some(&cookie),
            &json!({ "temperature_c": 36.6, "symptoms": [], "current_division": null }),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let after = expect(t.get_as(uri, &worker).await, StatusCode::OK).await;
    assert_eq!(after["total"], 1);
    assert_eq!(after["residents"][0]["person_id"], persons[0]);

    // 已上门 with a note; too long a note is refused at `note` and nothing is recorded.
    let contacts = format!("/api/v1/staff/residents/{}/contacts", persons[0]);
    let long = t
        .post_json(
            &contacts,
            Some(&worker),
            &json!({ "kind": "visited", "note": "字".repeat(201) }),
        )
        .await;
    assert_eq!(long.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(json(long).await["field"], "note");
    expect(
        t.post_json(
            &contacts,
            Some(&worker),
            &json!({ "kind": "visited", "note": "独居老人，已送菜" }),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let detail = expect(
        t.get_as(&format!("/api/v1/staff/residents/{}", persons[0]), &worker)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(detail["contacts"][0]["kind"], "visited");
    assert_eq!(detail["contacts"][0]["note"], "独居老人，已送菜");
    assert_eq!(detail["resident"]["last_contact"], "visited");
    assert_eq!(detail["colour_history"][0]["colour"], "green");
    let audit: Vec<(String, String)> = t
        .state
        .store
        .audit_by_action(None, 50)
        .await
        .unwrap()
        .into_iter()
        .map(|a| (a.action, a.subject))
        .collect();
    assert!(
        audit.contains(&("staff.contact".into(), persons[0].clone())),
        "{audit:?}"
    );
    assert!(
        audit.contains(&("staff.view".into(), persons[0].clone())),
        "{audit:?}"
    );
    // The audit line keeps no note text.
    let raw = t.state.store.audit_by_action(None, 50).await.unwrap();
    assert!(raw
        .iter()
        .all(|a| !a.detail.clone().unwrap_or_default().contains("独居")));
}

#[tokio::test]
async fn checkin_stats_count_by_colour_with_a_trend_and_export_csv() {
    let t = test_app().await;
    let (cookie, persons) = family(&t, "13900000001", 1, &[A, A, A]).await;
    expect(
        t.post_json(
            &format!("/api/v1/persons/{}/checkins", persons[0]),
            Some(&cookie),
            &json!({ "temperature_c": 36.6, "symptoms": [], "current_division": null }),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let worker = staff_login(&t, "13900000010", Role::GridWorker, &[A]).await;
    let stats = expect(
        t.get_as("/api/v1/staff/checkin-stats", &worker).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(stats["residents"], 3);
    assert_eq!(stats["checked_in"], 1);
    assert_eq!(
        stats["by_colour"][0],
        json!({ "colour": "green", "residents": 3, "checked_in": 1 })
    );
    let trend = stats["trend"].as_array().unwrap();
    assert_eq!(trend.len(), 7);
    assert_eq!(trend[6]["day"], stats["day"]);
    assert_eq!(trend[6]["checked_in"], 1);
    assert_eq!(trend[5]["checked_in"], 0);
    let future = t
        .get_as("/api/v1/staff/checkin-stats?day=2999-01-01", &worker)
        .await;
    assert_eq!(future.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(json(future).await["field"], "day");

    let csv = t.get_as("/api/v1/staff/checkin-stats/export", &worker).await;
    assert_eq!(csv.status(), StatusCode::OK);
    assert!(csv.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let text = String::from_utf8(body_bytes(csv).await).unwrap();
    let lines: Vec<&str> = text.trim_end().split("\r\n").collect();
    assert_eq!(lines.len(), 4, "{text}");
    assert!(lines[0].contains("姓名") && lines[0].contains("当日已打卡"));
    assert_eq!(lines.iter().filter(|l| l.contains(",是,")).count(), 1, "{text}");
    assert!(
        !text.contains(&resident_id(1)) && !text.contains("李华"),
        "{text}"
    );
}

#[tokio::test]
async fn an_official_sees_each_town_with_small_counts_suppressed_and_drills_down() {
    let t = test_app().await;
    city(&t).await;
    let official = staff_login(&t, "13900000020", Role::Official, &["140802"]).await;
    let report = expect(
        t.get_as("/api/v1/staff/completion", &official).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(report["division"]["name"], "盐湖区");
    assert_eq!(report["total"]["registered"], 9);
    let row = |code: &str| -> Value {
        report["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["code"] == code)
            .cloned()
            .unwrap()
    };
    let zhongcheng = row("140802001");
    assert_eq!(zhongcheng["name"], "中城街道");
    assert_eq!(zhongcheng["registered"], 6);
    assert_eq!(zhongcheng["green"], 6);
    assert_eq!(zhongcheng["checked_in"], 0);
    assert_eq!(zhongcheng["checked_in_percent"], 0);
    assert_eq!(zhongcheng["has_children"], true);
    let dongcheng = row("140802002");
    assert_eq!(dongcheng["registered"], "<5");
    assert_eq!(dongcheng["green"], "<5");
    assert_eq!(dongcheng["checked_in_percent"], Value::Null);
    // Every town of the county is listed, the ones nobody registered in too.
    let towns = villages_under("140802")
        .iter()
        .map(|v| v[..9].to_owned())
        .collect::<std::collections::BTreeSet<_>>();
    assert!(report["rows"].as_array().unwrap().len() >= towns.len());

    let town = expect(
        t.get_as("/api/v1/staff/completion?division=140802001", &official)
            .await,
        StatusCode::OK,
    )
    .await;
    let community = |code: &str| -> Value {
        town["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["code"] == code)
            .cloned()
            .unwrap()
    };
    assert_eq!(community(A)["registered"], 5);
    assert_eq!(community(B)["registered"], "<5");
    assert_eq!(community(A)["has_children"], false);
    // Aggregates only: the official has no resident list.
    let list = t
        .get_as(&format!("/api/v1/staff/residents?division={A}"), &official)
        .await;
    assert_eq!(list.status(), StatusCode::FORBIDDEN);
}

/// Every staff route for every kind of caller: who gets what. Printed as a table.
#[tokio::test]
async fn idor_matrix_of_the_staff_routes() {
    let t = test_app().await;
    let (_, in_c, in_b) = city(&t).await;
    let worker_a = staff_login(&t, "13900000010", Role::GridWorker, &[A]).await;
    let worker_c = staff_login(&t, "13900000011", Role::GridWorker, &[C]).await;
    let official_yanhu = staff_login(&t, "13900000020", Role::Official, &["140802"]).await;
    let official_xiangcheng = staff_login(&t, "13900000021", Role::Official, &["420602"]).await;
    let checkpoint = staff_login(&t, "13900000030", Role::Checkpoint, &[]).await;
    let admin = staff_login(&t, "13900000040", Role::Admin, &[]).await;
    let resident = log_in(&t, "13900000050").await;
    let callers: [(&str, Option<&str>); 8] = [
        ("grid worker of A", Some(&worker_a)),
        ("grid worker of C", Some(&worker_c)),
        ("official of 盐湖区", Some(&official_yanhu)),
        ("official of 襄城区", Some(&official_xiangcheng)),
        ("checkpoint", Some(&checkpoint)),
        ("admin", Some(&admin)),
        ("resident", Some(&resident)),
        ("logged out", None),
    ];
    let c_resident = in_c[0].clone();
    let routes: Vec<(String, &str, [u16; 8])> = vec![
        (
            "/api/v1/staff/me".into(),
            "GET",
            [200, 200, 200, 200, 403, 200, 403, 401],
        ),
        (
            format!("/api/v1/staff/residents?division={C}"),
            "GET",
            [404, 200, 403, 403, 403, 403, 403, 401],
        ),
        (
            format!("/api/v1/staff/residents/{c_resident}"),
            "GET",
            [404, 200, 403, 403, 403, 403, 403, 401],
        ),
        (
            format!("/api/v1/staff/residents/{in_b}"),
            "GET",
            [404, 404, 403, 403, 403, 403, 403, 401],
        ),
        (
            format!("/api/v1/staff/residents/{c_resident}/contacts"),
            "POST",
            [404, 201, 403, 403, 403, 403, 403, 401],
        ),
        (
            format!("/api/v1/staff/checkin-stats?division={C}"),
            "GET",
            [404, 200, 403, 403, 403, 403, 403, 401],
        ),
        (
            format!("/api/v1/staff/checkin-stats/export?division={C}"),
            "GET",
            [404, 200, 403, 403, 403, 403, 403, 401],
        ),
        (
            "/api/v1/staff/completion?division=140802".into(),
            "GET",
            [403, 403, 200, 404, 403, 403, 403, 401],
        ),
        (
            "/api/v1/staff/completion?division=140802002".into(),
            "GET",
            [403, 403, 200, 404, 403, 403, 403, 401],
        ),
        (
            "/api/v1/admin/appeals".into(),
            "GET",
            [403, 403, 403, 403, 403, 200, 403, 401],
        ),
        (
            "/api/v1/admin/risk-areas".into(),
            "GET",
            [403, 403, 403, 403, 403, 200, 403, 401],
        ),
        (
            "/api/v1/admin/audit?action=staff.view".into(),
            "GET",
            [403, 403, 403, 403, 403, 200, 403, 401],
        ),
    ];
    let mut table = format!("{:<58} {}\n", "route", callers.map(|(name, _)| name).join(" | "));
    let mut wrong = Vec::new();
    for (uri, method, expected) in &routes {
        let mut cells = Vec::new();
        for (i, (name, cookie)) in callers.iter().enumerate() {
            let response = match (*method, cookie) {
                ("GET", Some(c)) => t.get_as(uri, c).await,
                ("GET", None) => {
                    t.send(
                        axum::http::Request::get(uri.as_str())
                            .body(axum::body::Body::empty())
                            .unwrap(),
                    )
                    .await
                }
                (_, c) => t.post_json(uri, *c, &json!({ "kind": "contacted" })).await,
            };
            let status = response.status().as_u16();
            if status != expected[i] {
                wrong.push(format!(
                    "{method} {uri} as {name}: {status}, expected {}",
                    expected[i]
                ));
            }
            cells.push(status.to_string());
        }
        table.push_str(&format!(
            "{:<58} {}\n",
            format!("{method} {uri}"),
            cells.join(" | ")
        ));
    }
    println!("{table}");
    assert!(wrong.is_empty(), "{}\n{table}", wrong.join("\n"));
}

/// 社区代登记: a grid worker registers residents without a phone beyond the family cap of 8.
#[tokio::test]
async fn a_grid_worker_registers_more_residents_than_a_family_may() {
    let t = test_app().await;
    let worker = staff_login(&t, "13900000010", Role::GridWorker, &[A]).await;
    let body = json!({ "relation": "other", "relation_note": "社区代登记" });
    for i in 0..10 {
        let added = t.post_json("/api/v1/persons", Some(&worker), &body).await;
        assert_eq!(added.status(), StatusCode::CREATED, "registration {i}");
    }
    let resident = log_in(&t, "13900000050").await;
    for _ in 0..8 {
        expect(
            t.post_json("/api/v1/persons", Some(&resident), &body).await,
            StatusCode::CREATED,
        )
        .await;
    }
    let ninth = t.post_json("/api/v1/persons", Some(&resident), &body).await;
    assert_eq!(ninth.status(), StatusCode::CONFLICT);
    assert_eq!(json(ninth).await["code"], "too_many_dependants");
}
