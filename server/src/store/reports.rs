//! Reports and their parts: `report`, `report_person`, `report_property`, `report_suspect`,
//! `report_evidence`, `report_needs`, `code_compliance`, `referral_consent`, `contact_plan`
//! and `contact_channel`. Storing a new report also writes its first `status_event` and its
//! `outbox` rows (the acknowledgement and the allocation hand-off), in the same statement.

use chrono::{DateTime, Utc};
use rules::wizard::{EnhancedReason, Report};
use serde::Serialize;

use super::{on_db, report_doc, At, Executor, Result};

/// A report to store, with what the use case decided about it.
pub struct NewReport<'a> {
    pub reference: &'a str,
    pub code_hash: &'a str,
    /// `online` or `partner`.
    pub source: &'a str,
    pub report: &'a Report,
    /// Why the victim has enhanced rights under the Victims' Code, if they do.
    pub enhanced_reasons: &'a [EnhancedReason],
    /// When the person confirmed the rights, needs, support and contact answers (stored text).
    pub rights_at: &'a str,
    pub needs_at: &'a str,
    pub support_at: &'a str,
    pub contact_at: &'a str,
    /// The first event the victim sees.
    pub received_message: &'a str,
    /// The outbox kinds to queue for the report (their stored words).
    pub follow_ups: &'a [&'a str],
    pub now: DateTime<Utc>,
}

/// Why a report was not stored.
pub enum Refused {
    /// Another report has this reference: draw another.
    ReferenceTaken,
    /// The database failed.
    Database(super::Error),
}

/// Stores `new` whole, inside the caller's transaction, in one statement, so that it is one
/// exchange with the database rather than one per table. On SQLite its values go as one row (a
/// `Submission`) into the `report_submission` view, whose trigger (`sql/report_submission.sql`)
/// writes every table; on PostgreSQL one statement of data-modifying CTEs
/// (`sql/report_submission_pg.sql`) does the same, and a reference already taken inserts
/// nothing (rather than failing, which would end the caller's transaction). Returns the new
/// report's id.
pub async fn insert(conn: impl Executor<'_>, new: &NewReport<'_>) -> Result<i64, Refused> {
    let submission = Submission::try_from(new).map_err(Refused::Database)?;
    let stored = on_db!(conn, |e, pg| if pg {
        let query = sqlx::query_scalar(include_str!("sql/report_submission_pg.sql"));
        bind!(query, submission).fetch_optional(e).await
    } else {
        let query = sqlx::query_scalar(
            "insert into temp.report_submission values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
                 ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);
             select id from report where reference = ?",
        );
        bind!(query, submission).bind(new.reference).fetch_one(e).await.map(Some)
    });
    match stored {
        Ok(Some(id)) => Ok(id),
        Ok(None) => Err(Refused::ReferenceTaken),
        Err(e) if super::is_unique_violation_of(&e, "report", "reference") => Err(Refused::ReferenceTaken),
        Err(e) => Err(Refused::Database(e)),
    }
}

/// Makes the `report_submission` view and its trigger on a new connection.
pub async fn prepare(conn: &mut sqlx::SqliteConnection) -> Result<()> {
    sqlx::query(include_str!("sql/report_submission.sql")).execute(conn).await?;
    Ok(())
}

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("serialisable")
}

/// A person's row, as the trigger reads it.
#[derive(Serialize)]
struct PersonRow<'a> {
    role: &'static str,
    full_name: &'a str,
    date_of_birth: Option<String>,
    email: Option<&'a str>,
    phone: Option<&'a str>,
    address_line_1: Option<&'a str>,
    town: Option<&'a str>,
    postcode: Option<&'a str>,
    language: Option<&'a str>,
    interpreter: Option<bool>,
    accessibility_needs: Option<&'a str>,
    relationship: Option<&'a str>,
}

/// The row the trigger reads: every value of the new rows, in the order of the view's columns
/// in `sql/report_submission.sql`; the lists as JSON.
struct Submission<'a> {
    reference: &'a str,
    code_hash: &'a str,
    source: &'a str,
    crime_type: &'static str,
    reporting_for: &'static str,
    occurred_from: String,
    occurred_to: String,
    occurred_time: Option<String>,
    location: &'a str,
    postcode: Option<&'a str>,
    description: &'a str,
    now: At,
    enhanced_rights: bool,
    enhanced_reasons: String,
    details: String,
    people: String,
    has_property: bool,
    property_description: Option<&'a str>,
    property_value_pence: Option<i64>,
    property_identifiers: Option<&'a str>,
    suspect_seen: &'static str,
    suspect_description: Option<&'a str>,
    suspect_name: Option<&'a str>,
    suspect_vehicle_registration: Option<&'a str>,
    evidence_footage: String,
    evidence_witnesses: Option<&'a str>,
    evidence_forensic: &'static str,
    evidence_device_tracking: bool,
    evidence_tracking_details: Option<&'a str>,
    circumstances: String,
    support: String,
    rights_at: At,
    vps: &'static str,
    needs_at: At,
    contact_at: At,
    support_at: At,
    consents: String,
    frequency: &'static str,
    safe_times: Option<&'a str>,
    channels: String,
    received_message: &'a str,
    follow_ups: String,
}

