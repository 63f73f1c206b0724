//! What a victim is told about their case on the tracking page: where the report is now, when they
//! will next hear from the force, whether they may ask for a review of a decision, and the checks
//! on what they send from the page. The server loads the facts; everything here is pure.
//!
//! Policy: the Code of Practice for Victims of Crime in England and Wales (2020), Right 6 (told of
//! a decision not to investigate, and updated as agreed) and Right 12 (complaints); the police
//! Victims' Right to Review scheme (a decision not to proceed after a suspect was identified and
//! interviewed; asked for within 3 months; acknowledged in 10 and decided in 30 working days).

use chrono::{DateTime, Days, Months, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

use crate::allocation::{Outcome, Team};
use crate::calendar::WorkingCalendar;
use crate::deadlines::DeadlineKind;
use crate::fields::Text;
use validator::{Validate, ValidationError};

use crate::wizard::{page_rules, problems_in, FieldError, Form, Frequency};

/// How long after a decision not to proceed a victim may ask for it to be reviewed.
pub const REVIEW_WINDOW_MONTHS: u32 = 3;

/// The allocation as it stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Allocation {
    pub outcome: Outcome,
    /// Decided (automatically, or confirmed by staff) rather than only proposed.
    pub settled: bool,
}

/// A decision to take no further action on an investigation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoFurtherAction {
    pub at: DateTime<Utc>,
    /// A suspect was identified and interviewed: the decision may be reviewed on request.
    pub suspect_interviewed: bool,
    /// Why, in words for the victim.
    pub reason: String,
}

/// A duty owed to the victim and whether it has been done.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Duty {
    pub kind: DeadlineKind,
    pub due: DateTime<Utc>,
    pub met: Option<DateTime<Utc>>,
}

/// Everything the tracking page's rules need about one case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseFacts {
    pub received: DateTime<Utc>,
    pub allocation: Option<Allocation>,
    pub no_further_action: Option<NoFurtherAction>,
    pub duties: Vec<Duty>,
    /// How often the victim asked to hear from the force.
    pub frequency: Frequency,
    /// When the force last gave the victim an update.
    pub last_update: Option<DateTime<Utc>>,
    /// When the victim asked for a review of the decision, if they did.
    pub review_requested: Option<DateTime<Utc>>,
}

/// Where the report is now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Stage {
    /// Sent, not yet looked at.
    Received,
    /// A member of staff is deciding what happens next.
    BeingAssessed,
    /// A team is investigating.
    WithTeam(Team),
    /// Filed: nothing to follow up for now.
    Filed { reason: String, if_new_information: String },
    /// The investigation ended with no further action.
    Closed { reason: String },
}

impl Stage {
    /// The stage in a few words, for the page's status panel.
    pub fn title(&self) -> String {
        match self {
            Stage::Received => "Received".into(),
            Stage::BeingAssessed => "Being assessed".into(),
            Stage::WithTeam(team) => format!("With {}", team.name()),
            Stage::Filed { .. } => "Filed".into(),
            Stage::Closed { .. } => "Investigation ended".into(),
        }
    }

    /// What the stage means, in plain words.
    pub fn explanation(&self) -> String {
        match self {
            Stage::Received => "We have your report. A member of staff will look at it soon.".into(),
            Stage::BeingAssessed => {
                "A member of staff is looking at your report to decide what happens next and who will deal with it."
                    .into()
            }
            Stage::WithTeam(team) => {
                let mut name = team.name().to_string();
                if let Some(first) = name.get_mut(0..1) {
                    first.make_ascii_uppercase();
                }
                format!(
                    "{name} is dealing with your report. They will contact you in the way you agreed with us."
                )
            }
            Stage::Filed { reason, if_new_information } => format!("{reason} {if_new_information}"),
            Stage::Closed { reason } => reason.clone(),
        }
    }

    /// The team the victim can contact about the report, if one has it.
    pub fn team(&self) -> Option<Team> {
        match self {
            Stage::WithTeam(team) => Some(*team),
            _ => None,
        }
    }
}

/// Where the report is now.
pub fn stage(facts: &CaseFacts) -> Stage {
    if let Some(nfa) = &facts.no_further_action {
        return Stage::Closed { reason: nfa.reason.clone() };
    }
    match &facts.allocation {
        None => Stage::Received,
        Some(Allocation { settled: false, .. }) => Stage::BeingAssessed,
        Some(Allocation { outcome: Outcome::Investigate { team }, .. }) => Stage::WithTeam(*team),
        Some(Allocation {
            outcome: Outcome::FiledAtSource { victim_reason, if_new_information }, ..
        }) => Stage::Filed { reason: victim_reason.clone(), if_new_information: if_new_information.clone() },
    }
}

