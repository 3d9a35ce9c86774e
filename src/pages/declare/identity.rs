//! Step 1, 身份信息: name, sex, nationality, document and mobile number.

use healthcode_core::country::COUNTRIES;
use healthcode_core::declaration::Sex;
use healthcode_core::identity::DocumentType;
use leptos::prelude::*;

use super::{from_wire, wire_name, Form};
use crate::binding::lens;
use crate::components::choice_field::{RadioGroup, SelectField};
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
