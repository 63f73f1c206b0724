//! The allocation hand-off: for each submitted report, run the Investigation Model rules and store
//! the assessment (proposed until staff confirm it), the referrals, the Victims' Code deadlines, a
//! victim-visible status event and the export for the force's records system — in one
//! transaction, so running it twice for a report changes nothing.

use chrono::{DateTime, Utc};
use rules::{
    allocation::{decide, Decision, Outcome, RuleSet, Status},
    calendar::WorkingCalendar,
    deadlines::{report_deadlines, Deadline, DeadlineKind},
    wizard::Report,
};
use serde_json::json;
use sqlx::{Connection, SqlitePool};

use crate::store::{ts, Durable};

/// The rules and calendar the hand-off uses, loaded once at start-up.
#[derive(Clone, Debug)]
pub struct Allocator {
    pub rules: RuleSet,
    pub calendar: WorkingCalendar,
}

impl Allocator {
    /// The shipped rules, or those in `path` (`PORTAL_ALLOCATION_RULES`); an error names the file,
    /// the line and the problem.
    pub fn load(path: Option<&std::path::Path>) -> Result<Self, String> {
        let rules = match path {
            None => RuleSet::default_rules(),
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
                RuleSet::parse(&text).map_err(|e| format!("{}: {e}", path.display()))?
            }
        };
        let calendar = WorkingCalendar::england_and_wales()
            .map_err(|e| format!("bank holidays: {e}"))?
            .with_extra_holidays(rules.extra_bank_holidays.iter().copied());
        Ok(Self { rules, calendar })
    }
}

/// What the hand-off did.
#[derive(Debug, PartialEq, Eq)]
pub enum HandOff {
    Assessed,
    AlreadyAssessed,
}

/// Assesses report `report_id` once.
pub async fn hand_off(
    pool: &SqlitePool,
    allocator: &Allocator,
    report_id: i64,
    now: DateTime<Utc>,
) -> anyhow::Result<HandOff> {
    let mut conn = Durable::acquire(pool).await?;
    let result = assess_once(&mut conn, allocator, report_id, now).await;
    conn.release().await?;
    result
}

