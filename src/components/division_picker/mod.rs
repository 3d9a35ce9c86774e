//! The district picker: province → city → county → street → community, loaded level by level
//! (never the whole dataset), with a type-ahead search across levels and the device's recent
//! choices. It follows the ARIA combobox pattern: one text box drives one listbox, arrow keys
//! move through the options, Enter picks, Escape closes.

use std::time::Duration;

use healthcode_core::api::{Division, DivisionMatch};
use leptos::ev::KeyboardEvent;
use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::binding::Bound;
use crate::components::division_names::{division_text, recent, remember_names, remember_recent, trail_of};
use crate::dom::focus_by_id as focus;
use crate::i18n::use_i18n;

mod missing;
mod options;
mod trail;

use missing::MissingDivision;
use options::{option_id, Choice, PickerOptions};
use trail::PickerTrail;

/// Milliseconds of typing pause before a search goes out.
const SEARCH_DELAY_MS: u64 = 250;

/// A division field. Its value is the chosen code; the names come from the server.
#[component]
pub fn DivisionPicker(
    /// Base of the element ids; the closed field's button has exactly this id.
    #[prop(into)]
    id: String,
    /// The visible label.
    #[prop(into)]
    label: Signal<String>,
    /// The chosen division code, two-way bound.
    value: Bound<Option<String>>,
    /// The error to show at this field, if any.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// A hint under the label.
    #[prop(optional, into)]
    hint: Option<Signal<&'static str>>,
    /// The coarsest level that may be taken as the answer (4 = street/town, 3 = county).
    min_level: u8,
) -> impl IntoView {
    let i18n = use_i18n();
    let d = move || i18n.d();
    let [label_id, value_id, hint_id, error_id, panel_id, search_id, listbox_id] =
        ["label", "value", "hint", "error", "panel", "search", "listbox"].map(|s| format!("{id}-{s}"));

    let open = RwSignal::new(false);
    let trail = RwSignal::new(Vec::<Division>::new());
    let query = RwSignal::new(String::new());
    let searched = RwSignal::new(String::new());
    let active = RwSignal::new(None::<usize>);
    let chosen_text = division_text(value.get);

    // Search once typing pauses, not on every keystroke.
    let pending_search = StoredValue::new(None::<TimeoutHandle>);
    Effect::new(move |_| {
        let text = query.get().trim().to_owned();
        if let Some(handle) = pending_search.get_value() {
            handle.clear();
        }
        let handle =
            set_timeout_with_handle(move || searched.set(text), Duration::from_millis(SEARCH_DELAY_MS));
        pending_search.set_value(handle.ok());
    });

    let children = LocalResource::new(move || {
        let wanted = open.get() && trail.with(|t| t.last().is_none_or(|d| d.has_children));
        let parent = trail.with(|t| t.last().map(|d| d.code.clone()));
        let locale = i18n.locale_untracked();
        async move {
            if !wanted {
                return Ok(Vec::new());
            }
            api::divisions(parent.as_deref(), locale).await
        }
    });
    let hits = LocalResource::new(move || {
        let text = searched.get();
        let within = trail.with(|t| t.last().map(|d| d.code.clone()));
        let locale = i18n.locale_untracked();
        async move {
            if text.is_empty() {
                return Ok(Vec::new());
            }
            api::search_divisions(&text, within.as_deref(), locale).await
        }
    });
    // `None` while loading.
    let choices = Memo::new(move |_| -> Option<Result<Vec<Choice>, ApiError>> {
        if !searched.with(String::is_empty) {
            let found = hits.get()?;
            return Some(found.map(|v| v.into_iter().map(|hit| Choice { hit, recent: false }).collect()));
        }
        let kids = children.get()?;
        let at_top = trail.with(Vec::is_empty);
        Some(kids.map(|kids| {
            let mut list: Vec<Choice> = if at_top {
                recent()
                    .into_iter()
                    .map(|hit| Choice { hit, recent: true })
                    .collect()
            } else {
                Vec::new()
            };
            trail.with(|t| list.extend(kids.into_iter().map(|k| Choice::child(k, t))));
            list
        }))
    });
    let options = move || choices.get().and_then(Result::ok).unwrap_or_default();

    let finish = {
        let value_id = id.clone();
        move |hit: DivisionMatch| {
            remember_names(&hit.code, hit.path_names.clone());
            remember_recent(&hit);
            value.set.set(Some(hit.code));
            open.set(false);
            query.set(String::new());
            focus(&value_id);
        }
    };
    let choose = {
        let search_id = search_id.clone();
        let finish = finish.clone();
        move |choice: Choice| {
            if !choice.opens_level() {
                finish(choice.hit);
                return;
            }
            trail.set(trail_of(&choice.hit));
            query.set(String::new());
            searched.set(String::new());
            active.set(None);
            focus(&search_id);
        }
    };
    let open_panel = {
        let search_id = search_id.clone();
        move |_| {
            if open.get_untracked() {
                open.set(false);
                return;
            }
            active.set(None);
            trail.set(Vec::new());
            // Start at the level of the current answer, so its neighbours are one tap away.
            if let Some(code) = value.get.get_untracked() {
                let locale = i18n.locale_untracked();
                leptos::task::spawn_local(async move {
                    if let Ok(mut path) = api::division_path(&code, locale).await.map(|p| p.path) {
                        if path.last().is_some_and(|d| !d.has_children) {
                            path.pop();
                        }
                        trail.set(path);
                    }
                });
            }
            open.set(true);
            focus(&search_id);
        }
    };
    let on_key = {
        let (choose, value_id) = (choose.clone(), id.clone());
        move |ev: KeyboardEvent| {
            let list = options();
            let n = list.len();
            match ev.key().as_str() {
                "ArrowDown" | "ArrowUp" if n > 0 => {
                    ev.prevent_default();
                    let down = ev.key() == "ArrowDown";
                    active.update(|a| {
                        *a = Some(match (*a, down) {
                            (None, true) => 0,
                            (None, false) => n - 1,
                            (Some(i), true) => (i + 1) % n,
                            (Some(i), false) => (i + n - 1) % n,
                        })
                    });
                }
                "Enter" => {
                    ev.prevent_default();
                    if let Some(choice) = active.get_untracked().and_then(|i| list.get(i).cloned()) {
                        choose(choice);
                    }
                }
                "Escape" => {
                    ev.prevent_default();
                    open.set(false);
                    focus(&value_id);
                }
                _ => {}
            }
        }
    };
    // Keeps the highlighted option on screen while arrowing through a long list.
    Effect::new({
        let id = id.clone();
        move |_| {
            if let Some(el) = active
                .get()
                .and_then(|i| document().get_element_by_id(&option_id(&id, i)))
            {
                el.scroll_into_view_with_bool(false);
            }
        }
    });
    Effect::new(move |_| {
        choices.track();
        active.set(None);
    });

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
    let status = move || match choices.get() {
        None => i18n.t().loading.to_owned(),
        Some(Err(err)) => err.message(i18n.t()),
        Some(Ok(list)) if !searched.with(String::is_empty) && list.is_empty() => {
            d().picker_no_results.to_owned()
        }
        Some(Ok(list)) if !searched.with(String::is_empty) => (d().picker_results)(list.len()),
        Some(Ok(_)) => String::new(),
    };
    let take_this = move || {
        trail
            .get()
            .last()
            .filter(|last| last.level >= min_level && last.has_children)
            .cloned()
    };

    view! {
        <div class="field picker" class:field--invalid=move || error.get().is_some()>
            <span class="field__label" id=label_id.clone()>{label}</span>
            {hint.map(|hint| view! { <p class="field__hint" id=hint_id.clone()>{hint}</p> })}
            <button
                type="button"
                class="picker__value"
                id=id.clone()
                aria-expanded=move || open.get().to_string()
                aria-controls=panel_id.clone()
                aria-labelledby=format!("{label_id} {value_id}")
                aria-describedby=described_by
                aria-invalid=move || error.get().is_some().to_string()
                on:click=open_panel
            >
                <span id=value_id.clone() class="picker__chosen">
                    {move || chosen_text.get().unwrap_or_else(|| d().picker_choose.to_owned())}
                </span>
                <span class="picker__action" aria-hidden="true">
                    {move || if value.get.get().is_some() { d().picker_change } else { "›" }}
                </span>
            </button>
            <Show when=move || open.get()>
                <div class="picker__panel" id=panel_id.clone() role="group" aria-labelledby=label_id.clone()>
                    <PickerTrail trail=trail />
                    <label for=search_id.clone()>{move || d().picker_search}</label>
                    <p class="field__hint" id=format!("{search_id}-hint")>{move || d().picker_search_hint}</p>
                    <input
                        id=search_id.clone()
                        type="text"
                        role="combobox"
                        autocomplete="off"
                        enterkeyhint="search"
                        aria-autocomplete="list"
                        aria-expanded="true"
                        aria-controls=listbox_id.clone()
                        aria-describedby=format!("{search_id}-hint")
                        aria-activedescendant={
                            let id = id.clone();
                            move || active.get().map(|i| option_id(&id, i))
                        }
                        bind:value=query
                        on:keydown=on_key.clone()
                    />
                    <p class="picker__status" role="status">{status}</p>
                    <PickerOptions
                        id=id.clone()
                        label=Signal::derive(move || {
                            let here = trail.get().last().map(|t| t.name.clone());
                            (d().picker_options)(&here.unwrap_or_else(|| d().picker_country.to_owned()))
                        })
                        options=Signal::derive(options)
                        active=active
                        on_choose=Callback::new(choose.clone())
                    />
                    {
                        let id = id.clone();
                        move || {
                            let parent = trail.get().last().filter(|p| matches!(p.level, 3 | 4)).cloned()?;
                            let can_take_parent = parent.level >= min_level;
                            Some(view! { <MissingDivision id=id.clone() parent can_take_parent /> })
                        }
                    }
                    <div class="picker__actions">
                        {
                            let finish = finish.clone();
                            move || take_this().map(|last| {
                                let finish = finish.clone();
                                let trail_now = trail.get();
                                let hit = DivisionMatch {
                                    code: last.code.clone(),
                                    name: last.name.clone(),
                                    level: last.level,
                                    has_children: last.has_children,
                                    path_names: trail_now.iter().map(|t| t.name.clone()).collect(),
                                };
                                view! {
                                    <button type="button" class="button button--secondary" on:click=move |_| finish(hit.clone())>
                                        {(d().picker_take_this)(&last.name)}
                                    </button>
                                }
                            })
                        }
                        <button type="button" class="button button--ghost" on:click=move |_| open.set(false)>
                            {move || d().picker_close}
                        </button>
                    </div>
                </div>
            </Show>
            <p class="field__error" id=error_id.clone() role="alert">{move || error.get()}</p>
        </div>
    }
}
