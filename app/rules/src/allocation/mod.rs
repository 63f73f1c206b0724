//! Allocation under the force's Investigation Model: each report is assessed (THRIVE+), its lines
//! of enquiry found, and given one outcome — the Initial Investigation Team (IIT), CID for
//! in-depth investigation (FCID), the Public Protection Unit (PPU) for adult and child abuse, or
//! filed at source when there is nothing proportionate to follow up — with the rules that fired,
//! a rationale for staff and, for filing, a reason the victim is told. Online reports are
//! allocated exactly as if reported another way. Staff confirm or override every proposal.

pub mod lines;
pub mod ruleset;
pub mod thrive;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use lines::{lines_of_enquiry, Line};
pub use ruleset::{RuleSet, RuleSetError};
pub use thrive::{assess, Flag, Level, Priority, Thrive};

use crate::{
    fields::age_on,
    wizard::{Circumstance, Report},
};

/// A team that investigates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Team {
    /// Initial Investigation Team: most volume crime.
    Iit,
    /// CID, for in-depth investigation.
    Fcid,
    /// Public Protection Unit: adult and child abuse.
    Ppu,
}

impl Team {
    pub const ALL: [Team; 3] = [Team::Iit, Team::Fcid, Team::Ppu];

    /// The team as stored and typed by operators: `iit`, `fcid`, `ppu`.
    pub fn slug(self) -> &'static str {
        match self {
            Team::Iit => "iit",
            Team::Fcid => "fcid",
            Team::Ppu => "ppu",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.slug() == slug)
    }

    pub fn name(self) -> &'static str {
        match self {
            Team::Iit => "the Initial Investigation Team",
            Team::Fcid => "CID",
            Team::Ppu => "the Public Protection Unit",
        }
    }
}

/// The one outcome of a report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
pub enum Outcome {
    Investigate { team: Team },
    FiledAtSource { victim_reason: String, if_new_information: String },
}

/// Whether the decision stands or waits for staff.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Waits for staff to confirm or override.
    Proposed,
    /// Decided automatically (clear-cut filing, when configured).
    Decided,
}

/// A rule that applied, with its id and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fired {
    pub rule: String,
    pub because: String,
}

/// The allocation decision for one report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub ruleset_version: String,
    pub outcome: Outcome,
    pub status: Status,
    /// A person must look at it before anything else happens.
    pub review_required: bool,
    pub rules_fired: Vec<Fired>,
    /// Plain English for staff.
    pub rationale: String,
    pub lines: Vec<Line>,
    pub thrive: Thrive,
}

const FILED_REASON: &str = "We have looked carefully at your report. At the moment there is nothing we can follow up \
     that would be likely to identify the person who did it, such as a witness, camera footage or a stolen item \
     we could trace, so we have filed your report. This does not mean we do not believe you, and your report \
     helps us understand and prevent crime in your area.";
const NEW_INFORMATION: &str =
    "If you find out anything new, such as camera footage, a serial number, or someone who \
     saw what happened, call 101 and give your crime reference number. We will look at your report again.";

/// Decides the allocation of `report` under `rules`, assessed on `today`.
pub fn decide(report: &Report, rules: &RuleSet, today: NaiveDate) -> Decision {
    let lines = lines_of_enquiry(report);
    let thrive = assess(report, &lines, rules, today);
    let has = |c: Circumstance| report.needs.circumstances.contains(&c);
    let enhanced = !report.enhanced_reasons(today).is_empty();
    let mut fired = Vec::new();
    let mut fire = |rule: &str, because: String| fired.push(Fired { rule: rule.to_string(), because });

    let abuse = has(Circumstance::DomesticAbuse) || has(Circumstance::Sexual);
    let age = age_on(report.people.victim.date_of_birth, today);
    let high_value = report
        .property
        .as_ref()
        .and_then(|p| p.value_pence)
        .is_some_and(|v| v >= rules.thresholds.high_value_pence);
    let targeted_older = has(Circumstance::PersistentlyTargeted) && age >= rules.thresholds.older_victim_age;
    let review_required = abuse || age < 18 || enhanced || !thrive.flags.is_empty();

    let outcome = if abuse {
        fire("ppu-abuse", "domestic abuse or a sexual offence goes to the Public Protection Unit".into());
        Outcome::Investigate { team: Team::Ppu }
    } else if targeted_older || high_value || has(Circumstance::PersistentlyTargeted) {
        if targeted_older {
            fire(
                "fcid-targeted-older",
                format!("an older victim ({age}) targeted again and again needs in-depth investigation"),
            );
        } else if has(Circumstance::PersistentlyTargeted) {
            fire(
                "fcid-targeted",
                "a victim targeted again and again may be part of a series needing in-depth investigation"
                    .into(),
            );
        }
        if high_value {
            fire(
                "fcid-high-value",
                format!("property worth £{} or more", rules.thresholds.high_value_pence / 100),
            );
        }
        Outcome::Investigate { team: Team::Fcid }
    } else if lines.is_empty() && !review_required {
        fire("file-no-lines", "no viable line of enquiry and no reason to investigate further".into());
        Outcome::FiledAtSource {
            victim_reason: FILED_REASON.into(),
            if_new_information: NEW_INFORMATION.into(),
        }
    } else {
        let team = rules.routing.get(&report.suitability.crime_type).copied().unwrap_or(Team::Iit);
        if lines.is_empty() {
            fire("no-filing-protected", "no line of enquiry, but a child victim, enhanced rights or a THRIVE+ flag means a person decides".into());
        } else {
            fire(
                "route-by-crime-type",
                format!(
                    "{} line(s) of enquiry; {} goes to {}",
                    lines.len(),
                    report.suitability.crime_type.label(),
                    team.name()
                ),
            );
        }
        Outcome::Investigate { team }
    };
    if review_required {
        fire(
            "review-required",
            "a person reviews it first: abuse, a child victim, enhanced rights or a THRIVE+ flag".into(),
        );
    }
    let status = match outcome {
        Outcome::FiledAtSource { .. } if rules.filing.automatic => Status::Decided,
        _ => Status::Proposed,
    };
    let rationale = fired.iter().map(|f| f.because.clone()).collect::<Vec<_>>().join("; ");
    Decision {
        ruleset_version: rules.version.clone(),
        outcome,
        status,
        review_required,
        rules_fired: fired,
        rationale,
        lines,
        thrive,
    }
}

#[cfg(test)]
mod scenarios;
