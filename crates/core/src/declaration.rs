//! The declaration (居民健康登记): its wire form, and validation step by step.
//!
//! [`DeclarationForm`] is what `PUT /api/v1/persons/{id}/declaration` takes and `GET` returns
//! (field names as in DESIGN.md section 3). The app validates one form step with
//! [`DeclarationForm::validate_step`] before 下一步; the server validates the whole form with
//! [`DeclarationForm::validate`]. Both run this code, so they always agree.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::division::{DivisionCode, DivisionLevel};
use crate::error::FieldError;
use crate::health::{ContactHistory, Symptom, Temperature};
use crate::identity::{DocumentNumber, DocumentType};
use crate::phone::MobileNumber;

/// Sex as recorded on the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    Male,
    Female,
}

/// One place on the 14-day itinerary: a division in China or a country abroad.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ItineraryStop {
    pub division: Option<String>,
    pub country: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// Below this age a guardian must consent to the declaration (PIPL art. 31).
pub const CONSENT_AGE: u32 = 14;

/// The declaration as sent and stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct DeclarationForm {
    pub name: String,
    pub sex: Option<Sex>,
    /// ISO 3166-1 alpha-3 (GB/T 2659), e.g. `CHN`.
    pub nationality: String,
    pub document_type: DocumentType,
    pub document_number: String,
    pub phone: String,
    pub residence_division: String,
    pub residence_address: String,
    /// 外来进入: came into the province from outside (seed FAQ 13).
    pub from_outside_province: bool,
    pub origin_division: Option<String>,
    pub origin_country: Option<String>,
    pub arrival_date: Option<NaiveDate>,
    pub itinerary: Vec<ItineraryStop>,
    /// `None` means 暂不确定 (not yet known, seed FAQ 11).
    pub planned_departure: Option<NaiveDate>,
    pub temperature_c: Option<f64>,
    pub symptoms: Vec<Symptom>,
    pub contact_history: ContactHistory,
    pub isolation_start: Option<NaiveDate>,
    /// 防疫值守人员: exempt from home isolation (seed FAQ 3).
    pub on_duty_worker: bool,
    /// 本人郑重承诺.
    pub commitment: bool,
    /// A guardian's consent to declare a child under 14 (PIPL art. 31); required for them.
    pub guardian_consent: bool,
}

impl Default for DeclarationForm {
    fn default() -> Self {
        Self {
            name: String::new(),
            sex: None,
            nationality: "CHN".into(),
            document_type: DocumentType::ResidentId,
            document_number: String::new(),
            phone: String::new(),
            residence_division: String::new(),
            residence_address: String::new(),
            from_outside_province: false,
            origin_division: None,
            origin_country: None,
            arrival_date: None,
            itinerary: Vec::new(),
            planned_departure: None,
            temperature_c: None,
            symptoms: Vec::new(),
            contact_history: ContactHistory::None,
            isolation_start: None,
            on_duty_worker: false,
            commitment: false,
            guardian_consent: false,
        }
    }
}

/// The steps of the form, in order; the app puts the step in the URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Step {
    Identity,
    Residence,
    Itinerary,
    Health,
    Confirm,
}

impl Step {
    pub const ALL: [Step; 5] = [
        Step::Identity,
        Step::Residence,
        Step::Itinerary,
        Step::Health,
        Step::Confirm,
    ];

