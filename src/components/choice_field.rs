//! Fields where the answer is picked, not typed: radio groups, a single checkbox, a select.

use leptos::prelude::*;

use crate::binding::Bound;
use crate::components::text_field::described_by;

/// A `<fieldset>` of radio buttons; `value` is the option checked.
#[component]
pub fn RadioGroup<T>(
    /// The group's name and the base of its ids.
    #[prop(into)]
    id: String,
    /// The question, as the `<legend>`.
    #[prop(into)]
    legend: Signal<String>,
    /// Each option's value and label.
    options: Vec<(T, Signal<String>)>,
    /// The chosen option, two-way bound.
    value: Bound<T>,
    /// The error to show at this group, if any.
    #[prop(optional, into)]
    error: Signal<Option<String>>,
    /// A hint under the legend.
    #[prop(optional, into)]
    hint: Option<Signal<String>>,
) -> impl IntoView
where
    T: Clone + PartialEq + Send + Sync + 'static,
{
    let (hint_id, error_id, describe) = described_by(&id, hint.is_some(), error);
    let name = id.clone();
    view! {
        <fieldset class="field choices" class:field--invalid=move || error.get().is_some()
            id=id.clone() aria-describedby=describe>
            <legend>{legend}</legend>
            {hint.map(|hint| view! { <p class="field__hint" id=hint_id.clone()>{hint}</p> })}
            <div class="choices__row">
                {options
                    .into_iter()
                    .enumerate()
                    .map(|(i, (option, text))| {
                        let checked = option.clone();
                        view! {
                            <label class="choice" for=format!("{name}-{i}")>
                                <input
                                    type="radio"
                                    id=format!("{name}-{i}")
                                    name=name.clone()
                                    prop:checked=move || value.get.get() == checked
                                    on:change=move |_| value.set.set(option.clone())
                                />
                                <span>{text}</span>
                            </label>
                        }
                    })
                    .collect_view()}
            </div>
            <p class="field__error" id=error_id role="alert">{move || error.get()}</p>
        </fieldset>
    }
}

/// Yes / no as a single checkbox with its label.
#[component]
pub fn CheckField(
    /// The checkbox's id.
    #[prop(into)]
    id: String,
    /// What ticking it means.
    #[prop(into)]
    label: Signal<String>,
    /// Ticked or not, two-way bound.
    value: Bound<bool>,
    /// The error to show at this box, if any.
    #[prop(optional, into)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    let (_, error_id, describe) = described_by(&id, false, error);
    view! {
        <div class="field" class:field--invalid=move || error.get().is_some()>
            <label class="check" for=id.clone()>
                <input
                    type="checkbox"
                    id=id.clone()
                    aria-invalid=move || error.get().is_some().to_string()
                    aria-describedby=describe
                    bind:checked=(value.get, value.set)
                />
                <span>{label}</span>
            </label>
            <p class="field__error" id=error_id role="alert">{move || error.get()}</p>
        </div>
    }
}

/// A `<select>` over fixed options (`value`, visible text); an empty value shows `placeholder`.
#[component]
pub fn SelectField(
    /// The select's id.
    #[prop(into)]
    id: String,
    /// The visible label.
    #[prop(into)]
    label: Signal<String>,
    /// The options: wire value and visible text.
    #[prop(into)]
    options: Signal<Vec<(String, String)>>,
    /// The chosen wire value, two-way bound.
    value: Bound<String>,
    /// The text of the empty choice.
    #[prop(into)]
    placeholder: Signal<String>,
    /// The error to show at this field, if any.
    #[prop(optional, into)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    let (_, error_id, describe) = described_by(&id, false, error);
    view! {
        <div class="field" class:field--invalid=move || error.get().is_some()>
            <label for=id.clone()>{label}</label>
            <select
                id=id.clone()
                aria-invalid=move || error.get().is_some().to_string()
                aria-describedby=describe
                prop:value=move || value.get.get()
                on:change=move |ev| value.set.set(event_target_value(&ev))
            >
                <option value="" selected=move || value.get.with(String::is_empty)>{placeholder}</option>
                {move || {
                    let chosen = value.get.get();
                    options
                        .get()
                        .into_iter()
                        .map(|(code, text)| {
                            let selected = code == chosen;
                            view! { <option value=code selected=selected>{text}</option> }
                        })
                        .collect_view()
                }}
            </select>
            <p class="field__error" id=error_id role="alert">{move || error.get()}</p>
        </div>
    }
}
