//! Health facts a person declares: temperature, symptoms, contact history.

use serde::{Deserialize, Serialize};

use crate::error::FieldError;

/// A body temperature in °C, within what a thermometer on a living person reads.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(try_from = "f64", into = "f64")]
pub struct Temperature(f64);

impl Temperature {
    pub const MIN: f64 = 34.0;
    pub const MAX: f64 = 43.0;

    pub fn new(field: &str, celsius: f64) -> Result<Self, FieldError> {
        if !(Self::MIN..=Self::MAX).contains(&celsius) {
            return Err(FieldError::new(
                field,
                "range",
                format!("体温应在 {:.1}–{:.1} °C 之间，请重新测量", Self::MIN, Self::MAX),
                format!(
                    "The temperature must be between {:.1} and {:.1} °C; please measure again",
                    Self::MIN,
                    Self::MAX
                ),
            ));
        }
        // One decimal is what thermometers show; more would be noise in the record.
        Ok(Self((celsius * 10.0).round() / 10.0))
    }

    /// Parses what a person typed ("36.5", "36,5", "36.5℃").
    pub fn parse(field: &str, input: &str) -> Result<Self, FieldError> {
        let cleaned = input
            .trim()
            .trim_end_matches(['℃', 'C', 'c', '°', ' '])
            .replace(',', ".");
        if cleaned.is_empty() {
            return Err(FieldError::new(
                field,
                "required",
                "请填写体温",
                "Please enter your temperature",
            ));
        }
        let value: f64 = cleaned.parse().map_err(|_| {
            FieldError::new(
                field,
                "format",
                "体温应为数字，如 36.5",
                "The temperature must be a number, e.g. 36.5",
            )
        })?;
        Self::new(field, value)
    }

    pub fn celsius(self) -> f64 {
        self.0
    }
}

impl TryFrom<f64> for Temperature {
    type Error = FieldError;
    fn try_from(value: f64) -> Result<Self, Self::Error> {
        Self::new("temperature_c", value)
    }
}

impl From<Temperature> for f64 {
    fn from(value: Temperature) -> Self {
        value.0
    }
}

/// A symptom on the declaration's checklist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Symptom {
    Fever,
    Cough,
    Fatigue,
    SoreThroat,
    ShortnessOfBreath,
    Diarrhea,
    LossOfTasteOrSmell,
}

impl Symptom {
    pub const ALL: [Symptom; 7] = [
        Symptom::Fever,
        Symptom::Cough,
        Symptom::Fatigue,
        Symptom::SoreThroat,
        Symptom::ShortnessOfBreath,
        Symptom::Diarrhea,
        Symptom::LossOfTasteOrSmell,
    ];

    pub fn name_zh(self) -> &'static str {
        match self {
            Symptom::Fever => "发热",
            Symptom::Cough => "咳嗽",
            Symptom::Fatigue => "乏力",
            Symptom::SoreThroat => "咽痛",
            Symptom::ShortnessOfBreath => "呼吸困难",
            Symptom::Diarrhea => "腹泻",
            Symptom::LossOfTasteOrSmell => "嗅觉或味觉减退",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Symptom::Fever => "Fever",
            Symptom::Cough => "Cough",
            Symptom::Fatigue => "Fatigue",
            Symptom::SoreThroat => "Sore throat",
            Symptom::ShortnessOfBreath => "Shortness of breath",
            Symptom::Diarrhea => "Diarrhoea",
            Symptom::LossOfTasteOrSmell => "Loss of taste or smell",
        }
    }
}

/// Contact with cases within 14 days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ContactHistory {
    #[default]
    None,
    Confirmed,
    Suspected,
    CloseContact,
}

impl ContactHistory {
    pub const ALL: [ContactHistory; 4] = [
        ContactHistory::None,
        ContactHistory::Confirmed,
        ContactHistory::Suspected,
        ContactHistory::CloseContact,
    ];

    pub fn name_zh(self) -> &'static str {
        match self {
            ContactHistory::None => "无接触",
            ContactHistory::Confirmed => "接触过确诊病例",
            ContactHistory::Suspected => "接触过疑似病例",
            ContactHistory::CloseContact => "是密切接触者",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            ContactHistory::None => "No contact",
            ContactHistory::Confirmed => "Contact with a confirmed case",
            ContactHistory::Suspected => "Contact with a suspected case",
            ContactHistory::CloseContact => "I am a close contact",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temperature_accepts_what_people_type() {
        for (input, expected) in [
            ("36.5", 36.5),
            (" 36,5 ", 36.5),
            ("37.3℃", 37.3),
            ("36.54", 36.5),
            ("38", 38.0),
        ] {
            assert_eq!(
                Temperature::parse("temperature_c", input).unwrap().celsius(),
                expected,
                "{input}"
            );
        }
    }

    #[test]
    fn temperature_outside_a_living_range_is_refused() {
        for input in ["3.65", "365", "45", "33.9"] {
            let err = Temperature::parse("temperature_c", input).unwrap_err();
            assert_eq!(
                (err.field.as_str(), err.code),
                ("temperature_c", "range"),
                "{input}"
            );
        }
        assert_eq!(Temperature::parse("t", "abc").unwrap_err().code, "format");
        assert_eq!(Temperature::parse("t", "").unwrap_err().code, "required");
    }

    #[test]
    fn symptoms_and_contacts_use_the_wire_names() {
        assert_eq!(
            serde_json::to_string(&Symptom::LossOfTasteOrSmell).unwrap(),
            "\"loss_of_taste_or_smell\""
        );
        assert_eq!(
            serde_json::to_string(&ContactHistory::CloseContact).unwrap(),
            "\"close_contact\""
        );
    }
}
