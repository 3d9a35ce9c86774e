//! An inline bar beside a figure: people would rather look than read.

use leptos::prelude::*;

/// A bar of `value / max` with the figure written beside it; the bar is decoration (the text
/// says it all), so screen readers skip it.
#[component]
pub fn CountBar(
    /// The figure shown (already suppressed to "<5" where needed).
    #[prop(into)]
    label: String,
    /// The bar's share of its track, 0–100; none draws no bar (e.g. a suppressed count).
    percent: Option<u8>,
    /// The bar's colour class suffix (`green`, `yellow`, `red`, `rate`).
    #[prop(default = "rate")]
    tone: &'static str,
) -> impl IntoView {
    view! {
        <span class="count-bar">
            <span class="count-bar__track" aria-hidden="true">
                {percent.map(|p| view! {
                    <span class=format!("count-bar__fill count-bar__fill--{tone}") style:width=format!("{p}%")></span>
                })}
            </span>
            <span class="count-bar__label">{label}</span>
        </span>
    }
}

/// `part` as a whole percentage of `max` (for bar widths).
pub fn percent_of(part: u64, max: u64) -> Option<u8> {
    (max > 0).then(|| ((part * 100 + max / 2) / max).min(100) as u8)
}
