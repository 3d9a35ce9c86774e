//! SMS login: request a code, log in with it, log out.

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use healthcode_core::api::{AccountView, ErrorBody, LoginRequest, OtpAccepted, OtpRequest};
use healthcode_core::phone::MobileNumber;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::{
    cleared_cookie, cookie, is_tls, session_cookie, ClientAddr, SessionLimits, SESSION_COOKIE,
};
use crate::error::AppError;
use crate::extract::Json;
use crate::secrets::{random_login_code, random_token, sha256_hex};
use crate::AppState;

/// A login code is valid this long.
pub const OTP_TTL_SECS: i64 = 300;
/// Wrong attempts allowed per code; the next attempt is refused even with the right code.
pub const OTP_MAX_FAILURES: i64 = 5;
/// Codes per phone: (window seconds, most codes in it).
const PHONE_LIMITS: [(i64, usize); 3] = [(60, 1), (3_600, 5), (86_400, 10)];
/// Codes per client address per hour (a shared NAT has many residents).
const CLIENT_LIMIT_PER_HOUR: i64 = 30;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(request_code))
        .routes(routes!(log_in, log_out))
}

/// The phone number as typed, parsed, with its keyed hash (how the store knows it).
fn parse_phone(state: &AppState, input: &str) -> Result<(MobileNumber, String), AppError> {
    let phone = MobileNumber::parse("phone", input)?;
    let hash = state.pepper.hash("phone", phone.expose());
    Ok((phone, hash))
}

/// A login code is stored only as a keyed hash bound to its phone.
fn otp_hash(state: &AppState, phone: &MobileNumber, code: &str) -> String {
    state.pepper.hash("otp", &format!("{}:{code}", phone.expose()))
}

fn too_many(retry_after_secs: i64) -> AppError {
    let secs = retry_after_secs.max(1) as u64;
    let wait_zh = if secs >= 120 {
        format!("{} 分钟", secs.div_ceil(60))
    } else {
        format!("{secs} 秒")
    };
    let wait_en = if secs >= 120 {
        format!("{} minutes", secs.div_ceil(60))
    } else {
        format!("{secs} seconds")
    };
    AppError::TooManyRequests {
        retry_after_secs: secs,
        zh: format!("操作过于频繁，请 {wait_zh}后再试"),
        en: format!("Too many attempts; please try again in {wait_en}"),
    }
}

/// Seconds until a send to this phone fits every window again (0 when it fits now).
fn phone_wait(sent: &[i64], now: i64) -> i64 {
    PHONE_LIMITS
        .iter()
        .filter_map(|(window, limit)| {
            let in_window: Vec<i64> = sent.iter().copied().filter(|t| *t > now - window).collect();
            (in_window.len() >= *limit).then(|| in_window[in_window.len() - limit] + window - now)
        })
        .max()
        .unwrap_or(0)
}

/// `POST /auth/otp {phone}` → 202, whether or not the phone has an account.
#[utoipa::path(post, path = "/auth/otp", tag = "auth", request_body = OtpRequest,
    responses(
        (status = 202, description = "A code was sent (the same answer for every phone)", body = OtpAccepted),
        (status = 429, description = "Too many codes for this phone or client; see Retry-After", body = ErrorBody),
        (status = 422, description = "A parameter is not valid; `field` names it", body = ErrorBody),
    ))]
async fn request_code(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    Json(body): Json<OtpRequest>,
) -> Result<Response, AppError> {
    let (phone, phone_hash) = parse_phone(&state, &body.phone)?;
    let now = state.clock.now().timestamp();
    let sent = state.store.otp_send_times(&phone_hash, now - 86_400).await?;
    let wait = phone_wait(&sent, now);
    if wait > 0 {
        return Err(too_many(wait));
    }
    let (_, by_client) = state
        .store
        .otp_sends_since(&phone_hash, &client, now - 3_600)
        .await?;
    if by_client >= CLIENT_LIMIT_PER_HOUR {
        return Err(too_many(3_600));
    }
    let code = random_login_code();
    let code_hash = otp_hash(&state, &phone, &code);
    // Sent first: a gateway failure must not count against the resident's rate limit.
    state.sms.send_login_code(&phone, &code).await.map_err(|err| {
        tracing::error!(error = %err, "SMS sender failed");
        AppError::Unavailable
    })?;
    state
        .store
        .record_otp(&phone_hash, &client, &code_hash, now, now + OTP_TTL_SECS)
        .await?;
    let accepted = OtpAccepted {
        resend_after_secs: 60,
        expires_in_secs: OTP_TTL_SECS as u64,
    };
    Ok((StatusCode::ACCEPTED, axum::Json(accepted)).into_response())
}

