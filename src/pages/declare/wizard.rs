//! The five steps with 上一步 / 下一步, validation before moving on, the draft kept on the
//! device, and the submission (with an Idempotency-Key, so a double tap or a retry saves once).

use chrono::{DateTime, Utc};
use healthcode_core::declaration::Step;
use healthcode_core::error::FieldError;
use healthcode_core::time::china_date;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::confirm::ConfirmStep;
use super::health::HealthStep;
use super::identity::IdentityStep;
use super::itinerary::ItineraryStep;
use super::residence::ResidenceStep;
use super::{dom_id, login_then, step_href, Form};
use crate::api::{self, ApiError};
use crate::clock::device_now_ms;
use crate::components::stepper::Stepper;
use crate::dom::focus_by_id;
use crate::draft::{self, Draft};
use crate::i18n::use_i18n;
use crate::retry::{delay_ms, take_slot, worth_retrying};
use crate::session::use_session;

/// Moves focus to a field by its wire name (the first input of a group).
fn focus_field(field: &str) {
    focus_by_id(&dom_id(field));
}

/// Server problems as field errors (the message is already in the requested language): the
/// list of a 422, or the one field a 409 or a single-field 422 names.
fn server_errors(err: &ApiError) -> Vec<FieldError> {
    let ApiError::Server { body, .. } = err else {
        return Vec::new();
    };
    let at = |field: &str, message: &str| FieldError::new(field, "server", message, message);
    match (&body.field, body.errors.is_empty()) {
        (_, false) => body.errors.iter().map(|p| at(&p.field, &p.message)).collect(),
        (Some(field), true) => vec![at(field, &body.message)],
        (None, true) => Vec::new(),
    }
}

