//! Changes to a case made by the force — confirming or changing the allocation, a decision to
//! take no further action, an update for the victim — each with a victim-visible event, an email
//! notice (when email is safe) and an audit line, in one transaction. Run by operators with
//! `portal report ...` until staff have their own screens.

use crate::{
    store::{self, outbox::Kind, Pool},
    track::audit::{self, Actor, Entry},
};
use chrono::{DateTime, Utc};
use rules::allocation::Team;

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
    Database(#[from] store::Error),
}

/// Makes `change` to the report with `reference`, audited as done by `operator`.
pub async fn apply(
    pool: &Pool,
    operator: &str,
    reference: &str,
    change: &Change,
    now: DateTime<Utc>,
) -> Result<(), CaseworkError> {
    // It reads before it writes: holding the write lock from the start keeps a concurrent writer
    // (the server's dispatcher, say) from invalidating what was read (SQLITE_BUSY_SNAPSHOT).
    let mut conn = pool.acquire().await?;
    let mut tx = store::begin_write(&mut conn).await?;
    let report_id =
        store::reports::id_by_reference(&mut *tx, reference).await?.ok_or(CaseworkError::NoSuchReport)?;
    let (kind, message, action) = match change {
        Change::Allocate(team) => {
            if !store::assessment::set_team(&mut tx, report_id, team.slug()).await? {
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
            store::casework::set_no_further_action(&mut tx, report_id, *suspect_interviewed, reason, now)
                .await?;
            ("no-further-action", reason.to_string(), "no-further-action")
        }
        Change::Update(message) => {
            let message = message.trim();
            if message.is_empty() {
                return Err(CaseworkError::Empty);
            }
            store::assessment::meet_update_deadlines(&mut tx, report_id, now).await?;
            ("update", message.to_string(), "update")
        }
    };
    store::events::victim_event(&mut *tx, report_id, kind, &message, now).await?;
    // Tell the victim there is something new, without saying what (see jobs/update_notice.rs).
    store::outbox::enqueue(&mut *tx, Kind::UpdateNotice, Some(report_id), "{}", now).await?;
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
