//! `POST /persons`, `PUT|DELETE /persons/{id}`: the family manager (新增家属). A dependant is a
//! person with their own declaration and code; up to 8 per account. Removing one unlinks it;
//! the last account to unlink takes the person's data with it.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use healthcode_core::api::{ErrorBody, PersonSummary};
use healthcode_core::family::{DependantRequest, MAX_ASSISTED_PER_GRID_WORKER, MAX_DEPENDANTS_PER_ACCOUNT};
use healthcode_core::staff::Role;
use healthcode_core::wire;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::CurrentAccount;
use crate::error::AppError;
use crate::extract;
use crate::routes::declarations::person_for;
use crate::store::{AddError, PersonAccess};
use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(add_dependant))
        .routes(routes!(update_dependant, remove_dependant))
}

async fn summary(state: &AppState, account_id: &str, person_id: &str) -> Result<PersonSummary, AppError> {
    state
        .store
        .persons_for_account(account_id)
        .await?
        .into_iter()
        .find(|p| p.id == person_id)
        .ok_or(AppError::NotFound)
}

fn not_self(person: &PersonAccess) -> Result<(), AppError> {
    if person.relation == "self" {
        return Err(AppError::conflict(
            "own_person",
            "这是您本人，不能作为家属修改或移除",
            "This is your own person; it cannot be changed or removed as a family member",
        ));
    }
    Ok(())
}

/// Adds a dependant (not yet declared): relation, a note for 其他, the guardian's consent.
#[utoipa::path(post, path = "/persons", tag = "persons", request_body = DependantRequest,
    responses(
        (status = 201, description = "Added; declare them next with PUT /persons/{id}/declaration", body = PersonSummary),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 409, description = "Already 8 dependants, 500 for a grid worker (`too_many_dependants`)", body = ErrorBody),
        (status = 422, description = "Invalid: `field` names the problem", body = ErrorBody),
    ))]
async fn add_dependant(
    State(state): State<AppState>,
    CurrentAccount(account): CurrentAccount,
    extract::Json(request): extract::Json<DependantRequest>,
) -> Result<(StatusCode, Json<PersonSummary>), AppError> {
    let request = request.validate().map_err(AppError::Fields)?;
    let now = state.clock.now().to_rfc3339();
    // A grid worker registers the residents without a phone (社区代登记), more than a family.
    let cap = if wire::parse::<Role>(&account.role) == Some(Role::GridWorker) {
        MAX_ASSISTED_PER_GRID_WORKER
    } else {
        MAX_DEPENDANTS_PER_ACCOUNT
    };
    let id = match state.store.add_dependant(&account.id, &request, cap, &now).await {
        Ok(id) => id,
        Err(AddError::TooMany) => {
            return Err(AppError::conflict(
                "too_many_dependants",
                format!("每个账户最多添加 {cap} 位家属"),
                format!("An account may add at most {cap} family members"),
            ))
        }
        Err(AddError::Store(err)) => return Err(err.into()),
    };
    Ok((
        StatusCode::CREATED,
        Json(summary(&state, &account.id, &id).await?),
    ))
}

/// Changes how a dependant relates to this account.
#[utoipa::path(put, path = "/persons/{id}", tag = "persons", request_body = DependantRequest,
    params(("id" = String, Path, description = "A dependant's person id from GET /me")),
    responses(
        (status = 200, description = "Changed", body = PersonSummary),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 404, description = "Not a person this account may act for", body = ErrorBody),
        (status = 409, description = "The account's own person (`own_person`)", body = ErrorBody),
        (status = 422, description = "Invalid: `field` names the problem", body = ErrorBody),
    ))]
async fn update_dependant(
    State(state): State<AppState>,
    CurrentAccount(account): CurrentAccount,
    Path(person_id): Path<String>,
    extract::Json(request): extract::Json<DependantRequest>,
) -> Result<Json<PersonSummary>, AppError> {
    let person = person_for(&state, &account.id, &person_id).await?;
    not_self(&person)?;
    let request = request.validate().map_err(AppError::Fields)?;
    state
        .store
        .update_dependant(&account.id, &person.person_id, &request)
        .await?;
    Ok(Json(summary(&state, &account.id, &person.person_id).await?))
}

/// Removes a dependant from this account; their data goes when no account is left.
#[utoipa::path(delete, path = "/persons/{id}", tag = "persons",
    params(("id" = String, Path, description = "A dependant's person id from GET /me")),
    responses(
        (status = 204, description = "Removed from this account"),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 404, description = "Not a person this account may act for", body = ErrorBody),
        (status = 409, description = "The account's own person (`own_person`)", body = ErrorBody),
    ))]
async fn remove_dependant(
    State(state): State<AppState>,
    CurrentAccount(account): CurrentAccount,
    Path(person_id): Path<String>,
) -> Result<StatusCode, AppError> {
    let person = person_for(&state, &account.id, &person_id).await?;
    not_self(&person)?;
    state
        .store
        .unlink_dependant(&account.id, &person.person_id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
