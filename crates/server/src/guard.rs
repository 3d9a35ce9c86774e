//! Request hygiene before any API handler runs: a state-changing request from another site is
//! refused (403: login CSRF, SMS pumping from any page), unless its origin is a configured host
//! app; and a request body is only accepted as JSON (415: a plain HTML form cannot send that).

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::AppError;

/// Origins (`https://host[:port]`) of host apps allowed to call the API from their pages.
#[derive(Debug, Clone, Default)]
pub struct HostOrigins(Arc<[String]>);

impl HostOrigins {
    /// From the configured list; compared without case or a trailing slash.
    pub fn new(origins: &[String]) -> Self {
        Self(origins.iter().map(|o| normalise(o)).collect())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The origins as CSP sources (`frame-ancestors`).
    pub fn as_sources(&self) -> String {
        self.0.join(" ")
    }

    fn allows(&self, origin: &str) -> bool {
        let origin = normalise(origin);
        self.0.contains(&origin)
    }
}

fn normalise(origin: &str) -> String {
    origin.trim().trim_end_matches('/').to_ascii_lowercase()
}

/// Middleware for `/api/v1`: cross-site writes 403, non-JSON bodies 415.
pub async fn guard(State(hosts): State<HostOrigins>, request: Request, next: Next) -> Response {
    let safe = matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe {
        if let Err(err) = same_site(request.headers(), &hosts).and_then(|()| json_body(request.headers())) {
            return err.into_response();
        }
    }
    next.run(request).await
}

/// `Sec-Fetch-Site` where the browser sends it, else `Origin` against `Host`; a request with
/// neither (curl, a native app) is not a browser's cross-site request.
fn same_site(headers: &HeaderMap, hosts: &HostOrigins) -> Result<(), AppError> {
    let text = |name| headers.get(name).and_then(|v| v.to_str().ok());
    let origin = text(header::ORIGIN);
    let allowed_host = || origin.is_some_and(|o| hosts.allows(o));
    match text(header::HeaderName::from_static("sec-fetch-site")) {
        Some("same-origin" | "none") => return Ok(()),
        Some(_) if allowed_host() => return Ok(()),
        Some(_) => return Err(AppError::CrossSite),
        None => {}
    }
    let Some(origin) = origin else { return Ok(()) };
    let own = text(header::HOST).is_some_and(|host| {
        origin
            .split_once("://")
            .is_some_and(|(_, rest)| rest.trim_end_matches('/').eq_ignore_ascii_case(host))
    });
    if own || allowed_host() {
        Ok(())
    } else {
        Err(AppError::CrossSite)
    }
}

/// A body must say it is JSON; so must a declared type on a request without one.
fn json_body(headers: &HeaderMap) -> Result<(), AppError> {
    let has_body = headers.contains_key(header::TRANSFER_ENCODING)
        || headers
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.trim() != "0");
    match headers.get(header::CONTENT_TYPE) {
        Some(value) if is_json(value.to_str().unwrap_or_default()) => Ok(()),
        Some(_) => Err(AppError::UnsupportedMediaType),
        None if has_body => Err(AppError::UnsupportedMediaType),
        None => Ok(()),
    }
}

/// `application/json` or `application/<x>+json`, with any parameters.
pub fn is_json(content_type: &str) -> bool {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.insert(*k, HeaderValue::from_static(v));
        }
        map
    }

    #[test]
    fn a_cross_site_write_is_refused_unless_from_a_host_app() {
        let none = HostOrigins::default();
        let host = HostOrigins::new(&["https://app.city.gov.cn/".into()]);
        let ours = headers(&[("host", "hc.example"), ("origin", "https://hc.example")]);
        assert!(same_site(&ours, &none).is_ok());
        let evil = headers(&[("host", "hc.example"), ("origin", "https://evil.example")]);
        assert!(same_site(&evil, &none).is_err());
        let fetch = headers(&[
            ("sec-fetch-site", "cross-site"),
            ("origin", "https://evil.example"),
        ]);
        assert!(same_site(&fetch, &none).is_err());
        let embedded = headers(&[
            ("sec-fetch-site", "cross-site"),
            ("origin", "https://APP.city.gov.cn"),
        ]);
        assert!(same_site(&embedded, &host).is_ok());
        assert!(same_site(&headers(&[("sec-fetch-site", "same-origin")]), &none).is_ok());
        assert!(same_site(&headers(&[("origin", "null"), ("host", "hc.example")]), &none).is_err());
        assert!(
            same_site(&HeaderMap::new(), &none).is_ok(),
            "curl and native apps send neither"
        );
    }

    #[test]
    fn only_json_bodies_are_accepted() {
        assert!(is_json("application/json; charset=utf-8"));
        assert!(is_json("application/problem+json"));
        assert!(!is_json("text/plain"));
        assert!(!is_json("application/x-www-form-urlencoded"));
        assert!(json_body(&headers(&[
            ("content-type", "text/plain"),
            ("content-length", "20")
        ]))
        .is_err());
        assert!(json_body(&headers(&[("content-length", "20")])).is_err());
        assert!(json_body(&headers(&[("content-length", "0")])).is_ok());
        assert!(json_body(&headers(&[
            ("content-type", "application/json"),
            ("content-length", "2")
        ]))
        .is_ok());
    }
}
