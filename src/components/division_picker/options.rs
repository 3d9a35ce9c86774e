//! The picker's listbox: one option per division, the active one marked for
//! `aria-activedescendant`.

use healthcode_core::api::{Division, DivisionMatch};
use leptos::prelude::*;

use crate::i18n::use_i18n;

/// One option of the listbox.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    pub hit: DivisionMatch,
    /// A recent choice is taken as it is; any other option with children opens its level.
    pub recent: bool,
}

impl Choice {
    /// A child of the last division of `trail`.
    pub fn child(d: Division, trail: &[Division]) -> Self {
        let mut path_names: Vec<String> = trail.iter().map(|t| t.name.clone()).collect();
        path_names.push(d.name.clone());
        Self {
            hit: DivisionMatch {
                code: d.code,
                name: d.name,
                level: d.level,
                has_children: d.has_children,
                path_names,
            },
            recent: false,
        }
    }

    /// Whether choosing it opens another level rather than answering.
    pub fn opens_level(&self) -> bool {
        self.hit.has_children && !self.recent && self.hit.level < 5
    }
}

/// The id of option `i` of the picker with base id `id`.
pub fn option_id(id: &str, i: usize) -> String {
    format!("{id}-opt-{i}")
}

/// The listbox.
#[component]
pub fn PickerOptions(
    /// The picker's base id.
    id: String,
    /// The listbox's accessible name.
    #[prop(into)]
    label: Signal<String>,
    /// What to list.
    #[prop(into)]
    options: Signal<Vec<Choice>>,
    /// The highlighted option.
    active: RwSignal<Option<usize>>,
    /// Called with the option tapped.
    on_choose: Callback<Choice>,
) -> impl IntoView {
    let i18n = use_i18n();
    let listbox_id = format!("{id}-listbox");
    view! {
        <ul class="picker__options" role="listbox" id=listbox_id aria-label=label>
            {move || {
                options
                    .get()
                    .into_iter()
                    .enumerate()
                    .map(|(i, choice)| {
                        let path = choice.hit.path_names[..choice.hit.path_names.len().saturating_sub(1)].join(" ");
                        let more = choice.opens_level();
                        let name = choice.hit.name.clone();
                        let recent = choice.recent;
                        view! {
                            <li
                                role="option"
                                id=option_id(&id, i)
                                class="picker__option"
                                class:picker__option--active=move || active.get() == Some(i)
                                aria-selected=move || (active.get() == Some(i)).to_string()
                                on:click=move |_| on_choose.run(choice.clone())
                            >
                                {recent.then(|| view! {
                                    <span class="picker__badge">{move || i18n.d().picker_recent}</span>
                                })}
                                <span class="picker__name">{name}</span>
                                <span class="picker__path">{path}</span>
                                {more.then(|| view! { <span class="picker__more" aria-hidden="true">"›"</span> })}
                            </li>
                        }
                    })
                    .collect_view()
            }}
        </ul>
    }
}
