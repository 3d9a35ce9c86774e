//! `GET|PUT /persons/{id}/declaration`: the declaration, saved as a new version on every PUT
//! (any number of edits, seed FAQ 7) and returned exactly as saved (FAQ 10).

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use healthcode_core::api::{ErrorBody, SavedDeclaration};
use healthcode_core::colour::Colour;
use healthcode_core::declaration::DeclarationForm;
use healthcode_core::identity::mask_name;
use healthcode_core::phone::MobileNumber;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::CurrentAccount;
use crate::code_state::{code_record, evaluate_person, risk_areas};
use crate::error::AppError;
use crate::extract::parse_json;
use crate::idempotency;
use crate::store::{NewDeclaration, PersonAccess, SaveError, StoredDeclaration};
use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_declaration, put_declaration))
}

/// The person, if this account may act for them; 404 otherwise (never say which).
pub async fn person_for(
    state: &AppState,
    account_id: &str,
    person_id: &str,
) -> Result<PersonAccess, AppError> {
    state
        .store
        .person_access(account_id, person_id)
        .await?
        .ok_or(AppError::NotFound)
}

/// The stored form with the document and phone numbers masked, as every answer shows it.
pub(crate) fn masked_view(stored: &StoredDeclaration) -> Result<SavedDeclaration, AppError> {
    let mut form: DeclarationForm =
        serde_json::from_str(&stored.body).map_err(|e| AppError::Internal(e.into()))?;
    form.document_number = healthcode_core::identity::mask_middle(&form.document_number, 2, 2);
    form.phone = MobileNumber::parse("phone", &form.phone)
        .map(|p| p.masked())
        .unwrap_or_default();
    Ok(SavedDeclaration {
        version: stored.version,
        submitted_at: stored.created_at.clone(),
        declaration: form,
        linked_person: None,
    })
}

/// The newest saved declaration, exactly as saved (numbers masked).
#[utoipa::path(get, path = "/persons/{id}/declaration", tag = "persons",
    params(("id" = String, Path, description = "A person id from GET /me")),
    responses(
        (status = 200, description = "The saved declaration", body = SavedDeclaration),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 404, description = "No declaration, or not a person this account may act for", body = ErrorBody),
    ))]
async fn get_declaration(
    State(state): State<AppState>,
    CurrentAccount(account): CurrentAccount,
    Path(person_id): Path<String>,
) -> Result<Response, AppError> {
    let person = person_for(&state, &account.id, &person_id).await?;
    let stored = state
        .store
        .latest_declaration(&person.person_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(axum::Json(masked_view(&stored)?).into_response())
}

/// Keeps the saved number when the client sends back the masked value it was shown.
fn restore_masked(form: &mut DeclarationForm, previous: Option<&DeclarationForm>) {
    let Some(previous) = previous else { return };
    if form.document_number.contains('*')
        && form.document_type == previous.document_type
        && form.document_number == healthcode_core::identity::mask_middle(&previous.document_number, 2, 2)
    {
        form.document_number = previous.document_number.clone();
    }
    if form.phone.contains('*')
        && MobileNumber::parse("phone", &previous.phone).is_ok_and(|p| p.masked() == form.phone)
    {
        form.phone = previous.phone.clone();
    }
}

async fn check_division_exists(state: &AppState, field: &str, code: Option<&str>) -> Result<(), AppError> {
    let Some(code) = code else { return Ok(()) };
    if state.store.division_path(code).await?.is_empty() {
        return Err(AppError::validation(
            field,
            "unknown_division",
            "所选地区不存在，请重新选择",
            "This place is not in the division list; please choose again",
        ));
    }
    Ok(())
}

/// Saves a new version of the declaration and reviews it.
#[utoipa::path(put, path = "/persons/{id}/declaration", tag = "persons",
    params(
        ("id" = String, Path, description = "A person id from GET /me"),
        ("Idempotency-Key" = String, Header, description = "8–128 characters; a retry with the same key and body replays the first answer"),
    ),
    request_body = DeclarationForm,
    responses(
        (status = 200, description = "Saved; the code is reviewed", body = SavedDeclaration),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 404, description = "Not a person this account may act for", body = ErrorBody),
        (status = 409, description = "The document number belongs to another account's person", body = ErrorBody),
        (status = 422, description = "Invalid: `field` names the first problem, `errors` lists all", body = ErrorBody),
    ))]
