//! `/admin/…`: the appeal desk. Admin accounts come from the server CLI (`admin create`), never
//! from the API. Changing a colour takes two different admins: one proposes, another approves;
//! every step is in the audit log, and the resident sees the reason.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use healthcode_core::api::ErrorBody;
use healthcode_core::appeal::{
    AdminAppealView, AppealView, AuditEntry, OverrideRequest, OverrideView, ResolveRequest,
};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::AdminAccount;
use crate::code_state::refresh;
use crate::error::AppError;
use crate::extract;
use crate::routes::appeals::appeal_view;
use crate::routes::codes::current_code;
use crate::routes::declarations::{colour_name, parse_colour};
use crate::rules::Reason;
use crate::secrets::random_token;
use crate::store::{AppealRow, OverrideRow};
use crate::AppState;

mod desk;
mod grants;
mod reports;
mod rules;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(open_appeals))
        .routes(routes!(propose))
        .routes(routes!(approve))
        .routes(routes!(resolve))
        .routes(routes!(audit))
        .merge(desk::router())
        .merge(rules::router())
        .merge(reports::router())
        .merge(grants::router())
}

pub(super) fn override_view(row: &OverrideRow) -> Result<OverrideView, AppError> {
    Ok(OverrideView {
        id: row.id.clone(),
        appeal_id: row.appeal_id.clone(),
        colour: parse_colour(&row.colour)
            .ok_or_else(|| AppError::Internal(anyhow::anyhow!("stored override has no colour")))?,
        reason: row.reason.clone(),
        proposed_by: row.proposed_by.clone(),
        proposed_at: row.proposed_at.clone(),
        approved_by: row.approved_by.clone(),
        approved_at: row.approved_at.clone(),
        rejected_by: row.rejected_by.clone(),
        rejected_at: row.rejected_at.clone(),
    })
}

/// The appeal, if it is still open and no proposal is waiting for its second admin.
pub(super) async fn open_appeal(state: &AppState, appeal_id: &str) -> Result<AppealRow, AppError> {
    let appeal = state.store.appeal(appeal_id).await?.ok_or(AppError::NotFound)?;
    if appeal.status == "resolved" {
        return Err(AppError::conflict(
            "resolved",
            "该申诉已处理",
            "This appeal is resolved already",
        ));
    }
    if state.store.pending_override(appeal_id).await?.is_some() {
        return Err(AppError::conflict(
            "proposal_waiting",
            "已有待审批的改码提议，请先审批",
            "A proposal is already waiting for a second admin",
        ));
    }
    Ok(appeal)
}

/// An appeal as the desk lists it: the person masked, the colour now and its rules, and the
/// proposal waiting for a second admin.
pub(super) async fn admin_view(
    state: &AppState,
    row: &AppealRow,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<AdminAppealView, AppError> {
    let code = match state.store.code_record(&row.person_id).await? {
        Some(record) => Some(current_code(&record, now)?),
        None => None,
    };
    Ok(AdminAppealView {
        appeal: appeal_view(row)?,
        name_masked: state.store.person_name_masked(&row.person_id).await?,
        colour: code.as_ref().map(|c| c.colour),
        rules: code
            .map(|c| c.reasons.into_iter().map(|r: Reason| r.rule).collect())
            .unwrap_or_default(),
        pending_override: state
            .store
            .pending_override(&row.id)
            .await?
            .as_ref()
            .map(override_view)
            .transpose()?,
    })
}

/// Appeals not yet resolved, oldest first, with the person masked and the code's rules.
#[utoipa::path(get, path = "/admin/appeals", tag = "admin",
    responses(
        (status = 200, description = "Open appeals", body = Vec<AdminAppealView>),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not an admin account", body = ErrorBody),
    ))]
async fn open_appeals(
    State(state): State<AppState>,
    AdminAccount(_): AdminAccount,
) -> Result<Json<Vec<AdminAppealView>>, AppError> {
    let now = state.clock.now();
    let mut out = Vec::new();
    for row in state.store.open_appeals().await? {
        out.push(admin_view(&state, &row, now).await?);
    }
    Ok(Json(out))
}

/// Proposes a colour for an appealed code; another admin must approve it.
#[utoipa::path(post, path = "/admin/appeals/{id}/overrides", tag = "admin",
    params(("id" = String, Path, description = "An appeal id")),
    request_body = OverrideRequest,
    responses(
        (status = 201, description = "Proposed; waiting for a second admin", body = OverrideView),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not an admin account", body = ErrorBody),
        (status = 404, description = "No such appeal", body = ErrorBody),
        (status = 409, description = "Resolved already (`resolved`) or a proposal is waiting (`proposal_waiting`)", body = ErrorBody),
        (status = 422, description = "Invalid: `field` names it", body = ErrorBody),
    ))]
async fn propose(
    State(state): State<AppState>,
    AdminAccount(admin): AdminAccount,
    Path(appeal_id): Path<String>,
    extract::Json(request): extract::Json<OverrideRequest>,
) -> Result<(StatusCode, Json<OverrideView>), AppError> {
    request.validate().map_err(AppError::Validation)?;
    let appeal = open_appeal(&state, &appeal_id).await?;
    let row = OverrideRow {
        id: format!("ov_{}", random_token(12)),
        appeal_id,
        person_id: appeal.person_id,
        colour: colour_name(request.colour).into(),
        reason: request.reason.trim().to_owned(),
        proposed_by: admin.id,
        proposed_at: state.clock.now().to_rfc3339(),
        approved_by: None,
        approved_at: None,
        rejected_by: None,
        rejected_at: None,
    };
    state.store.propose_override(&row).await?;
    Ok((StatusCode::CREATED, Json(override_view(&row)?)))
}

