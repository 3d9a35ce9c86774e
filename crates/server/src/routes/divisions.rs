//! Divisions for the district picker: children of a code, the path of a code, name search.

use axum::extract::{Path, State};
use axum::Json;

use crate::extract::Query;
use healthcode_core::api::{Division, DivisionMatch, DivisionPath, ErrorBody};
use healthcode_core::division::DivisionCode;
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
