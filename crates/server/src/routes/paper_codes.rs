//! `/persons/{id}/paper-codes`: printed codes (纸质码) for those without a phone. Each card
//! carries a paper token valid for the rule set's `paper_code_days` (default 14); reporting it
//! lost (挂失) revokes it at once, and verify refuses it from then on.

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::Json;
use chrono::Duration;
use healthcode_core::api::{ErrorBody, PaperCode};
use healthcode_core::token::CodeKind;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::CurrentAccount;
use crate::error::{prefers_english, AppError};
use crate::routes::codes::{current_code, dependant_claims, document_masked, relation_text_of, sign};
use crate::routes::declarations::{colour_name, parse_colour, person_for};
use crate::secrets::random_token;
use crate::store::{PaperRow, PersonAccess};
use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(issue, list))
        .routes(routes!(report_lost))
}

async fn view(
    state: &AppState,
    account: &crate::store::Account,
    person: &PersonAccess,
    row: &PaperRow,
    token: Option<String>,
    english: bool,
) -> Result<PaperCode, AppError> {
    Ok(PaperCode {
        id: row.id.clone(),
        token,
        colour: parse_colour(&row.colour)
            .ok_or_else(|| AppError::Internal(anyhow::anyhow!("paper code without a colour")))?,
        issued_at: row.issued_at.clone(),
        valid_until: row.valid_until.clone(),
        name_masked: person.name_masked.clone().unwrap_or_default(),
        document_masked: document_masked(state, &person.person_id)
            .await?
            .unwrap_or_default(),
        dependant: dependant_claims(state, account, person).await?,
        relation_text: relation_text_of(person, english),
        revoked_at: row.revoked_at.clone(),
    })
}

/// Prints a new card: a paper token with the colour now, valid for the rule set's paper days.
#[utoipa::path(post, path = "/persons/{id}/paper-codes", tag = "codes",
    params(("id" = String, Path, description = "A person id from GET /me")),
    responses(
        (status = 201, description = "Issued; `token` goes into the printed QR", body = PaperCode),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 404, description = "Not a person this account may act for", body = ErrorBody),
        (status = 409, description = "No issued code yet (`not_declared`, `under_review`)", body = ErrorBody),
    ))]
async fn issue(
    State(state): State<AppState>,
    CurrentAccount(account): CurrentAccount,
    Path(person_id): Path<String>,
    headers: HeaderMap,
) -> Result<(StatusCode, Json<PaperCode>), AppError> {
    let person = person_for(&state, &account.id, &person_id).await?;
    let record = state
        .store
        .code_record(&person.person_id)
        .await?
        .ok_or_else(AppError::not_declared)?;
    if record.status != "issued" {
        return Err(AppError::conflict(
            "under_review",
            "健康码审核中，审核完成后再打印",
            "The code is under review; print it once it is issued",
        ));
    }
    let now = state.clock.now();
    let current = current_code(&record, now)?;
    let valid_until = now + Duration::days(state.rules.paper_code_days);
    let dependant = dependant_claims(&state, &account, &person).await?;
    let (token, serial) = sign(
        &state,
        &person,
        &current,
        CodeKind::Paper,
        now,
        valid_until,
        dependant,
    );
    let row = PaperRow {
        id: format!("pc_{}", random_token(9)),
        person_id: person.person_id.clone(),
        serial,
        issued_by: account.id.clone(),
        colour: colour_name(current.colour).to_owned(),
        issued_at: now.to_rfc3339(),
        valid_until: valid_until.to_rfc3339(),
        revoked_at: None,
    };
    state.store.create_paper_code(&row).await?;
    let english = prefers_english(headers.get(header::ACCEPT_LANGUAGE));
    Ok((
        StatusCode::CREATED,
        Json(view(&state, &account, &person, &row, Some(token), english).await?),
    ))
}

/// The person's printed cards, newest first (tokens are not kept, so not listed).
#[utoipa::path(get, path = "/persons/{id}/paper-codes", tag = "codes",
    params(("id" = String, Path, description = "A person id from GET /me")),
    responses(
        (status = 200, description = "Printed cards, newest first", body = Vec<PaperCode>),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 404, description = "Not a person this account may act for", body = ErrorBody),
    ))]
async fn list(
    State(state): State<AppState>,
    CurrentAccount(account): CurrentAccount,
    Path(person_id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<Vec<PaperCode>>, AppError> {
    let person = person_for(&state, &account.id, &person_id).await?;
    let english = prefers_english(headers.get(header::ACCEPT_LANGUAGE));
    let mut cards = Vec::new();
    for row in state.store.paper_codes(&person.person_id).await? {
        cards.push(view(&state, &account, &person, &row, None, english).await?);
    }
    Ok(Json(cards))
}

/// Reports a card lost (挂失): its token is refused by verify from now on.
#[utoipa::path(post, path = "/persons/{id}/paper-codes/{paper_id}/lost", tag = "codes",
    params(
        ("id" = String, Path, description = "A person id from GET /me"),
        ("paper_id" = String, Path, description = "A card id from the list"),
    ),
    responses(
        (status = 200, description = "Revoked (again: unchanged)", body = PaperCode),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 404, description = "Not this person's card", body = ErrorBody),
    ))]
async fn report_lost(
    State(state): State<AppState>,
    CurrentAccount(account): CurrentAccount,
    Path((person_id, paper_id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Json<PaperCode>, AppError> {
    let person = person_for(&state, &account.id, &person_id).await?;
    let now = state.clock.now().to_rfc3339();
    state
        .store
        .revoke_paper_code(&person.person_id, &paper_id, &now)
        .await?;
    let row = state
        .store
        .paper_codes(&person.person_id)
        .await?
        .into_iter()
        .find(|r| r.id == paper_id)
        .ok_or(AppError::NotFound)?;
    let english = prefers_english(headers.get(header::ACCEPT_LANGUAGE));
    Ok(Json(view(&state, &account, &person, &row, None, english).await?))
}
