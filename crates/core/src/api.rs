//! Wire types of the JSON API (`/api/v1`) shared by the server and the app.

use serde::{Deserialize, Serialize};

/// The path prefix of every API route.
pub const API_PREFIX: &str = "/api/v1";

/// Whether a dependency of the server is usable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ComponentStatus {
    Ok,
    Unavailable,
}

/// Database part of the health report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DatabaseHealth {
    pub status: ComponentStatus,
    /// `sqlite` or `postgres`.
    pub backend: String,
    /// The number of the newest migration applied, when the database answered.
    pub schema_version: Option<i64>,
}

/// `GET /api/v1/health`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    pub status: ComponentStatus,
    /// The server's package version.
    pub version: String,
    pub database: DatabaseHealth,
}

/// A division as the picker lists it (`GET /api/v1/divisions?parent=CODE`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Division {
    pub code: String,
    pub name: String,
    /// 1 province … 5 village/community.
    pub level: u8,
    pub has_children: bool,
}

/// `GET /api/v1/divisions/{code}`: the division and its ancestors, province first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DivisionPath {
    pub code: String,
    pub path: Vec<Division>,
}

/// One hit of `GET /api/v1/divisions/search?q=`: the division with its full path of names,
/// e.g. 山西省 / 运城市 / 盐湖区.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DivisionMatch {
    pub code: String,
    pub name: String,
    pub level: u8,
    pub has_children: bool,
    /// Names from the province down to this division.
    pub path_names: Vec<String>,
}

/// `POST /api/v1/auth/otp`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OtpRequest {
    pub phone: String,
}

/// The answer to [`OtpRequest`]: always the same, whether or not an account exists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OtpAccepted {
    /// Seconds until another code may be requested.
    pub resend_after_secs: u64,
    /// Seconds the code stays valid.
    pub expires_in_secs: u64,
}

/// `POST /api/v1/auth/session`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    pub phone: String,
    pub code: String,
}

/// An account as its owner sees it (the phone number masked).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountView {
    pub id: String,
    pub phone_masked: String,
    pub role: String,
}

/// A person the account may act for, as listed by `GET /api/v1/me`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonSummary {
    pub id: String,
    /// `self` for the account's own person, else the dependant's relation.
    pub relation: String,
    pub relation_note: Option<String>,
    /// `None` until the first declaration.
    pub name_masked: Option<String>,
    pub declared: bool,
    pub status: Option<crate::colour::CodeStatus>,
    pub colour: Option<crate::colour::Colour>,
}

/// `GET /api/v1/me`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub account: AccountView,
    pub persons: Vec<PersonSummary>,
}

/// `GET|PUT /api/v1/persons/{id}/declaration` answer: the saved declaration exactly as stored,
/// except that the document and phone numbers are masked. Sending a masked value back
/// unchanged in a `PUT` keeps the saved number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SavedDeclaration {
    pub version: i64,
    pub submitted_at: String,
    #[serde(flatten)]
    pub declaration: crate::declaration::DeclarationForm,
    /// Set when this declaration linked the account to a person another account had already
    /// declared (same document): the id to use from now on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub linked_person: Option<String>,
}

/// One reason for a colour (`rule` id and a message in the caller's language).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CodeReason {
    pub rule: String,
    pub message: String,
}

/// `GET /api/v1/persons/{id}/code`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CodeView {
    pub status: crate::colour::CodeStatus,
    pub colour: Option<crate::colour::Colour>,
    pub reasons: Vec<CodeReason>,
    /// RFC 3339; a green code's validity.
    pub valid_until: Option<String>,
    pub name_masked: Option<String>,
    pub document_masked: Option<String>,
    /// The live token for the QR (expires within 5 minutes).
    pub token: Option<String>,
    pub token_expires_at: Option<String>,
    /// A longer-lived token for showing offline.
    pub offline_token: Option<String>,
    pub offline_expires_at: Option<String>,
    /// The server's time when it answered (RFC 3339), to anchor the device's clock.
    pub server_time: String,
    /// What would change the colour, in the caller's language (e.g. 再连续打卡 5 天无异常可转为绿码).
    #[serde(default)]
    pub next_step: Option<String>,
    /// For a dependant's code (家属码): the applicant (this account's own person) and the
    /// relation, as the token carries them.
    #[serde(default)]
    pub dependant: Option<crate::token::DependantClaims>,
    /// How the relation reads (the note for 其他).
    #[serde(default)]
    pub relation_text: Option<String>,
}

/// A printed code (纸质码): `POST /api/v1/persons/{id}/paper-codes` → 201, and the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaperCode {
    pub id: String,
    /// The paper token for the QR; only in the answer that issued it.
    pub token: Option<String>,
    pub colour: crate::colour::Colour,
    pub issued_at: String,
    pub valid_until: String,
    pub name_masked: String,
    pub document_masked: String,
    pub dependant: Option<crate::token::DependantClaims>,
    pub relation_text: Option<String>,
    /// Set once the card was reported lost (挂失).
    pub revoked_at: Option<String>,
}

/// `GET /api/v1/trust-list`: the issuer keys, and the server's time when it answered so a
/// checkpoint device can tell the list's age and anchor its clock for offline verification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrustListReply {
    #[serde(flatten)]
    pub list: crate::token::TrustList,
    /// RFC 3339.
    pub server_time: String,
}

/// `POST /api/v1/verify`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VerifyRequest {
    pub token: String,
}

/// The online check of a token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VerifyResult {
    pub valid: bool,
    /// The colour now (the person's current code where this server knows them).
    pub colour: Option<crate::colour::Colour>,
    pub kind: Option<crate::token::CodeKind>,
    pub name_masked: Option<String>,
    pub applicant_masked: Option<String>,
    pub relation: Option<crate::family::Relation>,
    pub expires_at: Option<String>,
    /// Why not valid: `bad_signature`, `unknown_key`, `expired`, `revoked`, …
    pub reason: Option<String>,
    pub message: Option<String>,
}

/// `GET /api/v1/auth/session`: who is logged in, without a 401 for visitors (so a first visit
/// shows no error in the browser console).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionInfo {
    /// `None` when not logged in.
    pub me: Option<Me>,
}

/// The one error shape of the API: a stable machine code, a human message in the caller's
/// language and, for validation errors, the offending field (wire name, e.g. `document_number`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Every field problem, when a whole form was refused (the first is `field`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldProblem>,
}

/// One refused field of a form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldProblem {
    pub field: String,
    pub code: String,
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_body_omits_absent_field_and_round_trips() {
        let body = ErrorBody {
            code: "not_found".into(),
            message: "未找到".into(),
            field: None,
            errors: Vec::new(),
        };
        let json = serde_json::to_string(&body).unwrap();
        assert_eq!(json, r#"{"code":"not_found","message":"未找到"}"#);
        let back: ErrorBody = serde_json::from_str(&json).unwrap();
        assert_eq!(back, body);
    }

    #[test]
    fn health_uses_snake_case_statuses() {
        let health = Health {
            status: ComponentStatus::Unavailable,
            version: "0.1.0".into(),
            database: DatabaseHealth {
                status: ComponentStatus::Unavailable,
                backend: "sqlite".into(),
                schema_version: None,
            },
        };
        let value = serde_json::to_value(&health).unwrap();
        assert_eq!(value["status"], "unavailable");
        assert_eq!(value["database"]["status"], "unavailable");
    }
}
