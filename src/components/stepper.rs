//! The progress stepper of the declaration: where the resident is, what is done, and a way back
//! to any earlier step (later steps open only through 下一步, which checks the current one).

use healthcode_core::declaration::Step;
use leptos::prelude::*;

use crate::i18n::use_i18n;

/// The steps as an ordered list; the current one is `aria-current="step"`.
#[component]
pub fn Stepper(
    /// The step on screen.
    #[prop(into)]
    current: Signal<Step>,
    /// The URL of a step (`/declare/{person}/{slug}`).
    href: fn(&str, Step) -> String,
    /// The person being declared, for the links.
    #[prop(into)]
    person: String,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="stepper" aria-label=move || i18n.d().steps_label>
            <ol class="stepper__list">
                {Step::ALL
                    .into_iter()
                    .map(|step| {
                        let link = href(&person, step);
                        let name = move || i18n.d().step_names[step.index()];
                        let state = move || {
                            let at = current.get().index();
                            match step.index() {
                                i if i < at => "done",
                                i if i == at => "current",
                                _ => "todo",
                            }
                        };
                        view! {
                            <li class="stepper__step" data-state=state>
                                <span class="stepper__dot" aria-hidden="true">{step.index() + 1}</span>
                                {move || match state() {
                                    "done" => view! {
                                        <a href=link.clone() class="stepper__name">
                                            {name}
                                            <span class="visually-hidden">" · " {move || i18n.d().done}</span>
                                        </a>
                                    }
                                    .into_any(),
                                    "current" => view! {
                                        <span class="stepper__name" aria-current="step">{name}</span>
                                    }
                                    .into_any(),
                                    _ => view! { <span class="stepper__name">{name}</span> }.into_any(),
                                }}
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </nav>
    }
}