/// When the victim will next hear from the force, and about what.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NextUpdate {
    /// The latest time it is owed.
    pub due: DateTime<Utc>,
    /// What the victim will hear, e.g. "whether we will investigate".
    pub about: String,
    /// It is already late.
    pub late: bool,
}

/// What a duty means to the victim, or `None` for duties the victim is not waiting on (recording
/// the crime, referrals) or that no longer apply at this stage.
fn victim_waits_for(kind: DeadlineKind, stage: &Stage) -> Option<&'static str> {
    match kind {
        DeadlineKind::DecisionExplained => match stage {
            Stage::Received | Stage::BeingAssessed => Some("whether we will investigate your report"),
            Stage::Filed { .. } => Some("why we have filed your report"),
            Stage::WithTeam(_) | Stage::Closed { .. } => None,
        },
        DeadlineKind::FirstUpdate => match stage {
            Stage::Received | Stage::BeingAssessed | Stage::WithTeam(_) => Some("an update on your report"),
            Stage::Filed { .. } | Stage::Closed { .. } => None,
        },
        DeadlineKind::UpdateRequested => Some("an answer to your request for an update"),
        DeadlineKind::VrrAcknowledge => Some("confirmation that we have your request for a review"),
        DeadlineKind::VrrDecide => Some("the result of the review"),
        DeadlineKind::Record | DeadlineKind::Referral(_) => None,
    }
}

const END_OF_DAY: NaiveTime = match NaiveTime::from_hms_opt(23, 59, 59) {
    Some(time) => time,
    None => NaiveTime::MIN,
};

/// The next thing the victim is owed: the earliest duty still open, or, once those are done and
/// the case is open, the next regular update at the frequency they asked for. `None` when nothing
/// is owed (a filed or closed case, or "only when there is news" with no open duty).
pub fn next_update(
    facts: &CaseFacts,
    now: DateTime<Utc>,
    regular_days: u32,
    calendar: &WorkingCalendar,
) -> Option<NextUpdate> {
    let stage = stage(facts);
    let owed = facts
        .duties
        .iter()
        .filter(|d| d.met.is_none())
        .filter_map(|d| victim_waits_for(d.kind, &stage).map(|about| (d.due, about)))
        .min_by_key(|(due, _)| *due);
    if let Some((due, about)) = owed {
        return Some(NextUpdate { due, about: about.into(), late: due < now });
    }
    let open = matches!(stage, Stage::Received | Stage::BeingAssessed | Stage::WithTeam(_));
    if !open || facts.frequency == Frequency::WhenNews {
        return None;
    }
    let since = facts.last_update.unwrap_or(facts.received).date_naive();
    let date = since.checked_add_days(Days::new(regular_days.into())).unwrap_or(NaiveDate::MAX);
    let due = calendar.next_working_day_on_or_after(date).and_time(END_OF_DAY).and_utc();
    Some(NextUpdate { due, about: "an update on your report".into(), late: due < now })
}

/// Whether the victim may ask for a review of a decision (the Victims' Right to Review).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Review {
    /// No decision that can be reviewed.
    NotAvailable,
    /// They may ask until the end of `until`.
    MayAsk { until: NaiveDate },
    /// They asked; the force must acknowledge and decide by these times.
    Asked { at: DateTime<Utc>, acknowledge_by: Option<DateTime<Utc>>, decide_by: Option<DateTime<Utc>> },
    /// The time to ask has passed.
    TooLate { ended: NaiveDate },
}

/// Whether a review may be asked for on `today`.
pub fn review(facts: &CaseFacts, today: NaiveDate) -> Review {
    let due = |kind| facts.duties.iter().find(|d| d.kind == kind).map(|d| d.due);
    if let Some(at) = facts.review_requested {
        return Review::Asked {
            at,
            acknowledge_by: due(DeadlineKind::VrrAcknowledge),
            decide_by: due(DeadlineKind::VrrDecide),
        };
    }
    match &facts.no_further_action {
        Some(nfa) if nfa.suspect_interviewed => {
            let decided = nfa.at.date_naive();
            let until =
                decided.checked_add_months(Months::new(REVIEW_WINDOW_MONTHS)).unwrap_or(NaiveDate::MAX);
            if today <= until {
                Review::MayAsk { until }
            } else {
                Review::TooLate { ended: until }
            }
        }
        _ => Review::NotAvailable,
    }
}

/// A length of time in words for a victim: "1 hour", "2 hours", "90 minutes".
pub fn minutes_in_words(minutes: u32) -> String {
    match minutes {
        m if m % 60 == 0 => format!("{} hour{}", m / 60, if m == 60 { "" } else { "s" }),
        1 => "1 minute".into(),
        m => format!("{m} minutes"),
    }
}

