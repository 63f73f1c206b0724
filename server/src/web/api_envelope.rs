//! The JSON error envelope of the API under `/api/v1`:
//! `{"error": {"code": "...", "message": "...", "fields": [...], "incident": "..."}}`, and the
//! answers the outer layers give in it (too many requests, a refusal before the API's own
//! handlers ran), so that partners always get one format.

use axum::{
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};
use serde::Serialize;

use super::new_incident_id;

/// The body of the envelope, as sent; `F` is the list of field problems, when there is one.
#[derive(Serialize)]
pub struct Envelope<F: Serialize> {
    pub error: Detail<F>,
}

#[derive(Serialize)]
pub struct Detail<F: Serialize> {
    pub code: &'static str,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<F>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub incident: Option<String>,
}

/// `value` as a JSON response with `status`, never cached (it may carry a tracking code).
pub fn json_response<T: Serialize>(status: StatusCode, value: &T) -> Response {
    let body = serde_json::to_vec(value).expect("serialisable");
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// An envelope without field problems.
fn plain(code: &'static str, message: String, incident: Option<String>) -> Envelope<()> {
    Envelope { error: Detail { code, message, fields: None, incident } }
}

/// 429 for a client over its limit, with `Retry-After`: the whole seconds until the limiter
/// takes its next call (at least 1).
pub fn rate_limited(retry_after_secs: u64) -> Response {
    let message = format!(
        "Too many requests in a short time. Nothing was stored from this one. Try again in {} second{}, with the same Idempotency-Key.",
        retry_after_secs.max(1),
        if retry_after_secs > 1 { "s" } else { "" }
    );
    let mut response = json_response(StatusCode::TOO_MANY_REQUESTS, &plain("rate_limited", message, None));
    response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs.max(1)));
    response
}

/// The envelope for a failure answered by an outer layer before the API's own handlers ran
/// (the cross-site check, the body limit, the timeout). An internal failure gets an incident id,
/// logged, as the API's own do.
pub fn outer_failure(status: StatusCode) -> Response {
    if status == StatusCode::TOO_MANY_REQUESTS {
        let mut response = rate_limited(60);
        *response.status_mut() = status;
        return response;
    }
    let (code, message) = match status {
        StatusCode::FORBIDDEN => {
            ("forbidden", "This request was refused because it came from a web page on another site.")
        }
        StatusCode::PAYLOAD_TOO_LARGE => {
            ("payload_too_large", "The request body is larger than the server accepts.")
        }
        StatusCode::SERVICE_UNAVAILABLE => (
            "unavailable",
            "The service is busy or unavailable. Try again later with the same Idempotency-Key.",
        ),
        s if s.is_server_error() => {
            ("internal", "Something went wrong on our side. Try again later with the same Idempotency-Key.")
        }
        _ => ("bad_request", "The request could not be read."),
    };
    let incident = (code == "internal").then(|| {
        let incident = new_incident_id();
        tracing::error!(%incident, status = status.as_u16(), "partner API request failed in an outer layer");
        incident
    });
    json_response(status, &plain(code, message.into(), incident))
}
