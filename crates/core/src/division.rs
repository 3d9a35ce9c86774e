//! Administrative division codes (统计用区划代码): province → city → county → town → village.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::FieldError;

/// The level of a division, by the length of its code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DivisionLevel {
    /// 省级, 2 digits
    Province,
    /// 地级, 4 digits
    City,
    /// 县级, 6 digits
    County,
    /// 乡级 (街道/镇/乡), 9 digits
    Town,
    /// 村级 (社区/村), 12 digits
    Village,
}

impl DivisionLevel {
    pub fn code_len(self) -> usize {
        match self {
            DivisionLevel::Province => 2,
            DivisionLevel::City => 4,
            DivisionLevel::County => 6,
            DivisionLevel::Town => 9,
            DivisionLevel::Village => 12,
        }
    }

    fn from_len(len: usize) -> Option<Self> {
        Some(match len {
            2 => DivisionLevel::Province,
            4 => DivisionLevel::City,
            6 => DivisionLevel::County,
            9 => DivisionLevel::Town,
            12 => DivisionLevel::Village,
            _ => return None,
        })
    }
}

/// A division code of 2, 4, 6, 9 or 12 digits, e.g. `420602` (襄阳市襄城区).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DivisionCode(String);

impl DivisionCode {
    pub fn parse(field: &str, input: &str) -> Result<Self, FieldError> {
        let code = input.trim();
        if code.is_empty() {
            return Err(FieldError::new(
                field,
                "required",
                "请选择地区",
                "Please choose a place",
            ));
        }
        if !code.bytes().all(|b| b.is_ascii_digit()) || DivisionLevel::from_len(code.len()).is_none() {
            return Err(FieldError::new(
                field,
                "format",
                "地区代码应为 2、4、6、9 或 12 位数字",
                "A division code has 2, 4, 6, 9 or 12 digits",
            ));
        }
        if code.starts_with("00") {
            return Err(FieldError::new(
                field,
                "format",
                "地区代码不存在",
                "There is no such division code",
            ));
        }
        Ok(Self(code.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn level(&self) -> DivisionLevel {
        DivisionLevel::from_len(self.0.len()).expect("checked at parse")
    }

    /// The enclosing division (`None` for a province).
    pub fn parent(&self) -> Option<DivisionCode> {
        let len = match self.level() {
            DivisionLevel::Province => return None,
            DivisionLevel::City => 2,
            DivisionLevel::County => 4,
            DivisionLevel::Town => 6,
            DivisionLevel::Village => 9,
        };
        Some(Self(self.0[..len].to_owned()))
    }

    /// This code and every enclosing one, from the province down.
    pub fn ancestry(&self) -> Vec<DivisionCode> {
        let mut chain = vec![self.clone()];
        while let Some(parent) = chain.last().and_then(DivisionCode::parent) {
            chain.push(parent);
        }
        chain.reverse();
        chain
    }

    /// Whether `self` is `other` or lies inside it.
    pub fn is_within(&self, other: &DivisionCode) -> bool {
        self.0.starts_with(&other.0)
    }
}

impl fmt::Display for DivisionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for DivisionCode {
    type Error = FieldError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse("division", &value)
    }
}

impl From<DivisionCode> for String {
    fn from(value: DivisionCode) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(s: &str) -> DivisionCode {
        DivisionCode::parse("division", s).unwrap()
    }

    #[test]
    fn levels_follow_the_code_length() {
        assert_eq!(code("14").level(), DivisionLevel::Province);
        assert_eq!(code("1408").level(), DivisionLevel::City);
        assert_eq!(code("140802").level(), DivisionLevel::County);
        assert_eq!(code("140802001").level(), DivisionLevel::Town);
        assert_eq!(code("140802001001").level(), DivisionLevel::Village);
    }

    #[test]
    fn other_lengths_and_non_digits_are_refused() {
        for bad in ["1", "140", "14080", "1408020011", "14080200100a", "001234"] {
            let err = DivisionCode::parse("residence_division", bad).unwrap_err();
            assert_eq!(err.field, "residence_division", "{bad}");
        }
        assert_eq!(DivisionCode::parse("x", "").unwrap_err().code, "required");
    }

    #[test]
    fn ancestry_runs_from_province_to_self() {
        let chain: Vec<String> = code("140802001001")
            .ancestry()
            .into_iter()
            .map(String::from)
            .collect();
        assert_eq!(chain, ["14", "1408", "140802", "140802001", "140802001001"]);
        assert!(code("420602003").is_within(&code("4206")));
        assert!(!code("420602").is_within(&code("1408")));
    }
}
