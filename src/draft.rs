//! The declaration being typed. It lives on the device (`localStorage`, one per person) from the
//! first keystroke until the server acknowledges it, so validation, going back, a reload or an
//! expired session never lose what was typed.

use chrono::NaiveDate;
use healthcode_core::api::SavedDeclaration;
use healthcode_core::declaration::{DeclarationForm, Step};
use healthcode_core::error::FieldError;
use healthcode_core::health::Temperature;
use serde::{Deserialize, Serialize};

use crate::storage;

const PREFIX: &str = "hc.draft.";

/// A submission attempt: the key goes with exactly this body, so a retry of the same body is
/// replayed by the server, while an edited body gets a new key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attempt {
    pub key: String,
    pub body: String,
}

/// The form plus what only the screen needs.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Draft {
    pub form: DeclarationForm,
    /// The temperature as typed ("36,5" stays "36,5" until it is parsed).
    pub temperature_text: String,
    /// 计划离开日期: a date was chosen rather than 暂不确定.
    pub departure_known: bool,
    /// 居家隔离: yes, since `form.isolation_start`.
    pub isolating: bool,
    /// The masked numbers the server showed when editing: sent back unchanged they mean "keep
    /// the saved number", which the server restores.
    pub masked_document: Option<String>,
    pub masked_phone: Option<String>,
    pub attempt: Option<Attempt>,
}

impl Draft {
    /// The saved declaration, ready to edit (seed FAQ 10: exactly what was saved).
    pub fn from_saved(saved: SavedDeclaration) -> Self {
        let form = saved.declaration;
        Self {
            temperature_text: form.temperature_c.map(|t| format!("{t:.1}")).unwrap_or_default(),
            departure_known: form.planned_departure.is_some(),
            isolating: form.isolation_start.is_some(),
            masked_document: Some(form.document_number.clone()),
            masked_phone: Some(form.phone.clone()),
            attempt: None,
            form: DeclarationForm {
                commitment: false,
                ..form
            },
        }
    }

    /// The wire form of what is on screen.
    pub fn to_form(&self) -> DeclarationForm {
        let mut form = self.form.clone();
        form.temperature_c = Temperature::parse("temperature_c", &self.temperature_text)
            .ok()
            .map(Temperature::celsius);
        if !self.departure_known {
            form.planned_departure = None;
        }
        if !self.isolating {
            form.isolation_start = None;
        }
        form
    }

    /// The problems of one step, each at its field: the core rules the server applies, plus
    /// what only the screen knows (a date chosen as known but left empty, what was typed).
    pub fn validate_step(&self, step: Step, today: NaiveDate) -> Vec<FieldError> {
        let form = self.to_form();
        let mut errors = form.validate_step(step, today);
        let unchanged = |value: &str, masked: &Option<String>| masked.as_deref() == Some(value);
        errors.retain(|e| match e.field.as_str() {
            "document_number" => !unchanged(&form.document_number, &self.masked_document),
            "phone" => !unchanged(&form.phone, &self.masked_phone),
            _ => true,
        });
        if step == Step::Health {
            if let Err(typed) = Temperature::parse("temperature_c", &self.temperature_text) {
                errors.retain(|e| e.field != "temperature_c");
                errors.insert(0, typed);
            }
            if self.isolating && self.form.isolation_start.is_none() {
                errors.push(FieldError::new(
                    "isolation_start",
                    "required",
                    "请填写开始居家隔离的日期",
                    "Please enter the date your home isolation started",
                ));
            }
        }
        if step == Step::Itinerary && self.departure_known && self.form.planned_departure.is_none() {
            errors.push(FieldError::new(
                "planned_departure",
                "required",
                "请选择计划离开日期，或选择“暂不确定”",
                "Please choose the planned departure date, or “not yet known”",
            ));
        }
        errors
    }

    /// The first step with a problem, with all of that step's problems.
    pub fn first_invalid_step(&self, today: NaiveDate) -> Option<(Step, Vec<FieldError>)> {
        Step::ALL
            .into_iter()
            .map(|step| (step, self.validate_step(step, today)))
            .find(|(_, errors)| !errors.is_empty())
    }

    /// The Idempotency-Key for submitting `body`: the last attempt's when the body is the same
    /// (a retry), a new one otherwise.
    pub fn key_for(&mut self, body: &str) -> String {
        match &self.attempt {
            Some(attempt) if attempt.body == body => attempt.key.clone(),
            _ => {
                let key = storage::random_hex(16);
                self.attempt = Some(Attempt {
                    key: key.clone(),
                    body: body.to_owned(),
                });
                key
            }
        }
    }
}

/// The stored draft of a person, if any.
pub fn load(person_id: &str) -> Option<Draft> {
    storage::load(&format!("{PREFIX}{person_id}"))
}

/// Keeps the draft on the device.
pub fn save(person_id: &str, draft: &Draft) {
    storage::store(&format!("{PREFIX}{person_id}"), draft);
}

/// Forgets the draft once the server has it.
pub fn clear(person_id: &str) {
    storage::remove(&format!("{PREFIX}{person_id}"));
}

/// Forgets every draft on this device (logout: the next user of the phone sees none).
pub fn clear_all() {
    storage::remove_prefixed(PREFIX);
}
