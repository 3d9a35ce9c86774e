//! Server time. Every rule reads the time here, never the client's clock. Tests (and only a
//! server started with the explicit test flag) may move it forward.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};

/// The system clock plus an offset that only a test-enabled server can change.
#[derive(Clone, Debug, Default)]
pub struct Clock {
    offset_secs: Arc<AtomicI64>,
    adjustable: bool,
}

impl Clock {
    /// The real time; [`Clock::advance`] is refused.
    pub fn system() -> Self {
        Self::default()
    }

    /// A clock tests may advance (`HEALTHCODE_TEST_CLOCK=1`).
    pub fn adjustable() -> Self {
        Self {
            offset_secs: Arc::default(),
            adjustable: true,
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        Utc::now() + Duration::seconds(self.offset_secs.load(Ordering::Relaxed))
    }

    pub fn is_adjustable(&self) -> bool {
        self.adjustable
    }

    /// Moves time forward by `secs`; `false` when this clock is not adjustable.
    pub fn advance(&self, secs: i64) -> bool {
        if self.adjustable {
            self.offset_secs.fetch_add(secs, Ordering::Relaxed);
        }
        self.adjustable
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_adjustable_clock_moves() {
        let system = Clock::system();
        assert!(!system.advance(3600));
        assert!((system.now() - Utc::now()).num_seconds().abs() < 5);
        let test = Clock::adjustable();
        assert!(test.advance(3600));
        assert!((test.now() - Utc::now()).num_seconds() >= 3595);
    }
}
