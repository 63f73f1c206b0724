//! The report as stored in `report.details`: a JSON document with its own types and a version
//! number, so that renaming something in the rules crate's [`Report`] never makes stored rows
//! unreadable. Version 1 is the shape `rules::wizard::Report` serialised to when the column was
//! added (choices as their slugs), field for field; rows written before the version marker
//! existed decode as version 1. A new shape gets a new version and its own types here.

use chrono::{NaiveDate, NaiveTime};
use rules::wizard::{self as w, Choice, Report};
use serde::{Deserialize, Serialize};

/// The version [`StoredReport::from`] writes.
pub const CURRENT: u32 = 1;

/// Why a stored report could not be read back.
#[derive(Debug, thiserror::Error)]
pub enum DocError {
    #[error("stored report version {0} is not one this build reads")]
    UnknownVersion(u32),
    #[error("stored report does not decode: {0}")]
    Malformed(String),
}

/// Version 1 of the stored report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredReport {
    /// Absent from rows written before the marker (and the migration that adds it).
    #[serde(default = "version_1")]
    pub version: u32,
    pub suitability: Suitability,
    pub what_happened: WhatHappened,
    pub property: Option<Property>,
    pub suspect: Suspect,
    pub evidence: Evidence,
    pub people: People,
    pub needs: Needs,
    pub consents: Vec<(String, bool)>,
    pub rights: Rights,
    pub contact: Contact,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suitability {
    pub crime_type: String,
    pub reporting_for: String,
}

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
    pub seen: String,
    pub description: Option<String>,
    pub name: Option<String>,
    pub vehicle_registration: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    pub footage: Vec<String>,
    pub witnesses: Option<String>,
    pub forensic: String,
    pub device_tracking: Option<Option<String>>,
}

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

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Needs {
    pub circumstances: Vec<String>,
    pub support: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rights {
    pub vps: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub channels: Vec<(String, bool)>,
    pub frequency: String,
    pub safe_times: Option<String>,
}

fn version_1() -> u32 {
    1
}

/// Only the version, read first so that a document of another version is not decoded as this one.
#[derive(Deserialize)]
struct Probe {
    version: Option<u32>,
}

/// The text to store for `report`.
pub fn encode(report: &Report) -> String {
    serde_json::to_string(&StoredReport::from(report)).expect("serialisable")
}

/// The report stored as `text`.
pub fn decode(text: &str) -> Result<Report, DocError> {
    // Never serde's message: it can quote what the person wrote.
    let malformed = |e: serde_json::Error| {
        DocError::Malformed(format!("{:?} error at line {} column {}", e.classify(), e.line(), e.column()))
    };
    match serde_json::from_str::<Probe>(text).map_err(malformed)?.version.unwrap_or(1) {
        1 => serde_json::from_str::<StoredReport>(text).map_err(malformed)?.try_into(),
        other => Err(DocError::UnknownVersion(other)),
    }
}

fn slugs<T: Choice + SlugOf>(items: &[T]) -> Vec<String> {
    items.iter().map(|c| c.slug_of().to_string()).collect()
}

fn pairs<T: Choice + SlugOf>(items: &[(T, bool)]) -> Vec<(String, bool)> {
    items.iter().map(|(c, yes)| (c.slug_of().to_string(), *yes)).collect()
}

fn choice<T: Choice>(slug: &str) -> Result<T, DocError> {
    T::from_slug(slug)
        .ok_or_else(|| DocError::Malformed(format!("unknown choice ({} characters)", slug.len())))
}

fn choices<T: Choice>(slugs: &[String]) -> Result<Vec<T>, DocError> {
    slugs.iter().map(|s| choice(s)).collect()
}

fn choice_pairs<T: Choice>(pairs: &[(String, bool)]) -> Result<Vec<(T, bool)>, DocError> {
    pairs.iter().map(|(s, yes)| Ok((choice(s)?, *yes))).collect()
}

/// The slug of a choice, for the generic helpers above (the rules crate's `slug` is inherent).
trait SlugOf {
    fn slug_of(&self) -> &'static str;
}

macro_rules! slug_of {
    ($($t:ty),+) => { $(impl SlugOf for $t { fn slug_of(&self) -> &'static str { self.slug() } })+ };
}
slug_of!(w::Footage, w::Circumstance, w::SupportNeed, w::Agency, w::Channel);

mod convert;

#[cfg(test)]
mod tests;
