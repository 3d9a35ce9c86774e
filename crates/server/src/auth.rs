//! Sessions: the cookie, the logged-in account extractor, and the client address.

use axum::extract::FromRequestParts;
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

/// How long a session may last, and may sit unused, for an account's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionLimits {
    pub absolute_secs: i64,
    pub idle_secs: i64,
}

impl SessionLimits {
    /// Staff who see other people's data: 12 hours, 30 minutes idle. A checkpoint sees only
    /// masked names: one shift. A resident: 30 days, 7 days idle (a code shown every day keeps
    /// it alive; a lost phone's session dies within a week).
    pub fn for_role(role: &str) -> Self {
        const HOUR: i64 = 3_600;
        let (absolute_secs, idle_secs) = match wire::parse::<Role>(role) {
            Some(Role::GridWorker | Role::Official | Role::Admin) => (12 * HOUR, HOUR / 2),
            Some(Role::Checkpoint) => (12 * HOUR, 12 * HOUR),
            Some(Role::Resident) | None => (30 * 24 * HOUR, 7 * 24 * HOUR),
        };
        Self {
            absolute_secs,
            idle_secs,
        }
    }

    /// Use is recorded at most this often (a write per request would load the one writer).
    fn touch_every(self) -> i64 {
        (self.idle_secs / 30).max(1)
    }
}

/// The account of the session `token`, if it is live: before its absolute end (by the role's
/// limit, so a changed role takes effect at once) and used within the idle limit.
pub async fn live_session(state: &AppState, token: &str) -> Result<Option<Account>, AppError> {
    let hash = sha256_hex(token);
    let now = state.clock.now().timestamp();
    let Some(row) = state.store.session_account(&hash, now).await? else {
        return Ok(None);
    };
    let limits = SessionLimits::for_role(&row.account.role);
    if now >= row.created_at + limits.absolute_secs || now >= row.last_seen_at + limits.idle_secs {
        return Ok(None);
    }
    if now - row.last_seen_at >= limits.touch_every() {
        state.store.touch_session(&hash, now).await?;
    }
    Ok(Some(row.account))
}

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

/// `Set-Cookie` for a new session of `max_age` seconds (HttpOnly, SameSite=Lax, Secure under TLS).
pub fn session_cookie(token: &str, max_age: i64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}"
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
        let account = live_session(state, &token).await?.ok_or(AppError::Unauthorized)?;
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

/// The client, for per-client rate limits: its address (an IPv6 /64), through trusted proxies
/// (`unknown` in in-process tests).
#[derive(Debug, Clone)]
pub struct ClientAddr(pub String);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        Ok(ClientAddr(crate::client::of_parts(parts, &state.limits.proxies)))
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
        let plain = session_cookie("t", 60, false);
        let plain = plain.to_str().unwrap();
        assert!(plain.contains("HttpOnly") && plain.contains("SameSite=Lax") && !plain.contains("Secure"));
        assert!(plain.contains("Max-Age=60"));
        assert!(session_cookie("t", 60, true)
            .to_str()
            .unwrap()
            .ends_with("; Secure"));
    }

    #[test]
    fn staff_sessions_are_short_and_idle_out_in_half_an_hour() {
        let admin = SessionLimits::for_role("admin");
        assert_eq!((admin.absolute_secs, admin.idle_secs), (12 * 3_600, 1_800));
        assert_eq!(SessionLimits::for_role("grid_worker"), admin);
        let resident = SessionLimits::for_role("resident");
        assert_eq!(
            (resident.absolute_secs, resident.idle_secs),
            (30 * 86_400, 7 * 86_400)
        );
        assert_eq!(SessionLimits::for_role("unheard-of"), resident);
    }
}
