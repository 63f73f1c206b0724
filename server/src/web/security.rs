//! Response headers that make every page safe by default (OWASP ASVS 5.0, 3.4.x), and the
//! per-request nonce that lets exactly our own inline script run.

use axum::{
    extract::{Request, State},
    http::{header, HeaderValue},
    middleware::Next,
    response::Response,
};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine as _};
use leptos::nonce::Nonce;
use rand::RngCore as _;

/// Whether to send `Strict-Transport-Security`: only when the public reaches us over TLS.
#[derive(Clone, Copy, Debug)]
pub struct HeaderPolicy {
    pub hsts: bool,
}

const PERMISSIONS_POLICY: &str = "accelerometer=(), camera=(), geolocation=(), gyroscope=(), \
     magnetometer=(), microphone=(), payment=(), usb=(), interest-cohort=()";

/// Generates a fresh nonce for the request, hands it to the page renderer through the request's
/// extensions, and sets the security headers on the response.
pub async fn security_headers(
    State(policy): State<HeaderPolicy>,
    mut request: Request,
    next: Next,
) -> Response {
    let nonce = fresh_nonce();
    request.extensions_mut().insert(Nonce::from_value(nonce.clone()));
    let mut response = next.run(request).await;

    let headers = response.headers_mut();
    let csp = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    );
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_str(&csp).expect("nonce is base64"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    headers.insert("permissions-policy", HeaderValue::from_static(PERMISSIONS_POLICY));
    headers.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    if policy.hsts {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    let is_html = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if is_html {
        // Pages carry a one-time nonce and may show a victim's answers: never store them.
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    } else if !headers.contains_key(header::CACHE_CONTROL) {
        // Static files keep their names between builds: cache, but check for a newer copy.
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    }
    response
}

/// 128 bits from the operating system's CSPRNG.
fn fresh_nonce() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}
