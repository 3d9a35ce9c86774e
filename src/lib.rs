//! healthcode's resident web app (Leptos, client-side rendered, built by Trunk).
//!
//! [`App`] provides the app-wide context (language) and the router; each page lives in its own
//! file under `pages/`, reusable pieces under `components/`.

pub mod api;
pub mod binding;
pub mod camera;
pub mod clock;
pub mod components;
pub mod dom;
pub mod draft;
pub mod i18n;
pub mod offline;
pub mod outbox;
pub mod pages;
pub mod retry;
pub mod scan_log;
pub mod scanner;
pub mod session;
pub mod staff;
pub mod storage;
pub mod trust;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::account_bar::AccountBar;
use crate::components::language_switch::LanguageSwitch;
use crate::i18n::I18nProvider;
use crate::outbox::OutboxProvider;
use crate::pages::appeal::AppealPage;
use crate::pages::checkin::CheckinPage;
use crate::pages::code::CodePage;
use crate::pages::declare::DeclarePage;
use crate::pages::family::FamilyPage;
use crate::pages::history::HistoryPage;
use crate::pages::home::Home;
use crate::pages::login::Login;
use crate::pages::not_found::NotFound;
use crate::pages::print::PrintPage;
use crate::pages::scan::ScanPage;
use crate::session::SessionProvider;

/// The whole app: language and session context, header and routes.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <I18nProvider>
            <SessionProvider>
                <OutboxProvider>
                <Router>
                    <header class="app-header">
                        <AccountBar />
                        <LanguageSwitch />
                    </header>
                    <main id="main" class="app-main">
                        <Routes fallback=NotFound>
                            <Route path=path!("/") view=Home />
                            <Route path=path!("/login") view=Login />
                            <Route path=path!("/code/:person") view=CodePage />
                            <Route path=path!("/declare/:person/:step") view=DeclarePage />
                            <Route path=path!("/checkin/:person") view=CheckinPage />
                            <Route path=path!("/history/:person") view=HistoryPage />
                            <Route path=path!("/appeal/:person") view=AppealPage />
                            <Route path=path!("/family/:person") view=FamilyPage />
                            <Route path=path!("/print") view=PrintPage />
                            <Route path=path!("/scan") view=ScanPage />
                        </Routes>
                    </main>
                </Router>
                </OutboxProvider>
            </SessionProvider>
        </I18nProvider>
    }
}
