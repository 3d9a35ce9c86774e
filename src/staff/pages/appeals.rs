//! `/staff/appeals`: the appeal desk's queue — open appeals oldest first, with how long each has
//! waited, the colour and its rules, and whether a proposal waits for a second admin.

use healthcode_core::appeal::{AdminAppealView, AppealStatus};
use healthcode_core::wire;
use leptos::prelude::*;

use crate::i18n::use_i18n;
use crate::staff::access::loaded;
use crate::staff::api;
use crate::staff::components::colour_word::ColourWord;

/// Whole hours since an RFC 3339 time.
pub fn hours_since(rfc3339: &str) -> i64 {
    let then = chrono::DateTime::parse_from_rfc3339(rfc3339)
        .map(|t| t.timestamp_millis())
        .unwrap_or(0);
    ((js_sys::Date::now() as i64 - then) / 3_600_000).max(0)
}

/// The queue page.
#[component]
pub fn AppealsPage() -> impl IntoView {
    let i18n = use_i18n();
    let ad = move || i18n.ad();
    let status = RwSignal::new(String::new());
    let queue = LocalResource::new(move || api::appeals(i18n.locale_untracked()));
    view! {
        <section class="card staff-page staff-page--wide" aria-labelledby="appeals-title">
            <p><a href="/staff">{move || i18n.st().back_home}</a></p>
            <h1 id="appeals-title">{move || ad().appeals_title}</h1>
            <label class="field staff-filters">
                <span class="field__label">{move || ad().status_filter}</span>
                <select bind:value=status>
                    <option value="">{move || ad().status_all}</option>
                    {[AppealStatus::Submitted, AppealStatus::InProgress].into_iter().map(|s| view! {
                        <option value=wire::name(&s)>{move || i18n.locale().pick(s.name_zh(), s.name_en())}</option>
                    }).collect_view()}
                </select>
            </label>
            {loaded(queue, move |all| view! { <Queue all status /> })}
        </section>
    }
}

/// The table, narrowed to the chosen status.
#[component]
fn Queue(
    /// Every open appeal.
    all: Vec<AdminAppealView>,
    /// The chosen status (empty: all).
    status: RwSignal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let ad = move || i18n.ad();
    let shown = move || {
        let wanted = wire::parse::<AppealStatus>(&status.get());
        all.iter()
            .filter(|a| wanted.is_none_or(|w| a.appeal.status == w))
            .cloned()
            .collect::<Vec<_>>()
    };
    view! {
        {move || {
            let rows = shown();
            if rows.is_empty() {
                return view! { <p class="note note--muted">{move || ad().no_appeals}</p> }.into_any();
            }
            let count = rows.len();
            view! {
                <p class="note" role="status">{move || (ad().appeals_count)(count)}</p>
                <div class="table-scroll">
                    <table class="staff-table staff-table--cards">
                        <caption class="visually-hidden">{move || ad().appeals_title}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{move || ad().col_person}</th>
                                <th scope="col">{move || ad().col_reason}</th>
                                <th scope="col">{move || i18n.st().col_colour}</th>
                                <th scope="col">{move || ad().col_rules}</th>
                                <th scope="col">{move || ad().col_status}</th>
                                <th scope="col">{move || ad().col_age}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {rows.into_iter().map(|a| view! { <QueueLine a /> }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }
            .into_any()
        }}
    }
}

/// One appeal in the queue.
#[component]
fn QueueLine(
    /// The appeal.
    a: AdminAppealView,
) -> impl IntoView {
    let i18n = use_i18n();
    let ad = move || i18n.ad();
    let (reason, status) = (a.appeal.reason, a.appeal.status);
    let waiting = a.pending_override.is_some();
    let hours = hours_since(&a.appeal.created_at);
    let rules = a.rules.join(", ");
    view! {
        <tr>
            <th scope="row">
                <a href=format!("/staff/appeals/{}", a.appeal.id)>{a.name_masked.clone().unwrap_or_default()}</a>
            </th>
            <td data-label=move || ad().col_reason>{move || i18n.locale().pick(reason.name_zh(), reason.name_en())}</td>
            <td data-label=move || i18n.st().col_colour><ColourWord colour=a.colour /></td>
            <td data-label=move || ad().col_rules class="mono">{rules}</td>
            <td data-label=move || ad().col_status>
                {move || i18n.locale().pick(status.name_zh(), status.name_en())}
                {waiting.then(|| view! { " · " <span class="chip chip--warn">{move || ad().waiting_second}</span> })}
            </td>
            <td data-label=move || ad().col_age>{move || (ad().age)(hours)}</td>
        </tr>
    }
}
