//! `/staff/appeals/:appeal`: one appeal with what its colour rests on, and the desk's actions —
//! propose a colour (another admin approves or rejects it) or answer without a change.

use healthcode_core::admin::AppealDetail;
use healthcode_core::appeal::{OverrideRequest, OverrideView, ResolveRequest};
use healthcode_core::colour::Colour;
use healthcode_core::wire;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::residents::when;
use crate::api::ApiError;
use crate::i18n::use_i18n;
use crate::staff::access::{loaded, use_access};
use crate::staff::api;
use crate::staff::components::colour_word::ColourWord;

/// The appeal page.
#[component]
pub fn AppealPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("appeal").unwrap_or_default();
    let detail = LocalResource::new(move || {
        let id = id();
        async move { api::appeal(&id, i18n.locale_untracked()).await }
    });
    view! {
        <section class="card staff-page" aria-labelledby="appeal-title">
            <p><a href="/staff/appeals">{move || i18n.ad().back_to_queue}</a></p>
            <h1 id="appeal-title">{move || i18n.ad().appeal_title}</h1>
            {loaded(detail, move |d| view! { <Detail d on_change=Callback::new(move |()| detail.refetch()) /> })}
        </section>
    }
}

/// The appeal's facts and the actions open to this admin.
#[component]
fn Detail(
    /// What the server returned.
    d: AppealDetail,
    /// Called after an action succeeded (reloads the appeal).
    on_change: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let ad = move || i18n.ad();
    let appeal = d.summary.appeal.clone();
    let (reason, status) = (appeal.reason, appeal.status);
    let form = d.declaration.as_ref().map(|s| s.declaration.clone());
    let pending = d.summary.pending_override.clone();
    let open = status != healthcode_core::appeal::AppealStatus::Resolved;
    view! {
        <dl class="facts">
            <dt>{move || ad().col_person}</dt><dd>{d.summary.name_masked.clone().unwrap_or_default()}</dd>
            <dt>{move || ad().col_reason}</dt><dd>{move || i18n.locale().pick(reason.name_zh(), reason.name_en())}</dd>
            <dt>{move || ad().resident_note}</dt><dd>{appeal.note.clone().unwrap_or_else(|| "—".into())}</dd>
            <dt>{move || ad().col_status}</dt><dd>{move || i18n.locale().pick(status.name_zh(), status.name_en())}</dd>
            <dt>{move || ad().colour_now}</dt><dd><ColourWord colour=d.summary.colour /></dd>
        </dl>
        <h2>{move || ad().why_colour}</h2>
        <ul class="history__list">
            {d.reasons.iter().map(|r| view! { <li><span class="mono">{r.rule.clone()}</span> " · " {r.message.clone()}</li> }).collect_view()}
        </ul>
        {form.map(|f| {
            let stops = f.itinerary.iter().map(|s| format!(
                "{} {}–{}",
                s.division.clone().or(s.country.clone()).unwrap_or_default(),
                s.from.map(|d| d.to_string()).unwrap_or_default(),
                s.to.map(|d| d.to_string()).unwrap_or_default(),
            )).collect::<Vec<_>>().join("；");
            let symptoms = f.symptoms.clone();
            let contact = f.contact_history;
            view! {
                <h2>{move || ad().facts}</h2>
                <dl class="facts">
                    <dt>{move || ad().fact_origin}</dt><dd class="mono">{f.origin_division.clone().or(f.origin_country.clone()).unwrap_or_else(|| "—".into())}</dd>
                    <dt>{move || ad().fact_arrival}</dt><dd>{f.arrival_date.map(|d| d.to_string()).unwrap_or_else(|| "—".into())}</dd>
                    <dt>{move || ad().fact_itinerary}</dt><dd class="mono">{if stops.is_empty() { "—".to_owned() } else { stops }}</dd>
                    <dt>{move || ad().fact_temperature}</dt><dd>{f.temperature_c.map(|t| format!("{t:.1} °C")).unwrap_or_else(|| "—".into())}</dd>
                    <dt>{move || ad().fact_symptoms}</dt>
                    <dd>{move || if symptoms.is_empty() { ad().none.to_owned() } else {
                        symptoms.iter().map(|s| i18n.locale().pick(s.name_zh(), s.name_en())).collect::<Vec<_>>().join("、")
                    }}</dd>
                    <dt>{move || ad().fact_contact}</dt><dd>{move || i18n.locale().pick(contact.name_zh(), contact.name_en())}</dd>
                    <dt>{move || ad().fact_isolation}</dt><dd>{f.isolation_start.map(|d| d.to_string()).unwrap_or_else(|| "—".into())}</dd>
                </dl>
            }
        })}
        <h2>{move || ad().proposals}</h2>
        <ul class="history__list">
            {d.overrides.iter().map(|o| view! { <ProposalLine o=o.clone() /> }).collect_view()}
        </ul>
        {open.then(|| match pending {
            Some(p) => view! { <Decide p on_change /> }.into_any(),
            None => view! {
                <ProposeForm appeal=appeal.id.clone() on_change />
                <ResolveForm appeal=appeal.id.clone() on_change />
            }
            .into_any(),
        })}
    }
}

/// One proposal with its outcome.
#[component]
fn ProposalLine(
    /// The proposal.
    o: OverrideView,
) -> impl IntoView {
    let i18n = use_i18n();
    let ad = move || i18n.ad();
    let colour = o.colour;
    let state = move || {
        if o.approved_by.is_some() {
            ad().approved
        } else if o.rejected_by.is_some() {
            ad().rejected
        } else {
            ad().waiting
        }
    };
    let reason = o.reason.clone();
    view! {
        <li>
            <span class="history__when">{when(&o.proposed_at)}</span> " "
            {move || (ad().proposal_line)(i18n.locale().pick(colour.word_zh(), colour.word_en()), &reason, state())}
        </li>
    }
}