fn wrong_code(zh: impl Into<String>, en: impl Into<String>) -> AppError {
    AppError::validation("code", "wrong_code", zh, en)
}

/// `POST /auth/session {phone, code}` → the account, with the session cookie.
#[utoipa::path(post, path = "/auth/session", tag = "auth", request_body = LoginRequest,
    responses(
        (status = 200, description = "Logged in; the `hc_session` cookie is set (HttpOnly, SameSite=Lax)", body = AccountView),
        (status = 429, description = "Too many wrong codes; request a new one after Retry-After", body = ErrorBody),
        (status = 422, description = "A parameter is not valid; `field` names it", body = ErrorBody),
    ))]
async fn log_in(
    State(state): State<AppState>,
    headers: HeaderMap,
    Json(body): Json<LoginRequest>,
) -> Result<Response, AppError> {
    let (phone, phone_hash) = parse_phone(&state, &body.phone)?;
    let code = body.code.trim();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(AppError::validation(
            "code",
            "format",
            "验证码为 6 位数字",
            "The code has 6 digits",
        ));
    }
    let now = state.clock.now().timestamp();
    let challenge = state
        .store
        .latest_otp(&phone_hash)
        .await?
        .filter(|c| !c.consumed && c.expires_at > now)
        .ok_or_else(|| {
            wrong_code(
                "验证码错误或已过期，请重新获取",
                "The code is wrong or has expired; please request a new one",
            )
        })?;
    if challenge.failed_attempts >= OTP_MAX_FAILURES {
        let sent = state.store.otp_send_times(&phone_hash, now - 86_400).await?;
        return Err(too_many(phone_wait(&sent, now).max(1)));
    }
    let expected = otp_hash(&state, &phone, code);
    if !constant_time_eq(expected.as_bytes(), challenge.code_hash.as_bytes()) {
        state.store.fail_otp(challenge.id).await?;
        let left = OTP_MAX_FAILURES - challenge.failed_attempts - 1;
        return Err(wrong_code(
            format!("验证码错误，还可尝试 {left} 次"),
            format!("Wrong code; {left} attempt(s) left"),
        ));
    }
    if !state.store.consume_otp(challenge.id, now).await? {
        return Err(wrong_code(
            "验证码已使用，请重新获取",
            "The code was already used; please request a new one",
        ));
    }
    let account = state
        .store
        .account_for_phone(&phone_hash, &phone.masked(), &state.clock.now().to_rfc3339())
        .await?;
    let token = random_token(32);
    let limits = SessionLimits::for_role(&account.role);
    state
        .store
        .create_session(&sha256_hex(&token), &account.id, now, now + limits.absolute_secs)
        .await?;
    let view = AccountView {
        id: account.id,
        phone_masked: account.phone_masked,
        role: account.role,
    };
    let secure = is_tls(&headers, state.secure_cookies);
    Ok((
        [(
            header::SET_COOKIE,
            session_cookie(&token, limits.absolute_secs, secure),
        )],
        axum::Json(view),
    )
        .into_response())
}

/// `DELETE /auth/session` → 204; the session ends on the server, not only in the browser.
#[utoipa::path(delete, path = "/auth/session", tag = "auth",
    responses((status = 204, description = "Logged out; the cookie is cleared")))]
async fn log_out(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, AppError> {
    if let Some(token) = cookie(&headers, SESSION_COOKIE) {
        state.store.delete_session(&sha256_hex(&token)).await?;
    }
    let secure = is_tls(&headers, state.secure_cookies);
    Ok((
        StatusCode::NO_CONTENT,
        [(header::SET_COOKIE, cleared_cookie(secure))],
    )
        .into_response())
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_limits_are_one_a_minute_five_an_hour_ten_a_day() {
        let now = 100_000;
        assert_eq!(phone_wait(&[], now), 0);
        assert_eq!(phone_wait(&[now - 20], now), 40);
        let five_in_hour: Vec<i64> = (0..5).map(|i| now - 3_000 + i * 120).collect();
        assert_eq!(phone_wait(&five_in_hour, now), 600);
        let ten_in_day: Vec<i64> = (0..10).map(|i| now - 80_000 + i * 4_000).collect();
        assert_eq!(phone_wait(&ten_in_day, now), 6_400);
    }
}
