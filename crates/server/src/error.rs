//! `AppError`: every failure a handler can return, turned into the one JSON error shape.
//!
//! Internals (SQL errors, I/O) are logged and answered with a generic 500; a caller's mistake
//! is a 4xx that says what is wrong. Messages exist in zh-CN and English; [`localize`] picks the
//! caller's language from `Accept-Language` after the handler ran.

use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use healthcode_core::api::{ErrorBody, FieldProblem};
use healthcode_core::error::FieldError;

/// A failure, as the API reports it.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The resource does not exist, or the caller may not see it (never tell which).
    #[error("not found")]
    NotFound,
    /// The request body or parameters were not acceptable (the first problem found).
    #[error("invalid {}: {}", .0.field, .0.en)]
    Validation(FieldError),
    /// Several fields were not acceptable: the first is the error, all are listed.
    #[error("invalid fields")]
    Fields(Vec<FieldError>),
    /// No valid session: log in first.
    #[error("unauthorized")]
    Unauthorized,
    /// Logged in, but this account's role may not do this.
    #[error("forbidden")]
    Forbidden,
    /// A state-changing request from another site's page (CSRF), not from a configured host app.
    #[error("cross-site request")]
    CrossSite,
    /// A request body that is not JSON.
    #[error("unsupported media type")]
    UnsupportedMediaType,
    /// The request's body did not arrive within its time limit.
    #[error("body timeout")]
    BodyTimeout,
    /// The request does not fit the current state (e.g. a family cap is reached).
    #[error("conflict: {code}")]
    Conflict {
        code: &'static str,
        /// The field the conflict is about, when there is one (the app shows it there).
        field: Option<&'static str>,
        zh: String,
        en: String,
    },
    /// Too many attempts; the caller may retry after this many seconds.
    #[error("too many requests")]
    TooManyRequests {
        retry_after_secs: u64,
        zh: String,
        en: String,
    },
    /// A dependency (the database) is down; the caller may retry.
    #[error("service unavailable")]
    Unavailable,
    /// Anything unexpected; details go to the log only.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl AppError {
    /// 409 `not_declared`: the person has no declaration yet.
    pub fn not_declared() -> Self {
        Self::conflict(
            "not_declared",
            "尚未完成健康登记，请先填写",
            "No declaration yet; please declare first",
        )
    }

    /// A 409 that is not about one field.
    pub fn conflict(code: &'static str, zh: impl Into<String>, en: impl Into<String>) -> Self {
        AppError::Conflict {
            code,
            field: None,
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// 422 at `body`: more than the body limit (or a body cut off mid-read).
    pub fn body_too_large() -> Self {
        Self::validation(
            "body",
            "too_large",
            "提交的内容过大",
            "The request body is too large",
        )
    }

    /// A validation error at `field`.
    pub fn validation(field: &str, code: &'static str, zh: impl Into<String>, en: impl Into<String>) -> Self {
        AppError::Validation(FieldError::new(field, code, zh, en))
    }
}

impl From<FieldError> for AppError {
    fn from(err: FieldError) -> Self {
        AppError::Validation(err)
    }
}

impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> Self {
        match err {
            sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed => AppError::Unavailable,
            other => AppError::Internal(other.into()),
        }
    }
}

/// The error text in both languages, left on the response for [`localize`].
#[derive(Debug, Clone)]
struct Localized {
    code: &'static str,
    zh: String,
    en: String,
    field: Option<String>,
    /// Every field problem, when there are several.
    fields: Vec<FieldError>,
}

impl Localized {
    fn plain(code: &'static str, zh: &str, en: &str) -> Self {
        Self {
            code,
            zh: zh.to_owned(),
            en: en.to_owned(),
            field: None,
            fields: Vec::new(),
        }
    }

    fn of_field(err: &FieldError) -> Self {
        Self {
            code: err.code,
            zh: err.zh.clone(),
            en: err.en.clone(),
            field: Some(err.field.clone()),
            fields: Vec::new(),
        }
    }

    fn body(&self, english: bool) -> ErrorBody {
        let pick = |zh: &String, en: &String| if english { en } else { zh }.clone();
        ErrorBody {
            code: self.code.to_owned(),
            message: pick(&self.zh, &self.en),
            field: self.field.clone(),
            errors: self
                .fields
                .iter()
                .map(|f| FieldProblem {
                    field: f.field.clone(),
                    code: f.code.to_owned(),
                    message: pick(&f.zh, &f.en),
                })
                .collect(),
        }
    }
}

