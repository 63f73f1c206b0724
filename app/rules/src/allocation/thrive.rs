//! THRIVE+ (Threat, Harm, Risk, Investigation, Vulnerability, Engagement, plus prevention and
//! intervention): a structured judgement of each report, each factor with the evidence from the
//! victim's answers, an overall priority, and the flags that need a person now.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{lines::Line, ruleset::RuleSet};
use crate::{
    fields::age_on,
    wizard::{Circumstance, Report},
};

/// How much a factor weighs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    Low,
    Medium,
    High,
}

/// One THRIVE+ factor: its level and the answers that set it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Factor {
    pub level: Level,
    pub evidence: Vec<String>,
}

impl Factor {
    fn from(evidence: Vec<(Level, String)>) -> Self {
        let level = evidence.iter().map(|(l, _)| *l).max().unwrap_or(Level::Low);
        Factor { level, evidence: evidence.into_iter().map(|(_, e)| e).collect() }
    }
}

/// Something that needs a person to look now, whatever the allocation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Flag {
    /// The free text suggests continuing danger although the 999 screen was passed.
    PossibleContinuingDanger,
    DomesticAbuse,
    SexualOffence,
    ChildVictim,
    HateCrime,
}

/// Response grading for the report (1 immediate … 5 resolved without deployment).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Priority {
    /// Grade 2: contact within the hour.
    Priority,
    /// Grade 3: non-urgent, within 48 hours.
    NonUrgent,
    /// Grade 4: a scheduled appointment or call.
    Scheduled,
    /// Grade 5: resolved without deployment.
    NoDeployment,
}

/// The whole THRIVE+ assessment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Thrive {
    pub threat: Factor,
    pub harm: Factor,
    pub risk: Factor,
    pub investigation: Factor,
    pub vulnerability: Factor,
    pub engagement: Factor,
    pub prevention: Vec<String>,
    pub flags: Vec<Flag>,
    pub priority: Priority,
}

/// Assesses `report` (received on `today`) with `lines` of enquiry already found.
pub fn assess(report: &Report, lines: &[Line], rules: &RuleSet, today: NaiveDate) -> Thrive {
    let has = |c: Circumstance| report.needs.circumstances.contains(&c);
    let age = age_on(report.people.victim.date_of_birth, today);
    let text = report.what_happened.description.to_lowercase();
    let danger: Vec<&String> =
        rules.danger_words.iter().filter(|w| text.contains(&w.to_lowercase())).collect();

    let mut flags = Vec::new();
    let mut threat = Vec::new();
    if !danger.is_empty() {
        flags.push(Flag::PossibleContinuingDanger);
        let words = danger.iter().map(|w| format!("\u{201c}{w}\u{201d}")).collect::<Vec<_>>().join(", ");
        threat.push((Level::High, format!("what happened mentions {words}")));
    }
    if has(Circumstance::DomesticAbuse) {
        flags.push(Flag::DomesticAbuse);
        threat.push((Level::High, "the suspect is or was a partner or family member".into()));
    }
    if has(Circumstance::Intimidated) {
        threat.push((Level::Medium, "the victim feels frightened or intimidated".into()));
    }
    if has(Circumstance::Hate) {
        flags.push(Flag::HateCrime);
        threat.push((Level::Medium, "the victim believes they were targeted because of who they are".into()));
    }
    if has(Circumstance::Sexual) {
        flags.push(Flag::SexualOffence);
        threat.push((Level::High, "a sexual offence is reported".into()));
    }

    let mut harm = Vec::new();
    if let Some(value) = report.property.as_ref().and_then(|p| p.value_pence) {
        let level = if value >= rules.thresholds.high_value_pence { Level::High } else { Level::Low };
        harm.push((level, format!("property worth £{}", value / 100)));
    }
    if matches!(report.suitability.crime_type, crate::wizard::CrimeType::DamageToProperty) {
        harm.push((Level::Medium, "damage to the victim's home or property".into()));
    }

    let mut risk = Vec::new();
    if has(Circumstance::PersistentlyTargeted) {
        risk.push((Level::High, "the victim has been targeted again and again".into()));
    }
    if has(Circumstance::DomesticAbuse) {
        risk.push((Level::High, "domestic abuse often repeats and escalates".into()));
    }

    let investigation = if lines.is_empty() {
        vec![(Level::Low, "no viable line of enquiry".to_string())]
    } else {
        lines.iter().map(|l| (Level::Medium, l.why().to_string())).collect()
    };

    let mut vulnerability = Vec::new();
    if age < 18 {
        flags.push(Flag::ChildVictim);
        vulnerability.push((Level::High, format!("the victim is {age}, under 18")));
    } else if age >= rules.thresholds.older_victim_age {
        vulnerability.push((Level::Medium, format!("the victim is {age}")));
    }
    if has(Circumstance::Disability) {
        vulnerability.push((Level::Medium, "the victim has a disability or illness".into()));
    }

    let mut engagement = Vec::new();
    if report.people.victim.interpreter {
        engagement.push((Level::Medium, "the victim needs an interpreter".into()));
    }
    if report.contact.channels.iter().any(|&(_, safe)| !safe) {
        engagement.push((Level::Medium, "some ways of contacting the victim are not safe".into()));
    }

    let prevention: Vec<String> = report
        .consents
        .iter()
        .filter(|(_, yes)| *yes)
        .map(|(agency, _)| format!("referral to {}", agency.label()))
        .collect();

    let thrive = Thrive {
        threat: Factor::from(threat),
        harm: Factor::from(harm),
        risk: Factor::from(risk),
        investigation: Factor::from(investigation),
        vulnerability: Factor::from(vulnerability),
        engagement: Factor::from(engagement),
        prevention,
        flags,
        priority: Priority::Scheduled,
    };
    let priority = priority(&thrive, lines);
    Thrive { priority, ..thrive }
}

fn priority(t: &Thrive, lines: &[Line]) -> Priority {
    if t.flags.contains(&Flag::PossibleContinuingDanger) {
        Priority::Priority
    } else if [&t.threat, &t.risk, &t.vulnerability].iter().any(|f| f.level == Level::High) {
        Priority::NonUrgent
    } else if lines.is_empty() && t.flags.is_empty() {
        Priority::NoDeployment
    } else {
        Priority::Scheduled
    }
}
