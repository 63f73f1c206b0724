//! Sending a report: one durable transaction that stores the report, its parts, the Victims'
//! Code compliance facts, the first status event and the outbox rows for the acknowledgement
//! and the allocation hand-off. A second submit of the same draft finds the first report.

use chrono::{DateTime, NaiveDate, Utc};
use rules::{
    codes::{Reference, SecretCode},
    wizard::{Report, Step},
};
use sqlx::{Connection, SqliteConnection, SqlitePool};

use super::drafts::Draft;
use crate::{
    secrets,
    store::{
        outbox::{enqueue, Kind},
        ts, Durable,
    },
};

/// A stored report.
#[derive(Clone, Debug)]
pub struct Submitted {
    pub report_id: i64,
    pub reference: Reference,
}

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("serialisable")
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
    pool: &SqlitePool,
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
async fn existing(db: impl sqlx::SqliteExecutor<'_>, draft_id: i64) -> sqlx::Result<Option<Submitted>> {
    let row: Option<(i64, String)> = sqlx::query_as(
        "select report.id, report.reference from draft join report on report.id = draft.report_id where draft.id = ?",
    )
    .bind(draft_id)
    .fetch_optional(db)
    .await?;
    Ok(row.map(|(report_id, reference)| Submitted {
        report_id,
        reference: Reference::parse(&reference).expect("stored references are valid"),
    }))
}