impl<'a> TryFrom<&NewReport<'a>> for Submission<'a> {
    type Error = super::Error;

    fn try_from(new: &NewReport<'a>) -> Result<Self> {
        let at = |text: &str| {
            super::parse_ts(text)
                .map(At)
                .ok_or_else(|| super::Error::Protocol(format!("not a timestamp: {text:?}")))
        };
        let r = new.report;
        let (from, to, time) = r.occurred();
        let (w, p, s, e) = (&r.what_happened, r.property.as_ref(), &r.suspect, &r.evidence);
        Ok(Submission {
            reference: new.reference,
            code_hash: new.code_hash,
            source: new.source,
            crime_type: r.suitability.crime_type.slug(),
            reporting_for: r.suitability.reporting_for.slug(),
            occurred_from: from.to_string(),
            occurred_to: to.to_string(),
            occurred_time: time.map(|t| t.format("%H:%M").to_string()),
            location: &w.location,
            postcode: w.postcode.as_deref(),
            description: &w.description,
            now: At(new.now),
            enhanced_rights: !new.enhanced_reasons.is_empty(),
            enhanced_reasons: json(&new.enhanced_reasons),
            details: report_doc::encode(r),
            people: json(&people(r)),
            has_property: p.is_some(),
            property_description: p.map(|p| p.description.as_str()),
            property_value_pence: p.and_then(|p| p.value_pence).map(|v| v as i64),
            property_identifiers: p.and_then(|p| p.identifiers.as_deref()),
            suspect_seen: s.seen.slug(),
            suspect_description: s.description.as_deref(),
            suspect_name: s.name.as_deref(),
            suspect_vehicle_registration: s.vehicle_registration.as_deref(),
            evidence_footage: json(&e.footage),
            evidence_witnesses: e.witnesses.as_deref(),
            evidence_forensic: e.forensic.slug(),
            evidence_device_tracking: e.device_tracking.is_some(),
            evidence_tracking_details: e.device_tracking.as_ref().and_then(|d| d.as_deref()),
            circumstances: json(&r.needs.circumstances),
            support: json(&r.needs.support),
            rights_at: at(new.rights_at)?,
            vps: r.rights.vps.slug(),
            needs_at: at(new.needs_at)?,
            contact_at: at(new.contact_at)?,
            support_at: at(new.support_at)?,
            consents: json(&r.consents.iter().map(|(a, yes)| (a.slug(), *yes)).collect::<Vec<_>>()),
            frequency: r.contact.frequency.slug(),
            safe_times: r.contact.safe_times.as_deref(),
            channels: json(&r.contact.channels.iter().map(|(c, safe)| (c.slug(), *safe)).collect::<Vec<_>>()),
            received_message: new.received_message,
            follow_ups: json(&new.follow_ups),
        })
    }
}

/// Binds a `Submission` in the order of the view's columns (a macro: the query's type differs
/// per database).
macro_rules! bind {
    ($q:expr, $s:expr) => {{
        let (q, s) = ($q, $s);
        let q = q.bind(s.reference).bind(s.code_hash).bind(s.source).bind(s.crime_type).bind(s.reporting_for);
        let q = q.bind(s.occurred_from).bind(s.occurred_to).bind(s.occurred_time).bind(s.location);
        let q = q.bind(s.postcode).bind(s.description).bind(s.now).bind(s.enhanced_rights);
        let q = q.bind(s.enhanced_reasons).bind(s.details).bind(s.people).bind(s.has_property);
        let q = q.bind(s.property_description).bind(s.property_value_pence).bind(s.property_identifiers);
        let q = q.bind(s.suspect_seen).bind(s.suspect_description).bind(s.suspect_name);
        let q = q.bind(s.suspect_vehicle_registration).bind(s.evidence_footage).bind(s.evidence_witnesses);
        let q =
            q.bind(s.evidence_forensic).bind(s.evidence_device_tracking).bind(s.evidence_tracking_details);
        let q = q.bind(s.circumstances).bind(s.support).bind(s.rights_at).bind(s.vps).bind(s.needs_at);
        let q = q.bind(s.contact_at).bind(s.support_at).bind(s.consents).bind(s.frequency).bind(s.safe_times);
        q.bind(s.channels).bind(s.received_message).bind(s.follow_ups)
    }};
}
use bind;

