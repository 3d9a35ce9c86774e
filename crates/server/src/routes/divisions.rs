//! Divisions for the district picker: children of a code, the path of a code, name search, and
//! a resident's report of one the picker lacks (找不到我的社区).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;

use crate::auth::CurrentAccount;
use crate::extract::{self, Query};
use crate::secrets::random_token;
use crate::store::{NewReport, ReportFiled};
use healthcode_core::api::{Division, DivisionMatch, DivisionPath, ErrorBody};
use healthcode_core::division::{DivisionCode, DivisionLevel};
use healthcode_core::division_report::{
    name_key, DivisionReport, DivisionReported, MAX_OPEN_REPORTS_PER_ACCOUNT,
};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::AppError;
use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(children))
        .routes(routes!(search))
        .routes(routes!(path))
        .routes(routes!(report_missing))
}

#[derive(Deserialize)]
struct ChildrenQuery {
    parent: Option<String>,
}

/// `GET /divisions?parent=CODE`: the children of CODE, or the provinces without it.
#[utoipa::path(get, path = "/divisions", tag = "divisions",
    params(("parent" = Option<String>, Query, description = "Division code whose children to list; none lists the provinces")),
    responses(
        (status = 200, description = "Children, by code", body = Vec<Division>),
        (status = 404, description = "No such parent", body = ErrorBody),
        (status = 422, description = "A parameter is not valid; `field` names it", body = ErrorBody),
    ))]
async fn children(
    State(state): State<AppState>,
    Query(q): Query<ChildrenQuery>,
) -> Result<Json<Vec<Division>>, AppError> {
    let parent = match q.parent.as_deref().filter(|p| !p.is_empty()) {
        Some(p) => Some(String::from(DivisionCode::parse("parent", p)?)),
        None => None,
    };
    if let Some(p) = &parent {
        if state.store.division_path(p).await?.is_empty() {
            return Err(AppError::NotFound);
        }
    }
    Ok(Json(state.store.division_children(parent.as_deref()).await?))
}

/// `GET /divisions/{code}`: the division with its ancestors.
#[utoipa::path(get, path = "/divisions/{code}", tag = "divisions",
    params(("code" = String, Path, description = "Division code (2, 4, 6, 9 or 12 digits)")),
    responses(
        (status = 200, description = "The division and its ancestors, province first", body = DivisionPath),
        (status = 404, description = "No such division", body = ErrorBody),
        (status = 422, description = "A parameter is not valid; `field` names it", body = ErrorBody),
    ))]
async fn path(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Json<DivisionPath>, AppError> {
    let code = DivisionCode::parse("code", &code)?;
    let path = state.store.division_path(code.as_str()).await?;
    if path.is_empty() {
        return Err(AppError::NotFound);
    }
    Ok(Json(DivisionPath {
        code: code.into(),
        path,
    }))
}

#[derive(Deserialize)]
struct SearchQuery {
    #[serde(default)]
    q: String,
    within: Option<String>,
    limit: Option<u32>,
}

/// Longest search text accepted (characters).
const MAX_QUERY_CHARS: usize = 20;

/// `GET /divisions/search?q=盐湖[&within=CODE][&limit=N]`.
#[utoipa::path(get, path = "/divisions/search", tag = "divisions",
    params(
        ("q" = String, Query, description = "Part of a place name, e.g. 盐湖"),
        ("within" = Option<String>, Query, description = "Search only inside this division (needed for communities and villages)"),
        ("limit" = Option<u32>, Query, description = "At most this many hits (1–50, default 20)"),
    ),
    responses(
        (status = 200, description = "Matches with their full path of names, coarse levels first", body = Vec<DivisionMatch>),
        (status = 422, description = "A parameter is not valid; `field` names it", body = ErrorBody),
    ))]
