//! Step 5, 确认: everything on one read-only page, each part with a way back to edit it, then
//! the solemn commitment (本人郑重承诺) and 确认提交.

use healthcode_core::country::country;
use healthcode_core::declaration::Step;
use healthcode_core::identity::mask_middle;
use healthcode_core::phone::MobileNumber;
use leptos::prelude::*;

use super::{step_href, Form};
use crate::binding::lens;
use crate::components::choice_field::CheckField;
use crate::components::division_names::{division_text, DivisionName};
use crate::draft::Draft;
use crate::i18n::{use_i18n, Locale};

fn country_name(code: &str, locale: Locale) -> String {
    country(code)
        .map(|c| locale.pick(c.zh, c.en).to_owned())
        .unwrap_or_else(|| code.to_owned())
}

/// The rows of one part of the summary, from the draft in a language.
type Rows = Box<dyn Fn(&Draft, Locale) -> Vec<AnyView> + Send + Sync>;

/// One `term: value` row.
fn row(term: &'static str, value: String) -> impl IntoView {
    view! {
        <div class="summary__row">
            <dt>{term}</dt>
            <dd>{value}</dd>
        </div>
    }
}

/// The summary and the commitment.
#[component]
pub fn ConfirmStep(
    /// The form being confirmed.
    form: Form,
) -> impl IntoView {
    let i18n = use_i18n();
    let d = move || i18n.d();
    let draft = form.draft;
    let person = leptos_router::hooks::use_params_map()
        .get_untracked()
        .get("person")
        .unwrap_or_default();
    let residence = division_text(Signal::derive(move || {
        draft.with(|d| Some(d.form.residence_division.clone()).filter(|c| !c.is_empty()))
    }));
    let origin = division_text(Signal::derive(move || {
        draft.with(|d| d.form.origin_division.clone())
    }));

    let section = move |step: Step, rows: Rows| {
        let href = step_href(&person, step);
        view! {
            <section class="summary" aria-labelledby=format!("summary-{}", step.slug())>
                <div class="summary__head">
                    <h3 id=format!("summary-{}", step.slug())>{move || d().step_names[step.index()]}</h3>
                    <a href=href class="summary__edit">
                        {move || d().edit}
                        <span class="visually-hidden">{move || d().step_names[step.index()]}</span>
                    </a>
                </div>
                <dl>{move || draft.with(|dr| rows(dr, i18n.locale()))}</dl>
            </section>
        }
    };
    let none = move || d().not_filled.to_owned();
    let yes_no = move |b: bool| if b { d().yes } else { d().no }.to_owned();

    view! {
        <p class="note">{move || d().confirm_lead}</p>
        {section(Step::Identity, Box::new(move |dr, locale| {
            let f = &dr.form;
            let sex = f.sex.map(|s| match s {
                healthcode_core::declaration::Sex::Male => d().male,
                healthcode_core::declaration::Sex::Female => d().female,
            });
            let masked = |v: &str| if v.contains('*') { v.to_owned() } else { mask_middle(v, 2, 2) };
            vec![
                row(d().name, f.name.clone()).into_any(),
                row(d().sex, sex.map(str::to_owned).unwrap_or_else(none)).into_any(),
                row(d().nationality, country_name(&f.nationality, locale)).into_any(),
                row(d().document_type, locale.pick(f.document_type.name_zh(), f.document_type.name_en()).to_owned()).into_any(),
                row(d().document_number, masked(&f.document_number)).into_any(),
                row(d().phone, MobileNumber::parse("phone", &f.phone).map(|p| p.masked()).unwrap_or_else(|_| masked(&f.phone)))
                    .into_any(),
            ]
        }))}
        {section(Step::Residence, Box::new(move |dr, locale| {
            let f = &dr.form;
            let mut rows = vec![
                row(d().residence, residence.get().unwrap_or_else(none)).into_any(),
                row(d().address, f.residence_address.clone()).into_any(),
                row(d().from_outside, yes_no(f.from_outside_province)).into_any(),
            ];
            if f.from_outside_province {
                let from = match &f.origin_country {
                    Some(c) => country_name(c, locale),
                    None => origin.get().unwrap_or_else(none),
                };
                rows.push(row(d().origin, from).into_any());
                rows.push(row(d().arrival_date, f.arrival_date.map(|a| a.to_string()).unwrap_or_else(none)).into_any());
            }
            rows
        }))}
        {section(Step::Itinerary, Box::new(move |dr, locale| {
            let f = &dr.form;
            let mut rows: Vec<AnyView> = f
                .itinerary
                .iter()
                .enumerate()
                .map(|(i, stop)| {
                    let dates = format!(
                        "{} – {}",
                        stop.from.map(|x| x.to_string()).unwrap_or_default(),
                        stop.to.map(|x| x.to_string()).unwrap_or_default()
                    );
                    let place = match (&stop.country, &stop.division) {
                        (Some(c), _) => country_name(c, locale).into_any(),
                        (None, Some(code)) => view! { <DivisionName code=code.clone() /> }.into_any(),
                        (None, None) => none().into_any(),
                    };
                    view! {
                        <div class="summary__row">
                            <dt>{(d().stop)(i + 1)}</dt>
                            <dd>{place} " " {dates}</dd>
                        </div>
                    }
                    .into_any()
                })
                .collect();
            if rows.is_empty() {
                rows.push(row(d().itinerary, d().no_stops.to_owned()).into_any());
            }
            let departure = match (dr.departure_known, f.planned_departure) {
                (true, Some(day)) => day.to_string(),
                _ => d().departure_unknown.to_owned(),
            };
            rows.push(row(d().departure, departure).into_any());
            rows
        }))}
        {section(Step::Health, Box::new(move |dr, locale| {
            let f = &dr.form;
            let symptoms = if f.symptoms.is_empty() {
                d().no_symptoms.to_owned()
            } else {
                f.symptoms.iter().map(|s| locale.pick(s.name_zh(), s.name_en())).collect::<Vec<_>>().join("、")
            };
            let isolation = match (dr.isolating, f.isolation_start) {
                (true, Some(start)) => format!("{} {start}", d().yes),
                _ => d().no.to_owned(),
            };
            vec![
                row(d().temperature, dr.temperature_text.clone()).into_any(),
                row(d().symptoms_short, symptoms).into_any(),
                row(d().contact, locale.pick(f.contact_history.name_zh(), f.contact_history.name_en()).to_owned()).into_any(),
                row(d().isolating, isolation).into_any(),
                row(d().on_duty, yes_no(f.on_duty_worker)).into_any(),
            ]
        }))}
        <CheckField
            id="commitment"
            label=Signal::derive(move || d().commitment.to_owned())
            value=lens(draft, |d| d.form.commitment, |d, v| d.form.commitment = v)
            error=form.error("commitment")
        />
    }
}
