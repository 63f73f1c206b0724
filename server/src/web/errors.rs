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

/// What the failure pages need.
#[derive(Clone)]
pub struct FailurePages {
    pub site: Arc<SiteConfig>,
    /// The body limit, in bytes, stated on the page for a request that was too large.
    pub body_limit: usize,
}

/// Replaces a failure that is not already a page with one of the site's pages: a server-side
/// failure (a timeout, a failed render) with the generic error page, a refusal by an outer layer
/// (too large, too many) with a page that says what to do. Server-function responses are left
/// alone: their callers parse them.
pub async fn failure_pages(State(pages): State<FailurePages>, request: Request, next: Next) -> Response {
    let site = &pages.site;
    let is_page_request = !request.uri().path().starts_with("/api/") && request.uri().path() != "/healthz";
    let is_partner_api = request.uri().path().starts_with("/api/v1/");
    let response = next.run(request).await;
    let status = response.status();
    if is_partner_api && (status.is_client_error() || status.is_server_error()) && !is_json(&response) {
        return super::api_envelope::outer_failure(status);
    }
    let refused = matches!(status, StatusCode::PAYLOAD_TOO_LARGE | StatusCode::TOO_MANY_REQUESTS);
    if is_page_request && refused && !is_html(&response) {
        let retry_after = response
            .headers()
            .get(header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        let page =
            app::pages::render_refusal_page(site, status.as_u16(), pages.body_limit / 1024, retry_after);
        let mut page = (status, Html(page)).into_response();
        if let Some(retry) = response.headers().get(header::RETRY_AFTER) {
            page.headers_mut().insert(header::RETRY_AFTER, retry.clone());
        }
        return page;
    }
    if !is_page_request || !status.is_server_error() || is_html(&response) {
        return response;
    }
    let incident = new_incident_id();
    tracing::error!(%incident, status = status.as_u16(), "request failed");
    error_page(site, status, &incident)
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

impl IntoResponse for crate::error::AppError {
    fn into_response(self) -> Response {
        if self.is_unavailable() {
            tracing::warn!(error = %self, "request refused: service busy or database unavailable");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
        tracing::error!(error = %self, "request failed");
        StatusCode::INTERNAL_SERVER_ERROR.into_response()
    }
}
