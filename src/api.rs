//! The API client: typed calls to `/api/v1` on the same origin (the session cookie goes along),
//! errors as the server sent them.

use gloo_net::http::{Request, RequestBuilder, Response};
use healthcode_core::api::{
    AccountView, CodeView, Division, DivisionMatch, DivisionPath, ErrorBody, Health, LoginRequest, Me,
    OtpAccepted, OtpRequest, PaperCode, PersonSummary, SavedDeclaration, SessionInfo, TrustListReply,
    VerifyRequest, VerifyResult, API_PREFIX,
};
use healthcode_core::appeal::{AppealRequest, AppealView};
use healthcode_core::checkin::{CheckinAccepted, CheckinHistory, CheckinRequest};
use healthcode_core::declaration::DeclarationForm;
use healthcode_core::division_report::{DivisionReport, DivisionReported};
use healthcode_core::family::DependantRequest;
use healthcode_core::scan::{ScanBatch, ScanBatchReply, ScanReport};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::JsCast;

use crate::i18n::Locale;

/// Why a call failed, in a form the UI can show.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// No answer at all: offline, DNS, connection refused.
    Network,
    /// The server answered with its error shape (message already in the caller's language),
    /// and, for 429/503, how many seconds to wait.
    Server {
        status: u16,
        body: ErrorBody,
        retry_after: Option<u64>,
    },
    /// The server answered something unreadable (e.g. a proxy's HTML error page).
    Unexpected { status: u16 },
}

impl ApiError {
    /// The field the server named, if any.
    pub fn field(&self) -> Option<&str> {
        match self {
            ApiError::Server { body, .. } => body.field.as_deref(),
            _ => None,
        }
    }

    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Server { status, .. } | ApiError::Unexpected { status } => Some(*status),
            ApiError::Network => None,
        }
    }
}

async fn read<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    let status = response.status();
    if response.ok() {
        return response
            .json::<T>()
            .await
            .map_err(|_| ApiError::Unexpected { status });
    }
    let retry_after = response.headers().get("retry-after").and_then(|v| v.parse().ok());
    match response.json::<ErrorBody>().await {
        Ok(body) => Err(ApiError::Server {
            status,
            body,
            retry_after,
        }),
        Err(_) => Err(ApiError::Unexpected { status }),
    }
}

fn url(path: &str) -> String {
    format!("{API_PREFIX}{path}")
}

/// Sends `request`, with `body` as JSON when there is one; `Err` only when nothing came back.
async fn exchange(request: RequestBuilder, body: Option<String>) -> Result<Response, ApiError> {
    match body {
        Some(body) => {
            request
                .header("Content-Type", "application/json")
                .body(body)
                .map_err(|_| ApiError::Network)?
                .send()
                .await
        }
        None => request.send().await,
    }
    .map_err(|_| ApiError::Network)
}

async fn send<T: DeserializeOwned>(request: RequestBuilder, body: Option<String>) -> Result<T, ApiError> {
    read(exchange(request, body).await?).await
}

/// `GET /api/v1{path}` in the given UI language.
pub async fn get_json<T: DeserializeOwned>(path: &str, locale: Locale) -> Result<T, ApiError> {
    send(
        Request::get(&url(path)).header("Accept-Language", locale.tag()),
        None,
    )
    .await
}

/// `POST /api/v1{path}` with a JSON body.
pub async fn post_json<B: Serialize, T: DeserializeOwned>(
    path: &str,
    body: &B,
    locale: Locale,
) -> Result<T, ApiError> {
    let body = serde_json::to_string(body).map_err(|_| ApiError::Network)?;
    send(
        Request::post(&url(path)).header("Accept-Language", locale.tag()),
        Some(body),
    )
    .await
}

/// `PUT /api/v1{path}` with a JSON body and an `Idempotency-Key`, so a retry replays the first
/// answer instead of saving twice.
pub async fn put_json<B: Serialize, T: DeserializeOwned>(
    path: &str,
    body: &B,
    idempotency_key: &str,
    locale: Locale,
) -> Result<T, ApiError> {
    let body = serde_json::to_string(body).map_err(|_| ApiError::Network)?;
    send(
        Request::put(&url(path))
            .header("Accept-Language", locale.tag())
            .header("Idempotency-Key", idempotency_key),
        Some(body),
    )
    .await
}

/// `GET /api/v1/health`.
pub async fn health(locale: Locale) -> Result<Health, ApiError> {
    get_json("/health", locale).await
}

/// `GET /api/v1/auth/session`: the account and its persons, `None` when not logged in.
pub async fn session(locale: Locale) -> Result<Option<Me>, ApiError> {
    Ok(get_json::<SessionInfo>("/auth/session", locale).await?.me)
}

