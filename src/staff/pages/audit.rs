//! `/staff/audit`: the audit log, newest first, narrowed to one kind of action.

use healthcode_core::appeal::AuditEntry;
use leptos::prelude::*;

use super::residents::when;
use crate::i18n::use_i18n;
use crate::staff::access::loaded;
use crate::staff::api;

/// The actions an admin filters by (the log holds only these).
const ACTIONS: [&str; 15] = [
    "appeal.submit",
    "override.propose",
    "override.approve",
    "override.reject",
    "appeal.resolve",
    "account.role",
    "staff.scopes",
    "staff.view",
    "staff.contact",
    "risk_area.set",
    "risk_area.remove",
    "authority.import",
    "division.add",
    "division_report.added",
    "division_report.dismiss",
];

/// The audit page.
#[component]
pub fn AuditPage() -> impl IntoView {
    let i18n = use_i18n();
    let ad = move || i18n.ad();
    let action = RwSignal::new(String::new());
    let lines = LocalResource::new(move || {
        let action = action.get();
        async move { api::audit(&action, i18n.locale_untracked()).await }
    });
    view! {
        <section class="card staff-page staff-page--wide" aria-labelledby="audit-title">
            <p><a href="/staff">{move || i18n.st().back_home}</a></p>
            <h1 id="audit-title">{move || ad().audit_title}</h1>
            <label class="field staff-filters">
                <span class="field__label">{move || ad().audit_action}</span>
                <select bind:value=action>
                    <option value="">{move || ad().audit_all}</option>
                    {ACTIONS.into_iter().map(|a| view! { <option value=a>{a}</option> }).collect_view()}
                </select>
            </label>
            {loaded(lines, |lines| view! { <AuditTable lines /> })}
        </section>
    }
}

/// The lines as a table.
#[component]
fn AuditTable(
    /// Newest first.
    lines: Vec<AuditEntry>,
) -> impl IntoView {
    let i18n = use_i18n();
    let ad = move || i18n.ad();
    view! {
        <div class="table-scroll">
            <table class="staff-table">
                <caption class="visually-hidden">{move || ad().audit_title}</caption>
                <thead>
                    <tr>
                        <th scope="col">{move || ad().col_when}</th>
                        <th scope="col">{move || ad().col_actor}</th>
                        <th scope="col">{move || ad().col_action}</th>
                        <th scope="col">{move || ad().col_subject}</th>
                        <th scope="col">{move || ad().col_detail}</th>
                    </tr>
                </thead>
                <tbody>
                    {lines.into_iter().map(|l| view! {
                        <tr>
                            <td>{when(&l.at)}</td>
                            <td class="mono">{l.actor}</td>
                            <th scope="row" class="mono">{l.action}</th>
                            <td class="mono">{l.subject}</td>
                            <td>{l.detail.unwrap_or_default()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
