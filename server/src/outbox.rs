//! The outbox dispatcher: carries out side effects written in the same transaction as the change
//! that caused them (the written acknowledgement, links and update notices by email, the
//! allocation hand-off), with retries, so a failing mail server never loses or blocks a report.
//! Several nodes can run it: a row is claimed with a lease before it is worked on.

use std::{sync::Arc, time::Duration};

use chrono::{DateTime, Utc};
use lettre::message::Mailbox;
use sqlx::SqlitePool;

use crate::{allocation::Allocator, clock::Clock, mail::Mailer, report::submit::ts};

mod acknowledgement;
mod resume_link;
mod update_notice;

pub use resume_link::ResumeLink as ResumeLinkPayload;

/// The kinds of outbox row this dispatcher carries out. Others (the records export) are left for
/// the systems that collect them.
const KINDS: [&str; 5] = ["acknowledgement", "resume_link", "allocation", "tracking_link", "update_notice"];
/// How long a claimed row is reserved for the node that claimed it.
const LEASE: chrono::Duration = chrono::Duration::minutes(5);

/// Everything the dispatcher needs.
#[derive(Clone)]
pub struct Dispatcher {
    pub pool: SqlitePool,
    pub mailer: Mailer,
    pub from: Mailbox,
    pub public_base: String,
    pub force_name: String,
    pub clock: Arc<dyn Clock>,
    pub allocator: Arc<Allocator>,
    /// How long a link to the tracking page works.
    pub tracking_link_lifetime: chrono::Duration,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    kind: String,
    report_id: Option<i64>,
    payload: String,
    attempts: i64,
}

/// Writes an outbox row of `kind`, about `report_id` if any, carrying `payload` (JSON), due at
/// `now`. Call it in the transaction of the change that causes the side effect.
pub async fn enqueue<'e, E>(
    executor: E,
    kind: &str,
    report_id: Option<i64>,
    payload: &str,
    now: DateTime<Utc>,
) -> sqlx::Result<()>
where
    E: sqlx::Executor<'e, Database = sqlx::Sqlite>,
{
    sqlx::query(
        "insert into outbox (kind, report_id, payload, next_attempt_at, created_at) values (?, ?, ?, ?, ?)",
    )
    .bind(kind)
    .bind(report_id)
    .bind(payload)
    .bind(ts(now))
    .bind(ts(now))
    .execute(executor)
    .await?;
    Ok(())
}

/// What happened to one row.
pub enum Outcome {
    /// Done; the words say how, without personal data.
    Done(String),
    /// Try again later; the words say why.
    Retry(String),
}

/// The wait before retry number `attempts` (1, 2, …): 10 s doubling, at most an hour.
pub fn backoff(attempts: i64) -> chrono::Duration {
    let exponent = attempts.clamp(1, 20) as u32 - 1;
    chrono::Duration::seconds((10i64 << exponent.min(9)).min(3600))
}

impl Dispatcher {
    /// Works until `stop` resolves, checking for due rows every `poll`.
    pub async fn run(self, poll: Duration, mut stop: tokio::sync::watch::Receiver<bool>) {
        loop {
            if let Err(error) = self.run_once().await {
                tracing::warn!(%error, "outbox pass failed; will retry");
            }
            tokio::select! {
                _ = tokio::time::sleep(poll) => {}
                _ = stop.changed() => return,
            }
        }
    }

    /// Carries out every due row once; returns how many were finished.
    pub async fn run_once(&self) -> sqlx::Result<usize> {
        let now = self.clock.now();
        let rows: Vec<Row> = sqlx::query_as(
            "select id, kind, report_id, payload, attempts from outbox
             where done_at is null and next_attempt_at <= ? and kind in (?, ?, ?, ?, ?) order by id limit 50",
        )
        .bind(ts(now))
        .bind(KINDS[0])
        .bind(KINDS[1])
        .bind(KINDS[2])
        .bind(KINDS[3])
        .bind(KINDS[4])
        .fetch_all(&self.pool)
        .await?;
        let mut finished = 0;
        for row in rows {
            if !self.claim(row.id, now).await? {
                continue;
            }
            let outcome = match row.kind.as_str() {
                "acknowledgement" => acknowledgement::send(self, row.report_id).await,
                "resume_link" => resume_link::send(self, &row.payload, now).await,
                "allocation" => self.allocate(row.report_id, now).await,
                "tracking_link" => crate::track::links::send(self, row.report_id, now).await,
                "update_notice" => update_notice::send(self, row.report_id).await,
                _ => Outcome::Retry("no handler".into()),
            };
            finished += usize::from(self.record(&row, outcome, now).await?);
        }
        Ok(finished)
    }

    async fn allocate(&self, report_id: Option<i64>, now: DateTime<Utc>) -> Outcome {
        let Some(report_id) = report_id else { return Outcome::Done("no report".into()) };
        match crate::allocation::hand_off(&self.pool, &self.allocator, report_id, now).await {
            Ok(crate::allocation::HandOff::Assessed) => Outcome::Done("assessed".into()),
            Ok(crate::allocation::HandOff::AlreadyAssessed) => Outcome::Done("already assessed".into()),
            Err(error) => {
                tracing::error!(report_id, %error, "allocation hand-off failed");
                Outcome::Retry("allocation failed".into())
            }
        }
    }

    async fn claim(&self, id: i64, now: DateTime<Utc>) -> sqlx::Result<bool> {
        let claimed = sqlx::query(
            "update outbox set attempts = attempts + 1, next_attempt_at = ?
             where id = ? and done_at is null and next_attempt_at <= ?",
        )
        .bind(ts(now + LEASE))
        .bind(id)
        .bind(ts(now))
        .execute(&self.pool)
        .await?;
        Ok(claimed.rows_affected() == 1)
    }

    async fn record(&self, row: &Row, outcome: Outcome, now: DateTime<Utc>) -> sqlx::Result<bool> {
        match outcome {
            Outcome::Done(how) => {
                sqlx::query("update outbox set done_at = ?, outcome = ?, last_error = null where id = ?")
                    .bind(ts(now))
                    .bind(&how)
                    .bind(row.id)
                    .execute(&self.pool)
                    .await?;
                tracing::info!(outbox_id = row.id, kind = %row.kind, outcome = %how, "outbox row done");
                Ok(true)
            }
            Outcome::Retry(why) => {
                let attempts = row.attempts + 1;
                sqlx::query("update outbox set next_attempt_at = ?, last_error = ? where id = ?")
                    .bind(ts(now + backoff(attempts)))
                    .bind(&why)
                    .bind(row.id)
                    .execute(&self.pool)
                    .await?;
                tracing::warn!(outbox_id = row.id, kind = %row.kind, attempts, reason = %why, "outbox row will be retried");
                Ok(false)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_to_at_most_an_hour() {
        assert_eq!(backoff(1), chrono::Duration::seconds(10));
        assert_eq!(backoff(2), chrono::Duration::seconds(20));
        assert_eq!(backoff(30), chrono::Duration::seconds(3600));
        let waits: Vec<_> = (1..40).map(backoff).collect();
        assert!(waits.windows(2).all(|w| w[0] <= w[1]));
    }
}
