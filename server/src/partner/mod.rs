//! The partner API: third-party reporting centres send a report on a victim's behalf, checked
//! with exactly the wizard's rules and stored exactly as the wizard stores one.
//!
//! - `POST /api/v1/reports` (JSON, `Authorization: Bearer pk_…`, optional `Idempotency-Key`)
//!   answers 201 with the reference and the tracking code.
//! - `GET /api/v1/openapi.json` describes it.
//! - Every failure under `/api/v1` is one JSON envelope (see [`errors`]).
//! - Operators add and disable partners on the command line (see `crate::cli`).

mod api;
mod body;
mod contract;
pub mod errors;
pub mod keys;
pub mod openapi;
mod store;
mod validate;

use axum::{
    extract::DefaultBodyLimit,
    routing::{any, get, post},
    Router,
};
use tower_http::catch_panic::CatchPanicLayer;

use crate::state::AppState;

pub use crate::web::rate_limit::PARTNERS_PER_ADDRESS;

/// The partner API's routes. The request body limit is the server-wide body limit layer's
/// (axum's own default limit is lifted so that it does not undercut a larger configured one).
pub fn routes() -> Router<AppState> {
    let not_allowed =
        |allowed: &'static str| move || async move { errors::ApiError::MethodNotAllowed(allowed) };
    Router::new()
        .route("/api/v1/reports", post(api::create_report).fallback(not_allowed("POST")))
        .route("/api/v1/openapi.json", get(api::openapi_document).fallback(not_allowed("GET, HEAD")))
        .route("/api/v1/{*rest}", any(api::not_found))
        .layer(DefaultBodyLimit::disable())
        .layer(CatchPanicLayer::custom(errors::panic_envelope))
}
