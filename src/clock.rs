//! Time on the device, anchored to the server's: the phone's clock alone is never trusted.

use chrono::{DateTime, Duration, Utc};

/// The offset between the server's clock and the device's, measured at a fetch.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ServerAnchor {
    offset_ms: f64,
}

/// Milliseconds since the epoch on the device.
pub fn device_now_ms() -> f64 {
    js_sys::Date::now()
}

impl ServerAnchor {
    /// Anchors on a server time (RFC 3339) received just now.
    pub fn from_server_time(server_time: &str) -> Self {
        match DateTime::parse_from_rfc3339(server_time) {
            Ok(t) => Self {
                offset_ms: t.timestamp_millis() as f64 - device_now_ms(),
            },
            Err(_) => Self::default(),
        }
    }

    /// Anchors on a server time (ms) seen when the device's clock read `device_ms`.
    pub fn from_pair(server_ms: i64, device_ms: f64) -> Self {
        Self {
            offset_ms: server_ms as f64 - device_ms,
        }
    }

    /// The server's time now.
    pub fn now(&self) -> DateTime<Utc> {
        let ms = (device_now_ms() + self.offset_ms) as i64;
        DateTime::from_timestamp_millis(ms).unwrap_or_default()
    }
}

/// `HH:MM:SS` of `t` in the device's time zone.
pub fn clock_text(t: DateTime<Utc>) -> String {
    let date = js_sys::Date::new(&(t.timestamp_millis() as f64).into());
    format!(
        "{:02}:{:02}:{:02}",
        date.get_hours(),
        date.get_minutes(),
        date.get_seconds()
    )
}

/// `MM-DD HH:MM` of `t` in the device's time zone.
pub fn date_time_text(t: DateTime<Utc>) -> String {
    let date = js_sys::Date::new(&(t.timestamp_millis() as f64).into());
    format!(
        "{:02}-{:02} {:02}:{:02}",
        date.get_month() + 1,
        date.get_date(),
        date.get_hours(),
        date.get_minutes()
    )
}

/// `YYYY-MM-DD HH:MM` of an RFC 3339 time in the device's time zone (printed cards), or the
/// text itself when it does not parse.
pub fn full_date_time_text(rfc3339: &str) -> String {
    let Ok(t) = DateTime::parse_from_rfc3339(rfc3339) else {
        return rfc3339.to_owned();
    };
    let date = js_sys::Date::new(&(t.timestamp_millis() as f64).into());
    format!(
        "{}-{:02}-{:02} {:02}:{:02}",
        date.get_full_year(),
        date.get_month() + 1,
        date.get_date(),
        date.get_hours(),
        date.get_minutes()
    )
}

/// Whole hours and minutes left until `until`, or `None` when it has passed.
pub fn remaining(now: DateTime<Utc>, until: DateTime<Utc>) -> Option<(i64, i64)> {
    let left = until - now;
    (left > Duration::zero()).then(|| (left.num_hours(), left.num_minutes() % 60))
}

/// A seconds countdown (e.g. until a login code may be sent again): set it, and one interval
/// for the calling component's lifetime counts it down to zero.
pub fn countdown() -> leptos::prelude::RwSignal<u64> {
    use leptos::prelude::*;
    let seconds = RwSignal::new(0u64);
    if let Ok(handle) = set_interval_with_handle(
        move || {
            if seconds.get_untracked() > 0 {
                seconds.update(|s| *s -= 1);
            }
        },
        std::time::Duration::from_secs(1),
    ) {
        on_cleanup(move || handle.clear());
    }
    seconds
}
