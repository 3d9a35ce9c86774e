//! Dates as residents live them: China keeps one time zone, UTC+8, all year.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

/// UTC+8 (China Standard Time, no daylight saving).
pub fn china_offset() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("8 hours is a valid offset")
}

/// The calendar date in China at `now`: what "today" means for arrival, itinerary and
/// isolation dates (a UTC date would be yesterday's before 08:00 in China).
pub fn china_date(now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&china_offset()).date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn just_after_midnight_in_china_is_already_the_next_day() {
        let now = DateTime::parse_from_rfc3339("2026-11-26T16:30:00Z")
            .unwrap()
            .to_utc();
        assert_eq!(china_date(now), NaiveDate::from_ymd_opt(2026, 11, 27).unwrap());
        let before = DateTime::parse_from_rfc3339("2026-11-26T15:59:59Z")
            .unwrap()
            .to_utc();
        assert_eq!(china_date(before), NaiveDate::from_ymd_opt(2026, 11, 26).unwrap());
    }
}
