//! Rule and list administration: the risk-area list (a change re-reviews every code at once,
//! in the background), the health authorities' lists (流调复核: numbers are hashed on arrival,
//! matching residents are re-reviewed before the answer), and divisions the dataset lacks
//! (closing the residents' reports of them).

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::Json;
use healthcode_core::admin::{
    AuthorityImport, AuthorityImported, NewDivision, RefusedEntry, RiskAreaRequest, RiskAreaView,
    MAX_AUTHORITY_ENTRIES,
};
use healthcode_core::api::{Division, ErrorBody};
use healthcode_core::colour::Colour;
use healthcode_core::division::DivisionCode;
use healthcode_core::division_report::{name_key, ReportOutcome};
use healthcode_core::identity::DocumentNumber;
use healthcode_core::time::china_date;
use healthcode_core::wire;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::AdminAccount;
use crate::code_state::{refresh, sweep};
use crate::error::{prefers_english, AppError};
use crate::extract;
use crate::store::{AuthorityRow, ReportGroup};
use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(risk_areas))
        .routes(routes!(set_risk_area, remove_risk_area))
        .routes(routes!(import_authority_list))
        .routes(routes!(add_division))
}

/// Re-reviews every code in the background, so a list change holds at once and not only at the
/// next periodic sweep; the answer does not wait for it.
fn re_review_all(state: &AppState) {
    let state = state.clone();
    tokio::spawn(async move {
        if let Err(err) = sweep(&state).await {
            tracing::warn!(error = %err, "re-review after a risk-area change failed; the periodic sweep retries");
        }
    });
}

/// A division code that exists in the dataset (422 at `field` otherwise).
async fn known_division(state: &AppState, field: &str, code: &str) -> Result<DivisionCode, AppError> {
    let parsed = DivisionCode::parse(field, code).map_err(AppError::Validation)?;
    if state.store.division_path(parsed.as_str()).await?.is_empty() {
        return Err(AppError::validation(
            field,
            "unknown_division",
            format!("没有代码为 {code} 的区划"),
            format!("There is no division with the code {code}"),
        ));
    }
    Ok(parsed)
}

/// The risk-area list, by code.
#[utoipa::path(get, path = "/admin/risk-areas", tag = "admin",
    responses(
        (status = 200, description = "The risk areas", body = Vec<RiskAreaView>),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not an admin account", body = ErrorBody),
    ))]
async fn risk_areas(
    State(state): State<AppState>,
    AdminAccount(_): AdminAccount,
) -> Result<Json<Vec<RiskAreaView>>, AppError> {
    Ok(Json(
        state
            .store
            .risk_area_list()
            .await?
            .into_iter()
            .filter_map(|r| {
                Some(RiskAreaView {
                    level: wire::parse(&r.level)?,
                    code: r.code,
                    name: r.name,
                    note: r.note,
                    since: r.since,
                })
            })
            .collect(),
    ))
}

/// Puts a division on the risk-area list (or changes its level); every code is re-reviewed.
#[utoipa::path(put, path = "/admin/risk-areas/{code}", tag = "admin",
    params(("code" = String, Path, description = "A division code (2–12 digits)")),
    request_body = RiskAreaRequest,
    responses(
        (status = 200, description = "Listed; codes are being re-reviewed", body = RiskAreaView),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not an admin account", body = ErrorBody),
        (status = 422, description = "Invalid: `field` names it", body = ErrorBody),
    ))]
async fn set_risk_area(
    State(state): State<AppState>,
    AdminAccount(admin): AdminAccount,
    Path(code): Path<String>,
    extract::Json(request): extract::Json<RiskAreaRequest>,
) -> Result<Json<RiskAreaView>, AppError> {
    request.validate().map_err(AppError::Validation)?;
    let division = known_division(&state, "code", &code).await?;
    let note = request.note.as_deref().map(str::trim).filter(|n| !n.is_empty());
    let now = state.clock.now().to_rfc3339();
    state
        .store
        .set_risk_area(division.as_str(), &wire::name(&request.level), note, &now)
        .await?;
    state
        .store
        .log_action(&admin.id, "risk_area.set", division.as_str(), &now)
        .await?;
    re_review_all(&state);
    let listed = state
        .store
        .risk_area_list()
        .await?
        .into_iter()
        .find(|r| r.code == division.as_str())
        .ok_or(AppError::NotFound)?;
    Ok(Json(RiskAreaView {
        code: listed.code,
        name: listed.name,
        level: request.level,
        note: listed.note,
        since: listed.since,
    }))
}

/// Takes a division off the risk-area list; every code is re-reviewed.
#[utoipa::path(delete, path = "/admin/risk-areas/{code}", tag = "admin",
    params(("code" = String, Path, description = "A division code on the list")),
    responses(
        (status = 204, description = "Removed; codes are being re-reviewed"),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not an admin account", body = ErrorBody),
        (status = 404, description = "Not on the list", body = ErrorBody),
    ))]
