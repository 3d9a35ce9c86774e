//! The staff console (网格员, officials, and admins at the appeal desk and the rules): a Leptos app of its own, built by Trunk as a second
//! bundle (`staff/index.html` → `dist/staff/`, served under `/staff/`), so residents never
//! download it. It shares the core types, the API client, the i18n mechanism and a few
//! components with the resident app; its pages live here.

pub mod access;
pub mod api;
pub mod components;
pub mod pages;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::language_switch::LanguageSwitch;
use crate::i18n::{use_i18n, I18nProvider};
use access::{AccessProvider, StaffBar};
use pages::appeal::AppealPage;
use pages::appeals::AppealsPage;
use pages::audit::AuditPage;
use pages::completion::CompletionPage;
use pages::grants::GrantsPage;
use pages::home::StaffHome;
use pages::login::StaffLogin;
use pages::resident::ResidentPage;
use pages::residents::ResidentsPage;
use pages::rules::RulesPage;
use pages::stats::StatsPage;

/// The whole console: language, the staff account, header and routes (all under `/staff`).
#[component]
pub fn StaffApp() -> impl IntoView {
    view! {
        <I18nProvider>
            <Router>
                <AccessProvider>
                    <Header />
                    <main id="main" class="app-main staff">
                        <Routes fallback=StaffHome>
                            <Route path=path!("/staff") view=StaffHome />
                            <Route path=path!("/staff/login") view=StaffLogin />
                            <Route path=path!("/staff/residents/:division") view=ResidentsPage />
                            <Route path=path!("/staff/resident/:person") view=ResidentPage />
                            <Route path=path!("/staff/stats/:division") view=StatsPage />
                            <Route path=path!("/staff/completion/:division") view=CompletionPage />
                            <Route path=path!("/staff/appeals") view=AppealsPage />
                            <Route path=path!("/staff/appeals/:appeal") view=AppealPage />
                            <Route path=path!("/staff/rules") view=RulesPage />
                            <Route path=path!("/staff/grants") view=GrantsPage />
                            <Route path=path!("/staff/audit") view=AuditPage />
                        </Routes>
                    </main>
                </AccessProvider>
            </Router>
        </I18nProvider>
    }
}

/// The console's header: its name (home link), who is logged in, logout and language.
#[component]
fn Header() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <header class="app-header staff-header">
            <a class="staff-header__brand" href="/staff">{move || i18n.st().brand}</a>
            <StaffBar />
            <LanguageSwitch />
        </header>
    }
}
