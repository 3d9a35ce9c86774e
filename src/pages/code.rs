//! `/code/:person`: the code a resident shows at a checkpoint. The token is refreshed every
//! minute (it expires within five) without flicker. When the network or the server fails, the
//! last code kept on the device is shown (离线 · 最后同步) and the page retries on its own, with
//! backoff, jitter and the server's Retry-After, inside a per-person budget.
//!
//! The fetch is a small state machine rather than a `LocalResource`: what is on screen during an
//! outage (the kept code and a countdown) is not the result of any one request.

use std::time::Duration;

use healthcode_core::api::CodeView;
use healthcode_core::colour::CodeStatus;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api;
use crate::clock::{device_now_ms, ServerAnchor};
use crate::components::code_card::CodeCard;
use crate::components::kept_code::KeptCode;
use crate::components::person_tabs::PersonTabs;
use crate::i18n::use_i18n;
use crate::offline::{self, CachedCode};
use crate::retry::{delay_ms, server_busy, take_slot, worth_retrying};

/// Milliseconds between token refreshes while the page is open.
const REFRESH_MS: f64 = 60_000.0;
/// Milliseconds between polls while the code is under review.
const PENDING_POLL_MS: f64 = 3_000.0;

/// What the page shows.
#[derive(Debug, Clone, PartialEq)]
enum Shown {
    Loading,
    Live(CodeView, ServerAnchor),
    Pending,
    /// No fresh code (no answer, or a busy server): the kept one, if any.
    Kept {
        kept: Option<CachedCode>,
        busy: bool,
    },
    /// An answer that retrying will not change (e.g. not this account's person).
    Refused(String),
}

/// The code page.
#[component]
pub fn CodePage() -> impl IntoView {
    let i18n = use_i18n();
    let to_login = crate::session::use_login_guard();
    let params = use_params_map();
    let person = move || params.read_untracked().get("person").unwrap_or_default();
    let shown = RwSignal::new(Shown::Loading);
    let in_flight = RwSignal::new(false);
    // Device time of the next automatic fetch, and failures in a row.
    let next_at = RwSignal::new(0.0f64);
    let failures = StoredValue::new(0u32);
    let refresh_note = RwSignal::new(None::<String>);

    let fetch = move |by_hand: bool| {
        let now = device_now_ms();
        if in_flight.get_untracked() {
            return;
        }
        let id = person();
        // Taps and retries count against the budget; the minute's refresh after a success does not.
        if by_hand || failures.get_value() > 0 {
            if let Err(wait) = take_slot(&id, now) {
                next_at.set(next_at.get_untracked().max(now + wait));
                if by_hand {
                    refresh_note.set(Some((i18n.o().refresh_wait)((wait / 1000.0).ceil() as u64)));
                }
                return;
            }
        }
        refresh_note.set(None);
        in_flight.set(true);
        leptos::task::spawn_local(async move {
            let result = api::code(&id, i18n.locale_untracked()).await;
            in_flight.set(false);
            // Another tab was chosen meanwhile: this answer is not for the page any more.
            if params
                .try_with_untracked(|p| p.get("person"))
                .flatten()
                .as_deref()
                != Some(id.as_str())
            {
                return;
            }
            let now = device_now_ms();
            match result {
                Ok(view) if view.status == CodeStatus::Pending => {
                    failures.set_value(0);
                    next_at.set(now + PENDING_POLL_MS);
                    shown.set(Shown::Pending);
                }
                Ok(view) => {
                    failures.set_value(0);
                    next_at.set(now + REFRESH_MS);
                    if let Some(kept) = CachedCode::from_fetch(&view, now) {
                        offline::save(&id, &kept);
                    }
                    let anchor = ServerAnchor::from_server_time(&view.server_time);
                    shown.set(Shown::Live(view, anchor));
                }
                Err(err) if err.status() == Some(401) => to_login.run(()),
                Err(err) if worth_retrying(&err) => {
                    let attempt = failures.get_value();
                    failures.set_value(attempt + 1);
                    let random = js_sys::Math::random();
                    next_at.set(now + delay_ms(attempt, random, err.retry_after()));
                    shown.set(Shown::Kept {
                        kept: offline::load(&id),
                        busy: server_busy(&err),
                    });
                }
                Err(err) => shown.set(Shown::Refused(err.message(i18n.t()))),
            }
        });
    };

    let (tick, set_tick) = signal(0u64);
    // The first fetch, and a new one for another person (a tab) or language (reasons come
    // from the server).
    Effect::new(move |previous: Option<(String, crate::i18n::Locale)>| {
        let now = (params.read().get("person").unwrap_or_default(), i18n.locale());
        if previous.as_ref() != Some(&now) {
            if previous.as_ref().is_some_and(|(p, _)| *p != now.0) {
                failures.set_value(0);
                next_at.set(0.0);
                shown.set(Shown::Loading);
            }
            fetch(false);
        }
        now
    });
    if let Ok(handle) = set_interval_with_handle(
        move || {
            set_tick.update(|t| *t += 1);
            if device_now_ms() >= next_at.get_untracked() {
                fetch(false);
            }
        },
        Duration::from_secs(1),
    ) {
        on_cleanup(move || handle.clear());
    }
    let outage_status = move |busy: bool| {
        Signal::derive(move || {
            tick.track();
            let o = i18n.o();
            let left = ((next_at.get() - device_now_ms()) / 1000.0).ceil().max(0.0) as u64;
            let why = if busy { o.busy } else { o.unreachable };
            format!("{why} · {}", (o.retry_in)(left))
        })
    };

    view! {
        <div class="code-page">
            <PersonTabs current=Signal::derive(move || params.read().get("person").unwrap_or_default()) base="/code" />
            {move || match shown.get() {
                Shown::Loading => view! { <p class="loading" role="status">{i18n.t().loading}</p> }.into_any(),
                Shown::Pending => view! {
                    <p class="code-pending" role="status">
                        <span class="spinner" aria-hidden="true"></span>
                        {i18n.t().reviewing}
                    </p>
                }
                .into_any(),
                Shown::Live(view, anchor) => view! { <CodeCard code=view anchor=anchor tick=tick person=person() /> }.into_any(),
                Shown::Kept { kept, busy } => view! {
                    <KeptCode kept=kept status=outage_status(busy) tick=tick person=person() />
                }
                .into_any(),
                Shown::Refused(message) => view! {
                    <section class="card">
                        <p class="field__error" role="alert">{message}</p>
                        <a class="button button--secondary" href="/">{i18n.t().back_home}</a>
                    </section>
                }
                .into_any(),
            }}
            <button
                type="button"
                class="button button--secondary"
                on:click=move |_| fetch(true)
                disabled=move || in_flight.get()
            >
                {move || if in_flight.get() { i18n.t().refreshing } else { i18n.t().refresh }}
            </button>
            <p class="note" role="status">{move || refresh_note.get()}</p>
        </div>
    }
}
