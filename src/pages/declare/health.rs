//! Step 4, 健康状况: temperature, symptoms, contact history, home isolation (with its start
//! date, from which the days are counted) and on-duty epidemic work (seed FAQ 3).

use healthcode_core::health::ContactHistory;
use leptos::prelude::*;

use super::{yes_no, Form};
use crate::binding::lens;
use crate::components::choice_field::RadioGroup;
use crate::components::symptom_checklist::SymptomChecklist;
use crate::components::text_field::{date_text, TextField};
use crate::i18n::use_i18n;

/// The health fields.
#[component]
pub fn HealthStep(
    /// The form being filled.
    form: Form,
) -> impl IntoView {
    let i18n = use_i18n();
    let d = move || i18n.d();
    let draft = form.draft;
    let isolating = lens(draft, |d| d.isolating, |d, v| d.isolating = v);
    let start = lens(
        draft,
        |d| d.form.isolation_start,
        |d, v| d.form.isolation_start = v,
    );
    let today = form.today;
    let days = move || {
        start
            .get
            .get()
            .filter(|s| *s <= today)
            .map(|s| (d().isolation_days)((today - s).num_days() + 1))
    };
    view! {
        <TextField
            id="temperature_c"
            label=Signal::derive(move || d().temperature.to_owned())
            hint=Signal::derive(move || d().temperature_hint.to_owned())
            value=lens(draft, |d| d.temperature_text.clone(), |d, v| d.temperature_text = v)
            error=form.error("temperature_c")
            input_mode="decimal"
            autocomplete="off"
            max_length=6
        />
        <SymptomChecklist
            id="symptoms"
            legend=Signal::derive(move || d().symptoms.to_owned())
            value=lens(draft, |d| d.form.symptoms.clone(), |d, v| d.form.symptoms = v)
            error=form.error("symptoms")
        />
        <RadioGroup
            id="contact_history"
            legend=Signal::derive(move || d().contact.to_owned())
            options=ContactHistory::ALL
                .into_iter()
                .map(|c| (c, Signal::derive(move || i18n.locale().pick(c.name_zh(), c.name_en()).to_owned())))
                .collect()
            value=lens(draft, |d| d.form.contact_history, |d, v| d.form.contact_history = v)
            error=form.error("contact_history")
        />
        <RadioGroup id="isolating" legend=Signal::derive(move || d().isolating.to_owned()) options=yes_no() value=isolating />
        <Show when=move || isolating.get.get()>
            <TextField
                id="isolation_start"
                label=Signal::derive(move || d().isolation_start.to_owned())
                value=date_text(start)
                error=form.error("isolation_start")
                input_type="date"
                max=today.to_string()
            />
            <p class="note" role="status">{days}</p>
        </Show>
        <RadioGroup
            id="on_duty_worker"
            legend=Signal::derive(move || d().on_duty.to_owned())
            hint=Signal::derive(move || d().on_duty_hint.to_owned())
            options=yes_no()
            value=lens(draft, |d| d.form.on_duty_worker, |d, v| d.form.on_duty_worker = v)
        />
    }
}
