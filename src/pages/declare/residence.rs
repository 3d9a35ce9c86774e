//! Step 2, 居住地: where the person lives now, and whether they came from outside the province
//! (from where, since when — seed FAQ 13).

use healthcode_core::country::COUNTRIES;
use leptos::prelude::*;

use super::{yes_no, Form};
use crate::binding::lens;
use crate::components::choice_field::{RadioGroup, SelectField};
use crate::components::division_picker::DivisionPicker;
use crate::components::text_field::{date_text, TextField};
use crate::i18n::use_i18n;

/// The countries other than China, as select options in the current language.
pub fn foreign_countries() -> Signal<Vec<(String, String)>> {
    let i18n = use_i18n();
    Signal::derive(move || {
        let locale = i18n.locale();
        COUNTRIES
            .iter()
            .filter(|c| c.code != "CHN")
            .map(|c| (c.code.to_owned(), locale.pick(c.zh, c.en).to_owned()))
            .collect()
    })
}

/// The residence fields.
#[component]
pub fn ResidenceStep(
    /// The form being filled.
    form: Form,
) -> impl IntoView {
    let i18n = use_i18n();
    let d = move || i18n.d();
    let draft = form.draft;
    let outside = lens(
        draft,
        |d| d.form.from_outside_province,
        |d, v| d.form.from_outside_province = v,
    );
    let abroad = lens(
        draft,
        |d| d.form.origin_country.is_some(),
        |d, abroad: bool| {
            if abroad {
                d.form.origin_division = None;
                d.form.origin_country.get_or_insert_with(String::new);
            } else {
                d.form.origin_country = None;
            }
        },
    );
    let today = form.today.to_string();
    view! {
        <DivisionPicker
            id="residence_division"
            label=Signal::derive(move || d().residence.to_owned())
            hint=Signal::derive(move || d().residence_hint)
            value=lens(
                draft,
                |d| Some(d.form.residence_division.clone()).filter(|c| !c.is_empty()),
                |d, v: Option<String>| d.form.residence_division = v.unwrap_or_default(),
            )
            error=form.error("residence_division")
            min_level=4
        />
        <TextField
            id="residence_address"
            label=Signal::derive(move || d().address.to_owned())
            hint=Signal::derive(move || d().address_hint.to_owned())
            value=lens(draft, |d| d.form.residence_address.clone(), |d, v| d.form.residence_address = v)
            error=form.error("residence_address")
            autocomplete="street-address"
            max_length=100
        />
        <RadioGroup
            id="from_outside_province"
            legend=Signal::derive(move || d().from_outside.to_owned())
            hint=Signal::derive(move || d().from_outside_hint.to_owned())
            options=yes_no()
            value=outside
        />
        <Show when=move || outside.get.get()>
            <RadioGroup
                id="origin_kind"
                legend=Signal::derive(move || d().origin.to_owned())
                options=vec![
                    (false, Signal::derive(move || d().origin_domestic.to_owned())),
                    (true, Signal::derive(move || d().origin_abroad.to_owned())),
                ]
                value=abroad
            />
            <Show
                when=move || abroad.get.get()
                fallback=move || view! {
                    <DivisionPicker
                        id="origin_division"
                        label=Signal::derive(move || d().origin_place.to_owned())
                        value=lens(draft, |d| d.form.origin_division.clone(), |d, v| d.form.origin_division = v)
                        error=form.error("origin_division")
                        min_level=2
                    />
                }
            >
                <SelectField
                    id="origin_country"
                    label=Signal::derive(move || d().origin_country.to_owned())
                    options=foreign_countries()
                    placeholder=Signal::derive(move || d().choose.to_owned())
                    value=lens(
                        draft,
                        |d| d.form.origin_country.clone().unwrap_or_default(),
                        |d, v| d.form.origin_country = Some(v),
                    )
                    error=form.error("origin_country")
                />
            </Show>
            <TextField
                id="arrival_date"
                label=Signal::derive(move || d().arrival_date.to_owned())
                value=date_text(lens(draft, |d| d.form.arrival_date, |d, v| d.form.arrival_date = v))
                error=form.error("arrival_date")
                input_type="date"
                max=Signal::derive({
                    let today = today.clone();
                    move || today.clone()
                })
            />
        </Show>
    }
}
