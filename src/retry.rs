//! Retrying calls during an outage without making it worse: exponential backoff with full
//! jitter (so a city's phones do not retry in step), the server's `Retry-After` honoured, and a
//! budget of requests per person and five minutes that no timer or tap can exceed.

use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};

use crate::api::ApiError;

/// The first retry waits up to this long…
pub const BASE_MS: f64 = 2_000.0;
/// …doubling each time, up to this.
pub const CAP_MS: f64 = 60_000.0;
/// At most this many requests per person…
pub const BUDGET_REQUESTS: usize = 15;
/// …in any window this long.
pub const BUDGET_WINDOW_MS: f64 = 5.0 * 60_000.0;
/// Never two requests for one person closer than this, whatever is tapped.
pub const MIN_GAP_MS: f64 = 1_000.0;

/// Whether the same request may succeed later: no answer, a busy or failing server. A 4xx
/// other than 429 is an answer about the request itself and is not retried.
pub fn worth_retrying(err: &ApiError) -> bool {
    match err.status() {
        None => true,
        Some(429) => true,
        Some(s) => s >= 500,
    }
}

/// Whether the server said it is busy (shed load), rather than not answering.
pub fn server_busy(err: &ApiError) -> bool {
    matches!(err.status(), Some(429 | 503))
}

/// The wait before retry number `attempt` (0 for the first): a uniform draw (`random` in
/// [0, 1)) below `min(CAP, BASE · 2^attempt)`, and never less than the server's `Retry-After`.
pub fn delay_ms(attempt: u32, random: f64, retry_after_secs: Option<u64>) -> f64 {
    let ceiling = (BASE_MS * 2f64.powi(attempt.min(16) as i32)).min(CAP_MS);
    let jittered = random.clamp(0.0, 1.0) * ceiling;
    let floor = retry_after_secs.map_or(0.0, |s| s as f64 * 1000.0);
    jittered.max(floor).max(MIN_GAP_MS)
}

/// Requests sent in the last window, per person.
#[derive(Debug, Default)]
pub struct Budget {
    sent: VecDeque<f64>,
}

impl Budget {
    /// Takes a slot at `now_ms`, or says how long until one frees up.
    pub fn take(&mut self, now_ms: f64) -> Result<(), f64> {
        while self.sent.front().is_some_and(|&t| now_ms - t >= BUDGET_WINDOW_MS) {
            self.sent.pop_front();
        }
        if let Some(&last) = self.sent.back() {
            if now_ms - last < MIN_GAP_MS {
                return Err(MIN_GAP_MS - (now_ms - last));
            }
        }
        if self.sent.len() >= BUDGET_REQUESTS {
            let oldest = self.sent.front().copied().unwrap_or(now_ms);
            return Err(BUDGET_WINDOW_MS - (now_ms - oldest));
        }
        self.sent.push_back(now_ms);
        Ok(())
    }
}

thread_local! {
    static BUDGETS: RefCell<HashMap<String, Budget>> = RefCell::new(HashMap::new());
}

/// Takes a slot from `person`'s budget (shared by every page and timer of this app).
pub fn take_slot(person: &str, now_ms: f64) -> Result<(), f64> {
    BUDGETS.with(|b| b.borrow_mut().entry(person.to_owned()).or_default().take(now_ms))
}

/// Sleeps `ms` milliseconds.
pub async fn sleep_ms(ms: f64) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_cap_and_jitter_spreads_it() {
        assert_eq!(delay_ms(0, 0.999_999, None).round(), BASE_MS.round());
        assert_eq!(delay_ms(3, 0.5, None), 8_000.0);
        assert_eq!(delay_ms(10, 1.0, None), CAP_MS);
        assert_eq!(
            delay_ms(2, 0.0, None),
            MIN_GAP_MS,
            "never faster than the minimum gap"
        );
    }

    #[test]
    fn retry_after_is_a_floor() {
        assert_eq!(delay_ms(0, 0.1, Some(30)), 30_000.0);
        assert_eq!(delay_ms(5, 1.0, Some(1)), 60_000.0);
    }

    #[test]
    fn the_budget_allows_fifteen_requests_in_five_minutes_and_no_bursts() {
        let mut budget = Budget::default();
        let mut sent = 0;
        let mut now = 0.0;
        // Someone taps refresh every 100 ms for five minutes.
        while now < BUDGET_WINDOW_MS {
            if budget.take(now).is_ok() {
                sent += 1;
            }
            now += 100.0;
        }
        assert_eq!(sent, BUDGET_REQUESTS);
        // A slot frees up when the oldest request leaves the window.
        assert!(budget.take(BUDGET_WINDOW_MS).is_ok());
        // And taps closer than the minimum gap wait for it.
        let wait = budget.take(BUDGET_WINDOW_MS + 400.0).unwrap_err();
        assert_eq!(wait.round(), 600.0);
    }

    #[test]
    fn only_no_answer_busy_and_server_failures_are_retried() {
        let server = |status| ApiError::Server {
            status,
            body: healthcode_core::api::ErrorBody {
                code: "x".into(),
                message: "x".into(),
                field: None,
                errors: Vec::new(),
            },
            retry_after: None,
        };
        assert!(worth_retrying(&ApiError::Network));
        assert!(worth_retrying(&server(503)));
        assert!(worth_retrying(&server(429)));
        assert!(worth_retrying(&ApiError::Unexpected { status: 502 }));
        assert!(!worth_retrying(&server(422)));
        assert!(!worth_retrying(&server(401)));
        assert!(server_busy(&server(503)) && !server_busy(&ApiError::Network));
    }
}