/// `GET /api/v1/persons/{id}/code`.
pub async fn code(person_id: &str, locale: Locale) -> Result<CodeView, ApiError> {
    get_json(&format!("/persons/{person_id}/code"), locale).await
}

/// `GET /api/v1/persons/{id}/declaration`; `None` before the first declaration.
pub async fn declaration(person_id: &str, locale: Locale) -> Result<Option<SavedDeclaration>, ApiError> {
    match get_json(&format!("/persons/{person_id}/declaration"), locale).await {
        Ok(saved) => Ok(Some(saved)),
        Err(err) if err.status() == Some(404) => Ok(None),
        Err(err) => Err(err),
    }
}

/// `PUT /api/v1/persons/{id}/declaration`.
pub async fn submit_declaration(
    person_id: &str,
    form: &DeclarationForm,
    idempotency_key: &str,
    locale: Locale,
) -> Result<SavedDeclaration, ApiError> {
    put_json(
        &format!("/persons/{person_id}/declaration"),
        form,
        idempotency_key,
        locale,
    )
    .await
}

/// `POST /api/v1/persons/{id}/checkins` with the `Idempotency-Key` it was queued with, so a
/// check-in sent again after a lost answer counts once.
pub async fn check_in(
    person_id: &str,
    request: &CheckinRequest,
    idempotency_key: &str,
    locale: Locale,
) -> Result<CheckinAccepted, ApiError> {
    let body = serde_json::to_string(request).map_err(|_| ApiError::Network)?;
    send(
        Request::post(&url(&format!("/persons/{person_id}/checkins")))
            .header("Accept-Language", locale.tag())
            .header("Idempotency-Key", idempotency_key),
        Some(body),
    )
    .await
}

/// `GET /api/v1/persons/{id}/checkins`: the last 30 days.
pub async fn checkin_history(person_id: &str, locale: Locale) -> Result<CheckinHistory, ApiError> {
    get_json(&format!("/persons/{person_id}/checkins"), locale).await
}

/// `POST /api/v1/persons/{id}/appeals`.
pub async fn appeal(
    person_id: &str,
    request: &AppealRequest,
    locale: Locale,
) -> Result<AppealView, ApiError> {
    post_json(&format!("/persons/{person_id}/appeals"), request, locale).await
}

/// `GET /api/v1/persons/{id}/appeals`, newest first.
pub async fn appeals(person_id: &str, locale: Locale) -> Result<Vec<AppealView>, ApiError> {
    get_json(&format!("/persons/{person_id}/appeals"), locale).await
}

/// `GET /api/v1/divisions[?parent=CODE]`: the provinces, or the children of a division.
pub async fn divisions(parent: Option<&str>, locale: Locale) -> Result<Vec<Division>, ApiError> {
    match parent {
        Some(code) => get_json(&format!("/divisions?parent={code}"), locale).await,
        None => get_json("/divisions", locale).await,
    }
}

/// `GET /api/v1/divisions/{code}`: the division and its ancestors.
pub async fn division_path(code: &str, locale: Locale) -> Result<DivisionPath, ApiError> {
    get_json(&format!("/divisions/{code}"), locale).await
}

/// `GET /api/v1/divisions/search?q=…[&within=CODE]`.
pub async fn search_divisions(
    text: &str,
    within: Option<&str>,
    locale: Locale,
) -> Result<Vec<DivisionMatch>, ApiError> {
    let q = String::from(js_sys::encode_uri_component(text));
    let path = match within {
        Some(code) => format!("/divisions/search?q={q}&within={code}&limit=20"),
        None => format!("/divisions/search?q={q}&limit=20"),
    };
    get_json(&path, locale).await
}

/// `POST /api/v1/divisions/reports`: 找不到我的社区.
pub async fn report_missing_division(
    report: &DivisionReport,
    locale: Locale,
) -> Result<DivisionReported, ApiError> {
    post_json("/divisions/reports", report, locale).await
}

/// `POST /api/v1/auth/otp`.
pub async fn request_code(phone: String, locale: Locale) -> Result<OtpAccepted, ApiError> {
    post_json("/auth/otp", &OtpRequest { phone }, locale).await
}

/// `POST /api/v1/auth/session`.
pub async fn log_in(phone: String, code: String, locale: Locale) -> Result<AccountView, ApiError> {
    post_json("/auth/session", &LoginRequest { phone, code }, locale).await
}

/// Sends a request answered 204 without a body.
async fn send_no_content(request: RequestBuilder, body: Option<String>) -> Result<(), ApiError> {
    let response = exchange(request, body).await?;
    if response.ok() {
        Ok(())
    } else {
        read::<()>(response).await
    }
}

/// `DELETE /api/v1{path}` (204, no body).
pub async fn delete(path: &str, locale: Locale) -> Result<(), ApiError> {
    send_no_content(
        Request::delete(&url(path)).header("Accept-Language", locale.tag()),
        None,
    )
    .await
}

