//! Request extractors whose rejections are [`AppError`]s, so a malformed request gets the one
//! error shape, naming the offending field, instead of axum's plain-text rejection.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::error::AppError;

/// A JSON body. A type or value error names the field by its path (`itinerary[0].from`).
pub struct Json<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Json<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|_| AppError::body_too_large())?;
        parse_json(&bytes).map(Json)
    }
}

/// Parses JSON, turning serde's error into a field error.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(&mut deserializer).map_err(|err| {
        let path = err.path().to_string();
        let inner = err.into_inner();
        if inner.is_syntax() || inner.is_eof() || path == "." {
            return AppError::validation(
                "body",
                "invalid_json",
                "提交的内容不是有效的 JSON",
                format!("The request body is not valid JSON ({inner})"),
            );
        }
        AppError::validation(
            &path,
            "invalid_value",
            format!("“{path}”的值无效"),
            format!("The value of “{path}” is not valid ({inner})"),
        )
    })
}

/// Query-string parameters.
pub struct Query<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Query<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or_default();
        let deserializer = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize(deserializer)
            .map(Query)
            .map_err(|err| {
                let path = err.path().to_string();
                AppError::validation(
                    &path,
                    "invalid_value",
                    format!("参数“{path}”的值无效"),
                    format!("The parameter “{path}” is not valid"),
                )
            })
    }
}
