//! Sessions: the cookie, the logged-in account extractor, and the client address.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue};

use healthcode_core::division::DivisionCode;
use healthcode_core::staff::Role;
use healthcode_core::wire;

use crate::error::AppError;
use crate::secrets::sha256_hex;
use crate::store::Account;
use crate::AppState;

pub const SESSION_COOKIE: &str = "hc_session";
/// How long a session lasts without logging in again.
pub const SESSION_SECS: i64 = 30 * 86_400;

/// The value of cookie `name`, if the request has it.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

/// `Set-Cookie` for a new session (HttpOnly, SameSite=Lax, Secure under TLS).
pub fn session_cookie(token: &str, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={SESSION_SECS}{secure}"
    ))
    .expect("token is base64url")
}

/// `Set-Cookie` that removes the session cookie.
pub fn cleared_cookie(secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}"
    ))
    .expect("static")
}

/// Whether the request came over TLS (directly or through a proxy that says so).
pub fn is_tls(parts_headers: &HeaderMap, force: bool) -> bool {
    force
        || parts_headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.eq_ignore_ascii_case("https"))
}

/// The logged-in account; a request without a live session gets 401.
#[derive(Debug, Clone)]
pub struct CurrentAccount(pub Account);

impl FromRequestParts<AppState> for CurrentAccount {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let token = cookie(&parts.headers, SESSION_COOKIE).ok_or(AppError::Unauthorized)?;
        let account = state
            .store
            .session_account(&sha256_hex(&token), state.clock.now().timestamp())
            .await?
            .ok_or(AppError::Unauthorized)?;
        Ok(CurrentAccount(account))
    }
}

/// The logged-in account when it has the admin role; 401 without a session, 403 otherwise.
#[derive(Debug, Clone)]
pub struct AdminAccount(pub Account);

/// The role `healthcode-server admin create --role admin` grants.
pub const ADMIN_ROLE: &str = "admin";

impl FromRequestParts<AppState> for AdminAccount {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let CurrentAccount(account) = CurrentAccount::from_request_parts(parts, state).await?;
        if account.role != ADMIN_ROLE {
            return Err(AppError::Forbidden);
        }
        Ok(AdminAccount(account))
    }
}

/// The logged-in account when it may scan codes at a checkpoint (the checkpoint role, or an
/// admin); 401 without a session, 403 otherwise.
#[derive(Debug, Clone)]
pub struct CheckpointAccount(pub Account);

/// The role `healthcode-server admin create --role checkpoint` grants.
pub const CHECKPOINT_ROLE: &str = "checkpoint";

impl FromRequestParts<AppState> for CheckpointAccount {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let CurrentAccount(account) = CurrentAccount::from_request_parts(parts, state).await?;
        if account.role != CHECKPOINT_ROLE && account.role != ADMIN_ROLE {
            return Err(AppError::Forbidden);
        }
        Ok(CheckpointAccount(account))
    }
}

/// A staff account — a grid worker (网格员) or an official with their divisions, or an admin
/// (no divisions: the appeal desk and rule administration) — for the staff console; 401 without
/// a session, 403 for residents and checkpoint staff.
#[derive(Debug, Clone)]
pub struct StaffAccount {
    pub account: Account,
    pub role: Role,
    pub scopes: Vec<DivisionCode>,
}

impl StaffAccount {
    /// This account, when it has `role`; 403 otherwise.
    pub fn require(self, role: Role) -> Result<Self, AppError> {
        if self.role == role {
            Ok(self)
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// Whether `division` is one of the account's divisions or lies inside one.
    pub fn covers(&self, division: &DivisionCode) -> bool {
        self.scopes.iter().any(|scope| division.is_within(scope))
    }
}

impl FromRequestParts<AppState> for StaffAccount {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let CurrentAccount(account) = CurrentAccount::from_request_parts(parts, state).await?;
        let role = wire::parse::<Role>(&account.role)
            .filter(|r| r.is_scoped() || *r == Role::Admin)
            .ok_or(AppError::Forbidden)?;
        let scopes = state
            .store
            .staff_scopes(&account.id)
            .await?
            .iter()
            .filter_map(|code| DivisionCode::parse("division", code).ok())
            .collect();
        Ok(StaffAccount {
            account,
            role,
            scopes,
        })
    }
}

/// The client's address, for per-client rate limits (`unknown` in in-process tests).
#[derive(Debug, Clone)]
pub struct ClientAddr(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let addr = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| addr.ip().to_string())
            .unwrap_or_else(|| "unknown".into());
        Ok(ClientAddr(addr))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_session_among_other_cookies() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; hc_session=abc-_9; b=2"),
        );
        assert_eq!(cookie(&headers, SESSION_COOKIE).as_deref(), Some("abc-_9"));
        assert_eq!(cookie(&headers, "missing"), None);
    }

    #[test]
    fn session_cookie_is_http_only_lax_and_secure_under_tls() {
        let plain = session_cookie("t", false);
        let plain = plain.to_str().unwrap();
        assert!(plain.contains("HttpOnly") && plain.contains("SameSite=Lax") && !plain.contains("Secure"));
        assert!(session_cookie("t", true).to_str().unwrap().ends_with("; Secure"));
    }
}
