//! Reports and their parts: `report`, `report_person`, `report_property`, `report_suspect`,
//! `report_evidence`, `report_needs`, `code_compliance`, `referral_consent`, `contact_plan`
//! and `contact_channel`. Storing a new report also writes its first `status_event` and its
//! two `outbox` rows (the acknowledgement and the allocation hand-off), in the same call.

use chrono::{DateTime, Utc};
use rules::wizard::{EnhancedReason, Report};
use sqlx::{query::Query, sqlite::SqliteArguments, Sqlite};

use super::{report_doc, ts, Connection, Executor, Result};

type Q<'q> = Query<'q, Sqlite, SqliteArguments<'q>>;

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
    Database(super::Error),
}

/// Stores `new` whole, inside the caller's transaction, in one call to the database: the
/// statements of `sql/insert_report.sql`, prepared once per connection and run one after the
/// other by SQLite without a round trip between them. Returns the new report's id.
pub async fn insert(conn: &mut Connection, new: &NewReport<'_>) -> Result<i64, Refused> {
    let query = sqlx::query(include_str!("sql/insert_report.sql"));
    let query =
        bind_follow_ups(bind_code_facts(bind_parts(bind_people(bind_core(query, new), new), new), new), new);
    match query.fetch_optional(&mut *conn).await {
        Ok(Some(row)) => Ok(sqlx::Row::get(&row, 0)),
        Ok(None) => Err(Refused::Database(sqlx::Error::RowNotFound)),
        Err(e) if is_reference_clash(&e) => Err(Refused::ReferenceTaken),
        Err(e) => Err(Refused::Database(e)),
    }
}

fn is_reference_clash(e: &super::Error) -> bool {
    super::is_unique_violation(e) && e.to_string().contains("report.reference")
}

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("serialisable")
}

/// `report`.
fn bind_core<'q>(q: Q<'q>, new: &NewReport<'q>) -> Q<'q> {
    let r = new.report;
    let (from, to, time) = r.occurred();
    let w = &r.what_happened;
    q.bind(new.reference)
        .bind(new.code_hash)
        .bind(new.source)
        .bind(r.suitability.crime_type.slug())
        .bind(r.suitability.reporting_for.slug())
        .bind(from.to_string())
        .bind(to.to_string())
        .bind(time.map(|t| t.format("%H:%M").to_string()))
        .bind(&w.location)
        .bind(&w.postcode)
        .bind(&w.description)
        .bind(ts(new.now))
        .bind(!new.enhanced_reasons.is_empty())
        .bind(json(&new.enhanced_reasons))
        .bind(report_doc::encode(r))
}

/// `report_person`: the victim, and the reporter if any.
fn bind_people<'q>(q: Q<'q>, new: &NewReport<'q>) -> Q<'q> {
    let v = &new.report.people.victim;
    let reporter = new.report.people.reporter.as_ref();
    q.bind(new.reference)
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
        .bind(new.reference)
        .bind(reporter.map(|r| r.full_name.as_str()))
        .bind(reporter.and_then(|r| r.email.as_deref()))
        .bind(reporter.and_then(|r| r.phone.as_deref()))
        .bind(reporter.map(|r| r.relationship.as_str()))
        .bind(reporter.is_some())
}

/// `report_property` (if any), `report_suspect`, `report_evidence` and `report_needs`.
fn bind_parts<'q>(q: Q<'q>, new: &NewReport<'q>) -> Q<'q> {
    let r = new.report;
    let (p, s, e) = (r.property.as_ref(), &r.suspect, &r.evidence);
    q.bind(new.reference)
        .bind(p.map(|p| p.description.as_str()))
        .bind(p.and_then(|p| p.value_pence).map(|v| v as i64))
        .bind(p.and_then(|p| p.identifiers.as_deref()))
        .bind(p.is_some())
        .bind(new.reference)
        .bind(s.seen.slug())
        .bind(&s.description)
        .bind(&s.name)
        .bind(&s.vehicle_registration)
        .bind(new.reference)
        .bind(json(&e.footage))
        .bind(&e.witnesses)
        .bind(e.forensic.slug())
        .bind(e.device_tracking.is_some())
        .bind(e.device_tracking.clone().flatten())
        .bind(new.reference)
        .bind(json(&r.needs.circumstances))
        .bind(json(&r.needs.support))
}

/// `code_compliance`, `referral_consent`, `contact_plan` and `contact_channel`.
fn bind_code_facts<'q>(q: Q<'q>, new: &NewReport<'q>) -> Q<'q> {
    let r = new.report;
    let consents: Vec<_> = r.consents.iter().map(|(a, yes)| (a.slug(), yes)).collect();
    let channels: Vec<_> = r.contact.channels.iter().map(|(c, safe)| (c.slug(), safe)).collect();
    q.bind(new.reference)
        .bind(new.rights_at)
        .bind(new.rights_at)
        .bind(r.rights.vps.slug())
        .bind(new.needs_at)
        .bind(new.contact_at)
        .bind(ts(new.now))
        .bind(new.reference)
        .bind(new.support_at)
        .bind(json(&consents))
        .bind(new.reference)
        .bind(r.contact.frequency.slug())
        .bind(&r.contact.safe_times)
        .bind(new.reference)
        .bind(json(&channels))
}

/// `status_event`, `outbox`, and the final look-up of the id.
fn bind_follow_ups<'q>(q: Q<'q>, new: &NewReport<'q>) -> Q<'q> {
    q.bind(new.reference)
        .bind(new.received_message)
        .bind(ts(new.now))
        .bind(ts(new.now))
        .bind(ts(new.now))
        .bind(json(&new.follow_ups))
        .bind(new.reference)
        .bind(new.reference)
}

/// The id of the report with `reference`, if any.
pub async fn id_by_reference(db: impl Executor<'_>, reference: &str) -> Result<Option<i64>> {
    sqlx::query_scalar("select id from report where reference = ?").bind(reference).fetch_optional(db).await
}

/// The report's id and the hash of its tracking code, by reference.
pub async fn code_hash(db: impl Executor<'_>, reference: &str) -> Result<Option<(i64, String)>> {
    sqlx::query_as("select id, tracking_code_hash from report where reference = ?")
        .bind(reference)
        .fetch_optional(db)
        .await
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
    sqlx::query_as(
        "select reference, crime_type, occurred_from, occurred_to, location, enhanced_rights from report where id = ?",
    )
    .bind(id)
    .fetch_one(db)
    .await
}

/// A report's summary row and its stored document (still to decode: see [`report_doc`]).
#[derive(sqlx::FromRow)]
pub struct ReportRow {
    pub reference: String,
    pub crime_type: String,
    pub submitted_at: String,
    pub enhanced_rights: bool,
    pub details: Option<String>,
}

/// The summary row of report `id`.
pub async fn summary(db: impl Executor<'_>, id: i64) -> Result<ReportRow> {
    sqlx::query_as(
        "select reference, crime_type, submitted_at, enhanced_rights, details from report where id = ?",
    )
    .bind(id)
    .fetch_one(db)
    .await
}

/// The reference and whether the report has enhanced rights, by id.
pub async fn reference_and_rights(db: impl Executor<'_>, id: i64) -> Result<(String, bool)> {
    sqlx::query_as("select reference, enhanced_rights from report where id = ?").bind(id).fetch_one(db).await
}