/// A proposal still waiting for its decision, when `admin` may decide it: 404 if there is none,
/// 409 when it is decided already (`approved`, `decided`) or `admin` made it (`same_admin`).
pub(super) async fn undecided_proposal(
    state: &AppState,
    id: &str,
    admin: &str,
) -> Result<OverrideRow, AppError> {
    let row = state.store.colour_override(id).await?.ok_or(AppError::NotFound)?;
    if row.rejected_by.is_some() {
        return Err(AppError::conflict(
            "decided",
            "该提议已被驳回",
            "This proposal was rejected",
        ));
    }
    if row.approved_by.is_some() {
        return Err(AppError::conflict(
            "approved",
            "该提议已审批",
            "This proposal is approved already",
        ));
    }
    if row.proposed_by == admin {
        return Err(AppError::conflict(
            "same_admin",
            "改码提议需由另一位管理员审批或驳回，不能处理自己的提议",
            "Another admin must decide; nobody approves or rejects their own proposal",
        ));
    }
    Ok(row)
}

/// Approves another admin's proposal: the colour changes now and the appeal is resolved.
#[utoipa::path(post, path = "/admin/overrides/{id}/approve", tag = "admin",
    params(("id" = String, Path, description = "An override id")),
    responses(
        (status = 200, description = "Approved and applied", body = OverrideView),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not an admin account", body = ErrorBody),
        (status = 404, description = "No such proposal", body = ErrorBody),
        (status = 409, description = "Own proposal (`same_admin`), approved (`approved`) or rejected (`decided`) already", body = ErrorBody),
    ))]
async fn approve(
    State(state): State<AppState>,
    AdminAccount(admin): AdminAccount,
    Path(override_id): Path<String>,
) -> Result<Json<OverrideView>, AppError> {
    let row = undecided_proposal(&state, &override_id, &admin.id).await?;
    let at = state.clock.now().to_rfc3339();
    state
        .store
        .approve_override(&override_id, &admin.id, &at, &row.reason)
        .await?;
    refresh(&state, &row.person_id).await?;
    let approved = state
        .store
        .colour_override(&override_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Json(override_view(&approved)?))
}

/// Closes an appeal without changing the colour (one admin suffices: nothing changes), with the
/// decision the resident will read.
#[utoipa::path(post, path = "/admin/appeals/{id}/resolve", tag = "admin",
    params(("id" = String, Path, description = "An appeal id")),
    request_body = ResolveRequest,
    responses(
        (status = 200, description = "Resolved", body = AppealView),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not an admin account", body = ErrorBody),
        (status = 404, description = "No such appeal", body = ErrorBody),
        (status = 409, description = "Resolved already (`resolved`) or a proposal is waiting (`proposal_waiting`)", body = ErrorBody),
        (status = 422, description = "Invalid: `field` names it", body = ErrorBody),
    ))]
async fn resolve(
    State(state): State<AppState>,
    AdminAccount(admin): AdminAccount,
    Path(appeal_id): Path<String>,
    extract::Json(request): extract::Json<ResolveRequest>,
) -> Result<Json<AppealView>, AppError> {
    request.validate().map_err(AppError::Validation)?;
    open_appeal(&state, &appeal_id).await?;
    let at = state.clock.now().to_rfc3339();
    state
        .store
        .resolve_appeal(&appeal_id, &admin.id, &at, request.resolution.trim())
        .await?;
    let resolved = state.store.appeal(&appeal_id).await?.ok_or(AppError::NotFound)?;
    Ok(Json(appeal_view(&resolved)?))
}

#[derive(Debug, serde::Deserialize)]
struct AuditQuery {
    action: Option<String>,
    limit: Option<i64>,
}

/// The newest audit lines (200 unless `limit` says otherwise, at most 1,000), newest first; only
/// those of one `action` when given.
#[utoipa::path(get, path = "/admin/audit", tag = "admin",
    params(
        ("action" = Option<String>, Query, description = "Only this action, e.g. override.approve or staff.view"),
        ("limit" = Option<i64>, Query, description = "At most this many lines (1–1000, default 200)"),
    ),
    responses(
        (status = 200, description = "Audit lines, newest first", body = Vec<AuditEntry>),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not an admin account", body = ErrorBody),
        (status = 422, description = "Invalid parameter: `field` names it", body = ErrorBody),
    ))]
async fn audit(
    State(state): State<AppState>,
    AdminAccount(_): AdminAccount,
    extract::Query(q): extract::Query<AuditQuery>,
) -> Result<Json<Vec<AuditEntry>>, AppError> {
    let action = q.action.as_deref().map(str::trim).filter(|a| !a.is_empty());
    Ok(Json(
        state
            .store
            .audit_by_action(action, q.limit.unwrap_or(200).clamp(1, 1_000))
            .await?
            .into_iter()
            .map(|r| AuditEntry {
                actor: r.actor,
                action: r.action,
                subject: r.subject,
                detail: r.detail,
                at: r.at,
            })
            .collect(),
    ))
}