/// The form, on the step in the URL.
#[component]
pub fn Wizard(
    /// The person being declared.
    person: String,
    /// The draft to start from.
    initial: Draft,
    /// The step in the URL (`None` never reaches here).
    step: Memo<Option<Step>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let d = move || i18n.d();
    let session = use_session();
    let navigate = use_navigate();
    let today =
        china_date(DateTime::<Utc>::from_timestamp_millis(device_now_ms() as i64).unwrap_or_default());
    let form = Form {
        draft: RwSignal::new(initial),
        errors: RwSignal::new(Vec::new()),
        today,
    };
    let current = Signal::derive(move || step.get().unwrap_or(Step::Identity));
    let submit_error = RwSignal::new(None::<String>);

    // Every change is kept on the device until the server has it.
    Effect::new({
        let person = person.clone();
        move |_| form.draft.with(|d| draft::save(&person, d))
    });
    // An error disappears as soon as what the user typed fixes it.
    Effect::new(move |_| {
        let still = form.draft.with(|d| {
            Step::ALL
                .into_iter()
                .flat_map(|s| d.validate_step(s, today))
                .map(|e| e.field)
                .collect::<Vec<_>>()
        });
        if form
            .errors
            .with_untracked(|e| e.iter().any(|x| !still.contains(&x.field)))
        {
            form.errors.update(|e| e.retain(|x| still.contains(&x.field)));
        }
    });
    // A new step: its heading takes the focus (screen readers announce it) and the page its top.
    Effect::new(move |previous: Option<Step>| {
        let now = current.get();
        if previous.is_some_and(|p| p != now) {
            window().scroll_to_with_x_and_y(0.0, 0.0);
            focus_field("declare-step-title");
        }
        now
    });

    let go = {
        let (navigate, person) = (navigate.clone(), person.clone());
        move |s: Step| navigate(&step_href(&person, s), Default::default())
    };
    let show_errors = {
        let go = go.clone();
        move |step: Step, errors: Vec<FieldError>| {
            if let Some(first) = errors.first() {
                focus_field(&first.field);
            }
            form.errors.set(errors);
            if step != current.get_untracked() {
                go(step);
            }
        }
    };

    let submit = Action::new_local({
        let person = person.clone();
        move |(body, key): &(healthcode_core::declaration::DeclarationForm, String)| {
            let (person, body, key) = (person.clone(), body.clone(), key.clone());
            async move { api::submit_declaration(&person, &body, &key, i18n.locale_untracked()).await }
        }
    });
    // The submission as it stands; its key is the same as long as the body is.
    let send = move || {
        if submit.pending().get_untracked() {
            return;
        }
        let body = form.draft.with_untracked(Draft::to_form);
        let text = serde_json::to_string(&body).unwrap_or_default();
        let mut key = String::new();
        form.draft.update(|d| key = d.key_for(&text));
        submit.dispatch((body, key));
    };
    // After no answer (or a busy server) the same submission is sent again by itself, with
    // backoff and within the budget; the Idempotency-Key makes it count once.
    let retries = StoredValue::new(0u32);
    let resend_later = {
        let person = person.clone();
        move |delay: f64| {
            let person = person.clone();
            set_timeout(
                move || {
                    if current.try_get_untracked() != Some(Step::Confirm) {
                        return;
                    }
                    match take_slot(&person, device_now_ms()) {
                        Ok(()) => send(),
                        Err(wait) => set_timeout(
                            move || {
                                if current.try_get_untracked() == Some(Step::Confirm) {
                                    send();
                                }
                            },
                            std::time::Duration::from_millis(wait as u64),
                        ),
                    }
                },
                std::time::Duration::from_millis(delay as u64),
            );
        }
    };
    Effect::new({
        let (person, navigate, show_errors) = (person.clone(), navigate.clone(), show_errors.clone());
        move |_| match submit.value().get() {
            Some(Ok(saved)) => {
                retries.set_value(0);
                draft::clear(&person);
                session.refresh();
                // Declared by another account already: this account now shares that person.
                let shown = saved.linked_person.unwrap_or_else(|| person.clone());
                navigate(&format!("/code/{shown}"), Default::default());
            }
            Some(Err(err)) if err.status() == Some(401) => {
                session.refresh();
                navigate(
                    &login_then(&step_href(&person, Step::Confirm)),
                    Default::default(),
                );
            }
            Some(Err(err)) => {
                let errors = server_errors(&err);
                let at = errors.iter().find_map(|e| Step::of_field(&e.field));
                match at {
                    Some(step) => show_errors(step, errors),
                    None if worth_retrying(&err) => {
                        let attempt = retries.get_value();
                        retries.set_value(attempt + 1);
                        submit_error.set(Some(format!(
                            "{} {}",
                            (i18n.o().submit_retrying)(attempt + 1),
                            d().retry_hint
                        )));
                        resend_later(delay_ms(attempt, js_sys::Math::random(), err.retry_after()));
                    }
                    None => submit_error.set(Some(err.message(i18n.t()))),
                }
            }
            None => {}
        }
    });

    let on_next = {
        let (go, show_errors) = (go.clone(), show_errors.clone());
        move |_| {
            let step = current.get_untracked();
            submit_error.set(None);
            let errors = form.draft.with_untracked(|d| d.validate_step(step, today));
            if !errors.is_empty() {
                return show_errors(step, errors);
            }
            form.errors.set(Vec::new());
            match step.next() {
                Some(next) => go(next),
                None => {
                    if let Some((step, errors)) = form.draft.with_untracked(|d| d.first_invalid_step(today)) {
                        return show_errors(step, errors);
                    }
                    send();
                }
            }
        }
    };
    let on_previous = move |_| {
        if let Some(previous) = current.get_untracked().previous() {
            form.errors.set(Vec::new());
            go(previous);
        }
    };

    view! {
        <section class="card declare" aria-labelledby="declare-title">
            <h1 id="declare-title">{move || d().title}</h1>
            <Stepper current=current href=step_href person=person.clone() />
            <h2 id="declare-step-title" class="declare__step" tabindex="-1">
                {move || d().step_names[current.get().index()]}
                <span class="declare__step-of">
                    {move || (d().step_of)(current.get().index() + 1, Step::ALL.len())}
                </span>
            </h2>
            <ErrorSummary form=form />
            <form class="declare__form" novalidate on:submit=|ev| ev.prevent_default()>
                {move || match current.get() {
                    Step::Identity => view! { <IdentityStep form=form /> }.into_any(),
                    Step::Residence => view! { <ResidenceStep form=form /> }.into_any(),
                    Step::Itinerary => view! { <ItineraryStep form=form /> }.into_any(),
                    Step::Health => view! { <HealthStep form=form /> }.into_any(),
                    Step::Confirm => view! { <ConfirmStep form=form /> }.into_any(),
                }}
                <p class="field__error" role="alert">
                    {move || submit_error.get()}
                </p>
                <div class="declare__nav">
                    <Show when=move || current.get().previous().is_some()>
                        <button type="button" class="button button--secondary" on:click=on_previous.clone()>
                            {move || d().previous}
                        </button>
                    </Show>
                    <button
                        type="submit"
                        class="button button--primary"
                        on:click=on_next
                        disabled=move || submit.pending().get()
                    >
                        {move || match (current.get().next(), submit.pending().get()) {
                            (Some(_), _) => d().next,
                            (None, false) => d().submit,
                            (None, true) => d().submitting,
                        }}
                    </button>
                </div>
                <p class="note">{move || d().draft_saved}</p>
            </form>
        </section>
    }
}

/// The count of problems on this step, above the fields (each message is at its field).
#[component]
fn ErrorSummary(
    /// The form whose errors to count.
    form: Form,
) -> impl IntoView {
    let i18n = use_i18n();
    let count = move || form.errors.with(Vec::len);
    view! {
        <Show when=move || { count() > 0 }>
            <p class="error-summary" role="status">{move || (i18n.d().fix_errors)(count())}</p>
        </Show>
    }
}
