//! The outbox dispatcher: carries out side effects written in the same transaction as the change
//! that caused them (the written acknowledgement, links and update notices by email, the
//! allocation hand-off), with retries, so a failing mail server never loses or blocks a report.
//! Several nodes can run it: a row is claimed with a lease before it is worked on.
//!
//! Rows are worked in two lanes, each its own task: allocation hand-offs, and mail. A slow or
//! unreachable mail server holds up only the mail lane, never an allocation (a THRIVE+ danger
//! flag is raised by the hand-off). The mail lane ends a pass as soon as the server is
//! unavailable, so a queue of mail costs one timeout a pass, not one per message.

use std::{path::PathBuf, sync::Arc, time::Duration};

use chrono::{DateTime, Utc};
use lettre::message::Mailbox;
use sqlx::SqlitePool;

use crate::{
    allocation::Allocator,
    clock::Clock,
    mail::{MailError, Mailer},
    report::submit::ts,
    secrets,
};

mod acknowledgement;
mod resume_link;
mod update_notice;

pub use resume_link::{request as request_resume_link, ResumeLink as ResumeLinkPayload, LINK_LIFETIME};

/// What an outbox row asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// The written acknowledgement of a report, by email.
    Acknowledgement,
    /// A one-time link to continue a saved report, by email.
    ResumeLink,
    /// A one-time link to the tracking page, by email.
    TrackingLink,
    /// "There is an update on your report", by email.
    UpdateNotice,
    /// The allocation hand-off under the Investigation Model.
    Allocation,
    /// The export for the force's records system. Collected by that system, never by the
    /// dispatcher, and never deleted here (there is no mark yet that it was collected).
    RecordsExport,
}

impl Kind {
    /// Every kind, in the words stored in `outbox.kind`.
    pub const ALL: [Kind; 6] = [
        Kind::Acknowledgement,
        Kind::ResumeLink,
        Kind::TrackingLink,
        Kind::UpdateNotice,
        Kind::Allocation,
        Kind::RecordsExport,
    ];

    /// The word stored in `outbox.kind`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Kind::Acknowledgement => "acknowledgement",
            Kind::ResumeLink => "resume_link",
            Kind::TrackingLink => "tracking_link",
            Kind::UpdateNotice => "update_notice",
            Kind::Allocation => "allocation",
            Kind::RecordsExport => "records_export",
        }
    }

    /// The kind stored as `word`.
    pub fn parse(word: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == word)
    }

    /// The lane this dispatcher works the kind in; `None` for rows other systems collect.
    pub const fn lane(self) -> Option<Lane> {
        match self {
            Kind::Allocation => Some(Lane::Allocation),
            Kind::Acknowledgement | Kind::ResumeLink | Kind::TrackingLink | Kind::UpdateNotice => {
                Some(Lane::Mail)
            }
            Kind::RecordsExport => None,
        }
    }
}

impl AsRef<str> for Kind {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

/// A queue of its own within the outbox, worked by its own task.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lane {
    /// Allocation hand-offs: quick, database only, and never behind mail.
    Allocation,
    /// Every kind of email.
    Mail,
}

impl Lane {
    pub const ALL: [Lane; 2] = [Lane::Allocation, Lane::Mail];

    /// The kinds worked in this lane, as a JSON list for `json_each`.
    fn kinds_json(self) -> String {
        let kinds: Vec<&str> =
            Kind::ALL.into_iter().filter(|k| k.lane() == Some(self)).map(Kind::as_str).collect();
        serde_json::to_string(&kinds).expect("serialisable")
    }

    fn name(self) -> &'static str {
        match self {
            Lane::Allocation => "allocation",
            Lane::Mail => "mail",
        }
    }
}

/// How long a claimed row is reserved for the node that claimed it.
const LEASE: chrono::Duration = chrono::Duration::minutes(5);
/// Rows taken in one pass of a lane.
const BATCH: i64 = 50;

/// At most `max` link mails in `window`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limit {
    pub max: i64,
    pub window: chrono::Duration,
}

/// Link mails (resume links and links to the tracking page together) to one address: someone
/// who knows an address cannot flood that inbox, whatever drafts or references they use.
pub const LINKS_PER_ADDRESS: Limit = Limit { max: 3, window: chrono::Duration::hours(1) };
/// Resume links for one saved report.
pub const RESUME_LINKS_PER_DRAFT: Limit = Limit { max: 3, window: chrono::Duration::hours(24) };
/// Links to the tracking page for one report.
pub const TRACKING_LINKS_PER_REPORT: Limit = Limit { max: 3, window: chrono::Duration::hours(1) };

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

