//! Check-ins waiting to be sent. A check-in is queued on the device before it is sent, so one
//! made with no network (or a failing server) is kept across reloads and sent once when the
//! server answers again, with the `Idempotency-Key` it was queued with. One per person: a newer
//! check-in replaces a queued one, as the server replaces the day's first.

use healthcode_core::checkin::{CheckinAccepted, CheckinRequest};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::api::{self, ApiError};
use crate::clock::device_now_ms;
use crate::i18n::{use_i18n, I18n};
use crate::retry::{delay_ms, take_slot, worth_retrying};
use crate::session::{use_session, SessionState};
use crate::storage;

const KEY: &str = "hc.outbox";

/// A check-in not yet acknowledged by the server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueuedCheckin {
    pub person: String,
    pub request: CheckinRequest,
    pub key: String,
    /// Failed sends so far (0 while the first is under way).
    pub attempts: u32,
    /// The status of the last failed send (`None` for no answer at all).
    #[serde(default)]
    pub last_status: Option<u16>,
}

/// The server's final word on a queued check-in: accepted, or refused for a reason a retry
/// cannot change (a 4xx).
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub key: String,
    pub result: Result<CheckinAccepted, ApiError>,
}

/// The queue, shared through context.
#[derive(Debug, Clone, Copy)]
pub struct Outbox {
    items: RwSignal<Vec<QueuedCheckin>>,
    answer: RwSignal<Option<Answer>>,
    due_at: RwSignal<f64>,
    sending: RwSignal<bool>,
    i18n: I18n,
}

impl Outbox {
    /// Queues `request` for `person` (replacing one queued before) and sends it at once.
    pub fn queue(&self, person: &str, request: CheckinRequest) -> String {
        let key = storage::random_hex(16);
        let item = QueuedCheckin {
            person: person.to_owned(),
            request,
            key: key.clone(),
            attempts: 0,
            last_status: None,
        };
        self.items.update(|items| {
            items.retain(|i| i.person != person);
            items.push(item);
        });
        self.persist();
        self.due_at.set(0.0);
        self.send_due();
        key
    }

    /// The check-in queued for `person`, if any (tracked).
    pub fn pending(&self, person: &str) -> Option<QueuedCheckin> {
        self.items
            .with(|items| items.iter().find(|i| i.person == person).cloned())
    }

    /// The latest final answer (tracked).
    pub fn answer(&self) -> Option<Answer> {
        self.answer.get()
    }

    /// Whether a send is under way (tracked).
    pub fn sending(&self) -> bool {
        self.sending.get()
    }

    /// Forgets every queued check-in (logout: the next person on this phone sends none of them).
    pub fn clear(&self) {
        self.items.set(Vec::new());
        storage::remove(KEY);
    }

    fn persist(&self) {
        self.items.with_untracked(|items| storage::store(KEY, items));
    }

    fn settle(&self, key: &str, result: Result<CheckinAccepted, ApiError>) {
        self.items.update(|items| items.retain(|i| i.key != key));
        self.persist();
        self.answer.set(Some(Answer {
            key: key.to_owned(),
            result,
        }));
    }

    /// Sends the oldest queued check-in if it is due.
    fn send_due(self) {
        let now = device_now_ms();
        if self.sending.get_untracked() || now < self.due_at.get_untracked() {
            return;
        }
        let Some(item) = self.items.with_untracked(|items| items.first().cloned()) else {
            return;
        };
        if item.attempts > 0 {
            if let Err(wait) = take_slot(&item.person, now) {
                self.due_at.set(now + wait);
                return;
            }
        }
        self.sending.set(true);
        let locale = self.i18n.locale_untracked();
        leptos::task::spawn_local(async move {
            let result = api::check_in(&item.person, &item.request, &item.key, locale).await;
            self.sending.set(false);
            match result {
                Err(err) if worth_retrying(&err) || err.status() == Some(401) => {
                    self.items.update(|items| {
                        if let Some(i) = items.iter_mut().find(|i| i.key == item.key) {
                            i.attempts += 1;
                            i.last_status = err.status();
                        }
                    });
                    self.persist();
                    let delay = delay_ms(item.attempts, js_sys::Math::random(), err.retry_after());
                    self.due_at.set(device_now_ms() + delay);
                }
                result => self.settle(&item.key, result),
            }
        });
    }
}

/// The [`Outbox`]; panics outside [`OutboxProvider`].
pub fn use_outbox() -> Outbox {
    expect_context::<Outbox>()
}

/// Provides the [`Outbox`], loads what a previous visit left queued, and sends it whenever it
/// is due: at once, after a backoff, when the browser comes back online, or after a new login.
#[component]
pub fn OutboxProvider(
    /// The routed app.
    children: Children,
) -> impl IntoView {
    let session = use_session();
    let outbox = Outbox {
        items: RwSignal::new(storage::load(KEY).unwrap_or_default()),
        answer: RwSignal::new(None),
        due_at: RwSignal::new(0.0),
        sending: RwSignal::new(false),
        i18n: use_i18n(),
    };
    provide_context(outbox);
    Effect::new(move |_| {
        if matches!(session.state.get(), SessionState::LoggedIn(_)) {
            outbox.due_at.set(0.0);
        }
    });
    let online = window_event_listener(leptos::ev::online, move |_| outbox.due_at.set(0.0));
    on_cleanup(move || online.remove());
    if let Ok(handle) = set_interval_with_handle(move || outbox.send_due(), std::time::Duration::from_secs(1))
    {
        on_cleanup(move || handle.clear());
    }
    children()
}