async fn assess_once(
    conn: &mut sqlx::SqliteConnection,
    allocator: &Allocator,
    report_id: i64,
    now: DateTime<Utc>,
) -> anyhow::Result<HandOff> {
    let mut tx = conn.begin_with("begin immediate").await?;
    let done: Option<i64> = sqlx::query_scalar("select report_id from assessment where report_id = ?")
        .bind(report_id)
        .fetch_optional(&mut *tx)
        .await?;
    if done.is_some() {
        return Ok(HandOff::AlreadyAssessed);
    }
    let (reference, details, submitted_at): (String, Option<String>, String) =
        sqlx::query_as("select reference, details, submitted_at from report where id = ?")
            .bind(report_id)
            .fetch_one(&mut *tx)
            .await?;
    let report: Report =
        serde_json::from_str(&details.ok_or_else(|| anyhow::anyhow!("report {report_id} has no details"))?)?;
    let received: DateTime<Utc> = DateTime::parse_from_rfc3339(&submitted_at)?.with_timezone(&Utc);
    let today = received.with_timezone(&chrono_tz::Europe::London).date_naive();

    let decision = decide(&report, &allocator.rules, today);
    let enhanced = !report.enhanced_reasons(today).is_empty();
    let agreed: Vec<_> = report.consents.iter().filter(|(_, yes)| *yes).map(|(a, _)| *a).collect();
    let deadlines = report_deadlines(
        received,
        enhanced,
        &agreed,
        report.contact.frequency,
        &allocator.rules.deadlines,
        &allocator.calendar,
    );

    let (outcome, _) = outcome_words(&decision);
    sqlx::query(
        "insert into assessment (report_id, ruleset_version, outcome, status, review_required, priority, decision, assessed_at)
         values (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(report_id)
    .bind(&decision.ruleset_version)
    .bind(outcome)
    .bind(if decision.status == Status::Decided { "decided" } else { "proposed" })
    .bind(decision.review_required)
    .bind(serde_json::to_value(decision.thrive.priority)?.as_str().unwrap_or_default())
    .bind(serde_json::to_string(&decision)?)
    .bind(ts(now))
    .execute(&mut *tx)
    .await?;
    for d in &deadlines {
        sqlx::query("insert into deadline (report_id, kind, due_at, basis) values (?, ?, ?, ?)")
            .bind(report_id)
            .bind(d.kind.slug())
            .bind(ts(d.due))
            .bind(&d.basis)
            .execute(&mut *tx)
            .await?;
        if let DeadlineKind::Referral(agency) = d.kind {
            sqlx::query("insert into referral (report_id, agency, due_at) values (?, ?, ?)")
                .bind(report_id)
                .bind(agency.slug())
                .bind(ts(d.due))
                .execute(&mut *tx)
                .await?;
        }
    }
    crate::store::events::victim_event(&mut *tx, report_id, "assessed", &victim_message(&decision), now)
        .await?;
    let export = export_document(&reference, received, &report, &decision, &deadlines);
    crate::store::outbox::enqueue(
        &mut *tx,
        crate::store::outbox::Kind::RecordsExport,
        Some(report_id),
        &export.to_string(),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(HandOff::Assessed)
}

/// The outcome as stored, and the team's name.
fn outcome_words(decision: &Decision) -> (&'static str, &'static str) {
    match &decision.outcome {
        Outcome::Investigate { team } => match team {
            rules::allocation::Team::Iit => ("iit", team.name()),
            rules::allocation::Team::Fcid => ("fcid", team.name()),
            rules::allocation::Team::Ppu => ("ppu", team.name()),
        },
        Outcome::FiledAtSource { .. } => ("filed-at-source", ""),
    }
}

/// What the victim sees: while staff check a proposal, that it is being assessed; once a filing
/// is decided, why, and what to do with new information.
fn victim_message(decision: &Decision) -> String {
    match (&decision.outcome, decision.status) {
        (Outcome::FiledAtSource { victim_reason, if_new_information }, Status::Decided) => {
            format!("{victim_reason} {if_new_information}")
        }
        _ => "We are assessing your report. A member of staff is checking what happens next and who will deal with it.".into(),
    }
}

/// The allocation as a JSON document for the force's records system (schema
/// `portal.allocation.v1`, described in README.md).
pub fn export_document(
    reference: &str,
    received: DateTime<Utc>,
    report: &Report,
    decision: &Decision,
    deadlines: &[Deadline],
) -> serde_json::Value {
    let (outcome, _) = outcome_words(decision);
    json!({
        "schema": "portal.allocation.v1",
        "reference": reference,
        "received_at": ts(received),
        "crime_type": report.suitability.crime_type.slug(),
        "ruleset_version": decision.ruleset_version,
        "outcome": outcome,
        "status": decision.status,
        "review_required": decision.review_required,
        "priority": decision.thrive.priority,
        "lines_of_enquiry": decision.lines,
        "thrive": decision.thrive,
        "rules_fired": decision.rules_fired,
        "rationale": decision.rationale,
        "deadlines": deadlines.iter().map(|d| json!({ "kind": d.kind.slug(), "due_at": ts(d.due), "basis": d.basis })).collect::<Vec<_>>(),
    })
}

#[derive(sqlx::FromRow)]
struct Shown {
    id: i64,
    submitted_at: String,
    decision: Option<String>,
    status: Option<String>,
    outcome: Option<String>,
}

/// `portal report show <reference>`: the report's assessment, allocation and deadlines as JSON.
pub async fn show(pool: &SqlitePool, reference: &str) -> anyhow::Result<Option<serde_json::Value>> {
    let row: Option<Shown> = sqlx::query_as(
        "select r.id, r.submitted_at, a.decision, a.status, a.outcome from report r
         left join assessment a on a.report_id = r.id where r.reference = ?",
    )
    .bind(reference)
    .fetch_optional(pool)
    .await?;
    let Some(Shown { id, submitted_at, decision, status, outcome }) = row else { return Ok(None) };
    let deadlines: Vec<(String, String, String)> =
        sqlx::query_as("select kind, due_at, basis from deadline where report_id = ? order by due_at, kind")
            .bind(id)
            .fetch_all(pool)
            .await?;
    let referrals: Vec<(String, String)> =
        sqlx::query_as("select agency, due_at from referral where report_id = ? order by agency")
            .bind(id)
            .fetch_all(pool)
            .await?;
    Ok(Some(json!({
        "reference": reference,
        "received_at": submitted_at,
        "allocation": { "outcome": outcome, "status": status },
        "assessment": decision.map(|d| serde_json::from_str::<serde_json::Value>(&d)).transpose()?,
        "referrals": referrals.iter().map(|(agency, due)| json!({ "agency": agency, "due_at": due })).collect::<Vec<_>>(),
        "deadlines": deadlines.iter().map(|(kind, due, basis)| json!({ "kind": kind, "due_at": due, "basis": basis })).collect::<Vec<_>>(),
    })))
}
