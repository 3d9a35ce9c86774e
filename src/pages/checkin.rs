//! `/checkin/:person`: the daily check-in (健康打卡) — temperature, symptoms, where the person is
//! — with a one-tap "与昨日相同" when nothing changed. The answer shows the colour it leads to,
//! the new validity and what would change it.

use healthcode_core::checkin::{CheckinAccepted, CheckinRequest};
use healthcode_core::health::{Symptom, Temperature};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::{self, ApiError};
use crate::binding::Bound;
use crate::clock::date_time_text;
use crate::components::choice_field::RadioGroup;
use crate::components::division_picker::DivisionPicker;
use crate::components::symptom_checklist::SymptomChecklist;
use crate::components::text_field::TextField;
use crate::i18n::use_i18n;
use crate::outbox::use_outbox;
use crate::pages::declare::yes_no;

/// The check-in page.
#[component]
pub fn CheckinPage() -> impl IntoView {
    let i18n = use_i18n();
    let c = move || i18n.c();
    let params = use_params_map();
    let to_login = crate::session::use_login_guard();
    let person = move || params.read_untracked().get("person").unwrap_or_default();

    let temperature = RwSignal::new(String::new());
    let symptoms = RwSignal::new(Vec::<Symptom>::new());
    let away = RwSignal::new(false);
    let location = RwSignal::new(None::<String>);
    let temperature_error = RwSignal::new(None::<String>);
    let location_error = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<String>);

    let last = LocalResource::new(move || {
        let id = person();
        async move { api::checkin_history(&id, i18n.locale_untracked()).await }
    });
    // Every check-in goes through the outbox: sent at once, kept and resent if that fails.
    let outbox = use_outbox();
    let my_key = StoredValue::new(None::<String>);
    let result = RwSignal::new(None::<CheckinAccepted>);
    let pending = Memo::new(move |_| outbox.pending(&person()));
    let busy = move || outbox.sending() && pending.get().is_some_and(|p| p.attempts == 0);
    Effect::new(move |_| {
        let Some(answer) = outbox.answer() else { return };
        let mine = my_key.with_value(|k| k.as_deref() == Some(answer.key.as_str()));
        // An answer for a check-in queued on an earlier visit is shown here too.
        if !mine && result.get_untracked().is_some() {
            return;
        }
        match answer.result {
            Ok(accepted) => result.set(Some(accepted)),
            Err(err) if !mine => failure.set(Some(err.message(i18n.t()))),
            Err(err) => show_error(err, i18n.t(), temperature_error, location_error, failure),
        }
    });
    Effect::new(move |_| {
        // The session ran out: log in again; the queued check-in is sent after that.
        if pending.get().is_some_and(|p| p.last_status == Some(401)) {
            to_login.run(());
        }
    });
    let send = move |request: CheckinRequest| {
        if !busy() {
            my_key.set_value(Some(outbox.queue(&person(), request)));
        }
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        temperature_error.set(None);
        location_error.set(None);
        failure.set(None);
        let temperature_c = match Temperature::parse("temperature_c", &temperature.get_untracked()) {
            Ok(t) => t.celsius(),
            Err(e) => return temperature_error.set(Some(i18n.locale_untracked().message(&e))),
        };
        let location_division = if away.get_untracked() {
            location.get_untracked()
        } else {
            None
        };
        if away.get_untracked() && location_division.is_none() {
            return location_error.set(Some(i18n.d().picker_choose.to_owned()));
        }
        send(CheckinRequest {
            temperature_c,
            symptoms: symptoms.get_untracked(),
            location_division,
        });
    };
    let same_as_last = move |_| {
        let Some(Ok(history)) = last.get_untracked() else {
            return;
        };
        if let Some(previous) = history.checkins.last() {
            send(CheckinRequest {
                temperature_c: previous.temperature_c,
                symptoms: previous.symptoms.clone(),
                location_division: previous.location_division.clone(),
            });
        }
    };

    view! {
        <section class="card checkin" aria-labelledby="checkin-title">
            <h1 id="checkin-title">{move || c().title}</h1>
            <Show
                when=move || result.get().is_none()
                fallback=move || view! { <CheckinDone accepted=result.get().unwrap() person=person() /> }
            >
                <p class="note note--muted">{move || c().lead}</p>
                <Show when=move || pending.get().is_some_and(|p| p.attempts > 0)>
                    <p class="offline-banner" role="status">{move || i18n.o().checkin_queued}</p>
                </Show>
                {move || {
                    last.get().and_then(Result::ok).and_then(|h| h.checkins.last().cloned()).map(|previous| view! {
                        <button type="button" class="button button--primary" on:click=same_as_last
                            disabled=busy>
                            {move || c().same_as_last}
                        </button>
                        <p class="field__hint">{(c().same_as_last_hint)(&previous.day, previous.temperature_c)}</p>
                    })
                }}
                <form on:submit=submit novalidate>
                    <TextField
                        id="temperature_c"
                        label=Signal::derive(move || i18n.d().temperature.to_owned())
                        hint=Signal::derive(move || i18n.d().temperature_hint.to_owned())
                        value=temperature
                        error=temperature_error
                        input_mode="decimal"
                        autocomplete="off"
                        max_length=6
                    />
                    <SymptomChecklist
                        id="symptoms"
                        legend=Signal::derive(move || i18n.d().symptoms.to_owned())
                        value=Bound::from(symptoms)
                    />
                    <RadioGroup
                        id="at_home"
                        legend=Signal::derive(move || c().at_home.to_owned())
                        options=yes_no().into_iter().map(|(yes, text)| (!yes, text)).rev().collect()
                        value=Bound::from(away)
                    />
                    <Show when=move || away.get()>
                        <DivisionPicker
                            id="location_division"
                            label=Signal::derive(move || c().where_now.to_owned())
                            value=Bound::from(location)
                            error=location_error
                            min_level=2
                        />
                    </Show>
                    <p class="field__error" role="alert">{move || failure.get()}</p>
                    <button type="submit" class="button button--primary" disabled=busy>
                        {move || if busy() { c().submitting } else { c().submit }}
                    </button>
                </form>
            </Show>
        </section>
    }
}

fn show_error(
    err: ApiError,
    t: &crate::i18n::Strings,
    temperature: RwSignal<Option<String>>,
    location: RwSignal<Option<String>>,
    failure: RwSignal<Option<String>>,
) {
    let message = err.message(t);
    match err.field() {
        Some("temperature_c") => temperature.set(Some(message)),
        Some("location_division") => location.set(Some(message)),
        _ => failure.set(Some(message)),
    }
}

/// The answer: the colour now, the validity, what would change it, and the way to the code.
#[component]
fn CheckinDone(
    /// The server's answer.
    accepted: CheckinAccepted,
    /// The person, for the link to the code.
    person: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let c = move || i18n.c();
    let colour = accepted.colour;
    let word = move || i18n.locale().pick(colour.word_zh(), colour.word_en()).to_owned();
    let until = accepted
        .valid_until
        .as_deref()
        .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
        .map(|t| date_time_text(t.to_utc()));
    view! {
        <div class="checkin__done" role="status">
            <h2>{move || c().done_title}</h2>
            <p class="checkin__colour" data-colour=format!("{colour:?}").to_lowercase()>
                {move || (c().done_colour)(&word())}
            </p>
            {until.map(|u| view! { <p>{move || (c().valid_until)(&u)}</p> })}
            {accepted.next_step.map(|s| view! { <p class="code__next">{s}</p> })}
        </div>
        <a class="button button--primary" href=format!("/code/{person}")>{move || c().show_code}</a>
    }
}
