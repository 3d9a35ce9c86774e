//! The wire names of the enums (`resident_id`, `on_duty_worker`, `green`), for places that keep
//! them as text: `<select>` values, database columns.

use serde::de::DeserializeOwned;
use serde::Serialize;

/// The wire name of a unit enum value; empty for anything that is not a plain string.
pub fn name<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// The enum value with this wire name.
pub fn parse<T: DeserializeOwned>(name: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(name.to_owned())).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::colour::Colour;
    use crate::identity::DocumentType;

    #[test]
    fn names_round_trip_and_unknown_names_are_none() {
        assert_eq!(name(&DocumentType::ResidentId), "resident_id");
        assert_eq!(parse::<Colour>("green"), Some(Colour::Green));
        assert_eq!(parse::<Colour>("purple"), None);
    }
}
