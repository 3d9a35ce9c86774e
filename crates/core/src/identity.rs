//! Identity documents: the five document types and their number formats.
//!
//! A person is identified by document type + number. Each type parses its own format;
//! a resident ID is checked down to its GB 11643 MOD 11-2 check digit and birth date, so a
//! mistyped number is refused at once with a precise reason (seed FAQ 12) instead of silently
//! producing no code.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::error::FieldError;

/// The wire name of the document number field.
pub const FIELD: &str = "document_number";

/// Which document a person identifies with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DocumentType {
    /// 居民身份证
    ResidentId,
    /// 港澳居民来往内地通行证
    HkMacauPermit,
    /// 台湾居民来往大陆通行证
    TaiwanPermit,
    /// 护照
    Passport,
    /// 外国人永久居留身份证
    ForeignPermanentResidentId,
}

impl DocumentType {
    pub const ALL: [DocumentType; 5] = [
        DocumentType::ResidentId,
        DocumentType::HkMacauPermit,
        DocumentType::TaiwanPermit,
        DocumentType::Passport,
        DocumentType::ForeignPermanentResidentId,
    ];

    pub fn name_zh(self) -> &'static str {
        match self {
            DocumentType::ResidentId => "居民身份证",
            DocumentType::HkMacauPermit => "港澳居民来往内地通行证",
            DocumentType::TaiwanPermit => "台湾居民来往大陆通行证",
            DocumentType::Passport => "护照",
            DocumentType::ForeignPermanentResidentId => "外国人永久居留身份证",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            DocumentType::ResidentId => "Resident ID card",
            DocumentType::HkMacauPermit => "Mainland Travel Permit for Hong Kong and Macao Residents",
            DocumentType::TaiwanPermit => "Mainland Travel Permit for Taiwan Residents",
            DocumentType::Passport => "Passport",
            DocumentType::ForeignPermanentResidentId => "Foreign Permanent Resident ID Card",
        }
    }
}

/// A document number valid for its type, normalised (trimmed, upper case).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DocumentNumber {
    kind: DocumentType,
    number: String,
    birth_date: Option<NaiveDate>,
}

fn refuse(code: &'static str, zh: impl Into<String>, en: impl Into<String>) -> FieldError {
    FieldError::new(FIELD, code, zh, en)
}

/// GB 11643-1999 MOD 11-2: the check character of the first 17 digits.
fn mod11_2_check(first17: &[u8]) -> char {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];
    let sum: u32 = first17
        .iter()
        .zip(WEIGHTS)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    CHECK[(sum % 11) as usize]
}

/// Checks an 18-character number of the GB 11643 shape (resident ID, new foreign permanent
/// resident ID): 17 digits, a check character, and a birth date at positions 7–14.
fn parse_gb11643(number: &str, today: NaiveDate) -> Result<NaiveDate, FieldError> {
    let bytes = number.as_bytes();
    if bytes.len() != 18 {
        return Err(refuse(
            "length",
            format!("证件号码应为 18 位，您输入了 {} 位", number.chars().count()),
            format!(
                "The ID number must have 18 characters; you entered {}",
                number.chars().count()
            ),
        ));
    }
    if !bytes[..17].iter().all(u8::is_ascii_digit) || !(bytes[17].is_ascii_digit() || bytes[17] == b'X') {
        return Err(refuse(
            "characters",
            "证件号码前 17 位应为数字，最后一位为数字或 X",
            "The first 17 characters must be digits and the last a digit or X",
        ));
    }
    let birth = NaiveDate::parse_from_str(&number[6..14], "%Y%m%d")
        .ok()
        .filter(|d| d.year() >= 1900 && *d <= today)
        .ok_or_else(|| {
            refuse(
                "birth_date",
                format!("证件号码第 7–14 位的出生日期 {} 不是有效日期", &number[6..14]),
                format!("Digits 7–14 ({}) are not a valid date of birth", &number[6..14]),
            )
        })?;
    let expected = mod11_2_check(&bytes[..17]);
    if bytes[17] as char != expected {
        return Err(refuse(
            "check_digit",
            "证件号码校验位不正确，请逐位核对（最后一位可能是 X）",
            "The check digit does not match; please check each digit (the last may be X)",
        ));
    }
    Ok(birth)
}

fn all(number: &str, pred: impl Fn(u8) -> bool) -> bool {
    number.bytes().all(pred)
}

