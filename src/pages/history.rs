//! `/history/:person`: the last 30 days of check-ins and colour changes, newest first.

use healthcode_core::checkin::CheckinHistory;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api;
use crate::clock::date_time_text;
use crate::i18n::{use_i18n, Locale};

fn when(rfc3339: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(rfc3339)
        .map(|t| date_time_text(t.to_utc()))
        .unwrap_or_default()
}

/// The history page.
#[component]
pub fn HistoryPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let to_login = crate::session::use_login_guard();
    let history = LocalResource::new(move || {
        let id = params.read().get("person").unwrap_or_default();
        async move { api::checkin_history(&id, i18n.locale_untracked()).await }
    });
    view! {
        <section class="card history" aria-labelledby="history-title">
            <h1 id="history-title">{move || i18n.c().history_title}</h1>
            <Transition fallback=move || view! { <p class="loading" role="status">{i18n.t().loading}</p> }>
                {move || Suspend::new(async move {
                    match history.await {
                        Ok(h) => view! { <HistoryLists history=h /> }.into_any(),
                        Err(err) => {
                            if err.status() == Some(401) {
                                to_login.run(());
                            }
                            view! { <p class="field__error" role="alert">{err.message(i18n.t())}</p> }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}

/// The two lists.
#[component]
fn HistoryLists(
    /// What the server returned.
    history: CheckinHistory,
) -> impl IntoView {
    let i18n = use_i18n();
    let c = move || i18n.c();
    let empty = history.checkins.is_empty() && history.colour_changes.is_empty();
    let changes = history.colour_changes.clone();
    let checkins = history.checkins.clone();
    view! {
        <Show when=move || empty>
            <p class="note note--muted">{move || c().history_empty}</p>
        </Show>
        <h2>{move || c().history_changes}</h2>
        <ul class="history__list">
            {changes.into_iter().rev().map(|change| {
                let colour = change.colour;
                let rule = change.rule.clone();
                view! {
                    <li data-colour=format!("{colour:?}").to_lowercase()>
                        <span class="history__when">{when(&change.at)}</span>
                        <span class="history__what">
                            {move || (c().became)(i18n.locale().pick(colour.word_zh(), colour.word_en()))}
                            " · "
                            {
                                let rule = rule.clone();
                                move || (c().rule_names)(&rule)
                            }
                        </span>
                    </li>
                }
            }).collect_view()}
        </ul>
        <h2>{move || c().history_checkins}</h2>
        <ul class="history__list">
            {checkins.into_iter().rev().map(|checkin| {
                let symptoms = checkin.symptoms.clone();
                let words = move || match (symptoms.is_empty(), i18n.locale()) {
                    (true, _) => c().no_symptoms.to_owned(),
                    (false, Locale::ZhCn) => symptoms.iter().map(|s| s.name_zh()).collect::<Vec<_>>().join("、"),
                    (false, Locale::En) => symptoms.iter().map(|s| s.name_en()).collect::<Vec<_>>().join(", "),
                };
                view! {
                    <li>
                        <span class="history__when">{checkin.day.clone()}</span>
                        <span class="history__what">{format!("{:.1} °C", checkin.temperature_c)} " · " {words}</span>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
