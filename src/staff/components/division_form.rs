//! 新增区划: a code under an existing division and its name; started from a residents' report
//! (找不到我的社区) it is filled in and adding closes that report.

use healthcode_core::admin::NewDivision;
use healthcode_core::division_report::DivisionReportView;
use leptos::prelude::*;

use crate::components::text_field::TextField;
use crate::dom::focus_by_id;
use crate::i18n::use_i18n;
use crate::staff::api;

/// The form to add one division.
#[component]
pub fn DivisionForm(
    /// A report the admin chose to add: fills the form; cleared once it is added.
    from_report: RwSignal<Option<DivisionReportView>>,
    /// Called after a division was added.
    added: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let ad = move || i18n.ad();
    let code = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let (code_error, name_error) = (RwSignal::new(None::<String>), RwSignal::new(None::<String>));
    let done = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if let Some(report) = from_report.get() {
            code.set(
                report
                    .suggested_code
                    .clone()
                    .unwrap_or_else(|| report.parent.clone()),
            );
            name.set(report.name.clone());
            code_error.set(None);
            name_error.set(None);
            done.set(None);
            focus_by_id("division-code");
        }
    });
    let add = Action::new_local(move |request: &NewDivision| {
        let request = request.clone();
        async move { api::add_division(&request, i18n.locale_untracked()).await }
    });
    Effect::new(move |_| match add.value().get() {
        Some(Ok(d)) => {
            done.set(Some((i18n.ad().division_added)(&d.code, &d.name)));
            code.set(String::new());
            name.set(String::new());
            from_report.set(None);
            added.run(());
        }
        Some(Err(err)) => {
            let message = Some(err.message(i18n.t()));
            match err.field() {
                Some("name") => name_error.set(message),
                _ => code_error.set(message),
            }
        }
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        done.set(None);
        code_error.set(None);
        name_error.set(None);
        let request = NewDivision {
            code: code.get_untracked(),
            name: name.get_untracked(),
            report: from_report.with_untracked(|r| r.as_ref().map(|r| r.id.clone())),
        };
        match request.validate() {
            Ok(()) => {
                add.dispatch(request);
            }
            Err(e) => name_error.set(Some(i18n.locale_untracked().message(&e))),
        }
    };
    view! {
        <form class="contact-form" on:submit=submit novalidate>
            <h2>{move || ad().division_title}</h2>
            {move || from_report.get().map(|r| view! {
                <p class="note">
                    {(ad().division_from_report)(&r.parent_names.join(" › "), &r.name, r.reporters)}
                    " "
                    <button type="button" class="button button--ghost" on:click=move |_| from_report.set(None)>
                        {ad().division_not_from_report}
                    </button>
                </p>
            })}
            <TextField
                id="division-code"
                label=Signal::derive(move || ad().division_code.to_owned())
                hint=Signal::derive(move || ad().division_code_hint.to_owned())
                value=code
                error=Signal::derive(move || code_error.get())
                input_mode="numeric"
                max_length=12
            />
            <TextField
                id="division-name"
                label=Signal::derive(move || ad().division_name.to_owned())
                value=name
                error=Signal::derive(move || name_error.get())
                max_length=40
            />
            <button type="submit" class="button button--secondary" disabled=move || add.pending().get()>
                {move || ad().division_add}
            </button>
            <p class="note" role="status">{move || done.get()}</p>
        </form>
    }
}