    /// The URL segment of the step.
    pub fn slug(self) -> &'static str {
        match self {
            Step::Identity => "identity",
            Step::Residence => "residence",
            Step::Itinerary => "itinerary",
            Step::Health => "health",
            Step::Confirm => "confirm",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Self> {
        Step::ALL.into_iter().find(|s| s.slug() == slug)
    }

    /// The step whose page shows this wire field (e.g. `itinerary[2].from` → 行程), so an error
    /// the server reports can be shown where the field is.
    pub fn of_field(field: &str) -> Option<Self> {
        let base = field.split(['[', '.']).next().unwrap_or_default();
        Some(match base {
            "name" | "sex" | "nationality" | "document_type" | "document_number" | "phone"
            | "guardian_consent" => Step::Identity,
            "residence_division"
            | "residence_address"
            | "from_outside_province"
            | "origin_division"
            | "origin_country"
            | "arrival_date" => Step::Residence,
            "itinerary" | "planned_departure" => Step::Itinerary,
            "temperature_c" | "symptoms" | "contact_history" | "isolation_start" | "on_duty_worker" => {
                Step::Health
            }
            "commitment" => Step::Confirm,
            _ => return None,
        })
    }

    /// The step after this one, `None` after 确认.
    pub fn next(self) -> Option<Self> {
        Step::ALL.get(self.index() + 1).copied()
    }

    /// The step before this one, `None` before 身份信息.
    pub fn previous(self) -> Option<Self> {
        self.index().checked_sub(1).map(|i| Step::ALL[i])
    }

    /// Position in [`Step::ALL`], from 0.
    pub fn index(self) -> usize {
        Step::ALL.iter().position(|s| *s == self).unwrap_or_default()
    }
}

/// Longest name accepted (characters); long foreign names fit.
pub const MAX_NAME_CHARS: usize = 50;
/// Longest detailed address accepted (characters).
pub const MAX_ADDRESS_CHARS: usize = 100;
/// Most itinerary stops accepted.
pub const MAX_ITINERARY_STOPS: usize = 20;

/// A declaration that passed every check: the parsed identity, ready to store and review.
#[derive(Debug, Clone, PartialEq)]
pub struct Declaration {
    pub form: DeclarationForm,
    pub document: DocumentNumber,
    pub phone: MobileNumber,
    pub residence: DivisionCode,
    pub temperature: Temperature,
}

fn required(field: &str, zh: &str, en: &str) -> FieldError {
    FieldError::new(field, "required", zh, en)
}

fn check_country(field: &str, code: &str) -> Result<(), FieldError> {
    if code.is_empty() {
        return Err(required(
            field,
            "请选择国家或地区",
            "Please choose the country or region",
        ));
    }
    if code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()) {
        Ok(())
    } else {
        Err(FieldError::new(
            field,
            "format",
            "国家或地区代码应为 3 个大写字母（如 CHN）",
            "A country code has 3 capital letters (e.g. CHN)",
        ))
    }
}

fn check_name(name: &str) -> Result<(), FieldError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(required("name", "请填写姓名", "Please enter the name"));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(FieldError::new(
            "name",
            "too_long",
            format!("姓名不能超过 {MAX_NAME_CHARS} 个字"),
            format!("The name may have at most {MAX_NAME_CHARS} characters"),
        ));
    }
    // Letters of any script, spaces and the separators of real names (买买提·艾力, O'Neil, Jean-Luc).
    let ok = name
        .chars()
        .all(|c| c.is_alphabetic() || matches!(c, ' ' | '·' | '•' | '.' | '-' | '\''));
    if !ok {
        return Err(FieldError::new(
            "name",
            "characters",
            "姓名只能包含文字、空格和 · - ' 等分隔符，不能有数字或符号",
            "The name may contain letters, spaces and · - ' only, no digits or symbols",
        ));
    }
    Ok(())
}

fn not_after_today(field: &str, date: NaiveDate, today: NaiveDate) -> Result<(), FieldError> {
    if date > today {
        return Err(FieldError::new(
            field,
            "future",
            "日期不能晚于今天",
            "The date cannot be after today",
        ));
    }
    Ok(())
}