/// Shows an action's error at the form, in the UI language.
fn error_text(err: &ApiError, i18n: crate::i18n::I18n) -> String {
    err.message(i18n.t())
}

/// Approve or reject another admin's proposal; one's own only waits.
#[component]
fn Decide(
    /// The waiting proposal.
    p: OverrideView,
    /// Called after a decision.
    on_change: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let ad = move || i18n.ad();
    let access = use_access();
    let mine = {
        let by = p.proposed_by.clone();
        move || {
            access
                .me
                .get()
                .and_then(Result::ok)
                .is_some_and(|me| me.account_id == by)
        }
    };
    let error = RwSignal::new(None::<String>);
    let id = p.id.clone();
    let decide = Action::new_local(move |approve: &bool| {
        let (id, approve) = (id.clone(), *approve);
        async move { api::decide(&id, approve, i18n.locale_untracked()).await }
    });
    Effect::new(move |_| match decide.value().get() {
        Some(Ok(_)) => on_change.run(()),
        Some(Err(err)) => error.set(Some(error_text(&err, i18n))),
        None => {}
    });
    view! {
        <div class="desk-decide" role="group" aria-labelledby="decide-title">
            <h2 id="decide-title">{move || ad().waiting_second}</h2>
            {move || if mine() {
                view! { <p class="note">{move || ad().own_proposal}</p> }.into_any()
            } else {
                view! {
                    <div class="staff-actions">
                        <button type="button" class="button button--primary" disabled=move || decide.pending().get()
                            on:click=move |_| { decide.dispatch(true); }>{move || ad().approve}</button>
                        <button type="button" class="button button--danger" disabled=move || decide.pending().get()
                            on:click=move |_| { decide.dispatch(false); }>{move || ad().reject}</button>
                    </div>
                }
                .into_any()
            }}
            <p class="field__error" role="alert">{move || error.get()}</p>
        </div>
    }
}

/// 提议改码: a colour and the reason the resident will read.
#[component]
fn ProposeForm(
    /// The appeal id.
    appeal: String,
    /// Called after the proposal is stored.
    on_change: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let ad = move || i18n.ad();
    let colour = RwSignal::new(wire::name(&Colour::Green));
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let propose = Action::new_local(move |request: &OverrideRequest| {
        let (appeal, request) = (appeal.clone(), request.clone());
        async move { api::propose(&appeal, &request, i18n.locale_untracked()).await }
    });
    Effect::new(move |_| match propose.value().get() {
        Some(Ok(_)) => on_change.run(()),
        Some(Err(err)) => error.set(Some(error_text(&err, i18n))),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = OverrideRequest {
            colour: wire::parse(&colour.get_untracked()).unwrap_or(Colour::Green),
            reason: reason.get_untracked(),
        };
        match request.validate() {
            Ok(()) => {
                error.set(None);
                propose.dispatch(request);
            }
            Err(e) => error.set(Some(i18n.locale_untracked().message(&e))),
        }
    };
    view! {
        <form class="contact-form" on:submit=submit novalidate>
            <h2>{move || ad().propose_title}</h2>
            <fieldset class="choice">
                <legend>{move || ad().propose_colour}</legend>
                {[Colour::Green, Colour::Yellow, Colour::Red].into_iter().map(|c| view! {
                    <label class="check">
                        <input type="radio" name="override_colour" value=wire::name(&c) bind:group=colour />
                        <span>{move || i18n.locale().pick(c.word_zh(), c.word_en())}</span>
                    </label>
                }).collect_view()}
            </fieldset>
            <label class="field">
                <span class="field__label">{move || ad().propose_reason}</span>
                <textarea rows="2" bind:value=reason aria-describedby="propose-error"></textarea>
                <span class="field__error" id="propose-error" role="alert">{move || error.get()}</span>
            </label>
            <button type="submit" class="button button--primary" disabled=move || propose.pending().get()>
                {move || ad().propose_submit}
            </button>
        </form>
    }
}

/// 不改码，直接答复: closes the appeal with an answer.
#[component]
fn ResolveForm(
    /// The appeal id.
    appeal: String,
    /// Called after the appeal is resolved.
    on_change: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let ad = move || i18n.ad();
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let resolve = Action::new_local(move |request: &ResolveRequest| {
        let (appeal, request) = (appeal.clone(), request.clone());
        async move { api::resolve(&appeal, &request, i18n.locale_untracked()).await }
    });
    Effect::new(move |_| match resolve.value().get() {
        Some(Ok(_)) => on_change.run(()),
        Some(Err(err)) => error.set(Some(error_text(&err, i18n))),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = ResolveRequest {
            resolution: text.get_untracked(),
        };
        match request.validate() {
            Ok(()) => {
                error.set(None);
                resolve.dispatch(request);
            }
            Err(e) => error.set(Some(i18n.locale_untracked().message(&e))),
        }
    };
    view! {
        <form class="contact-form" on:submit=submit novalidate>
            <h2>{move || ad().resolve_title}</h2>
            <label class="field">
                <span class="field__label">{move || ad().resolve_text}</span>
                <textarea rows="2" bind:value=text aria-describedby="resolve-error"></textarea>
                <span class="field__error" id="resolve-error" role="alert">{move || error.get()}</span>
            </label>
            <button type="submit" class="button button--secondary" disabled=move || resolve.pending().get()>
                {move || ad().resolve_submit}
            </button>
        </form>
    }
}
