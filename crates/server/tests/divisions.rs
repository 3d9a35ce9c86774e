//! The district picker's API against a slice of the real dataset.

mod common;

use axum::http::StatusCode;
use common::{expect, test_app};

#[tokio::test]
async fn provinces_come_first_with_has_children() {
    let t = test_app().await;
    let provinces = expect(t.get("/api/v1/divisions").await, StatusCode::OK).await;
    let provinces = provinces.as_array().unwrap();
    assert_eq!(provinces.len(), 34, "31 mainland + 台湾 香港 澳门");
    let shanxi = provinces.iter().find(|p| p["code"] == "14").unwrap();
    assert_eq!(shanxi["name"], "山西省");
    assert_eq!(shanxi["level"], 1);
    assert_eq!(shanxi["has_children"], true);
    let hong_kong = provinces.iter().find(|p| p["code"] == "81").unwrap();
    assert_eq!(hong_kong["has_children"], false);
}

#[tokio::test]
async fn children_of_a_city_are_its_counties() {
    let t = test_app().await;
    let counties = expect(t.get("/api/v1/divisions?parent=1408").await, StatusCode::OK).await;
    let yanhu = counties
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "140802")
        .expect("盐湖区 is a child of 运城市");
    assert_eq!(yanhu["name"], "盐湖区");
    assert_eq!(yanhu["level"], 3);
}

#[tokio::test]
async fn the_path_of_a_community_runs_from_the_province() {
    let t = test_app().await;
    let villages = expect(t.get("/api/v1/divisions?parent=140802001").await, StatusCode::OK).await;
    let first = villages[0]["code"].as_str().unwrap().to_owned();
    assert_eq!(villages[0]["has_children"], false);
    let path = expect(t.get(&format!("/api/v1/divisions/{first}")).await, StatusCode::OK).await;
    let names: Vec<&str> = path["path"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 5);
    assert_eq!(&names[..3], ["山西省", "运城市", "盐湖区"]);
}

#[tokio::test]
async fn unknown_and_malformed_codes_are_told_apart() {
    let t = test_app().await;
    expect(t.get("/api/v1/divisions/149999").await, StatusCode::NOT_FOUND).await;
    expect(
        t.get("/api/v1/divisions?parent=149999").await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let body = expect(
        t.get("/api/v1/divisions/14x").await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(body["field"], "code");
    let body = expect(
        t.get("/api/v1/divisions?parent=abc").await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(body["field"], "parent");
}

#[tokio::test]
async fn searching_yanhu_offers_shanxi_yuncheng_yanhu() {
    let t = test_app().await;
    let hits = expect(
        t.get("/api/v1/divisions/search?q=%E7%9B%90%E6%B9%96").await, // 盐湖
        StatusCode::OK,
    )
    .await;
    let first = &hits[0];
    assert_eq!(first["code"], "140802");
    assert_eq!(
        first["path_names"],
        serde_json::json!(["山西省", "运城市", "盐湖区"])
    );
}

#[tokio::test]
async fn communities_are_searched_within_a_division() {
    let t = test_app().await;
    // 社区 matches hundreds of thousands of villages nationally; within 盐湖区 it is bounded.
    let hits = expect(
        t.get("/api/v1/divisions/search?q=%E7%A4%BE%E5%8C%BA&within=140802&limit=5")
            .await,
        StatusCode::OK,
    )
    .await;
    let hits = hits.as_array().unwrap();
    assert_eq!(hits.len(), 5);
    assert!(hits
        .iter()
        .all(|h| h["code"].as_str().unwrap().starts_with("140802")));
    assert!(hits.iter().all(|h| h["path_names"][2] == "盐湖区"));
}

#[tokio::test]
async fn search_text_is_required_and_wildcards_are_literal() {
    let t = test_app().await;
    let body = expect(
        t.get("/api/v1/divisions/search?q=").await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(body["field"], "q");
    let hits = expect(t.get("/api/v1/divisions/search?q=%25").await, StatusCode::OK).await;
    assert_eq!(
        hits.as_array().unwrap().len(),
        0,
        "% matches only a literal percent sign"
    );
    let body = expect(
        t.get("/api/v1/divisions/search?q=x&limit=abc").await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(body["field"], "limit");
}