impl DeclarationForm {
    /// Checks one step; every problem of the step is reported, each at its own field.
    pub fn validate_step(&self, step: Step, today: NaiveDate) -> Vec<FieldError> {
        let mut errors = Vec::new();
        let mut check = |result: Result<(), FieldError>| {
            if let Err(e) = result {
                errors.push(e);
            }
        };
        match step {
            Step::Identity => {
                check(check_name(&self.name));
                if self.sex.is_none() {
                    check(Err(required("sex", "请选择性别", "Please choose the sex")));
                }
                check(check_country("nationality", &self.nationality));
                if self.document_type == DocumentType::ResidentId && self.nationality != "CHN" {
                    check(Err(FieldError::new(
                        "nationality",
                        "mismatch",
                        "使用居民身份证时国籍应为中国",
                        "With a resident ID card the nationality is China (CHN)",
                    )));
                }
                match DocumentNumber::parse(self.document_type, &self.document_number, today) {
                    Ok(document) if self.needs_guardian(&document, today) => check(Err(FieldError::new(
                        "guardian_consent",
                        "required",
                        "未满 14 周岁的儿童须由监护人勾选同意后方可登记",
                        "A child under 14 may only be declared with a guardian's consent",
                    ))),
                    Ok(_) => {}
                    Err(e) => check(Err(e)),
                }
                check(MobileNumber::parse("phone", &self.phone).map(drop));
            }
            Step::Residence => check(self.check_residence(today)),
            Step::Itinerary => errors.extend(self.itinerary_errors(today)),
            Step::Health => errors.extend(self.health_errors(today)),
            Step::Confirm => {
                if !self.commitment {
                    check(Err(FieldError::new(
                        "commitment",
                        "required",
                        "请阅读并勾选“本人郑重承诺”后再提交",
                        "Please read and tick the solemn commitment before submitting",
                    )));
                }
            }
        }
        errors
    }

    fn check_residence(&self, today: NaiveDate) -> Result<(), FieldError> {
        let residence = DivisionCode::parse("residence_division", &self.residence_division)?;
        if residence.level() < DivisionLevel::Town {
            return Err(FieldError::new(
                "residence_division",
                "too_coarse",
                "请将现居住地选择到街道（乡镇）和社区（村）",
                "Please choose the residence down to the street (town) and community (village)",
            ));
        }
        let address = self.residence_address.trim();
        if address.is_empty() {
            return Err(required(
                "residence_address",
                "请填写详细地址",
                "Please enter the detailed address",
            ));
        }
        if address.chars().count() > MAX_ADDRESS_CHARS {
            return Err(FieldError::new(
                "residence_address",
                "too_long",
                format!("详细地址不能超过 {MAX_ADDRESS_CHARS} 个字"),
                format!("The address may have at most {MAX_ADDRESS_CHARS} characters"),
            ));
        }
        if !self.from_outside_province {
            return Ok(());
        }
        match (&self.origin_division, &self.origin_country) {
            (None, None) => {
                return Err(required(
                    "origin_division",
                    "外来进入人员请选择来源地（省内外地区或境外国家）",
                    "Arrivals from outside the province: please choose where you came from",
                ))
            }
            (Some(_), Some(_)) => {
                return Err(FieldError::new(
                    "origin_country",
                    "conflict",
                    "来源地请选择国内地区或境外国家之一",
                    "Choose either a place in China or a country abroad as the origin, not both",
                ))
            }
            (Some(origin), None) => {
                let origin = DivisionCode::parse("origin_division", origin)?;
                if residence.as_str()[..2] == origin.as_str()[..2] {
                    return Err(FieldError::new(
                        "origin_division",
                        "same_province",
                        "来源地与现居住地在同一省份，不属于外来进入；请改选“否”或核对来源地",
                        "The origin is in the same province as the residence, so this is not an arrival from outside the province",
                    ));
                }
            }
            (None, Some(country)) => {
                check_country("origin_country", country)?;
                if country == "CHN" {
                    return Err(FieldError::new(
                        "origin_country",
                        "domestic",
                        "来自国内其他省份请选择地区，而不是国家",
                        "For another province of China, choose the place, not a country",
                    ));
                }
            }
        }
        let arrival = self
            .arrival_date
            .ok_or_else(|| required("arrival_date", "请填写到达日期", "Please enter the arrival date"))?;
        not_after_today("arrival_date", arrival, today)
    }

