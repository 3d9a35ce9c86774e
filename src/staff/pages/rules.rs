//! `/staff/rules`: the risk-area list (add with a level and note, remove; every code is reviewed
//! again at once), the health authorities' list import from a CSV file, and divisions the
//! dataset lacks (seed FAQ 1).

use healthcode_core::admin::{
    read_authority_csv, AuthorityImport, AuthorityImported, RiskAreaRequest, RiskAreaView, RiskLevel,
};
use healthcode_core::wire;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::text_field::TextField;
use crate::i18n::use_i18n;
use crate::staff::access::loaded;
use crate::staff::api;
use crate::staff::components::division_form::DivisionForm;
use crate::staff::components::division_reports::DivisionReports;

/// The rules page.
#[component]
pub fn RulesPage() -> impl IntoView {
    let i18n = use_i18n();
    let ad = move || i18n.ad();
    let areas = LocalResource::new(move || api::risk_areas(i18n.locale_untracked()));
    let changed = Callback::new(move |()| areas.refetch());
    let reports = LocalResource::new(move || api::division_reports(i18n.locale_untracked()));
    let reports_changed = Callback::new(move |()| reports.refetch());
    let to_add = RwSignal::new(None);
    view! {
        <section class="card staff-page" aria-labelledby="rules-title">
            <p><a href="/staff">{move || i18n.st().back_home}</a></p>
            <h1 id="rules-title">{move || ad().rules_title}</h1>
            <h2>{move || ad().risk_areas}</h2>
            {loaded(areas, move |list| view! { <RiskAreaList list changed /> })}
            <RiskAreaForm changed />
            <AuthorityImportForm />
            <h2>{move || ad().reports_title}</h2>
            <p class="note">{move || ad().reports_lead}</p>
            {loaded(reports, move |list| view! { <DivisionReports list to_add changed=reports_changed /> })}
            <DivisionForm from_report=to_add added=reports_changed />
        </section>
    }
}

