//! Load shedding. Each class of API request has a fixed number of slots; when all are taken the
//! request is answered at once with 503 and `Retry-After` instead of waiting in an unbounded
//! queue (the 2021–22 collapses were queues growing until everything timed out). Showing a code
//! has its own, larger pool, so slow writes never block a resident at a checkpoint.
//!
//! A request's body is read, within its time limit, before a slot is taken (so slow uploads hold
//! none); the handler then has its own limit; and one client may hold only a share of a pool's
//! slots (429 past it), so one flooding client cannot take every code slot.
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::client::{self, TrustedProxies};
use crate::error::AppError;

/// Time limits on a request: its headers (the accept loop), its body, and its handler.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    pub header: Duration,
    pub body: Duration,
    pub handler: Duration,
}

impl Default for Timeouts {
    /// A phone on a poor network sends a declaration (a few kB) in well under 20 s; a handler
    /// past 30 s is stuck, and the app retries.
    fn default() -> Self {
        Self {
            header: Duration::from_secs(10),
            body: Duration::from_secs(20),
            handler: Duration::from_secs(30),
        }
    }
}

/// How many slots each client holds in one pool.
type Holders = Arc<Mutex<HashMap<String, usize>>>;

/// One class's slots and who holds them.
#[derive(Debug, Clone)]
struct Pool {
    slots: Arc<Semaphore>,
    size: usize,
    /// The most one client may hold once the pool is half taken: a quarter of it, at least
    /// one. Below that any client may take more (a family's codes fetched at once, many
    /// phones behind one carrier NAT address), so the share bites only under contention.
    share: usize,
    held: Holders,
}

/// Why no slot was given.
enum Refusal {
    Full,
    OverShare,
}

impl Pool {
    fn new(size: usize) -> Self {
        Self {
            slots: Arc::new(Semaphore::new(size)),
            size,
            share: (size / 4).max(1),
            held: Arc::default(),
        }
    }

    /// A slot for `client`; `None` as client (an in-process caller with no address) is not
    /// limited to a share.
    fn take(&self, client: Option<&str>) -> Result<Slot, Refusal> {
        let Some(client) = client else {
            let permit = self
                .slots
                .clone()
                .try_acquire_owned()
                .map_err(|_| Refusal::Full)?;
            return Ok(Slot {
                _permit: permit,
                holder: None,
            });
        };
        let mut held = self.held.lock().unwrap_or_else(|e| e.into_inner());
        let contended = self.slots.available_permits() * 2 < self.size;
        if contended && held.get(client).copied().unwrap_or(0) >= self.share {
            return Err(Refusal::OverShare);
        }
        let permit = self
            .slots
            .clone()
            .try_acquire_owned()
            .map_err(|_| Refusal::Full)?;
        *held.entry(client.to_owned()).or_default() += 1;
        Ok(Slot {
            _permit: permit,
            holder: Some((client.to_owned(), self.held.clone())),
        })
    }
}

/// A taken slot; dropping it frees the slot and the client's count.
struct Slot {
    _permit: OwnedSemaphorePermit,
    holder: Option<(String, Holders)>,
}

impl Drop for Slot {
    fn drop(&mut self) {
        if let Some((client, held)) = &self.holder {
            let mut held = held.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(n) = held.get_mut(client) {
                *n -= 1;
                if *n == 0 {
                    held.remove(client);
                }
            }
        }
    }
}

/// In-flight slots per class, the time limits, and whose `X-Forwarded-For` to believe.
#[derive(Debug, Clone)]
pub struct Limits {
    code: Pool,
    write: Pool,
    other: Pool,
    pub timeouts: Timeouts,
    pub proxies: TrustedProxies,
}

impl Limits {
    /// `code`: showing and verifying codes; `write`: declarations, check-ins, appeals (SQLite
    /// has one writer, so a long queue only adds latency); `other`: every other API call.
    pub fn new(code: usize, write: usize, other: usize) -> Self {
        Self {
            code: Pool::new(code),
            write: Pool::new(write),
            other: Pool::new(other),
            timeouts: Timeouts::default(),
            proxies: TrustedProxies::default(),
        }
    }

    /// The same slots with these time limits and proxies.
    pub fn with(mut self, timeouts: Timeouts, proxies: TrustedProxies) -> Self {
        self.timeouts = timeouts;
        self.proxies = proxies;
        self
    }

    fn pool(&self, method: &Method, path: &str) -> &Pool {
        if path.ends_with("/code") || path.ends_with("/verify") || path.ends_with("/trust-list") {
            &self.code
        } else if method != Method::GET {
            &self.write
        } else {
            &self.other
        }
    }
}

impl Default for Limits {
    fn default() -> Self {
        let [code, write, other] = crate::config::default_slots();
        Self::new(code, write, other)
    }
}

