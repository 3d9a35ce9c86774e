//! Parse errors that name the field and say what is wrong, in zh-CN and English.

use std::fmt;

/// Why a value was refused: the wire name of the field, a stable code, and a message in both
/// languages. The app shows it at the field; the server returns it as a 422.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// Wire name of the field, e.g. `document_number` or `itinerary[1].from`.
    pub field: String,
    /// Stable machine code, e.g. `check_digit`.
    pub code: &'static str,
    pub zh: String,
    pub en: String,
}

impl FieldError {
    pub fn new(
        field: impl Into<String>,
        code: &'static str,
        zh: impl Into<String>,
        en: impl Into<String>,
    ) -> Self {
        Self {
            field: field.into(),
            code,
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The same error reported at another field (e.g. a nested path).
    pub fn at(mut self, field: impl Into<String>) -> Self {
        self.field = field.into();
        self
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.en)
    }
}

impl std::error::Error for FieldError {}

/// Refuses `text` (trimmed) longer than `max` characters, saying how many it has.
pub fn check_chars(field: &str, text: &str, max: usize) -> Result<(), FieldError> {
    let count = text.trim().chars().count();
    if count > max {
        return Err(FieldError::new(
            field,
            "too_long",
            format!("不能超过 {max} 个字（现在 {count} 个）"),
            format!("At most {max} characters (it has {count})"),
        ));
    }
    Ok(())
}
