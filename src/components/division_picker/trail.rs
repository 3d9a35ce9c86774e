//! The levels chosen so far, as buttons that go back up to that level.

use healthcode_core::api::Division;
use leptos::prelude::*;

use crate::i18n::use_i18n;

/// 全国 › 山西省 › 运城市 …; tapping one goes back to its level.
#[component]
pub fn PickerTrail(
    /// The chosen levels, province first.
    trail: RwSignal<Vec<Division>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let d = move || i18n.d();
    view! {
        <nav aria-label=move || d().picker_trail>
            <ol class="picker__trail">
                <li>
                    <button type="button" class="chip" on:click=move |_| trail.set(Vec::new())>
                        {move || d().picker_country}
                    </button>
                </li>
                {move || {
                    trail
                        .get()
                        .into_iter()
                        .enumerate()
                        .map(|(i, step)| {
                            let name = step.name.clone();
                            view! {
                                <li>
                                    <button
                                        type="button"
                                        class="chip"
                                        aria-label=move || (d().picker_up_to)(&name)
                                        on:click=move |_| trail.update(|t| t.truncate(i + 1))
                                    >
                                        {step.name}
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ol>
        </nav>
    }
}