impl DocumentNumber {
    /// Parses `input` as a number of document type `kind`. `today` bounds birth dates.
    pub fn parse(kind: DocumentType, input: &str, today: NaiveDate) -> Result<Self, FieldError> {
        let number: String = input
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_uppercase();
        if number.is_empty() {
            return Err(refuse(
                "required",
                "请填写证件号码",
                "Please enter the document number",
            ));
        }
        let mut birth_date = None;
        match kind {
            DocumentType::ResidentId => birth_date = Some(parse_gb11643(&number, today)?),
            DocumentType::HkMacauPermit => {
                let ok = matches!(number.as_bytes().first(), Some(b'H' | b'M'))
                    && matches!(number.len(), 9 | 11)
                    && all(&number[1..], |b| b.is_ascii_digit());
                if !ok {
                    return Err(refuse(
                        "format",
                        "港澳居民来往内地通行证号码应为 H 或 M 加 8 位数字（如 H12345678）",
                        "A Hong Kong/Macao permit number is H or M followed by 8 digits (e.g. H12345678)",
                    ));
                }
            }
            DocumentType::TaiwanPermit => {
                if !(matches!(number.len(), 8 | 10) && all(&number, |b| b.is_ascii_digit())) {
                    return Err(refuse(
                        "format",
                        "台湾居民来往大陆通行证号码应为 8 位数字",
                        "A Taiwan permit number has 8 digits",
                    ));
                }
            }
            DocumentType::Passport => {
                if !((5..=17).contains(&number.len()) && all(&number, |b| b.is_ascii_alphanumeric())) {
                    return Err(refuse(
                        "format",
                        "护照号码应为 5–17 位字母或数字",
                        "A passport number has 5 to 17 letters or digits",
                    ));
                }
            }
            DocumentType::ForeignPermanentResidentId => {
                let old = number.len() == 15
                    && all(&number[..3], |b| b.is_ascii_uppercase())
                    && all(&number[3..], |b| b.is_ascii_digit());
                if number.len() == 18 && number.starts_with('9') {
                    birth_date = Some(parse_gb11643(&number, today)?);
                } else if !old {
                    return Err(refuse(
                        "format",
                        "外国人永久居留身份证号码应为 18 位（以 9 开头）或旧版 15 位（3 位字母加 12 位数字）",
                        "A foreign permanent resident ID has 18 characters starting with 9, or (old cards) 3 letters and 12 digits",
                    ));
                }
            }
        }
        Ok(Self {
            kind,
            number,
            birth_date,
        })
    }

    pub fn kind(&self) -> DocumentType {
        self.kind
    }

    /// The full number. Only storage and hashing may use it; never show or log it.
    pub fn expose(&self) -> &str {
        &self.number
    }

    /// The date of birth encoded in the number, where the format has one.
    pub fn birth_date(&self) -> Option<NaiveDate> {
        self.birth_date
    }

    /// Whole years of age on `today`, where the birth date is known.
    pub fn age_on(&self, today: NaiveDate) -> Option<u32> {
        let birth = self.birth_date?;
        today.years_since(birth)
    }

    /// The number as it may be shown: the first and last two characters, the rest `*`.
    pub fn masked(&self) -> String {
        mask_middle(&self.number, 2, 2)
    }
}

/// Keeps `head` and `tail` characters and stars the rest (all of it for short values).
pub fn mask_middle(value: &str, head: usize, tail: usize) -> String {
    let chars: Vec<char> = value.chars().collect();
    if chars.len() <= head + tail {
        return "*".repeat(chars.len());
    }
    let mut out: String = chars[..head].iter().collect();
    out.push_str(&"*".repeat(chars.len() - head - tail));
    out.extend(&chars[chars.len() - tail..]);
    out
}