/// Writes an outbox row of `kind` (a [`Kind`]; its word is accepted too), about `report_id` if
/// any, carrying `payload` (JSON), due at `now`. Call it in the transaction of the change that
/// causes the side effect.
pub async fn enqueue<'e, E>(
    executor: E,
    kind: impl AsRef<str>,
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
    .bind(kind.as_ref())
    .bind(report_id)
    .bind(payload)
    .bind(ts(now))
    .bind(ts(now))
    .execute(executor)
    .await?;
    Ok(())
}

/// A link mail someone asked for: a resume link (about a draft) or a link to the tracking page
/// (about a report), to `address`.
pub struct LinkMail<'a> {
    pub kind: Kind,
    pub report_id: Option<i64>,
    pub draft_id: Option<i64>,
    pub address: &'a str,
    pub payload: &'a str,
}

/// Queues `mail` unless that would pass [`LINKS_PER_ADDRESS`] or the limit for its draft
/// ([`RESUME_LINKS_PER_DRAFT`]) or report ([`TRACKING_LINKS_PER_REPORT`]); returns whether it
/// was queued. The check and the insert are one statement, so concurrent requests cannot both
/// slip under a limit. Never tell the person asking.
pub async fn enqueue_link_mail(
    pool: &SqlitePool,
    mail: LinkMail<'_>,
    now: DateTime<Utc>,
) -> sqlx::Result<bool> {
    let per_subject = match mail.kind {
        Kind::ResumeLink => RESUME_LINKS_PER_DRAFT,
        _ => TRACKING_LINKS_PER_REPORT,
    };
    let queued = sqlx::query(
        "insert into outbox (kind, report_id, draft_id, recipient_digest, payload, next_attempt_at, created_at)
         select ?1, ?2, ?3, ?4, ?5, ?6, ?6
         where (select count(*) from outbox where recipient_digest = ?4 and created_at > ?7) < ?8
           and (select count(*) from outbox
                where kind = ?1 and (report_id = ?2 or draft_id = ?3) and created_at > ?9) < ?10",
    )
    .bind(mail.kind.as_str())
    .bind(mail.report_id)
    .bind(mail.draft_id)
    .bind(address_digest(mail.address))
    .bind(mail.payload)
    .bind(ts(now))
    .bind(ts(now - LINKS_PER_ADDRESS.window))
    .bind(LINKS_PER_ADDRESS.max)
    .bind(ts(now - per_subject.window))
    .bind(per_subject.max)
    .execute(pool)
    .await?
    .rows_affected()
        == 1;
    if !queued {
        tracing::info!(kind = mail.kind.as_str(), "link mail over its limit: not queued");
    }
    Ok(queued)
}

/// The digest that link mails to one inbox share: SHA-256 of the address trimmed, in lower case,
/// without a `+tag` after the local part (`Sam+1@Example.com` and `sam@example.com` reach the
/// same inbox). Never stored with the address.
pub fn address_digest(address: &str) -> Vec<u8> {
    let address = address.trim().to_lowercase();
    let normal = match address.rsplit_once('@') {
        Some((local, domain)) => format!("{}@{domain}", local.split('+').next().unwrap_or_default()),
        None => address,
    };
    secrets::digest(&format!("portal-mail-address-v1:{normal}"))
}

/// What happened to one row.
pub enum Outcome {
    /// Done; the words say how, without personal data.
    Done(String),
    /// Try again later; the words say why.
    Retry(String),
    /// The mail server refused the address for good, or it cannot be used: done, not retried,
    /// and recorded for staff on the report. The words say why, without the address.
    Refused(String),
    /// The mail server is unavailable: try again later, and end this pass of the mail lane.
    Unavailable(String),
}

impl Outcome {
    /// The outcome of sending a mail.
    pub fn of_mail(sent: Result<(), MailError>) -> Self {
        match sent {
            Ok(()) => Outcome::Done("sent by email".into()),
            Err(error) => error.into(),
        }
    }
}

impl From<MailError> for Outcome {
    fn from(error: MailError) -> Self {
        match error {
            MailError::Unavailable(why) => Outcome::Unavailable(why),
            MailError::Transient(why) => Outcome::Retry(why),
            MailError::Refused(why) => Outcome::Refused(why),
        }
    }
}

/// The wait before retry number `attempts` (1, 2, …): 10 s doubling, at most an hour.
pub fn backoff(attempts: i64) -> chrono::Duration {
    let exponent = attempts.clamp(1, 20) as u32 - 1;
    chrono::Duration::seconds((10i64 << exponent.min(9)).min(3600))
}

