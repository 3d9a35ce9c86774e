//! `/code/:person`: the code a resident shows at a checkpoint. The token is refreshed every
//! minute (it expires within five) without flicker; a refresh never runs twice at once.

use std::time::Duration;

use healthcode_core::colour::CodeStatus;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api;
use crate::clock::ServerAnchor;
use crate::components::code_card::CodeCard;
use crate::i18n::use_i18n;

/// Seconds between token refreshes while the page is open.
const REFRESH_SECS: u64 = 60;
/// Seconds between polls while the code is under review.
const PENDING_POLL_SECS: u64 = 3;

/// The code page.
#[component]
pub fn CodePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let person = move || params.read().get("person").unwrap_or_default();
    let in_flight = RwSignal::new(false);
    let code = LocalResource::new(move || {
        let id = person();
        let locale = i18n.locale();
        async move {
            in_flight.set(true);
            let result = api::code(&id, locale).await;
            in_flight.set(false);
            result.map(|view| {
                let anchor = ServerAnchor::from_server_time(&view.server_time);
                (view, anchor)
            })
        }
    });
    let refresh = move || {
        if !in_flight.get_untracked() {
            code.refetch();
        }
    };

    let (tick, set_tick) = signal(0u64);
    if let Ok(handle) = set_interval_with_handle(
        move || {
            let n = set_tick.try_update(|t| {
                *t += 1;
                *t
            });
            let pending = code
                .get_untracked()
                .and_then(|r| r.ok())
                .is_some_and(|(view, _)| view.status == CodeStatus::Pending);
            let every = if pending { PENDING_POLL_SECS } else { REFRESH_SECS };
            if n.is_some_and(|n| n % every == 0) {
                refresh();
            }
        },
        Duration::from_secs(1),
    ) {
        on_cleanup(move || handle.clear());
    }

    view! {
        <div class="code-page">
            <Transition fallback=move || view! { <p class="loading" role="status">{i18n.t().loading}</p> }>
                {move || Suspend::new(async move {
                    match code.await {
                        Ok((view, _)) if view.status == CodeStatus::Pending => view! {
                            <p class="code-pending" role="status">
                                <span class="spinner" aria-hidden="true"></span>
                                {i18n.t().reviewing}
                            </p>
                        }
                        .into_any(),
                        Ok((view, anchor)) => view! { <CodeCard code=view anchor=anchor tick=tick person=person() /> }.into_any(),
                        Err(err) => view! {
                            <section class="card">
                                <p class="field__error" role="alert">{err.message(i18n.t())}</p>
                                <a class="button button--secondary" href="/">{i18n.t().back_home}</a>
                            </section>
                        }
                        .into_any(),
                    }
                })}
            </Transition>
            <button
                type="button"
                class="button button--secondary"
                on:click=move |_| refresh()
                disabled=move || in_flight.get()
            >
                {move || if in_flight.get() { i18n.t().refreshing } else { i18n.t().refresh }}
            </button>
        </div>
    }
}
