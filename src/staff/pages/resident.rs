//! `/staff/resident/:person`: one resident — masked facts, colour history, check-in days and
//! the grid worker's follow-ups (已联系 / 已上门 with a note).

use healthcode_core::staff::{ContactKind, ContactRequest, ContactView, ResidentDetail};
use healthcode_core::wire;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::residents::{relation_text, when};
use crate::api::ApiError;
use crate::i18n::use_i18n;
use crate::staff::access::loaded;
use crate::staff::api;
use crate::staff::components::colour_word::ColourWord;

/// The resident page.
#[component]
pub fn ResidentPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let person = move || params.read().get("person").unwrap_or_default();
    let detail = LocalResource::new(move || {
        let id = person();
        async move { api::resident(&id, i18n.locale_untracked()).await }
    });
    view! {
        <section class="card staff-page" aria-labelledby="resident-title">
            <h1 id="resident-title">{move || i18n.st().resident_title}</h1>
            {loaded(detail, |d| view! { <Detail detail=d /> })}
        </section>
    }
}

/// The resident's facts and records.
#[component]
fn Detail(
    /// What the server returned.
    detail: ResidentDetail,
) -> impl IntoView {
    let i18n = use_i18n();
    let st = move || i18n.st();
    let r = detail.resident.clone();
    let back = format!("/staff/residents/{}", detail.division.code);
    let relation = {
        let r = r.clone();
        move || relation_text(&r, i18n.locale())
    };
    let contacts = RwSignal::new(detail.contacts.clone());
    view! {
        <p><a href=back>{move || st().residents_title} " · " {detail.division.name.clone()}</a></p>
        <dl class="facts">
            <dt>{move || st().col_name}</dt><dd>{r.name_masked.clone()}</dd>
            <dt>{move || st().col_document}</dt><dd class="mono">{r.document_masked.clone().unwrap_or_default()}</dd>
            <dt>{move || st().col_relation}</dt><dd>{relation}</dd>
            <dt>{move || st().col_colour}</dt><dd><ColourWord colour=r.colour /></dd>
            <dt>{move || st().col_valid_until}</dt><dd>{r.valid_until.as_deref().map(when).unwrap_or_default()}</dd>
            <dt>{move || st().col_flags}</dt>
            <dd>
                {move || if r.checked_in_today { st().checked_in_today } else { st().not_checked_in_today }}
                {r.isolation_day.map(|n| view! { " · " {move || (st().isolation_day)(n)} })}
            </dd>
        </dl>
        <p class="note note--muted">{move || st().privacy_note}</p>
        <h2>{move || st().colour_history}</h2>
        <ul class="history__list">
            {detail.colour_history.iter().rev().map(|c| {
                let colour = Some(c.colour);
                view! { <li><span class="history__when">{when(&c.at)}</span> <ColourWord colour /></li> }
            }).collect_view()}
        </ul>
        <h2>{move || st().checkins_30}</h2>
        {if detail.checkins.is_empty() {
            view! { <p class="note note--muted">{move || st().no_records}</p> }.into_any()
        } else {
            view! {
                <ul class="history__list">
                    {detail.checkins.iter().rev().map(|c| {
                        let symptoms = c.symptoms;
                        view! {
                            <li>
                                <span class="history__when">{c.day.to_string()}</span>
                                {format!(" {:.1} °C", c.temperature_c)}
                                {symptoms.then(|| view! { " · " <strong>{move || st().fever}</strong> })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }
            .into_any()
        }}
        <ContactForm person=r.person_id.clone() contacts />
        <ContactList contacts />
    }
}

/// 跟进方式 and 备注, then 记录跟进; the new record appears at the top of the list.
#[component]
fn ContactForm(
    /// The resident's person id.
    person: String,
    /// The follow-ups shown below.
    contacts: RwSignal<Vec<ContactView>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let st = move || i18n.st();
    let kind = RwSignal::new(wire::name(&ContactKind::Contacted));
    let note = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    let save = Action::new_local(move |request: &ContactRequest| {
        let (person, request) = (person.clone(), request.clone());
        async move { api::add_contact(&person, &request, i18n.locale_untracked()).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(view)) => {
            contacts.update(|c| c.insert(0, view));
            note.set(String::new());
            error.set(None);
            saved.set(true);
        }
        Some(Err(err)) => error.set(Some(ApiError::message(&err, i18n.t()))),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let request = ContactRequest {
            kind: wire::parse(&kind.get_untracked()).unwrap_or(ContactKind::Contacted),
            note: Some(note.get_untracked()),
        };
        // The same check the server makes: the note stays in the box when it is refused.
        match request.validate() {
            Ok(()) if !save.pending().get_untracked() => {
                save.dispatch(request);
            }
            Ok(()) => {}
            Err(e) => error.set(Some(i18n.locale_untracked().message(&e))),
        }
    };
    view! {
        <h2>{move || st().contacts_title}</h2>
        <form class="contact-form" on:submit=submit novalidate>
            <fieldset class="choice">
                <legend>{move || st().contact_kind}</legend>
                {[ContactKind::Contacted, ContactKind::Visited].into_iter().map(|k| view! {
                    <label class="check">
                        <input type="radio" name="contact_kind" value=wire::name(&k) bind:group=kind />
                        <span>{move || i18n.locale().pick(k.name_zh(), k.name_en())}</span>
                    </label>
                }).collect_view()}
            </fieldset>
            <label class="field" class:field--invalid=move || error.get().is_some()>
                <span class="field__label">{move || st().contact_note}</span>
                <textarea
                    id="contact-note"
                    rows="3"
                    bind:value=note
                    aria-describedby="contact-note-hint contact-note-error"
                    aria-invalid=move || error.get().is_some().to_string()
                ></textarea>
                <span class="field__hint" id="contact-note-hint">{move || st().contact_note_hint}</span>
                <span class="field__error" id="contact-note-error" role="alert">{move || error.get()}</span>
            </label>
            <button type="submit" class="button button--primary" disabled=move || save.pending().get()>
                {move || if save.pending().get() { st().contact_saving } else { st().contact_save }}
            </button>
            <p class="note" role="status">{move || saved.get().then(|| st().contact_saved)}</p>
        </form>
    }
}

/// The follow-ups, newest first.
#[component]
fn ContactList(
    /// The follow-ups.
    contacts: RwSignal<Vec<ContactView>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class="history__list contact-list">
            {move || contacts.get().into_iter().map(|c| {
                let kind = c.kind;
                view! {
                    <li>
                        <strong>{move || i18n.locale().pick(kind.name_zh(), kind.name_en())}</strong>
                        {c.note.clone().map(|n| view! { " · " {n} })}
                        <span class="history__when">" " {(i18n.st().contact_by)(&c.by, &when(&c.at))}</span>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
