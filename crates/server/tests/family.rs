//! The family manager through the API: dependants with their relation, the caps (8 per
//! account, 3 accounts per dependant), linking instead of duplicating, a child's consent,
//! the 家属码 claims, unlinking, and printed codes with 挂失.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::{expect, log_in, test_app, traveller, TestApp};
use serde_json::{json, Value};

/// 母亲, born 1950: the dependant several children declare.
const MOTHER_ID: &str = "110105195001010012";
/// A child born 2015 (under 14).
const CHILD_ID: &str = "110105201506010016";

struct Account {
    cookie: String,
    own: String,
}

async fn account(t: &TestApp, phone: &str, own_id: &str) -> Account {
    let cookie = log_in(t, phone).await;
    let me = expect(t.get_as("/api/v1/me", &cookie).await, StatusCode::OK).await;
    let own = me["persons"][0]["id"].as_str().unwrap().to_owned();
    let mut form = traveller();
    form["document_number"] = json!(own_id);
    expect(
        t.declare(&cookie, &own, &format!("own-{phone}"), &form).await,
        StatusCode::OK,
    )
    .await;
    Account { cookie, own }
}

async fn add(t: &TestApp, a: &Account, body: Value) -> (StatusCode, Value) {
    let response = t.post_json("/api/v1/persons", Some(&a.cookie), &body).await;
    let status = response.status();
    (status, common::json(response).await)
}

async fn declare_as(
    t: &TestApp,
    a: &Account,
    person: &str,
    document: &str,
    consent: bool,
) -> (StatusCode, Value) {
    let mut form = traveller();
    form["name"] = json!("王秀英");
    form["document_number"] = json!(document);
    form["guardian_consent"] = json!(consent);
    let response = t
        .declare(
            &a.cookie,
            person,
            &format!("dep-{person}-{document}-{consent}"),
            &form,
        )
        .await;
    let status = response.status();
    (status, common::json(response).await)
}

