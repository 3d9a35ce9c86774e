//! Rule and list administration (admins, in the staff console): risk areas, the health
//! authorities' lists (流调复核), divisions the dataset lacks, staff grants, and an appeal's
//! detail at the appeal desk.

use serde::{Deserialize, Serialize};

use crate::api::{CodeReason, SavedDeclaration};
use crate::appeal::{AdminAppealView, OverrideView};
use crate::checkin::ColourChange;
use crate::error::{check_chars, FieldError};
use crate::identity::DocumentType;
use crate::staff::Role;

/// How risky a listed area is: arrivals from a high-risk area are red, from a medium one yellow
/// (thresholds in the rule configuration).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RiskLevel {
    Medium,
    High,
}

impl RiskLevel {
    pub fn name_zh(self) -> &'static str {
        match self {
            RiskLevel::Medium => "中风险",
            RiskLevel::High => "高风险",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            RiskLevel::Medium => "Medium risk",
            RiskLevel::High => "High risk",
        }
    }
}

/// One entry of the risk-area list as shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RiskAreaView {
    pub code: String,
    pub name: String,
    pub level: RiskLevel,
    pub note: Option<String>,
    pub since: String,
}

/// `PUT /api/v1/admin/risk-areas/{code}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RiskAreaRequest {
    pub level: RiskLevel,
    #[serde(default)]
    pub note: Option<String>,
}

/// The longest note on a list entry.
pub const MAX_ADMIN_NOTE: usize = 200;

impl RiskAreaRequest {
    pub fn validate(&self) -> Result<(), FieldError> {
        check_chars("note", self.note.as_deref().unwrap_or_default(), MAX_ADMIN_NOTE)
    }
}

/// Why a health authority lists a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AuthorityCategory {
    /// 确诊病例.
    Confirmed,
    /// 疑似病例.
    Suspected,
    /// 密切接触者.
    CloseContact,
}

impl AuthorityCategory {
    pub const ALL: [AuthorityCategory; 3] = [
        AuthorityCategory::Confirmed,
        AuthorityCategory::Suspected,
        AuthorityCategory::CloseContact,
    ];

    pub fn name_zh(self) -> &'static str {
        match self {
            AuthorityCategory::Confirmed => "确诊病例",
            AuthorityCategory::Suspected => "疑似病例",
            AuthorityCategory::CloseContact => "密切接触者",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            AuthorityCategory::Confirmed => "confirmed case",
            AuthorityCategory::Suspected => "suspected case",
            AuthorityCategory::CloseContact => "close contact",
        }
    }

    /// The category named in an imported file: the wire name or the Chinese word.
    pub fn from_text(text: &str) -> Option<Self> {
        let text = text.trim();
        AuthorityCategory::ALL
            .into_iter()
            .find(|c| crate::wire::name(c) == text || c.name_zh() == text)
    }
}

/// One person on an authority list, as imported (the number is hashed on arrival and never
/// stored).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuthorityEntry {
    pub document_type: DocumentType,
    pub document_number: String,
    pub category: AuthorityCategory,
}

/// Reads an authority's CSV — `document type,document number,category` a line, the type and
/// category as wire names or Chinese words, a header line allowed — into entries, each with its
/// 1-based line number; a line that cannot be read is `None` (the console names it).
pub fn read_authority_csv(text: &str) -> Vec<(usize, Option<AuthorityEntry>)> {
    text.lines()
        .enumerate()
        .map(|(i, line)| (i + 1, line.trim().trim_start_matches('\u{feff}')))
        .filter(|(_, line)| !line.is_empty())
        .filter(|(_, line)| !(line.contains("证件号码") || line.contains("document_number")))
        .map(|(n, line)| {
            let fields: Vec<&str> = line
                .split(',')
                .map(|f| f.trim().trim_matches('"').trim())
                .collect();
            let entry = match fields.as_slice() {
                [kind, number, category] => {
                    let document_type = DocumentType::ALL
                        .into_iter()
                        .find(|t| crate::wire::name(t) == *kind || t.name_zh() == *kind);
                    match (document_type, AuthorityCategory::from_text(category)) {
                        (Some(document_type), Some(category)) => Some(AuthorityEntry {
                            document_type,
                            document_number: (*number).to_owned(),
                            category,
                        }),
                        _ => None,
                    }
                }
                _ => None,
            };
            (n, entry)
        })
        .collect()
}

