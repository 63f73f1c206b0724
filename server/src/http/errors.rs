//! Failures shown to people: a generic page with an incident id they can quote. The id goes to
//! the log with the cause; nothing about the cause goes to the browser.

use std::{any::Any, sync::Arc};

use app::SiteConfig;
use axum::{
    body::Body,
    extract::{Request, State},
    http::{header, HeaderValue, StatusCode},
    middleware::Next,
    response::{Html, IntoResponse, Response},
};

/// A short random id, unique enough to find one incident in the logs.
pub fn new_incident_id() -> String {
    let id = uuid::Uuid::new_v4().simple().to_string();
    id[..12].to_uppercase()
}

/// The error page as a response with `status`.
pub fn error_page(site: &SiteConfig, status: StatusCode, incident: &str) -> Response {
    (status, Html(app::pages::render_error_page(site, incident))).into_response()
}

/// Turns a panic in any handler into the generic error page, logging the incident.
pub fn panic_page(site: Arc<SiteConfig>) -> impl Fn(Box<dyn Any + Send + 'static>) -> Response<Body> + Clone {
    move |_panic| {
        let incident = new_incident_id();
        tracing::error!(%incident, "request handler panicked");
        error_page(&site, StatusCode::INTERNAL_SERVER_ERROR, &incident)
    }
}

/// Replaces a server-side failure that is not already a page (a timeout, a failed render) with
/// the generic error page. Server-function responses are left alone: their callers parse them.
pub async fn failure_pages(State(site): State<Arc<SiteConfig>>, request: Request, next: Next) -> Response {
    let is_page_request = !request.uri().path().starts_with("/api/") && request.uri().path() != "/healthz";
    let is_partner_api = request.uri().path().starts_with("/api/v1/");
    let response = next.run(request).await;
    let status = response.status();
    if is_partner_api && (status.is_client_error() || status.is_server_error()) && !is_json(&response) {
        return crate::partner::errors::outer_failure(status);
    }
    if !is_page_request || !status.is_server_error() || is_html(&response) {
        return response;
    }
    let incident = new_incident_id();
    tracing::error!(%incident, status = status.as_u16(), "request failed");
    error_page(&site, status, &incident)
}

fn is_json(response: &Response) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"))
}

fn is_html(response: &Response) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v: &HeaderValue| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"))
}
