//! Wire types of the JSON API (`/api/v1`) shared by the server and the app.

use serde::{Deserialize, Serialize};

/// The path prefix of every API route.
pub const API_PREFIX: &str = "/api/v1";

/// Whether a dependency of the server is usable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ComponentStatus {
    Ok,
    Unavailable,
}

/// Database part of the health report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatabaseHealth {
    pub status: ComponentStatus,
    /// `sqlite` or `postgres`.
    pub backend: String,
    /// The number of the newest migration applied, when the database answered.
    pub schema_version: Option<i64>,
}

/// `GET /api/v1/health`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    pub status: ComponentStatus,
    /// The server's package version.
    pub version: String,
    pub database: DatabaseHealth,
}

/// The one error shape of the API: a stable machine code, a human message in the caller's
/// language and, for validation errors, the offending field (wire name, e.g. `document_number`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
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
