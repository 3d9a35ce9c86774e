//! The trust list's state on the scan page: when it was updated, and a warning when it is old
//! (over 24 h) or too old to use offline (over 7 days), or missing.

use chrono::DateTime;
use healthcode_core::scan::TrustListAge;
use leptos::prelude::*;

use crate::clock::date_time_text;
use crate::i18n::use_i18n;
use crate::trust::CachedTrust;

/// How the last attempt to update the list went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrustFetch {
    Loading,
    Updated,
    Failed,
}

/// `MM-DD HH:MM` of the list's fetch, on the device's clock face.
pub fn updated_text(trust: &CachedTrust) -> String {
    DateTime::from_timestamp_millis(trust.server_ms)
        .map(date_time_text)
        .unwrap_or_default()
}

/// The line under the scan page's title.
#[component]
pub fn TrustStatus(
    /// The list kept on the device.
    trust: RwSignal<Option<CachedTrust>>,
    /// The last update attempt.
    fetch: RwSignal<TrustFetch>,
    /// Device time, ms, ticking.
    now_ms: RwSignal<f64>,
) -> impl IntoView {
    let i18n = use_i18n();
    let s = move || i18n.s();
    let warning = move || {
        let now = now_ms.get();
        match trust.get() {
            None if fetch.get() == TrustFetch::Loading => None,
            None => Some(s().trust_none),
            Some(t) => match t.age(now) {
                TrustListAge::Fresh => None,
                TrustListAge::Old => Some(s().trust_old),
                TrustListAge::TooOld => Some(s().trust_too_old),
            },
        }
    };
    view! {
        <p class="trust-status note note--muted" role="status">
            {move || match (fetch.get(), trust.get()) {
                (TrustFetch::Loading, None) => s().trust_loading.to_owned(),
                (_, Some(t)) => (s().trust_updated)(&updated_text(&t)),
                (_, None) => String::new(),
            }}
            {move || (fetch.get() == TrustFetch::Failed && trust.with(Option::is_some)).then(|| view! {
                " · "{s().trust_failed}
            })}
        </p>
        {move || warning().map(|w| view! { <p class="trust-warning" role="alert">{w}</p> })}
    }
}
