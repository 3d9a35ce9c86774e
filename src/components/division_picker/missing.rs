//! "找不到我的社区？" (seed FAQ 1): when the picker's list under a county or street lacks the
//! resident's place, they name it here; admins see the report and add the division. Meanwhile
//! the resident can take the level above and go on.

use healthcode_core::api::Division;
use healthcode_core::division_report::{DivisionReport, DivisionReported};
use leptos::ev::KeyboardEvent;
use leptos::prelude::*;

use crate::api;
use crate::i18n::use_i18n;

/// The disclosure under the list of a county's streets or a street's communities.
#[component]
pub fn MissingDivision(
    /// Base of the element ids.
    #[prop(into)]
    id: String,
    /// The division whose list lacks the place (a county or a street/town).
    parent: Division,
    /// Whether `parent` itself may be taken as the answer meanwhile.
    can_take_parent: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let d = move || i18n.d();
    let [input_id, hint_id, error_id] =
        ["missing-name", "missing-hint", "missing-error"].map(|s| format!("{id}-{s}"));
    let name = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let reported = RwSignal::new(None::<String>);
    let (parent_code, parent_name, level) = (parent.code.clone(), parent.name.clone(), parent.level);

    let send = Action::new_local(move |report: &DivisionReport| {
        let report = report.clone();
        async move { api::report_missing_division(&report, i18n.locale_untracked()).await }
    });
    Effect::new({
        let parent_name = parent_name.clone();
        move |_| match send.value().get() {
            Some(Ok(DivisionReported { already, .. })) => {
                let what = name.get_untracked().trim().to_owned();
                let mut text = if already {
                    (d().missing_already)(&what)
                } else {
                    (d().missing_done)(&what)
                };
                if can_take_parent {
                    text.push_str(&(d().missing_meanwhile)(&parent_name));
                }
                reported.set(Some(text));
                name.set(String::new());
            }
            Some(Err(err)) => error.set(Some(err.message(i18n.t()))),
            None => {}
        }
    });
    let submit = move || {
        error.set(None);
        reported.set(None);
        let report = DivisionReport {
            parent: parent_code.clone(),
            name: name.get_untracked(),
        };
        match report.validate() {
            Ok(()) => {
                send.dispatch(report);
            }
            Err(e) => error.set(Some(i18n.locale_untracked().message(&e))),
        }
    };
    // The picker sits inside the declaration's form: Enter here reports, it does not submit that.
    let on_key = {
        let submit = submit.clone();
        move |ev: KeyboardEvent| {
            if ev.key() == "Enter" {
                ev.prevent_default();
                submit();
            }
        }
    };
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || match error.get() {
            Some(_) => format!("{hint_id} {error_id}"),
            None => hint_id.clone(),
        }
    };

    view! {
        <details class="picker__missing">
            <summary>{move || (d().missing_summary)(level)}</summary>
            <div class="field" class:field--invalid=move || error.get().is_some()>
                <label class="field__label" for=input_id.clone()>{move || (d().missing_name)(level, &parent_name)}</label>
                <p class="field__hint" id=hint_id.clone()>{move || d().missing_hint}</p>
                <input
                    id=input_id.clone()
                    type="text"
                    maxlength="40"
                    autocomplete="off"
                    enterkeyhint="send"
                    aria-describedby=described_by
                    aria-invalid=move || error.get().is_some().to_string()
                    bind:value=name
                    on:keydown=on_key
                />
                <p class="field__error" id=error_id.clone() role="alert">{move || error.get()}</p>
            </div>
            <button
                type="button"
                class="button button--secondary"
                disabled=move || send.pending().get()
                on:click=move |_| submit()
            >
                {move || if send.pending().get() { d().missing_sending } else { d().missing_send }}
            </button>
            <p class="note" role="status">{move || reported.get()}</p>
        </details>
    }
}
