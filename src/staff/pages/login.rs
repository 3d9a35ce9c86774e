//! `/staff/login`: 手机号码 → 获取验证码 → 验证码 → 登录, like the resident app's login but
//! without the residents' consents (staff log in to work, not to declare).

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::{self, ApiError};
use crate::components::text_field::TextField;
use crate::i18n::use_i18n;
use crate::staff::access::use_access;

/// The staff login page.
#[component]
pub fn StaffLogin() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let access = use_access();
    let navigate = use_navigate();
    let query = use_query_map();
    // Back where the session ran out; only the console's own paths.
    let next = move || {
        query
            .get_untracked()
            .get("next")
            .filter(|n| n.starts_with("/staff") && !n.starts_with("//"))
            .unwrap_or_else(|| "/staff".to_owned())
    };
    let phone = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let phone_error = RwSignal::new(None::<String>);
    let code_error = RwSignal::new(None::<String>);
    // Until a new code may be sent.
    let countdown = crate::clock::countdown();
    let show = move |err: ApiError, default_code: bool| {
        if let Some(wait) = err.retry_after() {
            countdown.set(wait);
        }
        let message = Some(err.message(i18n.t()));
        match err.field() {
            Some("code") => code_error.set(message),
            Some(_) => phone_error.set(message),
            None if default_code => code_error.set(message),
            None => phone_error.set(message),
        }
    };
    let send_code =
        Action::new_local(move |phone: &String| api::request_code(phone.clone(), i18n.locale_untracked()));
    Effect::new(move |_| match send_code.value().get() {
        Some(Ok(accepted)) => {
            countdown.set(accepted.resend_after_secs);
            phone_error.set(None);
        }
        Some(Err(err)) => show(err, false),
        None => {}
    });
    let log_in = Action::new_local(move |(phone, code): &(String, String)| {
        api::log_in(phone.clone(), code.clone(), i18n.locale_untracked())
    });
    Effect::new(move |_| match log_in.value().get() {
        Some(Ok(_)) => {
            access.me.refetch();
            navigate(&next(), Default::default());
        }
        Some(Err(err)) => show(err, true),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        phone_error.set(None);
        code_error.set(None);
        if !log_in.pending().get_untracked() {
            log_in.dispatch((phone.get_untracked(), code.get_untracked()));
        }
    };
    view! {
        <section class="card login" aria-labelledby="login-title">
            <h1 id="login-title">{move || i18n.st().login_title}</h1>
            <p class="note">{move || i18n.st().login_lead}</p>
            <form on:submit=submit novalidate>
                <TextField
                    id="phone"
                    label=Signal::derive(move || t().phone_label.to_owned())
                    value=phone
                    error=Signal::derive(move || phone_error.get())
                    input_mode="tel"
                    autocomplete="tel"
                    max_length=20
                />
                <button
                    type="button"
                    class="button button--secondary"
                    on:click=move |_| {
                        if countdown.get_untracked() == 0 && !send_code.pending().get_untracked() {
                            send_code.dispatch(phone.get_untracked());
                        }
                    }
                    disabled=move || { countdown.get() > 0 || send_code.pending().get() }
                >
                    {move || match countdown.get() {
                        0 => t().get_code.to_owned(),
                        s => (t().resend_in)(s),
                    }}
                </button>
                <TextField
                    id="code"
                    label=Signal::derive(move || t().code_label.to_owned())
                    value=code
                    error=Signal::derive(move || code_error.get())
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
