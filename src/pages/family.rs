//! `/family/new` and `/family/:person`: adding a dependant (新增家属) with their relation, or
//! changing it, and removing one. Adding leads straight on to their declaration.

use healthcode_core::family::{DependantRequest, Relation};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::api::{self, ApiError};
use crate::binding::Bound;
use crate::components::choice_field::{CheckField, RadioGroup};
use crate::components::text_field::TextField;
use crate::i18n::use_i18n;
use crate::session::use_session;

/// The relations a dependant may have, in the order people think of them.
const RELATIONS: [Relation; 7] = [
    Relation::Mother,
    Relation::Father,
    Relation::Spouse,
    Relation::Child,
    Relation::Grandparent,
    Relation::MaternalGrandparent,
    Relation::Other,
];

/// The add / edit form.
#[component]
pub fn FamilyPage() -> impl IntoView {
    let i18n = use_i18n();
    let f = move || i18n.f();
    let session = use_session();
    let to_login = crate::session::use_login_guard();
    let navigate = use_navigate();
    let params = use_params_map();
    let person = move || params.read_untracked().get("person").filter(|p| p != "new");
    let editing = person().is_some();

    let relation = RwSignal::new(Relation::Mother);
    let note = RwSignal::new(String::new());
    let consent = RwSignal::new(false);
    let relation_error = RwSignal::new(None::<String>);
    let note_error = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<String>);
    let confirm_remove = RwSignal::new(false);

    // Editing: start from what the account has for this person (once the session is known).
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) {
            return true;
        }
        let Some(id) = person() else { return true };
        let Some(me) = session.me() else { return false };
        if let Some(p) = me.persons.into_iter().find(|p| p.id == id) {
            if let Some(r) = Relation::from_wire(&p.relation) {
                relation.set(r);
            }
            note.set(p.relation_note.unwrap_or_default());
        }
        true
    });

    let save = Action::new_local(move |request: &DependantRequest| {
        let (request, id) = (request.clone(), person());
        async move {
            match id {
                Some(id) => api::update_dependant(&id, &request, i18n.locale_untracked()).await,
                None => api::add_dependant(&request, i18n.locale_untracked()).await,
            }
        }
    });
    let remove = Action::new_local(move |id: &String| {
        let id = id.clone();
        async move { api::remove_dependant(&id, i18n.locale_untracked()).await }
    });
    let show = move |err: ApiError| {
        let message = err.message(i18n.t());
        match err.field() {
            Some("relation") => relation_error.set(Some(message)),
            Some("relation_note") => note_error.set(Some(message)),
            _ => failure.set(Some(message)),
        }
    };
    Effect::new({
        let navigate = navigate.clone();
        move |_| match save.value().get() {
            Some(Ok(saved)) => {
                session.refresh();
                let next = if editing {
                    "/".to_owned()
                } else {
                    format!("/declare/{}/identity", saved.id)
                };
                navigate(&next, Default::default());
            }
            Some(Err(err)) if err.status() == Some(401) => to_login.run(()),
            Some(Err(err)) => show(err),
            None => {}
        }
    });
    Effect::new(move |_| match remove.value().get() {
        Some(Ok(())) => {
            session.refresh();
            navigate("/", Default::default());
        }
        Some(Err(err)) if err.status() == Some(401) => to_login.run(()),
        Some(Err(err)) => show(err),
        None => {}
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        relation_error.set(None);
        note_error.set(None);
        failure.set(None);
        let request = DependantRequest {
            relation: relation.get_untracked(),
            relation_note: Some(note.get_untracked()),
            guardian_consent: consent.get_untracked(),
        };
        // The same check the server makes, so the answer is instant and names the field.
        if let Err(errors) = request.validate() {
            for e in errors {
                show_field(&e, i18n.locale_untracked(), relation_error, note_error);
            }
            return;
        }
        if !save.pending().get_untracked() {
            save.dispatch(request);
        }
    };
    let options = RELATIONS
        .iter()
        .map(|r| {
            let r = *r;
            (
                r,
                Signal::derive(move || i18n.locale().pick(r.name_zh(), r.name_en()).to_owned()),
            )
        })
        .collect::<Vec<_>>();

    view! {
        <section class="card family" aria-labelledby="family-title">
            <h1 id="family-title">{move || if editing { f().edit_title } else { f().add_title }}</h1>
            <p class="note note--muted">{move || f().add_lead}</p>
            <form on:submit=submit novalidate>
                <RadioGroup
                    id="relation"
                    legend=Signal::derive(move || f().relation.to_owned())
                    options=options
                    value=Bound::from(relation)
                    error=relation_error
                />
                <Show when=move || relation.get() == Relation::Other>
                    <TextField
                        id="relation_note"
                        label=Signal::derive(move || f().relation_note.to_owned())
                        hint=Signal::derive(move || f().relation_note_hint.to_owned())
                        value=Bound::from(note)
                        error=note_error
                        max_length=20
                    />
                </Show>
                <CheckField id="guardian_consent" label=Signal::derive(move || f().consent.to_owned()) value=Bound::from(consent) />
                <p class="field__hint">{move || f().consent_hint}</p>
                <p class="field__error" role="alert">{move || failure.get()}</p>
                <button type="submit" class="button button--primary" disabled=move || save.pending().get()>
                    {move || match (editing, save.pending().get()) {
                        (_, true) => f().adding,
                        (true, false) => f().save,
                        (false, false) => f().add,
                    }}
                </button>
            </form>
            {person().map(|id| view! {
                <div class="family__remove">
                    <p class="note note--muted">{move || f().remove_hint}</p>
                    <button
                        type="button"
                        class="button button--danger"
                        disabled=move || remove.pending().get()
                        on:click=move |_| {
                            if confirm_remove.get_untracked() {
                                remove.dispatch(id.clone());
                            } else {
                                confirm_remove.set(true);
                            }
                        }
                    >
                        {move || if confirm_remove.get() { f().remove_confirm } else { f().remove }}
                    </button>
                </div>
            })}
        </section>
    }
}

fn show_field(
    error: &healthcode_core::error::FieldError,
    locale: crate::i18n::Locale,
    relation_error: RwSignal<Option<String>>,
    note_error: RwSignal<Option<String>>,
) {
    let message = locale.message(error);
    match error.field.as_str() {
        "relation_note" => note_error.set(Some(message)),
        _ => relation_error.set(Some(message)),
    }
}
