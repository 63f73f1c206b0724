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
use crate::wizard::Frequency;

mod messages;

pub use messages::*;

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

#[cfg(test)]
mod tests;
