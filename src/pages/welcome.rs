//! The welcome page: what the health code is, what a resident can do with it, and 立即使用.

use leptos::prelude::*;

use crate::components::service_status::ServiceStatus;
use crate::i18n::use_i18n;

/// Shown at `/` to someone not logged in.
#[component]
pub fn Welcome() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    view! {
        <section class="welcome" aria-labelledby="welcome-title">
            <div class="welcome__badge" aria-hidden="true">
                <span class="dot dot--green"></span>
                <span class="dot dot--yellow"></span>
                <span class="dot dot--red"></span>
            </div>
            <h1 id="welcome-title">{move || t().app_title}</h1>
            <p class="welcome__lead">{move || t().welcome_lead}</p>
            <h2>{move || t().welcome_points_heading}</h2>
            <ul class="welcome__points">
                <li>{move || t().welcome_point_colours}</li>
                <li>{move || t().welcome_point_family}</li>
                <li>{move || t().welcome_point_documents}</li>
                <li>{move || t().welcome_point_offline}</li>
            </ul>
            <a class="button button--primary" href="/login">{move || t().start_now}</a>
            <ServiceStatus />
        </section>
    }
}
