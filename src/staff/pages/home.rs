//! `/staff`: the account's divisions, each with the pages its role has.

use healthcode_core::staff::{Role, ScopeView, StaffMe};
use leptos::prelude::*;

use crate::i18n::use_i18n;
use crate::staff::access::{loaded, use_access};

/// The console's start page.
#[component]
pub fn StaffHome() -> impl IntoView {
    let i18n = use_i18n();
    let access = use_access();
    view! {
        <section class="card" aria-labelledby="staff-home-title">
            <h1 id="staff-home-title">{move || i18n.st().home_title}</h1>
            {loaded(access.me, |me| view! { <Scopes me /> })}
        </section>
    }
}

/// The account's divisions, or a note that it has none yet.
#[component]
fn Scopes(
    /// The staff account.
    me: StaffMe,
) -> impl IntoView {
    let i18n = use_i18n();
    let role = me.role;
    if role == Role::Admin {
        return view! { <AdminCard /> }.into_any();
    }
    if me.scopes.is_empty() {
        return view! { <p class="note">{move || i18n.st().no_scopes}</p> }.into_any();
    }
    view! {
        <ul class="scope-list">
            {me.scopes.into_iter().map(|scope| view! { <ScopeCard role scope /> }).collect_view()}
        </ul>
    }
    .into_any()
}

/// One division with links to what the role may see of it.
#[component]
fn ScopeCard(
    /// The account's role.
    role: Role,
    /// The division.
    scope: ScopeView,
) -> impl IntoView {
    let i18n = use_i18n();
    let code = scope.code.clone();
    let links = match role {
        Role::GridWorker => view! {
            <a class="button button--primary" href=format!("/staff/residents/{code}")>{move || i18n.st().residents_link}</a>
            <a class="button button--secondary" href=format!("/staff/stats/{code}")>{move || i18n.st().stats_link}</a>
        }
        .into_any(),
        _ => view! {
            <a class="button button--primary" href=format!("/staff/completion/{code}")>{move || i18n.st().completion_link}</a>
        }
        .into_any(),
    };
    view! {
        <li class="scope-card">
            <h2>{scope.name.clone()}</h2>
            <p class="note note--muted">{scope.path.join(" › ")} " · " {scope.code.clone()}</p>
            <div class="scope-card__links">{links}</div>
        </li>
    }
}

/// An admin's pages: the appeal desk, rules and lists, the audit log, staff access.
#[component]
fn AdminCard() -> impl IntoView {
    let i18n = use_i18n();
    let ad = move || i18n.ad();
    view! {
        <div class="scope-card">
            <p class="note">{move || ad().admin_lead}</p>
            <div class="scope-card__links">
                <a class="button button--primary" href="/staff/appeals">{move || ad().appeals_link}</a>
                <a class="button button--secondary" href="/staff/rules">{move || ad().rules_link}</a>
                <a class="button button--secondary" href="/staff/grants">{move || ad().grants_link}</a>
                <a class="button button--ghost" href="/staff/audit">{move || ad().audit_link}</a>
            </div>
        </div>
    }
}