/// The middleware: the body within its limit, then a free slot within the client's share (or
/// 503 / 429 with `Retry-After` right away), then the handler within its limit.
pub async fn shed(State(limits): State<Limits>, request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let client = parts
        .extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .is_some()
        .then(|| client::of_parts(&parts, &limits.proxies));
    let bytes = match tokio::time::timeout(
        limits.timeouts.body,
        axum::body::to_bytes(body, crate::MAX_BODY_BYTES),
    )
    .await
    {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(_)) => return AppError::body_too_large().into_response(),
        Err(_) => return AppError::BodyTimeout.into_response(),
    };
    let slot = match limits
        .pool(&parts.method, parts.uri.path())
        .take(client.as_deref())
    {
        Ok(slot) => slot,
        Err(Refusal::Full) => return AppError::Unavailable.into_response(),
        Err(Refusal::OverShare) => {
            return AppError::TooManyRequests {
                retry_after_secs: 1,
                zh: "这台设备同时发出的请求过多，请稍后重试".into(),
                en: "Too many requests at once from this device; please try again shortly".into(),
            }
            .into_response()
        }
    };
    let request = Request::from_parts(parts, Body::from(bytes));
    let response = tokio::time::timeout(limits.timeouts.handler, next.run(request)).await;
    drop(slot);
    response.unwrap_or_else(|_| AppError::Unavailable.into_response())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use axum::routing::{get, put};
    use axum::Router;
    use std::time::{Duration, Instant};
    use tokio::sync::Notify;
    use tower::ServiceExt;

    #[tokio::test]
    async fn a_full_pool_answers_503_at_once_while_codes_still_pass() {
        let release = Arc::new(Notify::new());
        let held = release.clone();
        let app = Router::new()
            .route(
                "/slow",
                put(move || {
                    let held = held.clone();
                    async move {
                        held.notified().await;
                        "done"
                    }
                }),
            )
            .route("/persons/p/code", get(|| async { "code" }))
            .layer(axum::middleware::from_fn_with_state(Limits::new(4, 1, 4), shed));
        let put_slow = || Request::put("/slow").body(Body::empty()).unwrap();

        let first = tokio::spawn(app.clone().oneshot(put_slow()));
        tokio::time::sleep(Duration::from_millis(50)).await;
        let started = Instant::now();
        let second = app.clone().oneshot(put_slow()).await.unwrap();
        assert_eq!(second.status(), 503);
        assert!(second.headers().contains_key("retry-after"));
        assert!(
            started.elapsed() < Duration::from_millis(100),
            "refused without queueing"
        );

        let code = app
            .clone()
            .oneshot(Request::get("/persons/p/code").body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(code.status(), 200, "the code pool is separate");

        release.notify_one();
        assert_eq!(first.await.unwrap().unwrap().status(), 200);
        let again = app.oneshot(put_slow());
        release.notify_one();
        assert_eq!(again.await.unwrap().status(), 200, "the slot is free again");
    }

    fn from(client: [u8; 4], request: Request) -> Request {
        let mut request = request;
        let addr = std::net::SocketAddr::from((client, 40_000));
        request.extensions_mut().insert(axum::extract::ConnectInfo(addr));
        request
    }

    #[tokio::test]
    async fn one_flooding_client_gets_only_its_share_of_the_code_slots() {
        let release = Arc::new(Notify::new());
        let held = release.clone();
        let app = Router::new()
            .route(
                "/persons/p/code",
                get(move || {
                    let held = held.clone();
                    async move {
                        held.notified().await;
                        "code"
                    }
                }),
            )
            .layer(axum::middleware::from_fn_with_state(Limits::new(8, 1, 4), shed));
        let code = |client| {
            from(
                client,
                Request::get("/persons/p/code").body(Body::empty()).unwrap(),
            )
        };
        let flood = [1, 1, 1, 1];
        // Alone, the client may take slots while half the pool is free: 5 of 8 in flight.
        let held: Vec<_> = (0..5)
            .map(|_| tokio::spawn(app.clone().oneshot(code(flood))))
            .collect();
        tokio::time::sleep(Duration::from_millis(50)).await;
        let sixth = app.clone().oneshot(code(flood)).await.unwrap();
        assert_eq!(sixth.status(), 429, "past its share of a contended pool");
        assert!(sixth.headers().contains_key("retry-after"));
        let others: Vec<_> = (0..2)
            .map(|_| tokio::spawn(app.clone().oneshot(code([2, 2, 2, 2]))))
            .collect();
        tokio::time::sleep(Duration::from_millis(50)).await;
        for _ in 0..8 {
            release.notify_one();
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        for other in others {
            assert_eq!(
                other.await.unwrap().unwrap().status(),
                200,
                "another client still gets its share"
            );
        }
        for first in held {
            assert_eq!(first.await.unwrap().unwrap().status(), 200);
        }
    }

    #[tokio::test]
    async fn a_body_that_never_arrives_holds_no_slot_and_times_out() {
        let limits = Limits::new(4, 1, 4).with(
            Timeouts {
                body: Duration::from_millis(200),
                ..Timeouts::default()
            },
            TrustedProxies::default(),
        );
        let app = Router::new()
            .route("/write", put(|body: String| async move { body }))
            .layer(axum::middleware::from_fn_with_state(limits, shed));
        let never = Body::from_stream(futures_util::stream::pending::<Result<Vec<u8>, std::io::Error>>());
        let stalled = tokio::spawn(
            app.clone()
                .oneshot(from([1, 1, 1, 1], Request::put("/write").body(never).unwrap())),
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
        let write = app
            .oneshot(from(
                [2, 2, 2, 2],
                Request::put("/write").body(Body::from("ok")).unwrap(),
            ))
            .await
            .unwrap();
        assert_eq!(write.status(), 200, "the one write slot was free");
        assert_eq!(stalled.await.unwrap().unwrap().status(), 408);
    }
}
