//! The partner API's failures as responses: the one JSON envelope, with `WWW-Authenticate`,
//! `Allow` or `Retry-After` where they apply. The cause of an internal failure goes to the log
//! with the incident id, never to the response.

use std::any::Any;

use axum::{
    body::Body,
    http::{header, HeaderValue},
    response::{IntoResponse, Response},
};

use crate::{
    partner::errors::ApiError,
    web::{
        api_envelope::{json_response, Detail, Envelope},
        new_incident_id,
    },
};

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        let incident = match &self {
            ApiError::Internal(cause) => {
                let incident = new_incident_id();
                tracing::error!(%incident, error = %format!("{cause:#}"), "partner API request failed");
                Some(incident)
            }
            _ => None,
        };
        let fields = match &self {
            ApiError::Validation(fields) => Some(fields.as_slice()),
            _ => None,
        };
        let envelope = Envelope { error: Detail { code, message: self.message(), fields, incident } };
        let mut response = json_response(status, &envelope);
        let headers = response.headers_mut();
        match &self {
            ApiError::Unauthorized => {
                headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            ApiError::MethodNotAllowed(allowed) => {
                headers.insert(header::ALLOW, HeaderValue::from_static(allowed));
            }
            ApiError::Unavailable(cause) => {
                tracing::warn!(error = %format!("{cause:#}"), "partner API request refused: busy");
                headers.insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
            }
            _ => {}
        }
        response
    }
}

/// A panic in a partner API handler, answered with the envelope (the incident is logged).
pub fn panic_envelope(_panic: Box<dyn Any + Send + 'static>) -> Response<Body> {
    ApiError::Internal(anyhow::anyhow!("handler panicked")).into_response()
}
