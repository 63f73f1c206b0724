//! What can go wrong with a partner's request, and what the partner is told: the partner API's
//! one error envelope (written by `web::partner_api`):
//! `{"error": {"code": "...", "message": "...", "fields": [...], "incident": "..."}}`.
//! `fields` only for validation failures, `incident` only for internal failures. The cause of an
//! internal failure goes to the log with the incident id, never to the response.

use http::StatusCode;
use rules::wizard::NotSuitable;
use serde::Serialize;

/// One problem with one answer: `{step slug}.{field name}`, the message, and whose problem it is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldProblem {
    pub field: String,
    pub message: String,
    pub kind: ProblemKind,
}

/// Whose problem it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ProblemKind {
    /// The request does not have the form the OpenAPI document gives it: the sending system
    /// needs fixing.
    Schema,
    /// The answers have that form but break the online form's rules: the victim's answers need
    /// correcting.
    Rules,
}

/// Every way a partner API request can fail.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// No API key, a malformed one, an unknown one or a disabled partner's (401).
    #[error("unauthorized")]
    Unauthorized,
    /// The request cannot be read: its JSON, its shape or a header (400).
    #[error("bad request")]
    BadRequest(String),
    /// The answers break the wizard's rules (422).
    #[error("validation failed")]
    Validation(Vec<FieldProblem>),
    /// The report cannot be made online at all (422).
    #[error("not suitable")]
    NotSuitable(NotSuitable),
    /// The Idempotency-Key was used before with another body (409).
    #[error("idempotency key reused")]
    IdempotencyKeyReused,
    /// The body is larger than the server accepts (413).
    #[error("payload too large")]
    PayloadTooLarge,
    /// The body is not declared as JSON (415).
    #[error("unsupported media type")]
    UnsupportedMediaType,
    /// No such endpoint (404).
    #[error("not found")]
    NotFound,
    /// The endpoint does not answer this method; the ones it does (405).
    #[error("method not allowed")]
    MethodNotAllowed(&'static str),
    /// Something failed on our side (500); the cause is logged, never sent.
    #[error("internal: {0:#}")]
    Internal(anyhow::Error),
    /// Too busy, or the database is out of reach for a moment (503): retry later.
    #[error("unavailable: {0:#}")]
    Unavailable(anyhow::Error),
}

impl From<crate::store::Error> for ApiError {
    fn from(error: crate::store::Error) -> Self {
        if crate::db::is_unavailable(&error) {
            ApiError::Unavailable(error.into())
        } else {
            ApiError::Internal(error.into())
        }
    }
}

impl From<crate::secrets::Busy> for ApiError {
    fn from(busy: crate::secrets::Busy) -> Self {
        ApiError::Unavailable(busy.into())
    }
}

impl ApiError {
    /// The status and the machine-readable code.
    pub fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            ApiError::Unauthorized => (StatusCode::UNAUTHORIZED, "unauthorized"),
            ApiError::BadRequest(_) => (StatusCode::BAD_REQUEST, "bad_request"),
            ApiError::Validation(_) => (StatusCode::UNPROCESSABLE_ENTITY, "validation_failed"),
            ApiError::NotSuitable(_) => (StatusCode::UNPROCESSABLE_ENTITY, "not_suitable"),
            ApiError::IdempotencyKeyReused => (StatusCode::CONFLICT, "idempotency_key_reused"),
            ApiError::PayloadTooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"),
            ApiError::UnsupportedMediaType => (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type"),
            ApiError::NotFound => (StatusCode::NOT_FOUND, "not_found"),
            ApiError::MethodNotAllowed(_) => (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed"),
            ApiError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
            ApiError::Unavailable(_) => (StatusCode::SERVICE_UNAVAILABLE, "unavailable"),
        }
    }

    /// The plain-English message.
    pub fn message(&self) -> String {
        match self {
            ApiError::Unauthorized => {
                "Send your partner API key in the Authorization header: Bearer pk_…. The key was missing, not recognised, or belongs to a disabled partner.".into()
            }
            ApiError::BadRequest(why) => why.clone(),
            ApiError::Validation(_) => {
                "Some answers need correcting before the report can be sent. Each problem is listed in fields.".into()
            }
            ApiError::NotSuitable(reason) => not_suitable_message(*reason).into(),
            ApiError::IdempotencyKeyReused => {
                "This Idempotency-Key was already used for a different report. Use a new key for each new report, and the same key only to retry the same request.".into()
            }
            ApiError::PayloadTooLarge => "The request body is larger than this service accepts.".into(),
            ApiError::UnsupportedMediaType => {
                "Send the report as JSON, with the header Content-Type: application/json.".into()
            }
            ApiError::NotFound => "There is nothing at this address. See /api/v1/openapi.json.".into(),
            ApiError::MethodNotAllowed(allowed) => format!("This address only answers {allowed}."),
            ApiError::Internal(_) => {
                "Something went wrong on our side and the report was not stored. Try again later; if it keeps happening, contact us and quote the incident id.".into()
            }
            ApiError::Unavailable(_) => {
                "The service is busy and the report was not stored. Try again in a minute with the same Idempotency-Key.".into()
            }
        }
    }
}

/// Why the report cannot be made through this service, and what to do instead.
fn not_suitable_message(reason: NotSuitable) -> &'static str {
    match reason {
        NotSuitable::Emergency => {
            "Someone is in immediate danger or the crime is happening now. Call 999 now; this service cannot take the report."
        }
        NotSuitable::Fraud => {
            "Fraud is not reported to this service. Report it to the national fraud reporting service instead."
        }
        NotSuitable::NotOnline => {
            "This force does not take this type of crime online. Report it by calling 101 instead."
        }
        NotSuitable::UnderSixteen => {
            "A victim under 16 cannot report for themselves here. A parent, carer or other trusted adult can report for them, or call 101."
        }
    }
}

/// Every `code` the envelope can carry.
pub const CODES: &[&str] = &[
    "unauthorized",
    "bad_request",
    "forbidden",
    "validation_failed",
    "not_suitable",
    "idempotency_key_reused",
    "payload_too_large",
    "unsupported_media_type",
    "not_found",
    "method_not_allowed",
    "rate_limited",
    "internal",
    "unavailable",
];
