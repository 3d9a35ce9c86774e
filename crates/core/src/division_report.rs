//! "找不到我的社区" (seed FAQ 1): a resident reports a community, village or street missing
//! from the district picker; admins see the reports grouped by place and name, add the division
//! (which closes them) or dismiss them.

use serde::{Deserialize, Serialize};

use crate::admin::MAX_DIVISION_NAME;
use crate::division::{DivisionCode, DivisionLevel};
use crate::error::{check_chars, FieldError};

/// How many open reports one account may have (a resident needs one; this stops a flood).
pub const MAX_OPEN_REPORTS_PER_ACCOUNT: i64 = 5;

/// `POST /api/v1/divisions/reports`: `name` is missing under the division `parent`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DivisionReport {
    /// The division the missing one belongs under (a county or a street/town).
    pub parent: String,
    /// The missing division's name as the resident knows it.
    pub name: String,
}

impl DivisionReport {
    /// The name must be given and at most [`MAX_DIVISION_NAME`] characters.
    pub fn validate(&self) -> Result<(), FieldError> {
        if self.name.trim().is_empty() {
            return Err(FieldError::new(
                "name",
                "required",
                "请填写社区（村）的名称",
                "Please give the name of the community (village)",
            ));
        }
        check_chars("name", &self.name, MAX_DIVISION_NAME)
    }
}

/// The key reports of one name are grouped by: spaces of any width removed, Latin letters
/// lower-cased, so "鱼梁洲 社区" and "鱼梁洲社区" are one report.
pub fn name_key(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// What the resident gets back: the report is recorded (or was already, by this account).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DivisionReported {
    pub id: String,
    /// True when this account had reported the same name under the same parent before.
    pub already: bool,
}

/// One missing division as admins see it: every open report of one name under one parent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DivisionReportView {
    /// The group's id (its first report's); dismissing or adding by it closes the whole group.
    pub id: String,
    pub parent: String,
    /// Names from the province down to the parent.
    pub parent_names: Vec<String>,
    /// The name as first reported.
    pub name: String,
    /// How many accounts reported it.
    pub reporters: u32,
    pub first_reported_at: String,
    pub last_reported_at: String,
    /// The next free code under the parent, to start the new division's form with.
    pub suggested_code: Option<String>,
}

/// `POST /api/v1/admin/division-reports/{id}/dismiss`: what the group's reporters were told.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReportOutcome {
    /// The division was added (the report's group is closed by the new division).
    Added,
    /// Not a missing division (a duplicate, a wrong place, or not a division at all).
    Dismissed,
}

impl ReportOutcome {
    /// The value stored in the database.
    pub fn wire(self) -> &'static str {
        match self {
            ReportOutcome::Added => "added",
            ReportOutcome::Dismissed => "dismissed",
        }
    }
}

/// The next free code under `parent` after its `children` (the highest one plus one), or `None`
/// for a village (it has no children) or when the numbers are used up.
pub fn suggested_code<'a>(
    parent: &DivisionCode,
    children: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let width = match parent.level() {
        DivisionLevel::Province => DivisionLevel::City,
        DivisionLevel::City => DivisionLevel::County,
        DivisionLevel::County => DivisionLevel::Town,
        DivisionLevel::Town => DivisionLevel::Village,
        DivisionLevel::Village => return None,
    }
    .code_len()
        - parent.as_str().len();
    let highest = children
        .into_iter()
        .filter_map(|c| c.strip_prefix(parent.as_str()))
        .filter(|suffix| suffix.len() == width)
        .filter_map(|suffix| suffix.parse::<u32>().ok())
        .max()
        .unwrap_or(0);
    let next = highest + 1;
    (next < 10u32.pow(width as u32)).then(|| format!("{parent}{next:0width$}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_needs_a_name_of_at_most_forty_characters() {
        let mut report = DivisionReport {
            parent: "420606100".into(),
            name: " ".into(),
        };
        assert_eq!(report.validate().unwrap_err().code, "required");
        report.name = "村".repeat(41);
        let err = report.validate().unwrap_err();
        assert_eq!((err.field.as_str(), err.code), ("name", "too_long"));
        report.name = "鱼梁洲社区".into();
        assert!(report.validate().is_ok());
    }

    #[test]
    fn names_differing_in_spaces_and_case_are_one_report() {
        assert_eq!(name_key("鱼梁洲 社区"), name_key("鱼梁洲社区"));
        assert_eq!(
            name_key("Yuliangzhou\u{3000}Village"),
            name_key("yuliangzhouvillage")
        );
        assert_ne!(name_key("鱼梁洲社区"), name_key("东津社区"));
    }

    #[test]
    fn the_suggested_code_follows_the_highest_child() {
        let town = DivisionCode::parse("parent", "420602001").unwrap();
        let kids = ["420602001001", "420602001007", "420602001003"];
        assert_eq!(suggested_code(&town, kids).as_deref(), Some("420602001008"));
        assert_eq!(suggested_code(&town, []).as_deref(), Some("420602001001"));
        let city = DivisionCode::parse("parent", "4206").unwrap();
        assert_eq!(
            suggested_code(&city, ["420602", "420684"]).as_deref(),
            Some("420685")
        );
        let full = ["420602001999"];
        assert_eq!(suggested_code(&town, full), None);
        let village = DivisionCode::parse("parent", "420602001001").unwrap();
        assert_eq!(suggested_code(&village, []), None);
    }
}
