//! Step 3, 行程: the places of the last 14 days (a division in China or a country abroad, each
//! with its dates) and the planned departure, which may be 暂不确定 (seed FAQ 11).

use chrono::NaiveDate;
use healthcode_core::declaration::{ItineraryStop, MAX_ITINERARY_STOPS};
use leptos::prelude::*;

use super::residence::foreign_countries;
use super::Form;
use crate::binding::{lens, Bound};
use crate::components::choice_field::{RadioGroup, SelectField};
use crate::components::division_picker::DivisionPicker;
use crate::components::text_field::{date_text, TextField};
use crate::i18n::use_i18n;

/// A binding to one part of stop `i`.
fn stop_lens<T>(
    form: Form,
    i: usize,
    get: fn(&ItineraryStop) -> T,
    set: fn(&mut ItineraryStop, T),
) -> Bound<T>
where
    T: PartialEq + Default + Send + Sync + 'static,
{
    lens(
        form.draft,
        move |d| d.form.itinerary.get(i).map(get).unwrap_or_default(),
        move |d, v| {
            if let Some(stop) = d.form.itinerary.get_mut(i) {
                set(stop, v);
            }
        },
    )
}

/// The itinerary fields.
#[component]
pub fn ItineraryStep(
    /// The form being filled.
    form: Form,
) -> impl IntoView {
    let i18n = use_i18n();
    let d = move || i18n.d();
    let draft = form.draft;
    let count = Memo::new(move |_| draft.with(|d| d.form.itinerary.len()));
    let add = move |_| {
        draft.update(|d| d.form.itinerary.push(ItineraryStop::default()));
        let id = format!("itinerary-{}-division", count.get_untracked() - 1);
        request_animation_frame(move || {
            if let Some(el) = document().get_element_by_id(&id) {
                el.scroll_into_view();
            }
        });
    };
    let known = lens(draft, |d| d.departure_known, |d, v| d.departure_known = v);
    let today = form.today.to_string();
    view! {
        <section class="itinerary" aria-labelledby="itinerary-title">
            <h3 id="itinerary-title">{move || d().itinerary}</h3>
            <p class="field__hint">{move || d().itinerary_hint}</p>
            <Show when=move || { count.get() == 0 }>
                <p class="note">{move || d().no_stops}</p>
            </Show>
            {move || (0..count.get()).map(|i| view! { <StopRow form=form index=i /> }).collect_view()}
            <p class="field__error" id="itinerary-error" role="alert">{move || form.error("itinerary").get()}</p>
            <button
                type="button"
                class="button button--secondary"
                on:click=add
                disabled=move || { count.get() >= MAX_ITINERARY_STOPS }
            >
                {move || d().add_stop}
            </button>
        </section>
        <RadioGroup
            id="planned_departure_known"
            legend=Signal::derive(move || d().departure.to_owned())
            options=vec![
                (false, Signal::derive(move || d().departure_unknown.to_owned())),
                (true, Signal::derive(move || d().departure_pick.to_owned())),
            ]
            value=known
        />
        <Show when=move || known.get.get()>
            <TextField
                id="planned_departure"
                label=Signal::derive(move || d().departure_date.to_owned())
                value=date_text(lens(draft, |d| d.form.planned_departure, |d, v| d.form.planned_departure = v))
                error=form.error("planned_departure")
                input_type="date"
                min=Signal::derive({
                    let today = today.clone();
                    move || today.clone()
                })
            />
        </Show>
    }
}

/// One place of the itinerary: where (China or abroad) and from when to when.
#[component]
fn StopRow(
    /// The form being filled.
    form: Form,
    /// The stop's position, from 0.
    index: usize,
) -> impl IntoView {
    let i18n = use_i18n();
    let d = move || i18n.d();
    let i = index;
    let field = move |name: &str| format!("itinerary[{i}].{name}");
    let id = move |name: &str| format!("itinerary-{i}-{name}");
    let abroad = stop_lens(
        form,
        i,
        |s| s.country.is_some(),
        |s, abroad: bool| {
            if abroad {
                s.division = None;
                s.country.get_or_insert_with(String::new);
            } else {
                s.country = None;
            }
        },
    );
    let date = |get: fn(&ItineraryStop) -> Option<NaiveDate>,
                set: fn(&mut ItineraryStop, Option<NaiveDate>)| {
        date_text(stop_lens(form, i, get, set))
    };
    let today = form.today.to_string();
    view! {
        <fieldset class="stop">
            <legend>{move || (d().stop)(i + 1)}</legend>
            <RadioGroup
                id=id("kind")
                legend=Signal::derive(move || d().place_kind.to_owned())
                options=vec![
                    (false, Signal::derive(move || d().place_domestic.to_owned())),
                    (true, Signal::derive(move || d().place_abroad.to_owned())),
                ]
                value=abroad
            />
            <Show
                when=move || abroad.get.get()
                fallback=move || view! {
                    <DivisionPicker
                        id=id("division")
                        label=Signal::derive(move || format!("{} · {}", (d().stop)(i + 1), d().place))
                        value=stop_lens(form, i, |s| s.division.clone(), |s, v| s.division = v)
                        error=form.error(field("division"))
                        min_level=2
                    />
                }
            >
                <SelectField
                    id=id("country")
                    label=Signal::derive(move || format!("{} · {}", (d().stop)(i + 1), d().country))
                    options=foreign_countries()
                    placeholder=Signal::derive(move || d().choose.to_owned())
                    value=stop_lens(form, i, |s| s.country.clone().unwrap_or_default(), |s, v| s.country = Some(v))
                    error=form.error(field("country"))
                />
            </Show>
            <div class="stop__dates">
                <TextField
                    id=id("from")
                    label=Signal::derive(move || d().from.to_owned())
                    value=date(|s| s.from, |s, v| s.from = v)
                    error=form.error(field("from"))
                    input_type="date"
                    max=Signal::derive({
                        let today = today.clone();
                        move || today.clone()
                    })
                />
                <TextField
                    id=id("to")
                    label=Signal::derive(move || d().to.to_owned())
                    value=date(|s| s.to, |s, v| s.to = v)
                    error=form.error(field("to"))
                    input_type="date"
                    max=Signal::derive(move || today.clone())
                />
            </div>
            <button
                type="button"
                class="button button--ghost"
                on:click=move |_| form.draft.update(|d| {
                    if i < d.form.itinerary.len() {
                        d.form.itinerary.remove(i);
                    }
                })
            >
                {move || (d().remove_stop)(i + 1)}
            </button>
        </fieldset>
    }
}