impl AppError {
    fn parts(&self) -> (StatusCode, Localized) {
        let plain = Localized::plain;
        match self {
            AppError::NotFound => (
                StatusCode::NOT_FOUND,
                plain("not_found", "未找到请求的内容", "Not found"),
            ),
            AppError::Validation(err) => (StatusCode::UNPROCESSABLE_ENTITY, Localized::of_field(err)),
            AppError::Fields(errors) => {
                let mut localized = errors
                    .first()
                    .map(Localized::of_field)
                    .unwrap_or_else(|| plain("invalid", "请求内容有误", "The request is not valid"));
                localized.fields = errors.clone();
                (StatusCode::UNPROCESSABLE_ENTITY, localized)
            }
            AppError::Unauthorized => (
                StatusCode::UNAUTHORIZED,
                plain(
                    "unauthorized",
                    "登录已过期，请重新登录",
                    "Your session has ended; please log in again",
                ),
            ),
            AppError::Forbidden => (
                StatusCode::FORBIDDEN,
                plain(
                    "forbidden",
                    "当前账号无权进行此操作",
                    "This account may not do this",
                ),
            ),
            AppError::CrossSite => (
                StatusCode::FORBIDDEN,
                plain(
                    "cross_site",
                    "请在健康码页面内操作，其他网站不能代为提交",
                    "Please use the health code's own pages; another site cannot submit for you",
                ),
            ),
            AppError::UnsupportedMediaType => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                plain(
                    "unsupported_media_type",
                    "提交的内容须为 JSON（Content-Type: application/json）",
                    "The request body must be JSON (Content-Type: application/json)",
                ),
            ),
            AppError::BodyTimeout => (
                StatusCode::REQUEST_TIMEOUT,
                plain(
                    "body_timeout",
                    "网络太慢，提交未完成，请重试",
                    "The network was too slow to finish sending; please try again",
                ),
            ),
            AppError::Conflict { code, field, zh, en } => {
                let mut body = plain(code, zh, en);
                body.field = field.map(str::to_owned);
                (StatusCode::CONFLICT, body)
            }
            AppError::TooManyRequests { zh, en, .. } => {
                (StatusCode::TOO_MANY_REQUESTS, plain("too_many_requests", zh, en))
            }
            AppError::Unavailable => (
                StatusCode::SERVICE_UNAVAILABLE,
                plain(
                    "unavailable",
                    "服务繁忙，请稍后重试",
                    "The service is busy, please try again shortly",
                ),
            ),
            AppError::Internal(err) => {
                tracing::error!(error = %err, "internal error");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    plain(
                        "internal",
                        "服务器内部错误，请稍后重试",
                        "Internal server error, please try again later",
                    ),
                )
            }
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, localized) = self.parts();
        let mut response = (status, Json(localized.body(false))).into_response();
        let retry_after = match &self {
            AppError::Unavailable => Some(5),
            AppError::TooManyRequests { retry_after_secs, .. } => Some(*retry_after_secs),
            _ => None,
        };
        if let Some(secs) = retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs.max(1)));
        }
        response.extensions_mut().insert(localized);
        response
    }
}

/// Whether the caller prefers English over Chinese (zh-CN is the default).
pub fn prefers_english(accept_language: Option<&HeaderValue>) -> bool {
    let Some(value) = accept_language.and_then(|v| v.to_str().ok()) else {
        return false;
    };
    // The first language tag wins; quality values are rarely used by the app or browsers
    // to put a later tag first.
    value
        .split(',')
        .next()
        .map(|tag| tag.trim().to_ascii_lowercase().starts_with("en"))
        .unwrap_or(false)
}

/// Middleware: rewrites an [`AppError`] body into the caller's language.
pub async fn localize(request: Request, next: Next) -> Response {
    let english = prefers_english(request.headers().get(header::ACCEPT_LANGUAGE));
    let mut response = next.run(request).await;
    if english {
        if let Some(localized) = response.extensions_mut().remove::<Localized>() {
            let status = response.status();
            let headers = std::mem::take(response.headers_mut());
            let mut rewritten = (status, Json(localized.body(true))).into_response();
            for (name, value) in &headers {
                if name != header::CONTENT_LENGTH {
                    rewritten.headers_mut().insert(name.clone(), value.clone());
                }
            }
            return rewritten;
        }
    }
    response
}

/// Fallback for unknown API routes: a JSON 404 rather than the app's index page.
pub async fn api_not_found() -> AppError {
    AppError::NotFound
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_only_when_it_comes_first() {
        let v = |s: &'static str| HeaderValue::from_static(s);
        assert!(prefers_english(Some(&v("en-US,en;q=0.9"))));
        assert!(!prefers_english(Some(&v("zh-CN,zh;q=0.9,en;q=0.8"))));
        assert!(!prefers_english(None));
    }

    #[test]
    fn internal_errors_hide_their_cause() {
        let err = AppError::Internal(anyhow::anyhow!(
            "UNIQUE constraint failed: accounts.phone 13800000000"
        ));
        let (status, localized) = err.parts();
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(!localized.zh.contains("1380000"));
        assert!(!localized.en.contains("UNIQUE"));
    }
}
