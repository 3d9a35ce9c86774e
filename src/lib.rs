//! healthcode's resident web app (Leptos, client-side rendered, built by Trunk).
//!
//! [`App`] provides the app-wide context (language) and the router; each page lives in its own
//! file under `pages/`, reusable pieces under `components/`.

pub mod api;
pub mod components;
pub mod i18n;
pub mod pages;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::language_switch::LanguageSwitch;
use crate::i18n::I18nProvider;
use crate::pages::home::Home;
use crate::pages::not_found::NotFound;

/// The whole app: language context, header and routes.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <I18nProvider>
            <Router>
                <header class="app-header">
                    <LanguageSwitch />
                </header>
                <main id="main" class="app-main">
                    <Routes fallback=NotFound>
                        <Route path=path!("/") view=Home />
                    </Routes>
                </main>
            </Router>
        </I18nProvider>
    }
}
