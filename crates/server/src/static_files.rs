//! Serves the built web app (Trunk's `dist/`) from the same origin as the API.
//!
//! Hashed build outputs are cached for a year; `index.html` (and any route of the app, which
//! falls back to it) must be revalidated so a new release is picked up at the next load.

use std::path::Path;

use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::Router;
use tower_http::services::{ServeDir, ServeFile};

/// The files of one app under `dir`, every unknown path answered by its `index.html` so the
/// app's client-side routes (`/declare/identity`, …) survive a reload.
fn app_files(dir: &Path) -> ServeDir<ServeFile> {
    ServeDir::new(dir)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(ServeFile::new(dir.join("index.html")))
}

/// A router serving the resident app from `dir` and the staff console from `dir/staff` (a
/// bundle of its own, with its own index for its routes under `/staff`).
pub fn router(dir: &Path) -> Router {
    Router::new()
        .nest_service("/staff", app_files(&dir.join("staff")))
        .fallback_service(app_files(dir))
        .layer(middleware::from_fn(cache_control))
}

async fn cache_control(request: Request, next: Next) -> Response {
    let immutable = is_hashed_asset(request.uri().path());
    let mut response = next.run(request).await;
    let value = if immutable && response.status().is_success() {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    response
}

/// Trunk names its outputs `name-<hash>.ext`, the hash a u64 in hex (leading zeros dropped).
fn is_hashed_asset(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or_default();
    let stem = file.split('.').next().unwrap_or_default();
    // The `_bg` suffix is wasm-bindgen's name for the wasm beside its JS glue.
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(_, hash)| {
        (12..=16).contains(&hash.len()) && hash.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

#[cfg(test)]
mod tests {
    use super::is_hashed_asset;

    #[test]
    fn recognises_trunk_hashed_names() {
        assert!(is_hashed_asset("/healthcode-web-8d1c2e3f4a5b6c7d_bg.wasm"));
        assert!(is_hashed_asset("/healthcode-web-8d1c2e3f4a5b6c7d.js"));
        assert!(is_hashed_asset("/main-0123456789abcdef.css"));
        assert!(is_hashed_asset("/healthcode-web-1fb26b693fb3c52.js"));
        assert!(!is_hashed_asset("/healthcode-web.js"));
        assert!(!is_hashed_asset("/index.html"));
        assert!(!is_hashed_asset("/declare/identity"));
        assert!(!is_hashed_asset("/sw.js"));
    }
}
