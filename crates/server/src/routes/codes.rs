//! The code: `GET /persons/{id}/code` (colour, reasons, signed tokens), `GET /trust-list`,
//! and `POST /verify` (the online check for checkpoints).

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap};
use axum::Json;
use chrono::{DateTime, Duration, Utc};
use healthcode_core::api::{CodeReason, CodeView, ErrorBody, TrustListReply, VerifyRequest, VerifyResult};
use healthcode_core::colour::{CodeStatus, Colour};
use healthcode_core::declaration::DeclarationForm;
use healthcode_core::family::{relation_text, Relation};
use healthcode_core::identity::mask_middle;
use healthcode_core::token::{self, CodeClaims, CodeKind, DependantClaims};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::CurrentAccount;
use crate::error::{prefers_english, AppError};
use crate::extract;
use crate::routes::declarations::{parse_colour, person_for};
use crate::rules::validity::{lapsed, CodeState};
use crate::rules::Reason;
use crate::secrets::random_token;
use crate::store::{CodeRecord, PersonAccess};
use crate::AppState;

/// A live token's lifetime (the app refreshes it every minute).
pub const LIVE_TOKEN_SECS: i64 = 300;
/// An offline token's longest lifetime.
pub const OFFLINE_TOKEN_SECS: i64 = 72 * 3_600;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(code))
        .routes(routes!(trust_list))
        .routes(routes!(verify))
}

/// A person's code as of `now`: a green code past its validity has lapsed to yellow (seed
/// notice item 4), whether or not the sweep has stored that yet.
pub fn current_code(record: &CodeRecord, now: DateTime<Utc>) -> Result<CodeState, AppError> {
    let colour = record
        .colour
        .as_deref()
        .and_then(parse_colour)
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("stored code has no colour")))?;
    let reasons: Vec<Reason> =
        serde_json::from_str(&record.reasons).map_err(|e| AppError::Internal(e.into()))?;
    let valid_until = record
        .valid_until
        .as_deref()
        .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        .map(|t| t.with_timezone(&Utc));
    if colour == Colour::Green && valid_until.is_some_and(|until| until <= now) {
        return Ok(lapsed());
    }
    let next_step = record
        .next_step
        .as_deref()
        .and_then(|json| serde_json::from_str::<Reason>(json).ok());
    Ok(CodeState {
        colour,
        reasons,
        valid_until,
        next_step,
    })
}

/// The person's code now: colour with reasons, validity, and freshly signed tokens.
#[utoipa::path(get, path = "/persons/{id}/code", tag = "codes",
    params(("id" = String, Path, description = "A person id from GET /me")),
    responses(
        (status = 200, description = "The code (status `pending` while under review)", body = CodeView),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 404, description = "Not a person this account may act for", body = ErrorBody),
        (status = 409, description = "No declaration yet (`not_declared`)", body = ErrorBody),
    ))]
async fn code(
    State(state): State<AppState>,
    CurrentAccount(account): CurrentAccount,
    Path(person_id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<CodeView>, AppError> {
    let person = person_for(&state, &account.id, &person_id).await?;
    let record = state
        .store
        .code_record(&person.person_id)
        .await?
        .ok_or_else(AppError::not_declared)?;
    let now = state.clock.now();
    let server_time = now.to_rfc3339();
    let english = prefers_english(headers.get(header::ACCEPT_LANGUAGE));
    let document_masked = document_masked(&state, &person.person_id).await?;
    if record.status != "issued" {
        return Ok(Json(CodeView {
            status: CodeStatus::Pending,
            colour: None,
            reasons: Vec::new(),
            valid_until: None,
            name_masked: person.name_masked,
            document_masked,
            token: None,
            token_expires_at: None,
            offline_token: None,
            offline_expires_at: None,
            server_time,
            next_step: None,
            dependant: None,
            relation_text: None,
        }));
    }
    let current = current_code(&record, now)?;
    let dependant = dependant_claims(&state, &account, &person).await?;
    let relation_text = relation_text_of(&person, english);
    let token = |kind: CodeKind, expires_at: DateTime<Utc>| {
        sign(
            &state,
            &person,
            &current,
            kind,
            now,
            expires_at,
            dependant.clone(),
        )
        .0
    };
    let live_expires = now + Duration::seconds(LIVE_TOKEN_SECS);
    // An offline token never outlives the colour it shows.
    let offline_expires = match current.valid_until {
        Some(until) => until.min(now + Duration::seconds(OFFLINE_TOKEN_SECS)),
        None => now + Duration::hours(24),
    };
    Ok(Json(CodeView {
        status: CodeStatus::Issued,
        colour: Some(current.colour),
        reasons: current
            .reasons
            .iter()
            .map(|r| CodeReason {
                rule: r.rule.clone(),
                message: if english { r.en.clone() } else { r.zh.clone() },
            })
            .collect(),
        valid_until: current.valid_until.map(|t| t.to_rfc3339()),
        name_masked: person.name_masked.clone(),
        document_masked,
        token: Some(token(CodeKind::Live, live_expires)),
        token_expires_at: Some(live_expires.to_rfc3339()),
        offline_token: Some(token(CodeKind::Offline, offline_expires)),
        offline_expires_at: Some(offline_expires.to_rfc3339()),
        server_time,
        next_step: current
            .next_step
            .as_ref()
            .map(|r| if english { r.en.clone() } else { r.zh.clone() }),
        dependant,
        relation_text,
    }))
}

/// A signed token of `kind` for the person's code as it is now (live, offline or paper), and
/// its serial (kept for a paper card, so it can be revoked).
pub(crate) fn sign(
    state: &AppState,
    person: &PersonAccess,
    current: &CodeState,
    kind: CodeKind,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
    dependant: Option<DependantClaims>,
) -> (String, String) {
    let serial = random_token(if kind == CodeKind::Paper { 9 } else { 6 });
    let signing = state.signing.current();
    let claims = CodeClaims {
        issuer: signing.issuer.clone(),
        key_id: signing.key_id.clone(),
        person_ref: person.person_ref.clone(),
        serial: serial.clone(),
        kind,
        colour: current.colour,
        issued_at: now.timestamp(),
        expires_at: expires_at.timestamp(),
        colour_valid_until: current.valid_until.map(|t| t.timestamp()),
        name_masked: person.name_masked.clone().unwrap_or_default(),
        dependant,
    };
    (token::encode(&claims, &signing.key), serial)
}

/// The person's document number as shown: masked, from the newest declaration.
pub(crate) async fn document_masked(state: &AppState, person_id: &str) -> Result<Option<String>, AppError> {
    Ok(state
        .store
        .latest_declaration(person_id)
        .await?
        .and_then(|d| serde_json::from_str::<DeclarationForm>(&d.body).ok())
        .map(|f| mask_middle(&f.document_number, 2, 2)))
}

/// For a dependant: this account's own person (masked; the phone while undeclared) as the
/// applicant, and the relation — what a 家属码 token and card carry.
pub(crate) async fn dependant_claims(
    state: &AppState,
    account: &crate::store::Account,
    person: &PersonAccess,
) -> Result<Option<DependantClaims>, AppError> {
    let Some(relation) = Relation::from_wire(&person.relation).filter(|r| *r != Relation::Own) else {
        return Ok(None);
    };
    let applicant = state
        .store
        .persons_for_account(&account.id)
        .await?
        .into_iter()
        .find(|p| p.relation == "self")
        .and_then(|p| p.name_masked)
        .unwrap_or_else(|| account.phone_masked.clone());
    Ok(Some(DependantClaims {
        applicant_masked: applicant,
        relation,
    }))
}

/// How this account's relation to the person reads (the note for 其他); `None` for oneself.
pub(crate) fn relation_text_of(person: &PersonAccess, english: bool) -> Option<String> {
    Relation::from_wire(&person.relation)
        .filter(|r| *r != Relation::Own)
        .map(|r| relation_text(r, person.relation_note.as_deref(), english))
}

/// Every issuer key this server accepts (its own and peer regions').
#[utoipa::path(get, path = "/trust-list", tag = "codes",
    responses((status = 200, description = "The trust list and the server's time", body = TrustListReply)))]
