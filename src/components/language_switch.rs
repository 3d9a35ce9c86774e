//! A button that switches between zh-CN and English.

use leptos::prelude::*;

use crate::i18n::{use_i18n, Locale};

/// Switches the UI language; labelled in the language it switches to, so a reader of either
/// language finds it.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let toggle = move |_| {
        i18n.set(match i18n.locale() {
            Locale::ZhCn => Locale::En,
            Locale::En => Locale::ZhCn,
        })
    };
    view! {
        <button
            type="button"
            class="language-switch"
            lang=move || match i18n.locale() {
                Locale::ZhCn => "en",
                Locale::En => "zh-CN",
            }
            aria-label=move || format!("{}: {}", i18n.t().language_label, i18n.t().switch_to)
            on:click=toggle
        >
            {move || i18n.t().switch_to}
        </button>
    }
}
