//! The staff API (`/api/v1/staff/…`), typed.

use healthcode_core::admin::{
    AppealDetail, AuthorityImport, AuthorityImported, GrantRequest, GrantView, NewDivision, RiskAreaRequest,
    RiskAreaView,
};
use healthcode_core::api::Division;
use healthcode_core::appeal::{
    AdminAppealView, AppealView, AuditEntry, OverrideRequest, OverrideView, ResolveRequest,
};
use healthcode_core::division_report::DivisionReportView;
use healthcode_core::staff::{
    CheckinStats, CompletionReport, ContactRequest, ContactView, ResidentDetail, ResidentFilter,
    ResidentList, StaffMe,
};
use healthcode_core::wire;

use crate::api::{delete, get_json, post_action, post_json, put_json, ApiError};
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

/// `GET /admin/appeals`: the open appeals, oldest first.
pub async fn appeals(locale: Locale) -> Result<Vec<AdminAppealView>, ApiError> {
    get_json("/admin/appeals", locale).await
}

/// `GET /admin/appeals/{id}`.
pub async fn appeal(id: &str, locale: Locale) -> Result<AppealDetail, ApiError> {
    get_json(&format!("/admin/appeals/{id}"), locale).await
}

/// `POST /admin/appeals/{id}/overrides`.
pub async fn propose(
    appeal: &str,
    request: &OverrideRequest,
    locale: Locale,
) -> Result<OverrideView, ApiError> {
    post_json(&format!("/admin/appeals/{appeal}/overrides"), request, locale).await
}

/// `POST /admin/overrides/{id}/approve` or `…/reject`.
pub async fn decide(proposal: &str, approve: bool, locale: Locale) -> Result<OverrideView, ApiError> {
    let verb = if approve { "approve" } else { "reject" };
    post_json(
        &format!("/admin/overrides/{proposal}/{verb}"),
        &serde_json::json!({}),
        locale,
    )
    .await
}

/// `POST /admin/appeals/{id}/resolve`.
pub async fn resolve(appeal: &str, request: &ResolveRequest, locale: Locale) -> Result<AppealView, ApiError> {
    post_json(&format!("/admin/appeals/{appeal}/resolve"), request, locale).await
}

/// `GET /admin/audit?action=…`.
pub async fn audit(action: &str, locale: Locale) -> Result<Vec<AuditEntry>, ApiError> {
    let q = query(&[("action", Some(action.to_owned()).filter(|a| !a.is_empty()))]);
    get_json(&format!("/admin/audit?{q}"), locale).await
}

/// `GET /admin/risk-areas`.
pub async fn risk_areas(locale: Locale) -> Result<Vec<RiskAreaView>, ApiError> {
    get_json("/admin/risk-areas", locale).await
}

/// `PUT /admin/risk-areas/{code}`.
pub async fn set_risk_area(
    code: &str,
    request: &RiskAreaRequest,
    locale: Locale,
) -> Result<RiskAreaView, ApiError> {
    let key = crate::storage::random_hex(16);
    put_json(
        &format!("/admin/risk-areas/{}", code.trim()),
        request,
        &key,
        locale,
    )
    .await
}

/// `DELETE /admin/risk-areas/{code}`.
pub async fn remove_risk_area(code: &str, locale: Locale) -> Result<(), ApiError> {
    delete(&format!("/admin/risk-areas/{code}"), locale).await
}

/// `POST /admin/authority-list`.
pub async fn import_authority(
    import: &AuthorityImport,
    locale: Locale,
) -> Result<AuthorityImported, ApiError> {
    post_json("/admin/authority-list", import, locale).await
}

/// `POST /admin/divisions`.
pub async fn add_division(request: &NewDivision, locale: Locale) -> Result<Division, ApiError> {
    post_json("/admin/divisions", request, locale).await
}

/// `GET /admin/division-reports`: residents' reports of missing divisions, grouped.
pub async fn division_reports(locale: Locale) -> Result<Vec<DivisionReportView>, ApiError> {
    get_json("/admin/division-reports", locale).await
}

/// `POST /admin/division-reports/{id}/dismiss`.
pub async fn dismiss_division_report(id: &str, locale: Locale) -> Result<(), ApiError> {
    post_action(&format!("/admin/division-reports/{id}/dismiss"), locale).await
}

/// `POST /admin/staff`.
pub async fn grant(request: &GrantRequest, locale: Locale) -> Result<GrantView, ApiError> {
    post_json("/admin/staff", request, locale).await
}
