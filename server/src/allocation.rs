//! The allocation hand-off: for each submitted report, run the Investigation Model rules and store
//! the assessment (proposed until staff confirm it), the referrals, the Victims' Code deadlines, a
//! victim-visible status event and the export for the force's records system — in one
//! transaction, so running it twice for a report changes nothing.

use crate::store::{
    self,
    assessment::{self, NewAssessment, NewDeadline, ShownRow},
    outbox::Kind,
    report_doc, ts, Connection, Durable, Pool, Transaction,
};
use chrono::{DateTime, Utc};
use rules::{
    allocation::{decide, Decision, Outcome, RuleSet, Status},
    calendar::WorkingCalendar,
    deadlines::{report_deadlines, Deadline, DeadlineKind},
    wizard::Report,
};
use serde_json::json;

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
    /// The stored report cannot be read by this version (an unknown version of the stored
    /// document, or one that does not decode): trying again would not help. The words say why,
    /// without personal data.
    Unreadable(String),
}

/// Assesses report `report_id` once.
pub async fn hand_off(
    pool: &Pool,
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
    conn: &mut Connection,
    allocator: &Allocator,
    report_id: i64,
    now: DateTime<Utc>,
) -> anyhow::Result<HandOff> {
    let mut tx = store::begin_write(conn).await?;
    if assessment::is_assessed(&mut tx, report_id).await? {
        return Ok(HandOff::AlreadyAssessed);
    }
    let (reference, details, submitted_at) = assessment::report_to_assess(&mut tx, report_id).await?;
    let report = match details.as_deref().map(report_doc::decode) {
        Some(Ok(report)) => report,
        Some(Err(why)) => return Ok(HandOff::Unreadable(why.to_string())),
        None => return Ok(HandOff::Unreadable("the report has no stored answers".into())),
    };
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
    store_assessment(&mut tx, report_id, &decision, &deadlines, now).await?;
    store::events::victim_event(&mut tx, report_id, "assessed", &victim_message(&decision), now).await?;
    let export = export_document(&reference, received, &report, &decision, &deadlines);
    store::outbox::enqueue(&mut tx, Kind::RecordsExport, Some(report_id), &export.to_string(), now).await?;
    store::queue::refresh(&mut tx, report_id, now).await?;
    tx.commit().await?;
    Ok(HandOff::Assessed)
}

/// Stores `decision` in place of report `report_id`'s assessment (the rules ran again after staff
/// changed the crime type); the proposal waits for staff again.
pub async fn reassess(
    tx: &mut Transaction<'_>,
    report_id: i64,
    decision: &Decision,
    now: DateTime<Utc>,
) -> store::Result<()> {
    let (outcome, _) = outcome_words(decision);
    let priority = serde_json::to_value(decision.thrive.priority).map_err(store::encode_error)?;
    let decision_json = serde_json::to_string(decision).map_err(store::encode_error)?;
    let new = NewAssessment {
        report_id,
        ruleset_version: &decision.ruleset_version,
        outcome,
        status: "proposed",
        review_required: decision.review_required,
        priority: priority.as_str().unwrap_or_default(),
        decision: &decision_json,
        at: now,
    };
    assessment::replace(tx, &new).await?;
    Ok(())
}

async fn store_assessment(
    tx: &mut Transaction<'_>,
    report_id: i64,
    decision: &Decision,
    deadlines: &[Deadline],
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let (outcome, _) = outcome_words(decision);
    let priority = serde_json::to_value(decision.thrive.priority)?;
    let decision_json = serde_json::to_string(decision)?;
    let new = NewAssessment {
        report_id,
        ruleset_version: &decision.ruleset_version,
        outcome,
        status: if decision.status == Status::Decided { "decided" } else { "proposed" },
        review_required: decision.review_required,
        priority: priority.as_str().unwrap_or_default(),
        decision: &decision_json,
        at: now,
    };
    let rows: Vec<NewDeadline> = deadlines
        .iter()
        .map(|d| NewDeadline {
            kind: d.kind.slug(),
            due: d.due,
            basis: &d.basis,
            referral_to: match d.kind {
                DeadlineKind::Referral(agency) => Some(agency.slug()),
                _ => None,
            },
        })
        .collect();
    assessment::insert(tx, &new, &rows).await?;
    Ok(())
}

/// The outcome as stored, and the team's name.
fn outcome_words(decision: &Decision) -> (&'static str, &'static str) {
    match &decision.outcome {
        Outcome::Investigate { team } => (team.slug(), team.name()),
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

/// `portal report show <reference>`: the report's assessment, allocation and deadlines as JSON.
pub async fn show(pool: &Pool, reference: &str) -> anyhow::Result<Option<serde_json::Value>> {
    let Some(ShownRow { id, submitted_at, decision, status, outcome }) =
        assessment::shown(pool, reference).await?
    else {
        return Ok(None);
    };
    let deadlines = assessment::deadlines(pool, id).await?;
    let referrals = assessment::referrals(pool, id).await?;
    Ok(Some(json!({
        "reference": reference,
        "received_at": submitted_at,
        "allocation": { "outcome": outcome, "status": status },
        "assessment": decision.map(|d| serde_json::from_str::<serde_json::Value>(&d)).transpose()?,
        "referrals": referrals.iter().map(|(agency, due)| json!({ "agency": agency, "due_at": due })).collect::<Vec<_>>(),
        "deadlines": deadlines.iter().map(|(kind, due, basis)| json!({ "kind": kind, "due_at": due, "basis": basis })).collect::<Vec<_>>(),
    })))
}
