//! 居民报告缺少的区划 (找不到我的社区, seed FAQ 1): one row per name under one place, with how
//! many residents reported it; 添加 starts the new-division form from it, 忽略 closes it.

use healthcode_core::division_report::DivisionReportView;
use leptos::prelude::*;

use crate::i18n::use_i18n;
use crate::staff::api;
use crate::staff::pages::residents::when;

/// The open reports.
#[component]
pub fn DivisionReports(
    /// The groups, most reported first.
    list: Vec<DivisionReportView>,
    /// Set when the admin chooses to add one.
    to_add: RwSignal<Option<DivisionReportView>>,
    /// Called after a dismissal.
    changed: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let ad = move || i18n.ad();
    let dismiss = Action::new_local(move |id: &String| {
        let id = id.clone();
        async move { api::dismiss_division_report(&id, i18n.locale_untracked()).await }
    });
    let failed = RwSignal::new(None::<String>);
    Effect::new(move |_| match dismiss.value().get() {
        Some(Ok(())) => {
            failed.set(None);
            changed.run(());
        }
        Some(Err(err)) => failed.set(Some(err.message(i18n.t()))),
        None => {}
    });
    if list.is_empty() {
        return view! { <p class="note note--muted">{move || ad().reports_none}</p> }.into_any();
    }
    view! {
        <ul class="history__list division-reports">
            {list.into_iter().map(|report| {
                let (id, name) = (report.id.clone(), report.name.clone());
                let (add_name, chosen) = (name.clone(), report.clone());
                let reporters = report.reporters;
                view! {
                    <li>
                        <span class="history__when">{when(&report.first_reported_at)}</span>
                        <span class="division-reports__what">
                            {report.parent_names.join(" › ")} " › " <strong>{report.name.clone()}</strong>
                            " · " {move || (ad().reports_count)(reporters)}
                        </span>
                        <button type="button" class="button button--secondary"
                            aria-label=move || (ad().reports_add)(&add_name)
                            on:click=move |_| to_add.set(Some(chosen.clone()))>
                            {move || ad().reports_add_short}
                        </button>
                        <button type="button" class="button button--ghost"
                            aria-label=move || (ad().reports_dismiss)(&name)
                            disabled=move || dismiss.pending().get()
                            on:click=move |_| { dismiss.dispatch(id.clone()); }>
                            {move || ad().reports_dismiss_short}
                        </button>
                    </li>
                }
            }).collect_view()}
        </ul>
        <p class="field__error" role="alert">{move || failed.get()}</p>
    }
    .into_any()
}
