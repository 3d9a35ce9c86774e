//! `/`: the welcome page for a visitor, the persons list for a logged-in resident.

use leptos::prelude::*;

use crate::i18n::use_i18n;
use crate::pages::kept_codes::KeptCodes;
use crate::pages::persons::Persons;
use crate::pages::welcome::Welcome;
use crate::session::{use_session, SessionState};

/// The home route.
#[component]
pub fn Home() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    move || match session.state.get() {
        SessionState::Loading => view! { <p class="loading" role="status">{i18n.t().loading}</p> }.into_any(),
        SessionState::LoggedIn(me) => view! { <Persons me=me /> }.into_any(),
        SessionState::LoggedOut => view! { <Welcome /> }.into_any(),
        SessionState::Unreachable => view! { <KeptCodes /> }.into_any(),
    }
}
