//! The appeal desk's detail and the second admin's "no": an appeal with everything behind its
//! colour, and turning a proposal down (the appeal is open again for another proposal).

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap};
use axum::Json;
use healthcode_core::admin::AppealDetail;
use healthcode_core::api::{CodeReason, ErrorBody};
use healthcode_core::appeal::OverrideView;
use healthcode_core::identity::{mask_middle, mask_name};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{admin_view, override_view, undecided_proposal};
use crate::auth::AdminAccount;
use crate::error::{prefers_english, AppError};
use crate::routes::codes::current_code;
use crate::routes::declarations::masked_view;
use crate::AppState;

/// Days of colour changes in the detail.
const HISTORY_DAYS: i64 = 30;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(appeal_detail))
        .routes(routes!(reject))
}

/// One appeal with the declaration facts (masked), the reasons and rules behind the colour, its
/// colour history and every proposal made on it.
#[utoipa::path(get, path = "/admin/appeals/{id}", tag = "admin",
    params(("id" = String, Path, description = "An appeal id")),
    responses(
        (status = 200, description = "The appeal and what is behind it", body = AppealDetail),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not an admin account", body = ErrorBody),
        (status = 404, description = "No such appeal", body = ErrorBody),
    ))]
async fn appeal_detail(
    State(state): State<AppState>,
    AdminAccount(_): AdminAccount,
    headers: HeaderMap,
    Path(appeal_id): Path<String>,
) -> Result<Json<AppealDetail>, AppError> {
    let row = state.store.appeal(&appeal_id).await?.ok_or(AppError::NotFound)?;
    let now = state.clock.now();
    let english = prefers_english(headers.get(header::ACCEPT_LANGUAGE));
    let reasons = match state.store.code_record(&row.person_id).await? {
        Some(record) => current_code(&record, now)?
            .reasons
            .into_iter()
            .map(|r| CodeReason {
                message: if english { r.en } else { r.zh },
                rule: r.rule,
            })
            .collect(),
        None => Vec::new(),
    };
    // The facts behind the colour; who the person is stays masked (name, numbers, address).
    let declaration = match state.store.latest_declaration(&row.person_id).await? {
        Some(stored) => {
            let mut view = masked_view(&stored)?;
            view.declaration.name = mask_name(&view.declaration.name);
            view.declaration.residence_address = mask_middle(&view.declaration.residence_address, 3, 0);
            Some(view)
        }
        None => None,
    };
    let colour_history = crate::code_state::colour_changes(&state, &row.person_id, HISTORY_DAYS).await?;
    let overrides = state
        .store
        .overrides_for_appeal(&appeal_id)
        .await?
        .iter()
        .map(override_view)
        .collect::<Result<Vec<OverrideView>, _>>()?;
    Ok(Json(AppealDetail {
        summary: admin_view(&state, &row, now).await?,
        reasons,
        declaration,
        colour_history,
        overrides,
    }))
}

/// Turns another admin's proposal down: nothing changes for the resident, the appeal is open
/// again (submitted) for a new proposal or a resolution.
#[utoipa::path(post, path = "/admin/overrides/{id}/reject", tag = "admin",
    params(("id" = String, Path, description = "An override id")),
    responses(
        (status = 200, description = "Rejected", body = OverrideView),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not an admin account", body = ErrorBody),
        (status = 404, description = "No such proposal", body = ErrorBody),
        (status = 409, description = "Own proposal (`same_admin`), approved (`approved`) or rejected (`decided`) already", body = ErrorBody),
    ))]
async fn reject(
    State(state): State<AppState>,
    AdminAccount(admin): AdminAccount,
    Path(override_id): Path<String>,
) -> Result<Json<OverrideView>, AppError> {
    undecided_proposal(&state, &override_id, &admin.id).await?;
    let at = state.clock.now().to_rfc3339();
    state.store.reject_override(&override_id, &admin.id, &at).await?;
    let rejected = state
        .store
        .colour_override(&override_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Json(override_view(&rejected)?))
}
