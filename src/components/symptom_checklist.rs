//! The symptom checklist, one checkbox per symptom, shared by the declaration and the check-in.

use healthcode_core::health::Symptom;
use leptos::prelude::*;

use crate::binding::Bound;
use crate::i18n::use_i18n;

/// A `<fieldset>` of symptom checkboxes; `value` holds the ticked ones.
#[component]
pub fn SymptomChecklist(
    /// The fieldset's id (also the prefix of each checkbox's id).
    #[prop(into)]
    id: String,
    /// The question, as the `<legend>`.
    #[prop(into)]
    legend: Signal<String>,
    /// The ticked symptoms, two-way bound.
    value: Bound<Vec<Symptom>>,
    /// The error to show at this group, if any.
    #[prop(optional, into)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let boxes = Symptom::ALL
        .into_iter()
        .map(|symptom| {
            let box_id = format!("{id}-{}", crate::pages::declare::wire_name(&symptom));
            let ticked = move || value.get.with(|v| v.contains(&symptom));
            let toggle = move |ev: leptos::ev::Event| {
                let on = event_target_checked(&ev);
                let mut list = value.get.get_untracked();
                list.retain(|s| *s != symptom);
                if on {
                    list.push(symptom);
                }
                value.set.set(list);
            };
            view! {
                <label class="check" for=box_id.clone()>
                    <input type="checkbox" id=box_id.clone() prop:checked=ticked on:change=toggle />
                    <span>{move || i18n.locale().pick(symptom.name_zh(), symptom.name_en()).to_owned()}</span>
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="field choices" id=id>
            <legend>{legend}</legend>
            <div class="choices__column">{boxes}</div>
            <p class="field__error" role="alert">{move || error.get()}</p>
        </fieldset>
    }
}
