//! The code's colour and status.

use serde::{Deserialize, Serialize};

/// 绿码 / 黄码 / 红码. Green passes after a temperature check; yellow and red do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Colour {
    Green,
    Yellow,
    Red,
}

impl Colour {
    /// Whether a checkpoint lets the bearer through (after taking their temperature).
    pub fn passes(self) -> bool {
        self == Colour::Green
    }

    /// The colour word, so the code never relies on colour alone.
    pub fn word_zh(self) -> &'static str {
        match self {
            Colour::Green => "绿码",
            Colour::Yellow => "黄码",
            Colour::Red => "红码",
        }
    }

    pub fn word_en(self) -> &'static str {
        match self {
            Colour::Green => "Green code",
            Colour::Yellow => "Yellow code",
            Colour::Red => "Red code",
        }
    }

    /// One letter for the compact token payload.
    pub fn letter(self) -> char {
        match self {
            Colour::Green => 'G',
            Colour::Yellow => 'Y',
            Colour::Red => 'R',
        }
    }

    pub fn from_letter(letter: char) -> Option<Self> {
        Some(match letter {
            'G' => Colour::Green,
            'Y' => Colour::Yellow,
            'R' => Colour::Red,
            _ => return None,
        })
    }
}

/// 审核中 until the automatic review has assigned a colour, then 已赋码.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CodeStatus {
    Pending,
    Issued,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_green_passes() {
        assert!(Colour::Green.passes());
        assert!(!Colour::Yellow.passes());
        assert!(!Colour::Red.passes());
    }

    #[test]
    fn letters_round_trip() {
        for c in [Colour::Green, Colour::Yellow, Colour::Red] {
            assert_eq!(Colour::from_letter(c.letter()), Some(c));
        }
        assert_eq!(Colour::from_letter('B'), None);
    }

    #[test]
    fn wire_names_are_lower_case_words() {
        assert_eq!(serde_json::to_string(&Colour::Yellow).unwrap(), "\"yellow\"");
        assert_eq!(
            serde_json::to_string(&CodeStatus::Pending).unwrap(),
            "\"pending\""
        );
    }
}
