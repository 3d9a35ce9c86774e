//! The API client: typed calls to `/api/v1` on the same origin, errors as the server sent them.

use gloo_net::http::{Request, Response};
use healthcode_core::api::{ErrorBody, Health, API_PREFIX};
use serde::de::DeserializeOwned;

use crate::i18n::Locale;

/// Why a call failed, in a form the UI can show.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// No answer at all: offline, DNS, connection refused.
    Network,
    /// The server answered with its error shape (message already in the caller's language).
    Server { status: u16, body: ErrorBody },
    /// The server answered something unreadable (e.g. a proxy's HTML error page).
    Unexpected { status: u16 },
}

async fn read<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    let status = response.status();
    if response.ok() {
        return response
            .json::<T>()
            .await
            .map_err(|_| ApiError::Unexpected { status });
    }
    match response.json::<ErrorBody>().await {
        Ok(body) => Err(ApiError::Server { status, body }),
        Err(_) => Err(ApiError::Unexpected { status }),
    }
}

/// `GET /api/v1{path}` in the given UI language.
pub async fn get_json<T: DeserializeOwned>(path: &str, locale: Locale) -> Result<T, ApiError> {
    let response = Request::get(&format!("{API_PREFIX}{path}"))
        .header("Accept-Language", locale.tag())
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    read(response).await
}

/// `GET /api/v1/health`.
pub async fn health(locale: Locale) -> Result<Health, ApiError> {
    get_json("/health", locale).await
}
