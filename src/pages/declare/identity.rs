//! Step 1, 身份信息: name, sex, nationality, document and mobile number, and a guardian's
//! consent for a child under 14.

use healthcode_core::country::COUNTRIES;
use healthcode_core::declaration::{Sex, CONSENT_AGE};
use healthcode_core::identity::{DocumentNumber, DocumentType};
use leptos::prelude::*;

use super::{from_wire, wire_name, Form};
use crate::binding::lens;
use crate::components::choice_field::{CheckField, RadioGroup, SelectField};
use crate::components::text_field::TextField;
use crate::i18n::use_i18n;

/// The identity fields.
#[component]
pub fn IdentityStep(
    /// The form being filled.
    form: Form,
) -> impl IntoView {
    let i18n = use_i18n();
    let d = move || i18n.d();
    let draft = form.draft;
    let countries = Signal::derive(move || {
        let locale = i18n.locale();
        COUNTRIES
            .iter()
            .map(|c| {
                (
                    c.code.to_owned(),
                    format!("{} ({})", locale.pick(c.zh, c.en), c.code),
                )
            })
            .collect::<Vec<_>>()
    });
    let document_types = Signal::derive(move || {
        let locale = i18n.locale();
        DocumentType::ALL
            .iter()
            .map(|t| (wire_name(t), locale.pick(t.name_zh(), t.name_en()).to_owned()))
            .collect::<Vec<_>>()
    });
    // A child under 14 by the typed number (or a consent already given) shows the guardian's box.
    let today = form.today;
    let consent_error = form.error("guardian_consent");
    let needs_consent = move || {
        draft.with(|d| {
            d.form.guardian_consent
                || DocumentNumber::parse(d.form.document_type, &d.form.document_number, today)
                    .ok()
                    .and_then(|n| n.age_on(today))
                    .is_some_and(|age| age < CONSENT_AGE)
        }) || consent_error.get().is_some()
    };
    let masked = move || draft.with(|d| d.masked_document.is_some() || d.masked_phone.is_some());
    view! {
        <TextField
            id="name"
            label=Signal::derive(move || d().name.to_owned())
            hint=Signal::derive(move || d().name_hint.to_owned())
            value=lens(draft, |d| d.form.name.clone(), |d, v| d.form.name = v)
            error=form.error("name")
            autocomplete="name"
            max_length=50
        />
        <RadioGroup
            id="sex"
            legend=Signal::derive(move || d().sex.to_owned())
            options=vec![
                (Some(Sex::Male), Signal::derive(move || d().male.to_owned())),
                (Some(Sex::Female), Signal::derive(move || d().female.to_owned())),
            ]
            value=lens(draft, |d| d.form.sex, |d, v| d.form.sex = v)
            error=form.error("sex")
        />
        <SelectField
            id="document_type"
            label=Signal::derive(move || d().document_type.to_owned())
            options=document_types
            placeholder=Signal::derive(move || d().choose.to_owned())
            value=lens(
                draft,
                |d| wire_name(&d.form.document_type),
                |d, v: String| {
                    if let Some(kind) = from_wire(&v) {
                        d.form.document_type = kind;
                    }
                },
            )
            error=form.error("document_type")
        />
        <TextField
            id="document_number"
            label=Signal::derive(move || d().document_number.to_owned())
            hint=Signal::derive(move || d().document_hint.to_owned())
            value=lens(draft, |d| d.form.document_number.clone(), |d, v| d.form.document_number = v)
            error=form.error("document_number")
            autocomplete="off"
            max_length=32
        />
        <Show when=needs_consent>
            <CheckField
                id="guardian_consent"
                label=Signal::derive(move || i18n.f().consent.to_owned())
                value=lens(draft, |d| d.form.guardian_consent, |d, v| d.form.guardian_consent = v)
                error=consent_error
            />
            <p class="field__hint">{move || i18n.f().consent_hint}</p>
        </Show>
        <SelectField
            id="nationality"
            label=Signal::derive(move || d().nationality.to_owned())
            options=countries
            placeholder=Signal::derive(move || d().choose.to_owned())
            value=lens(draft, |d| d.form.nationality.clone(), |d, v| d.form.nationality = v)
            error=form.error("nationality")
        />
        <TextField
            id="phone"
            label=Signal::derive(move || d().phone.to_owned())
            hint=Signal::derive(move || d().phone_hint.to_owned())
            value=lens(draft, |d| d.form.phone.clone(), |d, v| d.form.phone = v)
            error=form.error("phone")
            input_mode="tel"
            autocomplete="tel"
            max_length=20
        />
        <Show when=masked>
            <p class="note">{move || d().masked_kept}</p>
        </Show>
    }
}
