//! SMS login: the privacy notice with its two consents (PIPL art. 28–29), then 手机号码 →
//! 获取验证码 (with a resend countdown) → 验证码 → 登录. Server errors appear at their field.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::{self, ApiError};
use crate::components::text_field::TextField;
use crate::i18n::use_i18n;
use crate::session::use_session;

/// Where each error is shown.
#[derive(Clone, Default, PartialEq)]
struct Errors {
    consent: bool,
    phone: Option<String>,
    code: Option<String>,
}

/// The login page at `/login`.
#[component]
pub fn Login() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let session = use_session();
    let navigate = use_navigate();
    let query = use_query_map();
    // Back to where the session ran out (e.g. the same step of a declaration); only local paths.
    let next = move || {
        query
            .get_untracked()
            .get("next")
            .filter(|n| n.starts_with('/') && !n.starts_with("//"))
            .unwrap_or_else(|| "/".to_owned())
    };

    let consent_health = RwSignal::new(false);
    let consent_whereabouts = RwSignal::new(false);
    let phone = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let errors = RwSignal::new(Errors::default());
    // Until a new code may be sent.
    let countdown = crate::clock::countdown();
    let sent = RwSignal::new(false);

    let consented = move || consent_health.get() && consent_whereabouts.get();
    let show = move |err: ApiError, default_field: &str| {
        let message = err.message(i18n.t());
        if let Some(wait) = err.retry_after() {
            countdown.set(wait);
        }
        errors.update(|e| match err.field().unwrap_or(default_field) {
            "code" => e.code = Some(message),
            _ => e.phone = Some(message),
        });
    };

    let send_code =
        Action::new_local(move |phone: &String| api::request_code(phone.clone(), i18n.locale_untracked()));
    Effect::new(move |_| match send_code.value().get() {
        Some(Ok(accepted)) => {
            countdown.set(accepted.resend_after_secs);
            sent.set(true);
            errors.update(|e| e.phone = None);
        }
        Some(Err(err)) => show(err, "phone"),
        None => {}
    });

    let log_in = Action::new_local(move |(phone, code): &(String, String)| {
        api::log_in(phone.clone(), code.clone(), i18n.locale_untracked())
    });
    Effect::new(move |_| match log_in.value().get() {
        Some(Ok(_)) => {
            // Loading, not the stale LoggedOut, until `GET /me` answers: the page we return to
            // must not take the old state for a logout and bounce back here.
            session.state.set(crate::session::SessionState::Loading);
            session.refresh();
            navigate(&next(), Default::default());
        }
        Some(Err(err)) => show(err, "code"),
        None => {}
    });

    // Clears the previous errors; says whether both consents are given (and if not, says so).
    let check_consent = move || {
        errors.set(Errors {
            consent: !consented(),
            ..Errors::default()
        });
        consented()
    };
    let request_code = move |_| {
        if check_consent() && countdown.get_untracked() == 0 && !send_code.pending().get_untracked() {
            send_code.dispatch(phone.get_untracked());
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if check_consent() && !log_in.pending().get_untracked() {
            log_in.dispatch((phone.get_untracked(), code.get_untracked()));
        }
    };

    view! {
        <section class="card login" aria-labelledby="login-title">
            <h1 id="login-title">{move || t().login_title}</h1>
            {move || {
                (next() != "/")
                    .then(|| view! { <p class="error-summary" role="status">{i18n.d().session_expired}</p> })
            }}
            <form on:submit=submit novalidate>
                <fieldset class="consent" aria-describedby="consent-error">
                    <legend>{move || t().privacy_title}</legend>
                    <p class="consent__text">{move || t().privacy_text}</p>
                    <label class="check">
                        <input type="checkbox" name="consent_health" bind:checked=consent_health />
                        <span>{move || t().consent_health}</span>
                    </label>
                    <label class="check">
                        <input type="checkbox" name="consent_whereabouts" bind:checked=consent_whereabouts />
                        <span>{move || t().consent_whereabouts}</span>
                    </label>
                    <p class="field__error" id="consent-error" role="alert">
                        {move || errors.get().consent.then(|| t().consent_required)}
                    </p>
                </fieldset>
                <TextField
                    id="phone"
                    label=Signal::derive(move || t().phone_label.to_owned())
                    hint=Signal::derive(move || t().phone_hint.to_owned())
                    value=phone
                    error=Signal::derive(move || errors.get().phone)
                    input_mode="tel"
                    autocomplete="tel"
                    max_length=20
                />
                <button
                    type="button"
                    class="button button--secondary"
                    on:click=request_code
                    disabled=move || { countdown.get() > 0 || send_code.pending().get() }
                >
                    {move || match countdown.get() {
                        0 => t().get_code.to_owned(),
                        s => (t().resend_in)(s),
                    }}
                </button>
                <p class="note" role="status">{move || sent.get().then(|| t().code_sent)}</p>
                <TextField
                    id="code"
                    label=Signal::derive(move || t().code_label.to_owned())
                    value=code
                    error=Signal::derive(move || errors.get().code)
                    input_mode="numeric"
                    autocomplete="one-time-code"
                    max_length=6
                />
                <button type="submit" class="button button--primary" disabled=move || log_in.pending().get()>
                    {move || if log_in.pending().get() { t().logging_in } else { t().log_in }}
                </button>
            </form>
        </section>
    }
}
