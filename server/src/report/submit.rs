//! Sending a report: one durable transaction that stores the report, its parts, the Victims'
//! Code compliance facts, the first status event and the outbox rows for the acknowledgement
//! and the allocation hand-off. A second submit of the same draft finds the first report.

use super::drafts::Draft;
use crate::{
    secrets,
    store::{
        self,
        outbox::Kind,
        reports::{NewReport, Refused},
        ts, Connection, Durable, Executor, Pool, Transaction,
    },
};
use chrono::{DateTime, NaiveDate, Utc};
use rules::{
    codes::{Reference, SecretCode},
    wizard::{Report, Step},
};

/// A stored report.
#[derive(Clone, Debug)]
pub struct Submitted {
    pub report_id: i64,
    pub reference: Reference,
}

/// When the person confirmed each step, falling back to `now`.
fn saved_at(draft: &Draft, step: Step, now: DateTime<Utc>) -> String {
    ts(draft.saved.get(&step).map(|s| s.at).unwrap_or(now))
}

/// Stores `report` from `draft` (whose cookie token is `token`) and returns its reference. The
/// tracking code is sealed with the token for `showing` (the confirmation page's window); the
/// draft keeps nothing else once the report holds the answers, and goes when the window ends.
/// Idempotent: if the draft was already sent, returns that report.
pub async fn submit(
    pool: &Pool,
    draft: &Draft,
    token: &str,
    report: &Report,
    now: DateTime<Utc>,
    today: NaiveDate,
    showing: chrono::Duration,
) -> Result<Submitted, crate::error::AppError> {
    if let Some(existing) = existing(pool, draft.id).await? {
        return Ok(existing);
    }
    let (code, hash) = new_tracking_code().await?;
    let receipt = secrets::seal(token, code.expose());
    let mut conn = Durable::acquire(pool).await?;
    let result = store(&mut conn, draft, report, &hash, &receipt, now, today, showing).await;
    conn.release().await?;
    Ok(result?)
}

/// A new tracking code and its argon2id hash. Hashing costs tens of milliseconds of CPU: it runs
/// within the process's bound on argon2id work, and before any write transaction so the write
/// lock is not held for it.
pub async fn new_tracking_code() -> Result<(SecretCode, String), secrets::Busy> {
    let code = SecretCode::generate(&mut rand::rng());
    let hash = secrets::Argon2Work::shared().hash(code.expose().to_string()).await?;
    Ok((code, hash))
}

/// The report already sent from this draft, if any.
async fn existing(db: impl Executor<'_>, draft_id: i64) -> store::Result<Option<Submitted>> {
    let row = store::drafts::sent_report(db, draft_id).await?;
    Ok(row.map(|(report_id, reference)| Submitted {
        report_id,
        reference: Reference::parse(&reference).expect("stored references are valid"),
    }))
}

#[expect(clippy::too_many_arguments, reason = "called once, from submit")]
async fn store(
    conn: &mut Connection,
    draft: &Draft,
    report: &Report,
    code_hash: &str,
    receipt: &[u8],
    now: DateTime<Utc>,
    today: NaiveDate,
    showing: chrono::Duration,
) -> store::Result<Submitted> {
    // The write lock comes first, so two submits of one draft queue rather than race.
    let mut tx = store::begin_write(conn).await?;
    if let Some(already) = existing(&mut tx, draft.id).await? {
        return Ok(already);
    }
    let times = Confirmed {
        rights: saved_at(draft, Step::Rights, now),
        needs: saved_at(draft, Step::Needs, now),
        support: saved_at(draft, Step::Support, now),
        contact: saved_at(draft, Step::Contact, now),
    };
    let submitted = insert_report(&mut tx, report, Source::Online, &times, code_hash, now, today).await?;
    store::drafts::mark_sent(&mut tx, draft.id, submitted.report_id, receipt, now + showing, now).await?;
    tx.commit().await?;
    Ok(submitted)
}

/// Where a report came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// The online wizard.
    Online,
    /// A partner organisation, through the API.
    Partner,
}

impl Source {
    fn as_str(self) -> &'static str {
        match self {
            Source::Online => "online",
            Source::Partner => "partner",
        }
    }
}

/// When the person confirmed the Code-related answers (ISO 8601 UTC).
#[derive(Clone, Debug)]
pub struct Confirmed {
    pub rights: String,
    pub needs: String,
    pub support: String,
    pub contact: String,
}

impl Confirmed {
    /// Everything confirmed at one instant (a report sent whole, through the API).
    pub fn all_at(now: DateTime<Utc>) -> Self {
        let at = ts(now);
        Self { rights: at.clone(), needs: at.clone(), support: at.clone(), contact: at }
    }
}

/// What the victim sees first on the tracking page's timeline.
const RECEIVED: &str = "We received your report. We will now assess it and tell you what happens next.";

/// Inserts a report and everything that goes with it, inside the caller's transaction: its
/// parts, the Code compliance facts, the first status event and the outbox rows for the
/// written acknowledgement and the allocation hand-off.
pub async fn insert_report(
    tx: &mut Transaction<'_>,
    report: &Report,
    source: Source,
    times: &Confirmed,
    code_hash: &str,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> store::Result<Submitted> {
    let mut draw = || Reference::generate(&mut rand::rng());
    insert_report_with(tx, report, source, times, code_hash, now, today, &mut draw).await
}

/// [`insert_report`] with the references drawn from `draw`, so a test can force a clash.
#[expect(clippy::too_many_arguments, reason = "the one place the reference source is chosen")]
pub async fn insert_report_with(
    tx: &mut Transaction<'_>,
    report: &Report,
    source: Source,
    times: &Confirmed,
    code_hash: &str,
    now: DateTime<Utc>,
    today: NaiveDate,
    draw: &mut (dyn FnMut() -> Reference + Send),
) -> store::Result<Submitted> {
    let reasons = report.enhanced_reasons(today);
    loop {
        // References are random: on the rare clash with an earlier one, draw again.
        let reference = draw();
        let new = NewReport {
            reference: reference.as_str(),
            code_hash,
            source: source.as_str(),
            report,
            enhanced_reasons: &reasons,
            rights_at: &times.rights,
            needs_at: &times.needs,
            support_at: &times.support,
            contact_at: &times.contact,
            received_message: RECEIVED,
            follow_ups: &[Kind::Acknowledgement.as_str(), Kind::Allocation.as_str()],
            now,
        };
        match store::reports::insert(&mut *tx, &new).await {
            Ok(report_id) => return Ok(Submitted { report_id, reference }),
            Err(Refused::ReferenceTaken) => continue,
            Err(Refused::Database(e)) => return Err(e),
        }
    }
}
