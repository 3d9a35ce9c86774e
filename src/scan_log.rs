//! The checkpoint's scan counts on their way to the server: each verdict's outcome and colour
//! (and when, server-anchored) is queued on the device and sent in order, so a checkpoint that
//! worked offline still has its throughput counted in the right hour. No personal data.

use std::cell::Cell;

use healthcode_core::scan::ScanReport;

use crate::api::{self, ApiError};
use crate::i18n::Locale;
use crate::storage;

const KEY: &str = "hc.scan.pending";
/// A checkpoint offline for days does not fill the device's storage.
const MAX_PENDING: usize = 5_000;

thread_local! {
    /// One sender at a time, so no count is sent twice.
    static SENDING: Cell<bool> = const { Cell::new(false) };
}

fn pending() -> Vec<ScanReport> {
    storage::load(KEY).unwrap_or_default()
}

/// Queues one scan's count.
pub fn queue(report: ScanReport) {
    let mut list = pending();
    if list.len() < MAX_PENDING {
        list.push(report);
        storage::store(KEY, &list);
    }
}

/// Forgets the queue (logout: the counts belong to the account that scanned).
pub fn clear() {
    storage::remove(KEY);
}

/// Sends the queued counts, oldest first, until the queue is empty or the server cannot be
/// reached. A count the server refuses for good (403: not a checkpoint; 422: too old) is
/// dropped; a 401 keeps it for after the next login.
pub async fn send(locale: Locale) {
    if SENDING.replace(true) {
        return;
    }
    while let Some(first) = pending().into_iter().next() {
        match api::report_scan(&first, locale).await {
            Ok(()) => {}
            Err(ApiError::Server {
                status: 403 | 422, ..
            }) => {}
            Err(_) => break,
        }
        // Only this sender removes, and only from the front; scans queued meanwhile are at
        // the back.
        let mut list = pending();
        if !list.is_empty() {
            list.remove(0);
        }
        storage::store(KEY, &list);
    }
    SENDING.set(false);
}
