//! The daily check-in (健康打卡): what the app sends and what it reads back.

use serde::{Deserialize, Serialize};

use crate::colour::Colour;
use crate::division::DivisionCode;
use crate::error::FieldError;
use crate::health::{Symptom, Temperature};

/// `POST /api/v1/persons/{id}/checkins`. The day is the server's (in China), never the phone's.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckinRequest {
    pub temperature_c: f64,
    #[serde(default)]
    pub symptoms: Vec<Symptom>,
    /// Where the person is now; `None`: at the declared residence.
    #[serde(default)]
    pub location_division: Option<String>,
}

/// A check-in that passed every check.
#[derive(Debug, Clone, PartialEq)]
pub struct Checkin {
    pub temperature: Temperature,
    /// Sorted, without repeats.
    pub symptoms: Vec<Symptom>,
    pub location: Option<DivisionCode>,
}

impl CheckinRequest {
    /// Checks every field; each problem names its field.
    pub fn validate(&self) -> Result<Checkin, Vec<FieldError>> {
        let mut errors = Vec::new();
        let temperature = Temperature::new("temperature_c", self.temperature_c).map_err(|e| errors.push(e));
        let location = match self.location_division.as_deref() {
            None => Ok(None),
            Some(code) => DivisionCode::parse("location_division", code)
                .map(Some)
                .map_err(|e| errors.push(e)),
        };
        let mut symptoms = self.symptoms.clone();
        symptoms.sort();
        symptoms.dedup();
        match (temperature, location) {
            (Ok(temperature), Ok(location)) if errors.is_empty() => Ok(Checkin {
                temperature,
                symptoms,
                location,
            }),
            _ => Err(errors),
        }
    }
}

/// One check-in as the app shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckinView {
    /// `YYYY-MM-DD`, the day in China it counts for.
    pub day: String,
    /// RFC 3339.
    pub at: String,
    pub temperature_c: f64,
    pub symptoms: Vec<Symptom>,
    pub location_division: Option<String>,
}

/// The answer to a check-in: the check-in and the code it leads to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckinAccepted {
    pub checkin: CheckinView,
    pub colour: Colour,
    /// RFC 3339; a green code's new validity.
    pub valid_until: Option<String>,
    /// What would change the colour, in the caller's language.
    pub next_step: Option<String>,
}

/// One change of colour, for the history page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ColourChange {
    pub colour: Colour,
    /// The rule that caused it (e.g. `checkin_missed`).
    pub rule: String,
    /// RFC 3339.
    pub at: String,
}

/// `GET /api/v1/persons/{id}/checkins`: the last 30 days.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckinHistory {
    /// Oldest first.
    pub checkins: Vec<CheckinView>,
    /// Oldest first.
    pub colour_changes: Vec<ColourChange>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plausible_check_in_passes_with_sorted_symptoms() {
        let request = CheckinRequest {
            temperature_c: 36.54,
            symptoms: vec![Symptom::Fatigue, Symptom::Cough, Symptom::Cough],
            location_division: Some("420602".into()),
        };
        let checkin = request.validate().unwrap();
        assert_eq!(checkin.temperature.celsius(), 36.5);
        assert_eq!(checkin.symptoms, [Symptom::Cough, Symptom::Fatigue]);
        assert_eq!(checkin.location.map(String::from).as_deref(), Some("420602"));
    }

    #[test]
    fn every_bad_field_is_named() {
        let request = CheckinRequest {
            temperature_c: 365.0,
            symptoms: Vec::new(),
            location_division: Some("4206x".into()),
        };
        let fields: Vec<String> = request
            .validate()
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["temperature_c", "location_division"]);
    }
}
