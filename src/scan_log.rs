//! The checkpoint's scan counts on their way to the server: each verdict's outcome and colour
//! (and when, server-anchored) is queued on the device and sent in order, so a checkpoint that
//! worked offline still has its throughput counted in the right hour. No personal data.

use std::cell::Cell;

use healthcode_core::scan::{ScanReport, MAX_SCAN_BATCH};

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

/// Sends the queued counts, oldest first and up to `MAX_SCAN_BATCH` a request, until the queue
/// is empty or the server cannot be reached. A batch the server settles (counted, or dropped as
/// too old) or refuses for good (403: not a checkpoint account) is forgotten; a 401 keeps it for
/// after the next login.
pub async fn send(locale: Locale) {
    if SENDING.replace(true) {
        return;
    }
    loop {
        let batch: Vec<ScanReport> = pending().into_iter().take(MAX_SCAN_BATCH).collect();
        if batch.is_empty() {
            break;
        }
        match api::report_scans(&batch, locale).await {
            Ok(_)
            | Err(ApiError::Server {
                status: 403 | 422, ..
            }) => {}
            Err(_) => break,
        }
        // Only this sender removes, and only from the front; scans queued meanwhile are at
        // the back.
        let mut list = pending();
        list.drain(..batch.len().min(list.len()));
        storage::store(KEY, &list);
    }
    SENDING.set(false);
}
