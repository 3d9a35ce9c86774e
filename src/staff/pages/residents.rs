//! `/staff/residents/:division`: 住户管理 — a community's residents with today's state, most
//! urgent first, with a filter, search by masked name and paging.

use healthcode_core::family::{DependantRequest, Relation};
use healthcode_core::staff::{ResidentFilter, ResidentList, ResidentRow};
use healthcode_core::wire;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::clock::date_time_text;
use crate::i18n::{use_i18n, Locale};
use crate::staff::access::loaded;
use crate::staff::api;
use crate::staff::components::colour_word::ColourWord;

/// Rows fetched per "show more".
const PAGE: usize = 200;

/// The filter's label in the UI language.
fn filter_label(filter: ResidentFilter, t: &crate::i18n::StaffStrings) -> &'static str {
    match filter {
        ResidentFilter::All => t.filter_all,
        ResidentFilter::NotCheckedIn => t.filter_not_checked_in,
        ResidentFilter::YellowOrRed => t.filter_yellow_or_red,
        ResidentFilter::Isolating => t.filter_isolating,
    }
}

/// An RFC 3339 time as `MM-DD HH:MM` in China time.
pub fn when(rfc3339: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(rfc3339)
        .map(|t| date_time_text(t.to_utc()))
        .unwrap_or_default()
}

