//! Appeals (申诉, the 纠错 of GB/T 38963) and the two-person colour override that answers them.

use serde::{Deserialize, Serialize};

use crate::colour::Colour;
use crate::error::FieldError;

/// Longest note or override reason accepted (characters).
pub const MAX_NOTE_CHARS: usize = 200;

/// Why the resident thinks the colour is wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AppealReason {
    /// 信息有误: the facts behind the colour are wrong.
    WrongInformation,
    /// 已康复或已解除隔离.
    Recovered,
    /// 防疫值守人员 (seed FAQ 3).
    OnDutyWorker,
    Other,
}

impl AppealReason {
    pub const ALL: [AppealReason; 4] = [
        AppealReason::WrongInformation,
        AppealReason::Recovered,
        AppealReason::OnDutyWorker,
        AppealReason::Other,
    ];

    pub fn name_zh(self) -> &'static str {
        match self {
            AppealReason::WrongInformation => "赋码依据的信息有误",
            AppealReason::Recovered => "已康复或已解除隔离",
            AppealReason::OnDutyWorker => "本人是防疫值守人员",
            AppealReason::Other => "其他原因",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            AppealReason::WrongInformation => "The information behind the colour is wrong",
            AppealReason::Recovered => "Recovered, or isolation has ended",
            AppealReason::OnDutyWorker => "I am on duty for epidemic control",
            AppealReason::Other => "Another reason",
        }
    }
}

/// Where an appeal stands: 已提交 → 处理中 (an override is proposed) → 已处理.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AppealStatus {
    Submitted,
    InProgress,
    Resolved,
}

impl AppealStatus {
    pub fn name_zh(self) -> &'static str {
        match self {
            AppealStatus::Submitted => "已提交",
            AppealStatus::InProgress => "处理中",
            AppealStatus::Resolved => "已处理",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            AppealStatus::Submitted => "Submitted",
            AppealStatus::InProgress => "In progress",
            AppealStatus::Resolved => "Resolved",
        }
    }
}

fn check_text(field: &str, text: &str, required: bool) -> Result<(), FieldError> {
    let count = text.trim().chars().count();
    if required && count == 0 {
        return Err(FieldError::new(
            field,
            "required",
            "请填写理由",
            "Please give the reason",
        ));
    }
    if count > MAX_NOTE_CHARS {
        return Err(FieldError::new(
            field,
            "too_long",
            format!("不能超过 {MAX_NOTE_CHARS} 个字"),
            format!("At most {MAX_NOTE_CHARS} characters"),
        ));
    }
    Ok(())
}

/// `POST /api/v1/persons/{id}/appeals`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppealRequest {
    pub reason: AppealReason,
    #[serde(default)]
    pub note: Option<String>,
}

impl AppealRequest {
    pub fn validate(&self) -> Result<(), FieldError> {
        check_text("note", self.note.as_deref().unwrap_or_default(), false)
    }
}

/// An appeal as its resident sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppealView {
    pub id: String,
    pub reason: AppealReason,
    pub note: Option<String>,
    pub status: AppealStatus,
    /// What was decided, once resolved (in the admin's words).
    pub resolution: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// `POST /api/v1/admin/appeals/{id}/overrides`: one admin proposes a colour; another approves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OverrideRequest {
    pub colour: Colour,
    /// Why, shown to the resident.
    pub reason: String,
}

impl OverrideRequest {
    pub fn validate(&self) -> Result<(), FieldError> {
        check_text("reason", &self.reason, true)
    }
}

/// `POST /api/v1/admin/appeals/{id}/resolve`: closes an appeal without changing the colour.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResolveRequest {
    /// What was decided and why, shown to the resident.
    pub resolution: String,
}

impl ResolveRequest {
    pub fn validate(&self) -> Result<(), FieldError> {
        check_text("resolution", &self.resolution, true)
    }
}

/// A proposed or approved colour override.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OverrideView {
    pub id: String,
    pub appeal_id: String,
    pub colour: Colour,
    pub reason: String,
    pub proposed_by: String,
    pub proposed_at: String,
    pub approved_by: Option<String>,
    pub approved_at: Option<String>,
    /// Set when a second admin turned the proposal down (the appeal is open again).
    #[serde(default)]
    pub rejected_by: Option<String>,
    #[serde(default)]
    pub rejected_at: Option<String>,
}

/// An open appeal as an admin sees it (the person masked).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdminAppealView {
    pub appeal: AppealView,
    pub name_masked: Option<String>,
    pub colour: Option<Colour>,
    /// The rules behind the current colour.
    pub rules: Vec<String>,
    pub pending_override: Option<OverrideView>,
}

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    /// The account that acted.
    pub actor: String,
    /// `appeal.submit`, `override.propose`, `override.approve`.
    pub action: String,
    /// The appeal or override id.
    pub subject: String,
    pub detail: Option<String>,
    pub at: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_override_needs_a_reason_and_notes_have_a_limit() {
        let mut o = OverrideRequest {
            colour: Colour::Green,
            reason: "  ".into(),
        };
        assert_eq!(o.validate().unwrap_err().field, "reason");
        o.reason = "核实为防疫值守人员".into();
        assert!(o.validate().is_ok());
        let a = AppealRequest {
            reason: AppealReason::Other,
            note: Some("长".repeat(MAX_NOTE_CHARS + 1)),
        };
        assert_eq!(a.validate().unwrap_err().code, "too_long");
    }

    #[test]
    fn wire_names_are_snake_case() {
        assert_eq!(
            serde_json::to_string(&AppealReason::OnDutyWorker).unwrap(),
            "\"on_duty_worker\""
        );
        assert_eq!(
            serde_json::to_string(&AppealStatus::InProgress).unwrap(),
            "\"in_progress\""
        );
    }
}