    fn itinerary_errors(&self, today: NaiveDate) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if self.itinerary.len() > MAX_ITINERARY_STOPS {
            errors.push(FieldError::new(
                "itinerary",
                "too_many",
                format!("行程最多 {MAX_ITINERARY_STOPS} 站"),
                format!("At most {MAX_ITINERARY_STOPS} places"),
            ));
        }
        for (i, stop) in self.itinerary.iter().enumerate() {
            let at = |name: &str| format!("itinerary[{i}].{name}");
            let place = match (&stop.division, &stop.country) {
                (Some(d), None) => DivisionCode::parse(&at("division"), d).map(drop),
                (None, Some(c)) => check_country(&at("country"), c),
                (None, None) => Err(required(
                    &at("division"),
                    "请选择这一站的地点",
                    "Please choose the place",
                )),
                (Some(_), Some(_)) => Err(FieldError::new(
                    at("country"),
                    "conflict",
                    "每一站请选择国内地区或境外国家之一",
                    "Choose either a place in China or a country, not both",
                )),
            };
            if let Err(e) = place {
                errors.push(e);
            }
            match (stop.from, stop.to) {
                (None, _) => errors.push(required(
                    &at("from"),
                    "请填写开始日期",
                    "Please enter the start date",
                )),
                (_, None) => errors.push(required(&at("to"), "请填写结束日期", "Please enter the end date")),
                (Some(from), Some(to)) => {
                    if from > to {
                        errors.push(FieldError::new(
                            at("to"),
                            "order",
                            "结束日期不能早于开始日期",
                            "The end date cannot be before the start date",
                        ));
                    } else if let Err(e) = not_after_today(&at("to"), to, today) {
                        errors.push(e);
                    }
                }
            }
        }
        if let Some(departure) = self.planned_departure {
            if departure < today {
                errors.push(FieldError::new(
                    "planned_departure",
                    "past",
                    "计划离开日期不能早于今天；如不确定请选择“暂不确定”",
                    "The planned departure cannot be in the past; choose “not yet known” if unsure",
                ));
            }
        }
        errors
    }

    fn health_errors(&self, today: NaiveDate) -> Vec<FieldError> {
        let mut errors = Vec::new();
        match self.temperature_c {
            None => errors.push(required(
                "temperature_c",
                "请填写体温",
                "Please enter your temperature",
            )),
            Some(t) => {
                if let Err(e) = Temperature::new("temperature_c", t) {
                    errors.push(e);
                }
            }
        }
        let mut seen = self.symptoms.clone();
        seen.sort();
        seen.dedup();
        if seen.len() != self.symptoms.len() {
            errors.push(FieldError::new(
                "symptoms",
                "duplicate",
                "症状重复",
                "A symptom is listed twice",
            ));
        }
        if let Some(start) = self.isolation_start {
            if let Err(e) = not_after_today("isolation_start", start, today) {
                errors.push(e);
            }
        }
        errors
    }

    /// Checks every step; on success returns the parsed declaration.
    /// Whether this person is a child under 14 whose guardian has not consented yet.
    fn needs_guardian(&self, document: &DocumentNumber, today: NaiveDate) -> bool {
        !self.guardian_consent && document.age_on(today).is_some_and(|age| age < CONSENT_AGE)
    }

    pub fn validate(&self, today: NaiveDate) -> Result<Declaration, Vec<FieldError>> {
        let errors: Vec<FieldError> = Step::ALL
            .iter()
            .flat_map(|step| self.validate_step(*step, today))
            .collect();
        if !errors.is_empty() {
            return Err(errors);
        }
        let parsed = (|| {
            Ok::<_, FieldError>(Declaration {
                document: DocumentNumber::parse(self.document_type, &self.document_number, today)?,
                phone: MobileNumber::parse("phone", &self.phone)?,
                residence: DivisionCode::parse("residence_division", &self.residence_division)?,
                temperature: Temperature::new("temperature_c", self.temperature_c.unwrap_or_default())?,
                form: self.normalised(today),
            })
        })();
        parsed.map_err(|e| vec![e])
    }

    /// The form as stored: trimmed text, normalised numbers, sorted symptoms.
    fn normalised(&self, today: NaiveDate) -> DeclarationForm {
        let mut form = self.clone();
        form.name = form.name.trim().to_owned();
        form.residence_address = form.residence_address.trim().to_owned();
        if let Ok(doc) = DocumentNumber::parse(form.document_type, &form.document_number, today) {
            form.document_number = doc.expose().to_owned();
        }
        if let Ok(phone) = MobileNumber::parse("phone", &form.phone) {
            form.phone = phone.expose().to_owned();
        }
        form.temperature_c = form.temperature_c.map(|t| (t * 10.0).round() / 10.0);
        form.symptoms.sort();
        if !form.from_outside_province {
            form.origin_division = None;
            form.origin_country = None;
            form.arrival_date = None;
        }
        form
    }
}

#[cfg(test)]
mod tests;
