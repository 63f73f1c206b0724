//! Where a report stands, when the victim next hears, reviews, and the messages' checks.

use super::*;
use crate::deadlines::{update_requested, vrr_deadlines, Periods};
use crate::wizard::Form;

fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(y, m, d).unwrap().and_hms_opt(h, 0, 0).unwrap().and_utc()
}

fn eod(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(y, m, d).unwrap().and_time(END_OF_DAY).and_utc()
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn cal() -> WorkingCalendar {
    WorkingCalendar::england_and_wales().unwrap()
}

/// A report received on Monday 2 November 2026, monthly updates, as the hand-off leaves it.
fn received() -> CaseFacts {
    CaseFacts {
        received: at(2026, 11, 2, 10),
        allocation: Some(Allocation { outcome: Outcome::Investigate { team: Team::Iit }, settled: false }),
        no_further_action: None,
        duties: vec![
            Duty { kind: DeadlineKind::Record, due: at(2026, 11, 3, 10), met: None },
            Duty { kind: DeadlineKind::DecisionExplained, due: eod(2026, 11, 9), met: None },
            Duty { kind: DeadlineKind::FirstUpdate, due: eod(2026, 11, 30), met: None },
        ],
        frequency: Frequency::Monthly,
        last_update: None,
        review_requested: None,
    }
}

fn investigated(team: Team) -> CaseFacts {
    let mut facts = received();
    facts.allocation = Some(Allocation { outcome: Outcome::Investigate { team }, settled: true });
    facts
}

fn closed(suspect_interviewed: bool) -> CaseFacts {
    let mut facts = investigated(Team::Iit);
    facts.no_further_action =
        Some(NoFurtherAction { at: at(2026, 11, 20, 9), suspect_interviewed, reason: "No evidence.".into() });
    facts
}

#[test]
fn the_stage_follows_the_allocation_and_its_status() {
    let mut facts = received();
    facts.allocation = None;
    assert_eq!(stage(&facts), Stage::Received);
    assert_eq!(stage(&received()), Stage::BeingAssessed);
    assert_eq!(stage(&investigated(Team::Ppu)).title(), "With the Public Protection Unit");
    assert_eq!(
        stage(&investigated(Team::Fcid)).explanation().split('.').next().unwrap(),
        "CID is dealing with your report"
    );
    assert!(stage(&investigated(Team::Iit)).explanation().starts_with("The Initial Investigation Team is"));
    let mut filed = received();
    filed.allocation = Some(Allocation {
        outcome: Outcome::FiledAtSource {
            victim_reason: "Why.".into(),
            if_new_information: "Call 101.".into(),
        },
        settled: true,
    });
    assert_eq!(stage(&filed).explanation(), "Why. Call 101.");
    assert_eq!(stage(&closed(true)), Stage::Closed { reason: "No evidence.".into() });
    assert_eq!(stage(&closed(true)).team(), None);
    assert_eq!(stage(&investigated(Team::Iit)).team(), Some(Team::Iit));
}

#[test]
fn while_being_assessed_the_next_update_is_the_decision_then_the_first_update() {
    let facts = received();
    let next = next_update(&facts, at(2026, 11, 3, 12), 28, &cal()).unwrap();
    assert_eq!(
        next,
        NextUpdate {
            due: eod(2026, 11, 9),
            about: "whether we will investigate your report".into(),
            late: false
        }
    );

    // Once a team has it, the decision is no longer owed: the first update is next.
    let next = next_update(&investigated(Team::Iit), at(2026, 11, 3, 12), 28, &cal()).unwrap();
    assert_eq!((next.due, next.about.as_str()), (eod(2026, 11, 30), "an update on your report"));
}

#[test]
fn a_missed_duty_is_shown_as_late() {
    let next = next_update(&received(), at(2026, 11, 10, 0), 28, &cal()).unwrap();
    assert!(next.late);
    assert_eq!(next.due, eod(2026, 11, 9));
}

#[test]
fn asking_for_an_update_brings_the_next_update_forward() {
    let mut facts = investigated(Team::Iit);
    let asked = at(2026, 11, 4, 15);
    let d = update_requested(asked, &Periods::default(), &cal());
    facts.duties.push(Duty { kind: d.kind, due: d.due, met: None });
    let next = next_update(&facts, asked, 28, &cal()).unwrap();
    assert_eq!(next.due, eod(2026, 11, 11), "5 working days from Wednesday 4 November");
    assert_eq!(next.about, "an answer to your request for an update");
}

#[test]
fn when_every_duty_is_met_updates_follow_the_agreed_frequency() {
    let mut facts = investigated(Team::Iit);
    for d in &mut facts.duties {
        d.met = Some(at(2026, 11, 20, 9));
    }
    facts.last_update = Some(at(2026, 11, 20, 9));
    // 28 days after Friday 20 November is Friday 18 December.
    let next = next_update(&facts, at(2026, 11, 21, 9), 28, &cal()).unwrap();
    assert_eq!(next.due, eod(2026, 12, 18));
    // Christmas Day and the Boxing Day substitute: 14 days after 11 December 2026 is Friday
    // 25 December, so the update is due on Tuesday 29 December.
    facts.last_update = Some(at(2026, 12, 11, 9));
    assert_eq!(next_update(&facts, at(2026, 12, 12, 9), 14, &cal()).unwrap().due, eod(2026, 12, 29));
    facts.frequency = Frequency::WhenNews;
    assert_eq!(next_update(&facts, at(2026, 11, 21, 9), 28, &cal()), None);
}

#[test]
fn a_filed_or_closed_case_owes_only_explanations_and_reviews() {
    let mut facts = closed(true);
    assert_eq!(next_update(&facts, at(2026, 11, 21, 9), 28, &cal()), None);
    let asked = at(2026, 11, 23, 9);
    for d in vrr_deadlines(asked, &Periods::default(), &cal()) {
        facts.duties.push(Duty { kind: d.kind, due: d.due, met: None });
    }
    facts.review_requested = Some(asked);
    let next = next_update(&facts, asked, 28, &cal()).unwrap();
    assert_eq!(next.about, "confirmation that we have your request for a review");
    assert_eq!(next.due, eod(2026, 12, 7), "10 working days from Monday 23 November");
}

#[test]
fn a_review_may_be_asked_for_within_three_months_of_a_decision_after_an_interview() {
    assert_eq!(review(&received(), date(2026, 11, 21)), Review::NotAvailable);
    assert_eq!(review(&closed(false), date(2026, 11, 21)), Review::NotAvailable);
    assert_eq!(review(&closed(true), date(2026, 11, 21)), Review::MayAsk { until: date(2027, 2, 20) });
    assert_eq!(review(&closed(true), date(2027, 2, 20)), Review::MayAsk { until: date(2027, 2, 20) });
    assert_eq!(review(&closed(true), date(2027, 2, 21)), Review::TooLate { ended: date(2027, 2, 20) });

    let mut asked = closed(true);
    let when = at(2026, 12, 17, 15);
    for d in vrr_deadlines(when, &Periods::default(), &cal()) {
        asked.duties.push(Duty { kind: d.kind, due: d.due, met: None });
    }
    asked.review_requested = Some(when);
    assert_eq!(
        review(&asked, date(2026, 12, 18)),
        Review::Asked { at: when, acknowledge_by: Some(eod(2027, 1, 5)), decide_by: Some(eod(2027, 2, 2)) }
    );
}

#[test]
fn link_lifetimes_read_as_hours_when_whole() {
    let words: Vec<String> = [60, 120, 90, 5, 1].map(minutes_in_words).to_vec();
    assert_eq!(words, ["1 hour", "2 hours", "90 minutes", "5 minutes", "1 minute"]);
}

#[test]
fn messages_are_checked_with_plain_messages() {
    let empty = Form::default();
    let errors = check_information(&empty).unwrap_err();
    assert_eq!(errors[0].field, "details");
    assert_eq!(errors[0].message, "Enter the information you want to add to your report");
    assert_eq!(
        check_information(&Form::from_pairs([("details", "  The bike was seen on Main St  ")])),
        Ok(Message::Information { details: "The bike was seen on Main St".into() })
    );
    assert_eq!(check_update_request(&empty), Ok(Message::UpdateRequest { question: None }));
    let long = "x".repeat(1001);
    let errors = check_update_request(&Form::from_pairs([("question", long.as_str())])).unwrap_err();
    assert_eq!(
        errors[0].message,
        "Your question must be 1000 characters or fewer (you have 1001 characters)"
    );
    assert_eq!(check_review(&empty).unwrap_err()[0].field, "reasons");
    let errors = check_complaint(&empty).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].message, "Tell us what went wrong");
    assert_eq!(
        check_complaint(&Form::from_pairs([("what-happened", "No one called"), ("put-right", "")])),
        Ok(Message::Complaint { what_happened: "No one called".into(), put_right: None })
    );
}