async fn trust_list(State(state): State<AppState>) -> Result<Json<TrustListReply>, AppError> {
    Ok(Json(TrustListReply {
        list: state.store.trust_list().await?,
        server_time: state.clock.now().to_rfc3339(),
    }))
}

fn refused(reason: &str, zh: &str, en: &str, english: bool) -> VerifyResult {
    VerifyResult {
        valid: false,
        colour: None,
        kind: None,
        name_masked: None,
        applicant_masked: None,
        relation: None,
        expires_at: None,
        reason: Some(reason.to_owned()),
        message: Some(if english { en } else { zh }.to_owned()),
    }
}

/// The online check of a scanned token: signature, expiry, and the person's colour now.
#[utoipa::path(post, path = "/verify", tag = "codes", request_body = VerifyRequest,
    responses(
        (status = 200, description = "The verdict; `valid: false` carries the reason", body = VerifyResult),
        (status = 422, description = "A parameter is not valid; `field` names it", body = ErrorBody),
    ))]
async fn verify(
    State(state): State<AppState>,
    headers: HeaderMap,
    extract::Json(body): extract::Json<VerifyRequest>,
) -> Result<Json<VerifyResult>, AppError> {
    let english = prefers_english(headers.get(header::ACCEPT_LANGUAGE));
    let now = state.clock.now();
    let trust = state.store.trust_list().await?;
    let claims = match token::verify(&body.token, &trust, now.timestamp()) {
        Ok(claims) => claims,
        Err(err) => {
            return Ok(Json(refused(
                err.code(),
                err.message_zh(),
                err.message_en(),
                english,
            )))
        }
    };
    // A printed card reported lost (挂失) is refused however valid its signature.
    if claims.kind == CodeKind::Paper && claims.issuer == state.signing.issuer() {
        let card = state.store.paper_code_by_serial(&claims.serial).await?;
        if card.is_none_or(|c| c.revoked_at.is_some()) {
            return Ok(Json(refused(
                "revoked",
                "该纸质码已挂失，不能作为通行凭证；请核验身份证件",
                "This paper code was reported lost and is not valid; check the bearer's ID document",
                english,
            )));
        }
    }
    // Our own codes are checked against the person's code now; a peer region's code carries
    // the colour its issuer signed.
    let colour = if claims.issuer == state.signing.issuer() {
        match state.store.code_by_person_ref(&claims.person_ref).await? {
            Some(record) => current_code(&record, now)?.colour,
            None => {
                return Ok(Json(refused(
                    "unknown_person",
                    "查无此人",
                    "Unknown person",
                    english,
                )))
            }
        }
    } else {
        claims.colour
    };
    Ok(Json(VerifyResult {
        valid: true,
        colour: Some(colour),
        kind: Some(claims.kind),
        name_masked: Some(claims.name_masked),
        applicant_masked: claims.dependant.as_ref().map(|d| d.applicant_masked.clone()),
        relation: claims.dependant.as_ref().map(|d| d.relation),
        expires_at: DateTime::from_timestamp(claims.expires_at, 0).map(|t| t.to_rfc3339()),
        reason: None,
        message: None,
    }))
}
