//! The failure every use case can end in, apart from the answers it checks.

/// An internal failure: logged here with its cause, shown to the person as the generic error page
/// (with an incident id) by the failure-page layer.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("database: {0}")]
    Database(#[from] crate::store::Error),
    #[error("{0}")]
    Busy(#[from] crate::secrets::Busy),
}

impl AppError {
    /// Whether the failure is the service being too busy or its database out of reach for a
    /// moment (503: try again shortly) rather than a fault (500).
    pub fn is_unavailable(&self) -> bool {
        match self {
            AppError::Busy(_) => true,
            AppError::Database(error) => crate::db::is_unavailable(error),
        }
    }
}