/// A person's name as shown on screen and in a code: the first character (the surname, for
/// Chinese names) and one `*`.
pub fn mask_name(name: &str) -> String {
    match name.trim().chars().next() {
        Some(first) => format!("{first}*"),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
    }

    fn resident(s: &str) -> Result<DocumentNumber, FieldError> {
        DocumentNumber::parse(DocumentType::ResidentId, s, today())
    }

    /// Builds a valid resident ID from its first 17 digits.
    fn with_check(first17: &str) -> String {
        format!("{first17}{}", mod11_2_check(first17.as_bytes()))
    }

    #[test]
    fn gb11643_check_digit_of_the_standard_example() {
        // The example number printed in GB 11643-1999 itself.
        assert_eq!(mod11_2_check(b"11010519491231002"), 'X');
        assert!(resident("11010519491231002X").is_ok());
    }

    #[test]
    fn resident_id_accepts_lower_case_x_and_spaces() {
        let id = resident(" 110105 19491231 002x ").unwrap();
        assert_eq!(id.expose(), "11010519491231002X");
        assert_eq!(id.birth_date(), NaiveDate::from_ymd_opt(1949, 12, 31));
    }

    #[test]
    fn resident_id_wrong_check_digit_is_refused_naming_the_field() {
        let err = resident("110105194912310021").unwrap_err();
        assert_eq!(err.field, "document_number");
        assert_eq!(err.code, "check_digit");
        assert!(err.zh.contains("校验位"));
        assert!(err.en.contains("check digit"));
    }

    #[test]
    fn resident_id_length_is_reported_with_the_count() {
        let err = resident("4206021990").unwrap_err();
        assert_eq!(err.code, "length");
        assert!(err.zh.contains("10 位"), "{}", err.zh);
    }

    #[test]
    fn resident_id_letters_inside_are_refused() {
        assert_eq!(resident("4206021990A1011234").unwrap_err().code, "characters");
    }

    #[test]
    fn resident_id_impossible_birth_date_is_refused() {
        // 30 February, and a birth date in the future.
        assert_eq!(
            resident(&with_check("42060219900230123")).unwrap_err().code,
            "birth_date"
        );
        assert_eq!(
            resident(&with_check("42060220301201123")).unwrap_err().code,
            "birth_date"
        );
        assert_eq!(
            resident(&with_check("42060218991231123")).unwrap_err().code,
            "birth_date"
        );
    }

    #[test]
    fn resident_id_leap_day_is_a_real_date() {
        assert!(resident(&with_check("42060220000229123")).is_ok());
        assert_eq!(
            resident(&with_check("42060219000229123")).unwrap_err().code,
            "birth_date"
        );
    }

    #[test]
    fn resident_id_with_an_abolished_region_prefix_is_accepted() {
        // 420600 was renamed long ago; old IDs keep it. Any six digits pass.
        assert!(resident(&with_check("99999919800101001")).is_ok());
    }

    #[test]
    fn resident_id_gives_age_for_the_guardian_rule() {
        let child = resident(&with_check("42060220150601002")).unwrap();
        assert_eq!(child.age_on(today()), Some(11));
    }

    #[test]
    fn empty_number_asks_for_one() {
        assert_eq!(resident("  ").unwrap_err().code, "required");
    }

    #[test]
    fn hk_macau_permit_format() {
        let p = |s| DocumentNumber::parse(DocumentType::HkMacauPermit, s, today());
        assert!(p("H12345678").is_ok());
        assert!(p("m1234567801").is_ok());
        assert_eq!(p("X12345678").unwrap_err().code, "format");
        assert_eq!(p("H1234567").unwrap_err().code, "format");
    }

    #[test]
    fn taiwan_permit_format() {
        let p = |s| DocumentNumber::parse(DocumentType::TaiwanPermit, s, today());
        assert!(p("12345678").is_ok());
        assert_eq!(p("1234567A").unwrap_err().code, "format");
    }

    #[test]
    fn passport_format() {
        let p = |s| DocumentNumber::parse(DocumentType::Passport, s, today());
        assert!(p("E12345678").is_ok());
        assert!(p("x1234567").is_ok());
        assert_eq!(p("AB12").unwrap_err().code, "format");
        assert_eq!(p("AB-123456").unwrap_err().code, "format");
    }

    #[test]
    fn foreign_permanent_resident_id_old_and_new() {
        let p = |s: &str| DocumentNumber::parse(DocumentType::ForeignPermanentResidentId, s, today());
        assert!(p("USA110019800101").is_ok());
        assert!(p(&with_check("93311019800101001")).is_ok());
        assert_eq!(p("933110198001010010").unwrap_err().code, "check_digit");
        assert_eq!(p("US1100198001010").unwrap_err().code, "format");
    }

    #[test]
    fn masks_keep_two_characters_each_side() {
        let id = resident("11010519491231002X").unwrap();
        assert_eq!(id.masked(), "11**************2X");
        assert_eq!(mask_middle("1390000111", 3, 4), "139***0111");
        assert_eq!(mask_middle("abc", 2, 2), "***");
        assert_eq!(mask_name("李华"), "李*");
        assert_eq!(mask_name(" 欧阳娜娜"), "欧*");
        assert_eq!(mask_name(""), "");
    }

    #[test]
    fn document_types_use_the_wire_names() {
        let names: Vec<String> = DocumentType::ALL
            .iter()
            .map(|t| serde_json::to_string(t).unwrap())
            .collect();
        assert_eq!(
            names,
            [
                "\"resident_id\"",
                "\"hk_macau_permit\"",
                "\"taiwan_permit\"",
                "\"passport\"",
                "\"foreign_permanent_resident_id\""
            ]
        );
    }
}
