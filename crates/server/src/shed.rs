//! Load shedding. Each class of API request has a fixed number of slots; when all are taken the
//! request is answered at once with 503 and `Retry-After` instead of waiting in an unbounded
//! queue (the 2021–22 collapses were queues growing until everything timed out). Showing a code
//! has its own, larger pool, so slow writes never block a resident at a checkpoint.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tokio::sync::Semaphore;

use crate::error::AppError;

/// In-flight slots per class.
#[derive(Debug, Clone)]
pub struct Limits {
    code: Arc<Semaphore>,
    write: Arc<Semaphore>,
    other: Arc<Semaphore>,
}

impl Limits {
    /// `code`: showing and verifying codes; `write`: declarations, check-ins, appeals (SQLite
    /// has one writer, so a long queue only adds latency); `other`: every other API call.
    pub fn new(code: usize, write: usize, other: usize) -> Self {
        Self {
            code: Arc::new(Semaphore::new(code)),
            write: Arc::new(Semaphore::new(write)),
            other: Arc::new(Semaphore::new(other)),
        }
    }

    fn pool(&self, method: &Method, path: &str) -> &Arc<Semaphore> {
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

/// The middleware: a free slot, or 503 with `Retry-After` right away.
pub async fn shed(State(limits): State<Limits>, request: Request, next: Next) -> Response {
    let pool = limits.pool(request.method(), request.uri().path()).clone();
    match pool.try_acquire_owned() {
        Ok(slot) => {
            let response = next.run(request).await;
            drop(slot);
            response
        }
        Err(_) => AppError::Unavailable.into_response(),
    }
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
}
