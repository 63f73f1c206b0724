//! Reporting a crime online: the wizard's HTTP handlers and the use cases behind them.

pub mod drafts;
mod handlers;
pub(crate) mod strict_form;
pub mod submit;

pub use handlers::routes;

/// An internal failure: logged here with its cause, shown to the person as the generic error page
/// (with an incident id) by the failure-page layer.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
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

impl axum::response::IntoResponse for AppError {
    fn into_response(self) -> axum::response::Response {
        use axum::http::StatusCode;
        if self.is_unavailable() {
            tracing::warn!(error = %self, "request refused: service busy or database unavailable");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
        tracing::error!(error = %self, "request failed");
        StatusCode::INTERNAL_SERVER_ERROR.into_response()
    }
}

/// Adds an event the victim sees on the tracking page's timeline.
pub async fn victim_event<'e, E>(
    executor: E,
    report_id: i64,
    kind: &str,
    message: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> sqlx::Result<()>
where
    E: sqlx::Executor<'e, Database = sqlx::Sqlite>,
{
    sqlx::query(
        "insert into status_event (report_id, kind, message, visible_to_victim, at) values (?, ?, ?, 1, ?)",
    )
    .bind(report_id)
    .bind(kind)
    .bind(message)
    .bind(submit::ts(now))
    .execute(executor)
    .await?;
    Ok(())
}

/// The email address to write to about report `report_id`, if the person said email is safe:
/// the reporter's when someone reported for the victim, otherwise the victim's.
pub async fn safe_email(pool: &sqlx::SqlitePool, report_id: i64) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar(
        "select p.email from report_person p join contact_channel c on c.report_id = p.report_id
         where p.report_id = ? and c.channel = 'email' and c.safe = 1 and p.email is not null
         order by p.role = 'reporter' desc limit 1",
    )
    .bind(report_id)
    .fetch_optional(pool)
    .await
}