/// `POST /api/v1{path}` of an action without a body, answered 204.
pub async fn post_action(path: &str, locale: Locale) -> Result<(), ApiError> {
    send_no_content(
        Request::post(&url(path)).header("Accept-Language", locale.tag()),
        None,
    )
    .await
}

/// `DELETE /api/v1/auth/session` (204, no body).
pub async fn log_out(locale: Locale) -> Result<(), ApiError> {
    delete("/auth/session", locale).await
}

/// `POST /api/v1/persons`: adds a dependant (新增家属).
pub async fn add_dependant(request: &DependantRequest, locale: Locale) -> Result<PersonSummary, ApiError> {
    post_json("/persons", request, locale).await
}

/// `PUT /api/v1/persons/{id}`: changes a dependant's relation.
pub async fn update_dependant(
    person_id: &str,
    request: &DependantRequest,
    locale: Locale,
) -> Result<PersonSummary, ApiError> {
    let body = serde_json::to_string(request).map_err(|_| ApiError::Network)?;
    send(
        Request::put(&url(&format!("/persons/{person_id}"))).header("Accept-Language", locale.tag()),
        Some(body),
    )
    .await
}

/// `DELETE /api/v1/persons/{id}`: removes a dependant from this account.
pub async fn remove_dependant(person_id: &str, locale: Locale) -> Result<(), ApiError> {
    delete(&format!("/persons/{person_id}"), locale).await
}

/// `POST /api/v1/persons/{id}/paper-codes`: a new printed card (with its token).
pub async fn issue_paper_code(person_id: &str, locale: Locale) -> Result<PaperCode, ApiError> {
    post_json(&format!("/persons/{person_id}/paper-codes"), &(), locale).await
}

/// `GET /api/v1/persons/{id}/paper-codes`: the printed cards, newest first.
pub async fn paper_codes(person_id: &str, locale: Locale) -> Result<Vec<PaperCode>, ApiError> {
    get_json(&format!("/persons/{person_id}/paper-codes"), locale).await
}

/// `POST /api/v1/persons/{id}/paper-codes/{card}/lost`: 挂失.
pub async fn report_lost(person_id: &str, card: &str, locale: Locale) -> Result<PaperCode, ApiError> {
    post_json(
        &format!("/persons/{person_id}/paper-codes/{card}/lost"),
        &(),
        locale,
    )
    .await
}

/// `GET /api/v1/trust-list`: the issuer keys a checkpoint verifies against, with server time.
pub async fn trust_list(locale: Locale) -> Result<TrustListReply, ApiError> {
    get_json("/trust-list", locale).await
}

/// `POST /api/v1/verify`, given up after `timeout_ms` (a checkpoint queue does not wait for a
/// slow network: the offline verdict stands).
pub async fn verify(token: &str, timeout_ms: i32, locale: Locale) -> Result<VerifyResult, ApiError> {
    let controller = web_sys::AbortController::new().map_err(|_| ApiError::Network)?;
    let abort = {
        let controller = controller.clone();
        wasm_bindgen::closure::Closure::once_into_js(move || controller.abort())
    };
    let timer = web_sys::window().and_then(|w| {
        w.set_timeout_with_callback_and_timeout_and_arguments_0(abort.unchecked_ref(), timeout_ms)
            .ok()
    });
    let body = serde_json::to_string(&VerifyRequest {
        token: token.to_owned(),
    })
    .map_err(|_| ApiError::Network)?;
    let signal = controller.signal();
    let answer = send(
        Request::post(&url("/verify"))
            .header("Accept-Language", locale.tag())
            .abort_signal(Some(&signal)),
        Some(body),
    )
    .await;
    if let (Some(window), Some(timer)) = (web_sys::window(), timer) {
        window.clear_timeout_with_handle(timer);
    }
    answer
}

/// `POST /checkpoint/scans/batch`: queued scan counts, at most `MAX_SCAN_BATCH`.
pub async fn report_scans(reports: &[ScanReport], locale: Locale) -> Result<ScanBatchReply, ApiError> {
    let batch = ScanBatch {
        reports: reports.to_vec(),
    };
    post_json("/checkpoint/scans/batch", &batch, locale).await
}

impl ApiError {
    /// What to tell the user, in their language.
    pub fn message(&self, t: &crate::i18n::Strings) -> String {
        match self {
            ApiError::Server { body, .. } => body.message.clone(),
            ApiError::Network | ApiError::Unexpected { .. } => t.network_error.to_owned(),
        }
    }

    /// Seconds the server asked us to wait (429, 503).
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            ApiError::Server { retry_after, .. } => *retry_after,
            _ => None,
        }
    }
}
