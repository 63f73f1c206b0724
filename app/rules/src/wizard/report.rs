//! The typed report the answers make once every page passes its checks.

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use super::options::*;
use crate::fields;

/// Why the online service is not the right way to report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum NotSuitable {
    /// Someone is in immediate danger or the crime is happening now: call 999.
    Emergency,
    /// Fraud goes to the national fraud reporting service.
    Fraud,
    /// A crime this force does not take online.
    NotOnline,
    /// A child under 16 reporting alone: involve a trusted adult.
    UnderSixteen,
}

/// The answers to the suitability questions when the service is right.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suitability {
    pub crime_type: CrimeType,
    pub reporting_for: ReportingFor,
}

/// When it happened.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum When {
    On { date: NaiveDate, time: Option<NaiveTime> },
    Between { from: NaiveDate, to: NaiveDate },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WhatHappened {
    pub when: When,
    pub location: String,
    pub postcode: Option<String>,
    pub description: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Property {
    pub description: String,
    pub value_pence: Option<u64>,
    pub identifiers: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suspect {
    pub seen: YesNoUnsure,
    pub description: Option<String>,
    pub name: Option<String>,
    pub vehicle_registration: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    pub footage: Vec<Footage>,
    pub witnesses: Option<String>,
    pub forensic: YesNoUnsure,
    pub device_tracking: Option<Option<String>>,
}

/// The victim's details.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub full_name: String,
    pub date_of_birth: NaiveDate,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub address_line_1: Option<String>,
    pub town: Option<String>,
    pub postcode: Option<String>,
    pub language: Option<String>,
    pub interpreter: bool,
    pub accessibility_needs: Option<String>,
}

/// Someone reporting on the victim's behalf; the force contacts them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reporter {
    pub full_name: String,
    pub relationship: String,
    pub email: Option<String>,
    pub phone: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct People {
    pub victim: Person,
    pub reporter: Option<Reporter>,
}

impl People {
    /// The email, phone and postal address the force will use.
    pub fn contact_email(&self) -> Option<&str> {
        match &self.reporter {
            Some(r) => r.email.as_deref(),
            None => self.victim.email.as_deref(),
        }
    }
    pub fn contact_phone(&self) -> Option<&str> {
        match &self.reporter {
            Some(r) => r.phone.as_deref(),
            None => self.victim.phone.as_deref(),
        }
    }
    pub fn has_postal_address(&self) -> bool {
        self.reporter.is_none() && self.victim.address_line_1.is_some() && self.victim.postcode.is_some()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Needs {
    pub circumstances: Vec<Circumstance>,
    pub support: Vec<SupportNeed>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RightsGiven {
    pub vps: VpsChoice,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactPlan {
    /// Each chosen way of contact and whether it is safe to use.
    pub channels: Vec<(Channel, bool)>,
    pub frequency: Frequency,
    pub safe_times: Option<String>,
}

/// A complete report, every answer checked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub suitability: Suitability,
    pub what_happened: WhatHappened,
    pub property: Option<Property>,
    pub suspect: Suspect,
    pub evidence: Evidence,
    pub people: People,
    pub needs: Needs,
    /// One decision per agency offered.
    pub consents: Vec<(Agency, bool)>,
    pub rights: RightsGiven,
    pub contact: ContactPlan,
}

/// Why the victim is entitled to enhanced rights, from their age and the circumstances.
pub fn enhanced_reasons(people: &People, needs: &Needs, today: NaiveDate) -> Vec<EnhancedReason> {
    let under_18 = fields::age_on(people.victim.date_of_birth, today) < 18;
    let mut reasons: Vec<EnhancedReason> =
        under_18.then_some(EnhancedReason::UnderEighteen).into_iter().collect();
    reasons.extend(needs.circumstances.iter().map(|c| match c {
        Circumstance::DomesticAbuse => EnhancedReason::DomesticAbuse,
        Circumstance::Hate => EnhancedReason::Hate,
        Circumstance::Sexual => EnhancedReason::Sexual,
        Circumstance::PersistentlyTargeted => EnhancedReason::PersistentlyTargeted,
        Circumstance::Disability => EnhancedReason::Vulnerable,
        Circumstance::Intimidated => EnhancedReason::Intimidated,
    }));
    reasons
}

/// Victim Support is always offered; each other agency when the answers point to it.
pub fn agencies_for(needs: &Needs, victim_age: u32) -> Vec<Agency> {
    let mut agencies = vec![Agency::VictimSupport];
    if needs.circumstances.contains(&Circumstance::DomesticAbuse) {
        agencies.push(Agency::DomesticViolence);
    }
    if victim_age < 18 {
        agencies.push(Agency::ChildrenAndYoungPeople);
    }
    agencies.extend(needs.support.iter().map(|&n| Agency::for_need(n)));
    agencies.sort();
    agencies.dedup();
    agencies
}

impl Report {
    /// Why the victim is entitled to enhanced rights (Victims' Code 2020, "Enhanced rights"):
    /// every victim under 18, and victims of the most serious crime, persistently targeted,
    /// vulnerable or intimidated victims. Empty when the standard rights apply.
    pub fn enhanced_reasons(&self, today: NaiveDate) -> Vec<EnhancedReason> {
        enhanced_reasons(&self.people, &self.needs, today)
    }

    /// The first and last dates it may have happened.
    pub fn occurred(&self) -> (NaiveDate, NaiveDate, Option<NaiveTime>) {
        match self.what_happened.when {
            When::On { date, time } => (date, date, time),
            When::Between { from, to } => (from, to, None),
        }
    }
}