async fn send(t: &TestApp, method: &str, uri: &str, cookie: &str) -> (StatusCode, Value) {
    let response = t
        .send(
            Request::builder()
                .method(method)
                .uri(uri)
                .header("cookie", cookie)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    let status = response.status();
    let body = common::body_bytes(response).await;
    (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

async fn verify(t: &TestApp, token: &str) -> Value {
    expect(
        t.post_json("/api/v1/verify", None, &json!({ "token": token }))
            .await,
        StatusCode::OK,
    )
    .await
}

#[tokio::test]
async fn dependants_are_added_with_a_relation_and_capped_at_eight() {
    let t = test_app().await;
    let a = account(&t, "13900005001", "110105198001010016").await;
    let (status, error) = add(&t, &a, json!({"relation": "other"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error["field"], "relation_note");
    let (status, error) = add(&t, &a, json!({"relation": "self"})).await;
    assert_eq!(
        (status, error["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("relation"))
    );
    let (status, uncle) = add(&t, &a, json!({"relation": "other", "relation_note": "舅舅"})).await;
    assert_eq!(status, StatusCode::CREATED, "{uncle}");
    assert_eq!(uncle["relation_note"], "舅舅");
    assert_eq!(uncle["declared"], false);
    for _ in 1..8 {
        assert_eq!(
            add(&t, &a, json!({"relation": "child"})).await.0,
            StatusCode::CREATED
        );
    }
    let (status, error) = add(&t, &a, json!({"relation": "father"})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(error["code"], "too_many_dependants");
    assert_eq!(error["message"], "每个账户最多添加 8 位家属");

    // The own person is neither edited nor removed as a family member.
    let (status, error) = send(&t, "DELETE", &format!("/api/v1/persons/{}", a.own), &a.cookie).await;
    assert_eq!(
        (status, error["code"].as_str()),
        (StatusCode::CONFLICT, Some("own_person"))
    );
    let edited = expect(
        t.send_json(
            "PUT",
            &format!("/api/v1/persons/{}", uncle["id"].as_str().unwrap()),
            Some(&a.cookie),
            None,
            &json!({"relation": "other", "relation_note": "姨妈"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(edited["relation_note"], "姨妈");
}

#[tokio::test]
async fn a_child_under_14_is_declared_only_with_the_guardians_consent() {
    let t = test_app().await;
    let a = account(&t, "13900005002", "110105198001010024").await;
    let (_, child) = add(&t, &a, json!({"relation": "child"})).await;
    let child = child["id"].as_str().unwrap();
    let (status, error) = declare_as(&t, &a, child, CHILD_ID, false).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error["field"], "guardian_consent");
    assert_eq!(error["message"], "未满 14 周岁的儿童须由监护人勾选同意后方可登记");
    assert_eq!(declare_as(&t, &a, child, CHILD_ID, true).await.0, StatusCode::OK);
}

#[tokio::test]
async fn one_mother_declared_by_three_children_is_one_person_and_a_fourth_is_refused() {
    let t = test_app().await;
    let children = [
        account(&t, "13900005011", "110105198001010016").await,
        account(&t, "13900005012", "110105198001010024").await,
        account(&t, "13900005013", "110105198001010032").await,
        account(&t, "13900005014", "110105198001010040").await,
    ];
    let mut mothers = Vec::new();
    for (i, child) in children.iter().enumerate() {
        let (_, mother) = add(&t, child, json!({"relation": "mother"})).await;
        let entry = mother["id"].as_str().unwrap().to_owned();
        let (status, saved) = declare_as(&t, child, &entry, MOTHER_ID, false).await;
        if i < 3 {
            assert_eq!(status, StatusCode::OK, "{saved}");
            mothers.push(saved["linked_person"].as_str().unwrap_or(&entry).to_owned());
        } else {
            assert_eq!(status, StatusCode::CONFLICT);
            assert_eq!(saved["code"], "too_many_applicants");
            assert_eq!(saved["field"], "document_number");
        }
    }
    assert!(
        mothers.iter().all(|m| m == &mothers[0]),
        "linked, not duplicated: {mothers:?}"
    );
    let mut edit = traveller();
    edit["name"] = json!("王秀英");
    edit["document_number"] = json!(MOTHER_ID);
    edit["residence_address"] = json!("解放路 10 号");
    let edited = expect(
        t.declare(&children[0].cookie, &mothers[0], "mother-edit", &edit)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        edited["version"], 4,
        "three declarations and an edit: four versions of one person"
    );
    // Each linking account sees the same code, as its own 家属码.
    for child in &children[..3] {
        let code = expect(
            t.get_as(&format!("/api/v1/persons/{}/code", mothers[0]), &child.cookie)
                .await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(code["colour"], "green");
        assert_eq!(code["dependant"]["relation"], "mother");
        assert_eq!(code["dependant"]["applicant_masked"], "李*");
        assert_eq!(code["relation_text"], "母亲");
        let verdict = verify(&t, code["token"].as_str().unwrap()).await;
        assert_eq!(
            (verdict["valid"].as_bool(), verdict["relation"].as_str()),
            (Some(true), Some("mother"))
        );
        assert_eq!(verdict["name_masked"], "王*");
    }
    // Someone's own person is never linked as a dependant.
    let (_, father) = add(&t, &children[3], json!({"relation": "father"})).await;
    let (status, error) = declare_as(
        &t,
        &children[3],
        father["id"].as_str().unwrap(),
        "110105198001010016",
        false,
    )
    .await;
    assert_eq!(
        (status, error["code"].as_str()),
        (StatusCode::CONFLICT, Some("document_taken"))
    );

    // Unlinking: the others keep her; the last unlink deletes her data.
    let mother = &mothers[0];
    for (i, child) in children[..3].iter().enumerate() {
        let (status, _) = send(&t, "DELETE", &format!("/api/v1/persons/{mother}"), &child.cookie).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (status, _) = send(
            &t,
            "GET",
            &format!("/api/v1/persons/{mother}/code"),
            &child.cookie,
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "unlinked from account {i}");
    }
    let (_, again) = add(&t, &children[3], json!({"relation": "mother"})).await;
    let (status, saved) = declare_as(&t, &children[3], again["id"].as_str().unwrap(), MOTHER_ID, false).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "her data went with the last unlink, so she is new: {saved}"
    );
    assert_eq!(saved["version"], 1);
}

#[tokio::test]
async fn a_printed_card_verifies_as_paper_until_it_is_reported_lost() {
    let t = test_app().await;
    let a = account(&t, "13900005021", "110105198001010016").await;
    let stranger = account(&t, "13900005022", "110105198001010024").await;
    let (_, mother) = add(&t, &a, json!({"relation": "mother"})).await;
    let mother = mother["id"].as_str().unwrap().to_owned();
    let uri = format!("/api/v1/persons/{mother}/paper-codes");
    let (status, error) = send(&t, "POST", &uri, &a.cookie).await;
    assert_eq!(
        (status, error["code"].as_str()),
        (StatusCode::CONFLICT, Some("not_declared"))
    );
    declare_as(&t, &a, &mother, MOTHER_ID, false).await;

    let (status, card) = send(&t, "POST", &uri, &a.cookie).await;
    assert_eq!(status, StatusCode::CREATED, "{card}");
    assert_eq!(card["colour"], "green");
    assert_eq!(card["name_masked"], "王*");
    assert_eq!(card["document_masked"], "11**************12");
    assert_eq!(card["dependant"]["applicant_masked"], "李*");
    let issued = chrono::DateTime::parse_from_rfc3339(card["issued_at"].as_str().unwrap()).unwrap();
    let until = chrono::DateTime::parse_from_rfc3339(card["valid_until"].as_str().unwrap()).unwrap();
    assert_eq!((until - issued).num_days(), 14, "the rule set's paper validity");
    let token = card["token"].as_str().unwrap();
    let verdict = verify(&t, token).await;
    assert_eq!(verdict["valid"], true, "{verdict}");
    assert_eq!(verdict["kind"], "paper");
    assert_eq!(verdict["applicant_masked"], "李*");

    // Nobody else lists, prints or revokes her cards.
    for method in ["GET", "POST"] {
        assert_eq!(
            send(&t, method, &uri, &stranger.cookie).await.0,
            StatusCode::NOT_FOUND
        );
    }
    let lost = format!("{uri}/{}/lost", card["id"].as_str().unwrap());
    assert_eq!(
        send(&t, "POST", &lost, &stranger.cookie).await.0,
        StatusCode::NOT_FOUND
    );

    let (status, revoked) = send(&t, "POST", &lost, &a.cookie).await;
    assert_eq!(status, StatusCode::OK);
    assert!(revoked["revoked_at"].is_string());
    assert_eq!(revoked["token"], Value::Null);
    let verdict = verify(&t, token).await;
    assert_eq!(
        (verdict["valid"].as_bool(), verdict["reason"].as_str()),
        (Some(false), Some("revoked"))
    );
    assert_eq!(
        verdict["message"],
        "该纸质码已挂失，不能作为通行凭证；请核验身份证件"
    );
    // A new print is a new card that verifies.
    let (_, second) = send(&t, "POST", &uri, &a.cookie).await;
    assert_eq!(verify(&t, second["token"].as_str().unwrap()).await["valid"], true);
    let (_, list) = send(&t, "GET", &uri, &a.cookie).await;
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert_eq!(
        send(&t, "POST", &format!("{uri}/pc_nope/lost"), &a.cookie)
            .await
            .0,
        StatusCode::NOT_FOUND
    );
}
