//! A labelled text input with its hint and its error, wired for screen readers.

use chrono::NaiveDate;
use leptos::prelude::*;

use crate::binding::Bound;

/// The ids of a field's hint and error and the `aria-describedby` that names those shown.
pub fn described_by(
    id: &str,
    has_hint: bool,
    error: Signal<Option<String>>,
) -> (
    String,
    String,
    impl Fn() -> String + Clone + Send + Sync + 'static,
) {
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let ids = (hint_id.clone(), error_id.clone());
    let describe = move || {
        let mut out = Vec::new();
        if has_hint {
            out.push(ids.0.clone());
        }
        if error.get().is_some() {
            out.push(ids.1.clone());
        }
        out.join(" ")
    };
    (hint_id, error_id, describe)
}

/// One form field: `<label>`, `<input>` bound to `value`, hint and error below it. The input is
/// marked `aria-invalid` and described by the error while there is one.
#[component]
pub fn TextField(
    /// The input's id (also the base of the hint and error ids).
    #[prop(into)]
    id: String,
    /// The visible label.
    #[prop(into)]
    label: Signal<String>,
    /// The text, two-way bound.
    #[prop(into)]
    value: Bound<String>,
    /// The error to show at this field, if any.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// A hint under the label.
    #[prop(optional, into)]
    hint: Option<Signal<String>>,
    /// `type` (default `text`; `date` for dates).
    #[prop(optional)]
    input_type: Option<&'static str>,
    /// `inputmode` (e.g. `numeric`, `tel`, `decimal`).
    #[prop(optional)]
    input_mode: Option<&'static str>,
    /// `autocomplete` (e.g. `tel`, `one-time-code`, `name`).
    #[prop(optional)]
    autocomplete: Option<&'static str>,
    /// `maxlength`.
    #[prop(optional)]
    max_length: Option<u32>,
    /// `min` and `max` of a date field (`YYYY-MM-DD`).
    #[prop(optional, into)]
    min: Option<Signal<String>>,
    #[prop(optional, into)] max: Option<Signal<String>>,
) -> impl IntoView {
    let (hint_id, error_id, describe) = described_by(&id, hint.is_some(), error);
    view! {
        <div class="field" class:field--invalid=move || error.get().is_some()>
            <label for=id.clone()>{label}</label>
            {hint.map(|hint| view! { <p class="field__hint" id=hint_id.clone()>{hint}</p> })}
            <input
                id=id.clone()
                name=id.clone()
                type=input_type.unwrap_or("text")
                inputmode=input_mode
                autocomplete=autocomplete
                maxlength=max_length
                min=move || min.map(|m| m.get())
                max=move || max.map(|m| m.get())
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                aria-describedby=describe
                bind:value=(value.get, value.set)
            />
            <p class="field__error" id=error_id role="alert">
                {move || error.get()}
            </p>
        </div>
    }
}

/// A date as a `type="date"` input's text: `YYYY-MM-DD`, empty for none.
pub fn date_text(date: Bound<Option<NaiveDate>>) -> Bound<String> {
    Bound {
        get: Signal::derive(move || date.get.get().map(|d| d.to_string()).unwrap_or_default()),
        set: SignalSetter::map(move |text: String| {
            date.set.set(NaiveDate::parse_from_str(&text, "%Y-%m-%d").ok())
        }),
    }
}
