//! One case as its victim sees it: the facts loaded for the tracking rules, and the page's view.

use crate::{
    allocation::Allocator,
    store::{self, parse_ts, report_doc, Pool},
};
use app::pages::{CaseView, ContactSummary, NextUpdateView, ReviewView, TimelineEntry};
use chrono::{DateTime, NaiveDate, Utc};
use rules::{
    allocation::{Decision, Outcome, Team},
    deadlines::DeadlineKind,
    tracking::{self, Allocation, CaseFacts, Duty, NoFurtherAction, Review, Stage},
    wizard::{Channel, CrimeType, Frequency, Report},
};

/// Everything loaded for one case.
pub struct Case {
    pub reference: String,
    pub crime_type: CrimeType,
    pub enhanced_rights: bool,
    /// The report as sent (for the people's contact details).
    pub report: Option<Report>,
    pub contact: ContactSummary,
    pub facts: CaseFacts,
    /// Victim-visible events, oldest first: (kind, message, at).
    pub events: Vec<(String, String, DateTime<Utc>)>,
    /// A question from staff waiting for the victim's answer.
    pub question: Option<String>,
}

/// Loads the case of `report_id`.
pub async fn load(pool: &Pool, report_id: i64) -> store::Result<Case> {
    let row = store::reports::summary(pool, report_id).await?;
    // The case page shows what it can of a report this version cannot read.
    let report = match row.details.as_deref().map(report_doc::decode) {
        Some(Ok(report)) => Some(report),
        Some(Err(why)) => {
            tracing::warn!(report_id, reason = %why, "stored report unreadable");
            None
        }
        None => None,
    };
    let allocation = store::assessment::outcome(pool, report_id).await?.map(allocation);
    let no_further_action = store::casework::no_further_action(pool, report_id).await?.and_then(
        |(suspect_interviewed, reason, at)| {
            Some(NoFurtherAction { at: parse_ts(&at)?, suspect_interviewed, reason })
        },
    );
    let duties = store::assessment::duties(pool, report_id)
        .await?
        .into_iter()
        .filter_map(|(kind, due, met)| {
            Some(Duty {
                kind: DeadlineKind::from_slug(&kind)?,
                due: parse_ts(&due)?,
                met: met.as_deref().and_then(parse_ts),
            })
        })
        .collect();
    let contact = contact(pool, report_id).await?;
    let events: Vec<(String, String, DateTime<Utc>)> = store::events::victim_timeline(pool, report_id)
        .await?
        .into_iter()
        .filter_map(|(kind, message, at)| Some((kind, message, parse_ts(&at)?)))
        .collect();
    let last_update = events.iter().filter(|(kind, _, _)| kind == "update").map(|(_, _, at)| *at).max();
    let review_requested = store::casework::first_review_request(pool, report_id).await?;
    let question = store::queue::open_question(pool, report_id).await?.map(|(question, _, _)| question);
    let received =
        parse_ts(&row.submitted_at).ok_or_else(|| store::Error::Protocol("bad submitted_at".into()))?;
    Ok(Case {
        reference: row.reference,
        crime_type: CrimeType::from_slug(&row.crime_type).unwrap_or(CrimeType::ALL[0]),
        enhanced_rights: row.enhanced_rights,
        report,
        facts: CaseFacts {
            received,
            allocation,
            no_further_action,
            duties,
            frequency: contact.frequency,
            last_update,
            review_requested: review_requested.as_deref().and_then(parse_ts),
        },
        contact,
        events,
        question,
    })
}

/// The allocation from the stored (outcome, status, decision).
fn allocation((outcome, status, decision): (String, String, String)) -> Allocation {
    let outcome = match Team::from_slug(&outcome) {
        Some(team) => Outcome::Investigate { team },
        None => match serde_json::from_str::<Decision>(&decision).map(|d| d.outcome) {
            Ok(filed @ Outcome::FiledAtSource { .. }) => filed,
            _ => Outcome::FiledAtSource {
                victim_reason: "We have filed your report.".into(),
                if_new_information: "If you find out anything new, call 101 and give your reference.".into(),
            },
        },
    };
    Allocation { outcome, settled: status != "proposed" }
}

/// The contact plan, with the ways of contact in the order they are offered.
async fn contact(pool: &Pool, report_id: i64) -> store::Result<ContactSummary> {
    let (frequency, safe_times) =
        store::people::contact_plan(pool, report_id).await?.unwrap_or_else(|| ("when-news".into(), None));
    let frequency = Frequency::from_slug(&frequency).unwrap_or(Frequency::WhenNews);
    let mut channels: Vec<(Channel, bool)> = store::people::contact_channels(pool, report_id)
        .await?
        .into_iter()
        .filter_map(|(channel, safe)| Some((Channel::from_slug(&channel)?, safe)))
        .collect();
    channels.sort_by_key(|(c, _)| Channel::ALL.iter().position(|x| x == c));
    Ok(ContactSummary { channels, frequency, safe_times })
}

/// "9 November 2026".
pub fn long_date(date: NaiveDate) -> String {
    date.format("%-d %B %Y").to_string()
}