impl Dispatcher {
    /// Starts one task per lane, each checking for due rows every `poll` until `stop` changes.
    pub fn spawn(
        self,
        poll: Duration,
        stop: tokio::sync::watch::Receiver<bool>,
    ) -> Vec<tokio::task::JoinHandle<()>> {
        Lane::ALL.into_iter().map(|lane| tokio::spawn(self.clone().run(lane, poll, stop.clone()))).collect()
    }

    /// Works `lane` until `stop` changes. A mail pass is abandoned at once on shutdown (a row it
    /// had claimed is tried again when its lease ends); an allocation pass is short and finishes.
    pub async fn run(self, lane: Lane, poll: Duration, mut stop: tokio::sync::watch::Receiver<bool>) {
        loop {
            let pass = self.run_lane_once(lane);
            let result = match lane {
                Lane::Allocation => pass.await,
                Lane::Mail => tokio::select! {
                    result = pass => result,
                    _ = stop.changed() => return,
                },
            };
            if let Err(error) = result {
                tracing::warn!(%error, lane = lane.name(), "outbox pass failed; will retry");
            }
            tokio::select! {
                _ = tokio::time::sleep(poll) => {}
                _ = stop.changed() => return,
            }
        }
    }

    /// Carries out every due row once, allocation hand-offs first; returns how many were finished.
    pub async fn run_once(&self) -> sqlx::Result<usize> {
        let mut finished = 0;
        for lane in Lane::ALL {
            finished += self.run_lane_once(lane).await?;
        }
        Ok(finished)
    }

