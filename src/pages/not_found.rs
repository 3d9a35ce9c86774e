//! Shown for any path the router does not know.

use leptos::prelude::*;

use crate::i18n::use_i18n;

/// A 404 page with a way back home.
#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="not-found">
            <h1>{move || i18n.t().not_found_title}</h1>
            <p>
                <a href="/">{move || i18n.t().not_found_back}</a>
            </p>
        </section>
    }
}
