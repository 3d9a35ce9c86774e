//! A labelled text input with its hint and its error, wired for screen readers.

use leptos::prelude::*;

/// One form field: `<label>`, `<input>` bound to `value`, hint and error below it. The input is
/// marked `aria-invalid` and described by the error while there is one.
#[component]
pub fn TextField(
    /// The input's id (also the base of the hint and error ids).
    id: &'static str,
    /// The visible label.
    #[prop(into)]
    label: Signal<&'static str>,
    /// The text, two-way bound.
    value: RwSignal<String>,
    /// The error to show at this field, if any.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// A hint under the label.
    #[prop(optional, into)]
    hint: Option<Signal<&'static str>>,
    /// `inputmode` (e.g. `numeric`, `tel`).
    #[prop(optional)]
    input_mode: Option<&'static str>,
    /// `autocomplete` (e.g. `tel`, `one-time-code`).
    #[prop(optional)]
    autocomplete: Option<&'static str>,
    /// `maxlength`.
    #[prop(optional)]
    max_length: Option<u32>,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if error.get().is_some() {
                ids.push(error_id.clone());
            }
            ids.join(" ")
        }
    };
    view! {
        <div class="field" class:field--invalid=move || error.get().is_some()>
            <label for=id>{label}</label>
            {hint.map(|hint| view! { <p class="field__hint" id=hint_id.clone()>{hint}</p> })}
            <input
                id=id
                name=id
                type="text"
                inputmode=input_mode
                autocomplete=autocomplete
                maxlength=max_length
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                aria-describedby=described_by
                bind:value=value
            />
            <p class="field__error" id=error_id role="alert">
                {move || error.get()}
            </p>
        </div>
    }
}
