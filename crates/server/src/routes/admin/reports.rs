//! Residents' reports of divisions missing from the picker (找不到我的社区), for admins: the
//! open reports grouped by place and name, and dismissing a group. Adding the division
//! (`POST /admin/divisions` in `rules.rs`) closes its group.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use healthcode_core::api::ErrorBody;
use healthcode_core::division::DivisionCode;
use healthcode_core::division_report::{suggested_code, DivisionReportView, ReportOutcome};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::AdminAccount;
use crate::error::AppError;
use crate::store::ReportGroup;
use crate::AppState;

/// Report groups listed at once (the most reported first).
const MAX_GROUPS: i64 = 200;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(division_reports))
        .routes(routes!(dismiss_division_report))
}

/// The open reports, one row per name under one parent, most reporters first.
#[utoipa::path(get, path = "/admin/division-reports", tag = "admin",
    responses(
        (status = 200, description = "Open report groups", body = Vec<DivisionReportView>),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not an admin account", body = ErrorBody),
    ))]
async fn division_reports(
    State(state): State<AppState>,
    AdminAccount(_): AdminAccount,
) -> Result<Json<Vec<DivisionReportView>>, AppError> {
    let groups = state.store.division_report_groups(MAX_GROUPS).await?;
    let mut views = Vec::with_capacity(groups.len());
    for group in groups {
        let path = state.store.division_path(&group.parent).await?;
        let suggested = match DivisionCode::parse("parent", &group.parent) {
            Ok(parent) => {
                let children = state.store.division_children(Some(parent.as_str())).await?;
                suggested_code(&parent, children.iter().map(|c| c.code.as_str()))
            }
            Err(_) => None,
        };
        views.push(DivisionReportView {
            id: group.id,
            parent: group.parent,
            parent_names: path.into_iter().map(|d| d.name).collect(),
            name: group.name,
            reporters: u32::try_from(group.reporters).unwrap_or(u32::MAX),
            first_reported_at: group.first_reported_at,
            last_reported_at: group.last_reported_at,
            suggested_code: suggested,
        });
    }
    Ok(Json(views))
}

/// Closes a report group without adding a division (a duplicate, the wrong place, not a
/// division). Audited with the count of reports closed.
#[utoipa::path(post, path = "/admin/division-reports/{id}/dismiss", tag = "admin",
    params(("id" = String, Path, description = "A report group's id")),
    responses(
        (status = 204, description = "Dismissed"),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not an admin account", body = ErrorBody),
        (status = 404, description = "No such open report", body = ErrorBody),
    ))]
async fn dismiss_division_report(
    State(state): State<AppState>,
    AdminAccount(admin): AdminAccount,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    let now = state.clock.now().to_rfc3339();
    let closed = state
        .store
        .close_division_reports(
            ReportGroup::Of(&id),
            ReportOutcome::Dismissed,
            None,
            &admin.id,
            &now,
        )
        .await?;
    if closed == 0 {
        return Err(AppError::NotFound);
    }
    Ok(StatusCode::NO_CONTENT)
}
