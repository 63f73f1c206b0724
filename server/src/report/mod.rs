//! Reporting a crime online: the wizard's HTTP handlers and the use cases behind them.

pub mod drafts;
mod handlers;
mod strict_form;
pub mod submit;

pub use handlers::routes;

/// An internal failure: logged here with its cause, shown to the person as the generic error page
/// (with an incident id) by the failure-page layer.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
}

impl axum::response::IntoResponse for AppError {
    fn into_response(self) -> axum::response::Response {
        tracing::error!(error = %self, "request failed");
        axum::http::StatusCode::INTERNAL_SERVER_ERROR.into_response()
    }
}
