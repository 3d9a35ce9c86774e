//! The home page when the server cannot be reached: the codes kept on this phone, each a link
//! to its code page (which shows it offline), so nobody at a checkpoint needs the network.

use leptos::prelude::*;

use crate::clock::date_time_text;
use crate::i18n::use_i18n;
use crate::offline;
use crate::pages::welcome::Welcome;

/// The kept codes, or the welcome page when there are none.
#[component]
pub fn KeptCodes() -> impl IntoView {
    let i18n = use_i18n();
    let o = move || i18n.o();
    let kept = offline::all();
    if kept.is_empty() {
        return view! { <Welcome /> }.into_any();
    }
    view! {
        <section class="card persons" aria-labelledby="kept-title">
            <h1 id="kept-title">{move || o().kept_codes_title}</h1>
            <p class="offline-banner" role="status">{move || o().kept_codes_lead}</p>
            <ul class="persons__list">
                {kept
                    .into_iter()
                    .map(|(person, code)| {
                        let synced = date_time_text(code.synced_at());
                        view! {
                            <li class="person">
                                <span class="person__name">{code.view.name_masked.clone().unwrap_or_default()}</span>
                                <span class="person__state">{move || (o().synced)(&synced)}</span>
                                <div class="person__actions">
                                    <a class="button button--primary" href=format!("/code/{person}")>
                                        {move || i18n.t().show_code}
                                    </a>
                                </div>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
    .into_any()
}
