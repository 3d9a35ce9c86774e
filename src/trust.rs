//! The trust list kept on a checkpoint device, so codes verify with no network: the issuer
//! keys, and the server's time when they were fetched (the list's age, and the anchor for the
//! clock offline). Not personal data.

use chrono::DateTime;
use healthcode_core::api::TrustListReply;
use healthcode_core::scan::TrustListAge;
use healthcode_core::token::TrustList;
use serde::{Deserialize, Serialize};

use crate::storage;

const KEY: &str = "hc.trust";

/// A trust list as fetched.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CachedTrust {
    pub list: TrustList,
    /// The server's clock at the fetch, ms since the epoch.
    pub server_ms: i64,
    /// The device's clock at the fetch.
    pub device_ms: f64,
}

impl CachedTrust {
    /// A list just fetched, when the device's clock read `device_ms`.
    pub fn from_reply(reply: TrustListReply, device_ms: f64) -> Option<Self> {
        let server_ms = DateTime::parse_from_rfc3339(&reply.server_time)
            .ok()?
            .timestamp_millis();
        Some(Self {
            list: reply.list,
            server_ms,
            device_ms,
        })
    }

    /// The server's time now, Unix seconds: the fetch's server time plus the time elapsed on
    /// the device. A device clock set back counts as no time elapsed (codes do not get younger).
    pub fn server_now(&self, device_now_ms: f64) -> i64 {
        let elapsed = (device_now_ms - self.device_ms).max(0.0);
        (self.server_ms + elapsed as i64).div_euclid(1000)
    }

    /// Unix seconds of the fetch.
    pub fn fetched_at(&self) -> i64 {
        self.server_ms.div_euclid(1000)
    }

    /// Seconds since the fetch.
    pub fn age_secs(&self, device_now_ms: f64) -> i64 {
        self.server_now(device_now_ms) - self.fetched_at()
    }

    /// Whether the list may be believed, and with what warning.
    pub fn age(&self, device_now_ms: f64) -> TrustListAge {
        TrustListAge::of(self.age_secs(device_now_ms))
    }
}

/// Keeps `trust` on the device.
pub fn save(trust: &CachedTrust) {
    storage::store(KEY, trust);
}

/// The list kept on the device, if any.
pub fn load() -> Option<CachedTrust> {
    storage::load(KEY)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cached() -> CachedTrust {
        CachedTrust::from_reply(
            TrustListReply {
                list: TrustList::default(),
                server_time: "2026-11-27T08:00:00Z".into(),
            },
            5_000.0,
        )
        .unwrap()
    }

    #[test]
    fn server_time_runs_on_from_the_fetch_by_the_devices_elapsed_time() {
        let t = cached();
        assert_eq!(t.fetched_at(), 1_795_766_400);
        assert_eq!(t.server_now(5_000.0 + 90_000.0), 1_795_766_400 + 90);
        assert_eq!(t.age_secs(5_000.0 + 25.0 * 3_600_000.0), 25 * 3600);
        assert_eq!(t.age(5_000.0 + 25.0 * 3_600_000.0), TrustListAge::Old);
    }

    #[test]
    fn a_device_clock_set_back_does_not_make_codes_younger() {
        assert_eq!(cached().server_now(1_000.0), 1_795_766_400);
    }

    #[test]
    fn a_reply_without_a_readable_server_time_is_not_kept() {
        let reply = TrustListReply {
            list: TrustList::default(),
            server_time: "yesterday".into(),
        };
        assert_eq!(CachedTrust::from_reply(reply, 0.0), None);
    }
}
