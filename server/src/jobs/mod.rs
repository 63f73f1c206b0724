//! The outbox dispatcher: carries out side effects written in the same transaction as the change
//! that caused them (the written acknowledgement, links, update notices and survey invitations by
//! email, the allocation hand-off), with retries, so a failing mail server never loses or blocks a report.
//! Several nodes can run it: a row is claimed with a lease before it is worked on.
//!
//! Rows are worked in two lanes, each its own task: allocation hand-offs, and mail. A slow or
//! unreachable mail server holds up only the mail lane, never an allocation (a THRIVE+ danger
//! flag is raised by the hand-off). The mail lane ends a pass as soon as the server is
//! unavailable, so a queue of mail costs one timeout a pass, not one per message.
//!
//! Each row is read into a [`Job`]; each job has its own file. The dispatcher depends on the use
//! cases and the storage layer, never the reverse: features only write rows
//! (`crate::store::outbox`).

mod acknowledgement;
mod allocation;
mod resume_link;
mod retention;
mod survey_invitation;
mod tracking_link;
mod update_notice;

use std::{sync::Arc, time::Duration};

use chrono::{DateTime, Utc};
use lettre::message::Mailbox;

use crate::{
    allocation::Allocator,
    clock::Clock,
    mail::{MailError, Mailer},
    store::{
        self,
        outbox::{self, Kind, Lane, ResumeLinkPayload, Row},
        Pool,
    },
};
pub use retention::Retention;

/// Rows taken in one pass of a lane.
const BATCH: i64 = 50;

/// Everything the dispatcher needs.
#[derive(Clone)]
pub struct Dispatcher {
    pub pool: Pool,
    pub mailer: Mailer,
    pub from: Mailbox,
    pub public_base: String,
    pub force_name: String,
    pub clock: Arc<dyn Clock>,
    pub allocator: Arc<Allocator>,
    /// How long a link to the tracking page works.
    pub tracking_link_lifetime: chrono::Duration,
    /// How long a claimed outbox row is this node's (`Config::outbox_lease`).
    pub lease: chrono::Duration,
}

/// The work one outbox row asks for. (No `Debug`: a resume link carries an address.)
pub enum Job {
    /// The written acknowledgement of report `0`, by email.
    Acknowledgement(i64),
    /// A one-time link to continue a saved report, by email.
    ResumeLink(ResumeLinkPayload),
    /// A one-time link to the tracking page of report `0`, by email.
    TrackingLink(i64),
    /// "There is an update on your report" for report `0`, by email.
    UpdateNotice(i64),
    /// The invitation to the satisfaction survey about report `0`, by email.
    SurveyInvitation(i64),
    /// The allocation hand-off of report `0`.
    Allocation(i64),
}