#[expect(clippy::too_many_arguments, reason = "called once, from submit")]
async fn store(
    conn: &mut SqliteConnection,
    draft: &Draft,
    report: &Report,
    code_hash: &str,
    receipt: &[u8],
    now: DateTime<Utc>,
    today: NaiveDate,
    showing: chrono::Duration,
) -> sqlx::Result<Submitted> {
    // IMMEDIATE takes the write lock first, so two submits of one draft queue rather than race.
    let mut tx = conn.begin_with("begin immediate").await?;
    if let Some(already) = existing(&mut *tx, draft.id).await? {
        return Ok(already);
    }
    let times = Confirmed {
        rights: saved_at(draft, Step::Rights, now),
        needs: saved_at(draft, Step::Needs, now),
        support: saved_at(draft, Step::Support, now),
        contact: saved_at(draft, Step::Contact, now),
    };
    let submitted = insert_report(&mut tx, report, Source::Online, &times, code_hash, now, today).await?;
    sqlx::query(
        "update draft set report_id = ?1, receipt = ?2, receipt_expires_at = ?3, expires_at = ?3,
             answers = '{}', step_times = '{}', resume_digest = null, updated_at = ?4
         where id = ?5",
    )
    .bind(submitted.report_id)
    .bind(receipt)
    .bind(ts(now + showing))
    .bind(ts(now))
    .bind(draft.id)
    .execute(&mut *tx)
    .await?;
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

/// Inserts a report and everything that goes with it, inside the caller's transaction: its
/// parts, the Code compliance facts, the first status event and the outbox rows.
pub async fn insert_report(
    tx: &mut SqliteConnection,
    report: &Report,
    source: Source,
    times: &Confirmed,
    code_hash: &str,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> sqlx::Result<Submitted> {
    let mut draw = || Reference::generate(&mut rand::rng());
    insert_report_with(tx, report, source, times, code_hash, now, today, &mut draw).await
}

/// [`insert_report`] with the references drawn from `draw`, so a test can force a clash.
#[expect(clippy::too_many_arguments, reason = "the one place the reference source is chosen")]
pub async fn insert_report_with(
    tx: &mut SqliteConnection,
    report: &Report,
    source: Source,
    times: &Confirmed,
    code_hash: &str,
    now: DateTime<Utc>,
    today: NaiveDate,
    draw: &mut (dyn FnMut() -> Reference + Send),
) -> sqlx::Result<Submitted> {
    let (report_id, reference) = insert_core(tx, report, source, code_hash, now, today, draw).await?;
    insert_people(tx, report_id, report).await?;
    insert_circumstances(tx, report_id, report).await?;
    insert_code_facts(tx, report_id, report, times, now).await?;
    insert_follow_ups(tx, report_id, now).await?;
    Ok(Submitted { report_id, reference })
}

async fn insert_core(
    tx: &mut SqliteConnection,
    report: &Report,
    source: Source,
    code_hash: &str,
    now: DateTime<Utc>,
    today: NaiveDate,
    draw: &mut (dyn FnMut() -> Reference + Send),
) -> sqlx::Result<(i64, Reference)> {
    let reasons = report.enhanced_reasons(today);
    let (from, to, time) = report.occurred();
    let w = &report.what_happened;
    loop {
        // References are random: on the rare clash with an earlier one, draw again.
        let reference = draw();
        let inserted: Result<i64, sqlx::Error> = sqlx::query_scalar(
            "insert into report (reference, tracking_code_hash, source, crime_type, reporting_for, occurred_from,
                 occurred_to, occurred_time, location, location_postcode, description, submitted_at,
                 enhanced_rights, enhanced_reasons, details)
             values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id",
        )
        .bind(reference.as_str())
        .bind(code_hash)
        .bind(source.as_str())
        .bind(report.suitability.crime_type.slug())
        .bind(report.suitability.reporting_for.slug())
        .bind(from.to_string())
        .bind(to.to_string())
        .bind(time.map(|t| t.format("%H:%M").to_string()))
        .bind(&w.location)
        .bind(&w.postcode)
        .bind(&w.description)
        .bind(ts(now))
        .bind(!reasons.is_empty())
        .bind(json(&reasons))
        .bind(json(report))
        .fetch_one(&mut *tx)
        .await;
        match inserted {
            Ok(id) => return Ok((id, reference)),
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => continue,
            Err(e) => return Err(e),
        }
    }
}

async fn insert_people(tx: &mut SqliteConnection, report_id: i64, report: &Report) -> sqlx::Result<()> {
    let v = &report.people.victim;
    sqlx::query(
        "insert into report_person (report_id, role, full_name, date_of_birth, email, phone, address_line_1, town,
             postcode, language, interpreter, accessibility_needs)
         values (?, 'victim', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(report_id)
    .bind(&v.full_name)
    .bind(v.date_of_birth.to_string())
    .bind(&v.email)
    .bind(&v.phone)
    .bind(&v.address_line_1)
    .bind(&v.town)
    .bind(&v.postcode)
    .bind(&v.language)
    .bind(v.interpreter)
    .bind(&v.accessibility_needs)
    .execute(&mut *tx)
    .await?;
    if let Some(r) = &report.people.reporter {
        sqlx::query(
            "insert into report_person (report_id, role, full_name, relationship, email, phone)
             values (?, 'reporter', ?, ?, ?, ?)",
        )
        .bind(report_id)
        .bind(&r.full_name)
        .bind(&r.relationship)
        .bind(&r.email)
        .bind(&r.phone)
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

/// Property, suspect, evidence and needs.
async fn insert_circumstances(
    tx: &mut SqliteConnection,
    report_id: i64,
    report: &Report,
) -> sqlx::Result<()> {
    if let Some(p) = &report.property {
        sqlx::query("insert into report_property (report_id, description, value_pence, identifiers) values (?, ?, ?, ?)")
            .bind(report_id)
            .bind(&p.description)
            .bind(p.value_pence.map(|v| v as i64))
            .bind(&p.identifiers)
            .execute(&mut *tx)
            .await?;
    }
    let s = &report.suspect;
    sqlx::query(
        "insert into report_suspect (report_id, seen, description, name, vehicle_registration) values (?, ?, ?, ?, ?)",
    )
    .bind(report_id)
    .bind(s.seen.slug())
    .bind(&s.description)
    .bind(&s.name)
    .bind(&s.vehicle_registration)
    .execute(&mut *tx)
    .await?;
    let e = &report.evidence;
    sqlx::query(
        "insert into report_evidence (report_id, footage, witnesses, forensic, device_tracking, tracking_details)
         values (?, ?, ?, ?, ?, ?)",
    )
    .bind(report_id)
    .bind(json(&e.footage))
    .bind(&e.witnesses)
    .bind(e.forensic.slug())
    .bind(e.device_tracking.is_some())
    .bind(e.device_tracking.clone().flatten())
    .execute(&mut *tx)
    .await?;
    sqlx::query("insert into report_needs (report_id, circumstances, support) values (?, ?, ?)")
        .bind(report_id)
        .bind(json(&report.needs.circumstances))
        .bind(json(&report.needs.support))
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// The Victims' Code facts: rights information and VPS, needs assessment, each referral
/// consent, and the agreed contact plan.
async fn insert_code_facts(
    tx: &mut SqliteConnection,
    report_id: i64,
    report: &Report,
    times: &Confirmed,
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    sqlx::query(
        "insert into code_compliance (report_id, rights_information_given_at, vps_explained_at, vps_choice,
             needs_assessed_at, contact_plan_agreed_at, declaration_at)
         values (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(report_id)
    .bind(&times.rights)
    .bind(&times.rights)
    .bind(report.rights.vps.slug())
    .bind(&times.needs)
    .bind(&times.contact)
    .bind(ts(now))
    .execute(&mut *tx)
    .await?;
    for (agency, consent) in &report.consents {
        sqlx::query(
            "insert into referral_consent (report_id, agency, consent, recorded_at) values (?, ?, ?, ?)",
        )
        .bind(report_id)
        .bind(agency.slug())
        .bind(consent)
        .bind(&times.support)
        .execute(&mut *tx)
        .await?;
    }
    let c = &report.contact;
    sqlx::query("insert into contact_plan (report_id, frequency, safe_times) values (?, ?, ?)")
        .bind(report_id)
        .bind(c.frequency.slug())
        .bind(&c.safe_times)
        .execute(&mut *tx)
        .await?;
    for (channel, safe) in &c.channels {
        sqlx::query("insert into contact_channel (report_id, channel, safe) values (?, ?, ?)")
            .bind(report_id)
            .bind(channel.slug())
            .bind(safe)
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}

/// The first status event the victim sees, and the outbox rows for the written acknowledgement
/// and the allocation hand-off.
async fn insert_follow_ups(
    tx: &mut SqliteConnection,
    report_id: i64,
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    let received = "We received your report. We will now assess it and tell you what happens next.";
    crate::store::events::victim_event(&mut *tx, report_id, "received", received, now).await?;
    let payload = json(&serde_json::json!({ "report_id": report_id }));
    for kind in [Kind::Acknowledgement, Kind::Allocation] {
        enqueue(&mut *tx, kind, Some(report_id), &payload, now).await?;
    }
    Ok(())
}
