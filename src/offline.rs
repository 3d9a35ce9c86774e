//! The last code per person, kept on the device so it can be shown with no network or a failing
//! server (Beijing told residents to open the app each morning for exactly this). What is kept
//! is already masked; the QR shown from it is the offline token, which checkers see as 离线码.
//!
//! Time offline is the server's time at the fetch plus the device time elapsed since; a device
//! clock set back before the fetch makes the code expired rather than valid for longer.

use chrono::{DateTime, Utc};
use healthcode_core::api::CodeView;
use serde::{Deserialize, Serialize};

use crate::storage;

const PREFIX: &str = "hc.code.";

/// A fetched code, as kept for offline display.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CachedCode {
    /// The code as fetched, its QR token replaced by the offline token.
    pub view: CodeView,
    /// The server's clock at the fetch (ms since the epoch).
    pub server_ms: i64,
    /// The device's clock at the fetch.
    pub device_ms: f64,
}

/// What the cached code may still be used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Usable {
    /// Show it, with its QR.
    Yes,
    /// Its offline token has run out (or the device clock went back): no QR, no colour.
    Expired,
}

fn parse_ms(text: Option<&str>) -> Option<i64> {
    DateTime::parse_from_rfc3339(text?)
        .ok()
        .map(|t| t.timestamp_millis())
}

impl CachedCode {
    /// What to keep from a code fetched at `device_ms`; `None` when it has no offline token
    /// (a code under review).
    pub fn from_fetch(view: &CodeView, device_ms: f64) -> Option<Self> {
        let offline = view.offline_token.clone()?;
        Some(Self {
            view: CodeView {
                token: Some(offline),
                token_expires_at: view.offline_expires_at.clone(),
                offline_token: None,
                ..view.clone()
            },
            server_ms: parse_ms(Some(&view.server_time))?,
            device_ms,
        })
    }

    /// The server's time now, or `None` if the device clock is before the fetch.
    pub fn server_now_ms(&self, device_now_ms: f64) -> Option<i64> {
        let elapsed = device_now_ms - self.device_ms;
        (elapsed >= 0.0).then(|| self.server_ms + elapsed as i64)
    }

    /// Whether the kept code may be shown at `device_now_ms`.
    pub fn usable(&self, device_now_ms: f64) -> Usable {
        match (
            self.server_now_ms(device_now_ms),
            parse_ms(self.view.token_expires_at.as_deref()),
        ) {
            (Some(now), Some(until)) if now < until => Usable::Yes,
            _ => Usable::Expired,
        }
    }

    /// When it was fetched, on the server's clock.
    pub fn synced_at(&self) -> DateTime<Utc> {
        DateTime::from_timestamp_millis(self.server_ms).unwrap_or_default()
    }
}

/// Keeps `code` as `person`'s last code.
pub fn save(person: &str, code: &CachedCode) {
    storage::store(&format!("{PREFIX}{person}"), code);
}

/// `person`'s last code, if one is kept.
pub fn load(person: &str) -> Option<CachedCode> {
    storage::load(&format!("{PREFIX}{person}"))
}

/// Every kept code, with its person id.
pub fn all() -> Vec<(String, CachedCode)> {
    storage::keys_prefixed(PREFIX)
        .into_iter()
        .filter_map(|key| {
            let code = storage::load(&key)?;
            Some((key.strip_prefix(PREFIX)?.to_owned(), code))
        })
        .collect()
}

/// Forgets every kept code (logout).
pub fn clear_all() {
    storage::remove_prefixed(PREFIX);
}

#[cfg(test)]
mod tests {
    use super::*;
    use healthcode_core::colour::{CodeStatus, Colour};

    fn fetched() -> CodeView {
        CodeView {
            status: CodeStatus::Issued,
            colour: Some(Colour::Green),
            reasons: Vec::new(),
            valid_until: Some("2026-11-30T08:00:00+00:00".into()),
            name_masked: Some("李*".into()),
            document_masked: Some("11**************2X".into()),
            token: Some("HC1:LIVE".into()),
            token_expires_at: Some("2026-11-27T08:05:00+00:00".into()),
            offline_token: Some("HC1:OFFLINE".into()),
            offline_expires_at: Some("2026-11-28T08:00:00+00:00".into()),
            server_time: "2026-11-27T08:00:00+00:00".into(),
            next_step: None,
            dependant: None,
            relation_text: None,
        }
    }

    const HOUR_MS: f64 = 3_600_000.0;

    #[test]
    fn the_kept_code_shows_the_offline_token_until_it_expires_by_server_time() {
        // The device clock is 5 hours behind the server's: only elapsed time counts.
        let device_at_fetch = 1_000_000.0;
        let kept = CachedCode::from_fetch(&fetched(), device_at_fetch).unwrap();
        assert_eq!(kept.view.token.as_deref(), Some("HC1:OFFLINE"));
        assert_eq!(kept.view.offline_token, None);
        assert_eq!(kept.usable(device_at_fetch + 23.9 * HOUR_MS), Usable::Yes);
        assert_eq!(kept.usable(device_at_fetch + 24.0 * HOUR_MS), Usable::Expired);
    }

    #[test]
    fn a_clock_set_back_before_the_fetch_expires_the_kept_code() {
        let kept = CachedCode::from_fetch(&fetched(), 5_000_000.0).unwrap();
        assert_eq!(kept.usable(4_999_000.0), Usable::Expired);
    }

    #[test]
    fn a_code_under_review_is_not_kept() {
        let pending = CodeView {
            offline_token: None,
            ..fetched()
        };
        assert_eq!(CachedCode::from_fetch(&pending, 0.0), None);
    }
}
