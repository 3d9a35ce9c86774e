//! `/declare/:person/:step`: the declaration (居民健康登记) as five steps. This file loads the
//! draft (from the device, else the saved declaration for 修改信息, else empty); the wizard runs
//! the steps; each step is a file of its own.

mod confirm;
mod health;
mod identity;
mod itinerary;
mod residence;
pub mod wizard;

use chrono::NaiveDate;
use healthcode_core::declaration::Step;
use healthcode_core::error::FieldError;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::{self, ApiError};
use crate::draft::{self, Draft};
use crate::i18n::{use_i18n, Locale};
use crate::pages::not_found::NotFound;
use crate::session::{use_login_guard, use_session, SessionState};
use wizard::Wizard;

/// The URL of one step of a person's declaration.
pub fn step_href(person: &str, step: Step) -> String {
    format!("/declare/{person}/{}", step.slug())
}

/// The login page, coming back to `path` afterwards.
pub fn login_then(path: &str) -> String {
    format!("/login?next={}", String::from(js_sys::encode_uri_component(path)))
}

/// The DOM id of a wire field: `itinerary[1].from` → `itinerary-1-from`.
pub fn dom_id(field: &str) -> String {
    field.replace("].", "-").replace(['[', '.'], "-").replace(']', "")
}

pub use healthcode_core::wire::{name as wire_name, parse as from_wire};

/// 否 / 是 as radio options, in the current language.
pub fn yes_no() -> Vec<(bool, Signal<String>)> {
    let i18n = use_i18n();
    vec![
        (false, Signal::derive(move || i18n.d().no.to_owned())),
        (true, Signal::derive(move || i18n.d().yes.to_owned())),
    ]
}

/// What every step works on: the draft, the errors shown, and today's date in China.
#[derive(Debug, Clone, Copy)]
pub struct Form {
    pub draft: RwSignal<Draft>,
    pub errors: RwSignal<Vec<FieldError>>,
    pub today: NaiveDate,
}

impl Form {
    /// The error shown at `field`, in the current language.
    pub fn error(self, field: impl Into<String>) -> Signal<Option<String>> {
        let field = field.into();
        let i18n = use_i18n();
        Signal::derive(move || {
            self.errors.with(|e| {
                e.iter()
                    .find(|x| x.field == field)
                    .map(|x| i18n.locale().message(x))
            })
        })
    }
}

/// The device's draft, else the saved declaration (editing), else an empty form. `declared` is
/// what the session says (`None` when it does not know yet).
async fn load_draft(person: String, declared: Option<bool>, locale: Locale) -> Result<Draft, ApiError> {
    if let Some(draft) = draft::load(&person) {
        return Ok(draft);
    }
    if declared == Some(false) {
        return Ok(Draft::default());
    }
    Ok(api::declaration(&person, locale)
        .await?
        .map(Draft::from_saved)
        .unwrap_or_default())
}

/// The declaration route.
#[component]
pub fn DeclarePage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let params = use_params_map();
    let person = Memo::new(move |_| params.read().get("person").unwrap_or_default());
    let step = Memo::new(move |_| params.read().get("step").and_then(|s| Step::from_slug(&s)));
    // Logged out (or the session expired): log in and come back to this very step.
    let to_login = use_login_guard();
    let known = move || match session.state.get() {
        SessionState::LoggedIn(me) => me.persons.iter().any(|p| p.id == person.get()),
        _ => true,
    };
    let loaded = LocalResource::new(move || {
        let id = person.get();
        let declared = session.state.with_untracked(|s| match s {
            SessionState::LoggedIn(me) => me.persons.iter().find(|p| p.id == id).map(|p| p.declared),
            _ => None,
        });
        load_draft(id, declared, i18n.locale_untracked())
    });

    view! {
        <Show when=move || known() && step.get().is_some() fallback=NotFound>
            <Transition fallback=move || view! { <p class="loading" role="status">{i18n.t().loading}</p> }>
                {move || Suspend::new({
                    async move {
                        match loaded.await {
                            Ok(draft) => view! { <Wizard person=person.get_untracked() initial=draft step=step /> }
                                .into_any(),
                            Err(err) => {
                                if err.status() == Some(401) {
                                    to_login.run(());
                                }
                                view! {
                                    <section class="card">
                                        <p class="field__error" role="alert">{err.message(i18n.t())}</p>
                                        <button type="button" class="button button--secondary"
                                            on:click=move |_| loaded.refetch()>{i18n.t().refresh}</button>
                                    </section>
                                }
                                .into_any()
                            }
                        }
                    }
                })}
            </Transition>
        </Show>
    }
}
