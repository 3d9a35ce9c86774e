//! The header's account controls: 退出登录 when logged in (which also forgets the drafts and
//! recent places kept on the device).

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::api;
use crate::i18n::use_i18n;
use crate::session::use_session;

/// A logout button, shown only with a session; logging out ends the session on the server.
#[component]
pub fn AccountBar() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let outbox = crate::outbox::use_outbox();
    let navigate = use_navigate();
    let log_out = Action::new_local(move |_: &()| api::log_out(i18n.locale_untracked()));
    Effect::new(move |_| {
        if log_out.value().get().is_some() {
            // The next person to use this phone sees none of what was typed here.
            crate::draft::clear_all();
            crate::offline::clear_all();
            outbox.clear();
            crate::scan_log::clear();
            crate::storage::remove(crate::components::division_names::RECENT_KEY);
            session.refresh();
            navigate("/", Default::default());
        }
    });
    move || {
        session.me().map(|me| {
            // Checkpoint staff (and admins) reach the scanner from every page.
            let scans = matches!(me.account.role.as_str(), "checkpoint" | "admin");
            view! {
                {scans.then(|| view! { <a class="header-button" href="/scan">{move || i18n.s().link}</a> })}
                <button
                    type="button"
                    class="header-button"
                    on:click=move |_| {
                        log_out.dispatch(());
                    }
                    disabled=move || log_out.pending().get()
                >
                    {move || i18n.t().log_out}
                </button>
            }
        })
    }
}
