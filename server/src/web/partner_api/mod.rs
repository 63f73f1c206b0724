//! The partner API over HTTP (the use cases are in `crate::partner`).
//!
//! - `POST /api/v1/reports` (JSON, `Authorization: Bearer pk_…`, optional `Idempotency-Key`)
//!   answers 201 with the reference and the tracking code.
//! - `GET /api/v1/openapi.json` describes it.
//! - Every failure under `/api/v1` is one JSON envelope (see [`crate::partner::errors`]).

mod errors;
mod handlers;

use axum::{
    extract::DefaultBodyLimit,
    routing::{any, get, post},
    Router,
};
use tower_http::catch_panic::CatchPanicLayer;

use crate::{partner::errors::ApiError, state::AppState};

/// The partner API's routes. The request body limit is the server-wide body limit layer's
/// (axum's own default limit is lifted so that it does not undercut a larger configured one).
pub fn routes() -> Router<AppState> {
    let not_allowed = |allowed: &'static str| move || async move { ApiError::MethodNotAllowed(allowed) };
    Router::new()
        .route("/api/v1/reports", post(handlers::create_report).fallback(not_allowed("POST")))
        .route("/api/v1/openapi.json", get(handlers::openapi_document).fallback(not_allowed("GET, HEAD")))
        .route("/api/v1/{*rest}", any(handlers::not_found))
        .layer(DefaultBodyLimit::disable())
        .layer(CatchPanicLayer::custom(errors::panic_envelope))
}
