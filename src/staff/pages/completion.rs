//! `/staff/completion/:division`: 辖区完成情况 — the official's division and each division below
//! it, with inline bars for the check-in rate; a row's name drills down a level, to the
//! communities at most. Counts under 5 arrive from the server as "<5".

use healthcode_core::division::DivisionCode;
use healthcode_core::staff::{CompletionReport, CompletionRow};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::i18n::use_i18n;
use crate::staff::access::{loaded, use_access};
use crate::staff::api;
use crate::staff::components::count_bar::CountBar;

/// The completion page.
#[component]
pub fn CompletionPage() -> impl IntoView {
    let i18n = use_i18n();
    let st = move || i18n.st();
    let params = use_params_map();
    let division = move || params.read().get("division").unwrap_or_default();
    let report = LocalResource::new(move || {
        let division = division();
        async move { api::completion(&division, None, i18n.locale_untracked()).await }
    });
    view! {
        <section class="card staff-page staff-page--wide" aria-labelledby="completion-title">
            <p><a href="/staff">{move || st().back_home}</a></p>
            <h1 id="completion-title">{move || st().completion_title}</h1>
            <p class="note">{move || st().completion_lead}</p>
            {loaded(report, |r| view! { <Report report=r /> })}
        </section>
    }
}

/// The parent of `code` when the official may still see it (inside one of their divisions).
fn parent_in_scope(code: &str, scopes: &[String]) -> Option<String> {
    let parent = DivisionCode::parse("division", code).ok()?.parent()?;
    scopes
        .iter()
        .any(|s| parent.as_str().starts_with(s.as_str()))
        .then(|| parent.to_string())
}

/// The heading, the way up, and the table.
#[component]
fn Report(
    /// What the server returned.
    report: CompletionReport,
) -> impl IntoView {
    let i18n = use_i18n();
    let st = move || i18n.st();
    let access = use_access();
    let code = report.division.code.clone();
    let up = move || {
        let scopes: Vec<String> = access
            .me
            .get()
            .and_then(Result::ok)
            .map(|me| me.scopes.into_iter().map(|s| s.code).collect())
            .unwrap_or_default();
        parent_in_scope(&code, &scopes).map(
            |p| view! { <p><a href=format!("/staff/completion/{p}")>{move || st().up_one_level}</a></p> },
        )
    };
    view! {
        <p class="staff-division">{report.division.path.join(" › ")} " · " {report.day.to_string()}</p>
        {up}
        <div class="table-scroll">
            <table class="staff-table completion">
                <caption>{report.division.name.clone()} " · " {move || st().completion_title}</caption>
                <thead>
                    <tr>
                        <th scope="col">{move || st().col_division}</th>
                        <th scope="col">{move || st().col_registered}</th>
                        <th scope="col">{move || st().col_checked_in_today}</th>
                        <th scope="col">{move || st().col_rate}</th>
                        <th scope="col">{move || st().col_green}</th>
                        <th scope="col">{move || st().col_yellow}</th>
                        <th scope="col">{move || st().col_red}</th>
                        <th scope="col">{move || st().col_pending}</th>
                        <th scope="col">{move || st().col_appeals}</th>
                    </tr>
                </thead>
                <tbody>
                    {report.rows.into_iter().map(|row| view! { <Line row total=false /> }).collect_view()}
                </tbody>
                <tfoot>
                    <Line row=report.total total=true />
                </tfoot>
            </table>
        </div>
    }
}

/// One division's row (or the total).
#[component]
fn Line(
    /// The figures.
    row: CompletionRow,
    /// Whether this is the total line (named 合计, no drill-down).
    total: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let st = move || i18n.st();
    let name = row.name.clone();
    let title = if total {
        view! { {move || st().total_row} }.into_any()
    } else if row.has_children {
        let hint = name.clone();
        view! {
            <a href=format!("/staff/completion/{}", row.code) title=move || (st().drill_hint)(&hint)>{name}</a>
        }
        .into_any()
    } else {
        view! { {name} }.into_any()
    };
    let rate = row
        .checked_in_percent
        .map_or_else(|| "—".to_owned(), |p| format!("{p}%"));
    view! {
        <tr>
            <th scope="row">{title}</th>
            <td>{row.registered.text()}</td>
            <td>{row.checked_in.text()}</td>
            <td><CountBar label=rate percent=row.checked_in_percent /></td>
            <td>{row.green.text()}</td>
            <td>{row.yellow.text()}</td>
            <td>{row.red.text()}</td>
            <td>{row.pending.text()}</td>
            <td>{row.appeals_open.text()}</td>
        </tr>
    }
}
