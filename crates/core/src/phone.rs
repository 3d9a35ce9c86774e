//! Mainland China mobile numbers (the login identity and a declaration field).

use serde::{Deserialize, Serialize};

use crate::error::FieldError;
use crate::identity::mask_middle;

/// An 11-digit mainland mobile number (1 followed by 3–9 and nine digits). A leading `+86`
/// or `86`, spaces and dashes are accepted and removed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct MobileNumber(String);

impl MobileNumber {
    pub fn parse(field: &str, input: &str) -> Result<Self, FieldError> {
        let digits: String = input
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect();
        let digits = digits
            .strip_prefix("+86")
            .or_else(|| digits.strip_prefix("0086"))
            .or_else(|| (digits.len() == 13).then(|| digits.strip_prefix("86")).flatten())
            .unwrap_or(&digits);
        if digits.is_empty() {
            return Err(FieldError::new(
                field,
                "required",
                "请填写手机号码",
                "Please enter a mobile number",
            ));
        }
        let b = digits.as_bytes();
        let ok = b.len() == 11
            && b[0] == b'1'
            && (b'3'..=b'9').contains(&b[1])
            && b.iter().all(u8::is_ascii_digit);
        if !ok {
            return Err(FieldError::new(
                field,
                "format",
                "手机号码应为 11 位数字，以 1 开头",
                "A mobile number has 11 digits and starts with 1",
            ));
        }
        Ok(Self(digits.to_owned()))
    }

    /// The full number. Only storage and the SMS sender may use it; never show or log it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// `138****0000`.
    pub fn masked(&self) -> String {
        mask_middle(&self.0, 3, 4)
    }
}

impl TryFrom<String> for MobileNumber {
    type Error = FieldError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse("phone", &value)
    }
}

impl From<MobileNumber> for String {
    fn from(value: MobileNumber) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_eleven_digits_starting_13_to_19() {
        assert_eq!(
            MobileNumber::parse("phone", "13900001111").unwrap().expose(),
            "13900001111"
        );
        assert!(MobileNumber::parse("phone", "19912345678").is_ok());
    }

    #[test]
    fn strips_country_code_spaces_and_dashes() {
        for input in ["+86 139 0000 1111", "0086-139-0000-1111", "8613900001111"] {
            assert_eq!(
                MobileNumber::parse("phone", input).unwrap().expose(),
                "13900001111",
                "{input}"
            );
        }
    }

    #[test]
    fn refuses_other_shapes_naming_the_field() {
        for input in [
            "12900001111",
            "1390000111",
            "139000011112",
            "1390000111a",
            "02712345678",
        ] {
            let err = MobileNumber::parse("phone", input).unwrap_err();
            assert_eq!((err.field.as_str(), err.code), ("phone", "format"), "{input}");
        }
        assert_eq!(MobileNumber::parse("phone", "").unwrap_err().code, "required");
    }

    #[test]
    fn masks_the_middle_four() {
        assert_eq!(
            MobileNumber::parse("phone", "13800000000").unwrap().masked(),
            "138****0000"
        );
    }

    #[test]
    fn deserialising_validates() {
        assert!(serde_json::from_str::<MobileNumber>("\"13800000000\"").is_ok());
        assert!(serde_json::from_str::<MobileNumber>("\"1380000\"").is_err());
    }
}