/// "Monday 9 November 2026": the day a deadline falls on.
pub fn due_day(due: DateTime<Utc>) -> String {
    due.date_naive().format("%A %-d %B %Y").to_string()
}

/// The day of an event, in England and Wales.
fn local_day(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&chrono_tz::Europe::London).date_naive()
}

/// What an event is called on the victim's timeline.
fn event_title(kind: &str) -> &'static str {
    match kind {
        "received" => "Report received",
        "assessed" => "Report being assessed",
        "allocated" => "Report passed to a team",
        "no-further-action" => "Investigation ended",
        "update" => "Update from us",
        "information-added" => "You added information",
        "update-requested" => "You asked for an update",
        "review-requested" => "You asked for a review",
        "complaint" => "You made a complaint",
        "contact-changed" => "You changed how we contact you",
        "recorded" => "Crime recorded",
        "filed" => "Report filed",
        "information-requested" => "We asked you for more information",
        "referred" => "Details passed to a support service",
        "review-acknowledged" => "We have your request for a review",
        "review-decided" => "Review decided",
        "complaint-answered" => "Answer to your complaint",
        "answer" => "Answer from us",
        "crime-type-changed" => "Crime type changed",
        "acknowledged" => "We told you we have your report",
        _ => "Update",
    }
}

/// The confirmation shown after an action, by the action's slug.
pub fn notice_for(done: &str) -> Option<String> {
    Some(
        match done {
            "add-information" => "We have added your information to your report",
            "contact-preferences" => "We have changed how we contact you",
            "ask-for-an-update" => "We have your request for an update",
            "already-asked" => "You have already asked for an update. We will answer by the date below",
            "ask-for-a-review" => "We have your request for a review",
            "make-a-complaint" => "We have your complaint",
            _ => return None,
        }
        .to_string(),
    )
}

/// How to reach whoever has the report: a team and the force's number, never a person's details.
fn contact_team(stage: &Stage, reference: &str) -> String {
    match stage.team() {
        Some(team) => format!(
            "Call 101 and ask for {}, giving your reference {reference}. You can also add information or ask for an update on this page.",
            team.name()
        ),
        None => format!(
            "Call 101 and give your reference {reference}. You can also add information or ask for an update on this page."
        ),
    }
}

/// The case page's view.
pub fn view(case: &Case, now: DateTime<Utc>, allocator: &Allocator, notice: Option<String>) -> CaseView {
    let stage = tracking::stage(&case.facts);
    let periods = &allocator.rules.deadlines;
    let regular_days = match case.facts.frequency {
        Frequency::Fortnightly => periods.update_fortnightly_days,
        Frequency::Monthly | Frequency::WhenNews => periods.update_monthly_days,
    };
    let next = tracking::next_update(&case.facts, now, regular_days, &allocator.calendar);
    let review = match tracking::review(&case.facts, local_day(now)) {
        Review::NotAvailable => ReviewView::NotAvailable,
        Review::MayAsk { until } => ReviewView::MayAsk { until: long_date(until) },
        Review::Asked { at, acknowledge_by, decide_by } => ReviewView::Asked {
            on: long_date(local_day(at)),
            acknowledge_by: acknowledge_by.map(due_day),
            decide_by: decide_by.map(due_day),
        },
        Review::TooLate { ended } => ReviewView::TooLate { ended: long_date(ended) },
    };
    CaseView {
        question: case.question.clone(),
        reference: case.reference.clone(),
        crime_type: case.crime_type.label().to_string(),
        reported_on: long_date(local_day(case.facts.received)),
        stage_title: stage.title(),
        stage_explanation: stage.explanation(),
        contact_team: contact_team(&stage, &case.reference),
        next_update: next.map(|n| NextUpdateView { due: due_day(n.due), about: n.about, late: n.late }),
        timeline: case
            .events
            .iter()
            .rev()
            .map(|(kind, message, at)| TimelineEntry {
                date: long_date(local_day(*at)),
                title: event_title(kind).to_string(),
                detail: Some(message.clone()).filter(|m| !m.is_empty()),
            })
            .collect(),
        review,
        enhanced_rights: case.enhanced_rights,
        contact: case.contact.clone(),
        notice,
    }
}

/// Whether a review may be asked for now.
pub fn may_ask_for_review(case: &Case, now: DateTime<Utc>) -> bool {
    matches!(tracking::review(&case.facts, local_day(now)), Review::MayAsk { .. })
}

/// The latest answer to a request for an update made `now`.
pub fn update_answer_by(now: DateTime<Utc>, allocator: &Allocator) -> DateTime<Utc> {
    rules::deadlines::update_requested(now, &allocator.rules.deadlines, &allocator.calendar).due
}

/// The open request for an update, if any: its deadline.
pub fn open_update_request(case: &Case) -> Option<DateTime<Utc>> {
    case.facts
        .duties
        .iter()
        .find(|d| d.kind == DeadlineKind::UpdateRequested && d.met.is_none())
        .map(|d| d.due)
}
