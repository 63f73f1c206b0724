//! Changes to a case made by the force — confirming or changing the allocation, a decision to
//! take no further action, an update for the victim — each with a victim-visible event, an email
//! notice (when email is safe) and an audit line, in one transaction. Run by operators with
//! `portal report ...` until staff have their own screens.

use chrono::{DateTime, Utc};
use rules::allocation::Team;
use sqlx::SqlitePool;

use crate::{
    store::ts,
    track::audit::{self, Actor, Entry},
};

/// A change to a case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// Confirm or change the allocation: the team investigates.
    Allocate(Team),
    /// The investigation ends; a victim may ask for a review when a suspect was interviewed.
    NoFurtherAction { suspect_interviewed: bool, reason: String },
    /// An update for the victim, in words they will see.
    Update(String),
}

/// Why a change could not be made.
#[derive(Debug, thiserror::Error)]
pub enum CaseworkError {
    #[error("no report has that reference")]
    NoSuchReport,
    #[error("the report has not been assessed yet; try again in a minute")]
    NotAssessed,
    #[error("the words for the victim are empty")]
    Empty,
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
}

fn team_slug(team: Team) -> &'static str {
    match team {
        Team::Iit => "iit",
        Team::Fcid => "fcid",
        Team::Ppu => "ppu",
    }
}

/// Makes `change` to the report with `reference`, audited as done by `operator`.
pub async fn apply(
    pool: &SqlitePool,
    operator: &str,
    reference: &str,
    change: &Change,
    now: DateTime<Utc>,
) -> Result<(), CaseworkError> {
    let mut tx = pool.begin().await?;
    let report_id: i64 = sqlx::query_scalar("select id from report where reference = ?")
        .bind(reference)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(CaseworkError::NoSuchReport)?;
    let (kind, message, action) = match change {
        Change::Allocate(team) => {
            let updated = sqlx::query(
                "update assessment set status = case when outcome = ?1 then 'confirmed' else 'overridden' end,
                 outcome = ?1 where report_id = ?2",
            )
            .bind(team_slug(*team))
            .bind(report_id)
            .execute(&mut *tx)
            .await?;
            if updated.rows_affected() == 0 {
                return Err(CaseworkError::NotAssessed);
            }
            let message = format!(
                "Your report is now with {}. They will contact you in the way you agreed with us.",
                team.name()
            );
            ("allocated", message, "allocate")
        }
        Change::NoFurtherAction { suspect_interviewed, reason } => {
            let reason = reason.trim();
            if reason.is_empty() {
                return Err(CaseworkError::Empty);
            }
            sqlx::query(
                "insert into no_further_action (report_id, suspect_interviewed, reason, decided_at) values (?, ?, ?, ?)
                 on conflict (report_id) do update set suspect_interviewed = excluded.suspect_interviewed,
                 reason = excluded.reason, decided_at = excluded.decided_at",
            )
            .bind(report_id)
            .bind(suspect_interviewed)
            .bind(reason)
            .bind(ts(now))
            .execute(&mut *tx)
            .await?;
            ("no-further-action", reason.to_string(), "no-further-action")
        }
        Change::Update(message) => {
            let message = message.trim();
            if message.is_empty() {
                return Err(CaseworkError::Empty);
            }
            sqlx::query(
                "update deadline set met_at = ? where report_id = ? and met_at is null
                 and kind in ('first-update', 'update-requested')",
            )
            .bind(ts(now))
            .bind(report_id)
            .execute(&mut *tx)
            .await?;
            ("update", message.to_string(), "update")
        }
    };
    crate::store::events::victim_event(&mut *tx, report_id, kind, &message, now).await?;
    // Tell the victim there is something new, without saying what (see outbox/update_notice.rs).
    crate::store::outbox::enqueue(
        &mut *tx,
        crate::store::outbox::Kind::UpdateNotice,
        Some(report_id),
        "{}",
        now,
    )
    .await?;
    let entry = Entry {
        actor: Actor::Operator(operator),
        action,
        report_id: Some(report_id),
        outcome: "done",
        client: None,
        reason: None,
    };
    audit::record(&mut *tx, entry, now).await?;
    tx.commit().await?;
    Ok(())
}