async fn search(
    State(state): State<AppState>,
    Query(q): Query<SearchQuery>,
) -> Result<Json<Vec<DivisionMatch>>, AppError> {
    let text = q.q.trim();
    if text.is_empty() {
        return Err(AppError::validation(
            "q",
            "required",
            "请输入要搜索的地名",
            "Please type a place name to search for",
        ));
    }
    if text.chars().count() > MAX_QUERY_CHARS {
        return Err(AppError::validation(
            "q",
            "too_long",
            format!("搜索词不能超过 {MAX_QUERY_CHARS} 个字"),
            format!("The search text may have at most {MAX_QUERY_CHARS} characters"),
        ));
    }
    let within = match q.within.as_deref().filter(|w| !w.is_empty()) {
        Some(w) => Some(String::from(DivisionCode::parse("within", w)?)),
        None => None,
    };
    let limit = q.limit.unwrap_or(20).clamp(1, 50);
    Ok(Json(
        state
            .store
            .search_divisions(text, within.as_deref(), limit)
            .await?,
    ))
}

/// `POST /divisions/reports`: "找不到我的社区" — `name` is missing under `parent` (a county or a
/// street/town). Admins see the reports grouped; adding the division closes them.
#[utoipa::path(post, path = "/divisions/reports", tag = "divisions",
    request_body = DivisionReport,
    responses(
        (status = 201, description = "Reported", body = DivisionReported),
        (status = 200, description = "This account had reported it already", body = DivisionReported),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 409, description = "The division is in the list (`division_exists`), or this account has too many open reports (`too_many_reports`)", body = ErrorBody),
        (status = 422, description = "Invalid: `field` names it", body = ErrorBody),
    ))]
async fn report_missing(
    State(state): State<AppState>,
    CurrentAccount(account): CurrentAccount,
    extract::Json(report): extract::Json<DivisionReport>,
) -> Result<(StatusCode, Json<DivisionReported>), AppError> {
    let parent = DivisionCode::parse("parent", report.parent.trim())?;
    if !matches!(parent.level(), DivisionLevel::County | DivisionLevel::Town) {
        return Err(AppError::validation(
            "parent",
            "parent_level",
            "请先选到所在的区县或街道（乡镇），再报告缺少的街道或社区",
            "Choose the county or street (town) first, then report the street or community it lacks",
        ));
    }
    report.validate()?;
    let path = state.store.division_path(parent.as_str()).await?;
    let Some(here) = path.last() else {
        return Err(AppError::validation(
            "parent",
            "unknown_division",
            format!("没有代码为 {parent} 的区划"),
            format!("There is no division with the code {parent}"),
        ));
    };
    let name = report.name.trim();
    let key = name_key(name);
    let children = state.store.division_children(Some(parent.as_str())).await?;
    if let Some(listed) = children.iter().find(|c| name_key(&c.name) == key) {
        return Err(AppError::Conflict {
            code: "division_exists",
            field: Some("name"),
            zh: format!("「{}」已在{}的列表中，请在列表里选择它", listed.name, here.name),
            en: format!(
                "“{}” is in the list under {}: please choose it there",
                listed.name, here.name
            ),
        });
    }
    let id = format!("dr_{}", random_token(12));
    let now = state.clock.now().to_rfc3339();
    let filed = state
        .store
        .file_division_report(
            NewReport {
                id: &id,
                parent: parent.as_str(),
                name,
                name_key: &key,
                account: &account.id,
                at: &now,
            },
            MAX_OPEN_REPORTS_PER_ACCOUNT,
        )
        .await?;
    match filed {
        ReportFiled::New(id) => Ok((StatusCode::CREATED, Json(DivisionReported { id, already: false }))),
        ReportFiled::Already(id) => Ok((StatusCode::OK, Json(DivisionReported { id, already: true }))),
        ReportFiled::TooMany => Err(AppError::conflict(
            "too_many_reports",
            format!("你已有 {MAX_OPEN_REPORTS_PER_ACCOUNT} 条待处理的报告，管理员处理后可再报告"),
            format!("You have {MAX_OPEN_REPORTS_PER_ACCOUNT} reports waiting; you can report more once they are handled"),
        )),
    }
}