    /// Carries out the due rows of `lane` once, oldest first; returns how many were finished.
    pub async fn run_lane_once(&self, lane: Lane) -> sqlx::Result<usize> {
        let rows: Vec<Row> = sqlx::query_as(
            "select id, kind, report_id, payload, attempts from outbox
             where done_at is null and next_attempt_at <= ? and kind in (select value from json_each(?))
             order by id limit ?",
        )
        .bind(ts(self.clock.now()))
        .bind(lane.kinds_json())
        .bind(BATCH)
        .fetch_all(&self.pool)
        .await?;
        let mut finished = 0;
        for row in rows {
            let now = self.clock.now();
            if !self.claim(row.id, now).await? {
                continue;
            }
            let outcome = match Kind::parse(&row.kind) {
                Some(Kind::Acknowledgement) => acknowledgement::send(self, row.report_id).await,
                Some(Kind::ResumeLink) => resume_link::send(self, &row.payload, now).await,
                Some(Kind::Allocation) => self.allocate(row.report_id, now).await,
                Some(Kind::TrackingLink) => crate::track::links::send(self, row.report_id, now).await,
                Some(Kind::UpdateNotice) => update_notice::send(self, row.report_id).await,
                Some(Kind::RecordsExport) | None => Outcome::Retry("no handler".into()),
            };
            let server_down = matches!(outcome, Outcome::Unavailable(_));
            finished += usize::from(self.record(&row, outcome, now).await?);
            if server_down {
                // Every further message would wait for the same timeout: leave them for the
                // next pass, untouched.
                break;
            }
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
        let kind = Kind::parse(&row.kind);
        // A finished mail row keeps its kind and outcome for audit; its payload (a resume link's
        // address) goes.
        let payload = match kind.and_then(Kind::lane) {
            Some(Lane::Mail) => "{}",
            _ => row.payload.as_str(),
        };
        match outcome {
            Outcome::Done(how) => {
                sqlx::query(
                    "update outbox set done_at = ?, outcome = ?, last_error = null, payload = ? where id = ?",
                )
                .bind(ts(now))
                .bind(&how)
                .bind(payload)
                .bind(row.id)
                .execute(&self.pool)
                .await?;
                tracing::info!(outbox_id = row.id, kind = %row.kind, outcome = %how, "outbox row done");
                Ok(true)
            }
            Outcome::Refused(why) => {
                let mut tx = self.pool.begin().await?;
                sqlx::query(
                    "update outbox set done_at = ?, outcome = ?, last_error = ?, payload = ? where id = ?",
                )
                .bind(ts(now))
                .bind(format!("refused permanently: {why}"))
                .bind(&why)
                .bind(payload)
                .bind(row.id)
                .execute(&mut *tx)
                .await?;
                if let (Some(report_id), Some(message)) =
                    (row.report_id, kind.and_then(|k| for_staff(k, &why)))
                {
                    sqlx::query(
                        "insert into status_event (report_id, kind, message, visible_to_victim, at)
                         values (?, 'mail-refused', ?, 0, ?)",
                    )
                    .bind(report_id)
                    .bind(message)
                    .bind(ts(now))
                    .execute(&mut *tx)
                    .await?;
                }
                tx.commit().await?;
                tracing::warn!(outbox_id = row.id, kind = %row.kind, reason = %why, "mail refused permanently; not retried");
                Ok(true)
            }
            Outcome::Retry(why) | Outcome::Unavailable(why) => {
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

/// What staff are told on the case (a `status_event` the victim does not see, kind
/// `mail-refused`) when a mail about it is refused for good.
fn for_staff(kind: Kind, why: &str) -> Option<String> {
    let (what, then) = match kind {
        Kind::Acknowledgement => (
            "The written acknowledgement could not be sent by email",
            "Acknowledge the report by another channel the victim agreed to.",
        ),
        Kind::UpdateNotice => (
            "The email telling the victim there is an update could not be delivered",
            "Tell them by another channel they agreed to.",
        ),
        Kind::TrackingLink => (
            "A link to the tracking page that the victim asked for could not be delivered",
            "Check their email address by another channel they agreed to.",
        ),
        Kind::ResumeLink | Kind::Allocation | Kind::RecordsExport => return None,
    };
    Some(format!("{what}: {why}. {then}"))
}

/// How long the retention job keeps what the outbox leaves behind.
#[derive(Clone, Debug)]
pub struct Retention {
    /// Rows the dispatcher finished are deleted this long after (`PORTAL_OUTBOX_KEEP_DAYS`).
    pub keep_done: chrono::Duration,
    /// When mail is written to files: their folder, and how long a file is kept — the longest
    /// a link in it works, so no file holds a live token beyond its expiry.
    pub mail_files: Option<(PathBuf, chrono::Duration)>,
}

impl Retention {
    /// The periods for `mailer`, keeping finished rows `keep_done` and mail files as long as the
    /// longest link (a resume link, or a link to the tracking page lasting `tracking_link_lifetime`).
    pub fn new(
        keep_done: chrono::Duration,
        mailer: &Mailer,
        tracking_link_lifetime: chrono::Duration,
    ) -> Self {
        let longest_link = LINK_LIFETIME.max(tracking_link_lifetime);
        Self { keep_done, mail_files: mailer.files_dir().map(|dir| (dir.to_path_buf(), longest_link)) }
    }

    /// Deletes rows the dispatcher finished more than `keep_done` before `now`, and clears the
    /// address digests of link mails older than the per-address window; returns how many rows
    /// were deleted. Rows for other systems (the records export) are never deleted here.
    pub async fn delete_done_rows(&self, pool: &SqlitePool, now: DateTime<Utc>) -> sqlx::Result<u64> {
        let dispatched: Vec<&str> =
            Kind::ALL.into_iter().filter(|k| k.lane().is_some()).map(Kind::as_str).collect();
        let deleted = sqlx::query(
            "delete from outbox where done_at is not null and done_at < ?
             and kind in (select value from json_each(?))",
        )
        .bind(ts(now - self.keep_done))
        .bind(serde_json::to_string(&dispatched).expect("serialisable"))
        .execute(pool)
        .await?
        .rows_affected();
        sqlx::query(
            "update outbox set recipient_digest = null where recipient_digest is not null and created_at < ?",
        )
        .bind(ts(now - LINKS_PER_ADDRESS.window))
        .execute(pool)
        .await?;
        Ok(deleted)
    }

    /// Deletes mail files written more than their lifetime before `now`; returns how many.
    pub async fn delete_mail_files(&self, now: DateTime<Utc>) -> std::io::Result<u64> {
        let Some((dir, lifetime)) = self.mail_files.clone() else { return Ok(0) };
        let cutoff = std::time::SystemTime::from(now - lifetime);
        tokio::task::spawn_blocking(move || crate::mail::delete_files_older_than(&dir, cutoff))
            .await
            .map_err(std::io::Error::other)?
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

    #[test]
    fn kinds_read_back_and_the_records_export_is_in_no_lane() {
        for kind in Kind::ALL {
            assert_eq!(Kind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(Kind::parse("something else"), None);
        assert_eq!(Kind::RecordsExport.lane(), None);
        assert_eq!(Lane::Allocation.kinds_json(), r#"["allocation"]"#);
        assert_eq!(
            Lane::Mail.kinds_json(),
            r#"["acknowledgement","resume_link","tracking_link","update_notice"]"#
        );
    }

    #[test]
    fn one_inbox_has_one_digest_however_its_address_is_written() {
        let digest = address_digest("sam@example.com");
        for same in ["Sam@Example.COM", " sam@example.com ", "sam+portal@example.com", "SAM+x+y@example.com"]
        {
            assert_eq!(address_digest(same), digest, "{same}");
        }
        assert_ne!(address_digest("sam@example.org"), digest);
        assert_ne!(address_digest("samuel@example.com"), digest);
        assert_ne!(digest, secrets::digest("sam@example.com"), "domain-separated from other digests");
    }
}
