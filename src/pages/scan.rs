//! `/scan` (扫码核验): the checkpoint scanner. A code read from the camera, a photo or typed
//! text is verified on the device first (signature against the cached trust list, expiry by
//! server-anchored time), then, when online, by `POST /verify` (revocation, colour now). The
//! result is kept in memory only and clears after 120 s or at the next scan.

use std::time::Duration;

use healthcode_core::scan::{ScanReport, ScanVerdict};
use healthcode_core::token::TrustList;
use leptos::prelude::*;

use crate::api;
use crate::camera;
use crate::clock::device_now_ms;
use crate::components::camera_scanner::CameraScanner;
use crate::components::manual_entry::ManualEntry;
use crate::components::photo_scan::PhotoScan;
use crate::components::scan_result::ScanResult;
use crate::components::trust_status::{updated_text, TrustFetch, TrustStatus};
use crate::i18n::use_i18n;
use crate::scan_log;
use crate::session::{use_session, SessionState};
use crate::trust::{self, CachedTrust};

/// A result stays on screen this long, then clears itself (privacy; the next person).
const RESULT_MS: f64 = 120_000.0;
/// How long the online check may take before the offline verdict stands.
const VERIFY_TIMEOUT_MS: i32 = 3_000;
/// How often an open scan page updates the trust list.
const TRUST_REFRESH: Duration = Duration::from_secs(30 * 60);

/// Who may scan: checkpoint staff and admins; offline, whoever has a trust list on the device.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Access {
    Loading,
    Scanner,
    NotAllowed,
}

/// The scan route.
#[component]
pub fn ScanPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let access = Memo::new(move |_| match session.state.get() {
        SessionState::Loading => Access::Loading,
        SessionState::LoggedIn(me) if matches!(me.account.role.as_str(), "checkpoint" | "admin") => {
            Access::Scanner
        }
        SessionState::LoggedIn(_) | SessionState::LoggedOut => Access::NotAllowed,
        SessionState::Unreachable => Access::Scanner,
    });
    view! {
        <section class="card scan" aria-labelledby="scan-title">
            <h1 id="scan-title">{move || i18n.s().title}</h1>
            {move || match access.get() {
                Access::Loading => view! { <p class="loading" role="status">{i18n.t().loading}</p> }.into_any(),
                Access::NotAllowed => view! {
                    <p class="note">{i18n.s().role_required}</p>
                    <a class="button button--primary" href="/login?next=%2Fscan">{i18n.s().log_in}</a>
                }.into_any(),
                Access::Scanner => view! { <Scanner /> }.into_any(),
            }}
        </section>
    }
}

/// Server time now by the kept trust list's anchor, else the device's clock (Unix seconds).
fn server_now_secs(trust: Option<&CachedTrust>) -> i64 {
    let now = device_now_ms();
    trust.map_or((now / 1000.0) as i64, |t| t.server_now(now))
}

/// What the result area shows.
#[derive(Debug, Clone, PartialEq)]
struct Shown {
    seq: u32,
    /// `None` while the server is asked.
    verdict: Option<ScanVerdict>,
    at_ms: f64,
}