/// The most entries one import takes (a larger file goes in parts).
pub const MAX_AUTHORITY_ENTRIES: usize = 5_000;

/// `POST /api/v1/admin/authority-list`: entries read from the authority's CSV by the console.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuthorityImport {
    pub entries: Vec<AuthorityEntry>,
}

/// An entry the import refused, by its place in the list (0-based) and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RefusedEntry {
    pub index: usize,
    pub message: String,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuthorityImported {
    /// Entries stored (new or updated).
    pub imported: u64,
    /// Declared residents whose code was re-reviewed because they are on the list.
    pub matched: u64,
    pub refused: Vec<RefusedEntry>,
}

/// `POST /api/v1/admin/divisions`: a community or village the dataset lacks (seed FAQ 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewDivision {
    pub code: String,
    pub name: String,
    /// The residents' report (找不到我的社区) this answers: its group is closed as added.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report: Option<String>,
}

/// The longest division name.
pub const MAX_DIVISION_NAME: usize = 40;

impl NewDivision {
    pub fn validate(&self) -> Result<(), FieldError> {
        if self.name.trim().is_empty() {
            return Err(FieldError::new(
                "name",
                "required",
                "请填写名称",
                "Please give the name",
            ));
        }
        check_chars("name", &self.name, MAX_DIVISION_NAME)
    }
}

/// `POST /api/v1/admin/staff`: grants a role (and, for grid workers and officials, divisions).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GrantRequest {
    pub phone: String,
    pub role: Role,
    #[serde(default)]
    pub divisions: Vec<String>,
}

/// What a grant did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GrantView {
    pub phone_masked: String,
    pub role: Role,
    pub divisions: Vec<String>,
}

/// `GET /api/v1/admin/appeals/{id}`: everything the desk needs to decide.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppealDetail {
    pub summary: AdminAppealView,
    /// The reasons behind the current colour, as the resident reads them.
    pub reasons: Vec<CodeReason>,
    /// The newest declaration, numbers masked.
    pub declaration: Option<SavedDeclaration>,
    /// The last 30 days.
    pub colour_history: Vec<ColourChange>,
    /// Every proposal on this appeal, oldest first.
    pub overrides: Vec<OverrideView>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_are_read_by_wire_name_or_chinese_word() {
        assert_eq!(
            AuthorityCategory::from_text("close_contact"),
            Some(AuthorityCategory::CloseContact)
        );
        assert_eq!(
            AuthorityCategory::from_text(" 确诊病例 "),
            Some(AuthorityCategory::Confirmed)
        );
        assert_eq!(AuthorityCategory::from_text("密接"), None);
    }

    #[test]
    fn an_authority_csv_is_read_line_by_line_with_its_header_and_bad_lines_named() {
        let text = "\u{feff}证件类型,证件号码,类别\n居民身份证,11010519491231002X,确诊病例\n\npassport,\"E1234567\",close_contact\n居民身份证,123\n";
        let read = read_authority_csv(text);
        assert_eq!(read.len(), 3);
        assert_eq!(read[0].0, 2);
        let first = read[0].1.as_ref().unwrap();
        assert_eq!(first.document_type, DocumentType::ResidentId);
        assert_eq!(first.category, AuthorityCategory::Confirmed);
        assert_eq!(read[1].0, 4);
        assert_eq!(read[1].1.as_ref().unwrap().document_number, "E1234567");
        assert_eq!(read[2], (5, None));
    }

    #[test]
    fn a_new_division_needs_a_name_of_at_most_forty_characters() {
        let mut d = NewDivision {
            code: "420606100001".into(),
            name: "  ".into(),
            report: None,
        };
        assert_eq!(d.validate().unwrap_err().code, "required");
        d.name = "鱼".repeat(41);
        assert_eq!(d.validate().unwrap_err().field, "name");
        d.name = "鱼梁洲社区".into();
        assert!(d.validate().is_ok());
    }

    #[test]
    fn a_risk_area_note_has_a_limit() {
        let r = RiskAreaRequest {
            level: RiskLevel::High,
            note: Some("通".repeat(201)),
        };
        assert_eq!(r.validate().unwrap_err().code, "too_long");
    }
}
