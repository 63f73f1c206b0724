//! The audit log (`audit_event`): who did what to which report, when, and how it went.

use chrono::{DateTime, Utc};

use super::{on_db, At, Executor, Result};

/// One line of the audit log, in the words stored.
pub struct AuditRow<'a> {
    /// `anonymous`, `victim-session:<id>` or `operator:<name>`.
    pub actor: &'a str,
    pub action: &'a str,
    pub report_id: Option<i64>,
    pub outcome: &'a str,
    pub client_digest: Option<&'a [u8]>,
    pub reason: Option<&'a str>,
}

/// Writes `row` at `now`.
pub async fn insert<'e>(db: impl Executor<'e>, row: &AuditRow<'_>, now: DateTime<Utc>) -> Result<()> {
    on_db!(db, |e| sqlx::query(
        "insert into audit_event (at, actor, action, report_id, outcome, client_digest, reason)
         values ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(At(now))
    .bind(row.actor)
    .bind(row.action)
    .bind(row.report_id)
    .bind(row.outcome)
    .bind(row.client_digest)
    .bind(row.reason)
    .execute(e)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}
