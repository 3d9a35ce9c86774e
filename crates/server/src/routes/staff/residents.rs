//! 住户管理: a grid worker's residents, one resident's detail, and follow-up notes.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use healthcode_core::api::ErrorBody;
use healthcode_core::colour::{CodeStatus, Colour};
use healthcode_core::division::DivisionCode;
use healthcode_core::family::Relation;
use healthcode_core::staff::{
    isolation_day, CheckinDay, ContactRequest, ContactView, ResidentDetail, ResidentFilter, ResidentList,
    ResidentRow, Role,
};
use healthcode_core::time::china_date;
use healthcode_core::wire;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{division_in_scope, scope_view};
use crate::auth::StaffAccount;
use crate::error::AppError;
use crate::extract::{self, Query};
use crate::store::ResidentRecord;
use crate::AppState;

/// Rows per page unless the console asks for another size.
const PAGE: usize = 200;
/// The largest page.
const MAX_PAGE: usize = 1_000;
/// Days of check-ins and colour changes in a resident's detail.
const DETAIL_DAYS: i64 = 30;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(detail))
        .routes(routes!(add_contact))
}

#[derive(Debug, Deserialize)]
struct ListQuery {
    division: Option<String>,
    #[serde(default)]
    filter: ResidentFilter,
    /// Part of a masked name (the surname).
    q: Option<String>,
    offset: Option<usize>,
    limit: Option<usize>,
}

/// A stored record as the console shows it: the colour as the resident sees it now (a green
/// code past its validity reads yellow, as on the resident's phone).
pub(super) fn resident_row(record: &ResidentRecord, now: DateTime<Utc>) -> ResidentRow {
    let today = china_date(now);
    let lapsed = record
        .valid_until
        .as_deref()
        .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        .is_some_and(|until| until <= now);
    let colour = record.colour.as_deref().and_then(wire::parse::<Colour>).map(|c| {
        if c == Colour::Green && lapsed {
            Colour::Yellow
        } else {
            c
        }
    });
    ResidentRow {
        person_id: record.person_id.clone(),
        name_masked: record.name_masked.clone().unwrap_or_default(),
        document_masked: record.document_masked.clone(),
        relation: record
            .relation
            .as_deref()
            .and_then(Relation::from_wire)
            .unwrap_or(Relation::Other),
        applicant_masked: record.applicant_masked.clone(),
        status: record.status.as_deref().and_then(wire::parse::<CodeStatus>),
        colour,
        valid_until: record.valid_until.clone(),
        last_checkin: record.last_checkin.as_deref().and_then(|d| d.parse().ok()),
        checked_in_today: record.checked_in_today,
        isolation_day: record
            .isolation_start
            .as_deref()
            .and_then(|d| d.parse::<NaiveDate>().ok())
            .and_then(|start| isolation_day(start, today)),
        last_contact: record.last_contact.as_deref().and_then(wire::parse),
    }
}

/// Who needs attention first: red, yellow, not checked in today, then by name.
fn urgency(row: &ResidentRow) -> (u8, u8, String) {
    let colour = match row.colour {
        Some(Colour::Red) => 0,
        Some(Colour::Yellow) => 1,
        None => 2,
        Some(Colour::Green) => 3,
    };
    (colour, u8::from(row.checked_in_today), row.name_masked.clone())
}

/// The residents of one of the caller's communities, with today's state; filter, search by
/// masked name, paged (most urgent first).
#[utoipa::path(get, path = "/staff/residents", tag = "staff",
    params(
        ("division" = Option<String>, Query, description = "One of the grid worker's communities (12 digits); the first when absent"),
        ("filter" = Option<ResidentFilter>, Query, description = "all, not_checked_in, yellow_or_red, isolating"),
        ("q" = Option<String>, Query, description = "Part of a masked name, e.g. 李"),
        ("offset" = Option<usize>, Query, description = "Rows to skip"),
        ("limit" = Option<usize>, Query, description = "Rows to return (1–1000, default 200)"),
    ),
    responses(
        (status = 200, description = "The grid's residents", body = ResidentList),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not a grid worker", body = ErrorBody),
        (status = 404, description = "Not one of the caller's communities", body = ErrorBody),
        (status = 422, description = "Invalid parameter: `field` names it", body = ErrorBody),
    ))]
