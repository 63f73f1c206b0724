//! Who is invited to the survey, and when: the periodic task (every 10 minutes, and once at
//! start-up) that writes an invitation for each report whose crime was recorded at least
//! `PORTAL_SURVEY_AFTER_DAYS` ago, whose victim said email is safe, and that has none yet.
//!
//! - Only by email, and only to an address the victim said is safe: never by letter, phone or
//!   text. Domestic abuse reports (`domestic-abuse` among the report's circumstances) are
//!   therefore invited only when email was explicitly marked safe, and never with no safe email.
//! - There is no withdrawn or deleted state for a report; a report closed with no further
//!   action is still invited (the survey is about the service, whatever the outcome).
//! - Once: the survey row and the outbox row are written in one transaction under the write
//!   lock, and the row (one per report) is what a second pass, or a second node, finds.
//! - Reports recorded more than [`CATCH_UP`] before the wait ended are never invited, so turning
//!   the survey on (or a node down for days) does not mail victims about reports long past, and
//!   a pass reads only a fortnight of deadlines.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::{
    clock::Clock,
    config::Survey,
    store::{
        self,
        outbox::{self, Kind},
        Pool,
    },
};

/// Reports invited in one transaction, so that a large backlog holds the write lock briefly.
pub const BATCH: i64 = 200;

/// How long after the wait a recorded crime may still be invited.
pub const CATCH_UP: chrono::Duration = chrono::Duration::days(14);

/// Invites every report due at `now` under `settings`, [`BATCH`] at a time; returns how many.
pub async fn invite_due(pool: &Pool, now: DateTime<Utc>, settings: &Survey) -> store::Result<u64> {
    let Some(after) = settings.after else { return Ok(0) };
    let recorded_by = now - after;
    let expires = now + settings.link_lifetime;
    let mut invited = 0;
    loop {
        let mut conn = pool.acquire().await?;
        let mut tx = store::begin_write(&mut conn).await?;
        let due =
            store::survey::invite_due(&mut tx, now, expires, recorded_by - CATCH_UP, recorded_by, BATCH)
                .await?;
        for report_id in &due {
            outbox::enqueue(&mut tx, Kind::SurveyInvitation, Some(*report_id), "{}", now).await?;
        }
        tx.commit().await?;
        invited += due.len() as u64;
        if (due.len() as i64) < BATCH {
            return Ok(invited);
        }
    }
}

/// What inviting one report now came to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InviteNow {
    Invited,
    /// The survey is turned off (`PORTAL_SURVEY_AFTER_DAYS=0`).
    TurnedOff,
    NoSuchReport,
    /// The crime is not recorded yet, the victim gave no email marked safe, or they were
    /// invited before: the same rules as the periodic task, but for the wait.
    NotInvited,
}

/// Invites report `reference` now, before the wait, under the same rules as the periodic task
/// otherwise (`portal survey invite`: to check a force's survey mail with a real report).
pub async fn invite_now(
    pool: &Pool,
    reference: &str,
    now: DateTime<Utc>,
    settings: &Survey,
) -> store::Result<InviteNow> {
    if settings.after.is_none() {
        return Ok(InviteNow::TurnedOff);
    }
    let mut conn = pool.acquire().await?;
    let mut tx = store::begin_write(&mut conn).await?;
    let Some(report_id) = store::reports::id_by_reference(&mut tx, reference).await? else {
        return Ok(InviteNow::NoSuchReport);
    };
    if !store::survey::invite_one(&mut tx, report_id, now, now + settings.link_lifetime).await? {
        return Ok(InviteNow::NotInvited);
    }
    outbox::enqueue(&mut tx, Kind::SurveyInvitation, Some(report_id), "{}", now).await?;
    tx.commit().await?;
    Ok(InviteNow::Invited)
}

/// Invites the reports due every `period` (first at once) until `stop` changes. Logs how many,
/// never which.
pub async fn invite_every(
    pool: Pool,
    clock: Arc<dyn Clock>,
    settings: Survey,
    period: std::time::Duration,
    mut stop: tokio::sync::watch::Receiver<bool>,
) {
    if settings.after.is_none() {
        return;
    }
    loop {
        match invite_due(&pool, clock.now(), &settings).await {
            Ok(0) => {}
            Ok(invited) => tracing::info!(invited, "victims invited to the satisfaction survey"),
            Err(error) => tracing::warn!(%error, "could not invite victims to the satisfaction survey"),
        }
        tokio::select! {
            _ = tokio::time::sleep(period) => {}
            _ = stop.changed() => return,
        }
    }
}