/// Something a victim sends from the tracking page, checked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Message {
    /// New information about the crime.
    Information { details: String },
    /// A request for an update, with an optional question.
    UpdateRequest { question: Option<String> },
    /// A request to review a decision not to proceed.
    Review { reasons: String },
    /// A complaint about the service.
    Complaint { what_happened: String, put_right: Option<String> },
}

const INFORMATION: Text =
    long_text("The information", Some("Enter the information you want to add to your report"));
const QUESTION: Text = Text { name: "Your question", required: None, max_chars: 1000 };
const REASONS: Text =
    long_text("Why you want a review", Some("Tell us why you think the decision should be looked at again"));
const WHAT_WENT_WRONG: Text = long_text("What went wrong", Some("Tell us what went wrong"));
const PUT_RIGHT: Text = Text { name: "What would put it right", required: None, max_chars: 2000 };

const fn long_text(name: &'static str, required: Option<&'static str>) -> Text {
    Text { name, required, max_chars: 5000 }
}

/// The answers of one of the tracking page's forms, as typed, with their rules.
#[derive(Validate)]
struct MessageAnswers {
    #[validate(custom(function = details_text))]
    details: Option<String>,
    #[validate(custom(function = question_text))]
    question: Option<String>,
    #[validate(custom(function = reasons_text))]
    reasons: Option<String>,
    #[validate(custom(function = what_happened_text))]
    what_happened: Option<String>,
    #[validate(custom(function = put_right_text))]
    put_right: Option<String>,
}

fn details_text(value: &str) -> Result<(), ValidationError> {
    page_rules::text(value, INFORMATION)
}

fn question_text(value: &str) -> Result<(), ValidationError> {
    page_rules::text(value, QUESTION)
}

fn reasons_text(value: &str) -> Result<(), ValidationError> {
    page_rules::text(value, REASONS)
}

fn what_happened_text(value: &str) -> Result<(), ValidationError> {
    page_rules::text(value, WHAT_WENT_WRONG)
}

fn put_right_text(value: &str) -> Result<(), ValidationError> {
    page_rules::text(value, PUT_RIGHT)
}

impl MessageAnswers {
    /// The fields `names` of `form`, as typed; the others are not asked.
    fn from_form(form: &Form, names: &[&str]) -> Self {
        let value = |name: &str| names.contains(&name).then(|| form.value(name).to_string());
        Self {
            details: value("details"),
            question: value("question"),
            reasons: value("reasons"),
            what_happened: value("what-happened"),
            put_right: value("put-right"),
        }
    }
}

/// Checks the fields `names` of `form` (in the order the form asks them), then makes the
/// message from the answers that passed.
fn check_message(
    form: &Form,
    names: &[&str],
    make: impl FnOnce(&dyn Fn(&str, Text) -> Option<String>) -> Message,
) -> Result<Message, Vec<FieldError>> {
    let answers = MessageAnswers::from_form(form, names);
    problems_in(names.iter().map(|n| n.to_string()).collect(), answers.validate())?;
    Ok(make(&|name, rule| page_rules::text_value(form.value(name), rule)))
}

/// Checks "Add information".
pub fn check_information(form: &Form) -> Result<Message, Vec<FieldError>> {
    check_message(form, &["details"], |text| Message::Information {
        details: text("details", INFORMATION).unwrap_or_default(),
    })
}

/// Checks "Ask for an update".
pub fn check_update_request(form: &Form) -> Result<Message, Vec<FieldError>> {
    check_message(form, &["question"], |text| Message::UpdateRequest { question: text("question", QUESTION) })
}

/// Checks "Ask for a review".
pub fn check_review(form: &Form) -> Result<Message, Vec<FieldError>> {
    check_message(form, &["reasons"], |text| Message::Review {
        reasons: text("reasons", REASONS).unwrap_or_default(),
    })
}

/// Checks "Make a complaint".
pub fn check_complaint(form: &Form) -> Result<Message, Vec<FieldError>> {
    check_message(form, &["what-happened", "put-right"], |text| Message::Complaint {
        what_happened: text("what-happened", WHAT_WENT_WRONG).unwrap_or_default(),
        put_right: text("put-right", PUT_RIGHT),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deadlines::{update_requested, vrr_deadlines, Periods};

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
            allocation: Some(Allocation {
                outcome: Outcome::Investigate { team: Team::Iit },
                settled: false,
            }),
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
        facts.no_further_action = Some(NoFurtherAction {
            at: at(2026, 11, 20, 9),
            suspect_interviewed,
            reason: "No evidence.".into(),
        });
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
        assert!(stage(&investigated(Team::Iit))
            .explanation()
            .starts_with("The Initial Investigation Team is"));
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
            Review::Asked {
                at: when,
                acknowledge_by: Some(eod(2027, 1, 5)),
                decide_by: Some(eod(2027, 2, 2))
            }
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
}
