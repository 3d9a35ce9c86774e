//! The staff API (`/api/v1/staff/…`), typed.

use healthcode_core::staff::{
    CheckinStats, CompletionReport, ContactRequest, ContactView, ResidentDetail, ResidentFilter,
    ResidentList, StaffMe,
};
use healthcode_core::wire;

use crate::api::{get_json, post_json, ApiError};
use crate::i18n::Locale;

fn query(pairs: &[(&str, Option<String>)]) -> String {
    let parts: Vec<String> = pairs
        .iter()
        .filter_map(|(k, v)| {
            v.as_ref()
                .map(|v| format!("{k}={}", String::from(js_sys::encode_uri_component(v))))
        })
        .collect();
    parts.join("&")
}

/// `GET /staff/me`.
pub async fn me(locale: Locale) -> Result<StaffMe, ApiError> {
    get_json("/staff/me", locale).await
}

/// `GET /staff/residents`: one page of a community's residents.
pub async fn residents(
    division: &str,
    filter: ResidentFilter,
    search: &str,
    limit: usize,
    locale: Locale,
) -> Result<ResidentList, ApiError> {
    let q = query(&[
        ("division", Some(division.to_owned())),
        ("filter", Some(wire::name(&filter))),
        ("q", Some(search.trim().to_owned()).filter(|s| !s.is_empty())),
        ("limit", Some(limit.to_string())),
    ]);
    get_json(&format!("/staff/residents?{q}"), locale).await
}

/// `GET /staff/residents/{id}`.
pub async fn resident(person_id: &str, locale: Locale) -> Result<ResidentDetail, ApiError> {
    get_json(&format!("/staff/residents/{person_id}"), locale).await
}

/// `POST /staff/residents/{id}/contacts`.
pub async fn add_contact(
    person_id: &str,
    request: &ContactRequest,
    locale: Locale,
) -> Result<ContactView, ApiError> {
    post_json(&format!("/staff/residents/{person_id}/contacts"), request, locale).await
}

/// `GET /staff/checkin-stats`.
pub async fn checkin_stats(
    division: &str,
    day: Option<String>,
    locale: Locale,
) -> Result<CheckinStats, ApiError> {
    let q = query(&[("division", Some(division.to_owned())), ("day", day)]);
    get_json(&format!("/staff/checkin-stats?{q}"), locale).await
}

/// The CSV export's address (a plain link: the browser downloads it with the session cookie).
pub fn export_url(division: &str, day: &str) -> String {
    let q = query(&[
        ("division", Some(division.to_owned())),
        ("day", Some(day.to_owned())),
    ]);
    format!(
        "{}/staff/checkin-stats/export?{q}",
        healthcode_core::api::API_PREFIX
    )
}

/// `GET /staff/completion`.
pub async fn completion(
    division: &str,
    day: Option<String>,
    locale: Locale,
) -> Result<CompletionReport, ApiError> {
    let q = query(&[("division", Some(division.to_owned())), ("day", day)]);
    get_json(&format!("/staff/completion?{q}"), locale).await
}
