//! Between the rules crate's [`Report`] and version 1 of the stored report.

use rules::wizard::{self as w, Report};

use super::*;

impl From<&Report> for StoredReport {
    fn from(r: &Report) -> Self {
        let wh = &r.what_happened;
        StoredReport {
            version: CURRENT,
            suitability: Suitability {
                crime_type: r.suitability.crime_type.slug().into(),
                reporting_for: r.suitability.reporting_for.slug().into(),
            },
            what_happened: WhatHappened {
                when: match wh.when {
                    w::When::On { date, time } => When::On { date, time },
                    w::When::Between { from, to } => When::Between { from, to },
                },
                location: wh.location.clone(),
                postcode: wh.postcode.clone(),
                description: wh.description.clone(),
            },
            property: r.property.as_ref().map(|p| Property {
                description: p.description.clone(),
                value_pence: p.value_pence,
                identifiers: p.identifiers.clone(),
            }),
            suspect: Suspect {
                seen: r.suspect.seen.slug().into(),
                description: r.suspect.description.clone(),
                name: r.suspect.name.clone(),
                vehicle_registration: r.suspect.vehicle_registration.clone(),
            },
            evidence: Evidence {
                footage: slugs(&r.evidence.footage),
                witnesses: r.evidence.witnesses.clone(),
                forensic: r.evidence.forensic.slug().into(),
                device_tracking: r.evidence.device_tracking.clone(),
            },
            people: People::from(&r.people),
            needs: Needs { circumstances: slugs(&r.needs.circumstances), support: slugs(&r.needs.support) },
            consents: pairs(&r.consents),
            rights: Rights { vps: r.rights.vps.slug().into() },
            contact: Contact {
                channels: pairs(&r.contact.channels),
                frequency: r.contact.frequency.slug().into(),
                safe_times: r.contact.safe_times.clone(),
            },
        }
    }
}

impl TryFrom<StoredReport> for Report {
    type Error = DocError;

    fn try_from(s: StoredReport) -> Result<Self, DocError> {
        Ok(Report {
            suitability: w::Suitability {
                crime_type: choice(&s.suitability.crime_type)?,
                reporting_for: choice(&s.suitability.reporting_for)?,
            },
            what_happened: w::WhatHappened {
                when: match s.what_happened.when {
                    When::On { date, time } => w::When::On { date, time },
                    When::Between { from, to } => w::When::Between { from, to },
                },
                location: s.what_happened.location,
                postcode: s.what_happened.postcode,
                description: s.what_happened.description,
            },
            property: s.property.map(|p| w::Property {
                description: p.description,
                value_pence: p.value_pence,
                identifiers: p.identifiers,
            }),
            suspect: w::Suspect {
                seen: choice(&s.suspect.seen)?,
                description: s.suspect.description,
                name: s.suspect.name,
                vehicle_registration: s.suspect.vehicle_registration,
            },
            evidence: w::Evidence {
                footage: choices(&s.evidence.footage)?,
                witnesses: s.evidence.witnesses,
                forensic: choice(&s.evidence.forensic)?,
                device_tracking: s.evidence.device_tracking,
            },
            people: s.people.into(),
            needs: w::Needs {
                circumstances: choices(&s.needs.circumstances)?,
                support: choices(&s.needs.support)?,
            },
            consents: choice_pairs(&s.consents)?,
            rights: w::RightsGiven { vps: choice(&s.rights.vps)? },
            contact: w::ContactPlan {
                channels: choice_pairs(&s.contact.channels)?,
                frequency: choice(&s.contact.frequency)?,
                safe_times: s.contact.safe_times,
            },
        })
    }
}

impl From<&w::People> for People {
    fn from(p: &w::People) -> Self {
        let v = &p.victim;
        People {
            victim: Person {
                full_name: v.full_name.clone(),
                date_of_birth: v.date_of_birth,
                email: v.email.clone(),
                phone: v.phone.clone(),
                address_line_1: v.address_line_1.clone(),
                town: v.town.clone(),
                postcode: v.postcode.clone(),
                language: v.language.clone(),
                interpreter: v.interpreter,
                accessibility_needs: v.accessibility_needs.clone(),
            },
            reporter: p.reporter.as_ref().map(|r| Reporter {
                full_name: r.full_name.clone(),
                relationship: r.relationship.clone(),
                email: r.email.clone(),
                phone: r.phone.clone(),
            }),
        }
    }
}

impl From<People> for w::People {
    fn from(p: People) -> Self {
        let v = p.victim;
        w::People {
            victim: w::Person {
                full_name: v.full_name,
                date_of_birth: v.date_of_birth,
                email: v.email,
                phone: v.phone,
                address_line_1: v.address_line_1,
                town: v.town,
                postcode: v.postcode,
                language: v.language,
                interpreter: v.interpreter,
                accessibility_needs: v.accessibility_needs,
            },
            reporter: p.reporter.map(|r| w::Reporter {
                full_name: r.full_name,
                relationship: r.relationship,
                email: r.email,
                phone: r.phone,
            }),
        }
    }
}