fn people(r: &Report) -> Vec<PersonRow<'_>> {
    let v = &r.people.victim;
    let mut rows = vec![PersonRow {
        role: "victim",
        full_name: &v.full_name,
        date_of_birth: Some(v.date_of_birth.to_string()),
        email: v.email.as_deref(),
        phone: v.phone.as_deref(),
        address_line_1: v.address_line_1.as_deref(),
        town: v.town.as_deref(),
        postcode: v.postcode.as_deref(),
        language: v.language.as_deref(),
        interpreter: Some(v.interpreter),
        accessibility_needs: v.accessibility_needs.as_deref(),
        relationship: None,
    }];
    rows.extend(r.people.reporter.as_ref().map(|p| PersonRow {
        role: "reporter",
        full_name: &p.full_name,
        date_of_birth: None,
        email: p.email.as_deref(),
        phone: p.phone.as_deref(),
        address_line_1: None,
        town: None,
        postcode: None,
        language: None,
        interpreter: None,
        accessibility_needs: None,
        relationship: Some(&p.relationship),
    }));
    rows
}

/// The id of the report with `reference`, if any.
pub async fn id_by_reference(db: impl Executor<'_>, reference: &str) -> Result<Option<i64>> {
    on_db!(db, |e| sqlx::query_scalar("select id from report where reference = $1")
        .bind(reference)
        .fetch_optional(e)
        .await)
}

/// The report's id and the hash of its tracking code, by reference.
pub async fn code_hash(db: impl Executor<'_>, reference: &str) -> Result<Option<(i64, String)>> {
    on_db!(db, |e| sqlx::query_as("select id, tracking_code_hash from report where reference = $1")
        .bind(reference)
        .fetch_optional(e)
        .await)
}

/// What the written acknowledgement says about a report.
#[derive(sqlx::FromRow)]
pub struct AcknowledgementRow {
    pub reference: String,
    pub crime_type: String,
    pub occurred_from: String,
    pub occurred_to: String,
    pub location: String,
    pub enhanced_rights: bool,
}

/// What the acknowledgement of report `id` says.
pub async fn acknowledgement(db: impl Executor<'_>, id: i64) -> Result<AcknowledgementRow> {
    on_db!(db, |e| {
        sqlx::query_as(
        "select reference, crime_type, occurred_from, occurred_to, location, enhanced_rights from report where id = $1",
    )
    .bind(id)
    .fetch_one(e)
    .await
    })
}

/// A report's summary row and its stored document (still to decode: see [`report_doc`]).
#[derive(sqlx::FromRow)]
pub struct ReportRow {
    pub reference: String,
    pub crime_type: String,
    #[sqlx(try_from = "super::At")]
    pub submitted_at: String,
    pub enhanced_rights: bool,
    pub details: Option<String>,
}

/// The summary row of report `id`.
pub async fn summary(db: impl Executor<'_>, id: i64) -> Result<ReportRow> {
    on_db!(db, |e| sqlx::query_as(
        "select reference, crime_type, submitted_at, enhanced_rights, details from report where id = $1",
    )
    .bind(id)
    .fetch_one(e)
    .await)
}

/// The reference and whether the report has enhanced rights, by id.
pub async fn reference_and_rights(db: impl Executor<'_>, id: i64) -> Result<(String, bool)> {
    on_db!(db, |e| sqlx::query_as("select reference, enhanced_rights from report where id = $1")
        .bind(id)
        .fetch_one(e)
        .await)
}

/// Records report `id` as crime type `crime_type`, with its stored document `details` (the
/// report as sent, its crime type changed by staff).
pub async fn set_crime_type(tx: impl Executor<'_>, id: i64, crime_type: &str, details: &str) -> Result<()> {
    let mut tx: super::Db<'_> = tx.into();
    on_db!(&mut tx, |e| sqlx::query("update report set crime_type = $1, details = $2 where id = $3")
        .bind(crime_type)
        .bind(details)
        .bind(id)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    on_db!(&mut tx, |e| sqlx::query("update case_state set crime_type = $1 where report_id = $2")
        .bind(crime_type)
        .bind(id)
        .execute(e)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}