impl Job {
    /// The job `row` asks for, or why there is none (a row this dispatcher does not work, or one
    /// it cannot read: done, not retried for ever).
    pub fn read(row: &Row) -> Result<Job, &'static str> {
        let report = row.report_id.ok_or("no report");
        match Kind::parse(&row.kind).ok_or("unknown kind")? {
            Kind::Acknowledgement => Ok(Job::Acknowledgement(report?)),
            Kind::ResumeLink => {
                serde_json::from_str(&row.payload).map(Job::ResumeLink).map_err(|_| "unreadable payload")
            }
            Kind::TrackingLink => Ok(Job::TrackingLink(report?)),
            Kind::UpdateNotice => Ok(Job::UpdateNotice(report?)),
            Kind::SurveyInvitation => Ok(Job::SurveyInvitation(report?)),
            Kind::Allocation => Ok(Job::Allocation(report?)),
            Kind::RecordsExport => Err("collected by the records system"),
        }
    }
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
    pub async fn run_once(&self) -> store::Result<usize> {
        let mut finished = 0;
        for lane in Lane::ALL {
            finished += self.run_lane_once(lane).await?;
        }
        Ok(finished)
    }

    /// Carries out the due rows of `lane` once, oldest first; returns how many were finished.
    pub async fn run_lane_once(&self, lane: Lane) -> store::Result<usize> {
        let mut finished = 0;
        for _ in 0..BATCH {
            let now = self.clock.now();
            let Some(row) = outbox::claim_next(&self.pool, lane, now, self.lease).await? else { break };
            let outcome = match Job::read(&row) {
                Ok(job) => self.work(job, now).await,
                Err(why) => Outcome::Done(why.into()),
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

    async fn work(&self, job: Job, now: DateTime<Utc>) -> Outcome {
        match job {
            Job::Acknowledgement(report_id) => acknowledgement::send(self, report_id).await,
            Job::ResumeLink(link) => resume_link::send(self, link, now).await,
            Job::TrackingLink(report_id) => tracking_link::send(self, report_id, now).await,
            Job::UpdateNotice(report_id) => update_notice::send(self, report_id).await,
            Job::SurveyInvitation(report_id) => survey_invitation::send(self, report_id, now).await,
            Job::Allocation(report_id) => allocation::run(self, report_id, now).await,
        }
    }

    async fn record(&self, row: &Row, outcome: Outcome, now: DateTime<Utc>) -> store::Result<bool> {
        let kind = Kind::parse(&row.kind);
        // A finished mail row keeps its kind and outcome for audit; its payload (a resume link's
        // address) goes.
        let payload = match kind.and_then(Kind::lane) {
            Some(Lane::Mail) => "{}",
            _ => row.payload.as_str(),
        };
        match outcome {
            Outcome::Done(how) => {
                outbox::mark_done(&self.pool, row.id, &how, payload, now).await?;
                tracing::info!(outbox_id = row.id, kind = %row.kind, outcome = %how, "outbox row done");
                Ok(true)
            }
            Outcome::Refused(why) => {
                let staff = kind.and_then(|k| for_staff(k, &why));
                outbox::mark_refused(&self.pool, row, &why, payload, staff, now).await?;
                tracing::warn!(outbox_id = row.id, kind = %row.kind, reason = %why, "refused permanently; not retried");
                Ok(true)
            }
            Outcome::Retry(why) | Outcome::Unavailable(why) => {
                let attempts = row.attempts + 1;
                outbox::mark_retry(&self.pool, row.id, now + backoff(attempts), &why).await?;
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
        Kind::Allocation => {
            ("The report could not be assessed automatically", "Assess and allocate it by hand.")
        }
        // The survey is optional: a refused invitation is not something staff need to act on.
        Kind::ResumeLink | Kind::SurveyInvitation | Kind::RecordsExport => return None,
    };
    Some(format!("{what}: {why}. {then}"))
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
    fn a_row_is_read_into_its_job_or_left_done_with_a_reason() {
        let row = |kind: &str, report_id: Option<i64>, payload: &str| Row {
            id: 1,
            kind: kind.into(),
            report_id,
            payload: payload.into(),
            attempts: 0,
        };
        assert!(matches!(Job::read(&row("allocation", Some(7), "{}")), Ok(Job::Allocation(7))));
        assert!(matches!(Job::read(&row("update_notice", Some(7), "{}")), Ok(Job::UpdateNotice(7))));
        assert!(matches!(Job::read(&row("survey_invitation", Some(7), "{}")), Ok(Job::SurveyInvitation(7))));
        assert_eq!(Job::read(&row("survey_invitation", None, "{}")).err(), Some("no report"));
        let link = row("resume_link", None, r#"{"draft_id":3,"email":"sam@example.com"}"#);
        assert!(matches!(Job::read(&link), Ok(Job::ResumeLink(ResumeLinkPayload { draft_id: 3, .. }))));
        assert_eq!(Job::read(&row("resume_link", None, "not json")).err(), Some("unreadable payload"));
        assert_eq!(Job::read(&row("acknowledgement", None, "{}")).err(), Some("no report"));
        assert_eq!(Job::read(&row("something else", Some(7), "{}")).err(), Some("unknown kind"));
        assert!(Job::read(&row("records_export", Some(7), "{}")).is_err());
    }
}