/// The resident list page.
#[component]
pub fn ResidentsPage() -> impl IntoView {
    let i18n = use_i18n();
    let st = move || i18n.st();
    let params = use_params_map();
    let division = move || params.read().get("division").unwrap_or_default();
    let filter = RwSignal::new(wire::name(&ResidentFilter::All));
    let search = RwSignal::new(String::new());
    let limit = RwSignal::new(PAGE);
    let list = LocalResource::new(move || {
        let (division, search, limit) = (division(), search.get(), limit.get());
        let filter = wire::parse(&filter.get()).unwrap_or_default();
        async move { api::residents(&division, filter, &search, limit, i18n.locale_untracked()).await }
    });
    view! {
        <section class="card staff-page" aria-labelledby="residents-title">
            <p><a href="/staff">{move || st().back_home}</a></p>
            <h1 id="residents-title">{move || st().residents_title}</h1>
            <div class="staff-filters">
                <label class="field">
                    <span class="field__label">{move || st().filter_label}</span>
                    <select bind:value=filter on:change=move |_| limit.set(PAGE)>
                        {ResidentFilter::ALL.into_iter().map(|f| view! {
                            <option value=wire::name(&f)>{move || filter_label(f, st())}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label class="field">
                    <span class="field__label">{move || st().search_label}</span>
                    <input type="search" bind:value=search placeholder=move || st().search_hint maxlength="20" />
                </label>
            </div>
            {loaded(list, move |list| view! { <ResidentTable list limit /> })}
        </section>
    }
}

/// The table of one page of residents.
#[component]
fn ResidentTable(
    /// What the server returned.
    list: ResidentList,
    /// Rows asked for; "show more" raises it.
    limit: RwSignal<usize>,
) -> impl IntoView {
    let i18n = use_i18n();
    let st = move || i18n.st();
    let shown = list.residents.len() as u64;
    let (total, grid_total) = (list.total, list.grid_total);
    let heading = list.division.path.join(" › ");
    let stats_href = format!("/staff/stats/{}", list.division.code);
    view! {
        <p class="staff-division">{heading}</p>
        <p class="note" role="status">{move || (st().residents_count)(total, grid_total)}</p>
        <p><a href=stats_href>{move || st().stats_link}</a></p>
        <AssistedRegistration />
        {if list.residents.is_empty() {
            view! { <p class="note note--muted">{move || st().nobody}</p> }.into_any()
        } else {
            view! {
                <div class="table-scroll">
                    <table class="staff-table staff-table--cards">
                        <caption class="visually-hidden">{move || st().residents_title}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{move || st().col_name}</th>
                                <th scope="col">{move || st().col_document}</th>
                                <th scope="col">{move || st().col_relation}</th>
                                <th scope="col">{move || st().col_colour}</th>
                                <th scope="col">{move || st().col_valid_until}</th>
                                <th scope="col">{move || st().col_last_checkin}</th>
                                <th scope="col">{move || st().col_flags}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {list.residents.into_iter().map(|row| view! { <ResidentLine row /> }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }
            .into_any()
        }}
        {(shown < total).then(|| view! {
            <button type="button" class="button button--secondary" on:click=move |_| limit.update(|l| *l += PAGE)>
                {move || st().show_more}
            </button>
        })}
    }
}

/// The relation column: 本人, or e.g. 李*的母亲 for a dependant.
pub fn relation_text(row: &ResidentRow, locale: Locale) -> String {
    let relation = locale.pick(row.relation.name_zh(), row.relation.name_en());
    match &row.applicant_masked {
        Some(applicant) if row.relation != healthcode_core::family::Relation::Own => {
            (locale.staff().dependant_of)(relation, applicant)
        }
        _ => relation.to_owned(),
    }
}

/// One resident's row.
#[component]
fn ResidentLine(
    /// The resident.
    row: ResidentRow,
) -> impl IntoView {
    let i18n = use_i18n();
    let st = move || i18n.st();
    let href = format!("/staff/resident/{}", row.person_id);
    let relation = {
        let row = row.clone();
        move || relation_text(&row, i18n.locale())
    };
    let valid = row.valid_until.as_deref().map(when).unwrap_or_default();
    let last = row.last_checkin.map(|d| d.to_string());
    let (today, isolation, contact) = (row.checked_in_today, row.isolation_day, row.last_contact);
    view! {
        <tr>
            <th scope="row"><a href=href>{row.name_masked.clone()}</a></th>
            <td class="mono" data-label=move || st().col_document>{row.document_masked.clone().unwrap_or_default()}</td>
            <td data-label=move || st().col_relation>{relation}</td>
            <td data-label=move || st().col_colour><ColourWord colour=row.colour /></td>
            <td data-label=move || st().col_valid_until>{valid}</td>
            <td data-label=move || st().col_last_checkin>{move || last.clone().unwrap_or_else(|| st().never.to_owned())}</td>
            <td class="chips" data-label=move || st().col_flags>
                {(!today).then(|| view! { <span class="chip chip--warn">{move || st().not_checked_in_today}</span> })}
                {isolation.map(|n| view! { <span class="chip">{move || (st().isolation_day)(n)}</span> })}
                {contact.map(|k| view! { <span class="chip chip--done">{move || i18n.locale().pick(k.name_zh(), k.name_en())}</span> })}
            </td>
        </tr>
    }
}

/// 社区代登记: registers a resident without a phone under this worker's account (relation 其他,
/// note 社区代登记), then opens the resident app's declaration form for them; their paper code is
/// printed from there.
#[component]
fn AssistedRegistration() -> impl IntoView {
    let i18n = use_i18n();
    let st = move || i18n.st();
    let error = RwSignal::new(None::<String>);
    let add = Action::new_local(move |_: &()| {
        let request = DependantRequest {
            relation: Relation::Other,
            relation_note: Some(i18n.locale_untracked().staff().assisted_note.to_owned()),
            guardian_consent: false,
        };
        async move { crate::api::add_dependant(&request, i18n.locale_untracked()).await }
    });
    Effect::new(move |_| match add.value().get() {
        // A page of the resident app: a full load, not this console's router.
        Some(Ok(person)) => {
            if let Some(window) = web_sys::window() {
                let _ = window
                    .location()
                    .set_href(&format!("/declare/{}/identity", person.id));
            }
        }
        Some(Err(err)) => error.set(Some(err.message(i18n.t()))),
        None => {}
    });
    view! {
        <div class="assisted">
            <p class="note note--muted" id="assisted-lead">{move || st().assisted_lead}</p>
            <button type="button" class="button button--secondary" aria-describedby="assisted-lead"
                disabled=move || add.pending().get() on:click=move |_| { add.dispatch(()); }>
                {move || st().assisted_link}
            </button>
            <p class="field__error" role="alert">{move || error.get()}</p>
        </div>
    }
}
