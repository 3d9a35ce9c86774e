//! Who is logged in: the answer of `GET /me`, shared by every page.

use healthcode_core::api::Me;
use leptos::prelude::*;

use crate::api;
use crate::i18n::{use_i18n, I18n};

/// The session as the app knows it.
#[derive(Debug, Clone, PartialEq)]
pub enum SessionState {
    /// `GET /me` has not answered yet.
    Loading,
    LoggedOut,
    LoggedIn(Me),
    /// The server could not be reached; the app still works with what it has.
    Unreachable,
}

/// The session, shared through context.
#[derive(Debug, Clone, Copy)]
pub struct Session {
    pub state: RwSignal<SessionState>,
    /// Kept here so a refresh from any handler or task needs no context lookup.
    i18n: I18n,
}

impl Session {
    /// Asks the server again (after login, logout, or a change to the persons).
    pub fn refresh(&self) {
        let state = self.state;
        let locale = self.i18n.locale_untracked();
        leptos::task::spawn_local(async move {
            state.set(match api::session(locale).await {
                Ok(Some(me)) => SessionState::LoggedIn(me),
                Ok(None) => SessionState::LoggedOut,
                Err(_) => SessionState::Unreachable,
            });
        });
    }

    pub fn me(&self) -> Option<Me> {
        match self.state.get() {
            SessionState::LoggedIn(me) => Some(me),
            _ => None,
        }
    }
}

/// The current [`Session`]; panics outside [`SessionProvider`].
pub fn use_session() -> Session {
    expect_context::<Session>()
}

/// Provides [`Session`] and loads it once at start.
#[component]
pub fn SessionProvider(
    /// The routed app.
    children: Children,
) -> impl IntoView {
    let session = Session {
        state: RwSignal::new(SessionState::Loading),
        i18n: use_i18n(),
    };
    provide_context(session);
    session.refresh();
    children()
}

/// Sends a logged-out visitor (or one whose session ran out) to the login page, which brings
/// them back to this very page afterwards. Returns the redirect, for a 401 from a later call.
pub fn use_login_guard() -> Callback<()> {
    let session = use_session();
    let navigate = leptos_router::hooks::use_navigate();
    let location = leptos_router::hooks::use_location();
    let to_login = Callback::new(move |()| {
        let here = location.pathname.get_untracked();
        let next = String::from(js_sys::encode_uri_component(&here));
        navigate(&format!("/login?next={next}"), Default::default());
    });
    Effect::new(move |_| {
        if session.state.get() == SessionState::LoggedOut {
            to_login.run(());
        }
    });
    to_login
}