async fn put_declaration(
    State(state): State<AppState>,
    CurrentAccount(account): CurrentAccount,
    Path(person_id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, AppError> {
    // A replay comes first: after a link the entry in the URL is gone, but the answer stands.
    let key = idempotency::key(&headers, true)?.unwrap_or_default();
    let request_hash = idempotency::request_hash(&person_id, &body);
    if let Some(reply) = idempotency::replay(&state, &account.id, &key, &request_hash).await? {
        return Ok(reply);
    }
    let person = person_for(&state, &account.id, &person_id).await?;

    let mut form: DeclarationForm = parse_json(&body)?;
    let previous = state.store.latest_declaration(&person.person_id).await?;
    let previous_form: Option<DeclarationForm> =
        previous.as_ref().and_then(|p| serde_json::from_str(&p.body).ok());
    restore_masked(&mut form, previous_form.as_ref());

    let now = state.clock.now();
    let declaration = form
        .validate(healthcode_core::time::china_date(now))
        .map_err(AppError::Fields)?;
    check_division_exists(
        &state,
        "residence_division",
        Some(&declaration.form.residence_division),
    )
    .await?;
    check_division_exists(
        &state,
        "origin_division",
        declaration.form.origin_division.as_deref(),
    )
    .await?;
    for (i, stop) in declaration.form.itinerary.iter().enumerate() {
        check_division_exists(
            &state,
            &format!("itinerary[{i}].division"),
            stop.division.as_deref(),
        )
        .await?;
    }

    let document_hash = state.pepper.document_hash(&declaration.document);
    let outcome = evaluate_person(
        &state,
        &person.person_id,
        &declaration.form,
        now,
        &document_hash,
        &risk_areas(&state).await?,
        now,
    )
    .await?;
    let code = code_record(&outcome)?;
    let body_json = serde_json::to_string(&declaration.form).map_err(|e| AppError::Internal(e.into()))?;
    let created_at = now.to_rfc3339();
    let stored_body = body_json.clone();
    let reply_created_at = created_at.clone();
    let new = NewDeclaration {
        person_id: person.person_id.clone(),
        account_id: account.id.clone(),
        body: body_json,
        document_hash,
        name_masked: mask_name(&declaration.form.name),
        residence: crate::residence::view_of(&declaration.form),
        created_at,
        code,
        idempotency_key: key,
        request_hash,
        may_link: person.relation != "self",
        reply: Box::new(move |version, linked| {
            let stored = StoredDeclaration {
                version,
                body: stored_body,
                created_at: reply_created_at,
            };
            masked_view(&stored)
                .ok()
                .map(|view| SavedDeclaration {
                    linked_person: linked.map(str::to_owned),
                    ..view
                })
                .and_then(|view| serde_json::to_string(&view).ok())
                .unwrap_or_default()
        }),
    };
    match state.store.save_declaration(new).await {
        Ok(saved) => {
            // A linked dependant's code also counts the check-ins the other accounts made.
            if let Some(linked) = &saved.linked_person {
                crate::code_state::refresh(&state, linked).await?;
            }
            Ok(([("content-type", "application/json")], saved.body).into_response())
        }
        Err(SaveError::TooManyApplicants) => Err(AppError::Conflict {
            code: "too_many_applicants",
            field: Some("document_number"),
            zh: format!(
                "该家属已由 {} 个账户登记，不能再添加；请由已登记的家人为其出示健康码",
                healthcode_core::family::MAX_ACCOUNTS_PER_DEPENDANT
            ),
            en: format!(
                "This family member is already declared by {} accounts, the most allowed; one of them can show their code",
                healthcode_core::family::MAX_ACCOUNTS_PER_DEPENDANT
            ),
        }),
        Err(SaveError::AlreadyLinked) => Err(AppError::Conflict {
            code: "already_linked",
            field: Some("document_number"),
            zh: "该家属已在您的家人列表中，请勿重复添加".into(),
            en: "This family member is already in your list".into(),
        }),
        Err(SaveError::DocumentTaken) => Err(AppError::Conflict {
            code: "document_taken",
            field: Some("document_number"),
            zh: "该证件号码已由其他账户登记为本人；如为家属，请通过“新增家属”添加".into(),
            en: "This document number is already declared by another account; add them as a family member instead"
                .into(),
        }),
        Err(SaveError::Store(err)) => Err(err.into()),
    }
}

pub fn colour_name(colour: Colour) -> &'static str {
    match colour {
        Colour::Green => "green",
        Colour::Yellow => "yellow",
        Colour::Red => "red",
    }
}

pub use healthcode_core::wire::name as wire_name;

pub fn parse_colour(name: &str) -> Option<Colour> {
    healthcode_core::wire::parse(name)
}
