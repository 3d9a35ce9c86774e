//! The home page: what the health code is and what a resident can do with it.

use leptos::prelude::*;

use crate::components::service_status::ServiceStatus;
use crate::i18n::use_i18n;

/// The welcome page shown at `/`.
#[component]
pub fn Home() -> impl IntoView {
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
            <ServiceStatus />
        </section>
    }
}
