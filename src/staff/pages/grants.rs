//! `/staff/grants`: an admin gives an account a staff role and its divisions.

use healthcode_core::admin::GrantRequest;
use healthcode_core::staff::Role;
use healthcode_core::wire;
use leptos::prelude::*;

use crate::components::text_field::TextField;
use crate::i18n::use_i18n;
use crate::staff::api;

/// The grants page.
#[component]
pub fn GrantsPage() -> impl IntoView {
    let i18n = use_i18n();
    let ad = move || i18n.ad();
    let phone = RwSignal::new(String::new());
    let role = RwSignal::new(wire::name(&Role::GridWorker));
    let divisions = RwSignal::new(String::new());
    let (phone_error, divisions_error) = (RwSignal::new(None::<String>), RwSignal::new(None::<String>));
    let done = RwSignal::new(None::<String>);
    let grant = Action::new_local(move |request: &GrantRequest| {
        let request = request.clone();
        async move { api::grant(&request, i18n.locale_untracked()).await }
    });
    Effect::new(move |_| match grant.value().get() {
        Some(Ok(g)) => {
            let role = i18n.locale_untracked().pick(g.role.name_zh(), g.role.name_en());
            done.set(Some((i18n.ad().granted)(&g.phone_masked, role)));
        }
        Some(Err(err)) => {
            let message = Some(err.message(i18n.t()));
            match err.field() {
                Some(f) if f.starts_with("divisions") => divisions_error.set(message),
                _ => phone_error.set(message),
            }
        }
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        done.set(None);
        phone_error.set(None);
        divisions_error.set(None);
        grant.dispatch(GrantRequest {
            phone: phone.get_untracked(),
            role: wire::parse(&role.get_untracked()).unwrap_or(Role::GridWorker),
            divisions: divisions
                .get_untracked()
                .split([',', '，', ' '])
                .map(str::trim)
                .filter(|d| !d.is_empty())
                .map(str::to_owned)
                .collect(),
        });
    };
    view! {
        <section class="card staff-page" aria-labelledby="grants-title">
            <p><a href="/staff">{move || i18n.st().back_home}</a></p>
            <h1 id="grants-title">{move || ad().grants_title}</h1>
            <p class="note">{move || ad().grants_lead}</p>
            <form class="contact-form" on:submit=submit novalidate>
                <TextField
                    id="grant-phone"
                    label=Signal::derive(move || ad().grant_phone.to_owned())
                    value=phone
                    error=Signal::derive(move || phone_error.get())
                    input_mode="tel"
                    max_length=20
                />
                <fieldset class="choice">
                    <legend>{move || ad().grant_role}</legend>
                    {[Role::GridWorker, Role::Official, Role::Checkpoint, Role::Resident].into_iter().map(|r| view! {
                        <label class="check">
                            <input type="radio" name="grant_role" value=wire::name(&r) bind:group=role />
                            <span>{move || i18n.locale().pick(r.name_zh(), r.name_en())}</span>
                        </label>
                    }).collect_view()}
                </fieldset>
                <TextField
                    id="grant-divisions"
                    label=Signal::derive(move || ad().grant_divisions.to_owned())
                    hint=Signal::derive(move || ad().grant_divisions_hint.to_owned())
                    value=divisions
                    error=Signal::derive(move || divisions_error.get())
                    max_length=200
                />
                <button type="submit" class="button button--primary" disabled=move || grant.pending().get()>
                    {move || ad().grant_submit}
                </button>
                <p class="note" role="status">{move || done.get()}</p>
            </form>
        </section>
    }
}
