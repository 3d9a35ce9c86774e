//! The security headers on every answer: a Content-Security-Policy that allows only this
//! origin's scripts (the inline loaders Trunk writes into each `index.html` by their hashes,
//! and wasm), frames only inside configured host apps, and HSTS when served over TLS.

use std::path::Path;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use sha2::{Digest, Sha256};

use crate::guard::HostOrigins;

/// The headers, computed once when the app is built.
#[derive(Debug, Clone)]
pub struct SecurityHeaders(Arc<Vec<(HeaderName, HeaderValue)>>);

impl SecurityHeaders {
    /// For the web app in `static_dir`, embeddable by `hosts`, with HSTS when `tls`.
    pub fn new(static_dir: &Path, hosts: &HostOrigins, tls: bool) -> Self {
        let mut scripts = vec!["'self'".to_owned(), "'wasm-unsafe-eval'".to_owned()];
        for dir in [static_dir.to_path_buf(), static_dir.join("staff")] {
            if let Ok(html) = std::fs::read_to_string(dir.join("index.html")) {
                scripts.extend(inline_script_hashes(&html));
            }
        }
        let ancestors = if hosts.is_empty() {
            "'none'".to_owned()
        } else {
            hosts.as_sources()
        };
        let csp = format!(
            "default-src 'self'; script-src {}; style-src 'self'; img-src 'self' data: blob:; \
             connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; \
             form-action 'self'; frame-ancestors {ancestors}",
            scripts.join(" ")
        );
        let mut headers = vec![
            (header::CONTENT_SECURITY_POLICY, value(&csp)),
            (header::X_CONTENT_TYPE_OPTIONS, value("nosniff")),
            (header::REFERRER_POLICY, value("no-referrer")),
            (
                HeaderName::from_static("permissions-policy"),
                value("camera=(self), geolocation=(), microphone=()"),
            ),
        ];
        // Old webviews know only X-Frame-Options, which cannot name a host app: sent only when
        // no host may frame the app.
        if hosts.is_empty() {
            headers.push((header::X_FRAME_OPTIONS, value("DENY")));
        }
        if tls {
            headers.push((header::STRICT_TRANSPORT_SECURITY, value("max-age=31536000")));
        }
        Self(Arc::new(headers))
    }
}

fn value(text: &str) -> HeaderValue {
    HeaderValue::from_str(text).expect("header text is ASCII")
}

/// Middleware: sets the headers on the answer.
pub async fn add(State(headers): State<SecurityHeaders>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    for (name, value) in headers.0.iter() {
        response.headers_mut().insert(name.clone(), value.clone());
    }
    response
}

/// `'sha256-…'` of each inline `<script>` (one without `src`) in `html`.
fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut hashes = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else { break };
        let Some(len) = after[open_end + 1..].find("</script>") else {
            break;
        };
        let body = &after[open_end + 1..open_end + 1 + len];
        if !after[..open_end].contains("src=") && !body.is_empty() {
            hashes.push(format!(
                "'sha256-{}'",
                STANDARD.encode(Sha256::digest(body.as_bytes()))
            ));
        }
        rest = &after[open_end + 1 + len..];
    }
    hashes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_are_allowed_by_hash_and_external_ones_are_not_hashed() {
        let html = "<script type=module>init()</script><script src=/a.js></script><script>x</script>";
        let hashes = inline_script_hashes(html);
        assert_eq!(hashes.len(), 2);
        let expected = STANDARD.encode(Sha256::digest(b"init()"));
        assert_eq!(hashes[0], format!("'sha256-{expected}'"));
    }

    #[test]
    fn framing_follows_the_configured_host_apps() {
        let dir = tempfile::tempdir().unwrap();
        let find = |h: &SecurityHeaders, name: HeaderName| {
            h.0.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_str().unwrap().to_owned())
        };
        let alone = SecurityHeaders::new(dir.path(), &HostOrigins::default(), false);
        assert!(find(&alone, header::CONTENT_SECURITY_POLICY)
            .unwrap()
            .ends_with("frame-ancestors 'none'"));
        assert_eq!(find(&alone, header::X_FRAME_OPTIONS).as_deref(), Some("DENY"));
        assert_eq!(find(&alone, header::STRICT_TRANSPORT_SECURITY), None);
        let hosts = HostOrigins::new(&["https://app.city.gov.cn".into()]);
        let embedded = SecurityHeaders::new(dir.path(), &hosts, true);
        let csp = find(&embedded, header::CONTENT_SECURITY_POLICY).unwrap();
        assert!(csp.ends_with("frame-ancestors https://app.city.gov.cn"), "{csp}");
        assert_eq!(find(&embedded, header::X_FRAME_OPTIONS), None);
        assert!(find(&embedded, header::STRICT_TRANSPORT_SECURITY).is_some());
    }
}
