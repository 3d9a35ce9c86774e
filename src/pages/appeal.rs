//! `/appeal/:person`: 申诉 — the resident says why the colour is wrong and follows the appeal
//! (已提交 → 处理中 → 已处理, with the result in the reviewers' words).

use healthcode_core::appeal::{AppealReason, AppealRequest, AppealView};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api;
use crate::binding::Bound;
use crate::components::choice_field::RadioGroup;
use crate::components::text_field::TextField;
use crate::i18n::use_i18n;

/// The appeal page.
#[component]
pub fn AppealPage() -> impl IntoView {
    let i18n = use_i18n();
    let c = move || i18n.c();
    let params = use_params_map();
    let to_login = crate::session::use_login_guard();
    let person = move || params.read_untracked().get("person").unwrap_or_default();
    let reason = RwSignal::new(AppealReason::WrongInformation);
    let note = RwSignal::new(String::new());
    let note_error = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<String>);

    let list = LocalResource::new(move || {
        let id = person();
        async move { api::appeals(&id, i18n.locale_untracked()).await }
    });
    let send = Action::new_local(move |request: &AppealRequest| {
        let (id, request) = (person(), request.clone());
        async move { api::appeal(&id, &request, i18n.locale_untracked()).await }
    });
    Effect::new(move |_| match send.value().get() {
        Some(Ok(_)) => {
            note.set(String::new());
            list.refetch();
        }
        Some(Err(err)) if err.status() == Some(401) => to_login.run(()),
        Some(Err(err)) => match err.field() {
            Some("note") => note_error.set(Some(err.message(i18n.t()))),
            _ => failure.set(Some(err.message(i18n.t()))),
        },
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        note_error.set(None);
        failure.set(None);
        let request = AppealRequest {
            reason: reason.get_untracked(),
            note: Some(note.get_untracked()).filter(|n| !n.trim().is_empty()),
        };
        if let Err(e) = request.validate() {
            return note_error.set(Some(i18n.locale_untracked().message(&e)));
        }
        if !send.pending().get_untracked() {
            send.dispatch(request);
        }
    };
    let options = AppealReason::ALL
        .into_iter()
        .map(|r| {
            (
                r,
                Signal::derive(move || i18n.locale().pick(r.name_zh(), r.name_en()).to_owned()),
            )
        })
        .collect();

    view! {
        <section class="card appeal" aria-labelledby="appeal-title">
            <h1 id="appeal-title">{move || c().appeal_title}</h1>
            <p class="note note--muted">{move || c().appeal_lead}</p>
            <form on:submit=submit novalidate>
                <RadioGroup
                    id="reason"
                    legend=Signal::derive(move || c().appeal_reason.to_owned())
                    options=options
                    value=Bound::from(reason)
                />
                <TextField
                    id="note"
                    label=Signal::derive(move || c().appeal_note.to_owned())
                    hint=Signal::derive(move || c().appeal_note_hint.to_owned())
                    value=note
                    error=note_error
                    max_length=200
                />
                <p class="field__error" role="alert">{move || failure.get()}</p>
                <button type="submit" class="button button--primary" disabled=move || send.pending().get()>
                    {move || if send.pending().get() { c().appeal_submitting } else { c().appeal_submit }}
                </button>
            </form>
            <h2>{move || c().appeal_list}</h2>
            <Transition fallback=move || view! { <p class="loading" role="status">{i18n.t().loading}</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(appeals) if appeals.is_empty() => view! { <p class="note note--muted">{c().appeal_none}</p> }.into_any(),
                        Ok(appeals) => view! {
                            <ul class="history__list" aria-live="polite">
                                {appeals.into_iter().map(|a| view! { <AppealRow appeal=a /> }).collect_view()}
                            </ul>
                        }
                        .into_any(),
                        Err(err) => view! { <p class="field__error" role="alert">{err.message(i18n.t())}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// One appeal: when, why, its status and, once resolved, the result.
#[component]
fn AppealRow(
    /// The appeal as the server returned it.
    appeal: AppealView,
) -> impl IntoView {
    let i18n = use_i18n();
    let AppealView {
        reason,
        status,
        resolution,
        created_at,
        ..
    } = appeal;
    view! {
        <li class="appeal__item">
            <span class="history__when">{created_at.get(..10).unwrap_or_default().to_owned()}</span>
            <span class="history__what">
                {move || i18n.locale().pick(reason.name_zh(), reason.name_en()).to_owned()}
                " · "
                <strong>{move || (i18n.c().appeal_status)(i18n.locale().pick(status.name_zh(), status.name_en()))}</strong>
            </span>
            {resolution.map(|r| view! { <p class="appeal__result">{move || i18n.c().appeal_result} {r.clone()}</p> })}
        </li>
    }
}