/// The listed areas, each with its remove button.
#[component]
fn RiskAreaList(
    /// The list.
    list: Vec<RiskAreaView>,
    /// Called after a removal.
    changed: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let ad = move || i18n.ad();
    let remove = Action::new_local(move |code: &String| {
        let code = code.clone();
        async move { api::remove_risk_area(&code, i18n.locale_untracked()).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = remove.value().get() {
            changed.run(());
        }
    });
    if list.is_empty() {
        return view! { <p class="note note--muted">{move || ad().risk_none}</p> }.into_any();
    }
    view! {
        <ul class="history__list">
            {list.into_iter().map(|a| {
                let (level, name, code) = (a.level, a.name.clone(), a.code.clone());
                view! {
                    <li>
                        <strong>{a.name.clone()}</strong> " " <span class="mono">{a.code.clone()}</span> " · "
                        {move || i18n.locale().pick(level.name_zh(), level.name_en())}
                        {a.note.clone().map(|n| view! { " · " {n} })}
                        " "
                        <button type="button" class="button button--ghost"
                            on:click=move |_| { remove.dispatch(code.clone()); }>
                            {move || (ad().risk_remove)(&name)}
                        </button>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// 设为风险地区: a division code, a level and a note.
#[component]
fn RiskAreaForm(
    /// Called after the list changed.
    changed: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let ad = move || i18n.ad();
    let code = RwSignal::new(String::new());
    let level = RwSignal::new(wire::name(&RiskLevel::High));
    let note = RwSignal::new(String::new());
    let (code_error, note_error) = (RwSignal::new(None::<String>), RwSignal::new(None::<String>));
    let saved = RwSignal::new(false);
    let save = Action::new_local(move |(code, request): &(String, RiskAreaRequest)| {
        let (code, request) = (code.clone(), request.clone());
        async move { api::set_risk_area(&code, &request, i18n.locale_untracked()).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => {
            saved.set(true);
            code.set(String::new());
            note.set(String::new());
            changed.run(());
        }
        Some(Err(err)) => {
            let message = Some(err.message(i18n.t()));
            match err.field() {
                Some("note") => note_error.set(message),
                _ => code_error.set(message),
            }
        }
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        code_error.set(None);
        note_error.set(None);
        let request = RiskAreaRequest {
            level: wire::parse(&level.get_untracked()).unwrap_or(RiskLevel::High),
            note: Some(note.get_untracked()),
        };
        save.dispatch((code.get_untracked(), request));
    };
    view! {
        <form class="contact-form" on:submit=submit novalidate>
            <TextField
                id="risk-code"
                label=Signal::derive(move || ad().risk_code.to_owned())
                hint=Signal::derive(move || ad().risk_code_hint.to_owned())
                value=code
                error=Signal::derive(move || code_error.get())
                input_mode="numeric"
                max_length=12
            />
            <fieldset class="choice">
                <legend>{move || ad().risk_level}</legend>
                {[RiskLevel::High, RiskLevel::Medium].into_iter().map(|l| view! {
                    <label class="check">
                        <input type="radio" name="risk_level" value=wire::name(&l) bind:group=level />
                        <span>{move || i18n.locale().pick(l.name_zh(), l.name_en())}</span>
                    </label>
                }).collect_view()}
            </fieldset>
            <TextField
                id="risk-note"
                label=Signal::derive(move || ad().risk_note.to_owned())
                value=note
                error=Signal::derive(move || note_error.get())
                max_length=200
            />
            <button type="submit" class="button button--primary" disabled=move || save.pending().get()>
                {move || ad().risk_add}
            </button>
            <p class="note" role="status">{move || saved.get().then(|| ad().re_review)}</p>
        </form>
    }
}

/// The file chosen in the input with this id, read as text.
async fn chosen_file_text(input_id: &str) -> Option<String> {
    let input = web_sys::window()?
        .document()?
        .get_element_by_id(input_id)?
        .dyn_into::<web_sys::HtmlInputElement>()
        .ok()?;
    let file = input.files()?.get(0)?;
    wasm_bindgen_futures::JsFuture::from(file.text())
        .await
        .ok()?
        .as_string()
}

/// What an import answered, with every refused line by its number in the file.
#[derive(Clone, Debug, PartialEq)]
struct ImportOutcome {
    result: Option<AuthorityImported>,
    /// (line, why).
    refused: Vec<(usize, String)>,
    error: Option<String>,
}

/// 卫生健康部门名单导入: a CSV file read on the device, sent as JSON.
#[component]
fn AuthorityImportForm() -> impl IntoView {
    let i18n = use_i18n();
    let ad = move || i18n.ad();
    let import = Action::new_local(move |_: &()| async move {
        let locale = i18n.locale_untracked();
        let text = chosen_file_text("authority-file").await.unwrap_or_default();
        let lines = read_authority_csv(&text);
        let mut refused: Vec<(usize, String)> = lines
            .iter()
            .filter(|(_, e)| e.is_none())
            .map(|(n, _)| (*n, locale.desk().authority_bad_line.to_owned()))
            .collect();
        let (numbers, entries): (Vec<usize>, Vec<_>) =
            lines.into_iter().filter_map(|(n, e)| e.map(|e| (n, e))).unzip();
        if entries.is_empty() {
            return ImportOutcome {
                result: None,
                refused,
                error: Some(locale.desk().authority_empty.to_owned()),
            };
        }
        match api::import_authority(&AuthorityImport { entries }, locale).await {
            Ok(result) => {
                refused.extend(
                    result
                        .refused
                        .iter()
                        .map(|r| (numbers[r.index], r.message.clone())),
                );
                refused.sort();
                ImportOutcome {
                    result: Some(result),
                    refused,
                    error: None,
                }
            }
            Err(err) => ImportOutcome {
                result: None,
                refused,
                error: Some(err.message(locale.strings())),
            },
        }
    });
    let outcome = move || import.value().get();
    view! {
        <form class="contact-form" on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); import.dispatch(()); }>
            <h2>{move || ad().authority_title}</h2>
            <p class="note">{move || ad().authority_lead}</p>
            <label class="field">
                <span class="field__label">{move || ad().authority_file}</span>
                <input type="file" id="authority-file" accept=".csv,text/csv" />
            </label>
            <button type="submit" class="button button--primary" disabled=move || import.pending().get()>
                {move || if import.pending().get() { ad().saving } else { ad().authority_import }}
            </button>
            <div role="status">
                {move || outcome().map(|o| {
                    let refused_count = o.refused.len();
                    view! {
                        {o.result.map(|r| view! { <p class="note">{(ad().authority_result)(r.imported, r.matched, refused_count)}</p> })}
                        {o.error.map(|e| view! { <p class="field__error">{e}</p> })}
                        <ul class="history__list">
                            {o.refused.into_iter().map(|(line, why)| view! { <li>{(ad().authority_refused)(line, &why)}</li> }).collect_view()}
                        </ul>
                    }
                })}
            </div>
        </form>
    }
}
