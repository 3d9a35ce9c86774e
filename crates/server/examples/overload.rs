//! Overload benchmark (run by `make bench`): measures the capacity of one endpoint with a closed
//! loop, then offers three times that rate with an open loop (requests leave on schedule whether
//! or not earlier ones have answered, as a city's phones do) and prints how the server coped:
//! accepted and shed counts, whether every refusal carried `Retry-After`, latency percentiles of
//! the accepted requests, and how long after the load stops the endpoint answers normally again.
//!
//! `overload URL COOKIE [SECONDS]`

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const CLOSED_LOOP_WORKERS: usize = 16;
/// The client never keeps more requests open than this (it is the server under test, not us).
const MAX_OPEN: usize = 8_192;

#[derive(Default)]
struct Tally {
    accepted: Vec<Duration>,
    shed: usize,
    shed_with_retry_after: usize,
    shed_latency: Vec<Duration>,
    other: usize,
    errors: usize,
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

async fn capacity(client: &reqwest::Client, url: &str, cookie: &str, secs: u64) -> f64 {
    let done = Arc::new(AtomicUsize::new(0));
    let until = Instant::now() + Duration::from_secs(secs);
    let workers: Vec<_> = (0..CLOSED_LOOP_WORKERS)
        .map(|_| {
            let (client, url, cookie, done) =
                (client.clone(), url.to_owned(), cookie.to_owned(), done.clone());
            tokio::spawn(async move {
                while Instant::now() < until {
                    if let Ok(r) = client.get(&url).header("cookie", &cookie).send().await {
                        if r.status().is_success() && r.bytes().await.is_ok() {
                            done.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                }
            })
        })
        .collect();
    for w in workers {
        let _ = w.await;
    }
    done.load(Ordering::Relaxed) as f64 / secs as f64
}

async fn offer(client: &reqwest::Client, url: &str, cookie: &str, rate: f64, secs: u64) -> Tally {
    let tally = Arc::new(Mutex::new(Tally::default()));
    let open = Arc::new(AtomicUsize::new(0));
    let mut skipped = 0usize;
    let gap = Duration::from_secs_f64(1.0 / rate);
    let start = Instant::now();
    let mut tasks = Vec::new();
    let mut n: u64 = 0;
    while start.elapsed() < Duration::from_secs(secs) {
        let due = start + gap.mul_f64(n as f64);
        n += 1;
        if let Some(wait) = due.checked_duration_since(Instant::now()) {
            tokio::time::sleep(wait).await;
        }
        if open.load(Ordering::Relaxed) >= MAX_OPEN {
            skipped += 1;
            continue;
        }
        open.fetch_add(1, Ordering::Relaxed);
        let (client, url, cookie, tally, open) = (
            client.clone(),
            url.to_owned(),
            cookie.to_owned(),
            tally.clone(),
            open.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let sent = Instant::now();
            let result = client.get(&url).header("cookie", &cookie).send().await;
            let outcome = match result {
                Ok(r) => {
                    let status = r.status().as_u16();
                    let retry_after = r.headers().contains_key("retry-after");
                    let _ = r.bytes().await;
                    Some((status, retry_after))
                }
                Err(_) => None,
            };
            let took = sent.elapsed();
            open.fetch_sub(1, Ordering::Relaxed);
            let mut t = tally.lock().unwrap_or_else(|e| e.into_inner());
            match outcome {
                Some((200, _)) => t.accepted.push(took),
                Some((429 | 503, retry_after)) => {
                    t.shed += 1;
                    t.shed_with_retry_after += usize::from(retry_after);
                    t.shed_latency.push(took);
                }
                Some(_) => t.other += 1,
                None => t.errors += 1,
            }
        }));
    }
    for task in tasks {
        let _ = task.await;
    }
    let mut t = std::mem::take(&mut *tally.lock().unwrap_or_else(|e| e.into_inner()));
    t.errors += skipped;
    t
}

/// Seconds from now until a request is answered 200 within 200 ms.
async fn recovery(client: &reqwest::Client, url: &str, cookie: &str) -> Option<f64> {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(60) {
        let sent = Instant::now();
        if let Ok(r) = client.get(url).header("cookie", cookie).send().await {
            if r.status().is_success() && sent.elapsed() < Duration::from_millis(200) {
                return Some(start.elapsed().as_secs_f64());
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    None
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(url), Some(cookie)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: overload URL COOKIE [SECONDS]");
        std::process::exit(2);
    };
    let secs: u64 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(10);
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(MAX_OPEN)
        .timeout(Duration::from_secs(30))
        .build()
        .expect("an HTTP client");

    let measured = capacity(&client, url, cookie, 5).await;
    println!("capacity (closed loop, {CLOSED_LOOP_WORKERS} workers, 5 s): {measured:.0} req/s");
    let rate = 3.0 * measured;
    let mut t = offer(&client, url, cookie, rate, secs).await;
    let offered = t.accepted.len() + t.shed + t.other + t.errors;
    t.accepted.sort();
    t.shed_latency.sort();
    println!("offered at 3x: {rate:.0} req/s for {secs} s ({offered} requests, open loop)");
    println!(
        "accepted: {} ({:.0} req/s); shed 503/429: {} (with Retry-After: {}); other status: {}; no answer or not sent: {}",
        t.accepted.len(),
        t.accepted.len() as f64 / secs as f64,
        t.shed,
        t.shed_with_retry_after,
        t.other,
        t.errors
    );
    println!(
        "accepted latency: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms; shed answered in p99 {:.1} ms",
        percentile(&t.accepted, 0.50),
        percentile(&t.accepted, 0.99),
        percentile(&t.accepted, 1.0),
        percentile(&t.shed_latency, 0.99)
    );
    match recovery(&client, url, cookie).await {
        Some(s) => println!("recovered (200 within 200 ms) {s:.2} s after the load stopped"),
        None => println!("NOT recovered within 60 s"),
    }
}
