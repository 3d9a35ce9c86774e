//! `/staff/stats/:division`: 住户打卡统计 — for a chosen day, the grid's residents checked in or
//! not by colour, the 7-day trend as bars, and the day's list as CSV.

use healthcode_core::staff::CheckinStats;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::i18n::use_i18n;
use crate::staff::access::loaded;
use crate::staff::api;
use crate::staff::components::colour_word::ColourWord;
use crate::staff::components::count_bar::{percent_of, CountBar};

/// The statistics page.
#[component]
pub fn StatsPage() -> impl IntoView {
    let i18n = use_i18n();
    let st = move || i18n.st();
    let params = use_params_map();
    let division = move || params.read().get("division").unwrap_or_default();
    // Empty: today (the server's China date).
    let day = RwSignal::new(String::new());
    let stats = LocalResource::new(move || {
        let (division, day) = (division(), day.get());
        async move {
            api::checkin_stats(
                &division,
                Some(day).filter(|d| !d.is_empty()),
                i18n.locale_untracked(),
            )
            .await
        }
    });
    view! {
        <section class="card staff-page" aria-labelledby="stats-title">
            <p><a href="/staff">{move || st().back_home}</a></p>
            <h1 id="stats-title">{move || st().stats_title}</h1>
            {loaded(stats, move |s| view! { <Figures stats=s day /> })}
        </section>
    }
}

/// The day picker, the colour table, the trend and the export link.
#[component]
fn Figures(
    /// What the server returned.
    stats: CheckinStats,
    /// The chosen day (empty for today).
    day: RwSignal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let st = move || i18n.st();
    let shown_day = stats.day.to_string();
    let export = api::export_url(&stats.division.code, &shown_day);
    let residents_href = format!("/staff/residents/{}", stats.division.code);
    let (done, all) = (stats.checked_in, stats.residents);
    let most = stats
        .trend
        .iter()
        .map(|d| d.checked_in)
        .max()
        .unwrap_or(0)
        .max(all);
    view! {
        <p class="staff-division">{stats.division.path.join(" › ")}</p>
        <label class="field staff-day">
            <span class="field__label">{move || st().day_label}</span>
            <input type="date" prop:value=shown_day.clone() max=shown_day.clone()
                on:change=move |ev| day.set(event_target_value(&ev)) />
        </label>
        <p class="staff-summary" role="status">
            <CountBar label=(st().checked_in_of)(done, all) percent=percent_of(done, all) />
        </p>
        <div class="table-scroll">
            <table class="staff-table">
                <caption>{move || st().stats_title} " · " {stats.day.to_string()}</caption>
                <thead>
                    <tr>
                        <th scope="col">{move || st().col_colour}</th>
                        <th scope="col">{move || st().col_residents}</th>
                        <th scope="col">{move || st().col_checked_in}</th>
                        <th scope="col">{move || st().col_not_checked_in}</th>
                    </tr>
                </thead>
                <tbody>
                    {stats.by_colour.iter().map(|t| view! {
                        <tr>
                            <th scope="row"><ColourWord colour=t.colour /></th>
                            <td>{t.residents}</td>
                            <td>{t.checked_in}</td>
                            <td>{t.residents - t.checked_in}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <div class="table-scroll">
            <table class="staff-table trend">
                <caption>{move || st().trend_title}</caption>
                <thead>
                    <tr>
                        <th scope="col">{move || st().trend_day}</th>
                        <th scope="col">{move || st().col_checked_in}</th>
                    </tr>
                </thead>
                <tbody>
                    {stats.trend.iter().map(|d| view! {
                        <tr>
                            <th scope="row">{d.day.format("%m-%d").to_string()}</th>
                            <td><CountBar label=d.checked_in.to_string() percent=percent_of(d.checked_in, most) /></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <p class="staff-actions">
            <a class="button button--secondary" href=export download="">{move || st().export_csv}</a>
            <a class="button button--ghost" href=residents_href>{move || st().residents_link}</a>
        </p>
    }
}