async fn remove_risk_area(
    State(state): State<AppState>,
    AdminAccount(admin): AdminAccount,
    Path(code): Path<String>,
) -> Result<StatusCode, AppError> {
    if !state.store.remove_risk_area(&code).await? {
        return Err(AppError::NotFound);
    }
    let now = state.clock.now().to_rfc3339();
    state
        .store
        .log_action(&admin.id, "risk_area.remove", &code, &now)
        .await?;
    re_review_all(&state);
    Ok(StatusCode::NO_CONTENT)
}

/// Imports entries of a health authority's list (read from its CSV by the console): each
/// document is checked like a declaration's and stored only as its keyed hash; declared
/// residents holding one are re-reviewed (red, with the category as the reason) before the
/// answer. Refused entries are listed by their place; the others are stored.
#[utoipa::path(post, path = "/admin/authority-list", tag = "admin",
    request_body = AuthorityImport,
    responses(
        (status = 200, description = "Stored; refused entries listed", body = AuthorityImported),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not an admin account", body = ErrorBody),
        (status = 422, description = "Empty or too long a list (`entries`)", body = ErrorBody),
    ))]
async fn import_authority_list(
    State(state): State<AppState>,
    AdminAccount(admin): AdminAccount,
    headers: HeaderMap,
    extract::Json(import): extract::Json<AuthorityImport>,
) -> Result<Json<AuthorityImported>, AppError> {
    if import.entries.is_empty() || import.entries.len() > MAX_AUTHORITY_ENTRIES {
        return Err(AppError::validation(
            "entries",
            "count",
            format!("每次导入 1 至 {MAX_AUTHORITY_ENTRIES} 条，请分批导入"),
            format!("Import 1 to {MAX_AUTHORITY_ENTRIES} entries at a time"),
        ));
    }
    let english = prefers_english(headers.get(header::ACCEPT_LANGUAGE));
    let now = state.clock.now();
    let today = china_date(now);
    let mut rows = Vec::new();
    let mut refused = Vec::new();
    for (index, entry) in import.entries.iter().enumerate() {
        match DocumentNumber::parse(entry.document_type, &entry.document_number, today) {
            Ok(document) => rows.push(AuthorityRow {
                document_hash: state.pepper.document_hash(&document),
                colour: wire::name(&Colour::Red),
                category: wire::name(&entry.category),
            }),
            Err(e) => refused.push(RefusedEntry {
                index,
                message: if english { e.en } else { e.zh },
            }),
        }
    }
    let imported = if rows.is_empty() {
        0
    } else {
        state
            .store
            .add_authority_entries(&rows, &admin.id, &now.to_rfc3339())
            .await?
    };
    let hashes: Vec<String> = rows.into_iter().map(|r| r.document_hash).collect();
    let matched = state.store.persons_with_documents(&hashes).await?;
    for person_id in &matched {
        refresh(&state, person_id).await?;
    }
    Ok(Json(AuthorityImported {
        imported,
        matched: matched.len() as u64,
        refused,
    }))
}

/// Adds a division the dataset lacks (seed FAQ 1: a new community or sub-district); its parent
/// must exist. Residents can pick it at once.
#[utoipa::path(post, path = "/admin/divisions", tag = "admin",
    request_body = NewDivision,
    responses(
        (status = 201, description = "Added", body = Division),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not an admin account", body = ErrorBody),
        (status = 409, description = "The code exists already (`division_exists`)", body = ErrorBody),
        (status = 422, description = "Invalid: `field` names it", body = ErrorBody),
    ))]
async fn add_division(
    State(state): State<AppState>,
    AdminAccount(admin): AdminAccount,
    extract::Json(request): extract::Json<NewDivision>,
) -> Result<(StatusCode, Json<Division>), AppError> {
    request.validate().map_err(AppError::Validation)?;
    let code = DivisionCode::parse("code", request.code.trim()).map_err(AppError::Validation)?;
    let parent = code.parent().ok_or_else(|| {
        AppError::validation(
            "code",
            "province",
            "不能新增省级区划",
            "Provinces cannot be added",
        )
    })?;
    known_division(&state, "code", parent.as_str()).await?;
    let now = state.clock.now().to_rfc3339();
    let name = request.name.trim();
    if !state.store.add_division(code.as_str(), name, &now).await? {
        return Err(AppError::conflict(
            "division_exists",
            format!("代码 {code} 已存在"),
            format!("The code {code} exists already"),
        ));
    }
    state
        .store
        .log_action(&admin.id, "division.add", code.as_str(), &now)
        .await?;
    // The residents who reported it missing: the report answered, and any of the same name.
    let key = name_key(name);
    let groups = request
        .report
        .as_deref()
        .map(ReportGroup::Of)
        .into_iter()
        .chain([ReportGroup::Named {
            parent: parent.as_str(),
            name_key: &key,
        }]);
    for group in groups {
        state
            .store
            .close_division_reports(group, ReportOutcome::Added, Some(code.as_str()), &admin.id, &now)
            .await?;
    }
    let added = state
        .store
        .division_path(code.as_str())
        .await?
        .pop()
        .ok_or(AppError::NotFound)?;
    Ok((StatusCode::CREATED, Json(added)))
}
