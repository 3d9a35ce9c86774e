//! `Idempotency-Key`: a client that lost the answer sends the same request again with the same
//! key and gets the first answer back instead of a second write (a declaration version, a
//! check-in queued offline and sent twice).

use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::error::AppError;
use crate::secrets::sha256_hex;
use crate::AppState;

/// The request's key, 8–128 characters. `None` when absent and not `required`.
pub fn key(headers: &HeaderMap, required: bool) -> Result<Option<String>, AppError> {
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .unwrap_or_default();
    if key.is_empty() && !required {
        return Ok(None);
    }
    if !(8..=128).contains(&key.len()) {
        return Err(AppError::validation(
            "Idempotency-Key",
            "required",
            "缺少请求标识（Idempotency-Key，8–128 个字符），请刷新页面后重试",
            "The Idempotency-Key header (8–128 characters) is required",
        ));
    }
    Ok(Some(key.to_owned()))
}

/// What identifies a request for its key: the resource and the exact body.
pub fn request_hash(resource: &str, body: &[u8]) -> String {
    sha256_hex(&format!("{resource}\n{}", String::from_utf8_lossy(body)))
}

/// The stored answer to an earlier request with this key, or `None` to go on. The same key
/// with a different body is the client's mistake (422), never a silent replay.
pub async fn replay(
    state: &AppState,
    account_id: &str,
    key: &str,
    request_hash: &str,
) -> Result<Option<Response>, AppError> {
    let Some(reply) = state.store.idempotent_reply(account_id, key).await? else {
        return Ok(None);
    };
    if reply.request_hash != request_hash {
        return Err(AppError::validation(
            "Idempotency-Key",
            "reused",
            "该请求标识已用于另一次提交，请刷新页面后重试",
            "This Idempotency-Key was already used for a different request",
        ));
    }
    let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::OK);
    Ok(Some(
        (status, [("content-type", "application/json")], reply.body).into_response(),
    ))
}