/// The scanner itself: trust list, camera, fallbacks and the result.
#[component]
fn Scanner() -> impl IntoView {
    let i18n = use_i18n();
    let s = move || i18n.s();
    let trust = RwSignal::new(trust::load());
    let fetch = RwSignal::new(TrustFetch::Loading);
    let now_ms = RwSignal::new(device_now_ms());
    let refresh_trust = move || {
        fetch.set(TrustFetch::Loading);
        leptos::task::spawn_local(async move {
            let fetched = api::trust_list(i18n.locale_untracked())
                .await
                .ok()
                .and_then(|reply| CachedTrust::from_reply(reply, device_now_ms()));
            match fetched {
                Some(list) => {
                    trust::save(&list);
                    trust.set(Some(list));
                    fetch.set(TrustFetch::Updated);
                    // Online again: the counts of scans made offline go now.
                    scan_log::send(i18n.locale_untracked()).await;
                }
                None => fetch.set(TrustFetch::Failed),
            }
        });
    };
    refresh_trust();
    if let Ok(handle) = set_interval_with_handle(refresh_trust, TRUST_REFRESH) {
        on_cleanup(move || handle.clear());
    }

    // Starts the decoder worker now, so its wasm is loaded by the time the camera is.
    let _ = camera::decoder();

    let shown = RwSignal::new(None::<Shown>);
    // The text of the code on screen, in memory only: the camera sees the same code many times
    // a second and it is verified once.
    let shown_text = StoredValue::new(None::<String>);
    let seq = StoredValue::new(0u32);
    let clear = move || {
        shown.set(None);
        shown_text.set_value(None);
    };
    if let Ok(handle) = set_interval_with_handle(
        move || {
            let now = device_now_ms();
            now_ms.set(now);
            if shown.with_untracked(|s| s.as_ref().is_some_and(|s| now - s.at_ms >= RESULT_MS)) {
                clear();
            }
        },
        Duration::from_secs(1),
    ) {
        on_cleanup(move || handle.clear());
    }

    let finish = move |this: u32, verdict: ScanVerdict| {
        // A newer code was read meanwhile, or the page was left while the server answered.
        if seq.try_get_value() != Some(this) {
            return;
        }
        camera::measure("hc-scan-result", "hc-code-read");
        scan_log::queue(ScanReport {
            outcome: verdict.outcome,
            colour: verdict.colour,
            scanned_at: Some(server_now_secs(trust.get_untracked().as_ref())),
        });
        leptos::task::spawn_local(scan_log::send(i18n.locale_untracked()));
        shown.set(Some(Shown {
            seq: this,
            verdict: Some(verdict),
            at_ms: device_now_ms(),
        }));
    };

    let check = move |text: String, from_camera: bool| {
        let same = shown_text.with_value(|t| t.as_deref() == Some(text.as_str()));
        if from_camera && same && shown.with_untracked(Option::is_some) {
            return;
        }
        seq.update_value(|n| *n += 1);
        let this = seq.get_value();
        shown_text.set_value(Some(text.clone()));
        camera::mark("hc-code-read");
        let now = device_now_ms();
        let verdict = match trust.get_untracked() {
            Some(t) => ScanVerdict::offline(&text, &t.list, t.fetched_at(), t.server_now(now)),
            // No list at all: as good as one too old to use.
            None => ScanVerdict::offline(&text, &TrustList::default(), 0, server_now_secs(None)),
        };
        camera::measure("hc-scan-verify", "hc-code-read");
        let online = web_sys::window().is_some_and(|w| w.navigator().on_line());
        if !verdict.worth_asking_server() || !online {
            return finish(this, verdict);
        }
        shown.set(Some(Shown {
            seq: this,
            verdict: None,
            at_ms: now,
        }));
        leptos::task::spawn_local(async move {
            let verdict = match api::verify(&text, VERIFY_TIMEOUT_MS, i18n.locale_untracked()).await {
                Ok(answer) => verdict.with_server_answer(&answer),
                // No answer (or a busy server): the device's verdict stands, marked offline.
                Err(_) => verdict,
            };
            finish(this, verdict);
        });
    };

    let trust_updated = move || trust.with(|t| t.as_ref().map(updated_text).unwrap_or_default());
    let clears_in = Signal::derive(move || {
        let elapsed = shown.with(|s| s.as_ref().map_or(0.0, |s| (now_ms.get() - s.at_ms).max(0.0)));
        ((RESULT_MS - elapsed) / 1000.0).ceil().max(0.0) as u64
    });
    view! {
        <p class="note note--muted">{move || s().lead}</p>
        <TrustStatus trust=trust fetch=fetch now_ms=now_ms />
        <div class="scan__result" aria-live="assertive" aria-atomic="true">
            {move || shown.get().map(|shown| view! {
                <ScanResult
                    verdict=shown.verdict
                    trust_updated=trust_updated()
                    clears_in=clears_in
                    on_clear=Callback::new(move |()| clear())
                />
            })}
        </div>
        <CameraScanner on_code=Callback::new(move |text| check(text, true)) />
        <h2 class="scan__fallback-title">{move || s().manual_title}</h2>
        <PhotoScan on_code=Callback::new(move |text| check(text, false)) />
        <ManualEntry on_code=Callback::new(move |text| check(text, false)) />
    }
}