async fn list(
    State(state): State<AppState>,
    staff: StaffAccount,
    Query(q): Query<ListQuery>,
) -> Result<Json<ResidentList>, AppError> {
    let staff = staff.require(Role::GridWorker)?;
    let division = division_in_scope(&staff, q.division.as_deref())?;
    let now = state.clock.now();
    let today = china_date(now);
    let records = state
        .store
        .residents_in(division.as_str(), &today.to_string())
        .await?;
    let grid_total = records.len() as u64;
    let needle = q.q.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let mut rows: Vec<ResidentRow> = records
        .iter()
        .map(|r| resident_row(r, now))
        .filter(|row| q.filter.admits(row))
        .filter(|row| needle.is_none_or(|n| row.name_masked.contains(n)))
        .collect();
    rows.sort_by_key(urgency);
    let total = rows.len() as u64;
    let limit = q.limit.unwrap_or(PAGE).clamp(1, MAX_PAGE);
    let residents = rows.into_iter().skip(q.offset.unwrap_or(0)).take(limit).collect();
    Ok(Json(ResidentList {
        division: scope_view(&state, &division).await?,
        day: today,
        total,
        grid_total,
        residents,
    }))
}

/// The resident, when they live in one of the caller's communities (404 otherwise).
async fn resident_in_scope(
    state: &AppState,
    staff: &StaffAccount,
    person_id: &str,
) -> Result<(ResidentRecord, DivisionCode), AppError> {
    let today = china_date(state.clock.now()).to_string();
    let record = state
        .store
        .resident(person_id, &today)
        .await?
        .ok_or(AppError::NotFound)?;
    let division =
        DivisionCode::parse("division", &record.residence_division).map_err(|_| AppError::NotFound)?;
    if !staff.covers(&division) {
        return Err(AppError::NotFound);
    }
    Ok((record, division))
}

/// A resident's detail: colour history, check-in days and follow-ups (never a full ID or phone
/// number). The view itself is written to the audit log.
#[utoipa::path(get, path = "/staff/residents/{id}", tag = "staff",
    params(("id" = String, Path, description = "A person id from the resident list")),
    responses(
        (status = 200, description = "The resident", body = ResidentDetail),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not a grid worker", body = ErrorBody),
        (status = 404, description = "Not a resident of the caller's communities", body = ErrorBody),
    ))]
async fn detail(
    State(state): State<AppState>,
    staff: StaffAccount,
    Path(person_id): Path<String>,
) -> Result<Json<ResidentDetail>, AppError> {
    let staff = staff.require(Role::GridWorker)?;
    let (record, division) = resident_in_scope(&state, &staff, &person_id).await?;
    let now = state.clock.now();
    let since_day = (china_date(now) - Duration::days(DETAIL_DAYS)).to_string();
    let checkins = state
        .store
        .checkins(&person_id, &since_day)
        .await?
        .into_iter()
        .filter_map(|c| {
            Some(CheckinDay {
                day: c.day.parse().ok()?,
                temperature_c: c.temperature_c,
                symptoms: c.symptoms != "[]",
            })
        })
        .collect();
    let colour_history = crate::code_state::colour_changes(&state, &person_id, DETAIL_DAYS).await?;
    let contacts = state
        .store
        .contacts(&person_id)
        .await?
        .into_iter()
        .filter_map(|c| {
            Some(ContactView {
                kind: wire::parse(&c.kind)?,
                note: c.note,
                by: c.by_masked,
                at: c.at,
            })
        })
        .collect();
    state
        .store
        .log_action(&staff.account.id, "staff.view", &person_id, &now.to_rfc3339())
        .await?;
    Ok(Json(ResidentDetail {
        resident: resident_row(&record, now),
        division: scope_view(&state, &division).await?,
        checkins,
        colour_history,
        contacts,
    }))
}

/// Marks a resident 已联系 or 已上门, with an optional note (audited).
#[utoipa::path(post, path = "/staff/residents/{id}/contacts", tag = "staff",
    params(("id" = String, Path, description = "A person id from the resident list")),
    request_body = ContactRequest,
    responses(
        (status = 201, description = "Recorded", body = ContactView),
        (status = 401, description = "Not logged in", body = ErrorBody),
        (status = 403, description = "Not a grid worker", body = ErrorBody),
        (status = 404, description = "Not a resident of the caller's communities", body = ErrorBody),
        (status = 422, description = "Invalid: `field` names it", body = ErrorBody),
    ))]
async fn add_contact(
    State(state): State<AppState>,
    staff: StaffAccount,
    Path(person_id): Path<String>,
    extract::Json(request): extract::Json<ContactRequest>,
) -> Result<(StatusCode, Json<ContactView>), AppError> {
    let staff = staff.require(Role::GridWorker)?;
    request.validate().map_err(AppError::Validation)?;
    resident_in_scope(&state, &staff, &person_id).await?;
    let note = request
        .note
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_owned);
    let at = state.clock.now().to_rfc3339();
    state
        .store
        .record_contact(
            &person_id,
            &staff.account.id,
            &wire::name(&request.kind),
            note.as_deref(),
            &at,
        )
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(ContactView {
            kind: request.kind,
            note,
            by: staff.account.phone_masked,
            at,
        }),
    ))
}
