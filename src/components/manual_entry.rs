//! Manual-entry fallback of the scan page: the code's text pasted or typed (a damaged screen, a
//! code read out by another device).

use leptos::prelude::*;

use crate::i18n::use_i18n;

/// A text box and 核验; the text goes to `on_code`.
#[component]
pub fn ManualEntry(
    /// Called with the trimmed text when 核验 is pressed.
    on_code: Callback<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let s = move || i18n.s();
    let text = RwSignal::new(String::new());
    let empty = RwSignal::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // Only line breaks and tabs are trimmed: a space is a Base45 digit.
        let value = text.get_untracked().trim_matches(['\n', '\r', '\t']).to_owned();
        empty.set(value.trim().is_empty());
        if !value.trim().is_empty() {
            on_code.run(value);
        }
    };
    view! {
        <form class="manual-entry" on:submit=on_submit novalidate>
            <div class="field">
                <label for="scan-text">{move || s().manual_label}</label>
                <p id="scan-text-hint" class="field__hint">{move || s().manual_hint}</p>
                <textarea
                    id="scan-text"
                    rows="3"
                    autocomplete="off"
                    spellcheck="false"
                    autocapitalize="characters"
                    aria-describedby="scan-text-hint scan-text-error"
                    aria-invalid=move || empty.get().to_string()
                    bind:value=text
                ></textarea>
                <p id="scan-text-error" class="field__error" role="alert">
                    {move || empty.get().then(|| s().manual_empty)}
                </p>
            </div>
            <button type="submit" class="button button--primary">{move || s().manual_submit}</button>
        </form>
    }
}
