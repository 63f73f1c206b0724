//! Lines of enquiry (solvability factors): what in a report gives an investigator something to
//! follow up. Policy: the force's Investigation Model — a report with no viable line of enquiry
//! may be filed at source; the factors are those commonly used by forces in England and Wales.

use serde::{Deserialize, Serialize};

use crate::wizard::{Report, YesNoUnsure};

/// A viable line of enquiry found in a report, with why it counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Line {
    SuspectNamed,
    SuspectDescribed,
    VehicleRegistration,
    Footage,
    Witnesses,
    ForensicTraces,
    IdentifiableProperty,
    DeviceTracking,
}

impl Line {
    /// Why this line counts, for staff.
    pub fn why(self) -> &'static str {
        match self {
            Line::SuspectNamed => "a suspect is named, so they can be traced and interviewed",
            Line::SuspectDescribed => "the suspect is described, which can be matched to other reports, footage or local knowledge",
            Line::VehicleRegistration => "a vehicle registration can be checked against police and DVLA records and ANPR",
            Line::Footage => "CCTV, doorbell, dashcam or phone footage may identify the suspect or their route",
            Line::Witnesses => "witnesses can give statements and may identify the suspect",
            Line::ForensicTraces => "the suspect touched or left something that may hold fingerprints or DNA",
            Line::IdentifiableProperty => "the stolen property has a serial number, IMEI or frame number that can be circulated and traced",
            Line::DeviceTracking => "the victim can see where a stolen device is, which may lead to the property and the suspect",
        }
    }
}

/// The viable lines of enquiry in `report`, in a fixed order.
pub fn lines_of_enquiry(report: &Report) -> Vec<Line> {
    let mut lines = Vec::new();
    let s = &report.suspect;
    if s.seen == YesNoUnsure::Yes {
        if s.name.is_some() {
            lines.push(Line::SuspectNamed);
        }
        if s.description.is_some() {
            lines.push(Line::SuspectDescribed);
        }
        if s.vehicle_registration.is_some() {
            lines.push(Line::VehicleRegistration);
        }
    }
    let e = &report.evidence;
    if !e.footage.is_empty() {
        lines.push(Line::Footage);
    }
    if e.witnesses.is_some() {
        lines.push(Line::Witnesses);
    }
    if e.forensic == YesNoUnsure::Yes {
        lines.push(Line::ForensicTraces);
    }
    if report.property.as_ref().is_some_and(|p| p.identifiers.is_some()) {
        lines.push(Line::IdentifiableProperty);
    }
    if e.device_tracking.is_some() {
        lines.push(Line::DeviceTracking);
    }
    lines
}
