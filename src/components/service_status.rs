//! The server's health, fetched once, shown as one line.

use healthcode_core::api::ComponentStatus;
use leptos::prelude::*;

use crate::api;
use crate::i18n::use_i18n;

/// Shows whether the service answers, so a resident knows a failure is not their fault.
#[component]
pub fn ServiceStatus() -> impl IntoView {
    let i18n = use_i18n();
    let health = LocalResource::new(move || api::health(i18n.locale()));
    let status_text = move || {
        let t = i18n.t();
        match health.get() {
            None => (t.service_checking, "checking"),
            Some(Ok(h)) if h.status == ComponentStatus::Ok => (t.service_ok, "ok"),
            Some(Ok(_)) => (t.service_degraded, "degraded"),
            Some(Err(_)) => (t.service_unreachable, "unreachable"),
        }
    };
    view! {
        <p class="service-status" role="status">
            <span class="service-status__label">{move || i18n.t().service_status_label}</span>
            <span class="service-status__value" data-state=move || status_text().1>
                {move || status_text().0}
            </span>
        </p>
    }
}
